"""The Rust library in-process, through ctypes: the contract of the pure-Python package, computed by the cdylib.

>>> from edit_distance import rust
>>> rust.distance("kitten", "sitting")
3
>>> with rust.Corpus(["kitten", "mitten", "sitting"]) as corpus:
...     corpus.nearest("kitten", 2)
[Match(index=0, distance=0), Match(index=1, distance=1)]

The same functions, arguments, results and errors as ``edit_distance`` (``distance``, ``nearest``, ``STRATEGIES``;
``nearest`` and ``Corpus.nearest`` also take ``threads``), and in addition the library's own failures: ``MemoryError``
when it cannot allocate the buffers an input needs, ``RuntimeError`` naming a panic it caught. ``Corpus`` holds a
native corpus: created once (every entry crosses in one buffer), released by ``close()``, the ``with`` block, or
garbage collection, whichever comes first.

The library is looked for in this order: the file (or folder) named by ``EDIT_DISTANCE_LIBRARY``, this package's
directory, then, in a checkout, the repository's build output ``rust/target/release/``; ``LIBRARY_PATH`` is the file loaded. Importing
this module loads it, checks that its structures are laid out as declared here (``ed_type_layout``), and raises
ImportError naming every place it looked at when there is none to load.

**Handing strings over.** ``distance`` passes each ``str`` as a ``c_wchar_p`` to ``ed_distance_utf32`` where
``wchar_t`` is UTF-32 (Linux, macOS): nothing to do in Python; ctypes copies the string's code points into a buffer
it allocates for the call, and the library checks each for surrogates (a lone one is found there, at its code-point
index) and compares them in place. Queries, corpora, and ``distance`` where ``wchar_t`` is UTF-16 (Windows) go as
UTF-16, encoded once per call by the codec's own encoder function (in the machine's byte order; ``str.encode`` would
look the codec up by name on every call): one new bytes object and one pass, and the strict encoder is the
validation too (a lone surrogate raises UnicodeEncodeError at the code-point index the contract reports). The
choice is measured by ``./build.sh Bench`` (report, "calling from Python"), against UTF-8 bytes into a
benchmark-only export as well; python/README.md has the reasoning.

**Threads.** ctypes releases the GIL for the duration of every foreign call, so calls on several threads run in
parallel, and a ``Corpus`` may be queried by any number of threads at once. ``close()`` may race them: it marks the
corpus closed at once (later calls raise ``ValueError("corpus is closed")``), and the native corpus is freed when the
last call in flight returns, never under it, as .NET's ``SafeHandle`` releases ``RustCorpus``.
"""

from __future__ import annotations

import codecs
import ctypes
import itertools
import pathlib
import sys
import threading
import weakref
from array import array
from collections.abc import Iterable
from ctypes import POINTER, Structure, byref, c_char_p, c_size_t, c_uint32, c_wchar, c_wchar_p

from . import _locate
from ._validation import check_count, check_str, check_strategy, check_threads, corpus_entries
from .nearest import Match

__all__ = ["LIBRARY_PATH", "LIBRARY_VARIABLE", "STRATEGIES", "Corpus", "distance", "nearest"]

STRATEGIES = ("dp", "bitparallel")

LIBRARY_VARIABLE = _locate.LIBRARY_VARIABLE

# The ABI's codes, ffi.rs `EdStatus`, `EdArgument` and the strategy numbers.
_STRATEGY_CODES = {"dp": 0, "bitparallel": 1}
_STATUS_NAMES = ("Ok", "NullArgument", "InvalidUtf16", "InvalidArgument", "BufferTooSmall", "Panic", "OutOfMemory")
_OK, _INVALID_UTF16, _INVALID_ARGUMENT, _PANIC, _OUT_OF_MEMORY = 0, 2, 3, 5, 6
_ARGUMENT_NAMES = ("none", "a", "b", "query", "corpus", "strategy", "threads", "output", "on_match")
_THREADS = 6
_NO_ITEM = (1 << (8 * ctypes.sizeof(c_size_t))) - 1
# ffi.rs ED_NO_BOUND. Larger bounds and counts are clamped below it: no str has 2**32 - 1 code points in practice,
# and a bound at least as long as both strings answers exactly as no bound does.
_NO_BOUND = 0xFFFFFFFF

# The ABI's u16 code units are in the machine's byte order.
_encode_utf16 = codecs.lookup("utf-16-le" if sys.byteorder == "little" else "utf-16-be").encode
# The array typecode of a size_t, for the corpus's end offsets: an array of ints is filled in C, and ctypes then
# passes its buffer as it is.
_SIZE_T_CODE = next(code for code in "IQL" if array(code).itemsize == ctypes.sizeof(c_size_t))


class EdErrorInfo(Structure):
    """ffi.rs ``EdErrorInfo``: which argument, corpus entry and UTF-16 index a failing call is about."""

    _fields_ = [("argument", c_uint32), ("item", c_size_t), ("position", c_size_t)]


class EdMatch(Structure):
    """ffi.rs ``EdMatch``: one result of ``ed_corpus_nearest``."""

    _fields_ = [("index", c_uint32), ("distance", c_uint32)]


class _EdCorpus(Structure):
    """ffi.rs ``EdCorpus``, opaque: only pointers to it cross."""

    _fields_ = []


_CorpusPointer = POINTER(_EdCorpus)
# EdStatus and EdArgument cross as their u32 representation.
_EdStatus = c_uint32
_EdArgument = c_uint32


def _load() -> tuple[ctypes.CDLL, pathlib.Path]:
    tried = []
    for candidate in _locate.candidates(_locate.library_file_name(), LIBRARY_VARIABLE):
        if not candidate.is_file():
            tried.append(f"{candidate} (absent)")
            continue
        try:
            return ctypes.CDLL(str(candidate)), candidate
        except OSError as error:
            tried.append(f"{candidate} (not loadable: {error})")
    raise ImportError(
        f"the Rust library {_locate.library_file_name()} was not found; looked at: {'; '.join(tried)}. "
        + _locate.how_to_provide(LIBRARY_VARIABLE),
        name=__name__,
    )


# wchar_t is UTF-32 on Linux and macOS and UTF-16 on Windows.
_WIDE_IS_UTF32 = ctypes.sizeof(c_wchar) == 4


def _declare(library):
    """Declares every function this module calls with the ABI's types, so that ctypes converts and checks each
    argument instead of guessing (it would pass a Python int as a C int, truncating a size_t)."""
    functions = {
        "ed_distance": (_EdStatus, [c_uint32, c_char_p, c_size_t, c_char_p, c_size_t, c_uint32,
                                    POINTER(c_uint32), POINTER(EdErrorInfo)]),
        # Declared only where wchar_t is 32 bits wide (Linux, macOS): c_wchar_p then hands a str over as UTF-32.
        **({"ed_distance_utf32": (_EdStatus, [c_uint32, c_wchar_p, c_size_t, c_wchar_p, c_size_t, c_uint32,
                                              POINTER(c_uint32), POINTER(EdErrorInfo)])} if _WIDE_IS_UTF32 else {}),
        "ed_corpus_new": (_EdStatus, [c_char_p, c_size_t, POINTER(c_size_t), c_size_t,
                                      POINTER(_CorpusPointer), POINTER(EdErrorInfo)]),
        "ed_corpus_nearest": (_EdStatus, [_CorpusPointer, c_uint32, c_char_p, c_size_t, c_uint32, c_uint32, c_uint32,
                                          POINTER(EdMatch), c_size_t, POINTER(c_size_t), POINTER(EdErrorInfo)]),
        "ed_corpus_free": (None, [_CorpusPointer]),
        "ed_type_layout": (_EdStatus, [c_uint32, POINTER(c_size_t), POINTER(c_size_t), POINTER(c_size_t), c_size_t,
                                       POINTER(c_size_t)]),
    }
    for name, (restype, argtypes) in functions.items():
        try:
            function = getattr(library, name)
        except AttributeError:
            raise ImportError(f"{LIBRARY_PATH} exports no {name}: it is not this project's edit_distance library, or "
                              "an older build of it", name=__name__) from None
        function.restype = restype
        function.argtypes = argtypes


def _layout_differences(library):
    """How the library's structures differ from the declarations above (``ed_type_layout``); empty when they agree.
    Same check: C# NativeMethods.Layout.cs ``LayoutDifferences``."""
    declared = [(0, EdErrorInfo), (1, EdMatch), (2, _EdStatus), (3, _EdArgument)]
    names = ("EdErrorInfo", "EdMatch", "EdStatus", "EdArgument")
    differences = []
    for type_id, ctype in declared:
        fields = [getattr(ctype, name).offset for name, _ in getattr(ctype, "_fields_", ())]
        size, align, count = c_size_t(), c_size_t(), c_size_t()
        offsets = (c_size_t * 8)()
        status = library.ed_type_layout(type_id, byref(size), byref(align), offsets, len(offsets), byref(count))
        native = (size.value, align.value, list(offsets[:count.value])) if status == _OK else f"status {status}"
        managed = (ctypes.sizeof(ctype), ctypes.alignment(ctype), fields)
        if native != managed:
            differences.append(f"{names[type_id]}: library {native}, declared (size, alignment, offsets) {managed}")
    # ctypes passes a bytes object's buffer as it is: the library reads it as u16, which needs 2-byte alignment. A
    # bytes object's data follows a header of whole machine words in a block from the allocator, so it always is;
    # checked once, small (pymalloc) and large (malloc) alike, rather than trusted.
    for sample in (b"ab", b"ab" * 4096):
        if ctypes.cast(c_char_p(sample), ctypes.c_void_p).value % ctypes.alignment(ctypes.c_uint16):
            differences.append("a bytes object's buffer is not aligned for UTF-16 code units")
    return differences


_library, LIBRARY_PATH = _load()
_declare(_library)
_differences = _layout_differences(_library)
if _differences:
    raise ImportError(
        f"{LIBRARY_PATH} lays out its types differently from edit_distance.rust ({'; '.join(_differences)}): it was "
        "built from another version of ffi.rs. Rebuild it (`cargo build --release` in rust/).",
        name=__name__)
del _differences
_distance = _library.ed_distance
_distance_utf32 = _library.ed_distance_utf32 if _WIDE_IS_UTF32 else None
_corpus_new = _library.ed_corpus_new
_corpus_nearest = _library.ed_corpus_nearest
_corpus_free = _library.ed_corpus_free


def _strategy_code(strategy):
    try:
        return _STRATEGY_CODES[strategy]
    except (KeyError, TypeError):
        check_strategy(strategy, STRATEGIES)
        raise


def _utf16(value, name):
    """``value`` in UTF-16, checked as ``check_str`` checks it: the encoder refuses a non-str (a str subclass
    encodes as a str does) and finds lone surrogates, and only then does ``check_str`` run, to raise the contract's
    error."""
    try:
        return _encode_utf16(value)[0]
    except (TypeError, UnicodeEncodeError):
        check_str(value, name)
        raise


def _bound(max_distance):
    if max_distance is None:
        return _NO_BOUND
    return min(check_count(max_distance, "max_distance"), _NO_BOUND - 1)


def _threads(threads):
    return min(check_threads(threads), 0xFFFFFFFF)


def _failure(status, error, function, strings=()):
    """The exception for a failed call. ``strings`` are the (value, name) pairs the call took, in argument order:
    a lone surrogate the library reports is re-found in them to raise the contract's message."""
    if status == _OUT_OF_MEMORY:
        return MemoryError(
            f"the Rust library could not allocate the buffers {function} needs for this input (they grow with its "
            "length); nothing was computed and the library is intact: shorter input or more free memory will do")
    if status == _PANIC:
        return RuntimeError(
            f"the Rust library panicked in {function} (status Panic); the panic was caught at its boundary and the "
            "process is intact: this is a bug in the library")
    argument = _ARGUMENT_NAMES[error.argument] if error.argument < len(_ARGUMENT_NAMES) else str(error.argument)
    if status == _INVALID_UTF16:
        # The encoder refuses lone surrogates before any call, so this is not expected; the contract's error
        # still names the code-point index, which check_str finds.
        for value, name in strings:
            check_str(value, name)
    if status == _INVALID_ARGUMENT and error.argument == _THREADS:
        return ValueError("threads must be at least 1")
    name = _STATUS_NAMES[status] if status < len(_STATUS_NAMES) else str(status)
    return RuntimeError(f"the Rust library returned {name} from {function} about argument '{argument}'")


def distance(a: str, b: str, max_distance: int | None = None, *, strategy: str = "bitparallel") -> int:
    """Levenshtein distance between ``a`` and ``b``, counted in code points: see ``edit_distance.distance``."""
    # The checks are inlined, unlike in nearest: at a few code points they are a visible share of the call.
    try:
        code = _STRATEGY_CODES[strategy]
    except (KeyError, TypeError):
        check_strategy(strategy, STRATEGIES)
        raise
    if _distance_utf32 is not None:
        try:
            if not isinstance(a, str) or not isinstance(b, str):
                raise TypeError
            bound = _NO_BOUND if max_distance is None else _bound(max_distance)
        except (TypeError, ValueError):
            # The first wrong argument is reported: a lone surrogate in a string comes before a wrong bound.
            check_str(a, "a")
            check_str(b, "b")
            raise
        out = c_uint32()
        # ctypes copies each str into a wchar_t (UTF-32) buffer for the call; a str's length is its code points, and
        # the library finds a lone surrogate as a value that is no scalar value: only then is there an error to
        # re-find in the strings with the contract's words.
        status = _distance_utf32(code, a, len(a), b, len(b), bound, out, None)
        if status:
            raise _failure(status, EdErrorInfo(), "ed_distance_utf32", ((a, "a"), (b, "b")))
        return out.value
    try:
        # The encoder refuses anything but a str (subclasses included) with a TypeError and a lone surrogate with a
        # UnicodeEncodeError; check_str then raises the contract's error about the first wrong argument.
        units_a = _encode_utf16(a)[0]
        units_b = _encode_utf16(b)[0]
    except (TypeError, UnicodeEncodeError):
        check_str(a, "a")
        check_str(b, "b")
        raise
    bound = _NO_BOUND if max_distance is None else _bound(max_distance)
    out = c_uint32()
    # No error details: the checks above leave the library only its own failures, which have none.
    status = _distance(code, units_a, len(units_a) >> 1, units_b, len(units_b) >> 1, bound, out, None)
    if status:
        raise _failure(status, EdErrorInfo(), "ed_distance", ((a, "a"), (b, "b")))
    return out.value


def _corpus_buffers(entries, name):
    """Every entry as one UTF-16 buffer plus the array of end offsets (in code units) ``ed_corpus_new`` takes, the
    entries checked as ``check_corpus`` checks them: the first wrong entry, in order, is the one reported.
    Returns (text, ends, count)."""
    # Without check_corpus's per-entry scan: the encoder below does that work.
    entries = corpus_entries(entries, name)
    try:
        joined = "".join(entries)
    except TypeError:
        # A non-str entry; check_corpus reports the first wrong entry, which may be an earlier lone surrogate.
        _check_entries(entries, name)
        raise
    try:
        text = _encode_utf16(joined)[0]
    except UnicodeEncodeError:
        _check_entries(entries, name)
        raise
    if len(text) == 2 * len(joined):
        # No astral code point: code units and code points agree, and an entry's length is its str length.
        lengths = map(len, entries)
    else:
        lengths = (len(_encode_utf16(entry)[0]) >> 1 for entry in entries)
    count = len(entries)
    ends = (c_size_t * count).from_buffer(array(_SIZE_T_CODE, itertools.accumulate(lengths)))
    return text, ends, count


def _check_entries(entries, name):
    for index, entry in enumerate(entries):
        check_str(entry, name, index)


def _new_corpus(text, ends, count):
    pointer = _CorpusPointer()
    error = EdErrorInfo()
    status = _corpus_new(text, len(text) >> 1, ends, count, byref(pointer), byref(error))
    if status:
        raise _failure(status, error, "ed_corpus_new")
    return pointer


def _search(pointer, length, code, query, units, k, bound, threads):
    """``ed_corpus_nearest`` on a corpus of ``length`` entries that stays alive for the call."""
    capacity = min(k, length)
    matches = (EdMatch * capacity)()
    count = c_size_t()
    error = EdErrorInfo()
    status = _corpus_nearest(pointer, code, units, len(units) >> 1, min(k, 0xFFFFFFFF), bound, threads, matches,
                             capacity, byref(count), byref(error))
    if status:
        raise _failure(status, error, "ed_corpus_nearest", ((query, "query"),))
    # Index, distance, index, ...: two u32 per match, read in one pass rather than field by field.
    values = memoryview(matches).cast("B").cast("I")[:2 * count.value].tolist()
    return list(map(Match, values[0::2], values[1::2]))


def nearest(query: str, corpus: Iterable[str] | Corpus, k: int, max_distance: int | None = None, *,
            strategy: str = "bitparallel", threads: int = 1) -> list[Match]:
    """The ``k`` entries of ``corpus`` closest to ``query``: see ``edit_distance.nearest``.

    ``corpus`` is any iterable of str, converted for this call only, or a ``Corpus`` built once. ``threads``
    (at least 1) workers split the corpus, never more than the machine runs at once; the result does not depend on it.
    """
    if isinstance(corpus, Corpus):
        return corpus.nearest(query, k, max_distance, strategy=strategy, threads=threads)
    code = _strategy_code(strategy)
    units = _utf16(query, "query")
    text, ends, count = _corpus_buffers(corpus, "corpus")
    k = check_count(k, "k")
    bound = _bound(max_distance)
    threads = _threads(threads)
    pointer = _new_corpus(text, ends, count)
    try:
        return _search(pointer, count, code, query, units, k, bound, threads)
    finally:
        _corpus_free(pointer)


class _Handle:
    """A native corpus and the calls running on it, the equivalent of C# ``CorpusHandle`` (a SafeHandle).

    ``close`` may come from any thread while calls are in flight (ctypes releases the GIL during each): the check
    that the corpus is open and the count of calls using it change under one lock, and the corpus is freed by
    whichever comes last, ``close`` or the last call's ``release``, exactly once.
    """

    __slots__ = ("_pointer", "_lock", "_calls", "_closed")

    def __init__(self, pointer):
        self._pointer = pointer
        self._lock = threading.Lock()
        self._calls = 0
        self._closed = False

    @property
    def closed(self):
        return self._closed

    def acquire(self):
        """The pointer, valid until the matching ``release``; ValueError once closed."""
        with self._lock:
            if self._closed:
                raise ValueError("corpus is closed")
            self._calls += 1
            return self._pointer

    def release(self):
        with self._lock:
            self._calls -= 1
            pointer = self._take_if_unused()
        if pointer is not None:
            _corpus_free(pointer)

    def close(self):
        with self._lock:
            self._closed = True
            pointer = self._take_if_unused()
        if pointer is not None:
            _corpus_free(pointer)

    def _take_if_unused(self):
        """The pointer to free, once, when closed and no call uses it; None otherwise. Called under the lock."""
        if self._closed and self._calls == 0 and self._pointer is not None:
            pointer, self._pointer = self._pointer, None
            return pointer
        return None


class Corpus:
    """A corpus held by the Rust library: checked and converted once, then queried many times without crossing again.

    >>> with Corpus(["kitten", "mitten", "sitting"]) as corpus:
    ...     corpus.nearest("kitten", 2)
    [Match(index=0, distance=0), Match(index=1, distance=1)]

    The entries cross once, in one UTF-16 buffer with their end offsets (as C# ``RustCorpus`` passes them), and
    Python keeps no copy of them. Release it with ``close()`` or a ``with`` block; garbage collection releases one
    left open. Any number of threads may query it at once, also while one of them closes it (see the module's
    docstring); ``nearest`` on a closed corpus raises ValueError, ``len`` still answers.
    """

    __slots__ = ("_handle", "_length", "_finalizer", "__weakref__")

    def __init__(self, entries: Iterable[str]) -> None:
        text, ends, count = _corpus_buffers(entries, "entries")
        self._handle = _Handle(_new_corpus(text, ends, count))
        self._length = count
        # Not __del__: the finalizer holds the handle only, never the corpus, so it cannot resurrect it or keep it
        # alive in a cycle, and it runs once whether close(), the collector or interpreter exit comes first.
        self._finalizer = weakref.finalize(self, self._handle.close)

    def nearest(self, query: str, k: int, max_distance: int | None = None, *, strategy: str = "bitparallel",
                threads: int = 1) -> list[Match]:
        """The ``k`` entries closest to ``query``: see ``edit_distance.rust.nearest``."""
        code = _strategy_code(strategy)
        units = _utf16(query, "query")
        k = check_count(k, "k")
        bound = _bound(max_distance)
        threads = _threads(threads)
        handle = self._handle
        pointer = handle.acquire()
        try:
            return _search(pointer, self._length, code, query, units, k, bound, threads)
        finally:
            handle.release()

    def close(self) -> None:
        """Releases the native corpus (once the calls in flight have returned). Closing twice does nothing."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return self._handle.closed

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self._length

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self._length} entries"
        return f"{type(self).__name__}(<{state}>)"
