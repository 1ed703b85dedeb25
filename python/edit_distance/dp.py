"""Two-row Wagner–Fischer dynamic programming: O(len(a) · len(b)), the baseline every other strategy is measured by."""

from ._affix import strip_common_affixes
from ._checked import checked_distance, checked_nearest
from .nearest import top_k


def distance(a, b, max_distance=None):
    """Levenshtein distance between ``a`` and ``b`` in code points.

    With ``max_distance``, returns the exact distance when it is at most ``max_distance`` and ``max_distance + 1``
    otherwise, stopping as soon as every cell of a row exceeds the bound.
    """
    return checked_distance(_distance, a, b, max_distance)


def nearest(query, corpus, k, max_distance=None):
    """The ``k`` entries of ``corpus`` closest to ``query`` as a sorted list of Match (see ``edit_distance.nearest``)."""
    return checked_nearest(_nearest, query, corpus, k, max_distance)


def _nearest(query, entries, k, max_distance):
    return top_k(entries, k, max_distance, lambda entry, bound: _distance(query, entry, bound))


def _distance(a, b, max_distance):
    if a == b:
        return 0
    a, b = strip_common_affixes(a, b)
    if len(a) < len(b):
        a, b = b, a  # The row follows the shorter string: fewer cells to allocate per row.
    if max_distance is not None and len(a) - len(b) > max_distance:
        return max_distance + 1  # The length difference alone is a lower bound.
    if not b:
        return _bounded(len(a), max_distance)
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
        # No cell of a later row is smaller than the smallest cell of this one.
        if max_distance is not None and min(current) > max_distance:
            return max_distance + 1
        previous = current
    return _bounded(previous[-1], max_distance)


def _bounded(found, max_distance):
    return found if max_distance is None or found <= max_distance else max_distance + 1
