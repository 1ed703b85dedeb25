//! Property tests without a property-testing crate (crates.io is unreachable): a seeded xorshift
//! generator, and the claim that both strategies agree, with and without bounds, on many random pairs.

mod common;

use edit_distance::{distance, distance_utf16, Corpus, Strategy};

/// xorshift64*: tiny, deterministic, good enough to pick test strings.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn string(&mut self, alphabet: &[char], max_len: usize) -> String {
        let len = self.below(max_len + 1);
        (0..len).map(|_| alphabet[self.below(alphabet.len())]).collect()
    }
}

const ALPHABETS: [&[char]; 4] = [
    &['a', 'b'],
    &['a', 'b', 'c', 'd'],
    &['a', 'é', '中', '😀', '😁', '\u{20000}'],
    &['x', 'y', 'z', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'Ω'],
];

#[test]
fn bitparallel_equals_dp() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..1500 {
        let alphabet = ALPHABETS[round % ALPHABETS.len()];
        // Lengths up to 300 cross the 64-, 128- and 192-symbol block boundaries.
        let max_len = [8, 70, 140, 300][round % 4];
        let a = rng.string(alphabet, max_len);
        let b = if rng.below(2) == 0 { rng.string(alphabet, max_len) } else { mutate(&mut rng, &a, alphabet) };
        let exact = distance(Strategy::Dp, &a, &b, None);
        assert_eq!(distance(Strategy::BitParallel, &a, &b, None), exact, "{a:?} / {b:?}");
        let (ua, ub): (Vec<u16>, Vec<u16>) = (a.encode_utf16().collect(), b.encode_utf16().collect());
        assert_eq!(distance_utf16(Strategy::BitParallel, &ua, &ub, None), Ok(exact));
        let max = rng.below(exact + 3);
        let expected = if exact <= max { exact } else { max + 1 };
        for strategy in [Strategy::Dp, Strategy::BitParallel] {
            assert_eq!(distance(strategy, &a, &b, Some(max)), expected, "{a:?} / {b:?} within {max}");
        }
    }
}

/// The per-thread pattern table grows for a long pattern and is reused by every later call on the thread:
/// short mixed-script pairs after long ones with many distinct CJK and astral symbols must still agree with
/// the DP strategy (the table is sized and cleared per pattern, over memory the long one left behind).
#[test]
fn short_mixed_pairs_after_long_ones_on_the_same_thread() {
    let mut rng = Rng(0xA076_1D64_78BD_642F);
    let many: Vec<char> = (0x4E00..0x4E00 + 800).chain(0x1F600..0x1F650).chain(0x20000..0x20080).filter_map(char::from_u32).collect();
    let mixed = ['α', 'β', 'γ', 'а', 'б', '中', '日', '😀', '😁', 'a', 'é'];
    for _ in 0..4 {
        // Independent strings: a mutated copy would mostly be stripped as common prefix and suffix.
        let a: String = (0..1000).map(|_| many[rng.below(many.len())]).collect();
        let b: String = (0..1000).map(|_| many[rng.below(many.len())]).collect();
        let (ua, ub): (Vec<u16>, Vec<u16>) = (a.encode_utf16().collect(), b.encode_utf16().collect());
        assert_eq!(distance_utf16(Strategy::BitParallel, &ua, &ub, None), distance_utf16(Strategy::Dp, &ua, &ub, None));
        for _ in 0..200 {
            let alphabet: &[char] = if rng.below(4) == 0 { &many } else { &mixed };
            let a = rng.string(alphabet, 12);
            let b = rng.string(alphabet, 12);
            let (ua, ub): (Vec<u16>, Vec<u16>) = (a.encode_utf16().collect(), b.encode_utf16().collect());
            for max in [None, Some(2)] {
                assert_eq!(
                    distance_utf16(Strategy::BitParallel, &ua, &ub, max),
                    distance_utf16(Strategy::Dp, &ua, &ub, max),
                    "{a:?} / {b:?} within {max:?}"
                );
            }
        }
    }
}

/// Close pairs with every bound from 0 to 4 and around the true distance: bounds up to 3 are answered by mbleven in
/// the bit-parallel strategy, the others by the pattern table, and both must give what dp gives. Lengths on both
/// sides of one word and a long one; edits at the ends (so that nothing or little is stripped) and in the middle;
/// ASCII, mixed scripts and astral code points (surrogate pairs through `distance_utf16`); pairs that strip to
/// nothing on one side.
#[test]
fn small_bounds_agree_with_dp() {
    let mut rng = Rng(0x51A1_1B0D_5EED_0003);
    let mixed = ['a', 'b', 'é', 'α', 'б', '中', '日', '😀', '😁', '\u{20000}'];
    for &length in &[1, 2, 7, 8, 9, 63, 64, 65, 1000] {
        for alphabet in [ALPHABETS[1], &mixed[..], ALPHABETS[0]] {
            for round in 0..12 {
                let a: String = (0..length).map(|_| alphabet[rng.below(alphabet.len())]).collect();
                let b = match round % 4 {
                    // Edits at both ends: the walks start and end at a mismatch.
                    0 => edit_ends(&mut rng, &a, alphabet),
                    // Only insertions: the shorter side strips to nothing.
                    1 => insert_only(&mut rng, &a, alphabet),
                    _ => mutate(&mut rng, &a, alphabet),
                };
                let exact = distance(Strategy::Dp, &a, &b, None);
                let (ua, ub): (Vec<u16>, Vec<u16>) = (a.encode_utf16().collect(), b.encode_utf16().collect());
                let mut bounds: Vec<usize> = (0..=4).collect();
                bounds.extend([exact.saturating_sub(1), exact, exact + 1]);
                for max in bounds {
                    let expected = exact.min(max + 1);
                    for strategy in [Strategy::Dp, Strategy::BitParallel] {
                        assert_eq!(distance(strategy, &a, &b, Some(max)), expected, "{strategy:?} {a:?} / {b:?} within {max}");
                        assert_eq!(distance(strategy, &b, &a, Some(max)), expected, "{strategy:?} {b:?} / {a:?} within {max}");
                        assert_eq!(distance_utf16(strategy, &ua, &ub, Some(max)), Ok(expected), "{strategy:?} UTF-16 within {max}");
                    }
                }
            }
        }
    }
}

/// Long close pairs with bounds from 4 to past the tallest band one word holds: the bit-parallel strategy answers
/// those whose band fits with the sliding word, the others with the pattern table's blocks, and both must give what dp
/// gives, in either order and through UTF-16.
#[test]
fn bounds_around_the_band_word_agree_with_dp() {
    let mut rng = Rng(0xB0DE_D0C5_1DE5_0004);
    let mixed = ['a', 'b', 'é', 'α', 'б', '中', '日', '😀', '😁', '\u{20000}'];
    let cjk: Vec<char> = (0x4E00..0x4E00 + 500).filter_map(char::from_u32).collect();
    for &length in &[65, 100, 300, 1000] {
        for alphabet in [ALPHABETS[1], &mixed[..], &cjk[..]] {
            for round in 0..4 {
                let a: String = (0..length).map(|_| alphabet[rng.below(alphabet.len())]).collect();
                let mut b = edit_ends(&mut rng, &a, alphabet);
                for _ in 0..[2, 6, 12, 30][round] {
                    b = mutate(&mut rng, &b, alphabet);
                }
                let exact = distance(Strategy::Dp, &a, &b, None);
                let (ua, ub): (Vec<u16>, Vec<u16>) = (a.encode_utf16().collect(), b.encode_utf16().collect());
                let mut bounds = vec![4, 5, 8, 31, 32, 61, 62, 63, 64, 100];
                bounds.extend([exact.saturating_sub(1), exact, exact + 1]);
                for max in bounds {
                    let expected = exact.min(max + 1);
                    assert_eq!(distance(Strategy::BitParallel, &a, &b, Some(max)), expected, "{length} within {max}, exact {exact}");
                    assert_eq!(distance(Strategy::BitParallel, &b, &a, Some(max)), expected, "{length} within {max}, exact {exact}");
                    assert_eq!(distance_utf16(Strategy::BitParallel, &ua, &ub, Some(max)), Ok(expected));
                    assert_eq!(distance(Strategy::Dp, &a, &b, Some(max)), expected);
                }
            }
        }
    }
}

/// `s` with its first and last code points replaced and a few edits anywhere.
fn edit_ends(rng: &mut Rng, s: &str, alphabet: &[char]) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let last = chars.len() - 1;
    chars[0] = alphabet[rng.below(alphabet.len())];
    chars[last] = alphabet[rng.below(alphabet.len())];
    mutate(rng, &chars.into_iter().collect::<String>(), alphabet)
}

/// `s` with one to four code points inserted: the shorter string is a subsequence of the longer.
fn insert_only(rng: &mut Rng, s: &str, alphabet: &[char]) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..=rng.below(4) {
        let c = alphabet[rng.below(alphabet.len())];
        chars.insert(rng.below(chars.len() + 1), c);
    }
    chars.into_iter().collect()
}

/// A few random edits of `s`, so that pairs are close, where bounds and early exits matter.
fn mutate(rng: &mut Rng, s: &str, alphabet: &[char]) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..rng.below(6) {
        let c = alphabet[rng.below(alphabet.len())];
        match rng.below(3) {
            0 => chars.insert(rng.below(chars.len() + 1), c),
            1 if !chars.is_empty() => {
                chars.remove(rng.below(chars.len()));
            }
            _ if !chars.is_empty() => {
                let at = rng.below(chars.len());
                chars[at] = c;
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

#[test]
fn nearest_equals_sorting_every_distance() {
    let mut rng = Rng(42);
    for round in 0..40 {
        let alphabet = ALPHABETS[round % ALPHABETS.len()];
        let items: Vec<String> = (0..300).map(|_| rng.string(alphabet, 12)).collect();
        let query = rng.string(alphabet, 12);
        let k = rng.below(20);
        let max = if round % 2 == 0 { None } else { Some(rng.below(8)) };
        let mut expected: Vec<(usize, usize)> = items
            .iter()
            .enumerate()
            .map(|(i, s)| (distance(Strategy::Dp, &query, s, None), i))
            .filter(|&(d, _)| max.is_none_or(|m| d <= m))
            .collect();
        expected.sort();
        expected.truncate(k);
        let corpus = Corpus::new(&items);
        for strategy in [Strategy::Dp, Strategy::BitParallel] {
            for threads in [1, 3] {
                let found: Vec<(usize, usize)> =
                    corpus.nearest(strategy, &query, k, max, threads).iter().map(|m| (m.distance, m.index)).collect();
                assert_eq!(found, expected, "round {round}, {threads} threads");
            }
        }
    }
}
