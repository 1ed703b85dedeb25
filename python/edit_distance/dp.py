"""Two-row Wagner–Fischer dynamic programming: O(len(a) · len(b)), the baseline every other strategy is measured by."""

from __future__ import annotations

from collections.abc import Iterable

from ._affix import strip_common_affixes
from ._checked import checked_distance, checked_nearest
from .nearest import Match, top_k


def distance(a: str, b: str, max_distance: int | None = None) -> int:
    """Levenshtein distance between ``a`` and ``b`` in code points.

    With ``max_distance``, returns the exact distance when it is at most ``max_distance`` and ``max_distance + 1``
    otherwise, stopping as soon as every cell of a row exceeds the bound.
    """
    return checked_distance(_distance, a, b, max_distance)


def nearest(query: str, corpus: Iterable[str], k: int, max_distance: int | None = None) -> list[Match]:
    """The ``k`` entries of ``corpus`` closest to ``query`` as a sorted list of Match (see ``edit_distance.nearest``)."""
    return checked_nearest(_nearest, query, corpus, k, max_distance)


def _nearest(query, entries, k, max_distance):
    m = len(query)

    def score(entry, bound):
        # The length gap first, before the per-pair front (equality, affixes) touches the text: with a full heap
        # most entries of another length stop here. Same test: rust nearest.rs `Searcher::distance`, C#
        # CSharpCorpus.cs `Search.Run`.
        if bound is not None and abs(len(entry) - m) > bound:
            return bound + 1
        return _distance(query, entry, bound)

    return top_k(entries, k, max_distance, score)


def _distance(a, b, max_distance):
    # One C-level comparison answers the common "same string" case before the affix loops run in Python.
    # Same shortcut: rust distance.rs `distance_symbols`, C# Levenshtein.cs `Compute`.
    if a == b:
        return 0
    a, b = strip_common_affixes(a, b)
    if len(a) < len(b):
        a, b = b, a  # The row follows the shorter string: fewer cells per row, and the band's width is its own.
    m = len(a)
    if max_distance is not None:
        if m - len(b) > max_distance:
            return max_distance + 1  # The length difference alone is a lower bound.
        if max_distance >= m:
            # No distance exceeds the longer length: the bound cannot change the result, and the loop without
            # it is the leaner one (rust dp.rs `distance`, C# Levenshtein.Dp.cs `WagnerFischer` cap it the same way).
            max_distance = None
    if not b:
        return m
    if max_distance is None:
        return _full(a, b)
    return _banded(a, b, max_distance)


def _full(a, b):
    """Every cell of the matrix of ``a`` (the longer) and ``b`` (the shorter, the row), without a bound."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        append = current.append
        left = i
        # zip over the shorter string and two views of the previous row avoids index arithmetic, which is
        # what dominates a DP inner loop in CPython.
        for cb, diagonal, up in zip(b, previous, previous[1:]):
            if ca == cb:
                # Neighbouring cells differ by at most one, so a match can never be beaten by the other two.
                left = diagonal
            else:
                if up < left:
                    left = up
                if diagonal < left:
                    left = diagonal
                left += 1
            append(left)
        previous = current
    return previous[-1]


def _banded(a, b, max_distance):
    """The distance of ``a`` (the longer) and ``b`` (the row) when it is at most ``max_distance``
    (``len(a) - len(b) <= max_distance < len(a)``), otherwise ``max_distance + 1`` (Rust: dp.rs ``rows``, C#:
    Levenshtein.Dp.cs ``Fill`` with ``Bounded``).

    Ukkonen's band: a cell (i, j) with |i - j| > max_distance costs more than the bound, and so does every path
    through it, so row i computes only columns i - max_distance ..= i + max_distance. ``row`` holds one row of
    the whole width; cells outside the band are never written and read as at least ``max_distance + 1``
    (the sentinel on the left, initial values on the right), so an in-band value can only be too high where a
    path would leave the band, which is never on a path within the bound. The loop stops once a whole row
    (band) exceeds the bound: every alignment crosses every row. Row and band stay as long as the row: memory
    O(len(b)), time O(len(a) x max_distance).
    """
    n = len(b)
    over = max_distance + 1
    row = list(range(min(n + 1, over)))
    row += [over] * (n + 1 - len(row))
    for i, ca in enumerate(a, 1):
        lo = i - max_distance if i > max_distance else 1
        hi = i + max_distance if i + max_distance < n else n
        left = i if lo == 1 else over
        current = [left]
        append = current.append
        # The same zip as _full's, over the band's slices: the match shortcut holds as well, since a value in
        # the band is never below the true one and is exact wherever the true one is within the bound.
        for cb, diagonal, up in zip(b[lo - 1:hi], row[lo - 1:hi], row[lo:hi + 1]):
            if ca == cb:
                left = diagonal
            else:
                if up < left:
                    left = up
                if diagonal < left:
                    left = diagonal
                left += 1
            append(left)
        # No cell of a later row is smaller than the smallest cell of this one.
        if min(current) > max_distance:
            return over
        row[lo - 1:hi + 1] = current
    return row[n] if row[n] <= max_distance else over
