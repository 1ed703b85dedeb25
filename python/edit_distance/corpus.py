"""A corpus checked once and queried many times."""

from ._validation import check_corpus, check_strategy

STRATEGIES = ("dp", "bitparallel")


class Corpus:
    """An immutable sequence of strings, checked once, that ``nearest`` can search without checking it again.

    >>> Corpus(["kitten", "mitten", "sitting"]).nearest("kitten", 2)
    [Match(index=0, distance=0), Match(index=1, distance=1)]
    """

    __slots__ = ("_entries",)

    def __init__(self, entries):
        self._entries = tuple(check_corpus(entries, "entries"))

    @classmethod
    def _trusted(cls, entries):
        """Wraps a tuple of strings already known to be valid (built by code that checked them)."""
        corpus = cls.__new__(cls)
        corpus._entries = entries
        return corpus

    def __len__(self):
        return len(self._entries)

    def __getitem__(self, index):
        return self._entries[index]

    def __iter__(self):
        return iter(self._entries)

    def __repr__(self):
        return f"Corpus(<{len(self._entries)} entries>)"

    def nearest(self, query, k, max_distance=None, *, strategy="bitparallel"):
        """The ``k`` entries closest to ``query``: see ``edit_distance.nearest``."""
        # The strategy module's checked entry point: it recognises a Corpus and skips re-checking its entries.
        return _module(strategy).nearest(query, self, k, max_distance)


def entries_of(corpus):
    """The entries of a Corpus as they are, or of any other iterable once checked."""
    if isinstance(corpus, Corpus):
        return corpus._entries
    return check_corpus(corpus)


_MODULES = {}


def _module(strategy):
    """The module implementing ``strategy``; cached, because it is looked up on every call."""
    try:
        return _MODULES[strategy]
    except (KeyError, TypeError):
        check_strategy(strategy, STRATEGIES)
        # Imported here, not at the top: dp and bitparallel import this module to recognise a Corpus.
        from . import bitparallel, dp

        _MODULES.update(dp=dp, bitparallel=bitparallel)
        return _MODULES[strategy]
