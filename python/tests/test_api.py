"""The package surface: names, argument handling beyond the shared vectors, and the host's boundary helpers."""

import pathlib
import sys
import unittest

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

import edit_distance  # noqa: E402
from edit_distance import STRATEGIES, Corpus, Match, boundary, distance, nearest  # noqa: E402


class Api(unittest.TestCase):
    def test_strategies(self):
        self.assertEqual(STRATEGIES, ("dp", "bitparallel"))
        for name in STRATEGIES:
            module = getattr(edit_distance, name)
            self.assertTrue(callable(module.distance))
            self.assertTrue(callable(module.nearest))

    def test_unknown_strategy(self):
        with self.assertRaisesRegex(ValueError, "strategy"):
            distance("a", "b", strategy="fast")
        with self.assertRaisesRegex(ValueError, "strategy"):
            Corpus(["a"]).nearest("a", 1, strategy="")

    def test_strategy_is_keyword_only(self):
        with self.assertRaises(TypeError):
            distance("a", "b", None, "dp")

    def test_match_is_a_named_tuple(self):
        match = Match(3, 1)
        self.assertEqual((match.index, match.distance), (3, 1))
        self.assertEqual(match, (3, 1))

    def test_code_points_not_code_units(self):
        self.assertEqual(distance("\U0001F600", ""), 1)
        self.assertEqual(distance("\U0001F600", "\U0001F601", strategy="dp"), 1)

    def test_non_str_arguments(self):
        for strategy in STRATEGIES:
            with self.subTest(strategy=strategy):
                with self.assertRaisesRegex(TypeError, r"\bb\b"):
                    distance("a", b"b", strategy=strategy)
                with self.assertRaisesRegex(TypeError, "corpus"):
                    nearest("a", "abc", 1, strategy=strategy)
                with self.assertRaisesRegex(TypeError, "k"):
                    nearest("a", ["a"], 1.5, strategy=strategy)
                with self.assertRaisesRegex(TypeError, "max_distance"):
                    distance("a", "b", True, strategy=strategy)

    def test_corpus_accepts_any_iterable_and_is_a_sequence(self):
        corpus = Corpus(word for word in ["kitten", "mitten"])
        self.assertEqual(len(corpus), 2)
        self.assertEqual(list(corpus), ["kitten", "mitten"])
        self.assertEqual(corpus[1], "mitten")
        self.assertEqual(nearest("mitten", corpus, 1), [Match(1, 0)])


class Boundary(unittest.TestCase):
    @staticmethod
    def packed(lengths):
        return b"".join(n.to_bytes(4, sys.byteorder) for n in lengths).decode("latin-1")

    def test_nothing_for_the_benchmarks_ships_here(self):
        # The benchmarks' empty call lives in bench/EditDistance.Boundary/noop.py, outside the shipped package.
        self.assertFalse(hasattr(boundary, "noop"))

    def test_corpus_from_joined_survives_any_character(self):
        entries = ["", "a\nb", "\u0000", "\U0001F600x", "", "caf\u00e9", "\n"]
        corpus = boundary.corpus_from_joined("".join(entries), self.packed(len(e) for e in entries))
        self.assertIsInstance(corpus, Corpus)
        self.assertEqual(list(corpus), entries)

    def test_corpus_from_joined_empty(self):
        self.assertEqual(len(boundary.corpus_from_joined("", "")), 0)

    def test_corpus_from_joined_rejects_inconsistent_lengths(self):
        with self.assertRaises(ValueError):
            boundary.corpus_from_joined("abc", self.packed([1, 1]))


if __name__ == "__main__":
    unittest.main()
