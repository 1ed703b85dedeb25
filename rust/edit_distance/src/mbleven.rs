//! mbleven (Fujimoto 2018): a small bound's distance by trying the few edit paths it allows.
//!
//! A distance of at most `max` is at most `max` edits. In an optimal alignment equal symbols can always be
//! matched as they come (if a[i] == b[j], some optimal path takes the diagonal step there), so the path is fixed
//! by which edit it makes at each mismatch: substitute (both strings advance), delete from the longer (the longer
//! advances) or insert (the shorter advances). A *model* is such a sequence; one whose deletes minus inserts equal
//! the length gap ends both strings together. Walking both strings under a model costs one per mismatch, and the
//! model's next edit is taken at each; what is left of either string at the end costs one per symbol. The
//! distance is the cheapest walk over all models, and `max + 1` when every model needs more than `max` edits.
//!
//! For `max <= 3` there are at most 7 models, each walked only until its cost reaches the best so far, so a call
//! costs a few passes over the strings' first differences instead of a pattern table and a matrix. The models are
//! generated from that rule at compile time ([`MODELS`]).
//!
//! Same algorithm, same model order: C# Levenshtein.Mbleven.cs `Mbleven`, Python _mbleven.py `distance`.

/// The largest bound mbleven answers. Models of `max` edits number 1, 2, 3 and 7 for a gap of zero and
/// `max` = 0..=3; at 4 there are 19 walks per call, where the bit-parallel band costs about the same.
pub(crate) const MAX_BOUND: usize = 3;

/// Edits, two bits each, the first edit in the lowest bits. Bit 0 advances the shorter string, bit 1 the longer:
/// a substitution advances both, a delete (a symbol of the longer string that the shorter lacks) the longer, an
/// insert the shorter.
const SUBSTITUTE: u8 = 0b11;
const DELETE: u8 = 0b10;
const INSERT: u8 = 0b01;

/// The models of exactly `max` edits with deletes − inserts = `gap`, for every `max` and `gap` up to
/// [`MAX_BOUND`], in the order they are tried: `MODELS[max][gap]`.
///
/// Models of fewer edits are not needed: one padded with substitutions at its end walks the same way until its
/// own edits run out, and where the shorter model would then stop at a mismatch, the padded one goes on.
static MODELS: [[Models; MAX_BOUND + 1]; MAX_BOUND + 1] = {
    let mut table = [[Models::EMPTY; MAX_BOUND + 1]; MAX_BOUND + 1];
    let mut max = 0;
    while max <= MAX_BOUND {
        let mut gap = 0;
        while gap <= max {
            table[max][gap] = Models::generate(max, gap);
            gap += 1;
        }
        max += 1;
    }
    table
};

#[derive(Clone, Copy)]
struct Models {
    list: [u8; 8],
    len: usize,
}

impl Models {
    const EMPTY: Models = Models { list: [0; 8], len: 0 };

    /// Every sequence of `max` edits, in base 3 (digit 0 substitute, 1 delete, 2 insert; the first edit the
    /// lowest digit, so that substitutions come first), kept when deletes − inserts == `gap`. The same
    /// enumeration in every language: C# `Levenshtein.MblevenModels`, Python _mbleven.py `_generate`.
    const fn generate(max: usize, gap: usize) -> Models {
        let mut models = Models::EMPTY;
        let mut total = 1;
        let mut k = 0;
        while k < max {
            total *= 3;
            k += 1;
        }
        let mut code = 0;
        while code < total {
            let (mut rest, mut model, mut deletes, mut inserts) = (code, 0u8, 0, 0);
            let mut position = 0;
            while position < max {
                let edit = match rest % 3 {
                    0 => SUBSTITUTE,
                    1 => {
                        deletes += 1;
                        DELETE
                    }
                    _ => {
                        inserts += 1;
                        INSERT
                    }
                };
                model |= edit << (2 * position);
                rest /= 3;
                position += 1;
            }
            if deletes >= inserts && deletes - inserts == gap {
                // Evaluated at compile time: a list that outgrew its 8 entries fails the build.
                models.list[models.len] = model;
                models.len += 1;
            }
            code += 1;
        }
        models
    }

    fn as_slice(&self) -> &[u8] {
        &self.list[..self.len]
    }
}

/// The distance between `short` and `long` when it is at most `max`, otherwise `max + 1`.
///
/// `short` is no longer than `long`, their gap is at most `max`, and `max <= MAX_BOUND`. The front strips the
/// common prefix and suffix first, so a walk starts at a mismatch, but any input is answered.
pub(crate) fn distance<T: Eq>(short: &[T], long: &[T], max: usize) -> usize {
    debug_assert!(short.len() <= long.len() && long.len() - short.len() <= max && max <= MAX_BOUND);
    let gap = long.len() - short.len();
    // Strings that differ are at least one edit apart, and never closer than their gap: a model reaching that
    // cannot be beaten. (Equal strings stop at the first model, at 0.)
    let floor = gap.max(1);
    let mut best = max + 1;
    for &model in MODELS[max][gap].as_slice() {
        best = best.min(walk(short, long, model, best));
        if best <= floor {
            break;
        }
    }
    best
}

/// The cost of the alignment that `model` makes of `short` and `long`, or `limit` as soon as it cannot be below
/// `limit`.
#[inline(always)]
fn walk<T: Eq>(short: &[T], long: &[T], mut model: u8, limit: usize) -> usize {
    let (mut i, mut j, mut cost) = (0, 0, 0);
    while i < short.len() && j < long.len() {
        if short[i] == long[j] {
            i += 1;
            j += 1;
            continue;
        }
        cost += 1;
        // A model holds exactly `max` edits and `limit` is at most `max + 1`: running out of edits is reaching it.
        if cost >= limit {
            return limit;
        }
        i += usize::from(model & 1);
        j += usize::from(model >> 1 & 1);
        model >>= 2;
    }
    (cost + (short.len() - i) + (long.len() - j)).min(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_models_follow_the_rule() {
        // Counts: sequences of `max` edits over {S, D, I} with D - I = gap.
        let counts = [[1, 0, 0, 0], [1, 1, 0, 0], [3, 2, 1, 0], [7, 6, 3, 1]];
        for max in 0..=MAX_BOUND {
            for gap in 0..=max {
                let models = MODELS[max][gap].as_slice();
                assert_eq!(models.len(), counts[max][gap], "max {max} gap {gap}");
                for &model in models {
                    let edits: Vec<u8> = (0..max).map(|k| model >> (2 * k) & 3).collect();
                    assert!(edits.iter().all(|&e| e != 0), "{model:#b} has {max} edits");
                    assert_eq!(model >> (2 * max), 0);
                    let deletes = edits.iter().filter(|&&e| e == DELETE).count();
                    let inserts = edits.iter().filter(|&&e| e == INSERT).count();
                    assert_eq!(deletes - inserts, gap);
                }
            }
        }
        assert_eq!(MODELS[3][0].as_slice()[0], 0b11_11_11, "three substitutions are tried first");
    }

    fn d(a: &str, b: &str, max: usize) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        if a.len() <= b.len() { distance(&a, &b, max) } else { distance(&b, &a, max) }
    }

    #[test]
    fn textbook_cases() {
        assert_eq!(d("kitten", "sitting", 3), 3);
        assert_eq!(d("kitten", "sitting", 2), 3);
        assert_eq!(d("flaw", "lawn", 3), 2);
        assert_eq!(d("flaw", "lawn", 1), 2);
        assert_eq!(d("ab", "ba", 3), 2);
        assert_eq!(d("abc", "", 3), 3);
        assert_eq!(d("", "", 0), 0);
        assert_eq!(d("x", "y", 0), 1);
        // An insert and a delete far apart, each followed by a long run of matches.
        assert_eq!(d("xabcdefghij", "abcdefghijy", 3), 2);
        assert_eq!(d("😀a中", "a中😀", 2), 2);
    }

    #[test]
    fn every_bound_matches_the_textbook_recurrence_on_unstripped_input() {
        // Called directly, without the front: common ends, equal strings and empty strings reach the walks too.
        // A two-letter alphabet makes many equally cheap alignments, where a missing model would show.
        let mut state = 0x0DDB_A11C_0FFE_E123_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for alphabet in [&['a', 'b'][..], &['a', 'b', 'c', '中', '😀'][..]] {
            for _ in 0..3000 {
                let n = (next() % 9) as usize;
                let a: Vec<char> = (0..n).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
                let mut b = a.clone();
                for _ in 0..next() % 5 {
                    let c = alphabet[(next() % alphabet.len() as u64) as usize];
                    let at = (next() % (b.len() as u64 + 1)) as usize;
                    match next() % 3 {
                        0 => b.insert(at, c),
                        1 if at < b.len() => drop(b.remove(at)),
                        _ if at < b.len() => b[at] = c,
                        _ => {}
                    }
                }
                let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
                let exact = textbook(short, long);
                for max in (long.len() - short.len())..=MAX_BOUND {
                    assert_eq!(distance(short, long, max), exact.min(max + 1), "{short:?} / {long:?} within {max}");
                }
            }
        }
    }

    fn textbook(a: &[char], b: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=a.len()).collect();
        for (i, y) in b.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, x) in a.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = (up + 1).min(row[j] + 1).min(diagonal + usize::from(x != y));
                diagonal = up;
            }
        }
        row[a.len()]
    }
}
