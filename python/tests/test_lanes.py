"""The lanes path of ``Corpus.nearest`` (bitparallel strategy): every result equals the scalar path's
(``lanes.ENABLED = False``) and a full sort of dp distances, at the lengths, sizes, bounds and ties where lanes,
chunks and counters have their edges; and the tables stay within the budget whatever the alphabet."""

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
from edit_distance import Corpus, Match, boundary, lanes  # noqa: E402

# Two letters make many ties (and many matches, where a carry crossing lanes would show); the others mix Latin,
# combining marks, NUL, CJK and astral code points, each one code point whatever its UTF-16 length.
ALPHABETS = ["ab", "abcd", "xyz\u00e9\u0301\u0000", "a\u4e00\U0001F600\U00020000", "etaoinshrdlu"]
CJK = [chr(0x4E00 + i) for i in range(20_000)]
# The lengths around the lane widths of the other implementations (8, 16, 32 and 64 bits) and the longest entry
# the lanes take (64).
EDGE_LENGTHS = [7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65]




def edited(rng, word, alphabet, edits):
    """``word`` with ``edits`` random insertions, deletions and substitutions from ``alphabet``."""
    chars = list(word)
    for _ in range(edits):
        position = rng.randint(0, len(chars))
        operation = rng.randrange(3)
        if operation == 0 or position == len(chars):
            chars.insert(position, rng.choice(alphabet))
        elif operation == 1:
            del chars[position]
        else:
            chars[position] = rng.choice(alphabet)
    return "".join(chars)


class LanesTestCase(unittest.TestCase):
    def setUp(self):
        self.rng = random.Random(20261201)
        self.addCleanup(setattr, lanes, "ENABLED", lanes.ENABLED)

    def nearest_both_ways(self, corpus, query, k, bound):
        """``corpus.nearest`` with lanes and on the scalar path, after checking the lanes path was taken."""
        lanes.ENABLED = True
        with mock.patch.object(lanes, "search", wraps=lanes.search) as search:
            with_lanes = corpus.nearest(query, k, bound)
        self.assertEqual(search.call_count, 1 if query else 0)
        lanes.ENABLED = False
        with mock.patch.object(lanes, "search", wraps=lanes.search) as search:
            scalar = corpus.nearest(query, k, bound)
        self.assertEqual(search.call_count, 0)
        return with_lanes, scalar

    def check(self, entries, query, ks, bounds, corpus=None):
        """Both paths against nearest's contract from first principles: dp distances, by distance then index."""
        if corpus is None:
            corpus = Corpus(entries)
        scored = sorted((edit_distance.distance(query, entry, strategy="dp"), index)
                        for index, entry in enumerate(entries))
        for k in ks:
            for bound in bounds:
                with self.subTest(query=query, k=k, max_distance=bound):
                    with_lanes, scalar = self.nearest_both_ways(corpus, query, k, bound)
                    self.assertEqual(with_lanes, [Match(i, d) for d, i in scored if bound is None or d <= bound][:k])
                    self.assertEqual(scalar, with_lanes)


class Edges(LanesTestCase):
    def test_entry_lengths_around_the_lane_widths(self):
        for n in EDGE_LENGTHS:
            for alphabet in ("ab", ALPHABETS[3]):
                base = "".join(self.rng.choice(alphabet) for _ in range(n))
                entries = [edited(self.rng, base, alphabet, self.rng.randint(0, 3)) for _ in range(40)]
                # Entries of exactly n, each a few substitutions away, so the lane of length n is full of close ones.
                entries += ["".join(self.rng.choice(alphabet) if self.rng.random() < 0.1 else c for c in base)
                            for _ in range(23)]
                self.rng.shuffle(entries)
                for query in (base, base[:-1], base + alphabet[0], base[: n // 2]):
                    self.check(entries, query, (1, 3, 10, 70), (None, 0, 1, 2, 4))

    def test_bounds_and_k_around_the_true_distances(self):
        # Distances 0 to 4 from the query, several entries at each, at lengths query - 2 .. query + 2.
        query = "kittens"
        entries = [edited(self.rng, query, "kitens", d) for d in (0, 1, 2, 3, 4) for _ in range(5)]
        self.rng.shuffle(entries)
        exact = sorted(edit_distance.distance(query, e, strategy="dp") for e in entries)
        ks = sorted({0, 1, *(exact.index(d) for d in set(exact)), *(exact.index(d) + 1 for d in set(exact)),
                     len(entries) - 1, len(entries), len(entries) + 1})
        self.check(entries, query, ks, (None, 0, 1, 2, 3, 4, 5))

    def test_ties_across_groups_go_to_the_lower_index(self):
        # The lengths are visited by their gap to the query, so a group visited later can hold a lower index at
        # the same distance: "abcd" is 1 from each of these, its own length first, then 3 and 5.
        entries = ["abcde", "abc", "xbcd", "abcd", "abd", "abxcd", "abcx", "bcd"]
        self.check(entries, "abcd", range(0, 10), (None, 0, 1, 2))
        # A group whose gap equals the k-th distance is visited only for its lower indices: here the entry at
        # gap 2 (index 0) displaces the one at its own length (index 1).
        self.check(["abcdxy", "abxx"], "abcd", (1, 2), (None, 2))
        self.check(["abxx", "abcdxy"], "abcd", (1, 2), (None, 2))
        # The same on the scalar path of a chunk (a query over six times longer than its entries): "ab", visited
        # after "awxy" (15, its gap 12 is nearer), is closer at its own gap 14, though its index is higher.
        self.check(["awxy", "ab", "ba", "ab"], "abcdefghijklmnop", (1, 2, 3), (None, 14, 15))

    def test_group_sizes_not_a_multiple_of_the_chunk(self):
        # One chunk holds 2**16 // 9 = 7281 lanes of 8 code points: one past it, and a short second chunk with the
        # only exact match, so that the first chunk's closest entries are ties visited before it.
        most = lanes._CHUNK_BITS // lanes.width_of(8)
        for size in (most - 1, most, most + 1, most + 37):
            entries = ["".join(self.rng.choice("abcdefgh") for _ in range(8)) for _ in range(size)]
            entries[-1] = "hgfedcba"
            corpus = Corpus(entries)
            self.assertEqual(len(corpus._lanes.groups[8]), 1 if size <= most else 2)
            for k, bound in ((1, None), (5, None), (3, 0), (10, 3)):
                with self.subTest(size=size, k=k, max_distance=bound):
                    with_lanes, scalar = self.nearest_both_ways(corpus, "hgfedcba", k, bound)
                    self.assertEqual(with_lanes, scalar)
                    self.assertEqual(with_lanes[0], Match(size - 1, 0))

    def test_small_chunks(self):
        # Chunks of a few lanes put chunk edges, and the skip of a chunk whose indices all come after the k-th,
        # everywhere in a small corpus.
        for bits in (1, 20, 64):
            with mock.patch.object(lanes, "_CHUNK_BITS", bits):
                for _ in range(30):
                    alphabet = self.rng.choice(ALPHABETS)
                    query = "".join(self.rng.choice(alphabet) for _ in range(self.rng.randint(1, 10)))
                    entries = [edited(self.rng, query, alphabet, self.rng.randint(0, 4)) for _ in range(30)]
                    self.check(entries, query, (1, 4, 12), (None, 1, 3))

    def test_mixed_script_and_astral_text(self):
        words = ["na\u00efve", "\u043f\u0440\u0438\u0432\u0435\u0442", "\u4e16\u754c\u4f60\u597d",
                 "\U0001F600\U0001F601\U0001F602", "\U00020000\U00020001x", "\U0001D400\U0001D401\U0001D402b"]
        entries = [edited(self.rng, self.rng.choice(words), "\u00e9\U0001F600\u4e16\U00020001z", self.rng.randint(0, 2))
                   for _ in range(60)]
        for query in words + ["\U0001F600", "\u4e16\U0001F600\u754c"]:
            self.check(entries, query, (1, 5, 20), (None, 1, 2))

    def test_queries_longer_than_the_entries_and_than_the_counters(self):
        # A lane's counters hold distances below 2**(width - 1): 31 for entries of up to 5 code points, 255 for
        # entries of 8. Longer queries take the scalar path for those chunks only.
        entries = ["".join(self.rng.choice("abc") for _ in range(n)) for n in (1, 2, 5, 5, 6, 8, 8, 9, 16, 64, 65, 0)]
        for m in (30, 31, 32, 33, 63, 64, 65, 191, 192, 255, 256, 300):
            query = "".join(self.rng.choice("abcd") for _ in range(m))
            self.check(entries, query, (1, 4, len(entries)), (None, m - 5, m))

    def test_entries_outside_the_lanes(self):
        # Empty entries and entries longer than 64 are scored by the scalar path, in the same top k.
        entries = ["", "a" * 65, "a" * 64, "ab", "", "a" * 100, "b"]
        corpus = Corpus(entries)
        self.assertEqual(sorted(corpus._lanes.groups), [1, 2, 64])
        self.assertEqual(list(corpus._lanes.outside), [0, 4, 1, 5])
        for query in ("a", "a" * 64, "a" * 70, "ba"):
            self.check(entries, query, (1, 2, 7), (None, 0, 1, 6), corpus)

    def test_every_corpus_has_its_tables(self):
        entries = ["kitten", "sitting", "", "mitten"]
        packed = b"".join(n.to_bytes(4, sys.byteorder) for n in map(len, entries)).decode("latin-1")
        joined = boundary.corpus_from_joined("".join(entries), packed)
        self.check(entries, "kitten", (1, 2, 4), (None, 1), joined)
        # Any other iterable is searched on the scalar path: its tables would cost more than the scan.
        with mock.patch.object(lanes, "search", wraps=lanes.search) as search:
            self.assertEqual(edit_distance.nearest("kitten", entries, 2), [Match(0, 0), Match(3, 1)])
        self.assertEqual(search.call_count, 0)


class Properties(LanesTestCase):
    def test_random_corpora_agree_with_the_scalar_path_and_dp(self):
        for _ in range(250):
            alphabet = self.rng.choice(ALPHABETS)
            query = "".join(self.rng.choice(alphabet) for _ in range(self.rng.choice([1, 3, 8, 12, 20, 40])))
            size = self.rng.randint(0, 80)
            entries = [edited(self.rng, query, alphabet, self.rng.randint(0, 6)) if self.rng.random() < 0.6
                       else "".join(self.rng.choice(alphabet) for _ in range(self.rng.randint(0, 70)))
                       for _ in range(size)]
            k = self.rng.randint(0, 15)
            bound = self.rng.choice([None, None, 0, 1, 2, 3, 5, 10])
            self.check(entries, query, (k,), (bound,))


class Tables(LanesTestCase):
    def test_english_like_words_make_one_chunk_per_length(self):
        words = ["".join(self.rng.choices("etaoinshrdlucmfwygpbvkxqjz", k=self.rng.randint(1, 12)))
                 for _ in range(5000)]
        tables = lanes.build(words)
        self.assertEqual({n: len(chunks) for n, chunks in tables.groups.items()}, {n: 1 for n in range(1, 13)})
        self.assertEqual(len(tables.outside), 0)

    def test_rows_stay_within_the_budget_whatever_the_alphabet(self):
        # 20 000 random CJK words, every entry a code point of its own, and long random CJK entries: the rows'
        # bits within LANE_TABLE_BUDGET bytes per code point of each chunk, and everything the tables keep
        # (ints, dicts, keys, arrays) within a constant per corpus code point: ~100 to ~170 bytes measured.
        corpora = {
            "cjk words": ["".join(self.rng.choices(CJK, k=self.rng.randint(2, 10))) for _ in range(20_000)],
            "distinct": [chr(0x20000 + i) for i in range(30_000)],
            "long cjk": ["".join(self.rng.choices(CJK, k=60)) for _ in range(1000)],
        }
        for name, entries in corpora.items():
            with self.subTest(corpus=name):
                code_points = sum(map(len, entries))
                tracemalloc.start()
                try:
                    tables = lanes.build(entries)
                    kept, peak = tracemalloc.get_traced_memory()
                finally:
                    tracemalloc.stop()
                chunks = [(n, chunk) for n, group in tables.groups.items() for chunk in group]
                self.assertGreater(len(chunks), code_points // 1000, "a large alphabet makes small chunks")
                for n, chunk in chunks:
                    lanes_in_chunk = len(chunk.indices)
                    row_bytes = len(chunk.rows) * lanes_in_chunk * chunk.width / 8
                    self.assertLessEqual(row_bytes, lanes.LANE_TABLE_BUDGET * lanes_in_chunk * n)
                self.assertLessEqual(kept / code_points, 256, "bytes per corpus code point, kept")
                self.assertLessEqual(peak / code_points, 400, "bytes per corpus code point, while building")
                # The small chunks still give the scalar path's results.
                query = entries[5][:2] + entries[9][-3:]
                with_lanes, scalar = self.nearest_both_ways(Corpus(entries[:3000]), query, 10, 4)
                self.assertEqual(with_lanes, scalar)


if __name__ == "__main__":
    unittest.main()
