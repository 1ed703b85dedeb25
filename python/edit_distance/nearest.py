"""Bounded top-k selection shared by both strategies.

A max-heap (``heapq`` on negated keys) holds the k best matches seen so far. Once it is full, its worst distance
minus one becomes the bound for every later pair: an entry must be strictly closer to displace it (ties go to the
lower index, which was seen first), so a strategy may give up on a pair as soon as it is provably farther away.
Rust: nearest.rs ``top_k``; C#: TopK.cs ``Bound`` and CSharpCorpus.cs ``Search.Run``.
"""

import heapq
from typing import NamedTuple


class Match(NamedTuple):
    """One result of ``nearest``: a corpus entry's position and its distance to the query."""

    index: int
    distance: int


def top_k(entries, k, max_distance, score):
    """The ``k`` closest entries as a sorted list of Match.

    ``score(entry, bound)`` must return the exact distance when it is at most ``bound`` (``None``: unbounded) and
    any larger number otherwise.
    """
    if k == 0:
        return []
    heap = []  # (-distance, -index): heap[0] is the worst match kept.
    bound = max_distance
    push, replace = heapq.heappush, heapq.heapreplace
    for index, entry in enumerate(entries):
        found = score(entry, bound)
        if bound is not None and found > bound:
            continue
        if len(heap) < k:
            push(heap, (-found, -index))
            if len(heap) < k:
                continue
        else:
            replace(heap, (-found, -index))
        worst = -heap[0][0]
        if worst == 0:
            break  # k exact matches at the lowest indices: nothing later can displace them.
        bound = worst - 1
    return [Match(-negated_index, -negated_distance) for negated_distance, negated_index in sorted(heap, reverse=True)]
