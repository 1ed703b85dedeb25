"""Native Python timings: the Python caller's side of the benchmarks, on the input files the benchmark app wrote.

    python3 bench/native-python/bench.py --inputs DIR --out FILE [--quick] [--filter TERMS]

Run it with the interpreter that .NET hosts through pythonnet (the Bench target passes ``--python`` /
EDIT_DISTANCE_PYTHON), so that the report compares the same Python with and without the boundary. Standard
library only. Every row it writes has ``"caller": "python"``:

- **distance** per pair, on every ``pairs-{text}-{length}.jsonl``: pure Python (``edit_distance``, both strategies,
  and python-Levenshtein when importable), Rust in-process through ctypes (``edit_distance.rust``, implementation
  ``rust-ctypes``), and Rust out of process (``edit_distance.remote``, ``rust-remote-{wire}``, bit-parallel) over
  every wire the client offers;
- **nearest** per query (k = 10 over the corpus, created once: a ``Corpus``, a ctypes ``Corpus``, a remote corpus);
- **crossing**: the empty call of each mechanism (the bench library's ``ed_noop``, ``ed_noop_strings`` with the
  strings of a pair, ``ping`` per wire), the string hand-over choices into Rust (UTF-16LE bytes into ``ed_distance``,
  UTF-8 bytes into ``ed_bench_distance_utf8``, ``wchar_t`` strings, UTF-32 on Linux and macOS, into
  ``ed_distance_utf32``; each a bit-parallel distance), and batching (10,000 pairs as one ``distance_batch``
  request or as 10,000 ``distance`` requests, per pair, with one ctypes call per pair beside them);
- **codec**: the Python client's encoding of a distance request and decoding of its reply alone, per wire.

The harness runs on one core, and so does the server it starts (``pin_to_one_core``, Linux).

Rust is the library built with the crate's ``bench`` feature (``./build.sh CompileRustBench``, found through
EDIT_DISTANCE_LIBRARY, else in rust/target/bench/release): the benchmark-only exports are there, and the same build
answers every ctypes row. The harness starts the server itself (``remote.Server.start``, the binary named by
EDIT_DISTANCE_SERVER or found where the client looks) and stops it at the end.

Timing: for each row, one warm-up batch, then samples of whole batches (every pair of the file, in order, repeated
until the sample lasts at least the target time); the figure is the median sample divided by the operations in it,
and the fastest and slowest samples are the noise interval. ``--filter`` keeps the rows whose name
``benchmark/implementation/strategy`` contains one of its comma-separated terms (ignoring case), as the benchmark
app's filter does. A mechanism that cannot be set up (no library, no server) becomes a note, its rows are left out,
and the harness exits with 1 after writing the rest. The output has the shape of the benchmark app's raw result
files.

After the timings, a pass of its own measures what one operation allocates on Python's heap, with ``tracemalloc``
(which slows every allocation down, so it never runs while something is timed): for each distance pair and each
nearest query of pure Python (k = 10 over the corpus, through a ``Corpus`` built beforehand, as .NET calls it), the
highest traced memory during the call above what was traced just before it. These ``allocations`` rows belong to
the rows .NET timed through pythonnet, and the report puts them beside the managed bytes.
"""

import argparse
import codecs
import contextlib
import ctypes
import importlib
import io
import json
import os
import pathlib
import platform
import statistics
import struct
import sys
import time
import tracemalloc

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "python"))

import edit_distance  # noqa: E402  (needs the path above)

CALLER = "python"
SOURCE = "native-python"

# The k every nearest benchmark asks for (NearestBenchmarks.K in the benchmark app).
NEAREST_K = 10

# Batching: the 8-code-point query against this many corpus words (CrossingRemoteBenchmarks.Pairs in the app).
BATCH_PAIRS = 10_000
BATCH_QUERY_LENGTH = 8

# The library file cargo writes, per platform (Directory.Build.props' RustNativeFileName).
LIBRARY_NAME = {"win32": "edit_distance.dll", "darwin": "libedit_distance.dylib"}.get(sys.platform,
                                                                                    "libedit_distance.so")
BENCH_LIBRARY = REPOSITORY / "rust" / "target" / "bench" / "release" / LIBRARY_NAME

# ed_distance's strategy codes and "no bound" (rust/edit_distance/src/ffi.rs).
STRATEGY_CODES = {"dp": 0, "bitparallel": 1}
NO_BOUND = 0xFFFF_FFFF


def pair_files(directory):
    """(text, length, path) of every pair file."""
    found = []
    for path in directory.glob("pairs-*-*.jsonl"):
        text, _, length = path.stem[len("pairs-"):].rpartition("-")
        if length.isdigit():
            found.append((text, int(length), path))
    # Length first, then text: the order BenchmarkDotNet runs them in.
    return sorted(found, key=lambda item: (item[1], item[0]))


def read_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_pairs(path):
    strings = read_lines(path)
    if len(strings) % 2:
        raise ValueError(f"{path}: an odd number of lines ({len(strings)}) cannot hold pairs")
    return list(zip(strings[0::2], strings[1::2]))


class Selection:
    """``--filter``: the benchmark app's rule (bench/EditDistance.Bench/Running/Selection.cs)."""

    def __init__(self, filter_text):
        self.terms = [term.strip().lower() for term in (filter_text or "").split(",") if term.strip()]

    def includes(self, benchmark, implementation, strategy):
        name = f"{benchmark}/{implementation}/{strategy}".lower()
        return not self.terms or any(term in name for term in self.terms)


def time_per_operation(batch, operations, samples, sample_ns):
    """Median, fastest and slowest over samples of (sample time / operations timed in it), in nanoseconds.

    ``batch()`` runs ``operations`` operations. The fastest and slowest sample are the noise interval the report
    compares with (``ci_lower_ns`` / ``ci_upper_ns``), as BenchmarkDotNet's confidence interval is for its rows.
    """
    start = time.perf_counter_ns()
    batch()  # warm-up, and how many batches one sample needs
    one = max(time.perf_counter_ns() - start, 1)
    batches = max(1, sample_ns // one)
    results = []
    for _ in range(samples):
        start = time.perf_counter_ns()
        for _ in range(batches):
            batch()
        results.append((time.perf_counter_ns() - start) / (batches * operations))
    return statistics.median(results), min(results), max(results)


def over_pairs(function, pairs):
    """A batch calling ``function(a, b)`` on every pair, and its size."""

    def batch():
        total = 0
        for a, b in pairs:
            total += function(a, b)
        return total

    return batch, len(pairs)


def once(function):
    """A batch of one call of ``function()``."""
    return function, 1


class Unavailable(Exception):
    """A mechanism that cannot be set up on this machine; its rows become a note."""


class Mechanisms:
    """What the rows call, set up on first use and torn down at the end: the ctypes backend and the bench library,
    the server and one connection per wire, the corpora."""

    def __init__(self, stack):
        self._stack = stack
        self._cache = {}

    def _once(self, key, make):
        """``make()``'s value, made on first use; a failure is kept too, so that a mechanism fails once."""
        if key not in self._cache:
            try:
                self._cache[key] = make()
            except Unavailable as error:
                self._cache[key] = error
            except Exception as error:  # noqa: BLE001 - any failure to set up is reported as the mechanism's
                self._cache[key] = Unavailable(f"{key}: {type(error).__name__}: {error}")
        value = self._cache[key]
        if isinstance(value, Unavailable):
            raise value
        return value

    def python_corpus(self, entries):
        return self._once("a Corpus", lambda: edit_distance.Corpus(entries))

    # -- in process, through ctypes -------------------------------------------------------------------------------

    @property
    def rust(self):
        """``edit_distance.rust``, loading the bench build of the library."""
        return self._once("edit_distance.rust", lambda: importlib.import_module("edit_distance.rust"))

    @property
    def library(self):
        """The library ``edit_distance.rust`` loaded, again, for its benchmark-only exports (the empty calls, the
        hand-over choices)."""

        def load():
            path = self.rust.LIBRARY_PATH
            library = ctypes.CDLL(str(path))
            if not hasattr(library, "ed_noop_strings"):
                raise Unavailable(
                    f"{path} has no benchmark-only exports: build it with `./build.sh CompileRustBench` "
                    "(cargo build --release -p edit_distance --features bench --target-dir rust/target/bench)")
            bytes_ = ctypes.c_char_p
            library.ed_noop.argtypes = []
            library.ed_noop.restype = ctypes.c_uint32
            out = ctypes.POINTER(ctypes.c_uint32)
            # wchar_t holds UTF-32 where it is 4 bytes wide (Linux, macOS): ctypes then converts a str into the
            # export's units itself; elsewhere (Windows: UTF-16) the harness encodes UTF-32 bytes instead.
            wide = ctypes.c_wchar_p if ctypes.sizeof(ctypes.c_wchar) == 4 else bytes_
            # The empty call takes its strings as edit_distance.rust.distance hands them over (c_wchar_p where wchar_t
            # is UTF-32, UTF-16 bytes elsewhere): the pointers are never read, so only the hand-over's cost is timed.
            library.ed_noop_strings.argtypes = [wide, ctypes.c_size_t, wide, ctypes.c_size_t]
            library.ed_noop_strings.restype = ctypes.c_uint32
            exports = (("ed_distance", bytes_), ("ed_bench_distance_utf8", bytes_), ("ed_distance_utf32", wide))
            for name, units in exports:
                function = getattr(library, name)
                # The error record is not read: a failed hand-over raises from its status alone.
                function.argtypes = [ctypes.c_uint32, units, ctypes.c_size_t, units, ctypes.c_size_t, ctypes.c_uint32,
                                     out, ctypes.c_void_p]
                function.restype = ctypes.c_uint32
            return library

        return self._once("the bench library", load)

    def rust_corpus(self, entries):
        return self._once("a ctypes Corpus", lambda: self._stack.enter_context(self.rust.Corpus(entries)))

    # -- out of process --------------------------------------------------------------------------------------------

    @property
    def remote(self):
        return self._once("edit_distance.remote", lambda: importlib.import_module("edit_distance.remote"))

    @property
    def server(self):
        """The server, started once for every remote row and stopped when the harness ends."""
        return self._once("the server", lambda: self._stack.enter_context(self.remote.Server.start()))

    def client(self, wire):
        return self._once(f"a {wire} connection",
                          lambda: self._stack.enter_context(self.remote.connect(self.server.address, wire=wire)))

    def remote_corpus(self, wire, entries):
        return self._once(f"a {wire} remote corpus",
                          lambda: self._stack.enter_context(self.client(wire).corpus(entries)))


def pin_to_one_core():
    """Keeps this process, and the server it starts, on one core (Linux; elsewhere nothing changes).

    Client and server take turns (a request, then its reply), so one core serves both, and a round trip never waits
    for another core to wake from idle: on an otherwise idle machine, a virtual machine above all, that wake-up can
    cost several times the message, and it comes and goes with whatever else the machine runs. Every other row runs
    on one thread, so the pin changes nothing for them. Same rule: the benchmark app's ``OneCore``.
    """
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def remote_wires():
    """The wires the Python client offers, binary first."""
    try:
        remote = importlib.import_module("edit_distance.remote")
    except ImportError:
        return ("binary", "json")
    return tuple(getattr(remote, "WIRES", ("binary", "json")))


class HandOver:
    """The string hand-over choices into Rust through ctypes, each a bit-parallel distance without a bound: what
    handing the two strings over costs, plus the export checking and decoding them. Called on the raw exports, so that
    the three differ by the hand-over alone. Each detects a lone surrogate: the strict UTF-16 and UTF-8 encoders raise
    on one, the UTF-32 export reports it."""

    # The encoder edit_distance.rust uses: the codec's function, without str.encode's lookup by name.
    _utf16 = staticmethod(codecs.lookup("utf-16-le" if sys.byteorder == "little" else "utf-16-be").encode)
    _utf32 = staticmethod(codecs.lookup("utf-32-le" if sys.byteorder == "little" else "utf-32-be").encode)

    def __init__(self, library):
        self._library = library
        self._out = ctypes.c_uint32()
        self._pointer = ctypes.byref(self._out)
        self._wide = ctypes.sizeof(ctypes.c_wchar) == 4

    def _call(self, export, a, a_units, b, b_units):
        status = export(1, a, a_units, b, b_units, NO_BOUND, self._pointer, None)
        if status:
            raise RuntimeError(f"{export.__name__} failed with status {status}")
        return self._out.value

    def utf16(self, a, b):
        ea, eb = self._utf16(a)[0], self._utf16(b)[0]
        return self._call(self._library.ed_distance, ea, len(ea) // 2, eb, len(eb) // 2)

    def utf8(self, a, b):
        ea, eb = a.encode("utf-8"), b.encode("utf-8")
        return self._call(self._library.ed_bench_distance_utf8, ea, len(ea), eb, len(eb))

    def utf32(self, a, b):
        if self._wide:
            # c_wchar_p: ctypes copies each str into a wchar_t buffer of its own during the call.
            return self._call(self._library.ed_distance_utf32, a, len(a), b, len(b))
        ea, eb = self._utf32(a)[0], self._utf32(b)[0]
        return self._call(self._library.ed_distance_utf32, ea, len(ea) // 4, eb, len(eb) // 4)

    def noop_strings(self, a, b):
        """The empty call with the same strings, handed over as ``edit_distance.rust.distance`` hands them."""
        if self._wide:
            return self._library.ed_noop_strings(a, len(a), b, len(b))
        ea, eb = self._utf16(a)[0], self._utf16(b)[0]
        return self._library.ed_noop_strings(ea, len(ea) // 2, eb, len(eb) // 2)


class ClientCodec:
    """The Python client's codec alone, without a socket: for one pair, what ``Client.distance`` does before and after
    the exchange (encode both strings for the wire and build the bit-parallel request; read the reply's frame from a
    buffer and parse it). The client's codec objects are the module's private ``_wire`` ones: the same code a
    ``Client`` runs. The replies are the server's, as rust/server/README.md frames them, one per pair. The other
    halves: C# ``CodecBenchmarks`` (bench/EditDistance.Bench), the server's in bench/native-rust/src/codec.rs."""

    def __init__(self, remote, wire, pairs):
        self._remote = remote
        self._wire = remote._wire(wire)
        answers = [edit_distance.distance(a, b) for a, b in pairs]
        if wire == "json":
            replies = [b'{"ok":true,"distance":%d}\n' % d for d in answers]
        else:
            # u32 payload length, status 0 (ok), the distance as a u32; little-endian.
            replies = [struct.pack("<IBI", 5, 0, d) for d in answers]
        self._readers = {pair: io.BytesIO(reply) for pair, reply in zip(pairs, replies)}

    def __call__(self, a, b):
        remote, wire = self._remote, self._wire
        code = remote._strategy_code("bitparallel")
        # The request as the client sends it; without a socket, it is only built.
        wire.distance(code, wire.text(a, "a"), wire.text(b, "b"), remote._bound(None))
        reader = self._readers[(a, b)]
        reader.seek(0)
        result = wire.distance_result(wire.read(reader))
        if not isinstance(result, int):
            raise RuntimeError(f"the {wire.name} reply did not parse into a distance: {result!r}")
        return result


class Row:
    """One row to time: its name and parameters, and how to build its batch once the mechanisms exist."""

    def __init__(self, benchmark, implementation, strategy, params, make):
        self.benchmark, self.implementation, self.strategy, self.params = benchmark, implementation, strategy, params
        self.make = make

    def name(self):
        return f"{self.benchmark}/{self.implementation}/{self.strategy}"

    def describe(self):
        if "text" in self.params:
            values = f" {self.params['text']} {self.params['length']}"
        else:
            values = "".join(f" {key} {value}" for key, value in self.params.items()
                             if key not in ("corpus", "k", "threads"))
        return self.name() + values


def distance_function(mechanisms, implementation, strategy):
    """``f(a, b)`` -> the distance, through the implementation a row names."""
    if implementation == "python":
        return lambda a, b: edit_distance.distance(a, b, strategy=strategy)
    if implementation == "python-Levenshtein":
        return importlib.import_module("Levenshtein").distance
    if implementation == "rust-ctypes":
        distance = mechanisms.rust.distance
    else:
        distance = mechanisms.client(implementation[len("rust-remote-"):]).distance
    return lambda a, b: distance(a, b, strategy=strategy)


def corpus_of(mechanisms, implementation, entries):
    """The corpus, created once, that a nearest row of the implementation queries."""
    if implementation == "python":
        return mechanisms.python_corpus(entries)
    if implementation == "rust-ctypes":
        return mechanisms.rust_corpus(entries)
    return mechanisms.remote_corpus(implementation[len("rust-remote-"):], entries)


def rows(pair_sets, corpus, queries, wires):
    """Every row, in the order they run: distance by length and text, then nearest, then the crossings and codecs."""
    remote = [f"rust-remote-{wire}" for wire in wires]
    # Out of process, bit-parallel only: the work on the far side is the Rust that rust-ctypes times, and what the
    # rows compare is the crossing.
    distances = ([("python", s) for s in edit_distance.STRATEGIES] + [("python-Levenshtein", "peer")]
                 + [("rust-ctypes", s) for s in edit_distance.STRATEGIES] + [(r, "bitparallel") for r in remote])
    searches = ([("python", s) for s in edit_distance.STRATEGIES]
                + [("rust-ctypes", s) for s in edit_distance.STRATEGIES] + [(r, "bitparallel") for r in remote])
    result = []
    for text, length, pairs in pair_sets:
        for implementation, strategy in distances:
            result.append(Row("distance", implementation, strategy, {"length": length, "text": text},
                              lambda m, p=pairs, i=implementation, s=strategy:
                              over_pairs(distance_function(m, i, s), p)))

    def search(m, implementation, strategy, query):
        nearest = corpus_of(m, implementation, corpus).nearest
        return once(lambda: nearest(query, NEAREST_K, strategy=strategy))

    for query in queries:
        params = {"query_length": len(query), "threads": 1, "corpus": len(corpus), "k": NEAREST_K}
        for implementation, strategy in searches:
            result.append(Row("nearest", implementation, strategy, params,
                              lambda m, i=implementation, s=strategy, q=query: search(m, i, s, q)))

    result.append(Row("crossing", "rust-ctypes", "noop", {}, lambda m: once(m.library.ed_noop)))
    for implementation in remote:
        result.append(Row("crossing", implementation, "ping", {},
                          lambda m, w=implementation[len("rust-remote-"):]: once(m.client(w).ping)))
    for text, length, pairs in pair_sets:
        params = {"length": length, "text": text}
        for kind in ("noop-strings", "handover-utf16", "handover-utf8", "handover-utf32"):
            method = kind.replace("handover-", "").replace("-", "_")
            result.append(Row("crossing", "rust-ctypes", kind, params,
                              lambda m, p=pairs, f=method: over_pairs(getattr(HandOver(m.library), f), p)))
        for wire in wires:
            result.append(Row("codec", f"rust-remote-{wire}", "client", params,
                              lambda m, p=pairs, w=wire: over_pairs(ClientCodec(m.remote, w, p), p)))

    if queries and corpus:
        query = next((q for q in queries if len(q) == BATCH_QUERY_LENGTH), queries[0])
        batch = [(query, entry) for entry in corpus[:BATCH_PAIRS]]
        params = {"query_length": len(query), "pairs": len(batch)}

        def one_batch(m, wire):
            distance_batch = m.client(wire).distance_batch
            return lambda: distance_batch(batch, strategy="bitparallel"), len(batch)

        result.append(Row("crossing", "rust-ctypes", "single-calls", params,
                          lambda m: over_pairs(distance_function(m, "rust-ctypes", "bitparallel"), batch)))
        for implementation in remote:
            result.append(Row("crossing", implementation, "single-requests", params,
                              lambda m, i=implementation: over_pairs(distance_function(m, i, "bitparallel"), batch)))
            result.append(Row("crossing", implementation, "one-batch", params,
                              lambda m, w=implementation[len("rust-remote-"):]: one_batch(m, w)))
    return result


def peak_growth(call):
    """How far traced memory rose above its level before ``call()`` while it ran, in bytes (tracemalloc running)."""
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    call()
    return tracemalloc.get_traced_memory()[1] - before


def allocations(pair_sets, corpus, queries, selection):
    """Python heap growth per distance pair and per nearest query of pure Python, as ``allocations`` rows.

    They belong to the rows .NET timed through pythonnet (``caller`` dotnet): the report shows them beside the
    managed bytes of those calls.
    """
    rows_ = []
    tracemalloc.start()
    try:
        for text, length, pairs in pair_sets:
            for strategy in edit_distance.STRATEGIES:
                if not selection.includes("distance", "python", strategy):
                    continue
                growth = [peak_growth(lambda a=a, b=b, s=strategy: edit_distance.distance(a, b, strategy=s)) for a, b in pairs]
                rows_.append({
                    "benchmark": "distance",
                    "caller": "dotnet",
                    "implementation": "python",
                    "strategy": strategy,
                    "params": {"length": length, "text": text},
                    "python_peak_bytes": statistics.mean(growth),
                })
        if corpus:
            checked = edit_distance.Corpus(corpus)
            for query in queries:
                for strategy in edit_distance.STRATEGIES:
                    if not selection.includes("nearest", "python", strategy):
                        continue
                    rows_.append({
                        "benchmark": "nearest",
                        "caller": "dotnet",
                        "implementation": "python",
                        "strategy": strategy,
                        "params": {"query_length": len(query), "threads": 1, "corpus": len(corpus), "k": NEAREST_K},
                        "python_peak_bytes": peak_growth(lambda q=query, s=strategy: checked.nearest(q, NEAREST_K, strategy=s)),
                    })
    finally:
        tracemalloc.stop()
    return rows_


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", required=True, type=pathlib.Path)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--quick", action="store_true", help="3 samples of 20 ms instead of 7 of 100 ms")
    parser.add_argument("--filter", help="comma-separated terms matched against benchmark/implementation/strategy")
    options = parser.parse_args()
    samples, sample_ns = (3, 20_000_000) if options.quick else (7, 100_000_000)
    selection = Selection(options.filter)
    # The bench build unless told otherwise, for edit_distance.rust as much as for the benchmark-only exports.
    os.environ.setdefault("EDIT_DISTANCE_LIBRARY", str(BENCH_LIBRARY))
    pin_to_one_core()

    files = pair_files(options.inputs)
    if not files:
        parser.error(f"no pairs-*.jsonl in {options.inputs}")
    pair_sets = [(text, length, read_pairs(path)) for text, length, path in files]
    corpus_file = options.inputs / "corpus.jsonl"
    corpus = read_lines(corpus_file) if corpus_file.exists() else []
    query_files = sorted(options.inputs.glob("query-*.jsonl"), key=lambda p: len(p.name)) if corpus else []
    queries = [read_lines(path)[0] for path in query_files]

    selected = [row for row in rows(pair_sets, corpus, queries, remote_wires())
                if selection.includes(row.benchmark, row.implementation, row.strategy)]
    results, notes = [], []
    # Why rows were not timed, and which: one note per cause.
    untimed = {}
    with contextlib.ExitStack() as stack:
        mechanisms = Mechanisms(stack)
        for step, row in enumerate(selected, start=1):
            print(f"[{step}/{len(selected)}] native Python: {row.describe()}", flush=True)
            try:
                batch, operations = row.make(mechanisms)
                median, fastest, slowest = time_per_operation(batch, operations, samples, sample_ns)
            except (Unavailable, ImportError) as error:
                names = untimed.setdefault(str(error), [])
                if row.name() not in names:
                    names.append(row.name())
                print(f"      not timed: {error}", flush=True)
                continue
            results.append({
                "benchmark": row.benchmark,
                "caller": CALLER,
                "implementation": row.implementation,
                "strategy": row.strategy,
                "params": row.params,
                "median_ns": median,
                "ci_lower_ns": fastest,
                "ci_upper_ns": slowest,
                "allocated_bytes": None,
                "source": SOURCE,
                "iterations": samples,
            })

    failed = False
    for cause, names in untimed.items():
        if names == ["distance/python-Levenshtein/peer"]:
            # A peer the interpreter may lack: left out, as in the benchmark app, without failing the run.
            notes.append(f"python-Levenshtein not timed natively: {sys.executable} cannot import Levenshtein.")
        else:
            notes.append(f"From Python, {', '.join(names)} not timed: {cause}")
            failed = True

    if selection.terms and not selected:
        print("native Python: nothing selected by --filter", flush=True)
    else:
        print("native Python: heap growth per call (tracemalloc)", flush=True)
    document = {
        "source": SOURCE,
        "environment": {
            "python_version": f"{platform.python_implementation()} {platform.python_version()}",
            "python_executable": sys.executable,
        },
        "results": results,
        "notes": notes,
        "allocations": allocations(pair_sets, corpus, queries, selection),
    }
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"native Python: {len(results)} results written to {options.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
