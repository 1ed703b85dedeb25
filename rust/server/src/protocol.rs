//! The messages of the wire protocol (rust/server/README.md), independent of how they are encoded: the
//! operations, a decoded request, the strings it carries, and the reply with its status and argument codes.
//! `binary.rs` and `json.rs` turn these into bytes and back, `service.rs` executes them.

use std::collections::TryReserveError;
use std::fmt;

use edit_distance::Strategy;

/// The first bytes of a binary connection whose strings are UTF-16LE.
pub const PREAMBLE_UTF16: [u8; 4] = [b'E', b'D', 1, 16];
/// The first bytes of a binary connection whose strings are UTF-8.
pub const PREAMBLE_UTF8: [u8; 4] = [b'E', b'D', 1, 8];
/// `max_distance` meaning "no bound", as in the C ABI (`ED_NO_BOUND`).
pub const NO_BOUND: u32 = u32::MAX;
/// `item` of an error that is not about a corpus entry or a batch pair.
pub const NO_ITEM: u32 = u32::MAX;
/// `--max-frame` when none is given: 64 MiB.
pub const DEFAULT_MAX_FRAME: u32 = 64 << 20;

/// A connection's wire format, chosen by its first bytes; named as the clients name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Wire {
    /// Binary frames, strings in UTF-16LE (`"binary"`).
    Binary,
    /// Binary frames, strings in UTF-8 (`"binary-utf8"`).
    BinaryUtf8,
    /// JSON lines (`"json"`).
    Json,
}

impl Wire {
    pub const ALL: [Wire; 3] = [Wire::Binary, Wire::BinaryUtf8, Wire::Json];

    pub fn name(self) -> &'static str {
        match self {
            Wire::Binary => "binary",
            Wire::BinaryUtf8 => "binary-utf8",
            Wire::Json => "json",
        }
    }

    /// What a client sends first on a connection of this format (JSON has no preamble).
    pub fn preamble(self) -> &'static [u8] {
        match self {
            Wire::Binary => &PREAMBLE_UTF16,
            Wire::BinaryUtf8 => &PREAMBLE_UTF8,
            Wire::Json => &[],
        }
    }
}

/// The operations, numbered as the binary format's `op` byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    Ping = 0,
    Distance = 1,
    DistanceBatch = 2,
    CorpusCreate = 3,
    CorpusNearest = 4,
    CorpusFree = 5,
    Nearest = 6,
    Shutdown = 7,
}

impl Operation {
    pub const ALL: [Operation; 8] = [
        Operation::Ping,
        Operation::Distance,
        Operation::DistanceBatch,
        Operation::CorpusCreate,
        Operation::CorpusNearest,
        Operation::CorpusFree,
        Operation::Nearest,
        Operation::Shutdown,
    ];

    pub fn from_code(code: u8) -> Option<Operation> {
        Operation::ALL.get(usize::from(code)).copied()
    }

    pub fn name(self) -> &'static str {
        match self {
            Operation::Ping => "ping",
            Operation::Distance => "distance",
            Operation::DistanceBatch => "distance_batch",
            Operation::CorpusCreate => "corpus_create",
            Operation::CorpusNearest => "corpus_nearest",
            Operation::CorpusFree => "corpus_free",
            Operation::Nearest => "nearest",
            Operation::Shutdown => "shutdown",
        }
    }

    pub fn from_name(name: &[u8]) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name().as_bytes() == name)
    }
}

/// The binary format's strategy byte.
pub fn strategy_code(strategy: Strategy) -> u8 {
    match strategy {
        Strategy::Dp => 0,
        Strategy::BitParallel => 1,
    }
}

pub fn strategy_from_code(code: u8) -> Option<Strategy> {
    match code {
        0 => Some(Strategy::Dp),
        1 => Some(Strategy::BitParallel),
        _ => None,
    }
}

pub fn strategy_from_name(name: &[u8]) -> Option<Strategy> {
    match name {
        b"dp" => Some(Strategy::Dp),
        b"bitparallel" => Some(Strategy::BitParallel),
        _ => None,
    }
}

/// Consecutive strings of a request: `count` entries, or `count` pairs of a batch (then `2 * count` strings, pair
/// `i` being strings `first + 2i` and `first + 2i + 1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct List {
    pub first: usize,
    pub count: usize,
}

/// A decoded request. Strings are indexes into the [`Texts`] decoded with it, so that a request of any number of
/// strings costs two buffers, reused from one request to the next, and not one allocation per string.
/// `max_distance` is `None` for no bound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Ping,
    Distance { strategy: Strategy, max_distance: Option<u32>, a: usize, b: usize },
    DistanceBatch { strategy: Strategy, max_distance: Option<u32>, pairs: List },
    CorpusCreate { entries: List },
    CorpusNearest { corpus: u64, strategy: Strategy, query: usize, k: u32, max_distance: Option<u32>, threads: u32 },
    CorpusFree { corpus: u64 },
    Nearest { strategy: Strategy, query: usize, k: u32, max_distance: Option<u32>, entries: List },
    Shutdown,
}

impl Request {
    pub fn operation(&self) -> Operation {
        match self {
            Request::Ping => Operation::Ping,
            Request::Distance { .. } => Operation::Distance,
            Request::DistanceBatch { .. } => Operation::DistanceBatch,
            Request::CorpusCreate { .. } => Operation::CorpusCreate,
            Request::CorpusNearest { .. } => Operation::CorpusNearest,
            Request::CorpusFree { .. } => Operation::CorpusFree,
            Request::Nearest { .. } => Operation::Nearest,
            Request::Shutdown => Operation::Shutdown,
        }
    }
}

/// The first string of a UTF-8 request that is not valid UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// Which string of the request (an index of [`Texts::get`]).
    pub string: usize,
    /// Byte offset of the first invalid sequence within that string.
    pub position: usize,
}

/// A buffer for the strings of a request could not be allocated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfMemory;

impl From<TryReserveError> for OutOfMemory {
    fn from(_: TryReserveError) -> Self {
        OutOfMemory
    }
}

/// The strings of one request, as UTF-16 code units back to back in one buffer, which is what the library's
/// UTF-16 API takes: a corpus's entries are already the `text` and `ends` of `Corpus::from_utf16`.
///
/// UTF-8 strings are transcoded on the way in; one that is not UTF-8 is kept as an empty string and remembered
/// (the first only), so that the request still parses and its errors can be reported in request order.
#[derive(Clone, Debug, Default)]
pub struct Texts {
    units: Vec<u16>,
    /// `ends[i]`: the offset in `units` just past string `i`.
    ends: Vec<usize>,
    invalid_utf8: Option<InvalidUtf8>,
}

impl Texts {
    pub fn new() -> Texts {
        Texts::default()
    }

    /// Forgets every string, keeping the buffers for the next request.
    pub fn clear(&mut self) {
        self.units.clear();
        self.ends.clear();
        self.invalid_utf8 = None;
    }

    /// Gives back memory beyond `bytes` taken by a large request, so that an idle connection does not hold it.
    pub fn shrink_to(&mut self, bytes: usize) {
        self.units.shrink_to(bytes / 2);
        self.ends.shrink_to(bytes / std::mem::size_of::<usize>());
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn start(&self, string: usize) -> usize {
        if string == 0 {
            0
        } else {
            self.ends[string - 1]
        }
    }

    /// String `string` as UTF-16 code units.
    pub fn get(&self, string: usize) -> &[u16] {
        &self.units[self.start(string)..self.ends[string]]
    }

    /// Strings `first..first + count` as the `text` of `Corpus::from_utf16`, and the offset in `units` where
    /// that text starts (subtract it from their `ends` to get the corpus's).
    pub fn run(&self, first: usize, count: usize) -> (&[u16], &[usize], usize) {
        let start = self.start(first);
        let end = if count == 0 { start } else { self.ends[first + count - 1] };
        (&self.units[start..end], &self.ends[first..first + count], start)
    }

    /// The first string that was not valid UTF-8, if any.
    pub fn invalid_utf8(&self) -> Option<InvalidUtf8> {
        self.invalid_utf8
    }

    /// Makes room for `units` more code units and `strings` more strings at once, so that decoding a request
    /// allocates once, and fails instead of aborting when the memory is not there.
    pub fn reserve(&mut self, units: usize, strings: usize) -> Result<(), OutOfMemory> {
        self.units.try_reserve(units)?;
        self.ends.try_reserve(strings)?;
        Ok(())
    }

    /// Appends a string given as UTF-16 code units (lone surrogates included: the library reports them).
    pub fn push_utf16(&mut self, units: &[u16]) -> Result<usize, OutOfMemory> {
        self.units.try_reserve(units.len())?;
        self.units.extend_from_slice(units);
        self.end_string()
    }

    /// Appends a string given as little-endian UTF-16 bytes (an even number of them).
    pub fn push_utf16le(&mut self, bytes: &[u8]) -> Result<usize, OutOfMemory> {
        debug_assert!(bytes.len().is_multiple_of(2));
        self.units.try_reserve(bytes.len() / 2)?;
        self.units.extend(bytes.chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]])));
        self.end_string()
    }

    /// Appends a Rust string.
    pub fn push_str(&mut self, text: &str) -> Result<usize, OutOfMemory> {
        self.push_valid_utf8(text)?;
        self.end_string()
    }

    /// Appends a string given as UTF-8 bytes; one that is not UTF-8 is appended as an empty string and, when it is
    /// the first, remembered with the offset of its first invalid sequence.
    pub fn push_utf8(&mut self, bytes: &[u8]) -> Result<usize, OutOfMemory> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.push_valid_utf8(text)?,
            Err(error) => {
                if self.invalid_utf8.is_none() {
                    self.invalid_utf8 = Some(InvalidUtf8 { string: self.ends.len(), position: error.valid_up_to() });
                }
            }
        }
        self.end_string()
    }

    /// Appends the code units of `text` to the string being built.
    pub(crate) fn push_valid_utf8(&mut self, text: &str) -> Result<(), OutOfMemory> {
        // A string never has more UTF-16 code units than UTF-8 bytes.
        self.units.try_reserve(text.len())?;
        if text.is_ascii() {
            // Most text: one unit per byte, a loop the compiler vectorizes, where encode_utf16 goes char by char.
            self.units.extend(text.bytes().map(u16::from));
        } else {
            self.units.extend(text.encode_utf16());
        }
        Ok(())
    }

    /// Appends one code unit to the string being built.
    pub(crate) fn push_unit(&mut self, unit: u16) -> Result<(), OutOfMemory> {
        self.units.try_reserve(1)?;
        self.units.push(unit);
        Ok(())
    }

    /// Ends the string being built: the code units appended since the previous end.
    pub(crate) fn end_string(&mut self) -> Result<usize, OutOfMemory> {
        self.ends.try_reserve(1)?;
        self.ends.push(self.units.len());
        Ok(self.ends.len() - 1)
    }
}

/// The status of an error reply: the C ABI's `EdStatus` numbers, then the service's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    InvalidUtf16 = 2,
    InvalidArgument = 3,
    Panic = 5,
    OutOfMemory = 6,
    MalformedRequest = 16,
    FrameTooLarge = 17,
    UnknownOperation = 18,
    UnknownCorpus = 19,
    InvalidUtf8 = 20,
    ShuttingDown = 21,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::InvalidUtf16,
        Status::InvalidArgument,
        Status::Panic,
        Status::OutOfMemory,
        Status::MalformedRequest,
        Status::FrameTooLarge,
        Status::UnknownOperation,
        Status::UnknownCorpus,
        Status::InvalidUtf8,
        Status::ShuttingDown,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(code: u8) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::InvalidUtf16 => "invalid_utf16",
            Status::InvalidArgument => "invalid_argument",
            Status::Panic => "panic",
            Status::OutOfMemory => "out_of_memory",
            Status::MalformedRequest => "malformed_request",
            Status::FrameTooLarge => "frame_too_large",
            Status::UnknownOperation => "unknown_operation",
            Status::UnknownCorpus => "unknown_corpus",
            Status::InvalidUtf8 => "invalid_utf8",
            Status::ShuttingDown => "shutting_down",
        }
    }

    pub fn from_name(name: &[u8]) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.name().as_bytes() == name)
    }
}

/// The argument an error is about: the C ABI's `EdArgument` numbers, then the service's own. JSON names
/// [`ErrorArgument::None`] `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorArgument {
    None = 0,
    A = 1,
    B = 2,
    Query = 3,
    Corpus = 4,
    Strategy = 5,
    Threads = 6,
    K = 9,
    MaxDistance = 10,
    Pairs = 11,
    Request = 12,
}

impl ErrorArgument {
    pub const ALL: [ErrorArgument; 11] = [
        ErrorArgument::None,
        ErrorArgument::A,
        ErrorArgument::B,
        ErrorArgument::Query,
        ErrorArgument::Corpus,
        ErrorArgument::Strategy,
        ErrorArgument::Threads,
        ErrorArgument::K,
        ErrorArgument::MaxDistance,
        ErrorArgument::Pairs,
        ErrorArgument::Request,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(code: u8) -> Option<ErrorArgument> {
        ErrorArgument::ALL.into_iter().find(|argument| argument.code() == code)
    }

    /// The contract's name; `None` for [`ErrorArgument::None`].
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            ErrorArgument::None => return None,
            ErrorArgument::A => "a",
            ErrorArgument::B => "b",
            ErrorArgument::Query => "query",
            ErrorArgument::Corpus => "corpus",
            ErrorArgument::Strategy => "strategy",
            ErrorArgument::Threads => "threads",
            ErrorArgument::K => "k",
            ErrorArgument::MaxDistance => "max_distance",
            ErrorArgument::Pairs => "pairs",
            ErrorArgument::Request => "request",
        })
    }

    pub fn from_name(name: &[u8]) -> Option<ErrorArgument> {
        ErrorArgument::ALL.into_iter().find(|argument| argument.name().is_some_and(|n| n.as_bytes() == name))
    }
}

impl From<edit_distance::Argument> for ErrorArgument {
    fn from(argument: edit_distance::Argument) -> Self {
        use edit_distance::Argument;
        match argument {
            Argument::A => ErrorArgument::A,
            Argument::B => ErrorArgument::B,
            Argument::Query => ErrorArgument::Query,
            Argument::Corpus => ErrorArgument::Corpus,
            Argument::Strategy => ErrorArgument::Strategy,
            Argument::Threads => ErrorArgument::Threads,
            // Arguments of the C ABI alone (out-parameters, callbacks): the service has no such thing, so an error
            // about one would be a bug, reported as about nothing in particular.
            _ => ErrorArgument::None,
        }
    }
}

/// An error reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub status: Status,
    pub argument: ErrorArgument,
    /// The corpus entry or batch pair that holds the error.
    pub item: Option<u32>,
    /// `invalid_utf16`: UTF-16 index of the lone surrogate; `invalid_utf8`: byte offset; otherwise 0.
    pub position: u64,
    /// `invalid_utf16`: the same position in code points; `invalid_utf8`: the byte offset; otherwise 0.
    pub code_point: u64,
    pub message: String,
}

impl Failure {
    pub fn new(status: Status, argument: ErrorArgument, message: impl Into<String>) -> Failure {
        Failure { status, argument, item: None, position: 0, code_point: 0, message: message.into() }
    }

    pub fn malformed(argument: ErrorArgument, message: impl Into<String>) -> Failure {
        Failure::new(Status::MalformedRequest, argument, message)
    }

    pub fn with_item(mut self, item: usize) -> Failure {
        self.item = Some(u32::try_from(item).unwrap_or(NO_ITEM));
        self
    }

    pub fn out_of_memory() -> Failure {
        Failure::new(
            Status::OutOfMemory,
            ErrorArgument::None,
            "out of memory: a buffer proportional to the request could not be allocated",
        )
    }

    pub fn frame_too_large(max_frame: u32) -> Failure {
        Failure::new(
            Status::FrameTooLarge,
            ErrorArgument::Request,
            format!("the request is larger than the server's limit of {max_frame} bytes (--max-frame); the connection is closed"),
        )
    }
}

impl From<OutOfMemory> for Failure {
    fn from(_: OutOfMemory) -> Self {
        Failure::out_of_memory()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status.name(), self.message)
    }
}

/// One match of a nearest search, as it travels (indexes and distances fit `u32`: a corpus holds at most
/// `u32::MAX` entries, and a string is shorter than a frame).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub index: u32,
    pub distance: u32,
}

/// The result of a request that succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `ping`, `corpus_free`, `shutdown`.
    Done,
    Distance(u32),
    Distances(Vec<u32>),
    Corpus { corpus: u64, count: u32 },
    Matches(Vec<Match>),
}

pub type Reply = Result<Outcome, Failure>;

/// A reply a client could not decode: the bytes do not follow the protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadReply(pub String);

impl fmt::Display for BadReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed reply: {}", self.0)
    }
}

impl std::error::Error for BadReply {}

/// A request a client cannot encode: a string with a lone surrogate bound for a UTF-8 connection (UTF-8 cannot
/// carry one; UTF-16 and JSON's `\u` escapes can, and the server then reports it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoneSurrogate {
    /// Which string of the request (an index of [`Texts::get`]).
    pub string: usize,
}

impl fmt::Display for LoneSurrogate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "string {} has a lone surrogate, which UTF-8 cannot carry", self.string)
    }
}

impl std::error::Error for LoneSurrogate {}
