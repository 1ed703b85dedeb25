"""The checked public entry points that every strategy module, the package itself and ``Corpus.nearest`` share.

Below the strategy modules in the import graph (they import this, never the reverse), so it knows a corpus only
as ``CheckedCorpus``: entries already checked, which ``Corpus`` (in ``corpus``, above the strategies) extends with
the search methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import overload

from . import lanes
from ._validation import check_corpus, check_count, check_str


class CheckedCorpus:
    """Entries checked once, which ``checked_nearest`` takes as they are instead of checking them on every call,
    and their lane tables (``lanes.build``), built once for every bitparallel ``nearest`` query.
    """

    __slots__ = ("_entries", "_lanes")

    @classmethod
    def _trusted(cls, entries):
        """Wraps a tuple of strings already known to be valid (built by code that checked them)."""
        corpus = cls.__new__(cls)
        corpus._adopt(entries)
        return corpus

    def _adopt(self, entries):
        # At creation, as Rust's `ed_corpus_new` and C#'s `CreateCorpus` build theirs: a query then allocates only
        # what it computes, and the cost is paid once per corpus, not by its first query.
        self._entries = entries
        self._lanes = lanes.build(entries)

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...

    def __getitem__(self, index):
        return self._entries[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<{len(self._entries)} entries>)"


def entries_of(corpus):
    """A checked corpus as it is (a sequence of its entries, with its lane tables), any other iterable as the list
    of its entries once checked."""
    if isinstance(corpus, CheckedCorpus):
        return corpus
    return check_corpus(corpus)


def checked_distance(implementation, a, b, max_distance):
    """Checks the arguments of ``distance`` once, whichever entry point was called, then runs ``implementation``."""
    check_str(a, "a")
    check_str(b, "b")
    check_count(max_distance, "max_distance", optional=True)
    return implementation(a, b, max_distance)


def checked_nearest(implementation, query, corpus, k, max_distance):
    """Checks the arguments of ``nearest`` once, whichever entry point was called, then runs ``implementation``."""
    check_str(query, "query")
    entries = entries_of(corpus)
    check_count(k, "k")
    check_count(max_distance, "max_distance", optional=True)
    return implementation(query, entries, k, max_distance)
