//! Myers' bit-parallel Levenshtein algorithm in Hyyrö's formulation (Myers 1999; Hyyrö 2001, 2003).
//!
//! The DP column for the pattern (the shorter string) is kept as vertical deltas in bit vectors, 64 cells
//! per machine word; one text symbol advances the whole column in about 15 word operations. A pattern of at
//! most 64 code points fits one word; longer patterns are processed block-wise, 64 rows per block, carrying
//! the horizontal delta of the block's last row into the next block.
//!
//! With a bound, a long pattern computes only the diagonal band in which a path of cost `max` can run (Ukkonen's
//! band, as in Hyyrö 2003): in one word that slides down the pattern when the band fits it ([`band_word`]), reading
//! the pattern only as the band reaches it, and otherwise in the blocks that meet the band, so a bounded call costs
//! O(text × (max / 64 + 2)) steps instead of O(text × pattern / 64). Memory is O(pattern length) whatever the
//! alphabet: see [`PatternMatch`].

use crate::error::{try_grow, AllocError};
use crate::text::Symbol;

/// Code points below this index the pattern-match vectors directly; the rest go through [`PatternMatch`]'s
/// hash map. 256 covers ASCII and Latin-1, where most real text lives.
const DIRECT: usize = 256;
const EMPTY: u32 = u32::MAX;

/// Pattern-match vectors: for each symbol, the bit mask of the pattern positions that hold it, one word per
/// block of 64 positions.
///
/// Reused across calls (one per thread): building touches only the entries of the pattern's symbols, and
/// [`PatternMatch::clear`] resets only those, so a call on an 8-symbol pattern does not pay for zeroing the
/// whole 2 KiB direct table.
///
/// Every part of a call's cost depends on the current pattern only, never on the longest pattern the thread
/// has seen. The buffers grow for a long pattern and are kept, but a later short pattern uses only a prefix of
/// them: its map is probed under its own mask (`mask`, sized for its length), its mapped vectors are the first
/// rows of `values`, and clearing walks the slots it filled (`used`) and zeroes its rows. Tracking the used
/// slots costs less than resetting the map per call, which would cost an 8-symbol pattern a fill of 128 slots
/// every time. Patterns above [`MAX_CACHED_PATTERN`] get a table of their own, dropped after the call, so that
/// one huge string does not pin its memory to the thread (C# does the same).
///
/// Memory stays proportional to the pattern's length whatever its alphabet. Code points below 256 take the
/// direct table, 256 rows of one word per block (32 bytes per pattern symbol). The others are stored in one of
/// two layouts, chosen per pattern:
/// - *dense*: one row of `words` words per distinct code point (`values`), found with one probe of the map, so
///   that a text symbol's whole row is one contiguous slice. Kept while the rows take at most
///   [`DENSE_BUDGET`] bytes or [`DENSE_BYTES_PER_SYMBOL`] bytes per pattern symbol: always for patterns up to
///   a few thousand code points, and for any pattern with at most 256 such code points.
/// - *sparse*: beyond that (a long pattern with a large alphabet, e.g. 200 000 random CJK characters, whose
///   dense rows would take distinct × length / 8 bytes, 500 MB), each code point keeps only the words of the
///   blocks it occurs in, as (block, word) entries in block order: at most one entry per pattern symbol, 12
///   bytes each, and no direct table (every code point, Latin-1 included, goes through the map). A text
///   symbol's row is assembled from its entries in a buffer that is zero elsewhere ([`RowBuffer`]): the
///   entries it writes and later clears are few and contiguous, where a map per block would cost a probe, and
///   mostly a cache miss, in every block.
///
/// A pattern of one word (at most 64 code points) that holds code points >= 256 (mixed-script text) is matched
/// without a table where the CPU has vector compares ([`WordMatch`]): its code points are kept in order
/// (`codes`), and a text symbol's vector is the mask of the lanes equal to it, 16 (AVX-512) or 8 (AVX2) pattern
/// positions per compare. Nothing is built but a copy and nothing is cleared, where a table costs a hash probe per
/// pattern symbol to build and to clear, and one per text symbol to read. Elsewhere such a pattern takes the map
/// like any other. (C# matches patterns of up to 8 code points with one compare: Levenshtein.BitParallel.cs
/// `LaneMatcher`; Python's wide ints need no table per word.)
///
/// It also holds the one-word band's masks ([`WindowMasks`]), which need no table of the whole pattern.
pub(crate) struct PatternMatch {
    words: usize,
    /// `direct[code * words + word]`: the words of one symbol sit together, as the block loop reads them.
    direct: Vec<u64>,
    /// Open addressing with linear probing, for code points >= 256: `(code, row)`, `code == EMPTY` when
    /// free. Only `map[..=mask]` is in use; every entry is free between calls.
    map: Vec<(u32, u32)>,
    /// The current pattern's table size minus one: a power of two at least twice its length.
    mask: usize,
    /// The slots the current pattern filled, in order: what [`PatternMatch::clear`] resets.
    used: Vec<u32>,
    /// Dense layout: `values[row * words + word]`, one row per distinct mapped code point, numbered in order of
    /// first appearance: `used.len()` rows in use, and all zero beyond them.
    values: Vec<u64>,
    /// Sparse layout: the entries of map row `r` are `starts[r]..starts[r + 1]` of `entry_blocks` (ascending)
    /// and `entry_words`. All three empty in the dense layout.
    starts: Vec<u32>,
    entry_blocks: Vec<u32>,
    entry_words: Vec<u64>,
    /// How the current one-word pattern is matched.
    word_match: WordMatch,
    /// The most capable [`WordMatch`] a one-word pattern may use: what the CPU has, or less where a test says so.
    word_match_limit: WordMatch,
    /// A one-word pattern matched by vector compares: its code points, then [`NO_CODE`] up to the compares' width.
    codes: [u32; 64],
    window: WindowMasks,
}

/// How a one-word pattern's vector for a text symbol is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum WordMatch {
    /// The direct table and the map.
    Table,
    /// `codes` compared 8 lanes at a time.
    Avx2,
    /// `codes` compared 16 lanes at a time.
    Avx512,
}

impl WordMatch {
    /// The best this CPU runs (`is_x86_feature_detected!` caches what it finds, so this costs a load).
    pub(crate) fn detected() -> WordMatch {
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx512f") {
                return WordMatch::Avx512;
            }
            if is_x86_feature_detected!("avx2") {
                return WordMatch::Avx2;
            }
        }
        WordMatch::Table
    }
}

/// Pads `codes`: no text symbol is ever equal to it (code points end at U+10FFFF).
const NO_CODE: u32 = u32::MAX;

/// Smallest map: small patterns all probe the same 1 KiB.
const MIN_SLOTS: usize = 128;

/// Longer patterns are matched with a table of their own, dropped after the call: the per-thread table
/// keeps what it grew to, up to (257 + distinct symbols) × 64 words for a 4096-code-point pattern. The
/// allocation is negligible beside the O(n·m/64) work of such a pattern.
const MAX_CACHED_PATTERN: usize = 4096;

/// Dense mapped rows may always take this much: any pattern of up to ~5 800 code points stays dense.
const DENSE_BUDGET: usize = 4 << 20;

/// ... and beyond that as much per pattern symbol as the direct table: at most 256 distinct mapped code points.
const DENSE_BYTES_PER_SYMBOL: usize = 32;


impl PatternMatch {
    pub(crate) fn new() -> Self {
        PatternMatch {
            words: 1,
            direct: vec![0; DIRECT + 1],
            map: vec![(EMPTY, 0); MIN_SLOTS],
            mask: MIN_SLOTS - 1,
            used: Vec::new(),
            values: Vec::new(),
            starts: Vec::new(),
            entry_blocks: Vec::new(),
            entry_words: Vec::new(),
            word_match: WordMatch::Table,
            word_match_limit: WordMatch::detected(),
            codes: [NO_CODE; 64],
            window: WindowMasks::new(),
        }
    }

    /// Whether the current pattern put any code point in the map: each one it put there filled a slot.
    #[inline(always)]
    fn map_used(&self) -> bool {
        !self.used.is_empty()
    }

    #[inline(always)]
    fn sparse(&self) -> bool {
        !self.starts.is_empty()
    }

    #[inline(always)]
    fn slot_of(&self, code: u32) -> usize {
        // Fibonacci hashing: code points of one script are consecutive, and the multiply spreads them.
        (code.wrapping_mul(0x9E37_79B1) as usize >> 7) & self.mask
    }

    /// Fills the vectors for `pattern`; the previous pattern must have been cleared. On failure the table is
    /// left partly built: replace it with a new one rather than clearing it.
    pub(crate) fn build<T: Symbol>(&mut self, pattern: &[T]) -> Result<(), AllocError> {
        let words = pattern.len().div_ceil(64).max(1);
        self.words = words;
        self.word_match = WordMatch::Table;
        // Dense rows take at most one row per symbol: below the budget whatever the alphabet, so only long
        // patterns need their distinct code points counted to choose.
        let mut slots = 0;
        if pattern.len().saturating_mul(words * 8) > DENSE_BUDGET {
            let rows = distinct_mapped(pattern)?;
            if rows.saturating_mul(words * 8) > DENSE_BUDGET.max(DENSE_BYTES_PER_SYMBOL * pattern.len()) {
                // Every code point goes through the map in this layout, Latin-1 included.
                slots = ((rows + DIRECT) * 2).next_power_of_two();
                return self.build_sparse(pattern, slots);
            }
            slots = (rows * 2).next_power_of_two().max(MIN_SLOTS);
        }
        // One row more than the code points it indexes: row `DIRECT` stays zero, for [`PatternMatch::row`].
        try_grow(&mut self.direct, (DIRECT + 1) * words, 0)?;
        if words == 1 {
            let mapped = pattern.iter().any(|symbol| symbol.code() as usize >= DIRECT);
            if mapped && self.word_match_limit > WordMatch::Table {
                for (code, symbol) in self.codes.iter_mut().zip(pattern) {
                    *code = symbol.code();
                }
                // Up to the widest compare, so that whichever width reads the last chunk sees no stale code point.
                let padded = pattern.len().next_multiple_of(16).min(64);
                self.codes[pattern.len()..padded].fill(NO_CODE);
                self.word_match = self.word_match_limit;
                return Ok(());
            }
            if !mapped {
                // The common case (one word, Latin-1): no word index, no multiply, no map.
                for (i, symbol) in pattern.iter().enumerate() {
                    self.direct[symbol.code() as usize] |= 1u64 << i;
                }
                return Ok(());
            }
        }
        // At most one slot per mapped code point: keep the load factor at or below one half. Sized for this
        // pattern, not the largest so far; the slots beyond are free, so a smaller mask finds the same chains.
        if slots == 0 {
            slots = (pattern.len() * 2).next_power_of_two().max(MIN_SLOTS);
        }
        try_grow(&mut self.map, slots, (EMPTY, 0))?;
        self.mask = slots - 1;
        for (i, symbol) in pattern.iter().enumerate() {
            let (word, bit, code) = (i / 64, 1u64 << (i % 64), symbol.code());
            if (code as usize) < DIRECT {
                self.direct[code as usize * words + word] |= bit;
            } else {
                let row = self.intern(code)?;
                if self.values.len() < (row + 1) * words {
                    // Grows like a Vec; the new part is zero.
                    let len = ((row + 1) * words).max(self.values.len() * 2);
                    try_grow(&mut self.values, len, 0)?;
                }
                self.values[row * words + word] |= bit;
            }
        }
        Ok(())
    }

    /// The sparse layout: for every code point, one (block, word) entry per block it occurs in. Neither the
    /// direct table (32 bytes per symbol, mostly zeros for such a pattern) nor dense rows are allocated.
    fn build_sparse<T: Symbol>(&mut self, pattern: &[T], slots: usize) -> Result<(), AllocError> {
        try_grow(&mut self.map, slots, (EMPTY, 0))?;
        self.mask = slots - 1;
        // First pass: each code point's row, and how many blocks hold it (counted when the block changes,
        // since the pattern is read in block order).
        let mut last_block: Vec<u32> = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        for (i, symbol) in pattern.iter().enumerate() {
            let row = self.intern(symbol.code())?;
            if row == last_block.len() {
                last_block.try_reserve(1)?;
                counts.try_reserve(1)?;
                last_block.push(u32::MAX);
                counts.push(0);
            }
            let block = (i / 64) as u32;
            if last_block[row] != block {
                last_block[row] = block;
                counts[row] += 1;
            }
        }
        // Offsets from the counts; the counts then serve as each row's next free entry.
        try_grow(&mut self.starts, counts.len() + 1, 0)?;
        let mut total = 0u32;
        for (row, count) in counts.iter_mut().enumerate() {
            self.starts[row] = total;
            total += std::mem::replace(count, total);
        }
        self.starts[counts.len()] = total;
        try_grow(&mut self.entry_blocks, total as usize, 0)?;
        try_grow(&mut self.entry_words, total as usize, 0)?;
        last_block.fill(u32::MAX);
        for (i, symbol) in pattern.iter().enumerate() {
            let row = self.find(symbol.code()).expect("every code point was interned");
            let block = (i / 64) as u32;
            if last_block[row] != block {
                last_block[row] = block;
                self.entry_blocks[counts[row] as usize] = block;
                counts[row] += 1;
            }
            self.entry_words[counts[row] as usize - 1] |= 1u64 << (i % 64);
        }
        Ok(())
    }

    /// The row of `code` in the map, added when new.
    #[inline(always)]
    fn intern(&mut self, code: u32) -> Result<usize, AllocError> {
        let slot = self.probe(code);
        if self.map[slot].0 == code {
            return Ok(self.map[slot].1 as usize);
        }
        let row = self.used.len();
        if row == self.used.capacity() {
            self.used.try_reserve(1)?;
        }
        self.map[slot] = (code, row as u32);
        self.used.push(slot as u32);
        Ok(row)
    }

    /// The slot of the map that holds `code`, or else the free slot where it belongs.
    #[inline(always)]
    fn probe(&self, code: u32) -> usize {
        let mut slot = self.slot_of(code);
        while self.map[slot].0 != code && self.map[slot].0 != EMPTY {
            slot = (slot + 1) & self.mask;
        }
        slot
    }

    /// Resets what [`PatternMatch::build`] set for `pattern`.
    pub(crate) fn clear<T: Symbol>(&mut self, pattern: &[T]) {
        if self.sparse() {
            // Only patterns far above MAX_CACHED_PATTERN are sparse, and their tables are never reused.
            *self = PatternMatch::new();
            return;
        }
        let words = self.words;
        if self.word_match != WordMatch::Table {
            // Matched by compares: nothing was written but `codes`, which the next pattern overwrites.
            return;
        }
        if words == 1 {
            // The common case gets its own loop: `fill` on a slice of run-time length compiles to a call to
            // memset per symbol (measured: a fifth of the instructions of a whole call at 8 characters).
            for symbol in pattern {
                let code = symbol.code() as usize;
                if code < DIRECT {
                    self.direct[code] = 0;
                }
            }
        } else {
            for symbol in pattern {
                let code = symbol.code() as usize;
                if code < DIRECT {
                    self.direct[code * words..(code + 1) * words].fill(0);
                }
            }
        }
        if self.map_used() {
            // Every slot this pattern filled is freed, so no probe chain is left broken; the rows are dense,
            // so one fill covers them. Both are proportional to this pattern, whatever the buffers' size.
            for &slot in &self.used {
                self.map[slot as usize] = (EMPTY, 0);
            }
            let rows = self.used.len();
            if words == 1 {
                for value in &mut self.values[..rows] {
                    *value = 0;
                }
            } else {
                let len = (rows * words).min(self.values.len());
                self.values[..len].fill(0);
            }
            self.used.clear();
        }
    }

    /// Words `first..=last` of `code`'s vector, contiguous, in the dense layout: a slice of the table. Code
    /// points absent from the pattern get the direct table's extra row `DIRECT`, which no symbol ever sets.
    #[inline(always)]
    fn dense_row(&self, code: u32, first: usize, last: usize) -> &[u64] {
        let words = self.words;
        let index = if (code as usize) < DIRECT {
            code as usize
        } else if !self.map_used() {
            DIRECT
        } else {
            match self.find(code) {
                Some(row) => return &self.values[row * words + first..=row * words + last],
                None => DIRECT,
            }
        };
        &self.direct[index * words + first..=index * words + last]
    }

    /// Sparse layout: the entries of `code` (indexes into `entry_blocks` / `entry_words`) in blocks
    /// `first..=last`.
    #[inline(always)]
    fn sparse_entries(&self, code: u32, first: usize, last: usize) -> std::ops::Range<usize> {
        let Some(row) = self.find(code) else { return 0..0 };
        let (start, end) = (self.starts[row] as usize, self.starts[row + 1] as usize);
        let blocks = &self.entry_blocks[start..end];
        let from = start + blocks.partition_point(|&block| (block as usize) < first);
        let to = start + blocks.partition_point(|&block| (block as usize) <= last);
        from..to
    }

    /// The row of `code` in `values`, if the pattern holds it.
    #[inline(always)]
    fn find(&self, code: u32) -> Option<usize> {
        let (key, row) = self.map[self.probe(code)];
        (key == code).then_some(row as usize)
    }

    /// The single-word vector of a code point outside the direct table.
    #[inline(always)]
    fn get_mapped(&self, code: u32) -> u64 {
        if !self.map_used() {
            return 0;
        }
        self.find(code).map_or(0, |row| self.values[row * self.words])
    }


    /// Bytes held by the buffers, for the tests of the memory bound.
    #[cfg(test)]
    fn heap_bytes(&self) -> usize {
        self.direct.capacity() * 8
            + self.map.capacity() * 8
            + self.used.capacity() * 4
            + self.values.capacity() * 8
            + self.starts.capacity() * 4
            + self.entry_blocks.capacity() * 4
            + self.entry_words.capacity() * 8
    }
}

/// The number of distinct code points >= 256 in `pattern`, counted in a bit set of all Unicode (136 KiB) rather
/// than in a map as large as the pattern.
fn distinct_mapped<T: Symbol>(pattern: &[T]) -> Result<usize, AllocError> {
    let mut seen = Vec::new();
    try_grow(&mut seen, (char::MAX as usize + 1).div_ceil(64), 0u64)?;
    let mut count = 0;
    for symbol in pattern {
        let code = symbol.code() as usize;
        if code >= DIRECT && seen[code / 64] & (1 << (code % 64)) == 0 {
            seen[code / 64] |= 1 << (code % 64);
            count += 1;
        }
    }
    Ok(count)
}

/// Where the block loops get a text symbol's row: straight from the table in the dense layout; in the sparse
/// layout, assembled in `words`, which is all zeros except the entries of the row last loaded.
struct RowBuffer {
    words: Vec<u64>,
    /// The entries the last sparse row wrote, and the block its word 0 stood for.
    written: std::ops::Range<usize>,
    first: usize,
}

impl RowBuffer {
    /// A buffer for rows of up to `len` words (none is needed in the dense layout).
    fn new(pm: &PatternMatch, len: usize) -> Result<Self, AllocError> {
        let mut words = Vec::new();
        if pm.sparse() {
            try_grow(&mut words, len, 0)?;
        }
        Ok(RowBuffer { words, written: 0..0, first: 0 })
    }

    /// Words `first..=last` of `code`'s vector.
    #[inline(always)]
    fn load<'a>(&'a mut self, pm: &'a PatternMatch, code: u32, first: usize, last: usize) -> &'a [u64] {
        if !pm.sparse() {
            return pm.dense_row(code, first, last);
        }
        for entry in self.written.clone() {
            self.words[pm.entry_blocks[entry] as usize - self.first] = 0;
        }
        self.written = pm.sparse_entries(code, first, last);
        self.first = first;
        for entry in self.written.clone() {
            self.words[pm.entry_blocks[entry] as usize - first] = pm.entry_words[entry];
        }
        &self.words[..=last - first]
    }
}

/// Levenshtein distance between `pattern` and `text` (`pattern` the shorter, non-empty), or `max + 1`
/// when it exceeds `max`.
pub(crate) fn distance<T: Symbol>(pattern: &[T], text: &[T], max: usize, pm: &mut PatternMatch) -> Result<usize, AllocError> {
    debug_assert!(pattern.len() <= text.len());
    let max = max.min(text.len());
    if pattern.is_empty() {
        return Ok(text.len().min(max + 1));
    }
    if text.len() - pattern.len() > max {
        return Ok(max + 1);
    }
    // A long pattern whose band fits a word needs no table of the whole pattern (short ones take the single-word
    // loop, whose table is as small as the band's). Same choice: C# Levenshtein.BitParallel.cs `HyyroBlocks`, Python
    // bitparallel.py `_distance`.
    if pattern.len() > 64 && max < text.len() && band_fits_word(pattern.len(), text.len(), max) {
        return band_word(pattern, text, max, &mut pm.window);
    }
    if pattern.len() > MAX_CACHED_PATTERN {
        let mut own = PatternMatch::new();
        own.build(pattern)?;
        return blocks_any(&own, pattern.len(), text, max);
    }
    if let Err(error) = pm.build(pattern) {
        // A partly built table cannot be cleared by walking the pattern: start the thread's table afresh.
        *pm = PatternMatch::new();
        return Err(error);
    }
    crate::fault::point();
    let result = if pattern.len() <= 64 {
        Ok(distance_prebuilt(pm, pattern.len(), text, max))
    } else {
        blocks_any(pm, pattern.len(), text, max)
    };
    pm.clear(pattern);
    result
}

/// The block-wise distance of a pattern of more than 64 code points whose vectors `pm` holds: only the blocks
/// in the band when the bound makes it narrow, all of them otherwise (the full loop is the faster per block).
fn blocks_any<T: Symbol>(pm: &PatternMatch, n: usize, text: &[T], max: usize) -> Result<usize, AllocError> {
    let words = n.div_ceil(64);
    // The band is at most `max + 1` rows tall, so it meets at most this many blocks per column.
    let band_blocks = (max + 1).div_ceil(64) + 1;
    if max < text.len() && band_blocks * 4 < words * 3 {
        blocks_banded(pm, n, text, max)
    } else {
        blocks(pm, n, text, max)
    }
}
/// The distance between a pattern of 1 to 64 code points, whose vectors `pm` already holds (built with
/// [`PatternMatch::build`]), and any `text`, shorter or longer; `max + 1` when it exceeds `max`.
///
/// For many comparisons against one query (nearest, within): the query is the pattern whatever the lengths,
/// so its table is built once per search instead of once per pair. Myers' recurrence does not need the
/// pattern to be the shorter string; it computes D[n][m] either way, in one step per text symbol, so a
/// 64-symbol query against a 5-letter entry costs 5 steps (the per-pair path would build a table for the
/// entry and take 64). Common affixes are not stripped: the table is for the whole query.
///
/// Both callers ([`distance`] and the corpus searches) have already skipped pairs whose length difference
/// exceeds `max`, so that check is not repeated here; the result is right for any `max` regardless.
pub(crate) fn distance_prebuilt<T: Symbol>(pm: &PatternMatch, n: usize, text: &[T], max: usize) -> usize {
    debug_assert!((1..=64).contains(&n) && pm.words == 1);
    // No distance exceeds the longer length: with `max` capped there, `max == longer` means the early exit
    // can never fire, and a loop without it saves its three instructions per text symbol.
    let longer = n.max(text.len());
    let max = max.min(longer);
    let bounded = max < longer;
    match pm.word_match {
        WordMatch::Table if bounded => table_word_loop::<T, true>(pm, n, text, max),
        WordMatch::Table => table_word_loop::<T, false>(pm, n, text, max),
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `build` chose these only up to `word_match_limit`, which never exceeds what the CPU was detected
        // to run ([`WordMatch::detected`]).
        WordMatch::Avx2 if bounded => unsafe { compare::word_loop_avx2::<T, true>(&pm.codes, n, text, max) },
        #[cfg(target_arch = "x86_64")]
        WordMatch::Avx2 => unsafe { compare::word_loop_avx2::<T, false>(&pm.codes, n, text, max) },
        #[cfg(target_arch = "x86_64")]
        WordMatch::Avx512 if bounded => unsafe { compare::word_loop_avx512::<T, true>(&pm.codes, n, text, max) },
        #[cfg(target_arch = "x86_64")]
        WordMatch::Avx512 => unsafe { compare::word_loop_avx512::<T, false>(&pm.codes, n, text, max) },
        #[cfg(not(target_arch = "x86_64"))]
        _ => unreachable!("no vector compares are detected off x86-64"),
    }
}

#[inline(always)]
fn table_word_loop<T: Symbol, const BOUNDED: bool>(pm: &PatternMatch, n: usize, text: &[T], max: usize) -> usize {
    // With one word the direct table is exactly 256 entries: a fixed-size view drops the bounds check and the
    // multiply by the word count from the hot loop.
    let direct: &[u64; DIRECT] = pm.direct[..DIRECT].try_into().expect("the direct table holds 256 entries");
    single_word_loop::<T, BOUNDED>(n, text, max, |code| {
        if (code as usize) < DIRECT {
            direct[code as usize]
        } else {
            pm.get_mapped(code)
        }
    })
}

/// One-word patterns matched by vector compares ([`WordMatch::Avx2`], [`WordMatch::Avx512`]).
#[cfg(target_arch = "x86_64")]
mod compare {
    use std::arch::x86_64::*;

    use super::single_word_loop;
    use crate::text::Symbol;

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn word_loop_avx2<T: Symbol, const BOUNDED: bool>(codes: &[u32; 64], n: usize, text: &[T], max: usize) -> usize {
        if n <= 8 {
            // One compare per text symbol: no loop around it.
            // SAFETY: `codes` holds at least 8 u32s, 32 bytes, and an unaligned load reads exactly those.
            let lanes = unsafe { _mm256_loadu_si256(codes.as_ptr().cast()) };
            return single_word_loop::<T, BOUNDED>(n, text, max, |code| {
                let equal = _mm256_cmpeq_epi32(lanes, _mm256_set1_epi32(code as i32));
                u64::from(_mm256_movemask_ps(_mm256_castsi256_ps(equal)) as u8)
            });
        }
        let chunks = n.div_ceil(8);
        single_word_loop::<T, BOUNDED>(n, text, max, |code| {
            let needle = _mm256_set1_epi32(code as i32);
            let mut mask = 0u64;
            for (k, chunk) in codes.chunks_exact(8).take(chunks).enumerate() {
                // SAFETY: `chunk` is 8 u32s, 32 bytes, and an unaligned load reads exactly those.
                let lanes = unsafe { _mm256_loadu_si256(chunk.as_ptr().cast()) };
                let equal = _mm256_cmpeq_epi32(lanes, needle);
                mask |= u64::from(_mm256_movemask_ps(_mm256_castsi256_ps(equal)) as u8) << (8 * k);
            }
            mask
        })
    }

    /// # Safety
    /// The CPU must support AVX-512F.
    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn word_loop_avx512<T: Symbol, const BOUNDED: bool>(codes: &[u32; 64], n: usize, text: &[T], max: usize) -> usize {
        if n <= 16 {
            // SAFETY: `codes` holds at least 16 u32s, 64 bytes, and an unaligned load reads exactly those.
            let lanes = unsafe { _mm512_loadu_si512(codes.as_ptr().cast()) };
            return single_word_loop::<T, BOUNDED>(n, text, max, |code| {
                u64::from(_mm512_cmpeq_epi32_mask(lanes, _mm512_set1_epi32(code as i32)))
            });
        }
        let chunks = n.div_ceil(16);
        single_word_loop::<T, BOUNDED>(n, text, max, |code| {
            let needle = _mm512_set1_epi32(code as i32);
            let mut mask = 0u64;
            for (k, chunk) in codes.chunks_exact(16).take(chunks).enumerate() {
                // SAFETY: `chunk` is 16 u32s, 64 bytes, and an unaligned load reads exactly those.
                let lanes = unsafe { _mm512_loadu_si512(chunk.as_ptr().cast()) };
                mask |= u64::from(_mm512_cmpeq_epi32_mask(lanes, needle)) << (16 * k);
            }
            mask
        })
    }
}

/// Myers' recurrence over `text` for a pattern of `n` code points (1 to 64), `eq` giving the pattern's match vector
/// for a text symbol's code point.
#[inline(always)]
fn single_word_loop<T: Symbol, const BOUNDED: bool>(n: usize, text: &[T], max: usize, eq: impl Fn(u32) -> u64) -> usize {
    let last = 1u64 << (n - 1);
    // Bits above the pattern may hold anything: carries only move towards higher bits, so they never
    // disturb the pattern's rows.
    let mut vp = !0u64;
    let mut vn = 0u64;
    let mut score = n;
    let mut remaining = text.len();
    for symbol in text {
        let x = eq(symbol.code());
        let sum = (x & vp).wrapping_add(vp) ^ vp;
        let d0 = sum | x | vn;
        // The textbook step computes hp = vn | !(d0 | vp), then vp' = (hn << 1) | !(d0 | (hp << 1 | 1)).
        // Carrying the complement of hp instead gives the same words (!(hp << 1 | 1) == !hp << 1), and
        // since vp & vn == 0, !hp = (d0 | vp) & !vn = (sum & !vn) | (x & !vn) | vp, whose second half does
        // not wait for the addition. The vp -> vp' dependency chain, which bounds this loop, shrinks from
        // 11 operations to 8.
        let not_hp = (sum & !vn) | ((x & !vn) | vp);
        let hn = d0 & vp;
        score += usize::from(not_hp & last == 0);
        score -= usize::from(hn & last != 0);
        if BOUNDED {
            remaining -= 1;
            // Each remaining symbol lowers the score by at most one: stop once it cannot come back.
            if score > max + remaining {
                return max + 1;
            }
        }
        let not_hp_shifted = not_hp << 1;
        vp = (hn << 1) | (!d0 & not_hp_shifted);
        vn = d0 & !not_hp_shifted;
    }
    score.min(max + 1)
}

fn blocks<T: Symbol>(pm: &PatternMatch, n: usize, text: &[T], max: usize) -> Result<usize, AllocError> {
    let words = n.div_ceil(64);
    let last = 1u64 << ((n - 1) % 64);
    // (vp, vn) of one block side by side: one pointer for the whole column. The last block is apart
    // because its score row is not bit 63.
    let mut v = Vec::new();
    try_grow(&mut v, words, (!0u64, 0u64))?;
    let (mut buffer0, mut buffer1) = (RowBuffer::new(pm, words)?, RowBuffer::new(pm, words)?);
    let (inner, tail) = v.split_at_mut(words - 1);
    let (tail_vp, tail_vn) = &mut tail[0];
    let mut score = n;
    let mut remaining = text.len();
    // Two text symbols per pass over the blocks (unroll-and-jam): each block's vp and vn are loaded and
    // stored once for both columns, and the loop overhead is paid once. The loop is bound by throughput
    // (~30 instructions per block and column; the carry chains of neighbouring blocks and columns overlap),
    // so the saved loads, stores and loop instructions are what counts (measured at 1000 code points: a
    // fifth more pairs per second than one column per pass). Four columns per pass measured slower: register
    // spills.
    let mut pairs = text.chunks_exact(2);
    for pair in &mut pairs {
        remaining -= 2;
        // The pattern rows of both symbols, looked up once for all blocks: their words are contiguous, so
        // the block loop is a zip without bounds checks, multiplies or hash probes.
        let (row0_inner, row0_tail) = buffer0.load(pm, pair[0].code(), 0, words - 1).split_at(words - 1);
        let (row1_inner, row1_tail) = buffer1.load(pm, pair[1].code(), 0, words - 1).split_at(words - 1);
        // The horizontal delta entering the first block: row 0 of the DP grows by one per text symbol,
        // so hp = 1 there, and its complement, which is what travels (see `step`), is 0.
        let (mut not_hp0, mut hn0, mut not_hp1, mut hn1) = (0u64, 0u64, 0u64, 0u64);
        for ((&eq0, &eq1), (vp, vn)) in row0_inner.iter().zip(row1_inner).zip(inner.iter_mut()) {
            let (not_hp, hn) = step(eq0, vp, vn, not_hp0, hn0);
            (not_hp0, hn0) = (not_hp >> 63, hn >> 63);
            let (not_hp, hn) = step(eq1, vp, vn, not_hp1, hn1);
            (not_hp1, hn1) = (not_hp >> 63, hn >> 63);
        }
        let (not_hp, hn) = step(row0_tail[0], tail_vp, tail_vn, not_hp0, hn0);
        score += usize::from(not_hp & last == 0);
        score -= usize::from(hn & last != 0);
        let (not_hp, hn) = step(row1_tail[0], tail_vp, tail_vn, not_hp1, hn1);
        score += usize::from(not_hp & last == 0);
        score -= usize::from(hn & last != 0);
        // Checked once per pair: score - remaining never decreases, so this stops at most a column late.
        if score > max + remaining {
            return Ok(max + 1);
        }
    }
    for symbol in pairs.remainder() {
        let (row_inner, row_tail) = buffer0.load(pm, symbol.code(), 0, words - 1).split_at(words - 1);
        let (mut not_hp_carry, mut hn_carry) = (0u64, 0u64);
        for (&eq, (vp, vn)) in row_inner.iter().zip(inner.iter_mut()) {
            let (not_hp, hn) = step(eq, vp, vn, not_hp_carry, hn_carry);
            (not_hp_carry, hn_carry) = (not_hp >> 63, hn >> 63);
        }
        let (not_hp, hn) = step(row_tail[0], tail_vp, tail_vn, not_hp_carry, hn_carry);
        score += usize::from(not_hp & last == 0);
        score -= usize::from(hn & last != 0);
    }
    Ok(score.min(max + 1))
}

/// [`blocks`] restricted to the diagonal band: the distance of a pattern of `n` > 64 code points and a text at
/// least as long, when it is at most `max` (`text.len() - n <= max < text.len()`); otherwise more than `max`.
///
/// A path of cost at most `max` to the last cell only crosses cells (i, j) with |j − i| + |(m − j) − (n − i)|
/// <= max: the first term bounds the cost so far, the second what is left. With d = m − n and h = ⌊(max − d) /
/// 2⌋, that is rows j − d − h ..= j + h of column j: at most `max + 1` rows, moving down one row per column.
/// Only the blocks holding them are advanced; both ends of that range only ever move down.
///
/// Cells outside the computed blocks are given values that can only be too high, never too low: a block joins
/// the band with vertical deltas of +1 (each row one more than the one above, the cost of going straight down),
/// and the row above the first computed block is taken to grow by +1 per column, as row 0 does. Every computed
/// value is therefore at least the true one, and the cells of an optimal path of cost <= max, which all lie in
/// the band, get their true values by induction along the path: a too-high neighbour never wins the minimum
/// against the path's own predecessor. So the last cell is exact when the distance is at most `max`, and above
/// `max` otherwise. (Hyyrö, "A bit-vector algorithm for computing Levenshtein and Damerau edit distances",
/// 2003, bands the same way.)
///
/// `score` tracks D' at r, the bottom row of the last computed block, and gives an early exit. If the distance
/// is at most `max`, let i be the last row in column j of an optimal path (in the band, so i <= r, and exact):
/// D'(r, j) <= D(i, j) + (r − i), because rows i..=r are computed and a column grows by at most one per row,
/// and D(i, j) <= distance − |(n − i) − (m − j)|, what the rest of the path costs at least. Over every i, that
/// bounds D'(r, j) by max + (r − j + d). So once `score` is above that, the distance is above `max`. With
/// r = n, this is the usual test that the score can fall by at most one per remaining column.
fn blocks_banded<T: Symbol>(pm: &PatternMatch, n: usize, text: &[T], max: usize) -> Result<usize, AllocError> {
    let m = text.len();
    let words = n.div_ceil(64);
    debug_assert!(n > 64 && n <= m && m - n <= max && max < m);
    let d = m - n;
    let h = (max - d) / 2;
    let mut v = Vec::new();
    try_grow(&mut v, words, (!0u64, 0u64))?;
    let mut buffer = RowBuffer::new(pm, words)?;
    // The blocks of column 1 start with D[i][0] = i, so the tracked score starts as the last one's bottom row.
    let mut last = ((1 + h).min(n) - 1) / 64;
    let mut score = (64 * (last + 1)).min(n);
    for (column, symbol) in text.iter().enumerate() {
        let j = column + 1;
        let bottom = (j + h).min(n);
        if (bottom - 1) / 64 > last {
            // One row more per column: at most one block joins at a time, with vp = all ones, vn = 0 untouched
            // since the start, so its bottom row is taken as the previous block's plus its height.
            last += 1;
            score += if last + 1 == words { n - 64 * last } else { 64 };
        }
        let top = j.saturating_sub(d + h).max(1);
        let first = (top - 1) / 64;
        let (row_inner, row_tail) = buffer.load(pm, symbol.code(), first, last).split_at(last - first);
        let (inner, tail) = v[first..=last].split_at_mut(last - first);
        let (mut not_hp_carry, mut hn_carry) = (0u64, 0u64);
        for (&eq, (vp, vn)) in row_inner.iter().zip(inner.iter_mut()) {
            let (not_hp, hn) = step(eq, vp, vn, not_hp_carry, hn_carry);
            (not_hp_carry, hn_carry) = (not_hp >> 63, hn >> 63);
        }
        let (tail_vp, tail_vn) = &mut tail[0];
        let (not_hp, hn) = step(row_tail[0], tail_vp, tail_vn, not_hp_carry, hn_carry);
        let (bit, bottom_row) = if last + 1 == words { (1u64 << ((n - 1) % 64), n) } else { (1u64 << 63, 64 * (last + 1)) };
        score += usize::from(not_hp & bit == 0);
        score -= usize::from(hn & bit != 0);
        if score > max + (bottom_row + d - j) {
            return Ok(max + 1);
        }
    }
    Ok(score.min(max + 1))
}

/// Whether the band of a bounded call fits [`band_word`]'s word: the band is `d + 2h + 1` rows tall (d = m − n,
/// h = ⌊(max − d) / 2⌋), and the word holds it below the row that each column's step drops.
fn band_fits_word(n: usize, m: usize, max: usize) -> bool {
    debug_assert!(n <= m && m - n <= max);
    let d = m - n;
    d + 2 * ((max - d) / 2) < 63
}

/// [`blocks_banded`] in one word that slides down the pattern with the band (Hyyrö 2003's diagonal formulation): the
/// distance of a pattern of `n` > 64 code points and a text at least as long, when it is at most `max`
/// (`m - n <= max < m`, the band at most 63 rows tall: [`band_fits_word`]); otherwise `max + 1`.
///
/// Bit k of the word stands for row j − d − h − 1 + k of column j, so the band's rows j − d − h ..= j + h are bits
/// 1 ..= d + 2h + 1, and each column's step moves the word up one bit (the band moves down one row per column): the
/// top row leaves, and a row joins at bit 63 with vertical delta +1, as a block joins in [`blocks_banded`]. Rows
/// above row 0 are all equal to row 0 (deltas 0, no match), and the row above the word is taken to grow by +1 per
/// column: the same assumed cells as [`blocks_banded`]'s, only ever too high, so its proof holds unchanged (every
/// value at least the true one, exact along an optimal path in the band), and the rows below the band that the word
/// also computes are never read by those above.
///
/// The pattern is read only where the band passes: the mask of a text symbol comes from [`WindowMasks`], where each
/// pattern position enters as the window reaches it, so a call that stops early never touches the rest of the pattern
/// and builds no table of it.
///
/// `score` follows the diagonal that ends in the last cell, D'(j − d, j) at bit h + 1: it rises by one per column
/// unless the step's D0 bit says the diagonal move is free, and at column m it is the distance. It is also the early
/// exit, tighter than [`blocks_banded`]'s: if the distance is at most `max`, let i be a row of an optimal path in
/// column j (exact, in the band with row j − d, and every row between them computed). A column changes by at most one
/// per row, so D'(j − d, j) <= D(i, j) + |i − (j − d)|, and the rest of the path costs at least |(n − i) − (m − j)| =
/// |i − (j − d)|, so D(i, j) <= distance − |i − (j − d)|: D'(j − d, j) <= distance <= max. Same algorithm: C#
/// Levenshtein.BitParallel.cs `HyyroBandWord`, Python bitparallel.py `_band_word`.
fn band_word<T: Symbol>(pattern: &[T], text: &[T], max: usize, window: &mut WindowMasks) -> Result<usize, AllocError> {
    let (n, m) = (pattern.len(), text.len());
    debug_assert!(n > 64 && n <= m && m - n <= max && max < m && band_fits_word(n, m, max));
    let d = m - n;
    let h = (max - d) / 2;
    // Window starts are numbered from `first`, shared with WindowMasks: bit 0 of column j is pattern index
    // j - d - h - 2, and the index entering at bit 63, p = j - d - h + 61, enters at start first + p + 1.
    let first = window.begin(n, m)?;
    let entering = 62 - d - h;
    for (p, symbol) in pattern.iter().enumerate().take(entering) {
        window.enter(symbol.code(), first + p as u64 + 1);
    }
    // Column 0: rows 1.. are one more than the row above, rows up to 0 all equal (and 0, the tracked cell).
    let mut vp = !0u64 << (d + h + 1);
    let mut vn = 0u64;
    let mut score = 0;
    for (column, symbol) in text.iter().enumerate() {
        let p = entering + column;
        let start = first + p as u64 + 1;
        if let Some(entered) = pattern.get(p) {
            window.enter(entered.code(), start);
        }
        let x = window.get(symbol.code(), start);
        let d0 = diagonal_step(x, &mut vp, &mut vn);
        score += usize::from(d0 >> (h + 1) & 1 == 0);
        if score > max {
            return Ok(max + 1);
        }
    }
    Ok(score)
}

/// One column of [`band_word`]: Hyyrö's step on the word (`x` the match mask), returning its D0 (the rows whose
/// diagonal move is free), and leaving the vertical deltas moved up one bit, with +1 for the row that joins at bit 63.
#[inline(always)]
fn diagonal_step(x: u64, vp: &mut u64, vn: &mut u64) -> u64 {
    let (p, m) = (*vp, *vn);
    let d0 = ((x & p).wrapping_add(p) ^ p) | x | m;
    let hp = m | !(d0 | p);
    let hn = d0 & p;
    // The textbook's vp' = (hn << 1) | !(d0 | (hp << 1) | 1) and vn' = ((hp << 1) | 1) & d0, shifted down one bit:
    // the +1 entering row 0 of the word leaves with it.
    *vp = hn | !((d0 >> 1) | hp) | 1 << 63;
    *vn = (d0 >> 1) & hp;
    d0
}

/// The masks of [`band_word`]: for each code point, its positions in the window of 64 pattern positions that the word
/// reads, kept as of the window start at which it was last updated and shifted to the current start when read. The
/// window moves one position per column, so a position costs one update when it enters and nothing after.
///
/// Window starts are numbered across calls: each call takes numbers above every earlier call's, at least 64 apart,
/// so entries an earlier call left read as empty and nothing is cleared between calls. Latin-1 code points are
/// indexed directly; the others share a map of [`WINDOW_SLOTS`] slots, which holds at most the 64 code points in the
/// window plus 64 entered since it was last compacted. Memory is fixed, whatever the pattern and its alphabet.
pub(crate) struct WindowMasks {
    /// `direct[code] = (mask, start)`.
    direct: Vec<(u64, u64)>,
    /// `(code, mask, start)`, `code == EMPTY` when free.
    map: Vec<(u32, u64, u64)>,
    /// Slots in use, and how many of them were taken since the map was last compacted: at 64 it is compacted, so
    /// that at most 128 of its 256 slots are ever in use.
    taken: usize,
    fresh: usize,
    /// The start the next call numbers from.
    next: u64,
}

const WINDOW_SLOTS: usize = 256;

impl WindowMasks {
    fn new() -> Self {
        // 64 above the entries' initial start of 0, so that they read as empty.
        WindowMasks { direct: Vec::new(), map: Vec::new(), taken: 0, fresh: 0, next: 64 }
    }

    /// Prepares a call on a pattern of `n` and a text of `m` code points; returns the first start it may use. Its
    /// starts stay below that plus `n + m + 64`.
    fn begin(&mut self, n: usize, m: usize) -> Result<u64, AllocError> {
        // 10 KiB per thread, allocated by the first call.
        try_grow(&mut self.direct, DIRECT, (0, 0))?;
        try_grow(&mut self.map, WINDOW_SLOTS, (EMPTY, 0, 0))?;
        if self.taken != 0 {
            self.map.fill((EMPTY, 0, 0));
            self.taken = 0;
            self.fresh = 0;
        }
        let first = self.next;
        match first.checked_add((n + m) as u64 + 128) {
            Some(next) => self.next = next,
            None => {
                // Never in practice (2^64 positions); start the numbering afresh rather than wrap.
                self.direct.fill((0, 0));
                self.next = 64;
                return self.begin(n, m);
            }
        }
        Ok(first)
    }

    /// Adds the pattern position that enters the window at `start`, as its last position (bit 63), for `code`.
    #[inline(always)]
    fn enter(&mut self, code: u32, start: u64) {
        let entry = if (code as usize) < DIRECT {
            let (mask, at) = &mut self.direct[code as usize];
            (mask, at)
        } else {
            let slot = self.slot(code, start);
            let (_, mask, at) = &mut self.map[slot];
            (mask, at)
        };
        *entry.0 = shifted(*entry.0, start.wrapping_sub(*entry.1)) | 1 << 63;
        *entry.1 = start;
    }

    /// The positions of `code` in the window at `start`.
    #[inline(always)]
    fn get(&self, code: u32, start: u64) -> u64 {
        let (mask, at) = if (code as usize) < DIRECT {
            self.direct[code as usize]
        } else {
            if self.taken == 0 {
                return 0;
            }
            match self.find(code) {
                Some(slot) => (self.map[slot].1, self.map[slot].2),
                None => return 0,
            }
        };
        shifted(mask, start.wrapping_sub(at))
    }

    #[inline(always)]
    fn home(code: u32) -> usize {
        // Fibonacci hashing, the top 8 bits: code points of one script are consecutive.
        (code.wrapping_mul(0x9E37_79B1) >> 24) as usize
    }

    fn find(&self, code: u32) -> Option<usize> {
        let mut slot = Self::home(code);
        loop {
            match self.map[slot].0 {
                key if key == code => return Some(slot),
                EMPTY => return None,
                _ => slot = (slot + 1) % WINDOW_SLOTS,
            }
        }
    }

    /// The slot of `code`, taken when new; the map is compacted first when it would otherwise fill past half.
    fn slot(&mut self, code: u32, start: u64) -> usize {
        if let Some(slot) = self.find(code) {
            return slot;
        }
        if self.fresh == 64 {
            self.compact(start);
        }
        let mut slot = Self::home(code);
        while self.map[slot].0 != EMPTY {
            slot = (slot + 1) % WINDOW_SLOTS;
        }
        self.map[slot] = (code, 0, start);
        self.taken += 1;
        self.fresh += 1;
        slot
    }

    /// Keeps only the entries with a position still in the window at `start`: at most 64, one per position.
    fn compact(&mut self, start: u64) {
        let mut live = [(EMPTY, 0u64); 64];
        let mut count = 0;
        for &(code, mask, at) in &self.map {
            let mask = if code == EMPTY { 0 } else { shifted(mask, start.wrapping_sub(at)) };
            if mask != 0 {
                live[count] = (code, mask);
                count += 1;
            }
        }
        self.map.fill((EMPTY, 0, 0));
        self.taken = count;
        self.fresh = 0;
        for &(code, mask) in &live[..count] {
            let mut slot = Self::home(code);
            while self.map[slot].0 != EMPTY {
                slot = (slot + 1) % WINDOW_SLOTS;
            }
            self.map[slot] = (code, mask, start);
        }
    }
}

/// `mask` moved down by `by` positions: empty once they all left. Without a branch: whether an entry is recent is
/// as good as random.
#[inline(always)]
fn shifted(mask: u64, by: u64) -> u64 {
    (mask >> (by & 63)) & u64::from(by < 64).wrapping_neg()
}

/// Advances one 64-row block by one text symbol: `not_hp_in` / `hn_in` are the complement of the positive
/// and the negative horizontal delta arriving from the row above the block; returns the block's complement
/// of hp and its hn before the shift (bit 63 is what leaves for the next block).
///
/// The same rewrite as [`single_word_loop`]: carrying !hp shortens the vp -> vp' chain from 11 operations
/// to 8, and !(hp << 1 | c) == (!hp << 1) | !c lets the complemented carry be shifted in directly.
#[inline(always)]
fn step(eq: u64, vp: &mut u64, vn: &mut u64, not_hp_in: u64, hn_in: u64) -> (u64, u64) {
    let (p, m) = (*vp, *vn);
    // A negative delta coming in from the block above acts like a match in the block's lowest row.
    let x = eq | hn_in;
    let sum = (x & p).wrapping_add(p) ^ p;
    let d0 = sum | x | m;
    let not_hp = (sum & !m) | ((x & !m) | p);
    let hn = d0 & p;
    let not_hp_shifted = (not_hp << 1) | not_hp_in;
    *vp = ((hn << 1) | hn_in) | (!d0 & not_hp_shifted);
    *vn = d0 & !not_hp_shifted;
    (not_hp, hn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize) -> usize {
        let (a, b): (Vec<u32>, Vec<u32>) = (a.chars().map(u32::from).collect(), b.chars().map(u32::from).collect());
        let mut pm = PatternMatch::new();
        if a.len() <= b.len() {
            distance(&a, &b, max, &mut pm).unwrap()
        } else {
            distance(&b, &a, max, &mut pm).unwrap()
        }
    }

    #[test]
    fn single_word_cases() {
        assert_eq!(d("kitten", "sitting", usize::MAX), 3);
        assert_eq!(d("kitten", "sitting", 2), 3);
        assert_eq!(d("\u{1F600}", "\u{1F601}", usize::MAX), 1);
        assert_eq!(d("é", "e\u{301}", usize::MAX), 2);
    }

    #[test]
    fn block_cases() {
        let a = "ab".repeat(100);
        let b = format!("x{}", &a[1..]);
        assert_eq!(d(&a, &b, usize::MAX), 1);
        assert_eq!(d(&a, &"y".repeat(200), usize::MAX), 200);
        assert_eq!(d(&a, &"y".repeat(200), 10), 11);
    }

    /// Plain two-row Wagner–Fischer, the reference for the randomized tests.
    fn reference(a: &[u32], b: &[u32]) -> usize {
        let mut row: Vec<usize> = (0..=a.len()).collect();
        for (i, &y) in b.iter().enumerate() {
            let mut diag = row[0];
            row[0] = i + 1;
            for (j, &x) in a.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = (up + 1).min(row[j] + 1).min(diag + usize::from(x != y));
                diag = up;
            }
        }
        row[a.len()]
    }

    fn random_text(state: &mut u64, len: usize, alphabet: &[u32]) -> Vec<u32> {
        (0..len)
            .map(|_| {
                *state ^= *state << 13;
                *state ^= *state >> 7;
                *state ^= *state << 17;
                alphabet[(*state % alphabet.len() as u64) as usize]
            })
            .collect()
    }

    #[test]
    fn block_path_matches_the_reference_bounded_and_not() {
        // Odd and even text lengths (the pair loop and its remainder), block-boundary pattern lengths, a
        // small alphabet (long carry runs, many ties) and code points that go through the hash map.
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut pm = PatternMatch::new();
        for alphabet in [&[0x61, 0x62][..], &[0x61, 0x62, 0x63, 0x4E00, 0x1F600][..]] {
            for (n, m) in [(65, 65), (65, 66), (127, 128), (128, 131), (129, 200), (200, 201), (300, 333)] {
                let a = random_text(&mut state, n, alphabet);
                let b = random_text(&mut state, m, alphabet);
                let exact = reference(&a, &b);
                for max in [0, 1, exact.saturating_sub(1), exact, exact + 1, usize::MAX] {
                    let expected = exact.min(max.saturating_add(1));
                    assert_eq!(distance(&a, &b, max, &mut pm).unwrap(), expected, "n {n} m {m} max {max}");
                }
            }
        }
    }

    #[test]
    fn prebuilt_pattern_is_the_distance_in_both_orientations() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut pm = PatternMatch::new();
        let alphabet = [0x61, 0x62, 0x63, 0x4E00];
        for n in [1, 2, 8, 63, 64] {
            let pattern = random_text(&mut state, n, &alphabet);
            pm.build(&pattern).unwrap();
            for m in [0, 1, 5, n, 64, 90] {
                let text = random_text(&mut state, m, &alphabet);
                let exact = reference(&pattern, &text);
                for max in [0, 2, exact, usize::MAX] {
                    let expected = exact.min(max.saturating_add(1));
                    assert_eq!(distance_prebuilt(&pm, n, &text, max), expected, "n {n} m {m} max {max}");
                }
            }
            pm.clear(&pattern);
        }
        assert!(pm.direct.iter().all(|&v| v == 0));
    }

    #[test]
    fn every_way_of_matching_a_one_word_pattern_gives_the_reference_distance() {
        // Each way this CPU runs, the table forced too: pattern lengths at the edges of one compare (8, 16) and of the
        // word, mixed-script and astral code points (which choose the compares) and Latin-1 ones (which stay in the
        // table), bounded and not, both orientations of the prebuilt path.
        let mut state = 0x7F4A_7C15_9E37_79B9_u64;
        let alphabet = [0x61, 0x62, 0xE9, 0x3B1, 0x3B2, 0x4E00, 0x4E01, 0x1F600, 0x1F601, 0x20000];
        let detected = WordMatch::detected();
        for limit in [WordMatch::Table, WordMatch::Avx2, WordMatch::Avx512].into_iter().filter(|&w| w <= detected) {
            let mut pm = PatternMatch::new();
            pm.word_match_limit = limit;
            for n in [1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64] {
                for m in [0, 1, n / 2, n, n + 3, 90] {
                    let pattern = random_text(&mut state, n, &alphabet);
                    let text = random_text(&mut state, m, &alphabet);
                    let exact = reference(&pattern, &text);
                    pm.build(&pattern).unwrap();
                    assert_eq!(pm.word_match, if pattern.iter().any(|&c| c >= 256) { limit } else { WordMatch::Table });
                    for max in [0, 1, exact.saturating_sub(1), exact, exact + 1, usize::MAX] {
                        let expected = exact.min(max.saturating_add(1));
                        assert_eq!(distance_prebuilt(&pm, n, &text, max), expected, "{limit:?} n {n} m {m} max {max}");
                    }
                    pm.clear(&pattern);
                    assert_clean(&pm);
                }
            }
        }
    }

    #[test]
    fn table_is_clean_after_each_call() {
        let mut pm = PatternMatch::new();
        let a: Vec<u32> = "a\u{4E00}b".chars().map(u32::from).collect();
        let b: Vec<u32> = "xyz".chars().map(u32::from).collect();
        assert_eq!(distance(&a, &a, usize::MAX, &mut pm).unwrap(), 0);
        assert!(pm.direct.iter().all(|&v| v == 0));
        assert!(pm.map.iter().all(|&(k, _)| k == EMPTY));
        assert!(pm.values.iter().all(|&v| v == 0) && pm.used.is_empty());
        assert_eq!(distance(&b, &a, usize::MAX, &mut pm).unwrap(), 3);
    }

    fn assert_clean(pm: &PatternMatch) {
        assert!(pm.direct.iter().all(|&v| v == 0), "direct table left dirty");
        assert!(pm.map.iter().all(|&(k, _)| k == EMPTY), "map left dirty");
        assert!(pm.values.iter().all(|&v| v == 0), "mapped vectors left dirty");
        assert!(pm.used.is_empty());
    }

    #[test]
    fn short_patterns_after_a_long_one_reuse_the_grown_table_correctly() {
        // A long pattern with many distinct CJK and astral symbols (hundreds of map rows, 16 words each) grows
        // every buffer; short and medium patterns afterwards run under a smaller mask and fewer words over
        // the same memory, reusing slots and rows that the long one filled. Each result against the reference,
        // and the table must be all clear after each call.
        let mut state = 0xD1B5_4A32_D192_ED03_u64;
        let mut pm = PatternMatch::new();
        let many: Vec<u32> = (0x4E00..0x4E00 + 600).chain(0x1F600..0x1F650).chain(0x20000..0x20100).chain(0x61..0x7B).collect();
        let few = [0x3B1, 0x3B2, 0x430, 0x431, 0x4E00, 0x4E01, 0x1F600, 0x1F601, 0x61, 0xE9];
        for round in 0..6 {
            let (n, m) = [(1000, 1000), (700, 1003), (1000, 1001)][round % 3];
            let a = random_text(&mut state, n, &many);
            let b = random_text(&mut state, m, &many);
            assert_eq!(distance(&a, &b, usize::MAX, &mut pm).unwrap(), reference(&a, &b), "long round {round}");
            assert_clean(&pm);
            for (n, m) in [(1, 1), (3, 5), (8, 8), (8, 9), (64, 64), (65, 70), (130, 140), (8, 8)] {
                // The mixed alphabet, and the long pattern's own symbols, whose former slots are now free.
                for alphabet in [&few[..], &many[..]] {
                    let a = random_text(&mut state, n, alphabet);
                    let b = random_text(&mut state, m, alphabet);
                    let exact = reference(&a, &b);
                    for max in [0, exact.saturating_sub(1), exact, usize::MAX] {
                        let expected = exact.min(max.saturating_add(1));
                        assert_eq!(distance(&a, &b, max, &mut pm).unwrap(), expected, "n {n} m {m} max {max}");
                        assert_clean(&pm);
                    }
                }
            }
        }
    }

    #[test]
    fn the_band_gives_the_exact_distance_within_the_bound_and_more_beyond_it() {
        // Called directly, for every bound from the length gap upwards, so that the band's edges (h = 0, a
        // band of one block, the first and last blocks clamped) are all reached whatever `blocks_any` picks.
        // A two-letter alphabet makes long runs of ties, where a wrong carry or a wrong assumed cell shows.
        let mut state = 0x5DEE_CE66_D1CE_4E5B_u64;
        let mut pm = PatternMatch::new();
        for alphabet in [&[0x61, 0x62][..], &[0x61, 0x62, 0x63, 0x4E00, 0x1F600][..]] {
            for (n, m) in [(65, 65), (65, 70), (128, 128), (129, 140), (200, 200), (300, 310), (500, 520)] {
                let a = random_text(&mut state, n, alphabet);
                // A close copy as well as an unrelated text: bounds around the true distance matter most.
                let mut close = a.clone();
                for _ in 0..(m - n) {
                    close.insert((next(&mut state) as usize) % (close.len() + 1), alphabet[0]);
                }
                for i in 0..n / 20 {
                    close[(i * 37) % m] = alphabet[i % alphabet.len()];
                }
                for b in [random_text(&mut state, m, alphabet), close] {
                    let exact = reference(&a, &b);
                    pm.build(&a).unwrap();
                    for max in (m - n)..m {
                        let expected = exact.min(max + 1);
                        assert_eq!(blocks_banded(&pm, n, &b, max).unwrap(), expected, "n {n} m {m} max {max} exact {exact}");
                    }
                    pm.clear(&a);
                    assert_clean(&pm);
                }
            }
        }
    }

    #[test]
    fn the_band_word_gives_the_exact_distance_within_the_bound_and_more_beyond_it() {
        // Called directly, for every bound from the length gap up to the tallest band the word holds: h = 0, the
        // band's bottom reaching row n early or late, the corner between the two trackings. One WindowMasks for all,
        // as a thread's is: entries of earlier calls must read as empty. Alphabets: two letters (long runs of ties),
        // a mix through the direct table and the map, and 300 CJK code points (the map compacted again and again).
        let mut state = 0x6A09_E667_F3BC_C909_u64;
        let mut pm = PatternMatch::new();
        let cjk: Vec<u32> = (0x4E00..0x4E00 + 300).collect();
        let alphabets = [&[0x61, 0x62][..], &[0x61, 0x62, 0x63, 0xE9, 0x4E00, 0x1F600][..], &cjk[..]];
        for alphabet in alphabets {
            for (n, m) in [(65, 65), (65, 70), (100, 100), (128, 131), (129, 129), (200, 230), (500, 505), (1000, 1000)] {
                let a = random_text(&mut state, n, alphabet);
                let mut close = a.clone();
                for _ in 0..(m - n) {
                    close.insert((next(&mut state) as usize) % (close.len() + 1), alphabet[0]);
                }
                for i in 0..n / 40 {
                    close[(i * 37 + 3) % m] = alphabet[(next(&mut state) as usize) % alphabet.len()];
                }
                for b in [close, random_text(&mut state, m, alphabet)] {
                    let exact = reference(&a, &b);
                    for max in (m - n)..m {
                        if !band_fits_word(n, m, max) {
                            break;
                        }
                        let expected = exact.min(max + 1);
                        assert_eq!(band_word(&a, &b, max, &mut pm.window).unwrap(), expected, "n {n} m {m} max {max} exact {exact}");
                        assert!(pm.window.taken <= WINDOW_SLOTS / 2);
                    }
                }
            }
        }
    }

    #[test]
    fn bounds_whose_band_fits_a_word_take_it_and_read_no_more_of_the_pattern_than_it_reaches() {
        // Through `distance`: the band word builds no pattern table, and a call that stops early enters only the
        // pattern positions its band reached. The strings differ from their first code points on.
        let mut state = 0xBB67_AE85_84CA_A73B_u64;
        let mut pm = PatternMatch::new();
        let a = random_text(&mut state, 5000, &[0x61, 0x62, 0x63, 0x64]);
        let b = random_text(&mut state, 5000, &[0x61, 0x62, 0x63, 0x64]);
        let first = pm.window.next;
        // The fault point fires where a pattern table has just been built.
        crate::fault::arm();
        assert_eq!(distance(&a, &b, 10, &mut pm).unwrap(), 11);
        assert!(crate::fault::point_disarm(), "a pattern table was built");
        // Numbering of the call's window starts: the last position entered has the highest start in the table.
        let latest = pm.window.direct.iter().map(|&(_, at)| at).max().unwrap();
        assert!(latest > first && latest - first < 500, "the band entered {} positions", latest - first);
        let mut close = a.clone();
        close[2500] = 0x7A;
        close.insert(4000, 0x7A);
        assert_eq!(distance(&a, &close, 10, &mut pm).unwrap(), 2);
        assert_eq!(distance(&a, &close, 1, &mut pm).unwrap(), 2);
    }

    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn a_long_pattern_with_a_large_alphabet_takes_memory_proportional_to_its_length() {
        // 20 000 code points drawn from 20 000 CJK ideographs: dense rows would be ~17 000 distinct code points
        // × 313 words (43 MB); the sparse layout stays within a small multiple of the length.
        let mut state = 0x2F69_3B0C_5A1E_D713_u64;
        let alphabet: Vec<u32> = (0x4E00..0x4E00 + 20_000).collect();
        let n = 20_000;
        let a = random_text(&mut state, n, &alphabet);
        let mut pm = PatternMatch::new();
        pm.build(&a).unwrap();
        assert!(pm.sparse());
        let per_symbol = pm.heap_bytes() / n;
        assert!(per_symbol <= 96, "{per_symbol} bytes per pattern code point");

        // A small alphabet at the same length stays dense (one probe per text symbol), and as small.
        let latin_and_greek: Vec<u32> = (0x61..0x7B).chain(0x3B1..0x3CA).collect();
        let a = random_text(&mut state, n, &latin_and_greek);
        let mut pm = PatternMatch::new();
        pm.build(&a).unwrap();
        assert!(!pm.sparse());
        assert!(pm.heap_bytes() / n <= 96, "{} bytes per pattern code point", pm.heap_bytes() / n);
    }

    #[test]
    fn the_sparse_layout_gives_the_same_distances() {
        // Above the dense budget with more than 256 mapped code points (~6 000 distinct in 8 000), against a
        // close copy and an unrelated text; every path (band, full blocks) and bounds on both sides of the distance.
        let mut state = 0x1B87_3593_CC9E_2D51_u64;
        let alphabet: Vec<u32> = (0x4E00..0x4E00 + 20_000).chain([0x61, 0x62, 0x1F600]).collect();
        let n = 8_000;
        let a = random_text(&mut state, n, &alphabet);
        let mut b = a.clone();
        for i in (0..n).step_by(211) {
            b[i] = alphabet[(i * 7) % alphabet.len()];
        }
        b.insert(n / 2, 0x62);
        let unrelated = random_text(&mut state, n + 3, &alphabet);
        let mut pm = PatternMatch::new();
        for text in [b, unrelated] {
            let exact = reference(&a, &text);
            for max in [usize::MAX, exact + 5, exact, exact.saturating_sub(1), 40, 3] {
                let max = max.max(text.len() - n);
                let mut own = PatternMatch::new();
                own.build(&a).unwrap();
                assert!(own.sparse());
                assert_eq!(distance(&a, &text, max, &mut pm).unwrap(), exact.min(max.saturating_add(1)), "max {max}");
            }
        }
    }

    #[test]
    fn patterns_above_the_cached_limit_use_a_private_table() {
        let mut state = 0x0123_4567_89AB_CDEF_u64;
        let mut pm = PatternMatch::new();
        let alphabet = [0x61, 0x62, 0x4E00, 0x4E01, 0x1F600, 0x20000];
        let n = MAX_CACHED_PATTERN + 1;
        let a = random_text(&mut state, n, &alphabet);
        let mut b = a.clone();
        for i in (0..n).step_by(97) {
            b[i] = 0x1F601;
        }
        b.push(0x62);
        let exact = reference(&a, &b);
        assert_eq!(distance(&a, &b, usize::MAX, &mut pm).unwrap(), exact);
        assert_eq!(distance(&a, &b, exact - 1, &mut pm).unwrap(), exact);
        // The thread's table was not touched, let alone grown.
        assert_clean(&pm);
        assert_eq!(pm.direct.len(), DIRECT + 1);
        assert_eq!(pm.map.len(), MIN_SLOTS);
    }
}
