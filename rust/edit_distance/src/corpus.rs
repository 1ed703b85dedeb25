//! A corpus validated and laid out once, so that many nearest queries pay for that work only once.

use crate::error::{AllocError, Argument, Error};
use crate::lanes::{EntryText, Lanes};
use crate::text;

/// Where one entry's symbols live.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Entry {
    /// `units[start..end]`: no surrogates, so each UTF-16 code unit is a whole code point.
    Bmp { start: usize, end: usize },
    /// `wide[start..end]`: decoded code points of an entry that holds surrogate pairs.
    Wide { start: usize, end: usize },
}

/// An immutable list of strings prepared for [`Corpus::nearest`] and [`Corpus::within`] (both in `nearest.rs`,
/// which searches a corpus; this module only lays one out).
///
/// All entries share two buffers (no allocation per string). Entries without surrogates, nearly all real
/// text, stay UTF-16 and are compared in place; the others are decoded to code points once, here.
/// A `Corpus` is `Send + Sync`: any number of threads may query it at the same time.
///
/// The bit-parallel search's lane tables are laid out here too, once per corpus (see `lanes.rs`).
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    units: Vec<u16>,
    wide: Vec<u32>,
    entries: Vec<Entry>,
    lanes: Lanes,
}

impl Corpus {
    /// Builds a corpus from Rust strings (always valid, so this cannot fail).
    pub fn new<S: AsRef<str>>(items: &[S]) -> Corpus {
        let mut corpus =
            Corpus { units: Vec::new(), wide: Vec::new(), entries: Vec::with_capacity(items.len()), lanes: Lanes::default() };
        for item in items {
            let item = item.as_ref();
            if item.chars().all(|c| u32::from(c) < 0x10000) {
                let start = corpus.units.len();
                corpus.units.extend(item.encode_utf16());
                corpus.entries.push(Entry::Bmp { start, end: corpus.units.len() });
            } else {
                let start = corpus.wide.len();
                corpus.wide.extend(item.chars().map(u32::from));
                corpus.entries.push(Entry::Wide { start, end: corpus.wide.len() });
            }
        }
        // This constructor cannot fail: without memory for the lane tables, the corpus is searched entry by entry,
        // which gives the same results.
        corpus.lanes = corpus.build_lanes().unwrap_or_default();
        corpus
    }

    /// Builds a corpus from one buffer holding every entry's UTF-16 code units back to back;
    /// `ends[i]` is the offset just past entry `i` (so entry `i` is `text[ends[i-1]..ends[i]]`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (`Corpus`) when the offsets decrease or the last one is not `text.len()`;
    /// [`Error::InvalidUtf16`] (`Corpus`, with the entry and the UTF-16 index within it) for a lone surrogate.
    pub fn from_utf16(text: &[u16], ends: &[usize]) -> Result<Corpus, Error> {
        // Every buffer here is as large as the input, so each is reserved fallibly: a corpus too large for the
        // memory left is an error the caller can handle, not an abort of its process.
        let mut units = Vec::new();
        units.try_reserve_exact(text.len()).map_err(|_| Error::OutOfMemory)?;
        units.extend_from_slice(text);
        let mut entries = Vec::new();
        entries.try_reserve_exact(ends.len()).map_err(|_| Error::OutOfMemory)?;
        let mut corpus = Corpus { units, wide: Vec::new(), entries, lanes: Lanes::default() };
        let mut start = 0;
        let mut scratch = Vec::new();
        for (item, &end) in ends.iter().enumerate() {
            if end < start || end > text.len() {
                return Err(Error::InvalidArgument { argument: Argument::Corpus });
            }
            let units = &text[start..end];
            if text::first_surrogate(units).is_none() {
                corpus.entries.push(Entry::Bmp { start, end });
            } else {
                text::decode_into(units, &mut scratch, Argument::Corpus, Some(item))?;
                let wide_start = corpus.wide.len();
                corpus.wide.try_reserve(scratch.len()).map_err(|_| Error::OutOfMemory)?;
                corpus.wide.extend_from_slice(&scratch);
                corpus.entries.push(Entry::Wide { start: wide_start, end: corpus.wide.len() });
            }
            start = end;
        }
        if start != text.len() {
            return Err(Error::InvalidArgument { argument: Argument::Corpus });
        }
        corpus.lanes = corpus.build_lanes()?;
        Ok(corpus)
    }

    /// The lane tables of the entries laid out so far.
    fn build_lanes(&self) -> Result<Lanes, AllocError> {
        Lanes::build(self.entries.len(), |index| match self.entries[index] {
            Entry::Bmp { start, end } => EntryText::Units(&self.units[start..end]),
            Entry::Wide { start, end } => EntryText::Wide(&self.wide[start..end]),
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the corpus has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn entry(&self, index: usize) -> Entry {
        self.entries[index]
    }

    pub(crate) fn bmp(&self, start: usize, end: usize) -> &[u16] {
        &self.units[start..end]
    }

    pub(crate) fn wide(&self, start: usize, end: usize) -> &[u32] {
        &self.wide[start..end]
    }

    pub(crate) fn lanes(&self) -> &Lanes {
        &self.lanes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_split_the_buffer() {
        let text: Vec<u16> = "abc😀d".encode_utf16().collect();
        let corpus = Corpus::from_utf16(&text, &[1, 3, 6]).unwrap();
        assert_eq!(corpus.len(), 3);
        assert!(matches!(corpus.entry(2), Entry::Wide { start: 0, end: 2 }));
    }

    #[test]
    fn bad_offsets_and_lone_surrogates_are_refused() {
        let text: Vec<u16> = vec![0x61, 0x62, 0xD800];
        assert_eq!(Corpus::from_utf16(&text, &[2, 1]).unwrap_err(), Error::InvalidArgument { argument: Argument::Corpus });
        assert_eq!(Corpus::from_utf16(&text, &[2]).unwrap_err(), Error::InvalidArgument { argument: Argument::Corpus });
        assert_eq!(
            Corpus::from_utf16(&text, &[1, 3]).unwrap_err(),
            Error::InvalidUtf16 { argument: Argument::Corpus, item: Some(1), position: 1 }
        );
    }

    #[test]
    fn a_pair_split_across_entries_is_two_lone_surrogates() {
        let text: Vec<u16> = vec![0xD83D, 0xDE00];
        assert_eq!(
            Corpus::from_utf16(&text, &[1, 2]).unwrap_err(),
            Error::InvalidUtf16 { argument: Argument::Corpus, item: Some(0), position: 0 }
        );
    }
}
