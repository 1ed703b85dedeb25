//! The server as a service: concurrent clients, the connection limit, graceful shutdown (by request and by signal)
//! with requests in flight, the socket file's life, and the command line.

mod common;

use std::process::Command;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use common::{is_timeout, u, Call, Client, Random, Server, BINARY};
use edit_distance::Strategy;
use edit_distance_server::protocol::{Match, Outcome, Request, Status, Wire};

#[test]
fn sixteen_concurrent_clients_get_their_own_right_answers() {
    let server = Server::start(&[]);
    let start = Arc::new(Barrier::new(16));
    let clients: Vec<_> = (0..16u64)
        .map(|id| {
            let address = server.address.clone();
            let start = start.clone();
            thread::spawn(move || {
                let wire = Wire::ALL[id as usize % 3];
                let mut client = Client::connect(&address, wire);
                let mut random = Random(0x9E37_79B9_7F4A_7C15 ^ (id + 1));
                start.wait();
                for round in 0..20 {
                    let strategy = if round % 2 == 0 { Strategy::Dp } else { Strategy::BitParallel };
                    let (a_len, b_len) = (random.below(40) as usize, random.below(40) as usize);
                    let (a, b) = (random.text(a_len), random.text(b_len));
                    let expected = edit_distance::distance(strategy, &a, &b, None) as u32;
                    assert_eq!(client.call(&Call::distance(strategy, &u(&a), &u(&b), None)), Ok(Outcome::Distance(expected)));
                }
                let pairs: Vec<(String, String)> = (0..50).map(|_| (random.text(12), random.text(15))).collect();
                let expected = pairs.iter().map(|(a, b)| edit_distance::distance(Strategy::Dp, a, b, Some(9)) as u32).collect();
                let wire_pairs: Vec<_> = pairs.iter().map(|(a, b)| (u(a), u(b))).collect();
                assert_eq!(client.call(&Call::batch(Strategy::BitParallel, Some(9), &wire_pairs)), Ok(Outcome::Distances(expected)));
                let entries: Vec<String> = (0..300)
                    .map(|_| {
                        let len = 3 + random.below(10) as usize;
                        random.text(len)
                    })
                    .collect();
                let wire_entries: Vec<_> = entries.iter().map(|e| u(e)).collect();
                let Ok(Outcome::Corpus { corpus, count: 300 }) = client.call(&Call::corpus_create(&wire_entries)) else {
                    panic!("corpus_create")
                };
                for _ in 0..5 {
                    let query = random.text(8);
                    let expected: Vec<Match> = edit_distance::nearest(Strategy::Dp, &query, &entries, 5, None)
                        .iter()
                        .map(|m| Match { index: m.index as u32, distance: m.distance as u32 })
                        .collect();
                    let reply = client.call(&Call::corpus_nearest(corpus, Strategy::BitParallel, &u(&query), 5, None, 2));
                    assert_eq!(reply, Ok(Outcome::Matches(expected)), "client {id} over {}", wire.name());
                }
            })
        })
        .collect();
    for client in clients {
        client.join().expect("a client thread");
    }
}

#[test]
fn connections_beyond_the_limit_wait_for_a_slot() {
    let server = Server::start(&["--max-connections", "2"]);
    let mut first = server.connect(Wire::Binary);
    let mut second = server.connect(Wire::Json);
    assert_eq!(first.call(&Call::ping()), Ok(Outcome::Done));
    assert_eq!(second.call(&Call::ping()), Ok(Outcome::Done));
    // The third connects (the listen backlog takes it) but is not served while both slots are taken...
    let mut third = server.raw();
    use std::io::{Read, Write};
    third.write_all(b"{\"op\":\"ping\"}\n").unwrap();
    third.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
    let mut reply = [0; 64];
    let waited = third.read(&mut reply).expect_err("no reply while the server is full");
    assert!(is_timeout(&waited), "{waited}");
    // ...and is as soon as one of them leaves.
    drop(first);
    third.set_read_timeout(Some(common::TIMEOUT)).unwrap();
    let n = third.read(&mut reply).unwrap();
    assert_eq!(&reply[..n], b"{\"ok\":true}\n");
    assert_eq!(second.call(&Call::ping()), Ok(Outcome::Done));
}

/// How a client with a request in flight at shutdown fared: it must never hang.
#[derive(Debug, PartialEq)]
enum Fate {
    Answered,
    ShuttingDown,
    Closed,
}

/// Starts heavy requests on several connections, keeps one idle, stops the server with `stop` while they run, and
/// checks that every client was answered correctly or told, or closed cleanly, and that the server exited with 0
/// after removing its socket file.
fn shutdown_with_requests_in_flight(stop: impl FnOnce(&Server)) {
    let mut server = Server::start(&[]);
    let long = "abcdefghij".repeat(100);
    let other = "jihgfedcba".repeat(100);
    let pairs: Vec<_> = (0..30).map(|i| (u(&long[i..]), u(&other))).collect();
    let expected: Vec<u32> =
        (0..30).map(|i| edit_distance::distance(Strategy::Dp, &long[i..], &other, None) as u32).collect();
    // Connected before the server stops: a connection attempted after it is refused, which is not what is tested.
    let busy: Vec<Client> = (0..6).map(|i| server.connect(Wire::ALL[i % 3])).collect();
    let mut idle = server.connect(Wire::Binary);
    assert_eq!(idle.call(&Call::ping()), Ok(Outcome::Done));
    let started = Arc::new(Barrier::new(busy.len() + 1));
    let running: Vec<_> = busy
        .into_iter()
        .map(|mut client| {
            let call = Call::batch(Strategy::Dp, None, &pairs);
            let expected = expected.clone();
            let started = started.clone();
            thread::spawn(move || {
                let request = client.encode(&call);
                client.send(&request).unwrap();
                started.wait();
                let fate = match client.reply(call.request.operation()) {
                    Ok(Ok(outcome)) => {
                        assert_eq!(outcome, Outcome::Distances(expected));
                        Fate::Answered
                    }
                    Ok(Err(failure)) => {
                        assert_eq!(failure.status, Status::ShuttingDown, "{failure:?}");
                        Fate::ShuttingDown
                    }
                    Err(error) => {
                        assert!(!is_timeout(&error));
                        Fate::Closed
                    }
                };
                // Whatever came back, the connection then ends without hanging.
                client.read_to_close();
                fate
            })
        })
        .collect();
    started.wait();
    thread::sleep(Duration::from_millis(20));
    stop(&server);
    let fates: Vec<Fate> = running.into_iter().map(|client| client.join().expect("a client thread")).collect();
    // A request sent now is answered `shutting_down` or meets a closed connection; either way, no hang.
    match idle.try_call(&Call::ping()) {
        Ok(reply) => assert_eq!(reply.map_err(|f| f.status), Err(Status::ShuttingDown)),
        Err(error) => assert!(!is_timeout(&error)),
    }
    idle.read_to_close();
    let status = server.wait_exit();
    assert!(status.success(), "exit status {status:?}; stderr: {}", server.stderr());
    if let Some(path) = &server.socket {
        assert!(!path.exists(), "the socket file is removed");
    }
    // Every request was sent whole before the shutdown began. On Linux, a Unix socket whose read side is shut
    // down still yields the bytes already queued, so each request is read and answered (with its result, or
    // `shutting_down` when its thread read it only after the shutdown began); elsewhere queued bytes may be
    // dropped and the connection closed.
    if cfg!(target_os = "linux") && server.socket.is_some() {
        assert!(!fates.contains(&Fate::Closed), "{fates:?}");
    }
}

#[test]
fn a_shutdown_request_stops_the_server_gracefully() {
    shutdown_with_requests_in_flight(|server| {
        let mut client = server.connect(Wire::Json);
        assert_eq!(client.call(&Call::simple(Request::Shutdown)), Ok(Outcome::Done));
        assert_eq!(client.read_to_close(), b"", "the connection that asked is closed too");
    });
}

#[test]
fn a_shutdown_request_over_tcp_stops_the_server_gracefully() {
    let mut server = Server::start_tcp(&[]);
    let mut client = server.connect(Wire::Binary);
    assert_eq!(client.call(&Call::distance(Strategy::Dp, &u("a"), &u("b"), None)), Ok(Outcome::Distance(1)));
    assert_eq!(client.call(&Call::simple(Request::Shutdown)), Ok(Outcome::Done));
    client.read_to_close();
    let status = server.wait_exit();
    assert!(status.success(), "{status:?}");
}

#[cfg(unix)]
fn kill(server: &Server, signal: &str) {
    let status = Command::new("kill").args([signal, &server.pid().to_string()]).status().expect("kill runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_gracefully() {
    shutdown_with_requests_in_flight(|server| kill(server, "-TERM"));
}

#[cfg(unix)]
#[test]
fn sigint_stops_the_server_gracefully() {
    shutdown_with_requests_in_flight(|server| kill(server, "-INT"));
}

#[cfg(unix)]
#[test]
fn a_stale_socket_file_is_replaced() {
    let path = common::socket_path("stale");
    // A listener dropped without removing its file: what a killed server leaves behind.
    drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
    assert!(path.exists());
    let server = Server::start_unix(&path, &[]);
    assert_eq!(server.connect(Wire::Binary).call(&Call::ping()), Ok(Outcome::Done));
}

#[cfg(unix)]
#[test]
fn a_live_socket_is_refused_and_its_server_keeps_serving() {
    let path = common::socket_path("live");
    let server = Server::start_unix(&path, &[]);
    let (status, stderr) = Server::spawn(&["--socket", path.to_str().unwrap()]).expect_exit();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("already listening"), "{stderr}");
    assert!(path.exists(), "the live server's socket file is left alone");
    assert_eq!(server.connect(Wire::Json).call(&Call::ping()), Ok(Outcome::Done));
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_a_socket_is_left_alone() {
    let path = common::socket_path("file");
    std::fs::write(&path, "precious").unwrap();
    let (status, stderr) = Server::spawn(&["--socket", path.to_str().unwrap()]).expect_exit();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not a socket"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn the_command_line_is_checked() {
    let run = |args: &[&str]| Command::new(BINARY).args(args).output().expect("the server binary runs");
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--max-connections"));
    for args in [&[][..], &["--max-frame", "0", "--tcp", "127.0.0.1:0"], &["--tcp"], &["--port", "1"], &["--max-connections", "x"]] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("usage:"), "{args:?}");
    }
    // The protocol has no authentication: anything but loopback is refused.
    let (status, stderr) = Server::spawn(&["--tcp", "0.0.0.0:0"]).expect_exit();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("loopback"), "{stderr}");
}

#[test]
fn a_connection_closed_by_the_client_frees_its_slot_and_corpora() {
    // One slot: a client that leaves must hand it on, many times over.
    let server = Server::start(&["--max-connections", "1"]);
    for round in 0..20 {
        let mut client = server.connect(Wire::ALL[round % 3]);
        let Ok(Outcome::Corpus { corpus, .. }) = client.call(&Call::corpus_create(&[u("a"), u("b")])) else { panic!("corpus_create") };
        // Ids are per connection: each new connection starts again at 1.
        assert_eq!(corpus, 1);
    }
    // A client that sends a request and leaves without reading the reply hands it on as well.
    let mut stream = server.raw();
    use std::io::Write;
    stream.write_all(b"{\"op\":\"ping\"}\n").unwrap();
    drop(stream);
    assert_eq!(server.connect(Wire::Binary).call(&Call::ping()), Ok(Outcome::Done));
}
