//! Two-row Wagner–Fischer dynamic programming: the baseline every other strategy is measured against.

use crate::error::{try_grow, AllocError};

/// Levenshtein distance between `a` and `b` (`a` the shorter), or `max + 1` when it exceeds `max`.
///
/// The callers have already stripped the common prefix and suffix and checked the length difference,
/// so both slices are non-empty here in practice, but any input is handled.
///
/// With a bound, only the diagonal band `|i - j| <= max` can hold values `<= max` (Ukkonen), so each row
/// computes at most `2 * max + 1` cells, and the loop stops as soon as a whole row exceeds the bound:
/// every alignment crosses every row, so the final value can only be larger. The same band, early exit and cap
/// of the bound: C# Levenshtein.Dp.cs `WagnerFischer` / `Fill`, Python dp.py `_distance` / `_banded`.
pub(crate) fn distance<T: Eq>(a: &[T], b: &[T], max: usize) -> Result<usize, AllocError> {
    debug_assert!(a.len() <= b.len());
    let (n, m) = (a.len(), b.len());
    // No distance exceeds the longer length; capping the bound there keeps `max + 1` from overflowing
    // when the caller passes `usize::MAX` for "no bound".
    let max = max.min(m);
    let over = max + 1;
    if m - n > max {
        return Ok(over);
    }

    // row[j] = distance between a[..j] and b[..i] for the row i being computed. Short rows live on the
    // stack: a heap allocation per call cost about as much as the whole 8 x 8 matrix.
    const STACK_ROW: usize = 128;
    let mut stack_row = [0usize; STACK_ROW];
    let mut heap_row = Vec::new();
    let row: &mut [usize] = if n < STACK_ROW {
        &mut stack_row[..=n]
    } else {
        try_grow(&mut heap_row, n + 1, 0)?;
        &mut heap_row
    };
    // Cells never computed read as "too far": entries beyond the band start at `over` or above.
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j.min(over);
    }
    // Without a bound in effect (max == m) no row can exceed it, so the band is the whole row and the
    // per-row minimum is not needed: a loop variant without them is measurably tighter.
    Ok(if max == m { rows::<T, false>(a, b, max, row) } else { rows::<T, true>(a, b, max, row) })
}

#[inline(always)]
fn rows<T: Eq, const BOUNDED: bool>(a: &[T], b: &[T], max: usize, row: &mut [usize]) -> usize {
    let n = a.len();
    let over = max + 1;
    for (i, bc) in b.iter().enumerate() {
        let i = i + 1;
        let (lo, hi) = if BOUNDED { (if i > max { i - max } else { 1 }, n.min(i + max)) } else { (1, n) };
        let mut diag = row[lo - 1];
        let mut left = if lo == 1 { i } else { over };
        row[lo - 1] = left;
        let mut row_min = left;
        // Zipped slices instead of row[j] and a[j - 1]: no bounds checks in the loop.
        for (cell, ac) in row[lo..=hi].iter_mut().zip(&a[lo - 1..hi]) {
            let up = *cell;
            // Only `left` is carried from the previous cell: computing the other two candidates first
            // leaves one add and one min on that dependency chain, which bounds this loop.
            let value = (left + 1).min((up + 1).min(diag + usize::from(ac != bc)));
            diag = up;
            *cell = value;
            left = value;
            if BOUNDED {
                row_min = row_min.min(value);
            }
        }
        // Values are not capped at `over` inside the band: every cell outside it reads as at least `over`
        // (the sentinel on the left, untouched entries on the right), so an in-band value above the bound
        // only ever makes the final answer "above the bound", which it is.
        if BOUNDED && row_min >= over {
            return over;
        }
    }
    row[n].min(over)
}

#[cfg(test)]
mod tests {
    use super::distance;

    fn d(a: &str, b: &str, max: usize) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        if a.len() <= b.len() { distance(&a, &b, max) } else { distance(&b, &a, max) }.unwrap()
    }

    #[test]
    fn textbook_cases() {
        assert_eq!(d("kitten", "sitting", usize::MAX), 3);
        assert_eq!(d("flaw", "lawn", usize::MAX), 2);
        assert_eq!(d("", "abc", usize::MAX), 3);
        assert_eq!(d("intention", "execution", usize::MAX), 5);
    }

    #[test]
    fn bound_returns_max_plus_one() {
        for max in 0..6 {
            let expected = if 3 <= max { 3 } else { max + 1 };
            assert_eq!(d("kitten", "sitting", max), expected, "max {max}");
        }
        assert_eq!(d("a", &"a".repeat(100), 5), 6);
    }
}
