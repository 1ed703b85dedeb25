"""The bit-parallel strategy's internals: the block and band routines against a reference, called directly (on
short strings with narrow blocks, so that every block edge and band edge is reached), and the choice between
whole-pattern ints and per-block tables."""

import contextlib
import pathlib
import random
import sys
import tracemalloc
import unittest
from unittest import mock

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

import edit_distance  # noqa: E402
from edit_distance import Match, _mbleven, bitparallel, dp  # noqa: E402

# A two-letter alphabet makes long runs of ties, where a wrong carry or a wrong assumed cell shows; the others
# mix Latin, CJK and astral code points (astral ones are one code point each, and one dict key each).
ALPHABETS = ["ab", "abc\u4e00\U0001F600", "\U00020000\U00020001\U0001F600x"]
CJK = [chr(0x4E00 + i) for i in range(20_000)]


def reference(a, b):
    """Textbook two-row Wagner–Fischer, sharing no code with the package."""
    row = list(range(len(a) + 1))
    for i, y in enumerate(b, 1):
        diagonal, row[0] = row[0], i
        for j, x in enumerate(a, 1):
            up = row[j]
            row[j] = min(up + 1, row[j - 1] + 1, diagonal + (x != y))
            diagonal = up
    return row[-1]


def close_copy(rng, a, m, alphabet):
    """``a`` lengthened to ``m`` code points by insertions, with a few substitutions: a distance near the gap."""
    chars = list(a)
    for _ in range(m - len(a)):
        chars.insert(rng.randint(0, len(chars)), alphabet[0])
    for i in range(0, len(chars), 23):
        chars[i] = rng.choice(alphabet)
    return "".join(chars)


class Blocks(unittest.TestCase):
    def setUp(self):
        self.rng = random.Random(20261130)

    def pairs(self, lengths):
        """For each (n, m) and alphabet: a pattern of n code points with an unrelated text and a close one of m."""
        for n, m in lengths:
            for alphabet in ALPHABETS:
                a = "".join(self.rng.choice(alphabet) for _ in range(n))
                yield alphabet, a, "".join(self.rng.choice(alphabet) for _ in range(m))
                yield alphabet, a, close_copy(self.rng, a, m, alphabet)

    def test_every_bound_at_every_block_edge(self):
        # Widths far below the real one put the edges at short lengths: a pattern shorter than, as long as and one
        # past a block, one and two blocks, the last block full or not, and text lengths from equal to several
        # more. Every bound from the length gap (h = 0, the narrowest band) to m - 1 (the band covers everything).
        cases = {
            1: [(1, 1), (1, 2), (2, 2), (3, 5), (7, 7), (12, 15)],
            5: [(4, 4), (5, 5), (5, 6), (6, 9), (9, 10), (10, 10), (11, 13), (23, 23), (31, 36)],
            64: [(63, 64), (64, 64), (65, 65), (127, 129), (129, 129)],
        }
        for width, lengths in cases.items():
            for alphabet, a, b in self.pairs(lengths):
                exact = reference(a, b)
                with self.subTest(width=width, alphabet=alphabet, a=a, b=b):
                    self.assertEqual(bitparallel._blocks(a, b, width), exact)
                    for bound in range(len(b) - len(a), len(b)):
                        self.assertEqual(bitparallel._banded(a, b, bound, width), min(exact, bound + 1), bound)

    def test_real_width_around_its_block_edges(self):
        # The production width, on fewer pairs (dp is the reference, quadratic) and fewer bounds: both sides of
        # the distance, the extremes and a stride in between.
        cases = [(1023, 1024, "ab", True), (1024, 1024, ALPHABETS[1], False), (1025, 1031, "ab", False),
                 (2047, 2049, "ab", True), (2049, 2050, ALPHABETS[1], True)]
        for n, m, alphabet, close in cases:
            a = "".join(self.rng.choice(alphabet) for _ in range(n))
            b = close_copy(self.rng, a, m, alphabet) if close else "".join(self.rng.choice(alphabet) for _ in range(m))
            exact = dp._distance(a, b, None)
            gap = m - n
            bounds = {gap, gap + 1, exact - 1, exact, exact + 1, m - 1, *range(gap, m, 97)}
            with self.subTest(alphabet=alphabet, n=n, m=m, exact=exact):
                self.assertEqual(bitparallel._blocks(a, b), exact)
                for bound in sorted(x for x in bounds if gap <= x < m):
                    self.assertEqual(bitparallel._banded(a, b, bound), min(exact, bound + 1), bound)

    def test_band_leaves_before_reaching_the_end(self):
        # A long pattern, a narrow band and a distance within it: blocks join and leave all along, and the tables
        # of the blocks behind the band are dropped (the result would be wrong if a dropped block were read).
        a = "".join(self.rng.choice("abcd") for _ in range(12_000))
        b = a[:3000] + "x" + a[3000:7000] + a[7001:11_000] + "yz" + a[11_000:]
        exact = 4  # x inserted, a[7000] deleted, yz inserted
        # The whole-pattern loop as the reference: dp would take seconds at this length.
        self.assertEqual(bitparallel._myers(bitparallel._pattern_match(a), len(a), b, None), exact)
        for bound in (2, 3, 4, 5, 40, 3000):
            with self.subTest(bound=bound):
                self.assertEqual(bitparallel._banded(a, b, bound), min(exact, bound + 1))
                self.assertEqual(edit_distance.distance(a, b, bound), min(exact, bound + 1))


class BandWord(unittest.TestCase):
    def setUp(self):
        self.rng = random.Random(20261201)

    def test_every_bound_whose_band_fits_the_word(self):
        # From the length gap (h = 0) to the tallest band the word holds, on a close copy and an unrelated text:
        # two letters (long runs of ties), a mix of Latin, CJK and astral code points, and 300 CJK code points.
        alphabets = ["ab", "abc\u00e9\u4e00\U0001F600", "".join(CJK[:300])]
        for alphabet in alphabets:
            for n, m in [(65, 65), (65, 70), (100, 100), (128, 131), (129, 129), (200, 230), (500, 505), (1000, 1000)]:
                a = "".join(self.rng.choice(alphabet) for _ in range(n))
                for b in (close_copy(self.rng, a, m, alphabet), "".join(self.rng.choice(alphabet) for _ in range(m))):
                    exact = reference(a, b)
                    for bound in range(m - n, m):
                        if not bitparallel._band_fits_word(n, m, bound):
                            break
                        with self.subTest(alphabet=alphabet[:8], n=n, m=m, bound=bound):
                            self.assertEqual(bitparallel._band_word(a, b, bound), min(exact, bound + 1))

    def test_a_call_that_stops_early_reads_the_pattern_only_as_far_as_its_band(self):
        class Recorded(list):
            """A pattern that remembers the furthest position read."""
            furthest = -1

            def __getitem__(self, index):
                last = index.stop - 1 if isinstance(index, slice) else index
                self.furthest = max(self.furthest, min(last, len(self) - 1))
                return super().__getitem__(index)

        a = Recorded(self.rng.choice("abcd") for _ in range(5000))
        b = "".join(self.rng.choice("abcd") for _ in range(5000))
        self.assertEqual(bitparallel._band_word(a, b, 10), 11)
        self.assertLess(a.furthest, 500)


class Layout(unittest.TestCase):
    def setUp(self):
        self.rng = random.Random(7)

    def test_which_patterns_keep_whole_pattern_ints(self):
        # Short patterns always do, whatever their alphabet; long ones only with a small alphabet.
        self.assertTrue(bitparallel._whole_table_fits("".join(self.rng.sample(CJK, bitparallel._WHOLE_LENGTH))))
        self.assertTrue(bitparallel._whole_table_fits("".join(self.rng.choices("abcdefgh\u00e9\u4e00", k=50_000))))
        self.assertFalse(bitparallel._whole_table_fits("".join(self.rng.choices(CJK, k=20_000))))

    def calls(self, a, b, bound=None):
        """Which of the loops ``distance(a, b, bound)`` ran (``mbleven`` for _mbleven.py), and its result."""
        names = ("_myers", "_blocks", "_banded", "_band_word")
        with contextlib.ExitStack() as stack:
            spies = {name: stack.enter_context(mock.patch.object(bitparallel, name, wraps=getattr(bitparallel, name)))
                     for name in names}
            spies["mbleven"] = stack.enter_context(
                mock.patch.object(_mbleven, "distance", wraps=_mbleven.distance))
            result = bitparallel.distance(a, b, bound)
        return {name for name, spy in spies.items() if spy.called}, result

    def test_long_large_alphabet_strings_take_the_blocks(self):
        a = "".join(self.rng.choices(CJK, k=8000))
        b = "x" + a[1:4000] + a[4001:] + "y"
        self.assertEqual(self.calls(a, b), ({"_blocks"}, 3))
        self.assertEqual(self.calls(a, b, 100), ({"_banded"}, 3))
        self.assertEqual(self.calls(a, b, 5), ({"_band_word"}, 3))  # a band of at most 63 rows: no pattern table
        self.assertEqual(self.calls(a, b, 2), ({"mbleven"}, 3))  # a bound of 3 or less: no pattern table at all

    def test_small_alphabet_strings_keep_whole_pattern_ints_unless_a_band_pays(self):
        a = "".join(self.rng.choices("abcdefghij", k=8000))
        b = "x" + a[1:4000] + a[4001:] + "y"
        self.assertEqual(self.calls(a, b), ({"_myers"}, 3))
        self.assertEqual(self.calls(a, b, 8000 - 2 * bitparallel._WIDTH + 10), ({"_myers"}, 3))  # a wide band
        self.assertEqual(self.calls(a, b, 100), ({"_banded"}, 3))
        self.assertEqual(self.calls(a, b, 5), ({"_band_word"}, 3))
        short = a[:1500], b[:1499] + "y"
        self.assertEqual(self.calls(*short, 100), ({"_myers"}, 2))  # two blocks or fewer: the band cannot pay

    def test_a_long_string_with_a_large_alphabet_against_a_short_one(self):
        # The long one's table would be large, so the short one is the pattern of the whole-pattern loop.
        a = "".join(self.rng.choices(CJK, k=30_000))
        b = a[100:150]
        self.assertEqual(self.calls(a, b), ({"_myers"}, len(a) - len(b)))

    def test_nearest_with_a_long_large_alphabet_query_goes_pair_by_pair(self):
        query = "".join(self.rng.choices(CJK, k=7000))
        unrelated = "".join(self.rng.choices(CJK, k=7000))
        corpus = [query[:3000] + "abc" + query[3003:], "", query[:6990], query + "z", unrelated]
        with mock.patch.object(bitparallel, "_pattern_match", wraps=bitparallel._pattern_match) as built:
            found = edit_distance.nearest(query, corpus, 3, 12)
        self.assertEqual(found, [Match(3, 1), Match(0, 3), Match(2, 10)])
        self.assertNotIn(query, [call.args[0] for call in built.call_args_list])

    def test_block_tables_take_memory_proportional_to_the_pattern(self):
        # 50 000 code points in three shapes: a 20 000-character alphabet, every code point distinct (a new str
        # per key), and the worst case for the values: every code point twice per block, once at its top, so
        # that half the entries are ints as wide as the block.
        n = 50_000
        width = bitparallel._WIDTH
        pairs = []
        for block in range(n // width):
            codes = [chr(0x20000 + block * width + i) for i in range(width // 2)]
            pairs += codes + codes[::-1]
        patterns = {
            "cjk": "".join(self.rng.choices(CJK, k=n)),
            "distinct": "".join(chr(0x10000 + i) for i in self.rng.sample(range(n), n)),
            "pairs": "".join(pairs),
        }
        for name, pattern in patterns.items():
            with self.subTest(pattern=name):
                tracemalloc.start()
                try:
                    keys = {}
                    tables = [bitparallel._block_table(pattern, start, width, keys)
                              for start in range(0, len(pattern), width)]
                    del keys
                    kept, peak = tracemalloc.get_traced_memory()
                finally:
                    tracemalloc.stop()
                self.assertEqual(sum(map(len, tables)), sum(len(set(pattern[i:i + width])) for i in range(0, n, width)))
                self.assertLessEqual(kept / len(pattern), 200, "bytes per pattern code point, kept")
                self.assertLessEqual(peak / len(pattern), 200, "bytes per pattern code point, while building")


if __name__ == "__main__":
    unittest.main()
