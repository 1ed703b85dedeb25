"""mbleven, which answers bounds up to 3 in the bit-parallel strategy: the models it generates, the walks called
directly on input the front has not stripped, and the front's dispatch at the lengths where the other paths hand over,
against dp."""

import pathlib
import random
import sys
import unittest
from unittest import mock

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

from edit_distance import _mbleven, bitparallel, dp  # noqa: E402

MIXED = "ab\u00e9\u03b1\u0431\u4e00\U0001F600\U0001F601\U00020000"


def textbook(a, b):
    """The full-matrix recurrence, sharing no code with the package."""
    rows = [[i + j if not i or not j else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
    return rows[-1][-1]


def edited(rng, text, alphabet, edits, inserts_only=False):
    chars = list(text)
    for _ in range(edits):
        at = rng.randint(0, len(chars))
        operation = 0 if inserts_only else rng.randrange(3)
        if operation == 0 or at == len(chars):
            chars.insert(at, rng.choice(alphabet))
        elif operation == 1:
            del chars[at]
        else:
            chars[at] = rng.choice(alphabet)
    return "".join(chars)


class Models(unittest.TestCase):
    def test_the_models_follow_the_rule(self):
        # Sequences of max edits over {substitute, delete, insert} with deletes - inserts = gap.
        counts = [[1], [1, 1], [3, 2, 1], [7, 6, 3, 1]]
        for bound in range(_mbleven.MAX_BOUND + 1):
            for gap in range(bound + 1):
                models = _mbleven._MODELS[bound][gap]
                self.assertEqual(len(models), counts[bound][gap], (bound, gap))
                for model in models:
                    edits = [model >> (2 * k) & 3 for k in range(bound)]
                    self.assertNotIn(0, edits)
                    self.assertEqual(model >> (2 * bound), 0)
                    self.assertEqual(edits.count(_mbleven._DELETE) - edits.count(_mbleven._INSERT), gap)
        self.assertEqual(_mbleven._MODELS[3][0][0], 0b11_11_11)

    def test_every_bound_matches_the_textbook_recurrence_on_unstripped_input(self):
        # Called directly, without the front: common ends, equal strings and empty strings reach the walks too. A
        # two-letter alphabet makes many equally cheap alignments, where a missing model would show.
        rng = random.Random(3)
        for alphabet in ("ab", "abc\u4e00\U0001F600"):
            for _ in range(1500):
                a = "".join(rng.choice(alphabet) for _ in range(rng.randrange(9)))
                b = edited(rng, a, alphabet, rng.randrange(5))
                short, long = (a, b) if len(a) <= len(b) else (b, a)
                exact = textbook(short, long)
                for bound in range(len(long) - len(short), _mbleven.MAX_BOUND + 1):
                    self.assertEqual(_mbleven.distance(short, long, bound), min(exact, bound + 1), (short, long, bound))


class Front(unittest.TestCase):
    def test_small_bounds_agree_with_dp(self):
        # Edits at the ends (nothing stripped), anywhere, or insertions only (the shorter side strips to nothing);
        # bounds 0 to 4 and around the distance, both orders.
        rng = random.Random(20261201)
        for length in (1, 2, 7, 8, 9, 63, 64, 65, 1000):
            for alphabet in ("abcd", MIXED):
                for round_ in range(6 if length < 1000 else 2):
                    a = "".join(rng.choice(alphabet) for _ in range(length))
                    if round_ % 3 == 0:
                        a_ends = rng.choice(alphabet) + a[1:-1] + rng.choice(alphabet) if length > 1 else a
                        b = edited(rng, a_ends, alphabet, rng.randrange(3))
                    else:
                        b = edited(rng, a, alphabet, rng.randint(1, 4), inserts_only=round_ % 3 == 1)
                    exact = dp.distance(a, b)
                    for bound in sorted({0, 1, 2, 3, 4, max(exact - 1, 0), exact, exact + 1}):
                        expected = min(exact, bound + 1)
                        with self.subTest(length=length, a=a[:20], b=b[:20], bound=bound):
                            self.assertEqual(bitparallel.distance(a, b, bound), expected)
                            self.assertEqual(bitparallel.distance(b, a, bound), expected)
                            self.assertEqual(dp.distance(a, b, bound), expected)

    def test_a_bound_of_three_or_less_builds_no_pattern_table(self):
        a = "abcdefghij" * 100
        b = "x" + a[1:500] + "y" + a[501:999] + "z"
        with mock.patch.object(bitparallel, "_pattern_match", wraps=bitparallel._pattern_match) as built:
            for bound in range(4):
                self.assertEqual(bitparallel.distance(a, b, bound), min(3, bound + 1))
            # Unbounded, strings of at most three code points once stripped: the bound is capped at their length.
            self.assertEqual(bitparallel.distance("abc", "xyz"), 3)
            self.assertEqual(bitparallel.distance("preABsuf", "preBAsuf"), 2)
        self.assertFalse(built.called)
        # The check can fail: a bound of 4 builds the table of a pattern of up to 64 code points.
        with mock.patch.object(bitparallel, "_pattern_match", wraps=bitparallel._pattern_match) as built:
            self.assertEqual(bitparallel.distance("kitten", "sitting", 4), 3)
        self.assertTrue(built.called)


if __name__ == "__main__":
    unittest.main()
