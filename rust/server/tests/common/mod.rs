//! What the server's integration tests share: the real binary started on a socket of its own, and a client that
//! speaks each wire format with the library's client-side codecs.
//!
//! Every read has a timeout, so a server that hangs fails the test instead of hanging it; the server process is
//! killed when its handle is dropped, whatever the test did.

#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use edit_distance::Strategy;
use edit_distance_server::binary::{self, Encoding};
use edit_distance_server::json;
use edit_distance_server::protocol::{List, Operation, Reply, Request, Texts, Wire};
use edit_distance_server::{connect, Stream};

/// Long enough for a loaded CI machine, short enough that a hang is reported within the suite's run.
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub const BINARY: &str = env!("CARGO_BIN_EXE_edit-distance-server");

pub fn u(text: &str) -> Vec<u16> {
    text.encode_utf16().collect()
}

/// A socket path no other test uses (short: Unix socket paths are limited to about 100 bytes).
pub fn socket_path(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("eds-{}-{n}-{name}.sock", std::process::id()))
}

pub struct Server {
    child: Child,
    /// As the "listening" line gives it: `unix:PATH` or `tcp:HOST:PORT`.
    pub address: String,
    pub socket: Option<PathBuf>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// A server on a Unix socket where there are Unix sockets, else on loopback TCP.
    pub fn start(extra: &[&str]) -> Server {
        #[cfg(unix)]
        {
            Server::start_unix(&socket_path("server"), extra)
        }
        #[cfg(not(unix))]
        {
            Server::start_tcp(extra)
        }
    }

    pub fn start_unix(path: &std::path::Path, extra: &[&str]) -> Server {
        let mut args = vec!["--socket", path.to_str().expect("a UTF-8 temp path")];
        args.extend_from_slice(extra);
        let mut server = Server::spawn(&args).expect_listening();
        server.socket = Some(path.to_path_buf());
        server
    }

    pub fn start_tcp(extra: &[&str]) -> Server {
        let mut args = vec!["--tcp", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        Server::spawn(&args).expect_listening()
    }

    /// Starts the binary with `args`; the result may have failed to listen (see [`Started`]).
    pub fn spawn(args: &[&str]) -> Started {
        let mut child = Command::new(BINARY)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().unwrap();
        let (lines, line) = mpsc::channel();
        thread::spawn(move || {
            for text in BufReader::new(stdout).lines() {
                let Ok(text) = text else { break };
                if lines.send(text).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut pipe = child.stderr.take().unwrap();
        thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        Started { child, line, stderr }
    }

    pub fn connect(&self, wire: Wire) -> Client {
        Client::connect(&self.address, wire)
    }

    /// A connection with no preamble sent yet.
    pub fn raw(&self) -> Stream {
        raw(&self.address)
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the server to exit; fails the test after [`TIMEOUT`].
    pub fn wait_exit(&mut self) -> ExitStatus {
        wait_exit(&mut self.child, &self.stderr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(path) = &self.socket {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn wait_exit(child: &mut Child, stderr: &Mutex<String>) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("the server did not exit within {TIMEOUT:?}; stderr: {}", stderr.lock().unwrap());
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// A server process just started, before its "listening" line.
pub struct Started {
    child: Child,
    line: mpsc::Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Started {
    pub fn expect_listening(mut self) -> Server {
        let line = match self.line.recv_timeout(TIMEOUT) {
            Ok(line) => line,
            Err(_) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                thread::sleep(Duration::from_millis(50));
                panic!("no \"listening\" line; stderr: {}", self.stderr.lock().unwrap());
            }
        };
        let address = line.strip_prefix("listening ").unwrap_or_else(|| panic!("unexpected first line: {line}")).to_string();
        Server { child: self.child, address, socket: None, stderr: self.stderr }
    }

    /// Waits for a server that must not start; returns its exit status and stderr.
    pub fn expect_exit(mut self) -> (ExitStatus, String) {
        let status = wait_exit(&mut self.child, &self.stderr);
        assert!(self.line.try_recv().is_err(), "a server that exits must not print the listening line");
        // The stderr pipe is drained by a thread: let it finish.
        thread::sleep(Duration::from_millis(100));
        let stderr = self.stderr.lock().unwrap().clone();
        (status, stderr)
    }
}

pub fn raw(address: &str) -> Stream {
    let stream = connect(address).unwrap_or_else(|e| panic!("connect to {address}: {e}"));
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(TIMEOUT)).unwrap();
    stream
}

/// Whether an I/O error is a timeout, that is a hang of the server, as opposed to the connection being closed.
pub fn is_timeout(error: &io::Error) -> bool {
    matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
}

/// Reads until the server closes the connection; fails on a timeout. Returns what was read.
pub fn read_to_close(stream: &mut Stream) -> Vec<u8> {
    let mut data = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return data,
            Ok(n) => data.extend_from_slice(&buffer[..n]),
            Err(error) if is_timeout(&error) => panic!("the server neither answered nor closed within {TIMEOUT:?}"),
            // A reset is a close too.
            Err(_) => return data,
        }
    }
}

pub struct Client {
    pub wire: Wire,
    writer: Stream,
    reader: BufReader<Stream>,
}

impl Client {
    pub fn connect(address: &str, wire: Wire) -> Client {
        let mut writer = raw(address);
        let reader = BufReader::new(writer.try_clone().unwrap());
        writer.write_all(wire.preamble()).unwrap();
        Client { wire, writer, reader }
    }

    pub fn encode(&self, call: &Call) -> Vec<u8> {
        let mut out = Vec::new();
        match self.wire {
            Wire::Binary => binary::encode_request(&call.request, &call.texts, Encoding::Utf16, &mut out).unwrap(),
            Wire::BinaryUtf8 => binary::encode_request(&call.request, &call.texts, Encoding::Utf8, &mut out).unwrap(),
            Wire::Json => json::encode_request(&call.request, &call.texts, &mut out),
        }
        out
    }

    /// Sends the request and reads its reply; an I/O error means the connection closed (a timeout panics).
    pub fn try_call(&mut self, call: &Call) -> io::Result<Reply> {
        let bytes = self.encode(call);
        self.send(&bytes)?;
        self.reply(call.request.operation())
    }

    pub fn call(&mut self, call: &Call) -> Reply {
        self.try_call(call).unwrap_or_else(|e| panic!("{:?} over {}: {e}", call.request.operation(), self.wire.name()))
    }

    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.writer.write_all(bytes)
    }

    /// Reads one reply to a request of `operation`.
    pub fn reply(&mut self, operation: Operation) -> io::Result<Reply> {
        let invalid = |e: edit_distance_server::protocol::BadReply| io::Error::new(io::ErrorKind::InvalidData, e);
        let result = match self.wire {
            Wire::Json => {
                let mut line = Vec::new();
                self.reader.read_until(b'\n', &mut line)?;
                if line.pop() != Some(b'\n') {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
                json::decode_reply(&line, operation).map_err(invalid)
            }
            Wire::Binary | Wire::BinaryUtf8 => {
                let mut header = [0; 4];
                self.reader.read_exact(&mut header)?;
                let mut payload = vec![0; u32::from_le_bytes(header) as usize];
                self.reader.read_exact(&mut payload)?;
                binary::decode_reply(&payload, operation).map_err(invalid)
            }
        };
        if let Err(error) = &result {
            assert!(!is_timeout(error), "no reply within {TIMEOUT:?}");
        }
        result
    }

    /// Reads what is left until the server closes the connection.
    pub fn read_to_close(&mut self) -> Vec<u8> {
        let mut data = self.reader.buffer().to_vec();
        data.extend(read_to_close(self.reader.get_mut()));
        data
    }
}

/// A request and its strings.
pub struct Call {
    pub request: Request,
    pub texts: Texts,
}

impl Call {
    pub fn simple(request: Request) -> Call {
        Call { request, texts: Texts::new() }
    }

    pub fn ping() -> Call {
        Call::simple(Request::Ping)
    }

    pub fn distance(strategy: Strategy, a: &[u16], b: &[u16], max_distance: Option<u32>) -> Call {
        let mut texts = Texts::new();
        let a = texts.push_utf16(a).unwrap();
        let b = texts.push_utf16(b).unwrap();
        Call { request: Request::Distance { strategy, max_distance, a, b }, texts }
    }

    pub fn batch(strategy: Strategy, max_distance: Option<u32>, pairs: &[(Vec<u16>, Vec<u16>)]) -> Call {
        let mut texts = Texts::new();
        for (a, b) in pairs {
            texts.push_utf16(a).unwrap();
            texts.push_utf16(b).unwrap();
        }
        Call { request: Request::DistanceBatch { strategy, max_distance, pairs: List { first: 0, count: pairs.len() } }, texts }
    }

    pub fn corpus_create(entries: &[Vec<u16>]) -> Call {
        let mut texts = Texts::new();
        for entry in entries {
            texts.push_utf16(entry).unwrap();
        }
        Call { request: Request::CorpusCreate { entries: List { first: 0, count: entries.len() } }, texts }
    }

    pub fn corpus_nearest(corpus: u64, strategy: Strategy, query: &[u16], k: u32, max_distance: Option<u32>, threads: u32) -> Call {
        let mut texts = Texts::new();
        let query = texts.push_utf16(query).unwrap();
        Call { request: Request::CorpusNearest { corpus, strategy, query, k, max_distance, threads }, texts }
    }

    pub fn nearest(strategy: Strategy, query: &[u16], k: u32, max_distance: Option<u32>, entries: &[Vec<u16>]) -> Call {
        let mut texts = Texts::new();
        let query = texts.push_utf16(query).unwrap();
        for entry in entries {
            texts.push_utf16(entry).unwrap();
        }
        Call { request: Request::Nearest { strategy, query, k, max_distance, entries: List { first: 1, count: entries.len() } }, texts }
    }
}

/// A deterministic pseudo-random source for test input (xorshift64).
pub struct Random(pub u64);

impl Random {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A string of `len` characters from a small alphabet with some non-ASCII and astral characters, so that
    /// distances are neither trivial nor all equal and both encodings are exercised.
    pub fn text(&mut self, len: usize) -> String {
        const ALPHABET: [char; 8] = ['a', 'b', 'c', 'd', 'é', '日', '😀', 'z'];
        (0..len).map(|_| ALPHABET[self.below(ALPHABET.len() as u64) as usize]).collect()
    }
}
