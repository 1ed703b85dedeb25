"""Randomized properties with a fixed seed: the strategies agree, and the distance behaves like a metric."""

import pathlib
import random
import sys
import unittest

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

from edit_distance import STRATEGIES, Corpus, Match, distance, nearest  # noqa: E402

# Small alphabets make many matches (where a wrong carry shows); astral characters check that lengths are counted
# in code points; NUL and a combining mark are ordinary characters here.
ALPHABETS = ["ab", "abc\U0001F600", "xyz\u00e9\u0301\u0000\U00020000", "abcdefghijklmnopqrstuvwxyz0123456789"]


def random_string(rng, max_length):
    alphabet = rng.choice(ALPHABETS)
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, max_length)))


def related_string(rng, base):
    """``base`` with a few random edits, so that distances are small and bounds matter."""
    chars = list(base)
    for _ in range(rng.randint(0, 4)):
        operation = rng.randrange(3)
        position = rng.randint(0, len(chars))
        if operation == 0:
            chars.insert(position, rng.choice("ab\U0001F600#"))
        elif chars and position < len(chars):
            if operation == 1:
                del chars[position]
            else:
                chars[position] = rng.choice("ab\U0001F600#")
    return "".join(chars)


class Properties(unittest.TestCase):
    def setUp(self):
        self.rng = random.Random(20261125)

    def pairs(self, count, max_length):
        for _ in range(count):
            a = random_string(self.rng, max_length)
            b = related_string(self.rng, a) if self.rng.random() < 0.5 else random_string(self.rng, max_length)
            yield a, b

    def test_strategies_agree(self):
        for a, b in self.pairs(300, 80):
            with self.subTest(a=a, b=b):
                self.assertEqual(distance(a, b, strategy="bitparallel"), distance(a, b, strategy="dp"))

    def test_strategies_agree_beyond_200_code_points(self):
        for a, b in self.pairs(12, 260):
            a, b = a * 3, b * 3  # at least 0 and up to 780 code points, mostly > 200
            with self.subTest(length_a=len(a), length_b=len(b)):
                self.assertEqual(distance(a, b, strategy="bitparallel"), distance(a, b, strategy="dp"))

    def test_symmetry_and_bounds(self):
        for strategy in STRATEGIES:
            for a, b in self.pairs(150, 70):
                with self.subTest(strategy=strategy, a=a, b=b):
                    d = distance(a, b, strategy=strategy)
                    self.assertEqual(distance(b, a, strategy=strategy), d)
                    self.assertLessEqual(abs(len(a) - len(b)), d)
                    self.assertLessEqual(d, max(len(a), len(b)))
                    self.assertEqual(d == 0, a == b)

    def test_triangle_inequality(self):
        for strategy in STRATEGIES:
            for _ in range(100):
                a = random_string(self.rng, 40)
                b, c = related_string(self.rng, a), random_string(self.rng, 40)
                with self.subTest(strategy=strategy, a=a, b=b, c=c):
                    self.assertLessEqual(
                        distance(a, c, strategy=strategy),
                        distance(a, b, strategy=strategy) + distance(b, c, strategy=strategy))

    def test_bounded_distance_is_the_distance_capped_at_the_bound_plus_one(self):
        for strategy in STRATEGIES:
            for a, b in self.pairs(150, 100):
                exact = distance(a, b, strategy="dp")
                for bound in {0, 1, max(exact - 1, 0), exact, exact + 1, 1000}:
                    with self.subTest(strategy=strategy, a=a, b=b, max_distance=bound):
                        self.assertEqual(distance(a, b, bound, strategy=strategy), min(exact, bound + 1))

    def test_nearest_matches_a_full_sort(self):
        for strategy in STRATEGIES:
            for _ in range(40):
                query = random_string(self.rng, 20)
                corpus = [related_string(self.rng, query) if self.rng.random() < 0.5
                          else random_string(self.rng, 20) for _ in range(self.rng.randint(0, 40))]
                k = self.rng.randint(0, 12)
                bound = self.rng.choice([None, 0, 1, 2, 5])
                scored = sorted((distance(query, entry, strategy="dp"), index) for index, entry in enumerate(corpus))
                expected = [Match(index, d) for d, index in scored if bound is None or d <= bound][:k]
                with self.subTest(strategy=strategy, query=query, k=k, max_distance=bound):
                    self.assertEqual(nearest(query, corpus, k, bound, strategy=strategy), expected)
                    self.assertEqual(Corpus(corpus).nearest(query, k, bound, strategy=strategy), expected)


if __name__ == "__main__":
    unittest.main()
