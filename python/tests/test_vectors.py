"""The shared vectors in tests/vectors/*.json, which the Rust and .NET suites read too, for both strategies."""

import json
import pathlib
import struct
import sys
import unittest

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]
VECTORS = PYTHON_DIR.parent / "tests" / "vectors"
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

import edit_distance  # noqa: E402
from edit_distance import STRATEGIES, Corpus, Match  # noqa: E402


def load(name):
    with open(VECTORS / name, encoding="utf-8") as file:
        return json.load(file)["cases"]


def text(value):
    """A vector string: plain JSON text, or {"utf16": [code units]} for what JSON cannot carry (lone surrogates)."""
    if isinstance(value, dict):
        units = value["utf16"]
        # surrogatepass keeps a lone surrogate as a code point, while a valid pair still combines into one.
        return struct.pack("<%dH" % len(units), *units).decode("utf-16-le", "surrogatepass")
    if isinstance(value, list):
        return [text(item) for item in value]
    return value


class DistanceVectors(unittest.TestCase):
    def test_distance(self):
        for strategy in STRATEGIES:
            module = getattr(edit_distance, strategy)
            for case in load("distance.json"):
                with self.subTest(strategy=strategy, case=case["name"]):
                    a, b, expected = case["a"], case["b"], case["distance"]
                    self.assertEqual(edit_distance.distance(a, b, strategy=strategy), expected)
                    self.assertEqual(edit_distance.distance(b, a, strategy=strategy), expected)
                    self.assertEqual(module.distance(a, b), expected)

    def test_bounded(self):
        for strategy in STRATEGIES:
            module = getattr(edit_distance, strategy)
            for case in load("bounded.json"):
                with self.subTest(strategy=strategy, case=case["name"]):
                    a, b, bound, expected = case["a"], case["b"], case["max_distance"], case["expected"]
                    self.assertEqual(edit_distance.distance(a, b, bound, strategy=strategy), expected)
                    self.assertEqual(edit_distance.distance(b, a, bound, strategy=strategy), expected)
                    self.assertEqual(module.distance(a, b, bound), expected)


class NearestVectors(unittest.TestCase):
    def test_nearest(self):
        for strategy in STRATEGIES:
            module = getattr(edit_distance, strategy)
            for case in load("nearest.json"):
                with self.subTest(strategy=strategy, case=case["name"]):
                    query, corpus, k, bound = case["query"], case["corpus"], case["k"], case["max_distance"]
                    expected = [Match(item["index"], item["distance"]) for item in case["expected"]]
                    self.assertEqual(edit_distance.nearest(query, corpus, k, bound, strategy=strategy), expected)
                    self.assertEqual(module.nearest(query, corpus, k, bound), expected)
                    self.assertEqual(Corpus(corpus).nearest(query, k, bound, strategy=strategy), expected)
                    self.assertEqual(module.nearest(query, Corpus(corpus), k, bound), expected)


class ErrorVectors(unittest.TestCase):
    EXCEPTIONS = {"null": TypeError, "invalid_string": ValueError, "negative": ValueError}

    def calls(self, case, strategy):
        """Every public entry point that the case applies to, as (description, zero-argument callable)."""
        module = getattr(edit_distance, strategy)
        if case["call"] == "distance":
            a, b, bound = text(case["a"]), text(case["b"]), case.get("max_distance")
            yield "distance", lambda: edit_distance.distance(a, b, bound, strategy=strategy)
            yield f"{strategy}.distance", lambda: module.distance(a, b, bound)
            return
        query, corpus, k, bound = text(case["query"]), text(case["corpus"]), case["k"], case.get("max_distance")
        yield "nearest", lambda: edit_distance.nearest(query, corpus, k, bound, strategy=strategy)
        yield f"{strategy}.nearest", lambda: module.nearest(query, corpus, k, bound)
        if case["argument"] != "corpus":
            prepared = Corpus(corpus)
            yield "Corpus.nearest", lambda: prepared.nearest(query, k, bound, strategy=strategy)

    def test_errors(self):
        for strategy in STRATEGIES:
            for case in load("errors.json"):
                for description, call in self.calls(case, strategy):
                    with self.subTest(strategy=strategy, case=case["name"], call=description):
                        with self.assertRaises(self.EXCEPTIONS[case["error"]]) as raised:
                            call()
                        message = str(raised.exception)
                        self.assertIn(case["argument"], message)
                        if "position_code_point" in case:
                            self.assertIn(f"index {case['position_code_point']}", message)
                        if "item" in case:
                            self.assertIn(f"entry {case['item']}", message)

    def test_corpus_constructor_checks_entries(self):
        with self.assertRaisesRegex(ValueError, r"entry 1 .* index 0"):
            Corpus(["ok", "\udc00"])
        with self.assertRaisesRegex(TypeError, "entry 0"):
            Corpus([None])
        with self.assertRaises(TypeError):
            Corpus(None)


if __name__ == "__main__":
    unittest.main()
