//! The listener, the connections and the graceful shutdown.
//!
//! One thread per connection, at most `--max-connections` at once: the accept loop takes a slot before it accepts,
//! so further clients wait in the listen backlog and the number of threads never follows the number of clients.
//! Each connection thread reads one request at a time through a bounded buffer, answers it with one write, and owns
//! the connection's corpora (freed when it ends).
//!
//! Shutdown (a signal, or a `shutdown` request, through a [`Stopper`]): the flag is set and the accept loop is woken
//! (by a connection to the server itself, since a thread blocked in `accept` has no other portable wake-up); the
//! listener is closed; every connection's read side is shut down through a clone of its stream kept in a registry,
//! which wakes a thread blocked in `read` with an end of file while leaving its write side open, so that a request
//! being executed is still answered; a request read after the flag is set is answered `shutting_down`. Once every
//! connection thread is done (or after a grace period, when the sockets are shut down completely), the socket file
//! is removed.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
#[cfg(unix)]
use std::os::unix::net::{UnixListener, UnixStream};
#[cfg(unix)]
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

use crate::binary::{self, Encoding};
use crate::json;
use crate::protocol::{ErrorArgument, Failure, Reply, Request, Status, Texts, Wire, DEFAULT_MAX_FRAME, PREAMBLE_UTF16, PREAMBLE_UTF8};
use crate::service::{guarded, Session};

/// Where the server listens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// A Unix domain socket at this path (Linux, macOS).
    #[cfg(unix)]
    Unix(PathBuf),
    /// A loopback TCP address, `host:port`; port 0 binds any free port.
    Tcp(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub endpoint: Endpoint,
    /// The largest request accepted, in bytes (a binary payload, or a JSON line without its `\n`).
    pub max_frame: u32,
    /// Connections served at once; more wait in the listen backlog.
    pub max_connections: usize,
}

impl Config {
    pub fn new(endpoint: Endpoint) -> Config {
        Config { endpoint, max_frame: DEFAULT_MAX_FRAME, max_connections: 64 }
    }
}

/// Why the server could not start listening.
#[derive(Debug)]
pub struct StartError(pub String);

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// A connected socket, of either kind.
#[derive(Debug)]
pub enum Stream {
    #[cfg(unix)]
    Unix(UnixStream),
    Tcp(TcpStream),
}

impl Stream {
    pub fn try_clone(&self) -> io::Result<Stream> {
        Ok(match self {
            #[cfg(unix)]
            Stream::Unix(stream) => Stream::Unix(stream.try_clone()?),
            Stream::Tcp(stream) => Stream::Tcp(stream.try_clone()?),
        })
    }

    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.shutdown(how),
            Stream::Tcp(stream) => stream.shutdown(how),
        }
    }

    pub fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.set_read_timeout(timeout),
            Stream::Tcp(stream) => stream.set_read_timeout(timeout),
        }
    }

    pub fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.set_write_timeout(timeout),
            Stream::Tcp(stream) => stream.set_write_timeout(timeout),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.read(buf),
            Stream::Tcp(stream) => stream.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            #[cfg(unix)]
            Stream::Unix(stream) => stream.write(buf),
            Stream::Tcp(stream) => stream.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Connects to a server at `address` as its "listening" line spells it: `unix:PATH` or `tcp:HOST:PORT`. TCP
/// connections get `TCP_NODELAY`, since every message is one write and waits for its answer.
pub fn connect(address: &str) -> io::Result<Stream> {
    if let Some(path) = address.strip_prefix("unix:") {
        #[cfg(unix)]
        return UnixStream::connect(path).map(Stream::Unix);
        #[cfg(not(unix))]
        return Err(io::Error::new(io::ErrorKind::Unsupported, format!("no Unix domain sockets on this system: {path}")));
    }
    if let Some(address) = address.strip_prefix("tcp:") {
        let stream = TcpStream::connect(address)?;
        stream.set_nodelay(true)?;
        return Ok(Stream::Tcp(stream));
    }
    Err(io::Error::new(io::ErrorKind::InvalidInput, format!("not a server address (unix:PATH or tcp:HOST:PORT): {address}")))
}

enum Listener {
    #[cfg(unix)]
    Unix {
        listener: UnixListener,
        path: PathBuf,
        /// The socket file's device and inode, so that only our own file is removed at the end.
        identity: (u64, u64),
    },
    Tcp(TcpListener),
}

impl Listener {
    fn accept(&self) -> io::Result<Stream> {
        match self {
            #[cfg(unix)]
            Listener::Unix { listener, .. } => Ok(Stream::Unix(listener.accept()?.0)),
            Listener::Tcp(listener) => {
                let stream = listener.accept()?.0;
                // Each reply is one write, awaited by the client before its next request: Nagle's algorithm would
                // only hold it back.
                stream.set_nodelay(true)?;
                Ok(Stream::Tcp(stream))
            }
        }
    }
}

/// A bound server, ready to [`Server::run`].
pub struct Server {
    listener: Listener,
    shared: Arc<Shared>,
    address: String,
}

/// Stops a running server gracefully; cheap to clone and usable from any thread.
#[derive(Clone)]
pub struct Stopper(Arc<Shared>);

impl Stopper {
    pub fn stop(&self) {
        self.0.stop();
    }
}

struct Shared {
    stopping: AtomicBool,
    state: Mutex<State>,
    /// Signalled when a connection ends or the server starts stopping.
    changed: Condvar,
    /// How to reach the accept loop to wake it.
    wake: Wake,
    max_frame: u32,
    max_connections: usize,
}

#[derive(Default)]
struct State {
    active: usize,
    last_id: u64,
    /// A clone of every live connection's stream, to shut it down from outside its thread.
    streams: HashMap<u64, Stream>,
}

enum Wake {
    #[cfg(unix)]
    Unix(PathBuf),
    Tcp(SocketAddr),
}

/// How long connections get to finish the requests they have read once the server stops; after it their sockets
/// are shut down completely (a client that never reads its replies must not hold the server forever).
const GRACE: Duration = Duration::from_secs(10);

/// Buffers of a connection larger than this after a request are given back, so that idle connections stay small.
const KEEP: usize = 4 << 20;

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A connection thread that panicked while holding the lock left the state consistent (every update is one
        // statement): keep serving rather than propagating its poison.
        self.state.lock().unwrap_or_else(|poison| poison.into_inner())
    }

    fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    fn stop(&self) {
        if self.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        // Wakes the accept loop if it waits for a slot...
        drop(self.lock());
        self.changed.notify_all();
        // ...or in accept(). If the backlog is full, this connect waits until the loop, woken above, closes the
        // listener, which ends it with an error; either way it returns.
        match &self.wake {
            #[cfg(unix)]
            Wake::Unix(path) => drop(UnixStream::connect(path)),
            Wake::Tcp(address) => drop(TcpStream::connect_timeout(address, Duration::from_secs(1))),
        }
    }
}

impl Server {
    /// Binds the endpoint. A Unix socket file left by a dead server is replaced; one a live server answers on is
    /// refused, as is a path that is not a socket at all.
    pub fn bind(config: &Config) -> Result<Server, StartError> {
        let (listener, wake, address) = match &config.endpoint {
            #[cfg(unix)]
            Endpoint::Unix(path) => bind_unix(path)?,
            Endpoint::Tcp(address) => bind_tcp(address)?,
        };
        let shared = Shared {
            stopping: AtomicBool::new(false),
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            wake,
            max_frame: config.max_frame,
            max_connections: config.max_connections.max(1),
        };
        Ok(Server { listener, shared: Arc::new(shared), address })
    }

    /// `unix:PATH` or `tcp:HOST:PORT` (the port actually bound), as the "listening" line prints it.
    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn stopper(&self) -> Stopper {
        Stopper(self.shared.clone())
    }

    /// Serves until stopped, then shuts down gracefully (see the module's documentation).
    pub fn run(self) {
        let Server { listener, shared, .. } = self;
        accept_loop(&listener, &shared);
        #[cfg(unix)]
        let socket_file = match &listener {
            Listener::Unix { path, identity, .. } => Some((path.clone(), *identity)),
            Listener::Tcp(_) => None,
        };
        // Closing the listener first refuses new clients at once and ends a wake-up connect still waiting.
        drop(listener);
        close_connections(&shared);
        #[cfg(unix)]
        if let Some((path, identity)) = socket_file {
            use std::os::unix::fs::MetadataExt;
            // Only our own file: another server may have taken the path over meanwhile.
            if std::fs::symlink_metadata(&path).is_ok_and(|meta| (meta.dev(), meta.ino()) == identity) {
                if let Err(error) = std::fs::remove_file(&path) {
                    eprintln!("edit-distance-server: could not remove {}: {error}", path.display());
                }
            }
        }
    }
}

#[cfg(unix)]
fn bind_unix(path: &std::path::Path) -> Result<(Listener, Wake, String), StartError> {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let shown = path.display();
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_socket() => {
            return Err(StartError(format!("{shown} exists and is not a socket; refusing to replace it")));
        }
        Ok(_) => match UnixStream::connect(path) {
            Ok(_) => return Err(StartError(format!("a server is already listening on {shown}"))),
            // Nobody listens: the file is left over from a server that did not shut down cleanly.
            Err(error) if error.kind() == io::ErrorKind::ConnectionRefused => {
                std::fs::remove_file(path).map_err(|e| StartError(format!("cannot remove the stale socket {shown}: {e}")))?;
            }
            Err(error) => return Err(StartError(format!("cannot tell whether a server listens on {shown}: {error}"))),
        },
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(StartError(format!("cannot inspect {shown}: {error}"))),
    }
    let listener = UnixListener::bind(path).map_err(|e| StartError(format!("cannot listen on {shown}: {e}")))?;
    let meta = std::fs::symlink_metadata(path).map_err(|e| StartError(format!("cannot inspect {shown}: {e}")))?;
    let identity = (meta.dev(), meta.ino());
    let address = format!("unix:{shown}");
    Ok((Listener::Unix { listener, path: path.to_path_buf(), identity }, Wake::Unix(path.to_path_buf()), address))
}

fn bind_tcp(address: &str) -> Result<(Listener, Wake, String), StartError> {
    let addresses: Vec<SocketAddr> = address
        .to_socket_addrs()
        .map_err(|e| StartError(format!("--tcp {address}: {e}")))?
        .collect();
    // The protocol has no authentication: anyone who can connect can make the server work. Loopback only.
    if addresses.is_empty() || addresses.iter().any(|a| !a.ip().is_loopback()) {
        return Err(StartError(format!(
            "--tcp {address}: not a loopback address; the server has no authentication, so it listens on loopback only (e.g. 127.0.0.1:0)"
        )));
    }
    let listener = TcpListener::bind(&addresses[..]).map_err(|e| StartError(format!("cannot listen on {address}: {e}")))?;
    let local = listener.local_addr().map_err(|e| StartError(format!("cannot read the bound address: {e}")))?;
    Ok((Listener::Tcp(listener), Wake::Tcp(local), format!("tcp:{local}")))
}

fn accept_loop(listener: &Listener, shared: &Arc<Shared>) {
    loop {
        {
            let state = shared.lock();
            let state = shared
                .changed
                .wait_while(state, |state| state.active >= shared.max_connections && !shared.stopping())
                .unwrap_or_else(|poison| poison.into_inner());
            if shared.stopping() {
                return;
            }
            drop(state);
        }
        let stream = match listener.accept() {
            Ok(stream) => stream,
            Err(_) if shared.stopping() => return,
            Err(error) => {
                // Out of file descriptors, a connection reset before it was accepted...: nothing to do for the
                // server but try again, after a pause so that a persistent error does not spin.
                eprintln!("edit-distance-server: accept failed: {error}");
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if shared.stopping() {
            // The wake-up connection, or a client that came too late: closed unanswered.
            return;
        }
        let clone = match stream.try_clone() {
            Ok(clone) => clone,
            Err(error) => {
                eprintln!("edit-distance-server: connection dropped: cannot register it: {error}");
                continue;
            }
        };
        let id = {
            let mut state = shared.lock();
            state.last_id += 1;
            let id = state.last_id;
            state.streams.insert(id, clone);
            state.active += 1;
            id
        };
        let connection_shared = shared.clone();
        let spawned = thread::Builder::new()
            .name(format!("connection {id}"))
            .spawn(move || serve(stream, connection_shared, id));
        if let Err(error) = spawned {
            // The stream moved into the closure and is closed with it: the client sees its connection end.
            eprintln!("edit-distance-server: connection dropped: cannot start its thread: {error}");
            unregister(shared, id);
        }
    }
}

fn unregister(shared: &Shared, id: u64) {
    let mut state = shared.lock();
    if state.streams.remove(&id).is_some() {
        state.active -= 1;
    }
    drop(state);
    shared.changed.notify_all();
}

/// Unregisters a connection when its thread ends, however it ends.
struct Registration {
    shared: Arc<Shared>,
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        unregister(&self.shared, self.id);
    }
}

fn close_connections(shared: &Shared) {
    let state = shared.lock();
    for stream in state.streams.values() {
        let _ = stream.shutdown(Shutdown::Read);
    }
    let (state, waited) = shared
        .changed
        .wait_timeout_while(state, GRACE, |state| state.active > 0)
        .unwrap_or_else(|poison| poison.into_inner());
    if !waited.timed_out() {
        return;
    }
    eprintln!("edit-distance-server: {} connections still busy after {GRACE:?}; closing them", state.active);
    for stream in state.streams.values() {
        let _ = stream.shutdown(Shutdown::Both);
    }
    // A thread still computing cannot deliver its reply any more; the process ends without waiting long for it.
    let _ = shared.changed.wait_timeout_while(state, Duration::from_secs(1), |state| state.active > 0);
}

fn serve(stream: Stream, shared: Arc<Shared>, id: u64) {
    let registration = Registration { shared, id };
    let mut connection = Connection {
        reader: BufReader::with_capacity(64 << 10, stream),
        shared: &registration.shared,
        session: Session::new(),
        texts: Texts::new(),
        frame: Vec::new(),
        out: Vec::new(),
    };
    // An I/O error (the client went away, a reset, a write to a closed socket) ends this connection only.
    let _ = connection.run();
}

struct Connection<'a> {
    reader: BufReader<Stream>,
    shared: &'a Shared,
    session: Session,
    texts: Texts,
    /// The request being read: a binary payload or a JSON line.
    frame: Vec<u8>,
    /// The reply being written.
    out: Vec<u8>,
}

/// What reading the next request gave.
enum Next {
    Request,
    /// The client closed the connection, between requests or in the middle of one: it is dropped silently.
    End,
    /// The request is larger than `--max-frame`: answered, then the connection is closed, since the rest of the
    /// request is not read and the framing is lost.
    TooLarge,
    /// The request was read but could not be kept: answered `out_of_memory`, the connection goes on.
    OutOfMemory,
}

impl Connection<'_> {
    fn run(&mut self) -> io::Result<()> {
        let first = match self.reader.fill_buf()?.first() {
            Some(&byte) => byte,
            None => return Ok(()),
        };
        let wire = match first {
            b'{' => Wire::Json,
            b'E' => {
                let mut preamble = [0; 4];
                self.reader.read_exact(&mut preamble)?;
                match preamble {
                    PREAMBLE_UTF16 => Wire::Binary,
                    PREAMBLE_UTF8 => Wire::BinaryUtf8,
                    _ => return Ok(()),
                }
            }
            // No format to reply in: closed at once, without waiting for more bytes.
            _ => return Ok(()),
        };
        loop {
            let next = match wire {
                Wire::Json => self.read_line()?,
                Wire::Binary | Wire::BinaryUtf8 => self.read_frame()?,
            };
            let (reply, shutdown) = match next {
                Next::End => return Ok(()),
                Next::TooLarge => {
                    self.send(wire, &Err(Failure::frame_too_large(self.shared.max_frame)))?;
                    self.close_after_reply();
                    return Ok(());
                }
                Next::OutOfMemory => (Err(Failure::out_of_memory()), false),
                Next::Request => self.answer(wire),
            };
            // The reply goes out before the server stops, so that the client that asked sees it.
            let sent = self.send(wire, &reply);
            if shutdown {
                self.shared.stop();
            }
            sent?;
            self.shrink();
        }
    }

    /// Reads one binary frame into `frame`; its length is checked against `--max-frame` before anything is sized
    /// by it.
    fn read_frame(&mut self) -> io::Result<Next> {
        let mut header = [0; binary::HEADER];
        if !read_or_end(&mut self.reader, &mut header)? {
            return Ok(Next::End);
        }
        let len = u32::from_le_bytes(header);
        if len > self.shared.max_frame {
            return Ok(Next::TooLarge);
        }
        let len = len as usize;
        self.frame.clear();
        if self.frame.try_reserve_exact(len).is_err() {
            // The payload is skipped, so the framing holds and the connection stays usable.
            let skipped = io::copy(&mut (&mut self.reader).take(len as u64), &mut io::sink())?;
            return Ok(if skipped == len as u64 { Next::OutOfMemory } else { Next::End });
        }
        self.frame.resize(len, 0);
        Ok(if read_or_end(&mut self.reader, &mut self.frame)? { Next::Request } else { Next::End })
    }

    /// Reads one JSON line into `frame`, without its `\n`, never holding more than `--max-frame` bytes of it.
    fn read_line(&mut self) -> io::Result<Next> {
        self.frame.clear();
        let max = self.shared.max_frame as usize;
        let mut len = 0;
        let mut kept = true;
        loop {
            let buffer = match self.reader.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if buffer.is_empty() {
                return Ok(Next::End);
            }
            let (chunk, complete) = match buffer.iter().position(|&byte| byte == b'\n') {
                Some(end) => (&buffer[..end], true),
                None => (buffer, false),
            };
            len += chunk.len();
            if len > max {
                return Ok(Next::TooLarge);
            }
            if kept && self.frame.try_reserve(chunk.len()).is_ok() {
                self.frame.extend_from_slice(chunk);
            } else if kept {
                // The rest of the line is read and dropped, so the next line is found and the connection goes on.
                kept = false;
                self.frame = Vec::new();
            }
            let consumed = chunk.len() + usize::from(complete);
            self.reader.consume(consumed);
            if complete {
                return Ok(if kept { Next::Request } else { Next::OutOfMemory });
            }
        }
    }

    /// Decodes and executes the request in `frame`; says whether it was a `shutdown`.
    fn answer(&mut self, wire: Wire) -> (Reply, bool) {
        let Connection { shared, session, texts, frame, .. } = self;
        let mut shutdown = false;
        let reply = guarded(|| {
            let request = match wire {
                Wire::Binary => binary::decode_request(frame, Encoding::Utf16, texts)?,
                Wire::BinaryUtf8 => binary::decode_request(frame, Encoding::Utf8, texts)?,
                Wire::Json => json::decode_request(frame, texts)?,
            };
            if request == Request::Shutdown {
                shutdown = true;
            } else if shared.stopping() {
                return Err(Failure::new(
                    Status::ShuttingDown,
                    ErrorArgument::None,
                    "the server is shutting down: requests read after it began are not executed",
                ));
            }
            session.execute(&request, texts)
        });
        (reply, shutdown)
    }

    /// Writes a reply with one write.
    fn send(&mut self, wire: Wire, reply: &Reply) -> io::Result<()> {
        self.out.clear();
        let encode = |reply: &Reply, out: &mut Vec<u8>| match wire {
            Wire::Json => json::encode_reply(reply, out),
            Wire::Binary | Wire::BinaryUtf8 => binary::encode_reply(reply, out),
        };
        if encode(reply, &mut self.out).is_err() {
            self.out = Vec::new();
            // A few dozen bytes: if even this fails, the connection cannot answer and ends.
            encode(&Err(Failure::out_of_memory()), &mut self.out).map_err(|_| io::Error::from(io::ErrorKind::OutOfMemory))?;
        }
        self.reader.get_mut().write_all(&self.out)
    }

    /// Closes a connection whose client may still be sending (the rest of a frame too large to read) without
    /// losing the reply just written: closing a TCP socket with unread input sends a reset, which makes the peer
    /// drop the data it has not read yet. So the end of the replies is announced first (FIN), and the input is
    /// drained for a moment, so that the client can read the reply and close on its side.
    fn close_after_reply(&mut self) {
        let stream = self.reader.get_mut();
        if stream.shutdown(Shutdown::Write).is_err() {
            return;
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(1);
        let mut buffer = [0; 16 << 10];
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()).filter(|left| !left.is_zero()) {
            if stream.set_read_timeout(Some(left)).is_err() || !matches!(stream.read(&mut buffer), Ok(1..)) {
                return;
            }
        }
    }

    fn shrink(&mut self) {
        self.frame.shrink_to(KEEP);
        self.out.shrink_to(KEEP);
        self.texts.shrink_to(KEEP);
    }
}

/// Fills `buffer`; `false` when the stream ends first (at once, or in the middle: a truncated request).
fn read_or_end(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<bool> {
    match reader.read_exact(buffer) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
        Err(error) => Err(error),
    }
}
