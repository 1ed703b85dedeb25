//! The binary wire format: a `u32` little-endian payload length, then the payload (rust/server/README.md,
//! "Binary frames"). Requests decode into a [`Request`] whose strings land in a [`Texts`]; replies encode from a
//! [`Reply`]. The client halves (encode a request, decode a reply) serve the tests and the benchmarks.
//!
//! Every length and count read from a payload is checked against the bytes actually left before anything is
//! sized by it, so a count claiming 2^32 entries in a 20-byte frame is a `malformed_request`, not an allocation.

use edit_distance::Strategy;

use crate::protocol::{
    strategy_code, strategy_from_code, BadReply, ErrorArgument, Failure, List, LoneSurrogate, Match, Operation,
    Outcome, OutOfMemory, Reply, Request, Status, Texts, NO_BOUND, NO_ITEM,
};

/// How a binary connection carries strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// A `u32` count of UTF-16 code units, then the units, little-endian.
    Utf16,
    /// A `u32` count of bytes, then the UTF-8 bytes.
    Utf8,
}

impl Encoding {
    /// The smallest a string can be on the wire: its length field.
    const MIN_STRING: usize = 4;
}

/// The bytes of a frame's length prefix.
pub const HEADER: usize = 4;

/// Decodes a request payload (without its length prefix). `texts` is cleared first and receives its strings.
///
/// # Errors
/// `malformed_request` for a payload that does not parse (empty, truncated, an unknown strategy, bytes left over),
/// `unknown_operation`, and `out_of_memory` when the strings' buffer cannot be allocated.
pub fn decode_request(payload: &[u8], encoding: Encoding, texts: &mut Texts) -> Result<Request, Failure> {
    texts.clear();
    let mut reader = Reader { bytes: payload, at: 0, encoding };
    if payload.is_empty() {
        return Err(Failure::malformed(ErrorArgument::Request, "empty frame: a request starts with its operation byte"));
    }
    let code = reader.u8("op")?;
    let Some(operation) = Operation::from_code(code) else {
        return Err(Failure::new(Status::UnknownOperation, ErrorArgument::Request, format!("unknown operation {code}")));
    };
    // One allocation for all the strings: UTF-16 needs at most one unit per two payload bytes, UTF-8 at most one
    // unit per byte. Bounded by the frame, which --max-frame bounds.
    let units = match encoding {
        Encoding::Utf16 => payload.len() / 2,
        Encoding::Utf8 => payload.len(),
    };
    texts.reserve(units, 0)?;
    let request = match operation {
        Operation::Ping => Request::Ping,
        Operation::Distance => {
            let strategy = reader.strategy()?;
            let max_distance = reader.bound()?;
            let a = reader.string(texts, "a")?;
            let b = reader.string(texts, "b")?;
            Request::Distance { strategy, max_distance, a, b }
        }
        Operation::DistanceBatch => {
            let strategy = reader.strategy()?;
            let max_distance = reader.bound()?;
            let pairs = reader.list(texts, 2, "pairs")?;
            Request::DistanceBatch { strategy, max_distance, pairs }
        }
        Operation::CorpusCreate => Request::CorpusCreate { entries: reader.list(texts, 1, "entries")? },
        Operation::CorpusNearest => {
            let corpus = reader.u64("corpus")?;
            let strategy = reader.strategy()?;
            let query = reader.string(texts, "query")?;
            let k = reader.u32("k")?;
            let max_distance = reader.bound()?;
            let threads = reader.u32("threads")?;
            Request::CorpusNearest { corpus, strategy, query, k, max_distance, threads }
        }
        Operation::CorpusFree => Request::CorpusFree { corpus: reader.u64("corpus")? },
        Operation::Nearest => {
            let strategy = reader.strategy()?;
            let query = reader.string(texts, "query")?;
            let k = reader.u32("k")?;
            let max_distance = reader.bound()?;
            let entries = reader.list(texts, 1, "entries")?;
            Request::Nearest { strategy, query, k, max_distance, entries }
        }
        Operation::Shutdown => Request::Shutdown,
    };
    let left = payload.len() - reader.at;
    if left > 0 {
        return Err(Failure::malformed(
            ErrorArgument::Request,
            format!("{left} bytes left over after a complete {} request", operation.name()),
        ));
    }
    Ok(request)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    encoding: Encoding,
}

impl<'a> Reader<'a> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn take(&mut self, len: usize, field: &str) -> Result<&'a [u8], Failure> {
        if len > self.left() {
            return Err(Failure::malformed(
                ErrorArgument::Request,
                format!("the frame ends inside `{field}`: {len} bytes needed at offset {}, {} left", self.at, self.left()),
            ));
        }
        let taken = &self.bytes[self.at..self.at + len];
        self.at += len;
        Ok(taken)
    }

    fn u8(&mut self, field: &str) -> Result<u8, Failure> {
        Ok(self.take(1, field)?[0])
    }

    fn u32(&mut self, field: &str) -> Result<u32, Failure> {
        let bytes = self.take(4, field)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn u64(&mut self, field: &str) -> Result<u64, Failure> {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(self.take(8, field)?);
        Ok(u64::from_le_bytes(bytes))
    }

    fn strategy(&mut self) -> Result<Strategy, Failure> {
        let code = self.u8("strategy")?;
        strategy_from_code(code)
            .ok_or_else(|| Failure::malformed(ErrorArgument::Strategy, format!("unknown strategy {code} (0 = dp, 1 = bitparallel)")))
    }

    fn bound(&mut self) -> Result<Option<u32>, Failure> {
        let bound = self.u32("max_distance")?;
        Ok((bound != NO_BOUND).then_some(bound))
    }

    fn string(&mut self, texts: &mut Texts, field: &str) -> Result<usize, Failure> {
        let len = self.u32(field)? as usize;
        Ok(match self.encoding {
            // Saturating: on 32-bit targets a length whose byte count overflows cannot fit a frame anyway, and
            // `take` refuses it like any length beyond the frame.
            Encoding::Utf16 => {
                let bytes = self.take(len.saturating_mul(2), field)?;
                texts.push_utf16le(bytes)?
            }
            Encoding::Utf8 => {
                let bytes = self.take(len, field)?;
                texts.push_utf8(bytes)?
            }
        })
    }

    /// A `u32` count, then `count` groups of `per_item` strings.
    fn list(&mut self, texts: &mut Texts, per_item: usize, field: &str) -> Result<List, Failure> {
        let count = self.u32(field)? as usize;
        let strings = count.saturating_mul(per_item);
        // The count is a claim; the bytes left are a fact. Reserve for what the frame can actually hold.
        texts.reserve(0, strings.min(self.left() / Encoding::MIN_STRING))?;
        let first = texts.len();
        for _ in 0..strings {
            self.string(texts, field)?;
        }
        Ok(List { first, count })
    }
}

/// Appends a request as a whole frame (length prefix included), as a client sends it.
///
/// # Errors
/// A string with a lone surrogate bound for a UTF-8 connection.
pub fn encode_request(request: &Request, texts: &Texts, encoding: Encoding, out: &mut Vec<u8>) -> Result<(), LoneSurrogate> {
    let start = out.len();
    out.extend_from_slice(&[0; HEADER]);
    out.push(request.operation() as u8);
    let string = |out: &mut Vec<u8>, index: usize| put_string(out, texts.get(index), encoding, index);
    match *request {
        Request::Ping | Request::Shutdown => {}
        Request::Distance { strategy, max_distance, a, b } => {
            out.push(strategy_code(strategy));
            put_bound(out, max_distance);
            string(out, a)?;
            string(out, b)?;
        }
        Request::DistanceBatch { strategy, max_distance, pairs } => {
            out.push(strategy_code(strategy));
            put_bound(out, max_distance);
            put_u32(out, pairs.count);
            for index in pairs.first..pairs.first + 2 * pairs.count {
                string(out, index)?;
            }
        }
        Request::CorpusCreate { entries } => {
            put_u32(out, entries.count);
            for index in entries.first..entries.first + entries.count {
                string(out, index)?;
            }
        }
        Request::CorpusNearest { corpus, strategy, query, k, max_distance, threads } => {
            out.extend_from_slice(&corpus.to_le_bytes());
            out.push(strategy_code(strategy));
            string(out, query)?;
            out.extend_from_slice(&k.to_le_bytes());
            put_bound(out, max_distance);
            out.extend_from_slice(&threads.to_le_bytes());
        }
        Request::CorpusFree { corpus } => out.extend_from_slice(&corpus.to_le_bytes()),
        Request::Nearest { strategy, query, k, max_distance, entries } => {
            out.push(strategy_code(strategy));
            string(out, query)?;
            out.extend_from_slice(&k.to_le_bytes());
            put_bound(out, max_distance);
            put_u32(out, entries.count);
            for index in entries.first..entries.first + entries.count {
                string(out, index)?;
            }
        }
    }
    finish_frame(out, start);
    Ok(())
}

fn put_u32(out: &mut Vec<u8>, value: usize) {
    out.extend_from_slice(&u32::try_from(value).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_bound(out: &mut Vec<u8>, bound: Option<u32>) {
    out.extend_from_slice(&bound.unwrap_or(NO_BOUND).to_le_bytes());
}

fn put_string(out: &mut Vec<u8>, units: &[u16], encoding: Encoding, index: usize) -> Result<(), LoneSurrogate> {
    match encoding {
        Encoding::Utf16 => {
            put_u32(out, units.len());
            out.reserve(units.len() * 2);
            for unit in units {
                out.extend_from_slice(&unit.to_le_bytes());
            }
        }
        Encoding::Utf8 => {
            let at = out.len();
            out.extend_from_slice(&[0; 4]);
            for c in char::decode_utf16(units.iter().copied()) {
                let c = c.map_err(|_| LoneSurrogate { string: index })?;
                let mut buffer = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            }
            let len = u32::try_from(out.len() - at - 4).unwrap_or(u32::MAX);
            out[at..at + 4].copy_from_slice(&len.to_le_bytes());
        }
    }
    Ok(())
}

/// Writes the payload length of the frame that starts at `start`.
fn finish_frame(out: &mut [u8], start: usize) {
    let len = u32::try_from(out.len() - start - HEADER).unwrap_or(u32::MAX);
    out[start..start + HEADER].copy_from_slice(&len.to_le_bytes());
}

/// The size of a reply's frame, so that the buffer is reserved once, fallibly.
fn reply_len(reply: &Reply) -> usize {
    HEADER
        + 1
        + match reply {
            Ok(Outcome::Done) => 0,
            Ok(Outcome::Distance(_)) => 4,
            Ok(Outcome::Distances(distances)) => 4 + 4 * distances.len(),
            Ok(Outcome::Corpus { .. }) => 12,
            Ok(Outcome::Matches(matches)) => 4 + 8 * matches.len(),
            Err(failure) => 1 + 4 + 8 + 8 + 4 + failure.message.len(),
        }
}

/// Appends a reply as a whole frame (length prefix included), as the server sends it.
///
/// # Errors
/// When the frame's buffer cannot be allocated; nothing is appended then.
pub fn encode_reply(reply: &Reply, out: &mut Vec<u8>) -> Result<(), OutOfMemory> {
    out.try_reserve(reply_len(reply))?;
    let start = out.len();
    out.extend_from_slice(&[0; HEADER]);
    match reply {
        Ok(outcome) => {
            out.push(0);
            match outcome {
                Outcome::Done => {}
                Outcome::Distance(distance) => out.extend_from_slice(&distance.to_le_bytes()),
                Outcome::Distances(distances) => {
                    put_u32(out, distances.len());
                    for distance in distances {
                        out.extend_from_slice(&distance.to_le_bytes());
                    }
                }
                Outcome::Corpus { corpus, count } => {
                    out.extend_from_slice(&corpus.to_le_bytes());
                    out.extend_from_slice(&count.to_le_bytes());
                }
                Outcome::Matches(matches) => {
                    put_u32(out, matches.len());
                    for m in matches {
                        out.extend_from_slice(&m.index.to_le_bytes());
                        out.extend_from_slice(&m.distance.to_le_bytes());
                    }
                }
            }
        }
        Err(failure) => {
            out.push(failure.status.code());
            out.push(failure.argument.code());
            out.extend_from_slice(&failure.item.unwrap_or(NO_ITEM).to_le_bytes());
            out.extend_from_slice(&failure.position.to_le_bytes());
            out.extend_from_slice(&failure.code_point.to_le_bytes());
            put_u32(out, failure.message.len());
            out.extend_from_slice(failure.message.as_bytes());
        }
    }
    finish_frame(out, start);
    Ok(())
}

/// Decodes a reply payload (without its length prefix) to a request of `operation`, as a client reads it.
pub fn decode_reply(payload: &[u8], operation: Operation) -> Result<Reply, BadReply> {
    let mut reader = ReplyReader { bytes: payload, at: 0 };
    let status = reader.u8()?;
    let reply = if status == 0 {
        Ok(match operation {
            Operation::Ping | Operation::CorpusFree | Operation::Shutdown => Outcome::Done,
            Operation::Distance => Outcome::Distance(reader.u32()?),
            Operation::DistanceBatch => {
                let count = reader.count(4)?;
                Outcome::Distances((0..count).map(|_| reader.u32()).collect::<Result<_, _>>()?)
            }
            Operation::CorpusCreate => Outcome::Corpus { corpus: reader.u64()?, count: reader.u32()? },
            Operation::CorpusNearest | Operation::Nearest => {
                let count = reader.count(8)?;
                let matches = (0..count)
                    .map(|_| Ok(Match { index: reader.u32()?, distance: reader.u32()? }))
                    .collect::<Result<_, BadReply>>()?;
                Outcome::Matches(matches)
            }
        })
    } else {
        let status = Status::from_code(status).ok_or_else(|| BadReply(format!("unknown status {status}")))?;
        let argument = reader.u8()?;
        let argument = crate::protocol::ErrorArgument::from_code(argument)
            .ok_or_else(|| BadReply(format!("unknown argument {argument}")))?;
        let item = reader.u32()?;
        let position = reader.u64()?;
        let code_point = reader.u64()?;
        let len = reader.count(1)?;
        let message = String::from_utf8(reader.take(len)?.to_vec()).map_err(|_| BadReply("message is not UTF-8".into()))?;
        Err(Failure { status, argument, item: (item != NO_ITEM).then_some(item), position, code_point, message })
    };
    if reader.at != payload.len() {
        return Err(BadReply(format!("{} bytes left over", payload.len() - reader.at)));
    }
    Ok(reply)
}

struct ReplyReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> ReplyReader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], BadReply> {
        if len > self.bytes.len() - self.at {
            return Err(BadReply(format!("truncated at offset {}", self.at)));
        }
        self.at += len;
        Ok(&self.bytes[self.at - len..self.at])
    }

    fn u8(&mut self) -> Result<u8, BadReply> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, BadReply> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, BadReply> {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(bytes))
    }

    /// A `u32` count of items of `size` bytes each, checked against the bytes left.
    fn count(&mut self, size: usize) -> Result<usize, BadReply> {
        let count = self.u32()? as usize;
        if count.saturating_mul(size) > self.bytes.len() - self.at {
            return Err(BadReply(format!("count {count} beyond the reply's end")));
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    /// A request of every operation, with strings that exercise both encodings (astral, non-ASCII, empty).
    fn requests(texts: &mut Texts) -> Vec<Request> {
        let mut s = |text: &str| texts.push_str(text).unwrap();
        let a = s("kitten");
        let b = s("sïtting😀");
        let pair_first = s("");
        s("x");
        s("日本");
        s("日");
        let query = s("q");
        let entry_first = s("alpha");
        s("😀beta");
        vec![
            Request::Ping,
            Request::Distance { strategy: Strategy::BitParallel, max_distance: None, a, b },
            Request::Distance { strategy: Strategy::Dp, max_distance: Some(3), a, b },
            Request::DistanceBatch { strategy: Strategy::Dp, max_distance: Some(0), pairs: List { first: pair_first, count: 2 } },
            Request::DistanceBatch { strategy: Strategy::Dp, max_distance: None, pairs: List { first: 0, count: 0 } },
            Request::CorpusCreate { entries: List { first: entry_first, count: 2 } },
            Request::CorpusNearest { corpus: u64::MAX - 1, strategy: Strategy::Dp, query, k: 7, max_distance: Some(2), threads: 3 },
            Request::CorpusFree { corpus: 42 },
            Request::Nearest { strategy: Strategy::BitParallel, query, k: 1, max_distance: None, entries: List { first: entry_first, count: 2 } },
            Request::Shutdown,
        ]
    }

    /// The strings a decoded request names, in request order, so that two requests decoded into different
    /// `Texts` compare by content.
    fn strings(request: &Request, texts: &Texts) -> Vec<Vec<u16>> {
        let list = |list: List, per: usize| (list.first..list.first + per * list.count).map(|i| texts.get(i).to_vec()).collect::<Vec<_>>();
        match *request {
            Request::Distance { a, b, .. } => vec![texts.get(a).to_vec(), texts.get(b).to_vec()],
            Request::DistanceBatch { pairs, .. } => list(pairs, 2),
            Request::CorpusCreate { entries } => list(entries, 1),
            Request::CorpusNearest { query, .. } => vec![texts.get(query).to_vec()],
            Request::Nearest { query, entries, .. } => [vec![texts.get(query).to_vec()], list(entries, 1)].concat(),
            _ => vec![],
        }
    }

    #[test]
    fn every_request_round_trips_in_both_encodings() {
        let mut texts = Texts::new();
        let requests = requests(&mut texts);
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            for request in &requests {
                let mut frame = Vec::new();
                encode_request(request, &texts, encoding, &mut frame).unwrap();
                assert_eq!(u32::from_le_bytes(frame[..4].try_into().unwrap()) as usize, frame.len() - 4);
                let mut decoded_texts = Texts::new();
                let decoded = decode_request(&frame[4..], encoding, &mut decoded_texts).unwrap();
                assert_eq!(decoded.operation(), request.operation());
                assert_eq!(strings(&decoded, &decoded_texts), strings(request, &texts), "{request:?} ({encoding:?})");
                // Re-encoding the decoded request gives the same bytes: every field survived.
                let mut again = Vec::new();
                encode_request(&decoded, &decoded_texts, encoding, &mut again).unwrap();
                assert_eq!(again, frame, "{request:?} ({encoding:?})");
            }
        }
    }

    #[test]
    fn the_documented_layout_of_a_distance_request() {
        let mut texts = Texts::new();
        let a = texts.push_str("ab").unwrap();
        let b = texts.push_str("é").unwrap();
        let request = Request::Distance { strategy: Strategy::BitParallel, max_distance: None, a, b };
        let mut frame = Vec::new();
        encode_request(&request, &texts, Encoding::Utf16, &mut frame).unwrap();
        let payload = [1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, b'a', 0, b'b', 0, 1, 0, 0, 0, 0xE9, 0];
        assert_eq!(frame, [&(payload.len() as u32).to_le_bytes()[..], &payload].concat());
        frame.clear();
        encode_request(&request, &texts, Encoding::Utf8, &mut frame).unwrap();
        assert_eq!(&frame[4..], &[1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, b'a', b'b', 2, 0, 0, 0, 0xC3, 0xA9]);
    }

    #[test]
    fn every_reply_round_trips() {
        let failure = Failure {
            status: Status::InvalidUtf16,
            argument: ErrorArgument::Corpus,
            item: Some(2),
            position: 5,
            code_point: 4,
            message: "entry 2 of corpus: é".into(),
        };
        let replies: Vec<(Operation, Reply)> = vec![
            (Operation::Ping, Ok(Outcome::Done)),
            (Operation::Distance, Ok(Outcome::Distance(3))),
            (Operation::DistanceBatch, Ok(Outcome::Distances(vec![1, 0, u32::MAX]))),
            (Operation::DistanceBatch, Ok(Outcome::Distances(vec![]))),
            (Operation::CorpusCreate, Ok(Outcome::Corpus { corpus: 9, count: 4 })),
            (Operation::Nearest, Ok(Outcome::Matches(vec![Match { index: 2, distance: 0 }, Match { index: 0, distance: 1 }]))),
            (Operation::Distance, Err(failure)),
            (Operation::Ping, Err(Failure::malformed(ErrorArgument::Request, ""))),
        ];
        for (operation, reply) in replies {
            let mut frame = Vec::new();
            encode_reply(&reply, &mut frame).unwrap();
            assert_eq!(frame.len(), reply_len(&reply), "{reply:?}");
            assert_eq!(decode_reply(&frame[4..], operation), Ok(reply));
        }
    }

    fn decode(payload: &[u8]) -> Result<Request, Failure> {
        decode_request(payload, Encoding::Utf16, &mut Texts::new())
    }

    #[test]
    fn hostile_counts_are_malformed_without_allocating_for_them() {
        // corpus_create claiming u32::MAX entries, then a few bytes: the reservation follows the bytes, not the claim.
        let mut texts = Texts::new();
        let failure = decode_request(&[3, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, b'a', 0], Encoding::Utf16, &mut texts).unwrap_err();
        assert_eq!((failure.status, failure.argument), (Status::MalformedRequest, ErrorArgument::Request));
        assert!(failure.message.contains("entries"), "{}", failure.message);
        assert_eq!(texts.len(), 1, "the one string present was read, and nothing else");
        // A string claiming u32::MAX units in either encoding, and a batch of u32::MAX pairs.
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            let payload = [1, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, b'a'];
            let failure = decode_request(&payload, encoding, &mut Texts::new()).unwrap_err();
            assert_eq!(failure.status, Status::MalformedRequest);
            let payload = [2, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];
            assert_eq!(decode_request(&payload, encoding, &mut Texts::new()).unwrap_err().status, Status::MalformedRequest);
        }
        // A nearest whose entry count is huge: caught at the first missing entry.
        let payload = [6, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        assert_eq!(decode(&payload).unwrap_err().status, Status::MalformedRequest);
    }

    #[test]
    fn bad_payloads_are_named() {
        let failure = decode(&[]).unwrap_err();
        assert_eq!((failure.status, failure.argument), (Status::MalformedRequest, ErrorArgument::Request));
        let failure = decode(&[8]).unwrap_err();
        assert_eq!((failure.status, failure.argument), (Status::UnknownOperation, ErrorArgument::Request));
        let failure = decode(&[255, 1, 2, 3]).unwrap_err();
        assert_eq!(failure.status, Status::UnknownOperation);
        let failure = decode(&[1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap_err();
        assert_eq!((failure.status, failure.argument), (Status::MalformedRequest, ErrorArgument::Strategy));
        let failure = decode(&[0, 0]).unwrap_err();
        assert_eq!((failure.status, failure.argument), (Status::MalformedRequest, ErrorArgument::Request));
        assert!(failure.message.contains("left over"), "{}", failure.message);
        // An odd number of UTF-16 bytes cannot be a string: the length counts units.
        let failure = decode(&[1, 0, 0, 0, 0, 0, 1, 0, 0, 0, b'a']).unwrap_err();
        assert_eq!(failure.status, Status::MalformedRequest);
        assert_eq!(decode(&[1, 0, 0, 0, 0, 0, 1, 0, 0, 0, b'a', 0, 0, 0, 0, 0]).map(|r| r.operation()), Ok(Operation::Distance));
    }

    #[test]
    fn lone_surrogates_travel_in_utf16_and_invalid_utf8_is_remembered_in_order() {
        let mut texts = Texts::new();
        let a = texts.push_utf16(&[0x61, 0xD800]).unwrap();
        let b = texts.push_str("b").unwrap();
        let request = Request::Distance { strategy: Strategy::Dp, max_distance: None, a, b };
        let mut frame = Vec::new();
        encode_request(&request, &texts, Encoding::Utf16, &mut frame).unwrap();
        let mut decoded = Texts::new();
        decode_request(&frame[4..], Encoding::Utf16, &mut decoded).unwrap();
        assert_eq!(decoded.get(0), &[0x61, 0xD800]);
        assert_eq!(encode_request(&request, &texts, Encoding::Utf8, &mut Vec::new()), Err(LoneSurrogate { string: 0 }));

        // Two invalid strings: the first is remembered, both parse, the valid one keeps its text.
        let payload = [2, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, b'x', 2, 0, 0, 0, b'a', 0xFF, 3, 0, 0, 0, b'o', b'k', b'!', 1, 0, 0, 0, 0xC3];
        let request = decode_request(&payload, Encoding::Utf8, &mut decoded).unwrap();
        assert_eq!(request, Request::DistanceBatch { strategy: Strategy::Dp, max_distance: Some(0), pairs: List { first: 0, count: 2 } });
        assert_eq!(decoded.invalid_utf8(), Some(crate::protocol::InvalidUtf8 { string: 1, position: 1 }));
        assert_eq!((decoded.get(0), decoded.get(1), decoded.get(2)), (&units("x")[..], &[][..], &units("ok!")[..]));
    }

    #[test]
    fn a_corpus_run_is_the_text_and_ends_of_its_entries() {
        let mut texts = Texts::new();
        texts.push_str("query").unwrap();
        texts.push_str("ab").unwrap();
        texts.push_str("").unwrap();
        texts.push_str("c😀").unwrap();
        let (text, ends, start) = texts.run(1, 3);
        assert_eq!((text, ends, start), (&units("abc😀")[..], &[7, 7, 10][..], 5));
        assert_eq!(texts.run(1, 0).0.len(), 0);
    }
}
