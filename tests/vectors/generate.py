"""Writes the shared test vectors (distance.json, bounded.json, nearest.json, errors.json).

The Rust, Python and .NET test suites all read these files. Expected values come either from the
construction of the case (for example: n substitutions by characters that occur nowhere else cost exactly
n) or from `textbook_distance` below, the full-matrix recurrence as printed in textbooks, which shares no
code with the implementations under test. Run `python3 tests/vectors/generate.py` after changing a case;
the output is deterministic.
"""

import json
import pathlib
import random

HERE = pathlib.Path(__file__).resolve().parent
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
EMOJI = [chr(c) for c in range(0x1F600, 0x1F640)]


def textbook_distance(a, b):
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
    return rows[len(a)][len(b)]


def distance_cases(rng):
    cases = []

    def add(name, a, b, expected=None):
        computed = textbook_distance(a, b)
        # A case built to have a known distance must agree with the textbook recurrence.
        assert expected is None or expected == computed, (name, expected, computed)
        cases.append({"name": name, "a": a, "b": b, "distance": computed})

    add("both empty", "", "", 0)
    add("empty vs ascii", "", "abc", 3)
    add("ascii vs empty", "abc", "", 3)
    add("identical", "hello", "hello", 0)
    add("kitten/sitting", "kitten", "sitting", 3)
    add("sitting/kitten", "sitting", "kitten", 3)
    add("flaw/lawn", "flaw", "lawn", 2)
    add("saturday/sunday", "saturday", "sunday", 3)
    add("gumbo/gambol", "gumbo", "gambol", 2)
    add("intention/execution", "intention", "execution", 5)
    add("nothing in common, same length", "abcd", "wxyz", 4)
    add("nothing in common, different lengths", "ab", "wxyz", 4)
    add("common prefix and suffix", "prefix_abc_suffix", "prefix_xyz_suffix", 3)
    add("one change between long common ends", "aaaaXbbbb", "aaaaYbbbb", 1)
    add("appended character", "abc", "abcd", 1)
    add("prepended character", "xabc", "abc", 1)
    add("case matters", "Hello", "hello", 1)
    add("precomposed vs decomposed e-acute", "\u00e9", "e\u0301", 2)
    add("cafe precomposed vs decomposed", "caf\u00e9", "cafe\u0301", 2)
    add("combining mark removed", "e\u0301", "e", 1)
    add("emoji vs empty counts one code point", "\U0001F600", "", 1)
    add("two emoji vs empty", "\U0001F600\U0001F600", "", 2)
    add("emoji vs emoji sharing a high surrogate", "\U0001F600", "\U0001F601", 1)
    add("emoji vs two ascii", "\U0001F600", "ab", 2)
    add("emoji inside ascii", "a\U0001F600b", "ab", 1)
    add("emoji moved", "a\U0001F600", "\U0001F600a", 2)
    add("CJK extension B", "\U00020000\U00020001", "\U00020000\U00020002", 1)
    add("CJK extension B vs BMP CJK", "\U00020000", "\u4e00", 1)
    add("NUL inside", "a\u0000b", "ab", 1)
    add("NUL vs empty", "\u0000", "", 1)
    add("NUL vs NUL", "\u0000", "\u0000", 0)
    add("trailing NUL", "abc\u0000", "abc", 1)

    # Lengths around one 64-bit word (63, 64, 65) and two words (127, 128, 129), and a long one that needs
    # 32 blocks: every case below is built twice per length so that both strings cross the boundary.
    for n in (63, 64, 65, 127, 128, 129, 2000):
        base = "".join(rng.choice(ALNUM) for _ in range(n))
        add(f"length {n}: identical", base, base, 0)
        add(f"length {n}: vs empty", base, "", n)
        add(f"length {n}: last character substituted", base, base[:-1] + "#", 1)
        add(f"length {n}: first, middle and last substituted", base,
            "#" + base[1:n // 2] + "$" + base[n // 2 + 1:-1] + "%", 3)
        add(f"length {n}: one appended", base, base + "#", 1)
        add(f"length {n}: one deleted in the middle", base, base[:n // 2] + base[n // 2 + 1:], 1)
        add(f"length {n}: disjoint alphabets", "x" * n, "y" * (n - 1), n)
        emoji = "".join(rng.choice(EMOJI) for _ in range(n))
        add(f"length {n}: emoji, last substituted", emoji, emoji[:-1] + "#", 1)
        # Small alphabets make many matches, which is where a wrong carry between blocks shows.
        if n <= 129:
            a = "".join(rng.choice("abc") for _ in range(n))
            b = "".join(rng.choice("abc") for _ in range(n + rng.randint(-3, 3)))
            add(f"length {n}: random over abc", a, b)
            a = "".join(rng.choice("ab\U0001F600") for _ in range(n))
            b = "".join(rng.choice("ab\U0001F600") for _ in range(n - 1))
            add(f"length {n}: random over ab and an emoji", a, b)
    a = "".join(rng.choice("abcd") for _ in range(2000))
    b = "".join(rng.choice("abcd") for _ in range(1990))
    add("length 2000: random over abcd", a, b)
    add("length 2000 vs 5", a, a[:5])
    add("short vs length 129", "abc", "".join(rng.choice("abc") for _ in range(129)))
    return cases


def bounded_cases(rng):
    cases = []

    def add(name, a, b, max_distance):
        d = textbook_distance(a, b)
        cases.append({"name": name, "a": a, "b": b, "max_distance": max_distance,
                      "expected": d if d <= max_distance else max_distance + 1})

    for m in range(0, 5):
        add(f"kitten/sitting within {m}", "kitten", "sitting", m)
    add("identical within 0", "same", "same", 0)
    add("empty vs abc within 1", "", "abc", 1)
    add("length difference alone exceeds the bound", "a", "a" * 100, 5)
    add("two emoji vs empty within 2 (code points, not UTF-16 units)", "\U0001F600\U0001F600", "", 2)
    add("two emoji vs empty within 1", "\U0001F600\U0001F600", "", 1)
    long_a = "".join(rng.choice(ALNUM) for _ in range(2000))
    long_b = long_a[:700] + "#" + long_a[701:1500] + "$" + long_a[1501:]
    add("length 2000, two substitutions, within 1", long_a, long_b, 1)
    add("length 2000, two substitutions, within 2", long_a, long_b, 2)
    add("length 2000, disjoint, within 10", "a" * 2000, "b" * 2000, 10)
    for n in (64, 65, 129):
        a = "".join(rng.choice("abc") for _ in range(n))
        b = "".join(rng.choice("abc") for _ in range(n))
        d = textbook_distance(a, b)
        for m in (d - 1, d, d + 1):
            add(f"length {n} random over abc within {m}", a, b, m)
    add("huge bound", "kitten", "sitting", 2_000_000_000)

    # Close pairs at every small bound (the bit-parallel strategy answers bounds up to 3 with mbleven) and around the
    # distance: the first and last code points differ, so that nothing is stripped, and a few edits lie between.
    # A generator of their own, so that the cases above keep their strings.
    close = random.Random(20261201)
    mixed = "ab\u00e9\u03b1\u0431\u4e00\U0001F600\U0001F601\U00020000"
    for n in (8, 64, 65, 1000):
        for script, alphabet in (("ascii", ALNUM), ("mixed-script and astral", mixed)):
            a = "".join(close.choice(alphabet) for _ in range(n))
            chars = ["#"] + list(a[1:-1]) + ["$"]
            for _ in range(n // 100 + 2):
                at = close.randrange(1, len(chars) - 1)
                if close.random() < 0.5:
                    chars.insert(at, close.choice(alphabet))
                else:
                    del chars[at]
            b = "".join(chars)
            d = textbook_distance(a, b)
            for m in sorted({0, 1, 2, 3, 4, 5, d - 1, d, d + 1} - {-1}):
                add(f"length {n} {script}, ends and {n // 100 + 2} more edits, within {m}", a, b, m)
    for m in range(3):
        add(f"one side empty once stripped, within {m}", "prefix-suffix", "prefix-XY-suffix", m)
    return cases


def nearest_cases():
    cases = []

    def add(name, query, corpus, k, max_distance=None):
        scored = [(textbook_distance(query, s), i) for i, s in enumerate(corpus)]
        if max_distance is not None:
            scored = [x for x in scored if x[0] <= max_distance]
        scored.sort()
        cases.append({"name": name, "query": query, "corpus": corpus, "k": k, "max_distance": max_distance,
                      "expected": [{"index": i, "distance": d} for d, i in scored[:k]]})

    words = ["sitting", "kitten", "mitten", "bitten", "smitten", "kit", "kitchen", ""]
    add("kitten, k 3", "kitten", words, 3)
    add("ties broken by the lower index", "ab", ["ac", "ad", "ab", "a", "abc", "xb"], 4)
    add("duplicates keep corpus order", "abc", ["abd", "abc", "abd", "abc"], 4)
    add("k larger than the corpus", "kitten", words, 100)
    add("k zero", "kitten", words, 0)
    add("empty corpus", "kitten", [], 5)
    add("max_distance filters", "abc", ["abc", "abd", "xyz", "ab", "abcdef"], 10, 1)
    add("max_distance zero keeps exact matches only", "abc", ["abd", "abc", "xabc", "abc"], 10, 0)
    add("nothing within max_distance", "abc", ["xyz", "uvw"], 3, 1)
    add("empty query", "", ["abc", "", "a", "ab"], 3)
    add("astral query", "\U0001F600b", ["ab", "\U0001F600", "\U0001F601b", "b", "\U0001F600b"], 3)
    add("NUL in corpus", "a\u0000", ["a", "a\u0000", "\u0000a"], 3)
    long = "".join(random.Random(7).choice("abc") for _ in range(130))
    add("long entries across word boundaries", long[:64],
        [long[:63], long[:65], long, long[1:65], long[:64][::-1]], 5, 70)

    # Lanes: bit-parallel nearest packs entries of up to 8, 16, 32 and 64 code points into the lanes of a register.
    # Entries at both sides of each width, corpora whose sizes are not a multiple of any lane count, close copies of
    # the query among them (so that bounds 0 to 4 cut through the results and ties fall between lengths), ASCII and
    # mixed-script with astral text, and queries shorter and longer than the entries. A generator of its own, so that
    # the cases above keep their strings.
    lanes = random.Random(20261202)
    mixed = "ab\u00e9\u03b1\u0431\u4e00\U0001F600\U0001F601\U00020000"
    for script, alphabet in (("ascii", "abcd"), ("mixed-script and astral", mixed)):
        for size in (37, 101):
            for query_length in (8, 20, 70):
                query = "".join(lanes.choice(alphabet) for _ in range(query_length))
                corpus = []
                for i in range(size):
                    n = (7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65)[i % 12]
                    if i % 3 == 0:
                        # A copy of the query cut or padded to n, with one or two edits.
                        entry = list((query * (n // query_length + 1))[:n])
                        for _ in range(1 + i % 2):
                            entry[lanes.randrange(n)] = lanes.choice(alphabet)
                        corpus.append("".join(entry))
                    else:
                        corpus.append("".join(lanes.choice(alphabet) for _ in range(n)))
                # Bounds at and just above the best distances, where the k-th-best bound and the ties decide.
                best = sorted(textbook_distance(query, entry) for entry in corpus)
                for k, max_distance in ((10, None), (3, best[2]), (5, best[0] + 1), (size, best[0]), (7, 4)):
                    add(f"lanes: {script}, {size} entries of 7 to 65, query {query_length}, k {k}, max {max_distance}",
                        query, corpus, k, max_distance)
    return cases


def utf16(*units):
    """A string given as UTF-16 code units, because JSON text cannot carry a lone surrogate through every parser."""
    return {"utf16": list(units)}


def error_cases():
    a, b = ord("a"), ord("b")
    return [
        {"name": "null a", "call": "distance", "a": None, "b": "b", "error": "null", "argument": "a"},
        {"name": "null b", "call": "distance", "a": "a", "b": None, "error": "null", "argument": "b"},
        {"name": "null a, bounded", "call": "distance", "a": None, "b": "b", "max_distance": 3,
         "error": "null", "argument": "a"},
        {"name": "null query", "call": "nearest", "query": None, "corpus": ["a"], "k": 1,
         "error": "null", "argument": "query"},
        {"name": "null corpus", "call": "nearest", "query": "a", "corpus": None, "k": 1,
         "error": "null", "argument": "corpus"},
        {"name": "null corpus entry", "call": "nearest", "query": "a", "corpus": ["a", None], "k": 1,
         "error": "null", "argument": "corpus", "item": 1},
        {"name": "lone high surrogate at the end", "call": "distance", "a": utf16(a, b, 0xD800), "b": "ab",
         "error": "invalid_string", "argument": "a", "position_utf16": 2, "position_code_point": 2},
        {"name": "lone low surrogate at the start", "call": "distance", "a": "ab", "b": utf16(0xDC00, a),
         "error": "invalid_string", "argument": "b", "position_utf16": 0, "position_code_point": 0},
        {"name": "high surrogate followed by a letter", "call": "distance", "a": utf16(a, 0xD800, a), "b": "a",
         "error": "invalid_string", "argument": "a", "position_utf16": 1, "position_code_point": 1},
        {"name": "surrogates in the wrong order", "call": "distance", "a": utf16(0xDC00, 0xD800), "b": "",
         "error": "invalid_string", "argument": "a", "position_utf16": 0, "position_code_point": 0},
        {"name": "lone surrogate after an emoji: positions differ by unit", "call": "distance",
         "a": utf16(0xD83D, 0xDE00, 0xD800), "b": "a", "max_distance": 1,
         "error": "invalid_string", "argument": "a", "position_utf16": 2, "position_code_point": 1},
        {"name": "lone surrogate in the query", "call": "nearest", "query": utf16(a, 0xDFFF), "corpus": ["a"],
         "k": 1, "error": "invalid_string", "argument": "query", "position_utf16": 1, "position_code_point": 1},
        {"name": "lone surrogate in a corpus entry", "call": "nearest", "query": "a",
         "corpus": ["a", "b", utf16(b, b, 0xD800)], "k": 1,
         "error": "invalid_string", "argument": "corpus", "item": 2, "position_utf16": 2, "position_code_point": 2},
        {"name": "negative max_distance", "call": "distance", "a": "a", "b": "b", "max_distance": -1,
         "error": "negative", "argument": "max_distance"},
        {"name": "negative k", "call": "nearest", "query": "a", "corpus": ["a"], "k": -1,
         "error": "negative", "argument": "k"},
        {"name": "negative max_distance in nearest", "call": "nearest", "query": "a", "corpus": ["a"], "k": 1,
         "max_distance": -2, "error": "negative", "argument": "max_distance"},
        # Several mistakes in one call: the first wrong argument in parameter order is reported, and in a
        # corpus the first wrong entry, whatever is wrong with it.
        {"name": "two mistakes: a lone surrogate in a, then a negative bound", "call": "distance",
         "a": utf16(0xD800), "b": "x", "max_distance": -1,
         "error": "invalid_string", "argument": "a", "position_utf16": 0, "position_code_point": 0},
        {"name": "two mistakes: a lone surrogate in a, then a null b", "call": "distance",
         "a": utf16(a, 0xDC00), "b": None,
         "error": "invalid_string", "argument": "a", "position_utf16": 1, "position_code_point": 1},
        {"name": "two mistakes: a lone surrogate in the query, then a negative k", "call": "nearest",
         "query": utf16(0xD800), "corpus": ["a"], "k": -1,
         "error": "invalid_string", "argument": "query", "position_utf16": 0, "position_code_point": 0},
        {"name": "two mistakes in the corpus: a lone surrogate, then a null entry", "call": "nearest",
         "query": "kitten", "corpus": ["a", utf16(0xD800), None], "k": 3,
         "error": "invalid_string", "argument": "corpus", "item": 1, "position_utf16": 0, "position_code_point": 0},
        {"name": "two mistakes in the corpus: a null entry, then a lone surrogate, and a negative k",
         "call": "nearest", "query": "kitten", "corpus": ["a", None, utf16(0xD800)], "k": -1,
         "error": "null", "argument": "corpus", "item": 1},
    ]


def write(name, cases):
    path = HERE / name
    text = json.dumps({"cases": cases}, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")
    print(f"{path.name}: {len(cases)} cases")


def main():
    rng = random.Random(20261125)
    write("distance.json", distance_cases(rng))
    write("bounded.json", bounded_cases(rng))
    write("nearest.json", nearest_cases())
    write("errors.json", error_cases())


if __name__ == "__main__":
    main()
