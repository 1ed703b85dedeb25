//! The fuzzer's input format: decoded by the harness, encoded by the seed writer (src/bin/seeds.rs), both here
//! so that a seed means exactly what the harness reads.
//!
//! ```text
//! byte 0  control: bits 0-1 the operation (1 nearest, 2 within, 0 and 3 distance); bit 2 pass a null out_error;
//!         bit 3 tile the corpus to 256 + n entries, past the size from which nearest splits work across threads
//! byte 1  max_distance: 0..=253 as is, 254 = u32::MAX - 1 (a huge real bound), 255 = ED_NO_BOUND
//! byte 2  count: k for nearest, stop after that many matches for within (0 = never); 255 = u32::MAX
//! byte 3  fault: the one argument to break (see `Fault`); any value without a meaning breaks nothing
//! byte 4  detail: the fault's parameter; without a fault, nearest's spare output capacity (detail % 3)
//! then    strings, each ended by 0xFC or by the end of the input:
//!         distance: a, b; nearest and within: the query, then the corpus entries
//! ```
//!
//! A string's bytes: `0x00..=0xFB` the code unit of that value; `0xFD x y z` the astral code point
//! U+10000 + ((x | y << 8 | z << 16) mod 0x100000), as its surrogate pair; `0xFE lo hi` the code unit
//! `hi << 8 | lo` (any BMP unit, lone surrogates included); `0xFF n` the previous code unit n more times (long
//! strings from short inputs). Missing bytes read as 0. Strings keep at most [`MAX_UNITS`] code units and a
//! corpus at most [`MAX_ENTRIES`] entries (more are read and dropped), so that every run stays fast.

use std::fmt;

/// Code units kept per string: past 256, so bit-parallel runs on up to five 64-bit blocks.
pub const MAX_UNITS: usize = 300;
/// Corpus entries kept (before tiling).
pub const MAX_ENTRIES: usize = 32;

const END: u8 = 0xFC;
const ASTRAL: u8 = 0xFD;
const UNIT: u8 = 0xFE;
const REPEAT: u8 = 0xFF;

/// The export an input drives (with `ed_corpus_new`, `ed_corpus_len` and `ed_corpus_free` around the last two).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Distance,
    Nearest,
    Within,
}

/// The one argument an input breaks; `detail` says how where there is a choice. A fault that does not apply to
/// the operation changes nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    None = 0,
    /// A null pointer, with the real length, for string argument `detail % n`: distance a, b; nearest and within
    /// the query, the corpus text, the corpus offsets.
    NullPointer = 1,
    /// The unknown strategy code `2 + detail`.
    Strategy = 2,
    /// `threads = 0` (nearest).
    ZeroThreads = 3,
    /// An output buffer `1 + detail` matches smaller than min(k, corpus length), down to 0 (nearest).
    SmallCapacity = 4,
    /// A null out-parameter: `out_distance`, `out_visited`, or nearest's `out_count` (`out_matches` for an odd
    /// detail).
    NullOutput = 5,
    /// A null callback (within).
    NullCallback = 6,
    /// A null corpus handle (nearest, within).
    NullCorpus = 7,
    /// Corpus offset `(detail & 0x7F) % count` moved by one: up when bit 7 is set, else down (0 wraps around).
    Offset = 8,
    /// The last corpus offset left out.
    DropEnd = 9,
    /// A null `out_corpus` for `ed_corpus_new`.
    NullHandleOutput = 10,
}

impl Fault {
    const ALL: [Fault; 11] = [
        Fault::None,
        Fault::NullPointer,
        Fault::Strategy,
        Fault::ZeroThreads,
        Fault::SmallCapacity,
        Fault::NullOutput,
        Fault::NullCallback,
        Fault::NullCorpus,
        Fault::Offset,
        Fault::DropEnd,
        Fault::NullHandleOutput,
    ];
}

/// A decoded input: everything the harness needs to make its calls.
#[derive(Clone, PartialEq, Eq)]
pub struct Input {
    pub op: Op,
    pub null_error: bool,
    pub tile: bool,
    pub max_distance: u32,
    pub count: u32,
    pub fault: Fault,
    pub detail: u8,
    /// distance: a, b; nearest and within: the query, then the corpus entries. Missing strings are empty.
    pub strings: Vec<Vec<u16>>,
}

impl Input {
    pub fn decode(bytes: &[u8]) -> Input {
        let header = |i: usize| bytes.get(i).copied().unwrap_or(0);
        let op = match header(0) & 3 {
            1 => Op::Nearest,
            2 => Op::Within,
            _ => Op::Distance,
        };
        let mut rest = bytes.get(5..).unwrap_or(&[]);
        let mut strings = Vec::new();
        while !rest.is_empty() {
            strings.push(decode_string(&mut rest));
        }
        strings.truncate(max_strings(op));
        Input {
            op,
            null_error: header(0) & 4 != 0,
            tile: header(0) & 8 != 0,
            max_distance: match header(1) {
                255 => u32::MAX,
                254 => u32::MAX - 1,
                v => u32::from(v),
            },
            count: match header(2) {
                255 => u32::MAX,
                v => u32::from(v),
            },
            fault: Fault::ALL.get(usize::from(header(3))).copied().unwrap_or(Fault::None),
            detail: header(4),
            strings,
        }
    }

    /// The bytes [`Input::decode`] reads back as this input, with values the format cannot carry brought into
    /// range: a bound in 254..u32::MAX becomes u32::MAX - 1, a count in 255..u32::MAX becomes u32::MAX, strings
    /// and corpora are shortened to the limits (a surrogate pair is never split).
    pub fn encode(&self) -> Vec<u8> {
        let op = match self.op {
            Op::Distance => 0,
            Op::Nearest => 1,
            Op::Within => 2,
        };
        let max = match self.max_distance {
            u32::MAX => 255,
            v => u8::try_from(v).ok().filter(|&v| v <= 253).unwrap_or(254),
        };
        let count = u8::try_from(self.count).ok().filter(|&v| v < 255).unwrap_or(255);
        let control = op | u8::from(self.null_error) << 2 | u8::from(self.tile) << 3;
        let mut bytes = vec![control, max, count, self.fault as u8, self.detail];
        for string in self.strings.iter().take(max_strings(self.op)) {
            encode_string(string, &mut bytes);
        }
        bytes
    }

    /// String `i`, empty when the input has fewer.
    pub fn string(&self, i: usize) -> &[u16] {
        self.strings.get(i).map_or(&[], Vec::as_slice)
    }
}

fn max_strings(op: Op) -> usize {
    match op {
        Op::Distance => 2,
        Op::Nearest | Op::Within => 1 + MAX_ENTRIES,
    }
}

fn decode_string(rest: &mut &[u8]) -> Vec<u16> {
    let mut next = || match rest.split_first() {
        Some((&byte, tail)) => {
            *rest = tail;
            Some(byte)
        }
        None => None,
    };
    let mut units = Vec::new();
    while let Some(byte) = next() {
        match byte {
            END => break,
            ASTRAL => {
                let v = (0..3).fold(0u32, |v, i| v | u32::from(next().unwrap_or(0)) << (8 * i));
                let c = char::from_u32(0x10000 + v % 0x10_0000).expect("astral code points are scalar values");
                units.extend_from_slice(c.encode_utf16(&mut [0; 2]));
            }
            UNIT => {
                let lo = next().unwrap_or(0);
                units.push(u16::from_le_bytes([lo, next().unwrap_or(0)]));
            }
            REPEAT => {
                let n = next().unwrap_or(0);
                if let Some(&last) = units.last() {
                    units.extend(std::iter::repeat_n(last, usize::from(n)));
                }
            }
            unit => units.push(u16::from(unit)),
        }
        // Checked per step, so that a long input costs no more than MAX_UNITS units of memory.
        units.truncate(MAX_UNITS);
    }
    units
}

fn encode_string(units: &[u16], bytes: &mut Vec<u8>) {
    let mut end = units.len().min(MAX_UNITS);
    if end < units.len() && is_high(units[end - 1]) && is_low(units[end]) {
        // Do not cut a pair in two, which would turn valid text into a lone surrogate.
        end -= 1;
    }
    let units = &units[..end];
    let mut i = 0;
    while i < units.len() {
        let unit = units[i];
        if is_high(unit) && units.get(i + 1).is_some_and(|&low| is_low(low)) {
            let v = 0x400 * u32::from(unit - 0xD800) + u32::from(units[i + 1] - 0xDC00);
            bytes.push(ASTRAL);
            bytes.extend_from_slice(&v.to_le_bytes()[..3]);
            i += 2;
            continue;
        }
        match u8::try_from(unit) {
            Ok(byte) if byte < END => bytes.push(byte),
            _ => {
                bytes.push(UNIT);
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
        }
        let run = units[i + 1..].iter().take(255).take_while(|&&u| u == unit).count();
        if run >= 2 {
            bytes.extend_from_slice(&[REPEAT, run as u8]);
        }
        i += 1 + if run >= 2 { run } else { 0 };
    }
    bytes.push(END);
}

fn is_high(unit: u16) -> bool {
    (0xD800..0xDC00).contains(&unit)
}

fn is_low(unit: u16) -> bool {
    (0xDC00..0xE000).contains(&unit)
}

/// Shows strings as text, lone surrogates as `\u{D800}`, so that a finding's input reads at a glance.
pub struct Text<'a>(pub &'a [u16]);

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for c in char::decode_utf16(self.0.iter().copied()) {
            match c {
                Ok(c) => write!(f, "{}", c.escape_debug())?,
                Err(e) => write!(f, "\\u{{{:X}}}", e.unpaired_surrogate())?,
            }
        }
        write!(f, "\" ({} units)", self.0.len())
    }
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Input")
            .field("op", &self.op)
            .field("null_error", &self.null_error)
            .field("tile", &self.tile)
            .field("max_distance", &self.max_distance)
            .field("count", &self.count)
            .field("fault", &self.fault)
            .field("detail", &self.detail)
            .field("strings", &self.strings.iter().map(|s| Text(s)).collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn every_kind_of_code_unit_is_reachable() {
        let bytes = [1, 7, 3, 0, 0, b'a', 0xFD, 0x00, 0xF6, 0x00, 0xFE, 0x00, 0xD8, 0xFC, b'x', 0xFF, 4, 0xFC, 0xFC, b'z'];
        let input = Input::decode(&bytes);
        assert_eq!((input.op, input.max_distance, input.count, input.fault), (Op::Nearest, 7, 3, Fault::None));
        let mut first = units("a\u{1F600}");
        first.push(0xD800);
        assert_eq!(input.strings, vec![first, units("xxxxx"), vec![], units("z")]);
    }

    #[test]
    fn header_values_at_the_ends_of_their_ranges() {
        let input = Input::decode(&[0x0E, 255, 255, 99]);
        assert_eq!((input.op, input.null_error, input.tile), (Op::Within, true, true));
        assert_eq!((input.max_distance, input.count, input.fault), (u32::MAX, u32::MAX, Fault::None));
        assert_eq!(Input::decode(&[3, 254]).max_distance, u32::MAX - 1);
        assert_eq!(Input::decode(&[]).strings, Vec::<Vec<u16>>::new());
    }

    #[test]
    fn limits_hold_however_long_the_input() {
        let mut bytes = vec![1, 0, 0, 0, 0, b'a'];
        bytes.extend(std::iter::repeat_n([0xFF, 255], 10).flatten());
        bytes.extend(std::iter::repeat_n(0xFC, 100));
        let input = Input::decode(&bytes);
        assert_eq!(input.strings[0].len(), MAX_UNITS);
        assert_eq!(input.strings.len(), 1 + MAX_ENTRIES);
    }

    #[test]
    fn encoding_reads_back_as_the_same_input() {
        let mut lone = units("é\u{10FFFF}");
        lone.extend([0xDC00, 0xFC, 0xFD, 0xFE, 0xFF, 0, 0xD83D]);
        let input = Input {
            op: Op::Within,
            null_error: true,
            tile: false,
            max_distance: 253,
            count: 0,
            fault: Fault::Offset,
            detail: 0x81,
            strings: vec![units("kitten"), vec![], lone, units(&"ab".repeat(150)), units(&"q".repeat(300))],
        };
        assert_eq!(Input::decode(&input.encode()), input);
    }

    #[test]
    fn encoding_shortens_to_the_limits_without_splitting_a_pair() {
        let long = units(&format!("{}\u{1F600}", "a".repeat(MAX_UNITS - 1)));
        let input = Input {
            op: Op::Distance,
            null_error: false,
            tile: false,
            max_distance: 1000,
            count: 300,
            fault: Fault::None,
            detail: 0,
            strings: vec![long, vec![]],
        };
        let read = Input::decode(&input.encode());
        assert_eq!((read.max_distance, read.count), (u32::MAX - 1, u32::MAX));
        assert_eq!(read.strings, vec![units(&"a".repeat(MAX_UNITS - 1)), vec![]]);
    }
}
