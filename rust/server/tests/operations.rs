//! Every operation on every wire format against the real server, and the shared vectors (tests/vectors) through it.

mod common;
#[path = "../../edit_distance/tests/common/mod.rs"]
mod vectors;

use common::{u, Call, Server};
use edit_distance::Strategy;
use edit_distance_server::protocol::{ErrorArgument, Match, Outcome, Status, Wire};
use vectors::{cases, Json};

const STRATEGIES: [Strategy; 2] = [Strategy::Dp, Strategy::BitParallel];

fn failure(reply: edit_distance_server::Reply) -> (Status, ErrorArgument, Option<u32>, u64, u64) {
    let failure = reply.expect_err("an error reply");
    (failure.status, failure.argument, failure.item, failure.position, failure.code_point)
}

fn every_operation(server: &Server, wire: Wire) {
    let mut client = server.connect(wire);
    assert_eq!(client.call(&Call::ping()), Ok(Outcome::Done));
    for strategy in STRATEGIES {
        assert_eq!(client.call(&Call::distance(strategy, &u("kitten"), &u("sitting"), None)), Ok(Outcome::Distance(3)));
        assert_eq!(client.call(&Call::distance(strategy, &u("kitten"), &u("sitting"), Some(1))), Ok(Outcome::Distance(2)));
        assert_eq!(client.call(&Call::distance(strategy, &u("😀日本"), &u(""), None)), Ok(Outcome::Distance(3)));
        let pairs = [(u("flaw"), u("lawn")), (u(""), u("")), (u("é"), u("e"))];
        assert_eq!(client.call(&Call::batch(strategy, None, &pairs)), Ok(Outcome::Distances(vec![2, 0, 1])));
        assert_eq!(client.call(&Call::batch(strategy, Some(0), &pairs)), Ok(Outcome::Distances(vec![1, 0, 1])));
        assert_eq!(client.call(&Call::batch(strategy, None, &[])), Ok(Outcome::Distances(vec![])));
    }

    let entries = [u("kitten"), u("sitting"), u("mitten"), u("😀itten")];
    let Ok(Outcome::Corpus { corpus, count: 4 }) = client.call(&Call::corpus_create(&entries)) else {
        panic!("corpus_create over {}", wire.name())
    };
    let Ok(Outcome::Corpus { corpus: other, count: 0 }) = client.call(&Call::corpus_create(&[])) else {
        panic!("an empty corpus over {}", wire.name())
    };
    assert_ne!(corpus, other);
    let best = vec![Match { index: 0, distance: 1 }, Match { index: 2, distance: 1 }];
    for strategy in STRATEGIES {
        for threads in [1, 4] {
            let call = Call::corpus_nearest(corpus, strategy, &u("itten"), 2, None, threads);
            assert_eq!(client.call(&call), Ok(Outcome::Matches(best.clone())), "{strategy:?} {threads}");
        }
        let call = Call::corpus_nearest(corpus, strategy, &u("xyz"), 10, Some(1), 1);
        assert_eq!(client.call(&call), Ok(Outcome::Matches(vec![])));
        let call = Call::nearest(strategy, &u("itten"), 2, None, &entries);
        assert_eq!(client.call(&call), Ok(Outcome::Matches(best.clone())));
        let call = Call::nearest(strategy, &u("q"), 3, None, &[]);
        assert_eq!(client.call(&call), Ok(Outcome::Matches(vec![])));
    }
    // Zero threads is the C ABI's invalid_argument; the connection goes on.
    let reply = client.call(&Call::corpus_nearest(corpus, Strategy::Dp, &u("a"), 1, None, 0));
    assert_eq!(failure(reply), (Status::InvalidArgument, ErrorArgument::Threads, None, 0, 0));
    assert_eq!(client.call(&Call::simple(edit_distance_server::Request::CorpusFree { corpus })), Ok(Outcome::Done));
    let reply = client.call(&Call::corpus_nearest(corpus, Strategy::Dp, &u("a"), 1, None, 1));
    assert_eq!(failure(reply), (Status::UnknownCorpus, ErrorArgument::Corpus, None, 0, 0));
    let reply = client.call(&Call::simple(edit_distance_server::Request::CorpusFree { corpus }));
    assert_eq!(failure(reply).0, Status::UnknownCorpus);

    // A corpus belongs to its connection: another one cannot see it.
    let mut stranger = server.connect(wire);
    let reply = stranger.call(&Call::corpus_nearest(other, Strategy::Dp, &u("a"), 1, None, 1));
    assert_eq!(failure(reply).0, Status::UnknownCorpus);
    assert!(matches!(client.call(&Call::corpus_nearest(other, Strategy::Dp, &u("a"), 1, None, 1)), Ok(Outcome::Matches(_))));
}

#[test]
fn every_operation_on_every_wire_format() {
    let server = Server::start(&[]);
    for wire in Wire::ALL {
        every_operation(&server, wire);
    }
}

#[test]
fn every_operation_over_loopback_tcp() {
    let server = Server::start_tcp(&[]);
    assert!(server.address.starts_with("tcp:127.0.0.1:"), "{}", server.address);
    for wire in Wire::ALL {
        every_operation(&server, wire);
    }
}

#[test]
fn the_readme_json_lines_come_back_as_written() {
    let server = Server::start(&[]);
    let mut stream = server.raw();
    let exchange = [
        (r#"{"op":"ping"}"#, r#"{"ok":true}"#),
        (r#"{"op":"distance","strategy":"bitparallel","a":"kitten","b":"sitting","max_distance":null}"#, r#"{"ok":true,"distance":3}"#),
        (r#"{"op":"distance_batch","strategy":"dp","max_distance":1,"pairs":[["a","b"],["abc","xyz"]]}"#, r#"{"ok":true,"distances":[1,2]}"#),
        (r#"{"op":"corpus_create","entries":["kitten","sitting","mitten"]}"#, r#"{"ok":true,"corpus":1,"count":3}"#),
        (r#"{"op":"corpus_nearest","corpus":1,"strategy":"dp","query":"kitten","k":2,"max_distance":null,"threads":1}"#, r#"{"ok":true,"matches":[[0,0],[2,1]]}"#),
        (r#"{"op":"corpus_free","corpus":1}"#, r#"{"ok":true}"#),
        (r#"{"op":"nearest","strategy":"bitparallel","query":"kitten","k":1,"entries":["sitting","kitten"]}"#, r#"{"ok":true,"matches":[[1,0]]}"#),
        (
            r#"{"op":"distance","strategy":"dp","a":"\ud83d\ude00x\ud800","b":"x"}"#,
            r#"{"ok":false,"error":"invalid_utf16","argument":"a","item":null,"position":3,"code_point":2,"message":"a is not valid UTF-16: lone surrogate at index 3"}"#,
        ),
    ];
    use std::io::{BufRead, BufReader, Write};
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    // All requests in one write: the server answers pipelined requests in order.
    let requests: String = exchange.iter().map(|(request, _)| format!("{request}\n")).collect();
    stream.write_all(requests.as_bytes()).unwrap();
    for (request, expected) in exchange {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert_eq!(line, format!("{expected}\n"), "{request}");
    }
}

#[test]
fn distance_and_bounded_vectors_on_every_wire_format() {
    let server = Server::start(&[]);
    let distance = cases("distance.json");
    let bounded = cases("bounded.json");
    for wire in Wire::ALL {
        let mut client = server.connect(wire);
        for strategy in STRATEGIES {
            // One batch per file and strategy, and every case of distance.json as a call of its own over one format.
            let pairs: Vec<_> = distance.iter().map(|case| (case.get("a").utf16().unwrap(), case.get("b").utf16().unwrap())).collect();
            let expected: Vec<u32> = distance.iter().map(|case| case.get("distance").number() as u32).collect();
            assert_eq!(client.call(&Call::batch(strategy, None, &pairs)), Ok(Outcome::Distances(expected.clone())), "{}", wire.name());
            if wire == Wire::Binary {
                for ((a, b), expected) in pairs.iter().zip(&expected) {
                    assert_eq!(client.call(&Call::distance(strategy, a, b, None)), Ok(Outcome::Distance(*expected)));
                }
            }
            for case in &bounded {
                let (a, b) = (case.get("a").utf16().unwrap(), case.get("b").utf16().unwrap());
                let max = case.get("max_distance").number() as u32;
                let expected = case.get("expected").number() as u32;
                let reply = client.call(&Call::distance(strategy, &a, &b, Some(max)));
                assert_eq!(reply, Ok(Outcome::Distance(expected)), "{} over {}", case.get("name").text(), wire.name());
            }
        }
    }
}

#[test]
fn nearest_vectors_on_every_wire_format() {
    let server = Server::start(&[]);
    for wire in Wire::ALL {
        let mut client = server.connect(wire);
        for case in cases("nearest.json") {
            let name = case.get("name").text();
            let query = case.get("query").utf16().unwrap();
            let entries: Vec<Vec<u16>> = case.get("corpus").array().iter().map(|e| e.utf16().unwrap()).collect();
            let k = case.get("k").number() as u32;
            let max = (!case.get("max_distance").is_null()).then(|| case.get("max_distance").number() as u32);
            let expected: Vec<Match> = case
                .get("expected")
                .array()
                .iter()
                .map(|m| Match { index: m.get("index").number() as u32, distance: m.get("distance").number() as u32 })
                .collect();
            let Ok(Outcome::Corpus { corpus, .. }) = client.call(&Call::corpus_create(&entries)) else { panic!("{name}") };
            for strategy in STRATEGIES {
                let reply = client.call(&Call::corpus_nearest(corpus, strategy, &query, k, max, 2));
                assert_eq!(reply, Ok(Outcome::Matches(expected.clone())), "{name} over {}", wire.name());
                let reply = client.call(&Call::nearest(strategy, &query, k, max, &entries));
                assert_eq!(reply, Ok(Outcome::Matches(expected.clone())), "{name} over {}", wire.name());
            }
            assert_eq!(client.call(&Call::simple(edit_distance_server::Request::CorpusFree { corpus })), Ok(Outcome::Done));
        }
    }
}

/// Whether an argument of an errors.json case is one the wire can carry: a null string and a negative count
/// cannot be expressed, and the clients refuse them in their own language before sending.
fn expressible(value: &Json) -> bool {
    match value {
        Json::Null => false,
        Json::Number(n) => *n >= 0,
        Json::Array(items) => items.iter().all(|item| !item.is_null()),
        _ => true,
    }
}

#[test]
fn error_vectors_through_utf16_binary_and_json() {
    let server = Server::start(&[]);
    let mut checked = 0;
    for wire in [Wire::Binary, Wire::Json] {
        let mut client = server.connect(wire);
        for case in cases("errors.json") {
            let name = case.get("name").text();
            let Json::Object(fields) = &case else { unreachable!() };
            if ["a", "b", "query", "corpus", "k", "max_distance"].iter().any(|f| fields.get(*f).is_some_and(|v| !expressible(v))) {
                continue;
            }
            assert_eq!(case.get("error").text(), "invalid_string", "{name}: only lone surrogates remain");
            let max = fields.get("max_distance").map(|m| m.number() as u32);
            let replies = if case.get("call").text() == "distance" {
                let (a, b) = (case.get("a").utf16().unwrap(), case.get("b").utf16().unwrap());
                let mut replies = vec![];
                for strategy in STRATEGIES {
                    replies.push(client.call(&Call::distance(strategy, &a, &b, max)));
                    // The same strings as a batch: the error names the pair (here the second), and the message the side.
                    let pairs = [(u("ok"), u("ok")), (a.clone(), b.clone())];
                    let reply = client.call(&Call::batch(strategy, max, &pairs));
                    let batch = reply.clone().expect_err("an error reply");
                    assert_eq!((batch.argument, batch.item), (ErrorArgument::Pairs, Some(1)), "{name}");
                    assert!(batch.message.starts_with(&format!("pair 1: {} ", case.get("argument").text())), "{name}: {}", batch.message);
                }
                replies
            } else {
                let query = case.get("query").utf16().unwrap();
                let entries: Vec<Vec<u16>> = case.get("corpus").array().iter().map(|e| e.utf16().unwrap()).collect();
                let k = case.get("k").number() as u32;
                let mut replies = vec![];
                for strategy in STRATEGIES {
                    replies.push(client.call(&Call::nearest(strategy, &query, k, max, &entries)));
                }
                // corpus_create reports an entry's mistake; corpus_nearest the query's.
                if case.get("argument").text() == "corpus" {
                    replies.push(client.call(&Call::corpus_create(&entries)));
                } else {
                    let Ok(Outcome::Corpus { corpus, .. }) = client.call(&Call::corpus_create(&entries)) else { panic!("{name}") };
                    replies.push(client.call(&Call::corpus_nearest(corpus, Strategy::Dp, &query, k, max, 1)));
                }
                replies
            };
            let argument = ErrorArgument::from_name(case.get("argument").text().as_bytes()).unwrap();
            let item = fields.get("item").map(|i| i.number() as u32);
            let position = case.get("position_utf16").number() as u64;
            let code_point = case.get("position_code_point").number() as u64;
            for reply in replies {
                assert_eq!(failure(reply), (Status::InvalidUtf16, argument, item, position, code_point), "{name} over {}", wire.name());
                checked += 1;
            }
        }
    }
    // Per format: five distance cases by two strategies, two nearest cases by two strategies and one corpus call.
    assert!(checked >= 2 * (5 * 2 + 2 * 3), "every lone-surrogate case was checked ({checked})");
}

#[test]
fn invalid_utf8_is_reported_with_its_byte_offset_on_a_utf8_connection() {
    let server = Server::start(&[]);
    let mut client = server.connect(Wire::BinaryUtf8);
    // distance: a valid, b = "ab" + a truncated 3-byte sequence.
    let mut payload = vec![1, 0, 0xFF, 0xFF, 0xFF, 0xFF];
    for string in [&b"x"[..], &b"ab\xE2\x82"[..]] {
        payload.extend_from_slice(&(string.len() as u32).to_le_bytes());
        payload.extend_from_slice(string);
    }
    let frame = [&(payload.len() as u32).to_le_bytes()[..], &payload].concat();
    client.send(&frame).unwrap();
    let reply = client.reply(edit_distance_server::Operation::Distance).unwrap();
    assert_eq!(failure(reply), (Status::InvalidUtf8, ErrorArgument::B, None, 2, 2));
    // corpus_create: entry 1 starts with a continuation byte.
    let mut payload = vec![3, 2, 0, 0, 0];
    for string in [&b"fine"[..], &b"\x80"[..]] {
        payload.extend_from_slice(&(string.len() as u32).to_le_bytes());
        payload.extend_from_slice(string);
    }
    client.send(&[&(payload.len() as u32).to_le_bytes()[..], &payload].concat()).unwrap();
    let reply = client.reply(edit_distance_server::Operation::CorpusCreate).unwrap();
    assert_eq!(failure(reply), (Status::InvalidUtf8, ErrorArgument::Corpus, Some(1), 0, 0));
    // The connection goes on.
    assert_eq!(client.call(&Call::distance(Strategy::Dp, &u("日本"), &u("日"), None)), Ok(Outcome::Distance(1)));
}
