//! The JSON-lines wire format (rust/server/README.md, "JSON lines"): one object per line, requests and replies.
//!
//! Written by hand over bytes, std only (no serde: crates.io is unreachable from the build machines). Requests
//! decode straight into a [`Request`] and its [`Texts`], with no tree of values in between, which is what a
//! typed serde deserializer would do too, so the JSON tax measured is not inflated by a naive parser.
//!
//! JSON strings decode to UTF-16 code units: a `\uXXXX` escape is one code unit, so an escaped surrogate pair
//! lands as the pair and an escaped lone surrogate reaches the library, which reports it as `invalid_utf16`,
//! exactly as in the UTF-16 binary format. The line itself must be UTF-8 (RFC 8259), checked once up front.
//!
//! Integers are non-negative and without fraction or exponent. `k`, `max_distance` and `threads` beyond
//! `u32::MAX` are taken as `u32::MAX`, which means the same (every entry, no bound, as many threads as the machine
//! has), so a client need not clamp them; `corpus` beyond `u64::MAX` names no corpus.

use edit_distance::Strategy;

use crate::protocol::{
    strategy_from_name, BadReply, ErrorArgument, Failure, List, Match, Operation, Outcome, OutOfMemory, Reply,
    Request, Status, Texts, NO_BOUND,
};

/// Decodes one request line (without its `\n`). `texts` is cleared first and receives its strings.
///
/// # Errors
/// `invalid_utf8` for a line that is not UTF-8; `malformed_request` for one that is not a JSON object, has an
/// unknown, duplicate, missing or mistyped field; `unknown_operation`; `out_of_memory`.
pub fn decode_request(line: &[u8], texts: &mut Texts) -> Result<Request, Failure> {
    texts.clear();
    let text = std::str::from_utf8(line).map_err(|error| {
        let at = error.valid_up_to() as u64;
        Failure {
            position: at,
            code_point: at,
            ..Failure::new(Status::InvalidUtf8, ErrorArgument::Request, format!("the request is not valid UTF-8: invalid sequence at byte {at}"))
        }
    })?;
    // No string has more UTF-16 code units than the line has bytes: one allocation, bounded by --max-frame.
    texts.reserve(line.len(), 0)?;
    let mut parser = Parser { text, bytes: line, at: 0 };
    let fields = parser.request_fields(texts)?;
    parser.end()?;
    fields.into_request()
}

/// The fields of a request object, each as decoded, before the operation says which it needs.
#[derive(Default)]
struct Fields<'a> {
    present: u32,
    op: Option<&'a [u8]>,
    strategy: Option<Strategy>,
    max_distance: Option<u32>,
    a: usize,
    b: usize,
    query: usize,
    pairs: List,
    entries: List,
    corpus: u64,
    k: u32,
    threads: u32,
}

/// One bit per field, in request order: the order in which missing fields are reported.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Op = 0,
    Corpus,
    Strategy,
    A,
    B,
    Query,
    K,
    MaxDistance,
    Threads,
    Pairs,
    Entries,
}

impl Field {
    const ALL: [Field; 11] = [
        Field::Op,
        Field::Corpus,
        Field::Strategy,
        Field::A,
        Field::B,
        Field::Query,
        Field::K,
        Field::MaxDistance,
        Field::Threads,
        Field::Pairs,
        Field::Entries,
    ];

    fn name(self) -> &'static str {
        match self {
            Field::Op => "op",
            Field::Corpus => "corpus",
            Field::Strategy => "strategy",
            Field::A => "a",
            Field::B => "b",
            Field::Query => "query",
            Field::K => "k",
            Field::MaxDistance => "max_distance",
            Field::Threads => "threads",
            Field::Pairs => "pairs",
            Field::Entries => "entries",
        }
    }

    fn from_name(name: &[u8]) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.name().as_bytes() == name)
    }

    fn bit(self) -> u32 {
        1 << self as u32
    }

    /// The argument an error about this field names: a corpus's entries are the `corpus` argument, as in
    /// every implementation's errors.
    fn argument(self) -> ErrorArgument {
        match self {
            Field::Op => ErrorArgument::Request,
            Field::Corpus | Field::Entries => ErrorArgument::Corpus,
            Field::Strategy => ErrorArgument::Strategy,
            Field::A => ErrorArgument::A,
            Field::B => ErrorArgument::B,
            Field::Query => ErrorArgument::Query,
            Field::K => ErrorArgument::K,
            Field::MaxDistance => ErrorArgument::MaxDistance,
            Field::Threads => ErrorArgument::Threads,
            Field::Pairs => ErrorArgument::Pairs,
        }
    }
}

/// The fields of each operation, in request order.
fn fields_of(operation: Operation) -> &'static [Field] {
    use Field::*;
    match operation {
        Operation::Ping | Operation::Shutdown => &[Op],
        Operation::Distance => &[Op, Strategy, A, B, MaxDistance],
        Operation::DistanceBatch => &[Op, Strategy, MaxDistance, Pairs],
        Operation::CorpusCreate => &[Op, Entries],
        Operation::CorpusNearest => &[Op, Corpus, Strategy, Query, K, MaxDistance, Threads],
        Operation::CorpusFree => &[Op, Corpus],
        Operation::Nearest => &[Op, Strategy, Query, K, MaxDistance, Entries],
    }
}

impl Fields<'_> {
    fn into_request(self) -> Result<Request, Failure> {
        let Some(name) = self.op else {
            return Err(Failure::malformed(ErrorArgument::Request, "missing field \"op\""));
        };
        let Some(operation) = Operation::from_name(name) else {
            return Err(Failure::new(
                Status::UnknownOperation,
                ErrorArgument::Request,
                format!("unknown operation \"{}\"", String::from_utf8_lossy(name)),
            ));
        };
        let fields = fields_of(operation);
        let allowed = fields.iter().fold(0, |mask, field| mask | field.bit());
        if let Some(extra) = Field::ALL.into_iter().find(|field| self.present & field.bit() & !allowed != 0) {
            return Err(Failure::malformed(
                extra.argument(),
                format!("field \"{}\" does not belong to a {} request", extra.name(), operation.name()),
            ));
        }
        // `max_distance` (no bound) and `threads` (1) may be left out; report the first other one missing.
        let optional = Field::MaxDistance.bit() | Field::Threads.bit();
        if let Some(missing) = fields.iter().find(|field| (self.present | optional) & field.bit() == 0) {
            return Err(Failure::malformed(missing.argument(), format!("missing field \"{}\"", missing.name())));
        }
        let strategy = self.strategy.unwrap_or(Strategy::Dp);
        let threads = if self.present & Field::Threads.bit() == 0 { 1 } else { self.threads };
        Ok(match operation {
            Operation::Ping => Request::Ping,
            Operation::Shutdown => Request::Shutdown,
            Operation::Distance => Request::Distance { strategy, max_distance: self.max_distance, a: self.a, b: self.b },
            Operation::DistanceBatch => Request::DistanceBatch { strategy, max_distance: self.max_distance, pairs: self.pairs },
            Operation::CorpusCreate => Request::CorpusCreate { entries: self.entries },
            Operation::CorpusNearest => Request::CorpusNearest {
                corpus: self.corpus,
                strategy,
                query: self.query,
                k: self.k,
                max_distance: self.max_distance,
                threads,
            },
            Operation::CorpusFree => Request::CorpusFree { corpus: self.corpus },
            Operation::Nearest => {
                Request::Nearest { strategy, query: self.query, k: self.k, max_distance: self.max_distance, entries: self.entries }
            }
        })
    }
}

struct Parser<'a> {
    /// The line, known to be UTF-8, for slicing runs of string content.
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn syntax(&self, expected: &str) -> Failure {
        let found = match self.bytes.get(self.at) {
            Some(&byte) if byte.is_ascii_graphic() => format!("'{}'", byte as char),
            Some(&byte) => format!("byte 0x{byte:02X}"),
            None => "the end of the line".to_string(),
        };
        Failure::malformed(ErrorArgument::Request, format!("not a JSON request: expected {expected} at byte {}, found {found}", self.at))
    }

    fn whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.whitespace();
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8, expected: &str) -> Result<(), Failure> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.syntax(expected))
        }
    }

    fn end(&mut self) -> Result<(), Failure> {
        if self.peek().is_some() {
            return Err(self.syntax("the end of the line after the object"));
        }
        Ok(())
    }

    fn eat_word(&mut self, word: &[u8]) -> bool {
        self.whitespace();
        if self.bytes[self.at..].starts_with(word) {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    /// Calls `item` for each element of an array, with its index.
    fn array(&mut self, mut item: impl FnMut(&mut Self, usize) -> Result<(), Failure>) -> Result<usize, Failure> {
        self.expect(b'[', "'['")?;
        let mut count = 0;
        if self.eat(b']') {
            return Ok(0);
        }
        loop {
            item(self, count)?;
            count += 1;
            if self.eat(b']') {
                return Ok(count);
            }
            self.expect(b',', "',' or ']'")?;
        }
    }

    /// Calls `field` for each member of an object, with its raw key (keys are field names: plain ASCII, so an
    /// escaped key is simply an unknown one).
    fn object(&mut self, mut field: impl FnMut(&mut Self, &'a [u8]) -> Result<(), Failure>) -> Result<(), Failure> {
        self.expect(b'{', "'{'")?;
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            let key = self.raw_string().ok_or_else(|| self.syntax("a field name"))?;
            self.expect(b':', "':'")?;
            field(self, key)?;
            if self.eat(b'}') {
                return Ok(());
            }
            self.expect(b',', "',' or '}'")?;
        }
    }

    /// The bytes of a string value up to its closing quote, escapes left as they are.
    fn raw_string(&mut self) -> Option<&'a [u8]> {
        if !self.eat(b'"') {
            return None;
        }
        let start = self.at;
        while let Some(&byte) = self.bytes.get(self.at) {
            match byte {
                b'"' => {
                    self.at += 1;
                    return Some(&self.bytes[start..self.at - 1]);
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
        self.at = self.bytes.len();
        None
    }

    /// Decodes a string value into `texts` as a new string.
    fn string(&mut self, texts: &mut Texts, argument: ErrorArgument) -> Result<usize, Failure> {
        if !self.eat(b'"') {
            return Err(Failure::malformed(argument, format!("expected a string at byte {}", self.at)));
        }
        loop {
            // The run up to the next quote, escape or control character is copied as it is; the bounds are ASCII
            // bytes, so slicing the validated line there cannot split a character.
            let start = self.at;
            while let Some(&byte) = self.bytes.get(self.at) {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.at += 1;
            }
            texts.push_valid_utf8(&self.text[start..self.at])?;
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(texts.end_string()?);
                }
                Some(b'\\') => {
                    let unit = match self.bytes.get(self.at + 1) {
                        Some(b'"') => u16::from(b'"'),
                        Some(b'\\') => u16::from(b'\\'),
                        Some(b'/') => u16::from(b'/'),
                        Some(b'b') => 0x08,
                        Some(b'f') => 0x0C,
                        Some(b'n') => u16::from(b'\n'),
                        Some(b'r') => u16::from(b'\r'),
                        Some(b't') => u16::from(b'\t'),
                        Some(b'u') => self.hex4(self.at + 2).ok_or_else(|| {
                            Failure::malformed(argument, format!("bad \\u escape at byte {}: four hex digits expected", self.at))
                        })?,
                        _ => return Err(Failure::malformed(argument, format!("bad escape at byte {}", self.at))),
                    };
                    self.at += if self.bytes[self.at + 1] == b'u' { 6 } else { 2 };
                    // Each \uXXXX is one UTF-16 code unit, paired or not: a pair arrives as two escapes and lands as
                    // its two units; a lone one is kept for the library to report.
                    texts.push_unit(unit)?;
                }
                Some(_) => {
                    return Err(Failure::malformed(argument, format!("unescaped control character in a string at byte {}", self.at)))
                }
                None => return Err(Failure::malformed(argument, "unterminated string")),
            }
        }
    }

    fn hex4(&self, at: usize) -> Option<u16> {
        let digits = self.bytes.get(at..at + 4)?;
        digits.iter().try_fold(0u16, |value, &digit| Some(value << 4 | (digit as char).to_digit(16)? as u16))
    }

    /// A non-negative integer; beyond `u64::MAX` it saturates.
    fn integer(&mut self, argument: ErrorArgument) -> Result<u64, Failure> {
        self.whitespace();
        let start = self.at;
        let mut value: u64 = 0;
        while let Some(&digit @ b'0'..=b'9') = self.bytes.get(self.at) {
            value = value.saturating_mul(10).saturating_add(u64::from(digit - b'0'));
            self.at += 1;
        }
        if self.at == start {
            return Err(if self.bytes.get(self.at) == Some(&b'-') {
                Failure::malformed(argument, format!("a negative {} cannot be expressed", argument.name().unwrap_or("value")))
            } else {
                Failure::malformed(argument, format!("expected an integer at byte {start}"))
            });
        }
        if let Some(b'.' | b'e' | b'E') = self.bytes.get(self.at) {
            return Err(Failure::malformed(argument, format!("expected an integer at byte {start}, found a fraction")));
        }
        Ok(value)
    }

    fn u32(&mut self, argument: ErrorArgument) -> Result<u32, Failure> {
        Ok(u32::try_from(self.integer(argument)?).unwrap_or(u32::MAX))
    }

    fn request_fields(&mut self, texts: &mut Texts) -> Result<Fields<'a>, Failure> {
        let mut fields = Fields::default();
        self.object(|parser, key| {
            let Some(field) = Field::from_name(key) else {
                return Err(Failure::malformed(
                    ErrorArgument::Request,
                    format!("unknown field \"{}\"", String::from_utf8_lossy(key)),
                ));
            };
            if fields.present & field.bit() != 0 {
                return Err(Failure::malformed(field.argument(), format!("duplicate field \"{}\"", field.name())));
            }
            fields.present |= field.bit();
            let argument = field.argument();
            match field {
                Field::Op => {
                    fields.op = Some(parser.raw_string().ok_or_else(|| Failure::malformed(argument, "\"op\" must be a string"))?);
                }
                Field::Strategy => {
                    let name = parser.raw_string().unwrap_or_default();
                    fields.strategy = Some(strategy_from_name(name).ok_or_else(|| {
                        Failure::malformed(argument, "\"strategy\" must be \"dp\" or \"bitparallel\"")
                    })?);
                }
                Field::MaxDistance => {
                    let bound = if parser.eat_word(b"null") { NO_BOUND } else { parser.u32(argument)? };
                    fields.max_distance = (bound != NO_BOUND).then_some(bound);
                }
                Field::A => fields.a = parser.string(texts, argument)?,
                Field::B => fields.b = parser.string(texts, argument)?,
                Field::Query => fields.query = parser.string(texts, argument)?,
                Field::Corpus => fields.corpus = parser.integer(argument)?,
                Field::K => fields.k = parser.u32(argument)?,
                Field::Threads => fields.threads = parser.u32(argument)?,
                Field::Pairs => {
                    let first = texts.len();
                    let count = parser.array(|parser, pair| {
                        let strings = parser.array(|parser, _| {
                            parser.string(texts, argument).map(drop).map_err(|failure| failure.with_item(pair))
                        })?;
                        if strings != 2 {
                            return Err(Failure::malformed(argument, format!("pair {pair} has {strings} strings, not 2")).with_item(pair));
                        }
                        Ok(())
                    })?;
                    fields.pairs = List { first, count };
                }
                Field::Entries => {
                    let first = texts.len();
                    let count = parser.array(|parser, entry| parser.string(texts, argument).map(drop).map_err(|f| f.with_item(entry)))?;
                    fields.entries = List { first, count };
                }
            }
            Ok(())
        })?;
        Ok(fields)
    }
}

/// Appends a request as one line, as a client sends it. Strings are written as UTF-8 with `"`, `\` and control
/// characters escaped; a lone surrogate as its `\uXXXX` escape.
pub fn encode_request(request: &Request, texts: &Texts, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"op\":\"");
    out.extend_from_slice(request.operation().name().as_bytes());
    out.push(b'"');
    let string = |out: &mut Vec<u8>, name: &str, index: usize| {
        put_key(out, name);
        put_units(out, texts.get(index));
    };
    let list = |out: &mut Vec<u8>, name: &str, list: List, per: usize| {
        put_key(out, name);
        out.push(b'[');
        for item in 0..list.count {
            if item > 0 {
                out.push(b',');
            }
            if per == 2 {
                out.push(b'[');
                put_units(out, texts.get(list.first + 2 * item));
                out.push(b',');
                put_units(out, texts.get(list.first + 2 * item + 1));
                out.push(b']');
            } else {
                put_units(out, texts.get(list.first + item));
            }
        }
        out.push(b']');
    };
    match *request {
        Request::Ping | Request::Shutdown => {}
        Request::Distance { strategy, max_distance, a, b } => {
            put_strategy(out, strategy);
            string(out, "a", a);
            string(out, "b", b);
            put_bound(out, max_distance);
        }
        Request::DistanceBatch { strategy, max_distance, pairs } => {
            put_strategy(out, strategy);
            put_bound(out, max_distance);
            list(out, "pairs", pairs, 2);
        }
        Request::CorpusCreate { entries } => list(out, "entries", entries, 1),
        Request::CorpusNearest { corpus, strategy, query, k, max_distance, threads } => {
            put_key(out, "corpus");
            put_integer(out, corpus);
            put_strategy(out, strategy);
            string(out, "query", query);
            put_key(out, "k");
            put_integer(out, u64::from(k));
            put_bound(out, max_distance);
            put_key(out, "threads");
            put_integer(out, u64::from(threads));
        }
        Request::CorpusFree { corpus } => {
            put_key(out, "corpus");
            put_integer(out, corpus);
        }
        Request::Nearest { strategy, query, k, max_distance, entries } => {
            put_strategy(out, strategy);
            string(out, "query", query);
            put_key(out, "k");
            put_integer(out, u64::from(k));
            put_bound(out, max_distance);
            list(out, "entries", entries, 1);
        }
    }
    out.extend_from_slice(b"}\n");
}

fn put_key(out: &mut Vec<u8>, name: &str) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":");
}

fn put_strategy(out: &mut Vec<u8>, strategy: Strategy) {
    put_key(out, "strategy");
    out.push(b'"');
    out.extend_from_slice(strategy.name().as_bytes());
    out.push(b'"');
}

fn put_bound(out: &mut Vec<u8>, bound: Option<u32>) {
    put_key(out, "max_distance");
    match bound {
        Some(bound) => put_integer(out, u64::from(bound)),
        None => out.extend_from_slice(b"null"),
    }
}

/// Writes an integer in decimal without going through `fmt` (a batch reply writes thousands).
pub fn put_integer(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

fn put_escaped_char(out: &mut Vec<u8>, c: char) {
    match c {
        '"' => out.extend_from_slice(b"\\\""),
        '\\' => out.extend_from_slice(b"\\\\"),
        '\n' => out.extend_from_slice(b"\\n"),
        '\r' => out.extend_from_slice(b"\\r"),
        '\t' => out.extend_from_slice(b"\\t"),
        c if u32::from(c) < 0x20 => put_unit_escape(out, c as u16),
        c => {
            let mut buffer = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
        }
    }
}

fn put_unit_escape(out: &mut Vec<u8>, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[usize::from(unit >> shift & 0xF)]);
    }
}

fn put_units(out: &mut Vec<u8>, units: &[u16]) {
    out.push(b'"');
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => put_escaped_char(out, c),
            Err(lone) => put_unit_escape(out, lone.unpaired_surrogate()),
        }
    }
    out.push(b'"');
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    for c in text.chars() {
        put_escaped_char(out, c);
    }
    out.push(b'"');
}

/// An upper bound of a reply line's size, so that its buffer is reserved once, fallibly.
fn reply_len(reply: &Reply) -> usize {
    const INTEGER: usize = 20;
    64 + match reply {
        Ok(Outcome::Done | Outcome::Distance(_) | Outcome::Corpus { .. }) => 2 * INTEGER,
        Ok(Outcome::Distances(distances)) => distances.len() * (10 + 1),
        Ok(Outcome::Matches(matches)) => matches.len() * (2 * 10 + 4),
        // Escapes take at most six bytes per byte of the message.
        Err(failure) => 96 + 3 * INTEGER + 6 * failure.message.len(),
    }
}

/// Appends a reply as one line, as the server sends it.
///
/// # Errors
/// When the line's buffer cannot be allocated; nothing is appended then.
pub fn encode_reply(reply: &Reply, out: &mut Vec<u8>) -> Result<(), OutOfMemory> {
    out.try_reserve(reply_len(reply))?;
    match reply {
        Ok(outcome) => {
            out.extend_from_slice(b"{\"ok\":true");
            match outcome {
                Outcome::Done => {}
                Outcome::Distance(distance) => {
                    put_key(out, "distance");
                    put_integer(out, u64::from(*distance));
                }
                Outcome::Distances(distances) => {
                    put_key(out, "distances");
                    out.push(b'[');
                    for (i, distance) in distances.iter().enumerate() {
                        if i > 0 {
                            out.push(b',');
                        }
                        put_integer(out, u64::from(*distance));
                    }
                    out.push(b']');
                }
                Outcome::Corpus { corpus, count } => {
                    put_key(out, "corpus");
                    put_integer(out, *corpus);
                    put_key(out, "count");
                    put_integer(out, u64::from(*count));
                }
                Outcome::Matches(matches) => {
                    put_key(out, "matches");
                    out.push(b'[');
                    for (i, m) in matches.iter().enumerate() {
                        if i > 0 {
                            out.push(b',');
                        }
                        out.push(b'[');
                        put_integer(out, u64::from(m.index));
                        out.push(b',');
                        put_integer(out, u64::from(m.distance));
                        out.push(b']');
                    }
                    out.push(b']');
                }
            }
        }
        Err(failure) => {
            out.extend_from_slice(b"{\"ok\":false");
            put_key(out, "error");
            put_str(out, failure.status.name());
            put_key(out, "argument");
            match failure.argument.name() {
                Some(name) => put_str(out, name),
                None => out.extend_from_slice(b"null"),
            }
            put_key(out, "item");
            match failure.item {
                Some(item) => put_integer(out, u64::from(item)),
                None => out.extend_from_slice(b"null"),
            }
            put_key(out, "position");
            put_integer(out, failure.position);
            put_key(out, "code_point");
            put_integer(out, failure.code_point);
            put_key(out, "message");
            put_str(out, &failure.message);
        }
    }
    out.extend_from_slice(b"}\n");
    Ok(())
}

/// Decodes one reply line (without its `\n`) to a request of `operation`, as a client reads it.
pub fn decode_reply(line: &[u8], operation: Operation) -> Result<Reply, BadReply> {
    let text = std::str::from_utf8(line).map_err(|_| BadReply("not UTF-8".into()))?;
    let mut parser = Parser { text, bytes: line, at: 0 };
    let bad = |failure: Failure| BadReply(failure.message);
    let mut ok = None;
    let mut outcome = Outcome::Done;
    let (mut corpus, mut count) = (None, None);
    let mut failure = Failure::new(Status::Panic, ErrorArgument::None, "");
    let mut status = None;
    let mut scratch = Texts::new();
    let any = ErrorArgument::None;
    parser
        .object(|parser, key| {
            match key {
                b"ok" => ok = Some(if parser.eat_word(b"true") { true } else if parser.eat_word(b"false") { false } else { return Err(parser.syntax("true or false")) }),
                b"distance" => outcome = Outcome::Distance(parser.u32(any)?),
                b"distances" => {
                    let mut distances = Vec::new();
                    parser.array(|parser, _| {
                        distances.push(parser.u32(any)?);
                        Ok(())
                    })?;
                    outcome = Outcome::Distances(distances);
                }
                b"corpus" => corpus = Some(parser.integer(any)?),
                b"count" => count = Some(parser.u32(any)?),
                b"matches" => {
                    let mut matches = Vec::new();
                    parser.array(|parser, _| {
                        let mut pair = [0; 2];
                        let len = parser.array(|parser, i| {
                            *pair.get_mut(i).ok_or_else(|| parser.syntax("a match of two integers"))? = parser.u32(any)?;
                            Ok(())
                        })?;
                        if len != 2 {
                            return Err(parser.syntax("a match of two integers"));
                        }
                        matches.push(Match { index: pair[0], distance: pair[1] });
                        Ok(())
                    })?;
                    outcome = Outcome::Matches(matches);
                }
                b"error" => {
                    let name = parser.raw_string().unwrap_or_default();
                    status = Some(Status::from_name(name).ok_or_else(|| parser.syntax("a known status name"))?);
                }
                b"argument" => {
                    if !parser.eat_word(b"null") {
                        let name = parser.raw_string().unwrap_or_default();
                        failure.argument = ErrorArgument::from_name(name).ok_or_else(|| parser.syntax("a known argument name"))?;
                    }
                }
                b"item" => {
                    if !parser.eat_word(b"null") {
                        failure.item = Some(parser.u32(any)?);
                    }
                }
                b"position" => failure.position = parser.integer(any)?,
                b"code_point" => failure.code_point = parser.integer(any)?,
                b"message" => {
                    scratch.clear();
                    let index = parser.string(&mut scratch, any)?;
                    failure.message = String::from_utf16_lossy(scratch.get(index));
                }
                _ => return Err(parser.syntax("a known reply field")),
            }
            Ok(())
        })
        .map_err(bad)?;
    parser.end().map_err(bad)?;
    match ok {
        Some(true) => {
            if let (Some(corpus), Some(count)) = (corpus, count) {
                outcome = Outcome::Corpus { corpus, count };
            }
            let expected = match operation {
                Operation::Ping | Operation::CorpusFree | Operation::Shutdown => matches!(outcome, Outcome::Done),
                Operation::Distance => matches!(outcome, Outcome::Distance(_)),
                Operation::DistanceBatch => matches!(outcome, Outcome::Distances(_)),
                Operation::CorpusCreate => matches!(outcome, Outcome::Corpus { .. }),
                Operation::CorpusNearest | Operation::Nearest => matches!(outcome, Outcome::Matches(_)),
            };
            if !expected {
                return Err(BadReply(format!("{outcome:?} is not a reply to {}", operation.name())));
            }
            Ok(Ok(outcome))
        }
        Some(false) => {
            failure.status = status.ok_or_else(|| BadReply("an error reply without \"error\"".into()))?;
            Ok(Err(failure))
        }
        None => Err(BadReply("no \"ok\" field".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(line: &str) -> (Result<Request, Failure>, Texts) {
        let mut texts = Texts::new();
        (decode_request(line.as_bytes(), &mut texts), texts)
    }

    fn units(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    #[test]
    fn the_readme_requests_decode() {
        let (request, texts) = decode(r#"{"op":"distance","strategy":"bitparallel","a":"kitten","b":"sitting","max_distance":null}"#);
        assert_eq!(request, Ok(Request::Distance { strategy: Strategy::BitParallel, max_distance: None, a: 0, b: 1 }));
        assert_eq!((texts.get(0), texts.get(1)), (&units("kitten")[..], &units("sitting")[..]));

        // Fields in any order, whitespace anywhere, optional fields left out.
        let (request, texts) = decode(" { \"b\" : \"x\" ,\t\"a\":\"\", \"strategy\":\"dp\", \"op\":\"distance\" }\r");
        assert_eq!(request, Ok(Request::Distance { strategy: Strategy::Dp, max_distance: None, a: 1, b: 0 }));
        assert_eq!(texts.get(1), &[] as &[u16]);

        let (request, texts) = decode(r#"{"op":"distance_batch","strategy":"dp","max_distance":2,"pairs":[["a","b"],["c","d"]]}"#);
        assert_eq!(request, Ok(Request::DistanceBatch { strategy: Strategy::Dp, max_distance: Some(2), pairs: List { first: 0, count: 2 } }));
        assert_eq!(texts.get(3), &units("d")[..]);

        let (request, _) = decode(r#"{"op":"corpus_nearest","corpus":1,"strategy":"dp","query":"q","k":2}"#);
        assert_eq!(
            request,
            Ok(Request::CorpusNearest { corpus: 1, strategy: Strategy::Dp, query: 0, k: 2, max_distance: None, threads: 1 })
        );
        let (request, _) = decode(r#"{"op":"nearest","strategy":"dp","query":"q","k":99999999999,"max_distance":4294967296,"entries":["a","b"]}"#);
        assert_eq!(
            request,
            Ok(Request::Nearest { strategy: Strategy::Dp, query: 0, k: u32::MAX, max_distance: None, entries: List { first: 1, count: 2 } })
        );
        assert_eq!(decode(r#"{"op":"ping"}"#).0, Ok(Request::Ping));
        assert_eq!(decode(r#"{"op":"shutdown"}"#).0, Ok(Request::Shutdown));
        assert_eq!(decode(r#"{"op":"corpus_free","corpus":18446744073709551615}"#).0, Ok(Request::CorpusFree { corpus: u64::MAX }));
        assert_eq!(decode(r#"{"op":"corpus_create","entries":[]}"#).0, Ok(Request::CorpusCreate { entries: List { first: 0, count: 0 } }));
    }

    #[test]
    fn escapes_decode_to_utf16_code_units_lone_surrogates_included() {
        let (request, texts) = decode(r#"{"op":"distance","strategy":"dp","a":"\u00e9\ud83d\ude00\n\"\\\/\b\f\r\t","b":"x\ud800y\uDC00"}"#);
        assert!(request.is_ok());
        assert_eq!(texts.get(0), &[0xE9, 0xD83D, 0xDE00, 10, 0x22, 0x5C, 0x2F, 8, 12, 13, 9]);
        assert_eq!(texts.get(1), &[0x78, 0xD800, 0x79, 0xDC00]);
        // Raw non-ASCII text and astral characters.
        let (_, texts) = decode("{\"op\":\"distance\",\"strategy\":\"dp\",\"a\":\"日本😀é\",\"b\":\"\"}");
        assert_eq!(texts.get(0), &units("日本😀é")[..]);
    }

    #[test]
    fn every_request_round_trips_through_the_client_encoder() {
        let mut texts = Texts::new();
        let a = texts.push_utf16(&[0x61, 0xD800, 0x22, 0x5C, 0x0A, 0x01]).unwrap();
        let b = texts.push_str("日本😀").unwrap();
        texts.push_str("").unwrap();
        let requests = [
            Request::Ping,
            Request::Shutdown,
            Request::Distance { strategy: Strategy::BitParallel, max_distance: Some(7), a, b },
            Request::DistanceBatch { strategy: Strategy::Dp, max_distance: None, pairs: List { first: 0, count: 1 } },
            Request::CorpusCreate { entries: List { first: 0, count: 3 } },
            Request::CorpusNearest { corpus: u64::MAX, strategy: Strategy::Dp, query: b, k: 0, max_distance: Some(0), threads: 4 },
            Request::CorpusFree { corpus: 3 },
            Request::Nearest { strategy: Strategy::Dp, query: a, k: 2, max_distance: None, entries: List { first: 1, count: 2 } },
        ];
        for request in requests {
            let mut line = Vec::new();
            encode_request(&request, &texts, &mut line);
            assert_eq!(line.pop(), Some(b'\n'));
            assert!(std::str::from_utf8(&line).is_ok(), "a lone surrogate is escaped, never written raw");
            let mut decoded = Texts::new();
            let back = decode_request(&line, &mut decoded).unwrap();
            let mut again = Vec::new();
            encode_request(&back, &decoded, &mut again);
            again.pop();
            assert_eq!(String::from_utf8(again).unwrap(), String::from_utf8(line).unwrap());
        }
    }

    #[test]
    fn replies_are_the_readme_lines_and_round_trip() {
        let line = |reply: &Reply| {
            let mut out = Vec::new();
            encode_reply(reply, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(line(&Ok(Outcome::Done)), "{\"ok\":true}\n");
        assert_eq!(line(&Ok(Outcome::Distance(3))), "{\"ok\":true,\"distance\":3}\n");
        assert_eq!(line(&Ok(Outcome::Distances(vec![0, 4294967295]))), "{\"ok\":true,\"distances\":[0,4294967295]}\n");
        assert_eq!(line(&Ok(Outcome::Corpus { corpus: 1, count: 3 })), "{\"ok\":true,\"corpus\":1,\"count\":3}\n");
        let matches = Ok(Outcome::Matches(vec![Match { index: 2, distance: 0 }, Match { index: 10, distance: 1 }]));
        assert_eq!(line(&matches), "{\"ok\":true,\"matches\":[[2,0],[10,1]]}\n");
        let failure = Failure {
            status: Status::InvalidUtf16,
            argument: ErrorArgument::A,
            item: None,
            position: 3,
            code_point: 2,
            message: "a \"quoted\"\n é".into(),
        };
        assert_eq!(
            line(&Err(failure.clone())),
            "{\"ok\":false,\"error\":\"invalid_utf16\",\"argument\":\"a\",\"item\":null,\"position\":3,\"code_point\":2,\"message\":\"a \\\"quoted\\\"\\n é\"}\n"
        );
        let none = Failure { item: Some(7), ..Failure::new(Status::Panic, ErrorArgument::None, "") };
        assert!(line(&Err(none.clone())).contains("\"argument\":null,\"item\":7"));
        let cases = [
            (Operation::Ping, Ok(Outcome::Done)),
            (Operation::Distance, Ok(Outcome::Distance(3))),
            (Operation::DistanceBatch, Ok(Outcome::Distances(vec![]))),
            (Operation::CorpusCreate, Ok(Outcome::Corpus { corpus: u64::MAX, count: 0 })),
            (Operation::Nearest, matches),
            (Operation::Distance, Err(failure)),
            (Operation::Shutdown, Err(none)),
        ];
        for (operation, reply) in cases {
            let text = line(&reply);
            assert_eq!(decode_reply(text.trim_end().as_bytes(), operation), Ok(reply));
        }
        assert!(decode_reply(b"{\"ok\":true,\"distance\":1}", Operation::Ping).is_err());
    }

    fn failure(line: &[u8]) -> (Status, ErrorArgument, Option<u32>, String) {
        let failure = decode_request(line, &mut Texts::new()).unwrap_err();
        (failure.status, failure.argument, failure.item, failure.message)
    }

    #[test]
    fn bad_lines_are_malformed_and_name_the_field() {
        use ErrorArgument as A;
        use Status::*;
        let cases: &[(&str, Status, ErrorArgument, Option<u32>)] = &[
            ("", MalformedRequest, A::Request, None),
            ("not json", MalformedRequest, A::Request, None),
            ("[]", MalformedRequest, A::Request, None),
            ("{\"op\":\"ping\"", MalformedRequest, A::Request, None),
            ("{\"op\":\"ping\"} {}", MalformedRequest, A::Request, None),
            ("{\"op\":\"ping\",}", MalformedRequest, A::Request, None),
            ("{}", MalformedRequest, A::Request, None),
            ("{\"op\":3}", MalformedRequest, A::Request, None),
            ("{\"op\":\"fly\"}", UnknownOperation, A::Request, None),
            ("{\"op\":\"ping\",\"mood\":1}", MalformedRequest, A::Request, None),
            ("{\"op\":\"ping\",\"a\":\"x\"}", MalformedRequest, A::A, None),
            ("{\"op\":\"ping\",\"op\":\"ping\"}", MalformedRequest, A::Request, None),
            ("{\"op\":\"distance\",\"strategy\":\"dp\",\"b\":\"x\"}", MalformedRequest, A::A, None),
            ("{\"op\":\"distance\",\"a\":\"x\",\"b\":\"x\"}", MalformedRequest, A::Strategy, None),
            ("{\"op\":\"distance\",\"strategy\":\"fast\",\"a\":\"x\",\"b\":\"x\"}", MalformedRequest, A::Strategy, None),
            ("{\"op\":\"distance\",\"strategy\":\"dp\",\"a\":null,\"b\":\"x\"}", MalformedRequest, A::A, None),
            ("{\"op\":\"distance\",\"strategy\":\"dp\",\"a\":\"x\",\"b\":\"x\",\"max_distance\":-1}", MalformedRequest, A::MaxDistance, None),
            ("{\"op\":\"distance\",\"strategy\":\"dp\",\"a\":\"x\",\"b\":\"x\",\"max_distance\":1.5}", MalformedRequest, A::MaxDistance, None),
            ("{\"op\":\"distance\",\"strategy\":\"dp\",\"a\":\"\\x\",\"b\":\"x\"}", MalformedRequest, A::A, None),
            ("{\"op\":\"distance\",\"strategy\":\"dp\",\"a\":\"\\u12\",\"b\":\"x\"}", MalformedRequest, A::A, None),
            ("{\"op\":\"distance\",\"strategy\":\"dp\",\"a\":\"\t\",\"b\":\"x\"}", MalformedRequest, A::A, None),
            ("{\"op\":\"distance\",\"strategy\":\"dp\",\"a\":\"x", MalformedRequest, A::A, None),
            ("{\"op\":\"nearest\",\"strategy\":\"dp\",\"query\":\"q\",\"k\":-2,\"entries\":[]}", MalformedRequest, A::K, None),
            ("{\"op\":\"nearest\",\"strategy\":\"dp\",\"query\":\"q\",\"k\":1,\"entries\":[\"a\",null]}", MalformedRequest, A::Corpus, Some(1)),
            ("{\"op\":\"nearest\",\"strategy\":\"dp\",\"query\":\"q\",\"k\":1}", MalformedRequest, A::Corpus, None),
            ("{\"op\":\"distance_batch\",\"strategy\":\"dp\",\"pairs\":[[\"a\",\"b\"],[\"a\"]]}", MalformedRequest, A::Pairs, Some(1)),
            ("{\"op\":\"distance_batch\",\"strategy\":\"dp\",\"pairs\":[[\"a\",\"b\",\"c\"]]}", MalformedRequest, A::Pairs, Some(0)),
            ("{\"op\":\"corpus_nearest\",\"strategy\":\"dp\",\"query\":\"q\",\"k\":1}", MalformedRequest, A::Corpus, None),
        ];
        for &(line, status, argument, item) in cases {
            let (s, a, i, message) = failure(line.as_bytes());
            assert_eq!((s, a, i), (status, argument, item), "{line}: {message}");
        }
        let failure = decode_request(b"{\"op\":\"ping\xFF\"}", &mut Texts::new()).unwrap_err();
        assert_eq!((failure.status, failure.argument, failure.position, failure.code_point), (Status::InvalidUtf8, A::Request, 11, 11));
    }

    #[test]
    fn integers_are_written_in_decimal() {
        for value in [0, 7, 10, 99, 4294967295, u64::MAX] {
            let mut out = Vec::new();
            put_integer(&mut out, value);
            assert_eq!(String::from_utf8(out).unwrap(), value.to_string());
        }
    }
}
