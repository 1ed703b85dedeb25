"""Argument checks shared by every public function, so that a mistake reads the same whichever entry point caught it.

The contract (shared with the Rust and .NET implementations): ``None`` or a non-``str`` is a ``TypeError`` naming
the argument; a string holding a lone surrogate is a ``ValueError`` naming the argument, the corpus entry if any,
and the position in code points; a negative ``k`` or ``max_distance`` is a ``ValueError``.
"""

import re

# A Python str stores code points, and a well-formed surrogate pair never survives as two code points (decoding
# combines it), so any code point in this range is a lone surrogate: text that no UTF encoding can carry.
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_str(value, name, item=None):
    """Returns ``value`` if it is a str without lone surrogates; raises otherwise."""
    if value.__class__ is not str and not isinstance(value, str):
        where = f"entry {item} of {name}" if item is not None else name
        raise TypeError(f"{where} must be a str, not {type(value).__name__}")
    # isascii() is O(1) in CPython (a flag on the string object), so plain ASCII text never pays for the scan.
    if not value.isascii():
        found = _SURROGATE.search(value)
        if found is not None:
            raise lone_surrogate(value, name, found.start(), item)
    return value


def lone_surrogate(value, name, position, item=None, where=None):
    """The error about the lone surrogate at code point ``position`` of ``value``, which is argument ``name``, or
    its entry ``item``; ``where`` names the string otherwise (by default "the string", or the corpus entry)."""
    if where is None:
        where = f"entry {item} of the corpus" if item is not None else "the string"
    character = f"U+{ord(value[position]):04X} " if 0 <= position < len(value) else ""
    return ValueError(f"{name}: {where} is not valid Unicode: lone surrogate {character}at code point index {position}")


def check_corpus(corpus, name="corpus"):
    """Returns the corpus as a list of checked strings."""
    if corpus is None:
        raise TypeError(f"{name} must be an iterable of str, not None")
    if isinstance(corpus, (str, bytes)):
        # A str is iterable, but treating it as a corpus of one-character entries is never what the caller meant.
        raise TypeError(f"{name} must be an iterable of str, not {type(corpus).__name__}")
    try:
        entries = list(corpus)
    except TypeError:
        raise TypeError(f"{name} must be an iterable of str, not {type(corpus).__name__}") from None
    for index, entry in enumerate(entries):
        check_str(entry, name, index)
    return entries


def check_count(value, name, optional=False):
    """Returns ``value`` if it is a non-negative int (or None when ``optional``); raises otherwise."""
    if value is None:
        if optional:
            return None
        raise TypeError(f"{name} must be an int, not None")
    # bool is an int subclass; True as a bound is almost certainly a mistake, so it is refused.
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")
    return value


def check_threads(threads):
    """Returns ``threads`` if it is an int of at least 1 (the worker count of a native search); raises otherwise."""
    if not isinstance(threads, int) or isinstance(threads, bool):
        raise TypeError(f"threads must be an int, not {type(threads).__name__}")
    if threads < 1:
        raise ValueError(f"threads must be at least 1, got {threads}")
    return threads


def check_strategy(strategy, strategies):
    if strategy not in strategies:
        raise ValueError(f"strategy must be one of {', '.join(map(repr, strategies))}, not {strategy!r}")
    return strategy
