//! Bad frames and clients that misbehave: each costs its own connection at most, never the server.

mod common;

use std::io::Write;

use common::{read_to_close, u, Call, Server};
use edit_distance::Strategy;
use edit_distance_server::protocol::{ErrorArgument, Operation, Outcome, Status, Wire, PREAMBLE_UTF16};

/// A server on each kind of socket this system has: misbehaving clients meet different socket semantics on each
/// (a TCP socket closed with unread input sends a reset, a Unix socket does not).
fn servers(extra: &[&str]) -> Vec<Server> {
    let mut servers = vec![Server::start_tcp(extra)];
    if cfg!(unix) {
        servers.push(Server::start(extra));
    }
    servers
}

/// The server still answers a new client.
fn still_serving(server: &Server) {
    for wire in Wire::ALL {
        let mut client = server.connect(wire);
        assert_eq!(client.call(&Call::distance(Strategy::BitParallel, &u("kitten"), &u("sitting"), None)), Ok(Outcome::Distance(3)));
    }
}

#[test]
fn an_unknown_preamble_closes_the_connection_at_once() {
    for server in servers(&[]) {
        let server = &server;
        for garbage in [&b"GET / HTTP/1.1\r\n\r\n"[..], b"ED\x02\x10", b"ED\x01\x20", b"\x00\x00\x00\x05", b" {\"op\":\"ping\"}\n"] {
            let mut stream = server.raw();
            stream.write_all(garbage).unwrap();
            assert_eq!(read_to_close(&mut stream), b"", "{garbage:?}: closed without a reply");
        }
        still_serving(server);
    }
}

#[test]
fn a_malformed_frame_is_answered_and_the_connection_goes_on() {
    for server in servers(&[]) {
        let server = &server;
        for wire in [Wire::Binary, Wire::BinaryUtf8] {
            let mut client = server.connect(wire);
            let frames: [(&[u8], Status, ErrorArgument); 6] = [
                (&[0, 0, 0, 0], Status::MalformedRequest, ErrorArgument::Request),
                (&[3, 0, 0, 0, 9, 2, 3], Status::UnknownOperation, ErrorArgument::Request),
                (&[2, 0, 0, 0, 0, 0], Status::MalformedRequest, ErrorArgument::Request),
                (&[6, 0, 0, 0, 1, 9, 0, 0, 0, 0], Status::MalformedRequest, ErrorArgument::Strategy),
                // A batch claiming 2^32 - 1 pairs in a 14-byte payload.
                (&[14, 0, 0, 0, 2, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0], Status::MalformedRequest, ErrorArgument::Request),
                // corpus_create claiming 2^32 - 1 entries.
                (&[5, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF], Status::MalformedRequest, ErrorArgument::Request),
            ];
            for (frame, status, argument) in frames {
                client.send(frame).unwrap();
                let failure = client.reply(Operation::Ping).unwrap().expect_err("an error reply");
                assert_eq!((failure.status, failure.argument), (status, argument), "{frame:?}: {}", failure.message);
                assert_eq!(client.call(&Call::ping()), Ok(Outcome::Done), "{frame:?}: the connection is still usable");
            }
        }
        let mut client = server.connect(Wire::Json);
        // The first line must open with `{`, which is what makes the connection a JSON one.
        assert_eq!(client.call(&Call::ping()), Ok(Outcome::Done));
        let lines: [&[u8]; 7] =
            [b"garbage", b"", b"{\"op\":\"distance\"}", b"{\"op\":\"teleport\"}", b"[1,2]", b"{\"op\":\"ping\"} trailing", b"{\"op\":\"ping\xFF\"}"];
        for line in lines {
            client.send(&[line, b"\n"].concat()).unwrap();
            let line = String::from_utf8_lossy(line);
            let failure = client.reply(Operation::Ping).unwrap().expect_err("an error reply");
            assert!(
                matches!(failure.status, Status::MalformedRequest | Status::UnknownOperation | Status::InvalidUtf8),
                "{line}: {failure:?}"
            );
            assert_eq!(client.call(&Call::ping()), Ok(Outcome::Done), "{line}: the connection is still usable");
        }
        still_serving(server);
    }
}

#[test]
fn an_oversized_frame_is_answered_then_closed() {
    for server in servers(&["--max-frame", "1000"]) {
        let server = &server;
        // At the limit: served. A distance payload is 14 bytes besides the strings' units.
        let mut client = server.connect(Wire::Binary);
        let long = vec![u16::from(b'a'); (1000 - 14) / 2];
        let call = Call::distance(Strategy::Dp, &long, &[], None);
        assert_eq!(client.encode(&call).len(), 4 + 1000);
        assert_eq!(client.call(&call), Ok(Outcome::Distance(long.len() as u32)));
        // One byte over, and a length claiming 4 GiB: the length alone decides, nothing more is read.
        for claimed in [1001u32, u32::MAX] {
            let mut client = server.connect(Wire::Binary);
            client.send(&claimed.to_le_bytes()).unwrap();
            client.send(&[0; 64]).unwrap();
            let failure = client.reply(Operation::Ping).unwrap().expect_err("an error reply");
            assert_eq!((failure.status, failure.argument), (Status::FrameTooLarge, ErrorArgument::Request));
            assert!(failure.message.contains("1000"), "{}", failure.message);
            assert_eq!(client.read_to_close(), b"", "closed after the reply");
        }
        // A JSON line longer than the limit, with no end in sight.
        let mut client = server.connect(Wire::Json);
        client.send(&[b'{'; 1500]).unwrap();
        let failure = client.reply(Operation::Ping).unwrap().expect_err("an error reply");
        assert_eq!(failure.status, Status::FrameTooLarge);
        assert_eq!(client.read_to_close(), b"");
        still_serving(server);
    }
}

#[test]
fn a_truncated_frame_then_a_disconnect_is_dropped_silently() {
    for server in servers(&[]) {
        let server = &server;
        for wire in Wire::ALL {
            let mut stream = server.raw();
            stream.write_all(wire.preamble()).unwrap();
            if wire == Wire::Json {
                stream.write_all(b"{\"op\":\"distance\",\"strategy\":\"dp\",\"a\":\"kit").unwrap();
            } else {
                stream.write_all(&[100, 0, 0, 0, 1, 0]).unwrap();
            }
            drop(stream);
        }
        // A preamble cut short, and a frame header cut short.
        let mut stream = server.raw();
        stream.write_all(&PREAMBLE_UTF16[..2]).unwrap();
        drop(stream);
        let mut stream = server.raw();
        stream.write_all(&PREAMBLE_UTF16).unwrap();
        stream.write_all(&[7, 0]).unwrap();
        drop(stream);
        still_serving(server);
    }
}

#[test]
fn a_client_that_leaves_mid_request_costs_only_its_connection() {
    for server in servers(&[]) {
        let server = &server;
        // Heavy enough to still be computing when the client is gone: its reply then meets a closed socket.
        let long = u(&"abcdefghij".repeat(200));
        let other = u(&"jihgfedcba".repeat(200));
        let pairs: Vec<_> = (0..40).map(|_| (long.clone(), other.clone())).collect();
        for wire in Wire::ALL {
            let mut client = server.connect(wire);
            let request = client.encode(&Call::batch(Strategy::Dp, None, &pairs));
            client.send(&request).unwrap();
            drop(client);
        }
        still_serving(server);
        // And again once those requests are surely done and their replies have failed.
        std::thread::sleep(std::time::Duration::from_millis(300));
        still_serving(server);
    }
}
