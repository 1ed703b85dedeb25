"""Wagner–Fischer: the banded (bounded) loop against the textbook recurrence for every bound, and the band's
reach on long input."""

import pathlib
import random
import sys
import unittest

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

from edit_distance import dp  # noqa: E402


def textbook(a, b):
    """The full matrix, sharing no code with the package."""
    matrix = [[i + j if i == 0 or j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            matrix[i][j] = min(matrix[i - 1][j] + 1, matrix[i][j - 1] + 1,
                               matrix[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
    return matrix[len(a)][len(b)]


class Banded(unittest.TestCase):
    def test_every_bound_gives_the_distance_or_one_more_than_the_bound(self):
        # A two-letter alphabet makes long runs of ties, where a wrong sentinel at the band's edge would show;
        # close copies put the distance near the small bounds, where the band is narrowest.
        rng = random.Random(20261201)
        for alphabet in ("ab", "abc\u4e00\U0001F600"):
            for _ in range(150):
                a = "".join(rng.choices(alphabet, k=rng.randrange(0, 30)))
                if rng.random() < 0.5:
                    b = list(a)
                    for _ in range(rng.randrange(0, 5)):
                        b.insert(rng.randrange(len(b) + 1), rng.choice(alphabet))
                        if b:
                            del b[rng.randrange(len(b))]
                    b = "".join(b)
                else:
                    b = "".join(rng.choices(alphabet, k=rng.randrange(0, 30)))
                exact = textbook(a, b)
                self.assertEqual(dp.distance(a, b), exact)
                for bound in range(0, max(len(a), len(b)) + 2):
                    expected = exact if exact <= bound else bound + 1
                    self.assertEqual(dp.distance(a, b, bound), expected, (a, b, bound))
                    self.assertEqual(dp.distance(b, a, bound), expected, (b, a, bound))
                    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
                    if len(longer) - len(shorter) <= bound < len(longer):
                        self.assertEqual(dp._banded(longer, shorter, bound), expected, (longer, shorter, bound))

    def test_a_small_bound_on_long_strings_computes_only_the_band(self):
        # 200 000 code points, 4 substitutions spread over the whole length (the first and the last included, so
        # no affix is stripped and no row exceeds the bound before the end): the whole matrix would be 4 * 10^10
        # cells, the band 7 per row. Completing at all is the check.
        rng = random.Random(7)
        a = "".join(rng.choices("abcdefghij", k=200_000))
        b = list(a)
        for position in (0, 66_000, 133_000, 199_999):
            b[position] = "z"
        b = "".join(b)
        self.assertEqual(dp.distance(a, b, 3), 4)
        self.assertEqual(dp.distance(a, b, 4), 4)


if __name__ == "__main__":
    unittest.main()
