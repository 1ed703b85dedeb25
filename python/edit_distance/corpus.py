"""A corpus checked once and queried many times, and the strategy names that pick the module doing the work."""

from __future__ import annotations

from collections.abc import Iterable

from . import bitparallel, dp
from ._checked import CheckedCorpus
from ._validation import check_corpus, check_strategy
from .nearest import Match

STRATEGIES = ("dp", "bitparallel")

_MODULES = {"dp": dp, "bitparallel": bitparallel}


class Corpus(CheckedCorpus):
    """An immutable sequence of strings, checked once, that ``nearest`` can search without checking it again.

    >>> Corpus(["kitten", "mitten", "sitting"]).nearest("kitten", 2)
    [Match(index=0, distance=0), Match(index=1, distance=1)]
    """

    __slots__ = ()

    def __init__(self, entries: Iterable[str]) -> None:
        self._adopt(tuple(check_corpus(entries, "entries")))

    def nearest(self, query: str, k: int, max_distance: int | None = None, *,
                strategy: str = "bitparallel") -> list[Match]:
        """The ``k`` entries closest to ``query``: see ``edit_distance.nearest``."""
        # The strategy module's checked entry point: it recognises a checked corpus and skips re-checking it.
        return _module(strategy).nearest(query, self, k, max_distance)


def _module(strategy):
    """The module implementing ``strategy``."""
    try:
        return _MODULES[strategy]
    except (KeyError, TypeError):
        check_strategy(strategy, STRATEGIES)
        raise
