"""The Rust library out of process: a client of ``edit-distance-server`` (rust/server/README.md), and the server's
start and stop. Standard library only: socket, struct, json.

>>> from edit_distance import remote
>>> with remote.Server.start() as server, remote.connect(server.address) as client:
...     client.distance("kitten", "sitting")
3

``Client`` has the contract of the pure-Python package, over the wire: ``distance``, ``nearest``, and ``corpus``
(a ``RemoteCorpus``, created once on the server and queried by id), the same arguments, results and errors (the client
checks types, negative numbers and lone surrogates itself, in argument order, before sending anything), and the
service's own: ``distance_batch`` (many pairs in one message), ``ping``, ``shutdown``. A failure of the service
itself, not of the arguments (the connection lost or refused, a reply that does not parse, a server shutting down, a
request over its size limit), is a ``RemoteError``; the library's own failures are ``MemoryError`` and
``RuntimeError`` as in ``edit_distance.rust``.

**Wires** (``connect(address, wire=...)``): ``"binary"`` (length-prefixed frames, strings in UTF-16LE),
``"binary-utf8"`` (the same frames, strings in UTF-8) and ``"json"`` (JSON lines). The default is "binary-utf8": a
Python ``str`` is encoded to UTF-8 by the interpreter's fastest encoder (ASCII text is copied as it is), the strict
encoder finds lone surrogates as it goes, and the server transcodes to UTF-16 while it decodes the frame; the
benchmark report ("calling from Python") has the figures behind that choice.

**Threads.** A ``Client`` is one connection, on which requests are answered one at a time, in order: a lock makes
each request and its reply one step, so threads may share a client (they take turns) or use one each (the server
serves connections in parallel). ``RemoteCorpus.close()`` frees the corpus on the server under the same lock, so it
can never overtake a query already sent; a corpus collected unclosed is freed by the next request on its client.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable
from itertools import chain
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import weakref
from typing import BinaryIO

from . import _locate
from ._validation import check_corpus, check_count, check_str, check_strategy, check_threads, corpus_entries, lone_surrogate
from .nearest import Match

__all__ = ["DEFAULT_WIRE", "SERVER_VARIABLE", "STRATEGIES", "WIRES", "Client", "RemoteCorpus", "RemoteError", "Server",
           "connect"]

STRATEGIES = ("dp", "bitparallel")
WIRES = ("binary", "binary-utf8", "json")
DEFAULT_WIRE = "binary-utf8"
SERVER_VARIABLE = _locate.SERVER_VARIABLE

# rust/server/README.md, "Binary frames".
_PING, _DISTANCE, _DISTANCE_BATCH, _CORPUS_CREATE, _CORPUS_NEAREST, _CORPUS_FREE, _NEAREST, _SHUTDOWN = range(8)
_STRATEGY_CODES = {"dp": 0, "bitparallel": 1}
_STATUSES = {2: "invalid_utf16", 3: "invalid_argument", 5: "panic", 6: "out_of_memory", 16: "malformed_request",
             17: "frame_too_large", 18: "unknown_operation", 19: "unknown_corpus", 20: "invalid_utf8",
             21: "shutting_down"}
_ARGUMENTS = {0: None, 1: "a", 2: "b", 3: "query", 4: "corpus", 5: "strategy", 6: "threads", 9: "k",
              10: "max_distance", 11: "pairs", 12: "request"}
_NO_BOUND = 0xFFFFFFFF
_NO_ITEM = 0xFFFFFFFF
_U32_MAX = 0xFFFFFFFF
# Statuses after which the server closes the connection: the rest of an oversized frame was never read, and a
# server shutting down answers what it has read and then hangs up.
_CLOSING = ("frame_too_large", "shutting_down")
# A reply longer than this is read in pieces of this size, so that a corrupt length cannot allocate it all at once.
_READ_CHUNK = 1 << 20

_U32 = struct.Struct("<I")
_encode_utf16 = codecs.lookup("utf-16-le").encode


class RemoteError(ConnectionError):
    """The service failed, not the arguments: the connection was lost, refused or closed by the server, a reply did
    not parse, or the server refused the request itself (``status``: "shutting_down", "frame_too_large",
    "malformed_request", "unknown_operation", "unknown_corpus", "invalid_utf8"; None when no reply came). After a
    lost connection or a reply that does not parse, every later request on the client raises it too."""

    def __init__(self, message: str, status: str | None = None) -> None:
        super().__init__(message)
        self.status = status


class _Failure:
    """An error reply, whichever wire it came on."""

    __slots__ = ("status", "argument", "item", "position", "code_point", "message")

    def __init__(self, status, argument, item, position, code_point, message):
        self.status, self.argument, self.item = status, argument, item
        self.position, self.code_point, self.message = position, code_point, message


class _Binary:
    """Binary frames: each request and reply a u32 length and a payload; strings in UTF-16LE or UTF-8."""

    def __init__(self, utf8):
        self.name = "binary-utf8" if utf8 else "binary"
        self.preamble = b"ED\x01\x08" if utf8 else b"ED\x01\x10"
        self._utf8 = utf8
        # The wire's string lengths count UTF-16 code units or UTF-8 bytes: a byte count shifted by this.
        self._shift = 0 if utf8 else 1

    def text(self, value, name, item=None):
        """``value`` encoded for the wire; the strict encoders refuse a non-str and find lone surrogates, and only
        then does ``check_str`` run, to raise the contract's error."""
        try:
            return str.encode(value) if self._utf8 else _encode_utf16(value)[0]
        except (TypeError, UnicodeEncodeError):
            check_str(value, name, item)
            raise

    def texts(self, entries, name):
        """Every entry encoded for the wire, the first wrong one reported as ``check_corpus`` reports it."""
        entries = corpus_entries(entries, name)
        try:
            if self._utf8:
                return list(map(str.encode, entries))
            return [_encode_utf16(entry)[0] for entry in entries]
        except (TypeError, UnicodeEncodeError):
            check_corpus(entries, name)
            raise

    def _string(self, data):
        return _U32.pack(len(data) >> self._shift) + data

    def _strings(self, strings):
        """Each of ``strings`` (a list) as its length and its bytes, parts of a frame made in C (map, zip), not in a
        Python loop."""
        lengths = map(len, strings)
        if self._shift:
            lengths = map(self._shift.__rrshift__, lengths)
        return chain.from_iterable(zip(map(_U32.pack, lengths), strings))

    def _frame(self, parts):
        payload = b"".join(parts)
        return _U32.pack(len(payload)) + payload

    def ping(self):
        return b"\x01\x00\x00\x00\x00"

    def shutdown(self):
        return b"\x01\x00\x00\x00\x07"

    def distance(self, strategy, a, b, bound):
        return self._frame((struct.pack("<BBI", _DISTANCE, strategy, bound), self._string(a), self._string(b)))

    def distance_batch(self, strategy, pairs, bound):
        head = struct.pack("<BBII", _DISTANCE_BATCH, strategy, bound, len(pairs))
        return self._frame(chain((head,), self._strings(list(chain.from_iterable(pairs)))))

    def corpus_create(self, entries):
        return self._frame(chain((struct.pack("<BI", _CORPUS_CREATE, len(entries)),), self._strings(entries)))

    def corpus_nearest(self, corpus, strategy, query, k, bound, threads):
        return self._frame((struct.pack("<BQB", _CORPUS_NEAREST, corpus, strategy), self._string(query),
                            struct.pack("<III", k, bound, threads)))

    def corpus_free(self, corpus):
        return self._frame((struct.pack("<BQ", _CORPUS_FREE, corpus),))

    def nearest(self, strategy, query, k, bound, entries):
        head = (struct.pack("<BB", _NEAREST, strategy), self._string(query), struct.pack("<III", k, bound, len(entries)))
        return self._frame(chain(head, self._strings(entries)))

    def read(self, reader):
        """The next reply's payload."""
        header = reader.read(4)
        if len(header) < 4:
            raise _lost(header)
        (length,) = _U32.unpack(header)
        if length <= _READ_CHUNK:
            payload = reader.read(length)
        else:
            pieces, left = [], length
            while left:
                piece = reader.read(min(left, _READ_CHUNK))
                if not piece:
                    break
                pieces.append(piece)
                left -= len(piece)
            payload = b"".join(pieces)
        if len(payload) < length or length == 0:
            raise _lost(payload) if length else RemoteError("the server sent an empty reply", "malformed_reply")
        return payload

    # The parsers below take a payload and return the result, or a _Failure; struct.error means it does not parse.

    def done(self, payload):
        return self._outcome(payload, 1) or None

    def distance_result(self, payload):
        return self._outcome(payload, 5) or _U32.unpack_from(payload, 1)[0]

    def distances_result(self, payload):
        failure = self._failure(payload)
        if failure:
            return failure
        (count,) = _U32.unpack_from(payload, 1)
        self._expect(payload, 5 + 4 * count)
        return list(struct.unpack_from(f"<{count}I", payload, 5))

    def corpus_result(self, payload):
        return self._outcome(payload, 13) or struct.unpack_from("<QI", payload, 1)

    def matches_result(self, payload):
        failure = self._failure(payload)
        if failure:
            return failure
        (count,) = _U32.unpack_from(payload, 1)
        self._expect(payload, 5 + 8 * count)
        values = struct.unpack_from(f"<{2 * count}I", payload, 5)
        return list(map(Match, values[0::2], values[1::2]))

    def _outcome(self, payload, length):
        """A _Failure for an error reply; else checks the success reply's length and returns None."""
        failure = self._failure(payload)
        if failure:
            return failure
        self._expect(payload, length)
        return None

    @staticmethod
    def _expect(payload, length):
        if len(payload) != length:
            raise struct.error(f"a reply of {len(payload)} bytes where {length} were expected")

    @staticmethod
    def _failure(payload):
        if payload[0] == 0:
            return None
        argument, item, position, code_point, length = struct.unpack_from("<BIQQI", payload, 1)
        if len(payload) != 26 + length:
            raise struct.error(f"an error reply of {len(payload)} bytes whose message has {length}")
        return _Failure(_STATUSES.get(payload[0], f"status {payload[0]}"), _ARGUMENTS.get(argument, str(argument)),
                        None if item == _NO_ITEM else item, position, code_point,
                        payload[26:].decode("utf-8", "replace"))


class _Json:
    """JSON lines: one object per line, each way."""

    name = "json"
    preamble = b""
    _dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    @staticmethod
    def text(value, name, item=None):
        # JSON would carry a lone surrogate as a \ud800 escape, which the server reads back as that code unit, but
        # two of them in a row as one astral character, where the contract sees two lone surrogates: so they are
        # found here, as the pure-Python package finds them (a regex scan, skipped for ASCII text).
        return check_str(value, name, item)

    @staticmethod
    def texts(entries, name):
        return check_corpus(entries, name)

    def _line(self, request):
        return (self._dumps(request) + "\n").encode("utf-8")

    def ping(self):
        return b'{"op":"ping"}\n'

    def shutdown(self):
        return b'{"op":"shutdown"}\n'

    def distance(self, strategy, a, b, bound):
        return self._line({"op": "distance", "strategy": STRATEGIES[strategy], "a": a, "b": b,
                           "max_distance": _json_bound(bound)})

    def distance_batch(self, strategy, pairs, bound):
        return self._line({"op": "distance_batch", "strategy": STRATEGIES[strategy], "max_distance": _json_bound(bound),
                           "pairs": pairs})

    def corpus_create(self, entries):
        return self._line({"op": "corpus_create", "entries": entries})

    def corpus_nearest(self, corpus, strategy, query, k, bound, threads):
        return self._line({"op": "corpus_nearest", "corpus": corpus, "strategy": STRATEGIES[strategy], "query": query,
                           "k": k, "max_distance": _json_bound(bound), "threads": threads})

    def corpus_free(self, corpus):
        return self._line({"op": "corpus_free", "corpus": corpus})

    def nearest(self, strategy, query, k, bound, entries):
        return self._line({"op": "nearest", "strategy": STRATEGIES[strategy], "query": query, "k": k,
                           "max_distance": _json_bound(bound), "entries": entries})

    @staticmethod
    def read(reader):
        line = reader.readline()
        if not line.endswith(b"\n"):
            raise _lost(line)
        return line

    # The parsers take a line and return the result, or a _Failure; ValueError, KeyError or TypeError mean that it
    # does not parse.

    def done(self, line):
        reply = self._reply(line)
        return reply if isinstance(reply, _Failure) else None

    def distance_result(self, line):
        reply = self._reply(line)
        return reply if isinstance(reply, _Failure) else _u32(reply["distance"])

    def distances_result(self, line):
        reply = self._reply(line)
        return reply if isinstance(reply, _Failure) else [_u32(d) for d in reply["distances"]]

    def corpus_result(self, line):
        reply = self._reply(line)
        return reply if isinstance(reply, _Failure) else (_u32(reply["corpus"], 64), _u32(reply["count"]))

    def matches_result(self, line):
        reply = self._reply(line)
        if isinstance(reply, _Failure):
            return reply
        return [Match(_u32(index), _u32(distance)) for index, distance in reply["matches"]]

    @staticmethod
    def _reply(line):
        reply = json.loads(line)
        if reply["ok"] is True:
            return reply
        if reply["ok"] is not False:
            raise ValueError(f"ok is {reply['ok']!r}")
        return _Failure(str(reply["error"]), reply.get("argument"), reply.get("item"), reply.get("position", 0),
                        reply.get("code_point", 0), str(reply.get("message", "")))


def _json_bound(bound):
    return None if bound == _NO_BOUND else bound


def _u32(value, bits=32):
    """A count from a JSON reply: an int of the protocol's width, not a bool, a float or a string."""
    if value.__class__ is not int or not 0 <= value < 1 << bits:
        raise ValueError(f"{value!r} is not a u{bits}")
    return value


def _lost(received):
    if received:
        return RemoteError("the connection was lost in the middle of a reply")
    return RemoteError("the server closed the connection")


def _wire(name):
    if name == "binary":
        return _Binary(utf8=False)
    if name == "binary-utf8":
        return _Binary(utf8=True)
    if name == "json":
        return _Json()
    raise ValueError(f"wire must be one of {', '.join(map(repr, WIRES))}, not {name!r}")


def _strategy_code(strategy):
    try:
        return _STRATEGY_CODES[strategy]
    except (KeyError, TypeError):
        check_strategy(strategy, STRATEGIES)
        raise


def _bound(max_distance):
    # Larger bounds are clamped below "no bound": no str of 2**32 - 1 code points crosses a frame of at most 4 GiB.
    if max_distance is None:
        return _NO_BOUND
    return min(check_count(max_distance, "max_distance"), _NO_BOUND - 1)


def _pairs(pairs, text):
    """The pairs of a batch as a list, and each side encoded by ``text``; errors name the pair and its side."""
    if pairs is None or isinstance(pairs, (str, bytes)):
        raise TypeError(f"pairs must be an iterable of (a, b) pairs of str, not {type(pairs).__name__}")
    try:
        pairs = list(pairs)
    except TypeError:
        raise TypeError(f"pairs must be an iterable of (a, b) pairs of str, not {type(pairs).__name__}") from None
    encoded = []
    for index, pair in enumerate(pairs):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"pair {index} of pairs must be an (a, b) pair of str, not {type(pair).__name__}")
        sides = []
        for side, value in zip(("a", "b"), pair):
            if value.__class__ is not str and not isinstance(value, str):
                raise TypeError(f"{side} of pair {index} of pairs must be a str, not {type(value).__name__}")
            try:
                sides.append(text(value, "pairs"))
            except ValueError:
                raise _surrogate_in_pair(value, side, index) from None
        encoded.append(sides)
    return pairs, encoded


def _surrogate_in_pair(value, side, index, position=None):
    if position is None:
        position = next(i for i, c in enumerate(value) if "\ud800" <= c <= "\udfff")
    return lone_surrogate(value, "pairs", position, where=f"{side} of pair {index}")


class Client:
    """One connection to an ``edit-distance-server``: see the module's docstring. Make one with ``connect``."""

    def __init__(self, sock: socket.socket, wire: _Binary | _Json) -> None:
        self._socket = sock
        self._reader = sock.makefile("rb")
        self._wire = wire
        self._lock = threading.Lock()
        self._closed = False
        # Why the connection cannot be used any more (lost, or a reply that did not parse); None while it can.
        self._broken = None
        # Corpora collected without close(): their ids, freed by the next request (see RemoteCorpus).
        self._orphans = []
        sock.sendall(wire.preamble)

    @property
    def wire(self) -> str:
        """The wire format: "binary", "binary-utf8" or "json"."""
        return self._wire.name

    @property
    def closed(self) -> bool:
        return self._closed

    def _call(self, request, parse, strings=None):
        """Sends one request and returns its parsed reply, or raises what its error reply means. ``strings`` gives
        the string an invalid_utf16 reply is about: ``strings(argument, item, code_point)`` -> exception."""
        with self._lock:
            self._check_usable()
            self._free_orphans()
            result = self._exchange(request, parse)
        if isinstance(result, _Failure):
            raise self._error(result, strings)
        return result

    def _check_usable(self):
        if self._closed:
            raise ValueError("client is closed")
        if self._broken is not None:
            raise RemoteError(f"the connection is no longer usable: {self._broken}")

    def _exchange(self, request, parse):
        """One request and its reply, under the lock."""
        try:
            self._socket.sendall(request)
            payload = self._wire.read(self._reader)
        except RemoteError as error:
            self._break(str(error))
            raise
        except OSError as error:
            # A reset, a broken pipe, a timeout: the stream may be cut anywhere, so it cannot be used again.
            self._break(f"{type(error).__name__}: {error}")
            raise RemoteError(f"the connection failed: {error}") from error
        try:
            result = parse(payload)
        except (struct.error, ValueError, KeyError, TypeError, IndexError) as error:
            self._break(f"a reply that does not parse ({error})")
            raise RemoteError(f"the server sent a reply that does not parse: {error}", "malformed_reply") from None
        if isinstance(result, _Failure) and result.status in _CLOSING:
            self._break(f"the server answered {result.status} and closed it")
        return result

    def _break(self, reason):
        self._broken = reason
        try:
            self._socket.close()
        except OSError:
            pass

    def _free_orphans(self):
        while self._orphans:
            corpus = self._orphans.pop()
            # unknown_corpus cannot happen for an id this client created and never freed; any other failure is the
            # connection's, which _exchange has already recorded.
            self._exchange(self._wire.corpus_free(corpus), self._wire.done)

    def _error(self, failure, strings):
        """The exception an error reply means."""
        status = failure.status
        if status == "invalid_utf16" and strings is not None:
            return strings(failure.argument, failure.item, failure.code_point)
        if status == "invalid_argument":
            return ValueError(f"{failure.argument}: {failure.message}")
        if status == "out_of_memory":
            return MemoryError(f"the server could not allocate the buffers this request needs: {failure.message}")
        if status == "panic":
            return RuntimeError(f"the server's library panicked (status panic): {failure.message}; the panic was caught "
                                "and the server is intact: this is a bug in the library")
        return RemoteError(f"the server refused the request: {status}: {failure.message}", status)

    def distance(self, a: str, b: str, max_distance: int | None = None, *, strategy: str = "bitparallel") -> int:
        """Levenshtein distance between ``a`` and ``b``, counted in code points: see ``edit_distance.distance``."""
        code = _strategy_code(strategy)
        wire = self._wire
        units_a = wire.text(a, "a")
        units_b = wire.text(b, "b")
        bound = _bound(max_distance)

        def strings(argument, item, code_point):
            return lone_surrogate(a if argument == "a" else b, argument, code_point)

        return self._call(wire.distance(code, units_a, units_b, bound), wire.distance_result, strings)

    def distance_batch(self, pairs: Iterable[tuple[str, str]], max_distance: int | None = None, *,
                       strategy: str = "bitparallel") -> list[int]:
        """The distance of every (a, b) pair of ``pairs``, in one message each way: a list of ints, in order."""
        code = _strategy_code(strategy)
        wire = self._wire
        pairs, encoded = _pairs(pairs, wire.text)
        bound = _bound(max_distance)

        def strings(argument, item, code_point):
            # The reply names the pair; the side is the one with a surrogate at that code point.
            a, b = pairs[item]
            if 0 <= code_point < len(a) and "\ud800" <= a[code_point] <= "\udfff":
                return _surrogate_in_pair(a, "a", item, code_point)
            return _surrogate_in_pair(b, "b", item, code_point)

        return self._call(wire.distance_batch(code, encoded, bound), wire.distances_result, strings)

    def nearest(self, query: str, corpus: Iterable[str] | RemoteCorpus, k: int, max_distance: int | None = None, *,
                strategy: str = "bitparallel", threads: int = 1) -> list[Match]:
        """The ``k`` entries of ``corpus`` closest to ``query``: see ``edit_distance.nearest``. ``corpus`` is any
        iterable of str, sent with the request, or a ``RemoteCorpus`` created once. ``threads`` applies to a
        ``RemoteCorpus`` (the server searches a one-off corpus on one thread)."""
        if isinstance(corpus, RemoteCorpus):
            return corpus.nearest(query, k, max_distance, strategy=strategy, threads=threads)
        code = _strategy_code(strategy)
        wire = self._wire
        units = wire.text(query, "query")
        entries = corpus_entries(corpus, "corpus")
        encoded = wire.texts(entries, "corpus")
        k = min(check_count(k, "k"), _U32_MAX)
        bound = _bound(max_distance)
        check_threads(threads)

        def strings(argument, item, code_point):
            if argument == "query":
                return lone_surrogate(query, "query", code_point)
            return lone_surrogate(entries[item], "corpus", code_point, item)

        return self._call(wire.nearest(code, units, k, bound, encoded), wire.matches_result, strings)

    def corpus(self, entries: Iterable[str]) -> RemoteCorpus:
        """A ``RemoteCorpus`` of ``entries``, created on the server once and queried by id."""
        entries = corpus_entries(entries, "entries")
        encoded = self._wire.texts(entries, "entries")

        def strings(argument, item, code_point):
            return lone_surrogate(entries[item], "entries", code_point, item)

        corpus, count = self._call(self._wire.corpus_create(encoded), self._wire.corpus_result, strings)
        return RemoteCorpus(self, corpus, count)

    def ping(self) -> None:
        """One empty round trip: the cost of a message, and proof that the server answers."""
        self._call(self._wire.ping(), self._wire.done)

    def shutdown(self) -> None:
        """Asks the server to shut down: it stops accepting, answers every request it has read, closes every
        connection (this one too), removes its socket file and exits."""
        self._call(self._wire.shutdown(), self._wire.done)

    def close(self) -> None:
        """Closes the connection; the server frees its corpora. A request in flight on another thread fails with
        RemoteError. Closing twice does nothing."""
        if self._closed:
            return
        self._closed = True
        try:
            # Wakes a thread blocked on a reply, so that close() never waits for a slow request.
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        with self._lock:
            self._reader.close()
            self._socket.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "broken" if self._broken else "open"
        return f"<{type(self).__name__} {self.wire} {state}>"


class RemoteCorpus:
    """A corpus created on the server by ``Client.corpus``: its entries crossed once, queries send only the query.

    Belongs to its client's connection: the server frees it on ``close()``, or when the connection closes. A corpus
    collected without ``close()`` is freed by the next request on its client. ``nearest`` on a closed corpus raises
    ValueError("corpus is closed"); ``len`` still answers.
    """

    __slots__ = ("_client", "_id", "_length", "_closed", "_finalizer", "__weakref__")

    def __init__(self, client: Client, corpus: int, length: int) -> None:
        self._client = client
        self._id = corpus
        self._length = length
        self._closed = False
        # Not the free itself: a collection may run on any thread, also one that holds the client's lock, so the
        # id only joins the client's list, which the next request frees under that lock.
        self._finalizer = weakref.finalize(self, client._orphans.append, corpus)
        self._finalizer.atexit = False

    def nearest(self, query: str, k: int, max_distance: int | None = None, *, strategy: str = "bitparallel",
                threads: int = 1) -> list[Match]:
        """The ``k`` entries closest to ``query``: see ``edit_distance.nearest``; ``threads`` (at least 1) server
        threads split the corpus."""
        client = self._client
        code = _strategy_code(strategy)
        wire = client._wire
        units = wire.text(query, "query")
        k = min(check_count(k, "k"), _U32_MAX)
        bound = _bound(max_distance)
        threads = min(check_threads(threads), _U32_MAX)
        request = wire.corpus_nearest(self._id, code, units, k, bound, threads)
        with client._lock:
            # Checked under the client's lock, which close() takes too: a query is sent before the free or not at all.
            if self._closed:
                raise ValueError("corpus is closed")
            client._check_usable()
            client._free_orphans()
            result = client._exchange(request, wire.matches_result)
        if isinstance(result, _Failure):
            raise client._error(result, lambda argument, item, code_point: lone_surrogate(query, "query", code_point))
        return result

    def close(self) -> None:
        """Frees the corpus on the server. Closing twice, or after the client closed, does nothing."""
        client = self._client
        with client._lock:
            if self._closed:
                return
            self._closed = True
            self._finalizer.detach()
            if client._closed or client._broken is not None:
                return  # The server freed it with the connection.
            result = client._exchange(client._wire.corpus_free(self._id), client._wire.done)
        if isinstance(result, _Failure):
            raise client._error(result, None)

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> RemoteCorpus:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self._length

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{self._length} entries"
        return f"{type(self).__name__}(<{state}>)"


def connect(address: str, wire: str = DEFAULT_WIRE, *, timeout: float | None = None) -> Client:
    """A ``Client`` connected to ``address``: "unix:PATH" or "tcp:HOST:PORT", as ``Server.address`` and the server's
    "listening" line give it. ``timeout`` (seconds, None: wait forever) bounds every send and receive; a timeout is a
    RemoteError and leaves the connection unusable."""
    codec = _wire(wire)
    kind, _, rest = address.partition(":")
    try:
        if kind == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.settimeout(timeout)
                sock.connect(rest)
            except BaseException:
                sock.close()
                raise
        elif kind == "tcp":
            host, _, port = rest.rpartition(":")
            sock = socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
            # Requests and replies are small and strictly alternate: Nagle's algorithm would hold each one back.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        else:
            raise ValueError(f"address must be 'unix:PATH' or 'tcp:HOST:PORT', not {address!r}")
    except OSError as error:
        raise RemoteError(f"cannot connect to {address}: {error}") from error
    try:
        return Client(sock, codec)
    except OSError as error:
        sock.close()
        raise RemoteError(f"cannot connect to {address}: {error}") from error


class Server:
    """An ``edit-distance-server`` process this one started, stopped when the ``with`` block ends.

    ``Server.start()`` finds the binary (the file or folder ``EDIT_DISTANCE_SERVER`` names, this package's directory,
    then, in a checkout, the repository's ``rust/target/release/``), starts it on a fresh Unix socket in a private temporary directory
    (loopback TCP on Windows, or with ``tcp=True``), and returns once the server has said it is listening.
    ``address`` is what ``connect`` takes.
    """

    def __init__(self, process: subprocess.Popen[bytes], address: str, directory: str, stderr: BinaryIO) -> None:
        self.process = process
        self.address = address
        self._directory = directory
        self._stderr = stderr

    @property
    def socket_path(self) -> str | None:
        """The Unix socket's path, or None on TCP."""
        kind, _, rest = self.address.partition(":")
        return rest if kind == "unix" else None

    @classmethod
    def start(cls, path: str | os.PathLike[str] | None = None, *, socket_path: str | os.PathLike[str] | None = None,
              tcp: bool | None = None, max_frame: int | None = None, max_connections: int | None = None,
              timeout: float = 10.0) -> Server:
        """Starts the server (``path``: the binary, else found as the class docstring says) and waits up to
        ``timeout`` seconds for its "listening" line.

        FileNotFoundError names every place looked at when there is no binary; RemoteError carries the server's
        stderr when it exits before listening, or is killed after ``timeout``.
        """
        binary = _server_binary(path)
        tcp = sys.platform == "win32" if tcp is None else tcp
        directory = tempfile.mkdtemp(prefix="edit-distance-server-")
        try:
            arguments = [str(binary)]
            if tcp:
                arguments += ["--tcp", "127.0.0.1:0"]
            else:
                arguments += ["--socket", str(socket_path or os.path.join(directory, "server.sock"))]
            if max_frame is not None:
                arguments += ["--max-frame", str(max_frame)]
            if max_connections is not None:
                arguments += ["--max-connections", str(max_connections)]
            # The server stops at the end of its stdin, a pipe only this process holds: the system closes it when this
            # process ends however it ends, so a crashed or killed client never leaves its server running.
            arguments.append("--stop-on-stdin-eof")
            # stderr goes to a file: a pipe nobody reads would block the server once full, and the file is there
            # to quote when the server fails.
            stderr = open(os.path.join(directory, "stderr.log"), "w+b")
            try:
                process = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr)
            except BaseException:
                stderr.close()
                raise
            # No address until the server says where it listens; an empty one is never connected to (see stop).
            server = cls(process, "", directory, stderr)
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        try:
            server.address = server._wait_listening(timeout)
        except BaseException:
            server._kill()
            server._clean()
            raise
        return server

    def _wait_listening(self, timeout):
        # A thread reads the line, because no portable way waits for a pipe with a timeout (select() takes no pipes
        # on Windows).
        lines = []
        reader = threading.Thread(target=lambda: lines.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        line = lines[0].decode("utf-8", "replace").strip() if lines else None
        if line and line.startswith("listening "):
            return line[len("listening "):]
        if line is None and self.process.poll() is None:
            self._kill()
            raise RemoteError(f"edit-distance-server did not say it was listening within {timeout} s; stderr: "
                              f"{self.stderr()!r}")
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            code = "still running"
        raise RemoteError(f"edit-distance-server exited ({code}) before listening"
                          + (f", after printing {line!r}" if line else "") + f"; stderr: {self.stderr()!r}")

    def stderr(self) -> str:
        """What the server has written to stderr so far (its diagnostics)."""
        try:
            with open(os.path.join(self._directory, "stderr.log"), "rb") as file:
                return file.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self, timeout: float = 5.0) -> int:
        """Stops the server: a shutdown request, then SIGTERM after ``timeout`` seconds, then SIGKILL. Returns its
        exit code; stopping twice does nothing more."""
        if self.process.poll() is None and self.address:
            try:
                with connect(self.address, "binary", timeout=timeout) as client:
                    client.shutdown()
            except (OSError, ValueError):
                pass  # Already going (shutting_down, a refused connection): waiting is all that is left.
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self._kill()
        self._clean()
        return self.process.returncode

    def _kill(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def _clean(self):
        self.process.stdin.close()
        self.process.stdout.close()
        self._stderr.close()
        shutil.rmtree(self._directory, ignore_errors=True)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.process.poll() is None else f"exited {self.process.returncode}"
        return f"<{type(self).__name__} {self.address} {state}>"


def _server_binary(path):
    if path is not None:
        if not os.path.isfile(path):
            raise FileNotFoundError(f"edit-distance-server: no file at {path}")
        return path
    candidates = _locate.candidates(_locate.server_file_name(), SERVER_VARIABLE)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"edit-distance-server was not found; looked at: {'; '.join(map(str, candidates))}. "
        + _locate.how_to_provide(SERVER_VARIABLE))
