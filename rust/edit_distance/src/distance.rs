//! The front of both strategies: the public distance functions, the per-thread scratch buffers they reuse,
//! and the dispatch to `dp` or `bitparallel` after stripping what cannot change the distance.

use std::cell::RefCell;

use crate::bitparallel::{self, PatternMatch};
use crate::dp;
use crate::error::{AllocError, Argument, Error};
use crate::mbleven;
use crate::text::{self, Symbol};

/// The algorithm that computes a distance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// Two-row Wagner–Fischer dynamic programming, O(n·m).
    Dp,
    /// Myers/Hyyrö bit-parallel: one 64-bit word when the shorter string has at most 64 code points,
    /// block-wise beyond; a bound of 3 or less tries the few edit paths it allows instead (mbleven).
    BitParallel,
}

impl Strategy {
    /// The name shared by the three languages: "dp" or "bitparallel".
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Dp => "dp",
            Strategy::BitParallel => "bitparallel",
        }
    }
}

/// The Levenshtein distance between `a` and `b` in code points.
///
/// With `max_distance`, returns the exact distance when it is at most `max_distance` and
/// `max_distance + 1` otherwise, which lets the algorithms stop early.
///
/// # Panics
/// When a buffer proportional to the input cannot be allocated; [`distance_utf16`] reports that as
/// [`Error::OutOfMemory`] instead (this is what the C ABI uses).
pub fn distance(strategy: Strategy, a: &str, b: &str, max_distance: Option<usize>) -> usize {
    let max = max_distance.unwrap_or(usize::MAX);
    with_scratch(|scratch| {
        let Scratch { wide_a, wide_b, pm } = scratch;
        wide_a.clear();
        wide_a.extend(a.chars().map(u32::from));
        wide_b.clear();
        wide_b.extend(b.chars().map(u32::from));
        distance_symbols(strategy, wide_a, wide_b, max, pm)
            .unwrap_or_else(|_| panic!("edit_distance::distance: out of memory for strings of {} and {} code points", wide_a.len(), wide_b.len()))
    })
}

/// [`distance`] for UTF-16 input, as .NET strings hold it.
///
/// # Errors
/// [`Error::InvalidUtf16`] naming the argument (`A` or `B`) and the UTF-16 index of its first lone surrogate;
/// [`Error::OutOfMemory`] when a buffer proportional to the input cannot be allocated (the thread's buffers are
/// left usable, so a later call may succeed).
pub fn distance_utf16(strategy: Strategy, a: &[u16], b: &[u16], max_distance: Option<usize>) -> Result<usize, Error> {
    let max = max_distance.unwrap_or(usize::MAX);
    // Text without surrogates (nearly all text) is compared in place as UTF-16 code units; the first
    // surrogate seen is where decoding must start, so the scan is not wasted.
    let a_surrogate = text::first_surrogate(a);
    let b_surrogate = text::first_surrogate(b);
    if a_surrogate.is_none() && b_surrogate.is_none() {
        return with_scratch(|scratch| Ok(distance_symbols(strategy, a, b, max, &mut scratch.pm)?));
    }
    with_scratch(|scratch| {
        let Scratch { wide_a, wide_b, pm } = scratch;
        decode_argument(a, a_surrogate.is_some(), wide_a, Argument::A)?;
        decode_argument(b, b_surrogate.is_some(), wide_b, Argument::B)?;
        Ok(distance_symbols(strategy, wide_a, wide_b, max, pm)?)
    })
}

/// [`distance_utf16`] for text already held as code points, one `u32` each (UTF-32), which the caller has checked
/// to be Unicode scalar values (`text::find_invalid_scalar`): compared in place, nothing decoded.
pub(crate) fn distance_code_points(strategy: Strategy, a: &[u32], b: &[u32], max_distance: Option<usize>) -> Result<usize, AllocError> {
    let max = max_distance.unwrap_or(usize::MAX);
    with_scratch(|scratch| distance_symbols(strategy, a, b, max, &mut scratch.pm))
}

fn decode_argument(units: &[u16], has_surrogates: bool, out: &mut Vec<u32>, argument: Argument) -> Result<(), Error> {
    if has_surrogates {
        text::decode_into(units, out, argument, None)
    } else {
        Ok(text::widen_into(units, out)?)
    }
}

/// Buffers reused across calls on one thread, so that a distance call allocates nothing in the steady state.
pub(crate) struct Scratch {
    pub(crate) wide_a: Vec<u32>,
    pub(crate) wide_b: Vec<u32>,
    pub(crate) pm: PatternMatch,
}

impl Scratch {
    pub(crate) fn new() -> Self {
        Scratch { wide_a: Vec::new(), wide_b: Vec::new(), pm: PatternMatch::new() }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(ResetOnUnwind(&mut scratch).0),
        // Only reachable if a distance call re-entered itself on this thread; stay correct anyway.
        Err(_) => f(&mut Scratch::new()),
    })
}

/// Replaces a thread's scratch when a panic unwinds through a call that was using it.
///
/// A pattern table is built, used and cleared within one call; a panic in between would leave bits set that
/// every later call on this thread would read as matches. The C ABI catches panics (`catch_unwind`) and the
/// thread goes on calling, so the table must not outlive the panic: this guard, dropped during the unwinding,
/// puts a fresh scratch in its place. That is also what makes the boundary's `AssertUnwindSafe` true.
struct ResetOnUnwind<'a>(&'a mut Scratch);

impl Drop for ResetOnUnwind<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            *self.0 = Scratch::new();
        }
    }
}

/// The common front of both strategies: strip what cannot change the distance, then dispatch.
/// `max` is the bound (`usize::MAX`: none); the result is the distance, or `max + 1` when it exceeds `max`.
pub(crate) fn distance_symbols<T: Symbol>(
    strategy: Strategy,
    a: &[T],
    b: &[T],
    max: usize,
    pm: &mut PatternMatch,
) -> Result<usize, AllocError> {
    // Equal strings: one comparison (memcmp for code units and code points), which a length mismatch ends at once.
    // Same shortcut: C# Levenshtein.cs `Compute`, Python dp.py and bitparallel.py `_distance`.
    if a == b {
        return Ok(0);
    }
    // Some optimal alignment matches the common ends symbol for symbol. Same stripping: C# Levenshtein.cs
    // `StripCommonAffixes`, Python _affix.py `strip_common_affixes`.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // The length gap is a lower bound. Same test: C# Levenshtein.cs `Compute`, Python dp.py and bitparallel.py
    // `_distance`.
    if long.len() - short.len() > max {
        return Ok(max + 1);
    }
    if short.is_empty() {
        return Ok(long.len());
    }
    // No distance exceeds the longer length, so the bound is capped there: a small string is answered by mbleven
    // whatever the bound. Dp keeps the textbook matrix (with Ukkonen's band) for every bound: it is the baseline
    // the benchmarks compare the other strategy with. Same dispatch: C# Levenshtein.cs `Compute`, Python
    // bitparallel.py `_distance`.
    let max = max.min(long.len());
    match strategy {
        Strategy::Dp => dp::distance(short, long, max),
        Strategy::BitParallel if max <= mbleven::MAX_BOUND => Ok(mbleven::distance(short, long, max)),
        Strategy::BitParallel => bitparallel::distance(short, long, max, pm),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_strategies_count_code_points() {
        for strategy in [Strategy::Dp, Strategy::BitParallel] {
            assert_eq!(distance(strategy, "😀", "", None), 1);
            assert_eq!(distance(strategy, "kitten", "sitting", None), 3);
            assert_eq!(distance(strategy, "kitten", "sitting", Some(1)), 2);
            assert_eq!(distance(strategy, "", "", Some(0)), 0);
        }
    }

    #[test]
    fn a_bound_of_three_or_less_builds_no_pattern_table() {
        // The fault point fires where a pattern table has just been built: mbleven, which answers these bounds in
        // the bit-parallel strategy, never gets there, whatever the length (affixes are stripped first).
        let long: String = "abcdefghij".repeat(100);
        let edited = format!("x{}y{}z", &long[1..500], &long[501..999]);
        crate::fault::arm();
        for max in 0..=3 {
            assert_eq!(distance(Strategy::BitParallel, "kitten", "sitting", Some(max)), 3.min(max + 1));
            assert_eq!(distance(Strategy::BitParallel, &long, &edited, Some(max)), 3.min(max + 1));
        }
        // Unbounded, strings of at most three code points once stripped: the bound is capped at their length.
        assert_eq!(distance(Strategy::BitParallel, "abc", "xyz", None), 3);
        assert_eq!(distance(Strategy::BitParallel, "preABsuf", "preBAsuf", None), 2);
        assert!(crate::fault::point_disarm(), "a pattern table was built");
        // The check can fail: a bound of 4 does build the table, and the armed point fires.
        crate::fault::arm();
        let built = std::panic::catch_unwind(|| distance(Strategy::BitParallel, "kitten", "sitting", Some(4)));
        assert!(built.is_err() && !crate::fault::point_disarm());
    }

    #[test]
    fn utf16_input_with_and_without_surrogates() {
        let u = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
        for strategy in [Strategy::Dp, Strategy::BitParallel] {
            assert_eq!(distance_utf16(strategy, &u("a😀b"), &u("ab"), None), Ok(1));
            assert_eq!(distance_utf16(strategy, &u("abc"), &u("abd"), None), Ok(1));
            assert_eq!(
                distance_utf16(strategy, &[0x61], &[0x61, 0xD800], None),
                Err(Error::InvalidUtf16 { argument: Argument::B, item: None, position: 1 })
            );
        }
    }
}
