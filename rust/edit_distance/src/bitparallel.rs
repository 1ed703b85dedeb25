//! Myers' bit-parallel Levenshtein algorithm in Hyyrö's formulation (Myers 1999; Hyyrö 2001, 2003).
//!
//! The DP column for the pattern (the shorter string) is kept as vertical deltas in bit vectors, 64 cells
//! per machine word; one text symbol advances the whole column in about 15 word operations. A pattern of at
//! most 64 code points fits one word; longer patterns are processed block-wise, 64 rows per block, carrying
//! the horizontal delta of the block's last row into the next block.

use crate::text::Symbol;

/// Code points below this index the pattern-match vectors directly; the rest go through [`PatternMatch`]'s
/// hash map. 256 covers ASCII and Latin-1, where most real text lives.
const DIRECT: usize = 256;
const EMPTY: u32 = u32::MAX;

/// Pattern-match vectors: for each symbol, the bit mask of the pattern positions that hold it.
///
/// Reused across calls (one per thread): building touches only the entries of the pattern's symbols, and
/// [`PatternMatch::clear`] resets only those, so a call on an 8-symbol pattern does not pay for zeroing the
/// whole 2 KiB direct table.
///
/// Every part of a call's cost depends on the current pattern only, never on the longest pattern the thread
/// has seen. The buffers grow for a long pattern and are kept, but a later short pattern uses only a prefix of
/// them: its map is probed under its own mask (`mask`, sized for its length), its mapped vectors are the first
/// rows of `values`, and clearing walks the slots it filled (`used`) and zeroes its rows. (Before: the map's
/// size was that of the longest pattern so far, and clearing reset all of it, `keys` and `slots × words`
/// values; after one 1000-code-point mixed-script pattern, 8-code-point mixed pairs went from ~57 ns to
/// ~1700 ns each on the same thread; with this layout they stay at ~60 ns.) Tracking the used slots was
/// chosen over resetting the map per call, which costs an 8-symbol pattern a fill of 128 slots every time.
/// A private table per long pattern alone would not do either: patterns just below its threshold would
/// still leave the large map behind. Patterns above [`MAX_CACHED_PATTERN`] get a private table anyway,
/// so that one huge string does not pin its memory to the thread (C# does the same).
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
    /// `values[row * words + word]`, one row per distinct mapped code point, numbered in order of first
    /// appearance: `used.len()` rows in use, and all zero beyond them. Dense rather than indexed by slot, so
    /// its size is (distinct symbols × words), not (2 × pattern length × words).
    values: Vec<u64>,
}

/// Smallest map: small patterns all probe the same 1 KiB.
const MIN_SLOTS: usize = 128;

/// Longer patterns are matched with a table of their own, dropped after the call: the per-thread table
/// keeps what it grew to, up to (257 + distinct symbols) × 64 words for a 4096-code-point pattern. The
/// allocation is negligible beside the O(n·m/64) work of such a pattern.
const MAX_CACHED_PATTERN: usize = 4096;

impl PatternMatch {
    pub(crate) fn new() -> Self {
        PatternMatch {
            words: 1,
            direct: vec![0; DIRECT + 1],
            map: vec![(EMPTY, 0); MIN_SLOTS],
            mask: MIN_SLOTS - 1,
            used: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Whether the current pattern put any code point in the map: each one it put there filled a slot.
    #[inline(always)]
    fn map_used(&self) -> bool {
        !self.used.is_empty()
    }

    #[inline(always)]
    fn slot_of(&self, code: u32) -> usize {
        // Fibonacci hashing: code points of one script are consecutive, and the multiply spreads them.
        (code.wrapping_mul(0x9E37_79B1) as usize >> 7) & self.mask
    }

    /// Fills the vectors for `pattern`; the previous pattern must have been cleared.
    pub(crate) fn build<T: Symbol>(&mut self, pattern: &[T]) {
        let words = pattern.len().div_ceil(64).max(1);
        self.words = words;
        // One row more than the code points it indexes: row `DIRECT` stays zero, for [`PatternMatch::row`].
        if self.direct.len() < (DIRECT + 1) * words {
            self.direct.resize((DIRECT + 1) * words, 0);
        }
        if words == 1 && !pattern.iter().any(|symbol| symbol.code() as usize >= DIRECT) {
            // The common case (one word, Latin-1): no word index, no multiply, no map.
            for (i, symbol) in pattern.iter().enumerate() {
                self.direct[symbol.code() as usize] |= 1u64 << i;
            }
            return;
        }
        // At most one slot per pattern symbol: keep the load factor at or below one half. Sized for this
        // pattern, not the largest so far; the slots beyond are free, so a smaller mask finds the same chains.
        let slots = (pattern.len() * 2).next_power_of_two().max(MIN_SLOTS);
        if self.map.len() < slots {
            self.map.resize(slots, (EMPTY, 0));
        }
        self.mask = slots - 1;
        for (i, symbol) in pattern.iter().enumerate() {
            let (word, bit) = (i / 64, 1u64 << (i % 64));
            let code = symbol.code();
            if (code as usize) < DIRECT {
                self.direct[code as usize * words + word] |= bit;
            } else {
                let mut slot = self.slot_of(code);
                let row = loop {
                    let (key, row) = self.map[slot];
                    if key == code {
                        break row as usize;
                    }
                    if key == EMPTY {
                        let row = self.used.len();
                        self.map[slot] = (code, row as u32);
                        self.used.push(slot as u32);
                        if self.values.len() < (row + 1) * words {
                            // Grows like a Vec; the new part is zero.
                            let len = ((row + 1) * words).max(self.values.len() * 2);
                            self.values.resize(len, 0);
                        }
                        break row;
                    }
                    slot = (slot + 1) & self.mask;
                };
                self.values[row * words + word] |= bit;
            }
        }
    }

    /// Resets what [`PatternMatch::build`] set for `pattern`.
    pub(crate) fn clear<T: Symbol>(&mut self, pattern: &[T]) {
        let words = self.words;
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
                self.values[..rows * words].fill(0);
            }
            self.used.clear();
        }
    }

    /// The `words` words of `code`'s vector, contiguous. Code points absent from the pattern get the
    /// direct table's extra row `DIRECT`, which no symbol ever sets: all zeros.
    #[inline(always)]
    fn row(&self, code: u32) -> &[u64] {
        let words = self.words;
        let index = if (code as usize) < DIRECT {
            code as usize
        } else if self.map_used() {
            match self.find(code) {
                Some(row) => return &self.values[row * words..(row + 1) * words],
                None => DIRECT,
            }
        } else {
            DIRECT
        };
        &self.direct[index * words..(index + 1) * words]
    }

    /// The row of `code` in `values`, if the pattern holds it.
    #[inline(always)]
    fn find(&self, code: u32) -> Option<usize> {
        let mut slot = self.slot_of(code);
        loop {
            let (key, row) = self.map[slot];
            if key == code {
                return Some(row as usize);
            }
            if key == EMPTY {
                return None;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// The single-word vector of a code point outside the direct table.
    #[inline(always)]
    fn get_mapped(&self, code: u32) -> u64 {
        if !self.map_used() {
            return 0;
        }
        self.find(code).map_or(0, |row| self.values[row * self.words])
    }
}

/// Levenshtein distance between `pattern` and `text` (`pattern` the shorter, non-empty), or `max + 1`
/// when it exceeds `max`.
pub(crate) fn distance<T: Symbol>(pattern: &[T], text: &[T], max: usize, pm: &mut PatternMatch) -> usize {
    debug_assert!(pattern.len() <= text.len());
    let max = max.min(text.len());
    if pattern.is_empty() {
        return text.len().min(max + 1);
    }
    if text.len() - pattern.len() > max {
        return max + 1;
    }
    if pattern.len() > MAX_CACHED_PATTERN {
        return blocks_with(pattern, text, max, &mut PatternMatch::new());
    }
    if pattern.len() <= 64 {
        pm.build(pattern);
        let result = distance_prebuilt(pm, pattern.len(), text, max);
        pm.clear(pattern);
        return result;
    }
    blocks_with(pattern, text, max, pm)
}

/// [`blocks`] for a pattern of more than 64 code points, building and clearing its table in `pm`.
fn blocks_with<T: Symbol>(pattern: &[T], text: &[T], max: usize, pm: &mut PatternMatch) -> usize {
    pm.build(pattern);
    let result = blocks(pm, pattern.len(), text, max);
    pm.clear(pattern);
    result
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
    if max >= longer {
        single_word_loop::<T, false>(pm, n, text, max)
    } else {
        single_word_loop::<T, true>(pm, n, text, max)
    }
}

#[inline(always)]
fn single_word_loop<T: Symbol, const BOUNDED: bool>(pm: &PatternMatch, n: usize, text: &[T], max: usize) -> usize {
    let last = 1u64 << (n - 1);
    // Bits above the pattern may hold anything: carries only move towards higher bits, so they never
    // disturb the pattern's rows.
    let mut vp = !0u64;
    let mut vn = 0u64;
    let mut score = n;
    let mut remaining = text.len();
    // With one word the direct table is exactly 256 entries: a fixed-size view drops the bounds check and the
    // multiply by the word count from the hot loop.
    let direct: &[u64; DIRECT] = pm.direct[..DIRECT].try_into().expect("the direct table holds 256 entries");
    for symbol in text {
        let code = symbol.code();
        let x = if (code as usize) < DIRECT { direct[code as usize] } else { pm.get_mapped(code) };
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

fn blocks<T: Symbol>(pm: &PatternMatch, n: usize, text: &[T], max: usize) -> usize {
    let words = n.div_ceil(64);
    let last = 1u64 << ((n - 1) % 64);
    // (vp, vn) of one block side by side: one pointer for the whole column. The last block is apart
    // because its score row is not bit 63.
    let mut v = vec![(!0u64, 0u64); words];
    let (inner, tail) = v.split_at_mut(words - 1);
    let (tail_vp, tail_vn) = &mut tail[0];
    let mut score = n;
    let mut remaining = text.len();
    // Two text symbols per pass over the blocks (unroll-and-jam): each block's vp and vn are loaded and
    // stored once for both columns, and the loop overhead is paid once. The loop is bound by throughput
    // (~30 instructions per block and column; the carry chains of neighbouring blocks and columns overlap),
    // so the saved loads, stores and loop instructions are what counts. Measured at 1000 code points:
    // ~28 k pairs/s with `get` per word, ~31 k with the row lookup, ~38.5 k with two columns per pass.
    // Four columns (generic, arrays of carries) measured slower, ~34.5 k: register spills.
    let mut pairs = text.chunks_exact(2);
    for pair in &mut pairs {
        remaining -= 2;
        // The pattern rows of both symbols, looked up once for all blocks: their words are contiguous, so
        // the block loop is a zip without bounds checks, multiplies or hash probes.
        let (row0_inner, row0_tail) = pm.row(pair[0].code()).split_at(words - 1);
        let (row1_inner, row1_tail) = pm.row(pair[1].code()).split_at(words - 1);
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
            return max + 1;
        }
    }
    for symbol in pairs.remainder() {
        let (row_inner, row_tail) = pm.row(symbol.code()).split_at(words - 1);
        let (mut not_hp_carry, mut hn_carry) = (0u64, 0u64);
        for (&eq, (vp, vn)) in row_inner.iter().zip(inner.iter_mut()) {
            let (not_hp, hn) = step(eq, vp, vn, not_hp_carry, hn_carry);
            (not_hp_carry, hn_carry) = (not_hp >> 63, hn >> 63);
        }
        let (not_hp, hn) = step(row_tail[0], tail_vp, tail_vn, not_hp_carry, hn_carry);
        score += usize::from(not_hp & last == 0);
        score -= usize::from(hn & last != 0);
    }
    score.min(max + 1)
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
            distance(&a, &b, max, &mut pm)
        } else {
            distance(&b, &a, max, &mut pm)
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
                    assert_eq!(distance(&a, &b, max, &mut pm), expected, "n {n} m {m} max {max}");
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
            pm.build(&pattern);
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
    fn table_is_clean_after_each_call() {
        let mut pm = PatternMatch::new();
        let a: Vec<u32> = "a\u{4E00}b".chars().map(u32::from).collect();
        let b: Vec<u32> = "xyz".chars().map(u32::from).collect();
        assert_eq!(distance(&a, &a, usize::MAX, &mut pm), 0);
        assert!(pm.direct.iter().all(|&v| v == 0));
        assert!(pm.map.iter().all(|&(k, _)| k == EMPTY));
        assert!(pm.values.iter().all(|&v| v == 0) && pm.used.is_empty());
        assert_eq!(distance(&b, &a, usize::MAX, &mut pm), 3);
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
            assert_eq!(distance(&a, &b, usize::MAX, &mut pm), reference(&a, &b), "long round {round}");
            assert_clean(&pm);
            for (n, m) in [(1, 1), (3, 5), (8, 8), (8, 9), (64, 64), (65, 70), (130, 140), (8, 8)] {
                // The mixed alphabet, and the long pattern's own symbols, whose former slots are now free.
                for alphabet in [&few[..], &many[..]] {
                    let a = random_text(&mut state, n, alphabet);
                    let b = random_text(&mut state, m, alphabet);
                    let exact = reference(&a, &b);
                    for max in [0, exact.saturating_sub(1), exact, usize::MAX] {
                        let expected = exact.min(max.saturating_add(1));
                        assert_eq!(distance(&a, &b, max, &mut pm), expected, "n {n} m {m} max {max}");
                        assert_clean(&pm);
                    }
                }
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
        assert_eq!(distance(&a, &b, usize::MAX, &mut pm), exact);
        assert_eq!(distance(&a, &b, exact - 1, &mut pm), exact);
        // The thread's table was not touched, let alone grown.
        assert_clean(&pm);
        assert_eq!(pm.direct.len(), DIRECT + 1);
        assert_eq!(pm.map.len(), MIN_SLOTS);
    }
}
