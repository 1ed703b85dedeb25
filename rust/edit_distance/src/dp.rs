//! Two-row Wagner–Fischer dynamic programming: the baseline every other strategy is measured against.

/// Levenshtein distance between `a` and `b` (`a` the shorter), or `max + 1` when it exceeds `max`.
///
/// The callers have already stripped the common prefix and suffix and checked the length difference,
/// so both slices are non-empty here in practice, but any input is handled.
///
/// With a bound, only the diagonal band `|i - j| <= max` can hold values `<= max` (Ukkonen), so each row
/// computes at most `2 * max + 1` cells, and the loop stops as soon as a whole row exceeds the bound:
/// every alignment crosses every row, so the final value can only be larger.
pub(crate) fn distance<T: Eq>(a: &[T], b: &[T], max: usize) -> usize {
    debug_assert!(a.len() <= b.len());
    let (n, m) = (a.len(), b.len());
    // No distance exceeds the longer length; capping the bound there keeps `max + 1` from overflowing
    // when the caller passes `usize::MAX` for "no bound".
    let max = max.min(m);
    let over = max + 1;
    if m - n > max {
        return over;
    }

    // row[j] = distance between a[..j] and b[..i] for the row i being computed. Values are capped at
    // `over` so that cells outside the band read as "too far" without special cases.
    let mut row: Vec<usize> = (0..=n).map(|j| j.min(over)).collect();
    for (i, bc) in b.iter().enumerate() {
        let i = i + 1;
        let lo = if i > max { i - max } else { 1 };
        let hi = n.min(i + max);
        let mut diag = row[lo - 1];
        let mut left = if lo == 1 { i.min(over) } else { over };
        row[lo - 1] = left;
        let mut row_min = left;
        for j in lo..=hi {
            let up = row[j];
            let substitute = diag + usize::from(a[j - 1] != *bc);
            let value = substitute.min(up + 1).min(left + 1).min(over);
            diag = up;
            row[j] = value;
            left = value;
            row_min = row_min.min(value);
        }
        if row_min >= over {
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
        if a.len() <= b.len() {
            distance(&a, &b, max)
        } else {
            distance(&b, &a, max)
        }
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
