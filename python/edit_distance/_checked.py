"""The checked public entry points that every strategy module, the package itself and ``Corpus.nearest`` share."""

from ._validation import check_count, check_str
from .corpus import entries_of


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
