"""Levenshtein edit distance over Unicode code points, in pure Python (standard library only).

>>> distance("kitten", "sitting")
3
>>> distance("\U0001F600", "")   # one code point, whatever its UTF-16 or UTF-8 length
1
>>> nearest("kitten", ["sitting", "mitten", "kitten"], 2)
[Match(index=2, distance=0), Match(index=1, distance=1)]

Two strategies, as in the Rust and .NET implementations: ``"dp"`` (two-row Wagner–Fischer) and ``"bitparallel"``
(Myers/Hyyrö on Python integers, the default and much faster). Each is also a module (``edit_distance.dp``,
``edit_distance.bitparallel``) with the same ``distance`` and ``nearest`` functions.

Errors: ``None`` or a non-str is a TypeError; a string with a lone surrogate is a ValueError naming the argument
(and corpus entry) and the code point index; a negative ``k`` or ``max_distance`` is a ValueError.
"""

# The one version the repository gives everything it produces: the same as Directory.Build.props <Version> and
# rust/edit_distance/Cargo.toml (python/tests/test_packaging.py compares them). The build backend reads it from here.
__version__ = "0.1.0"

import sys  # noqa: E402

if sys.version_info < (3, 10):  # noqa: UP036 - the message is the point
    raise ImportError(f"edit_distance needs Python 3.10 or newer; this is {sys.version.split()[0]}")

from collections.abc import Iterable  # noqa: E402

from . import bitparallel, dp  # noqa: E402
from ._checked import checked_distance, checked_nearest  # noqa: E402
from .corpus import STRATEGIES, Corpus, _module  # noqa: E402
from .nearest import Match  # noqa: E402

__all__ = ["STRATEGIES", "Corpus", "Match", "distance", "nearest", "dp", "bitparallel"]


# Annotations evaluated at definition, past the version check: no __future__ import, which an old Python would refuse
# before it reached the check's message.
def distance(a: str, b: str, max_distance: int | None = None, *, strategy: str = "bitparallel") -> int:
    """Levenshtein distance between ``a`` and ``b``, counted in code points.

    With ``max_distance``: the exact distance when it is at most ``max_distance``, otherwise ``max_distance + 1``
    (the bound lets the algorithm stop early).
    """
    return checked_distance(_module(strategy)._distance, a, b, max_distance)


def nearest(query: str, corpus: Iterable[str], k: int, max_distance: int | None = None, *,
            strategy: str = "bitparallel") -> list[Match]:
    """The ``k`` entries of ``corpus`` closest to ``query``, as a list of Match(index, distance).

    Sorted by distance, ties broken by the lower index; entries farther than ``max_distance`` (when given) are
    left out. ``corpus`` is any iterable of str, or a Corpus to skip checking it on every call.
    """
    return checked_nearest(_module(strategy)._nearest, query, corpus, k, max_distance)
