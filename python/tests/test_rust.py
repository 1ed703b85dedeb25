"""edit_distance.rust, the Rust library through ctypes: the shared vectors and errors, and what only a native corpus
has: closing, collection, a close racing queries on other threads, the layout check, the library's discovery.

Skipped only when no library file exists where the module looks (it is built by `./build.sh Compile`, so the Test
target always runs these): a library that is there but fails to load fails the suite instead.
"""

import gc
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from unittest import mock
from ctypes import byref

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

import edit_distance  # noqa: E402
from edit_distance import Match, _locate  # noqa: E402

if __package__:
    from .test_vectors import load, text
else:
    from test_vectors import load, text

LIBRARY_FILES = _locate.candidates(_locate.library_file_name(), _locate.LIBRARY_VARIABLE)
if any(path.is_file() for path in LIBRARY_FILES):
    from edit_distance import rust
else:
    rust = None
NOT_BUILT = (f"the Rust library is not built (no {', '.join(map(str, LIBRARY_FILES))}); `cargo build --release` in "
             "rust/ builds it")


@unittest.skipIf(rust is None, NOT_BUILT)
class Vectors(unittest.TestCase):
    def test_distance(self):
        for strategy in rust.STRATEGIES:
            for case in load("distance.json"):
                with self.subTest(strategy=strategy, case=case["name"]):
                    a, b, expected = case["a"], case["b"], case["distance"]
                    self.assertEqual(rust.distance(a, b, strategy=strategy), expected)
                    self.assertEqual(rust.distance(b, a, strategy=strategy), expected)

    def test_bounded(self):
        for strategy in rust.STRATEGIES:
            for case in load("bounded.json"):
                with self.subTest(strategy=strategy, case=case["name"]):
                    a, b, bound, expected = case["a"], case["b"], case["max_distance"], case["expected"]
                    self.assertEqual(rust.distance(a, b, bound, strategy=strategy), expected)
                    self.assertEqual(rust.distance(b, a, bound, strategy=strategy), expected)

    def test_nearest(self):
        for strategy in rust.STRATEGIES:
            for case in load("nearest.json"):
                with self.subTest(strategy=strategy, case=case["name"]):
                    query, entries, k, bound = case["query"], case["corpus"], case["k"], case["max_distance"]
                    expected = [Match(item["index"], item["distance"]) for item in case["expected"]]
                    self.assertEqual(rust.nearest(query, entries, k, bound, strategy=strategy), expected)
                    with rust.Corpus(entries) as corpus:
                        self.assertEqual(len(corpus), len(entries))
                        self.assertEqual(corpus.nearest(query, k, bound, strategy=strategy), expected)
                        self.assertEqual(corpus.nearest(query, k, bound, strategy=strategy, threads=3), expected)
                        self.assertEqual(rust.nearest(query, corpus, k, bound, strategy=strategy), expected)

    def test_errors(self):
        exceptions = {"null": TypeError, "invalid_string": ValueError, "negative": ValueError}
        for strategy in rust.STRATEGIES:
            for case in load("errors.json"):
                for description, call in self.calls(case, strategy):
                    with self.subTest(strategy=strategy, case=case["name"], call=description):
                        with self.assertRaises(exceptions[case["error"]]) as raised:
                            call()
                        message = str(raised.exception)
                        self.assertIn(case["argument"], message)
                        if "position_code_point" in case:
                            self.assertIn(f"index {case['position_code_point']}", message)
                        if "item" in case:
                            self.assertIn(f"entry {case['item']}", message)
                        # The same words as the pure-Python package, exactly.
                        with self.assertRaises(exceptions[case["error"]]) as pure:
                            self.pure_call(case, strategy)
                        self.assertEqual(message, str(pure.exception))

    @staticmethod
    def calls(case, strategy):
        if case["call"] == "distance":
            a, b, bound = text(case["a"]), text(case["b"]), case.get("max_distance")
            yield "distance", lambda: rust.distance(a, b, bound, strategy=strategy)
            return
        query, entries, k, bound = text(case["query"]), text(case["corpus"]), case["k"], case.get("max_distance")
        yield "nearest", lambda: rust.nearest(query, entries, k, bound, strategy=strategy)
        if case["argument"] != "corpus":
            yield "Corpus.nearest", lambda: rust.Corpus(entries).nearest(query, k, bound, strategy=strategy)

    @staticmethod
    def pure_call(case, strategy):
        if case["call"] == "distance":
            edit_distance.distance(text(case["a"]), text(case["b"]), case.get("max_distance"), strategy=strategy)
        else:
            edit_distance.nearest(text(case["query"]), text(case["corpus"]), case["k"], case.get("max_distance"),
                                  strategy=strategy)


@unittest.skipIf(rust is None, NOT_BUILT)
class VectorsThroughUtf16(Vectors):
    """The vectors again with ``distance`` on its UTF-16 path, the one it takes where ``wchar_t`` is UTF-16
    (Windows), so that both hand-overs are checked on every system."""

    def setUp(self):
        patcher = mock.patch.object(rust, "_distance_utf32", None)
        patcher.start()
        self.addCleanup(patcher.stop)


@unittest.skipIf(rust is None, NOT_BUILT)
class Arguments(unittest.TestCase):
    def test_the_constructor_checks_entries_in_order(self):
        with self.assertRaisesRegex(ValueError, r"entries: entry 1 .* index 2"):
            rust.Corpus(["ok", "\U0001F600x\udc00", None])
        with self.assertRaisesRegex(TypeError, "entry 1 of entries"):
            rust.Corpus(["ok", 3, "\udc00"])
        for wrong in (None, "abc", b"abc", 3):
            with self.assertRaises(TypeError):
                rust.Corpus(wrong)

    def test_strategy_threads_and_large_numbers(self):
        with self.assertRaisesRegex(ValueError, "strategy"):
            rust.distance("a", "b", strategy="fast")
        with rust.Corpus(["kitten", "mitten"]) as corpus:
            with self.assertRaisesRegex(ValueError, "threads"):
                corpus.nearest("kitten", 1, threads=0)
            with self.assertRaisesRegex(TypeError, "threads"):
                corpus.nearest("kitten", 1, threads=True)
            # Beyond the ABI's u32: clamped, with the same answers.
            self.assertEqual(corpus.nearest("kitten", 2**40, 2**40, threads=2**40), [Match(0, 0), Match(1, 1)])
        self.assertEqual(rust.distance("kitten", "sitting", 2**40), 3)

    def test_any_iterable_and_astral_entries(self):
        entries = ["a\U0001F600b", "", "\U0001F600\U0001F601", "xyz", "\x00"]
        with rust.Corpus(entry for entry in entries) as corpus:
            self.assertEqual(len(corpus), len(entries))
            self.assertEqual(corpus.nearest("\U0001F600\U0001F601", 5),
                             edit_distance.nearest("\U0001F600\U0001F601", entries, 5))
        with rust.Corpus([]) as empty:
            self.assertEqual(empty.nearest("a", 3), [])

    def test_str_subclasses_are_strings(self):
        class Text(str):
            pass

        self.assertEqual(rust.distance(Text("kitten"), Text("sitting")), 3)
        self.assertEqual(rust.nearest(Text("a"), [Text("b"), Text("a")], 1), [Match(1, 0)])


@unittest.skipIf(rust is None, NOT_BUILT)
class Lifetime(unittest.TestCase):
    def setUp(self):
        self.freed = []
        free = rust._corpus_free

        def counting_free(pointer):
            self.freed.append(bool(pointer))
            free(pointer)

        rust._corpus_free = counting_free
        self.addCleanup(setattr, rust, "_corpus_free", free)

    def test_closed_corpus(self):
        corpus = rust.Corpus(["kitten", "mitten"])
        with corpus:
            self.assertFalse(corpus.closed)
        self.assertTrue(corpus.closed)
        self.assertEqual(self.freed, [True])
        with self.assertRaisesRegex(ValueError, "^corpus is closed$"):
            corpus.nearest("kitten", 1)
        with self.assertRaisesRegex(ValueError, "^corpus is closed$"):
            rust.nearest("kitten", corpus, 1)
        corpus.close()
        self.assertEqual(len(corpus), 2)
        self.assertIn("closed", repr(corpus))
        self.assertEqual(self.freed, [True], "freed once")

    def test_collected_corpus_is_freed_once(self):
        corpus = rust.Corpus(["kitten"])
        del corpus
        gc.collect()
        self.assertEqual(self.freed, [True])
        closed = rust.Corpus(["kitten"])
        closed.close()
        del closed
        gc.collect()
        self.assertEqual(self.freed, [True, True])

    def test_one_off_nearest_frees_its_corpus(self):
        rust.nearest("a", ["a", "b"], 1)
        with self.assertRaises(ValueError):
            rust.nearest("a", ["a", "b"], -1)
        self.assertEqual(self.freed, [True], "a failing call frees nothing it did not make")

    def test_close_during_a_call_frees_when_it_returns(self):
        # The call is held just before it enters the library, after it has taken the corpus: close() must leave the
        # corpus to it, and the call must still find it whole.
        search = rust._corpus_nearest
        entered, go_on = threading.Event(), threading.Event()

        def held_search(*arguments):
            entered.set()
            self.assertTrue(go_on.wait(60))
            return search(*arguments)

        rust._corpus_nearest = held_search
        self.addCleanup(setattr, rust, "_corpus_nearest", search)
        corpus = rust.Corpus(["kitten", "mitten", "sitting"])
        answers = []
        thread = threading.Thread(target=lambda: answers.append(corpus.nearest("kitten", 2)))
        thread.start()
        self.assertTrue(entered.wait(60))
        corpus.close()
        self.assertEqual(self.freed, [], "not freed under the call")
        with self.assertRaisesRegex(ValueError, "^corpus is closed$"):
            corpus.nearest("kitten", 2)
        go_on.set()
        thread.join(60)
        self.assertEqual(answers, [[Match(0, 0), Match(1, 1)]])
        self.assertEqual(self.freed, [True], "freed when the call returned")

    def test_close_racing_queries_never_frees_under_a_call(self):
        # ctypes releases the GIL during each call, so the queries below run in parallel with close(); the corpus is
        # large enough that a query is still running when close() comes. Every query must return the right answer
        # or raise "corpus is closed", and the library's free must come after the last call has returned.
        entries = [f"w{i % 997}x{i % 13}y{i}" for i in range(20000)]
        expected = edit_distance.nearest("w5x5y5", edit_distance.Corpus(entries), 5)
        calls = {"running": 0, "max": 0}
        lock = threading.Lock()
        search = rust._corpus_nearest
        freed_while_running = []

        def counting_search(*arguments):
            with lock:
                calls["running"] += 1
                calls["max"] = max(calls["max"], calls["running"])
            try:
                return search(*arguments)
            finally:
                with lock:
                    calls["running"] -= 1

        free = rust._corpus_free

        def checking_free(pointer):
            with lock:
                freed_while_running.append(calls["running"])
            free(pointer)

        rust._corpus_nearest = counting_search
        rust._corpus_free = checking_free
        self.addCleanup(setattr, rust, "_corpus_nearest", search)
        for cycle in range(5):
            corpus = rust.Corpus(entries)
            answers, refusals, failures = [], [], []
            answered = threading.Event()

            def query():
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    try:
                        answers.append(corpus.nearest("w5x5y5", 5, strategy="dp" if cycle % 2 else "bitparallel"))
                        answered.set()
                    except ValueError as error:
                        refusals.append(str(error))
                        return
                    except Exception as error:  # noqa: BLE001 - any other outcome is the failure being tested for
                        failures.append(error)
                        return

            threads = [threading.Thread(target=query) for _ in range(4)]
            for thread in threads:
                thread.start()
            # Close only once queries are really running.
            self.assertTrue(answered.wait(60))
            corpus.close()
            for thread in threads:
                thread.join(60)
                self.assertFalse(thread.is_alive())
            self.assertEqual(failures, [])
            self.assertTrue(all(answer == expected for answer in answers))
            self.assertEqual(set(refusals), {"corpus is closed"})
            self.assertEqual(len(refusals), 4, "every thread ends on the closed corpus")
        self.assertEqual(freed_while_running, [0] * 5, "the corpus is freed only when no call is running")
        self.assertGreater(calls["max"], 1, "queries ran in parallel")


@unittest.skipIf(rust is None, NOT_BUILT)
class Library(unittest.TestCase):
    def test_the_loaded_layout_matches_the_declarations(self):
        self.assertEqual(rust._layout_differences(rust._library), [])

    def test_a_different_layout_is_found(self):
        class Library:
            """Reports EdMatch with a third field, as a library built from another ffi.rs might."""

            @staticmethod
            def ed_type_layout(type_id, size, align, offsets, capacity, count):
                answers = rust._library.ed_type_layout(type_id, size, align, offsets, capacity, count)
                if type_id == 1:
                    size._obj.value, count._obj.value = 12, 3
                    offsets[2] = 8
                return answers

        differences = rust._layout_differences(Library())
        self.assertEqual(len(differences), 1)
        self.assertIn("EdMatch", differences[0])
        self.assertIn("12", differences[0])

    def test_the_library_failures(self):
        error = rust.EdErrorInfo()
        self.assertIsInstance(rust._failure(6, error, "ed_distance"), MemoryError)
        panic = rust._failure(5, error, "ed_corpus_nearest")
        self.assertIsInstance(panic, RuntimeError)
        self.assertIn("panicked", str(panic))
        self.assertIn("ed_corpus_nearest", str(panic))
        # A lone surrogate the library reports is reported in the contract's words, from the string itself.
        error.argument = 2
        with self.assertRaisesRegex(ValueError, r"^b: the string is not valid Unicode: .* index 1$"):
            rust._failure(2, error, "ed_distance", (("a", "a"), ("x\ud800", "b")))
        error.argument = 6
        self.assertIsInstance(rust._failure(3, error, "ed_corpus_nearest"), ValueError)

    def test_discovery(self):
        # A copy of the package outside a checkout finds nothing unless EDIT_DISTANCE_LIBRARY names the library: its
        # own directory is empty, and a rust/target/release/ two levels up, even holding the library, is not
        # looked at (that fallback is the checkout's only).
        with tempfile.TemporaryDirectory() as directory:
            copy = pathlib.Path(directory) / "python"
            shutil.copytree(PYTHON_DIR / "edit_distance", copy / "edit_distance",
                            ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.dylib", "*.dll"))
            elsewhere = pathlib.Path(directory) / "rust" / "target" / "release" / _locate.library_file_name()
            elsewhere.parent.mkdir(parents=True)
            shutil.copyfile(rust.LIBRARY_PATH, elsewhere)
            script = "from edit_distance import rust; print(rust.LIBRARY_PATH, rust.distance('kitten', 'sitting'))"
            environment = dict(os.environ, EDIT_DISTANCE_LIBRARY=str(pathlib.Path(directory) / "nowhere"))
            missing = subprocess.run([sys.executable, "-c", script], cwd=copy, env=environment, capture_output=True,
                                     text=True, timeout=60)
            self.assertNotEqual(missing.returncode, 0)
            self.assertIn("ImportError", missing.stderr)
            for place in (pathlib.Path(directory) / "nowhere", copy / "edit_distance" / _locate.library_file_name()):
                self.assertIn(str(place), missing.stderr)
            self.assertNotIn(str(elsewhere), missing.stderr)
            self.assertIn("./build.sh Pack", missing.stderr)
            environment[_locate.LIBRARY_VARIABLE] = str(rust.LIBRARY_PATH.parent)
            found = subprocess.run([sys.executable, "-c", script], cwd=copy, env=environment, capture_output=True,
                                   text=True, timeout=60)
            self.assertEqual(found.returncode, 0, found.stderr)
            self.assertEqual(found.stdout.split(), [str(rust.LIBRARY_PATH), "3"])

    def test_discovery_in_the_checkout(self):
        # The checkout's package falls back on the repository's build output, as `cargo build --release` leaves it.
        self.assertTrue(_locate.IN_CHECKOUT)
        build = PYTHON_DIR.parent / "rust" / "target" / "release" / _locate.library_file_name()
        self.assertEqual(LIBRARY_FILES[-1], build)

if __name__ == "__main__":
    unittest.main()
