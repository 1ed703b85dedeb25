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
pub(crate) struct PatternMatch {
    words: usize,
    /// `direct[code * words + word]`: the words of one symbol sit together, as the block loop reads them.
    direct: Vec<u64>,
    /// Open addressing with linear probing, for code points >= 256.
    keys: Vec<u32>,
    /// `values[slot * words + word]`.
    values: Vec<u64>,
    map_used: bool,
}

impl PatternMatch {
    pub(crate) fn new() -> Self {
        PatternMatch {
            words: 1,
            direct: vec![0; DIRECT],
            keys: vec![EMPTY; 128],
            values: vec![0; 128],
            map_used: false,
        }
    }

    #[inline(always)]
    fn slot_of(&self, code: u32) -> usize {
        // Fibonacci hashing: code points of one script are consecutive, and the multiply spreads them.
        (code.wrapping_mul(0x9E37_79B1) as usize >> 7) & (self.keys.len() - 1)
    }

    /// Fills the vectors for `pattern`; the previous pattern must have been cleared.
    fn build<T: Symbol>(&mut self, pattern: &[T]) {
        let words = pattern.len().div_ceil(64).max(1);
        self.words = words;
        if self.direct.len() < DIRECT * words {
            self.direct.resize(DIRECT * words, 0);
        }
        // At most one slot per pattern symbol: keep the load factor at or below one half.
        let slots = (pattern.len() * 2).next_power_of_two().max(128);
        if self.keys.len() < slots {
            self.keys = vec![EMPTY; slots];
        }
        if self.values.len() < self.keys.len() * words {
            self.values.resize(self.keys.len() * words, 0);
        }
        if words == 1 && !pattern.iter().any(|symbol| symbol.code() as usize >= DIRECT) {
            // The common case (one word, Latin-1): no word index, no multiply, no map.
            for (i, symbol) in pattern.iter().enumerate() {
                self.direct[symbol.code() as usize] |= 1u64 << i;
            }
            return;
        }
        for (i, symbol) in pattern.iter().enumerate() {
            let (word, bit) = (i / 64, 1u64 << (i % 64));
            let code = symbol.code();
            if (code as usize) < DIRECT {
                self.direct[code as usize * words + word] |= bit;
            } else {
                self.map_used = true;
                let mut slot = self.slot_of(code);
                while self.keys[slot] != EMPTY && self.keys[slot] != code {
                    slot = (slot + 1) & (self.keys.len() - 1);
                }
                self.keys[slot] = code;
                self.values[slot * words + word] |= bit;
            }
        }
    }

    /// Resets what [`PatternMatch::build`] set for `pattern`.
    fn clear<T: Symbol>(&mut self, pattern: &[T]) {
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
        if self.map_used {
            // Clearing single keys would break probe chains; the map is small, so reset all of it.
            self.keys.fill(EMPTY);
            self.values.fill(0);
            self.map_used = false;
        }
    }

    #[inline(always)]
    fn get(&self, word: usize, code: u32) -> u64 {
        if (code as usize) < DIRECT {
            return self.direct[code as usize * self.words + word];
        }
        if !self.map_used {
            return 0;
        }
        let mut slot = self.slot_of(code);
        loop {
            let key = self.keys[slot];
            if key == code {
                return self.values[slot * self.words + word];
            }
            if key == EMPTY {
                return 0;
            }
            slot = (slot + 1) & (self.keys.len() - 1);
        }
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
    pm.build(pattern);
    let result = if pattern.len() <= 64 {
        single_word(pm, pattern.len(), text, max)
    } else {
        blocks(pm, pattern.len(), text, max)
    };
    pm.clear(pattern);
    result
}

fn single_word<T: Symbol>(pm: &PatternMatch, n: usize, text: &[T], max: usize) -> usize {
    // `max` is already capped at the text length, and no distance exceeds it: in that case the early exit
    // can never fire, and a loop without it saves its three instructions per text symbol.
    if max >= text.len() {
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
        let x = if (code as usize) < DIRECT { direct[code as usize] } else { pm.get(0, code) };
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
    let mut vp = vec![!0u64; words];
    let mut vn = vec![0u64; words];
    let mut score = n;
    let mut remaining = text.len();
    for symbol in text {
        remaining -= 1;
        let code = symbol.code();
        // The horizontal delta entering the first block: row 0 of the DP grows by one per text symbol.
        let mut hp_carry = 1u64;
        let mut hn_carry = 0u64;
        for word in 0..words {
            // A negative delta coming in from the block below acts like a match in the block's lowest row.
            let x = pm.get(word, code) | hn_carry;
            let (v_p, v_n) = (vp[word], vn[word]);
            let d0 = ((x & v_p).wrapping_add(v_p) ^ v_p) | x | v_n;
            let hp = v_n | !(d0 | v_p);
            let hn = d0 & v_p;
            let (hp_out, hn_out) = if word + 1 < words {
                (hp >> 63, hn >> 63)
            } else {
                (u64::from(hp & last != 0), u64::from(hn & last != 0))
            };
            let hp = (hp << 1) | hp_carry;
            let hn = (hn << 1) | hn_carry;
            vp[word] = hn | !(d0 | hp);
            vn[word] = hp & d0;
            hp_carry = hp_out;
            hn_carry = hn_out;
        }
        score += hp_carry as usize;
        score -= hn_carry as usize;
        if score > max + remaining {
            return max + 1;
        }
    }
    score.min(max + 1)
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

    #[test]
    fn table_is_clean_after_each_call() {
        let mut pm = PatternMatch::new();
        let a: Vec<u32> = "a\u{4E00}b".chars().map(u32::from).collect();
        let b: Vec<u32> = "xyz".chars().map(u32::from).collect();
        assert_eq!(distance(&a, &a, usize::MAX, &mut pm), 0);
        assert!(pm.direct.iter().all(|&v| v == 0));
        assert!(pm.keys.iter().all(|&k| k == EMPTY));
        assert_eq!(distance(&b, &a, usize::MAX, &mut pm), 3);
    }
}
