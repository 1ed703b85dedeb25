"""Native Python timing of ``edit_distance.distance``, per pair, on the pair files the benchmark app wrote.

    python3 bench/native-python/bench.py --inputs DIR --out FILE [--quick]

Run it with the interpreter that .NET hosts through pythonnet (the Bench target passes ``--python`` /
EDIT_DISTANCE_PYTHON), so that the report compares the same Python with and without the boundary. Standard
library only. For each ``pairs-{text}-{length}.jsonl`` and each strategy: one warm-up batch, then samples of
whole batches (every pair of the file, in order, repeated until the sample lasts at least the target time);
the result is the median sample divided by the number of pairs, the same "per pair" figure BenchmarkDotNet
reports for the call through pythonnet. When the interpreter can import python-Levenshtein, its ``distance``
is timed the same way. The output has the shape of the benchmark app's raw result files.

After the timings, a pass of its own measures what one operation allocates on Python's heap, with ``tracemalloc``
(which slows every allocation down, so it never runs while something is timed): for each distance pair and each
nearest query (k = 10 over the corpus, through a ``Corpus`` built beforehand, as .NET calls it), the highest traced
memory during the call above what was traced just before it. These ``allocations`` rows carry the benchmark and
parameters of the .NET-timed rows they belong to, and the report puts them beside the managed bytes.
"""

import argparse
import importlib
import tracemalloc
import json
import pathlib
import platform
import statistics
import sys
import time

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "python"))

import edit_distance  # noqa: E402  (needs the path above)


def pair_files(directory):
    """(text, length, path) of every pair file."""
    found = []
    for path in directory.glob("pairs-*-*.jsonl"):
        text, _, length = path.stem[len("pairs-"):].rpartition("-")
        if length.isdigit():
            found.append((text, int(length), path))
    # Length first, then text: the order BenchmarkDotNet runs them in.
    return sorted(found, key=lambda item: (item[1], item[0]))


def read_pairs(path):
    strings = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if len(strings) % 2:
        raise ValueError(f"{path}: an odd number of lines ({len(strings)}) cannot hold pairs")
    return list(zip(strings[0::2], strings[1::2]))


def time_per_pair(function, pairs, samples, sample_ns):
    """Median, fastest and slowest over samples of (sample time / pairs timed in it), in nanoseconds.

    The fastest and slowest sample are the noise interval the report compares with (``ci_lower_ns`` /
    ``ci_upper_ns``), as BenchmarkDotNet's confidence interval is for its rows.
    """

    def batch():
        total = 0
        for a, b in pairs:
            total += function(a, b)
        return total

    start = time.perf_counter_ns()
    batch()  # warm-up, and how many batches one sample needs
    one = max(time.perf_counter_ns() - start, 1)
    batches = max(1, sample_ns // one)
    results = []
    for _ in range(samples):
        start = time.perf_counter_ns()
        for _ in range(batches):
            batch()
        results.append((time.perf_counter_ns() - start) / (batches * len(pairs)))
    return statistics.median(results), min(results), max(results)


def peak_growth(call):
    """How far traced memory rose above its level before ``call()`` while it ran, in bytes (tracemalloc running)."""
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    call()
    return tracemalloc.get_traced_memory()[1] - before


# The k every nearest benchmark asks for (NearestBenchmarks.K in the benchmark app).
NEAREST_K = 10


def allocations(pair_sets, inputs):
    """Python heap growth per distance pair and per nearest query, as ``allocations`` rows of the raw file.

    ``pair_sets`` are the (text, length, pairs) the timings read.
    """
    rows = []
    tracemalloc.start()
    try:
        for text, length, pairs in pair_sets:
            for strategy in edit_distance.STRATEGIES:
                growth = [peak_growth(lambda a=a, b=b, s=strategy: edit_distance.distance(a, b, strategy=s)) for a, b in pairs]
                rows.append({
                    "benchmark": "distance",
                    "implementation": "python",
                    "strategy": strategy,
                    "params": {"length": length, "text": text},
                    "python_peak_bytes": statistics.mean(growth),
                })
        corpus_file = inputs / "corpus.jsonl"
        if corpus_file.exists():
            entries = [json.loads(line) for line in corpus_file.read_text(encoding="utf-8").splitlines()]
            corpus = edit_distance.Corpus(entries)
            for query_file in sorted(inputs.glob("query-*.jsonl")):
                query = json.loads(query_file.read_text(encoding="utf-8").splitlines()[0])
                for strategy in edit_distance.STRATEGIES:
                    rows.append({
                        "benchmark": "nearest",
                        "implementation": "python",
                        "strategy": strategy,
                        "params": {"query_length": len(query), "threads": 1, "corpus": len(entries), "k": NEAREST_K},
                        "python_peak_bytes": peak_growth(lambda q=query, s=strategy: corpus.nearest(q, NEAREST_K, strategy=s)),
                    })
    finally:
        tracemalloc.stop()
    return rows


def functions():
    """(implementation, strategy, callable) to time: both strategies, and python-Levenshtein when importable."""
    timed = [
        ("python", strategy, lambda a, b, s=strategy: edit_distance.distance(a, b, strategy=s))
        for strategy in edit_distance.STRATEGIES
    ]
    notes = []
    try:
        levenshtein = importlib.import_module("Levenshtein")
        timed.append(("python-Levenshtein", "peer", levenshtein.distance))
    except ImportError:
        notes.append(f"python-Levenshtein not timed natively: {sys.executable} cannot import Levenshtein.")
    return timed, notes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", required=True, type=pathlib.Path)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--quick", action="store_true", help="3 samples of 20 ms instead of 7 of 100 ms")
    options = parser.parse_args()
    samples, sample_ns = (3, 20_000_000) if options.quick else (7, 100_000_000)

    files = pair_files(options.inputs)
    if not files:
        parser.error(f"no pairs-*.jsonl in {options.inputs}")
    pair_sets = [(text, length, read_pairs(path)) for text, length, path in files]
    timed, notes = functions()
    results = []
    step = 0
    for text, length, pairs in pair_sets:
        for implementation, strategy, function in timed:
            step += 1
            print(f"[{step}/{len(pair_sets) * len(timed)}] native Python: {text} {length} {implementation} {strategy}", flush=True)
            median, fastest, slowest = time_per_pair(function, pairs, samples, sample_ns)
            results.append({
                "benchmark": "crossing",
                "implementation": implementation,
                "strategy": f"native-{strategy}",
                "params": {"length": length, "text": text},
                "median_ns": median,
                "ci_lower_ns": fastest,
                "ci_upper_ns": slowest,
                "allocated_bytes": None,
                "source": "native-python",
                "iterations": samples,
            })

    print("native Python: heap growth per call (tracemalloc)", flush=True)
    document = {
        "source": "native-python",
        "environment": {
            "python_version": f"{platform.python_implementation()} {platform.python_version()}",
            "python_executable": sys.executable,
        },
        "results": results,
        "notes": notes,
        "allocations": allocations(pair_sets, options.inputs),
    }
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"native Python: {len(results)} results written to {options.out}")


if __name__ == "__main__":
    main()
