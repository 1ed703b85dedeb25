"""Functions the .NET host calls across the C# -> Python boundary, kept apart from the algorithms.

The empty function the crossing benchmark times is not here but in bench/EditDistance.Boundary/noop.py: this
package ships, and nothing in it exists only for the benchmarks.
"""

from __future__ import annotations

from array import array
from itertools import accumulate

from .corpus import Corpus


def corpus_from_joined(text: str, lengths: str) -> Corpus:
    """A Corpus cut out of ``text``, the entries concatenated, by their lengths in code points.

    ``lengths`` is a str whose code points are the bytes (0..255) of the lengths as native-endian 32-bit integers.
    The host converts one string per corpus instead of one per entry (measured ~25 ns per entry against ~100 ns
    for a list of strings), and lengths work for any content: a separator character would not, because NUL,
    newline and every other code point are legal inside an entry. The host has already checked every entry.
    """
    sizes = array("i")
    if sizes.itemsize != 4:
        raise RuntimeError(f"array('i') has {sizes.itemsize}-byte items on this platform; 4 are expected")
    sizes.frombytes(lengths.encode("latin-1"))
    ends = list(accumulate(sizes))
    if (ends[-1] if ends else 0) != len(text):
        raise ValueError(f"the lengths add up to {ends[-1] if ends else 0} code points, but the text has {len(text)}")
    starts = [0]
    starts += ends[:-1]
    return Corpus._trusted(tuple([text[start:end] for start, end in zip(starts, ends)]))
