"""Myers/Hyyrö bit-parallel Levenshtein on Python integers.

One bit per code point of the pattern, one loop iteration per code point of the text, in one of three layouts:

- *whole-pattern ints* (``_pattern_match``, ``_myers``): one int per distinct code point of the pattern, as wide as
  the pattern, so that CPython's big-integer arithmetic, in C, does the block-wise carries that 64-bit words need.
  The interpreter overhead is paid per text character instead of per DP cell: measured ~19x faster than
  Wagner–Fischer at 64 code points and ~220x at 1000. Its table takes distinct code points x length / 8 bytes,
  so it is used only while that stays small (``_whole_table_fits``).
- *blocks* (``_blocks``, ``_banded``): the pattern cut into blocks of ``_WIDTH`` code points, each with a table of
  only the code points it holds, the horizontal delta carried from block to block. Memory stays proportional to
  the pattern's length whatever its alphabet, and with a bound only the blocks meeting the diagonal band are
  computed, so a bounded call on long strings costs O(text x (bound / _WIDTH + 2)) block steps.
- *band word* (``_band_word``): a bound whose band fits 63 rows is computed in one 64-bit int that slides down the
  pattern, whose masks are kept for a window of 64 pattern positions: the pattern is read only as far as the band
  reaches, and no table of it is built.

The algorithm is the one of rust/edit_distance/src/bitparallel.rs, where the corresponding pieces are named.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from . import _mbleven, lanes
from ._affix import strip_common_affixes
from ._checked import CheckedCorpus, checked_distance, checked_nearest
from .nearest import Match, top_k

# Bits per block. A block step is ~20 big-integer operations, each dispatched by the interpreter at a cost that
# matches the arithmetic itself at about a thousand bits: measured per block step 0.43 us at 64 and 256 bits,
# 0.54 at 512, 0.69 at 1024, 1.04 at 2048, 1.97 at 4096, i.e. per DP cell 6.7, 1.7, 1.06, 0.67, 0.51, 0.48 ns
# against 0.38 for whole-pattern ints (32 768 random CJK code points). Wider blocks make the unbounded loop
# cheaper per cell, narrower ones a narrow band cheaper per column, and the width caps the table: a code point
# that occurs more than once in a block needs an int of its own, up to _WIDTH bits. With every code point twice
# per block, once at its top (the worst case), the tables take 117 bytes per pattern code point at 1024, 168 at
# 2048, 270 at 4096. 1024 keeps the ~200 bytes per code point with a margin, a band of a few rows within one or
# two blocks, and the unbounded loop within ~1.8x of whole-pattern ints.
_WIDTH = 1024
# The entry of a code point that occurs once in a block is one of these, shared by every block: in a
# large-alphabet pattern most entries are, so they cost the table no int of their own.
_BITS = tuple(1 << k for k in range(_WIDTH))

# The whole-pattern table may always take this much, and beyond it as much per pattern code point as 256 distinct
# code points would (Rust: DENSE_BUDGET and DENSE_BYTES_PER_SYMBOL in PatternMatch::build). With n-bit rows, any
# pattern of up to ~5 400 code points fits whatever its alphabet, and a longer one fits with at most ~240
# distinct code points.
_WHOLE_BUDGET = 4 << 20
_WHOLE_BYTES_PER_CODE_POINT = 32

# With a bound, the band pays for itself once the pattern is this much longer than the band is tall (max_distance
# + 1 rows). A banded column costs ~0.5 us plus ~0.37 us per block it meets, a whole-pattern column ~0.2 us plus
# ~0.4 us per 1 000 bits (measured on close ASCII strings of 2 000 to 6 000 code points, bounds 10 to 2 000): the
# band wins from about 1.7 blocks beyond its own height, so it is taken from 2. (Rust's blocks_any weighs the band
# against its own full block loop, which costs the same per block, so there it only has to skip a quarter of them.)
_BAND_MIN_LENGTH = 2 * _WIDTH


def distance(a: str, b: str, max_distance: int | None = None) -> int:
    """Levenshtein distance between ``a`` and ``b`` in code points.

    With ``max_distance``, returns the exact distance when it is at most ``max_distance`` and ``max_distance + 1``
    otherwise, stopping as soon as the remaining text cannot bring the score back within the bound.
    """
    return checked_distance(_distance, a, b, max_distance)


def nearest(query: str, corpus: Iterable[str], k: int, max_distance: int | None = None) -> list[Match]:
    """The ``k`` entries of ``corpus`` closest to ``query`` as a sorted list of Match (see ``edit_distance.nearest``)."""
    return checked_nearest(_nearest, query, corpus, k, max_distance)


def _nearest(query, entries, k, max_distance):
    m = len(query)
    if m == 0:
        return top_k(entries, k, max_distance, lambda entry, bound: len(entry))
    if not _whole_table_fits(query):
        # A long query with a large alphabet: its whole-pattern table would be the memory problem that the
        # blocks avoid, so each pair goes through _distance, which picks blocks (Rust's Searcher likewise
        # prebuilds short queries only).
        def score(entry, bound):
            return _distance(query, entry, bound)
    else:
        # The pattern-match table is built once per query, not once per pair: the query is the pattern and every
        # entry is scanned as text. (Stripping common affixes per pair would mean rebuilding or shifting it.)
        # (Rust: nearest.rs `Searcher::new`, C#: CSharpCorpus.cs `Search`, both for queries of one word.)
        peq = _pattern_match(query)

        def score(entry, bound):
            # The length gap before the text is touched (Rust: nearest.rs `Searcher::distance`, C#: `Search.Run`).
            n = len(entry)
            if bound is not None and (n - m > bound or m - n > bound):
                return bound + 1
            if n == 0:
                return m
            return _myers(peq, m, entry, bound)

    if lanes.ENABLED and isinstance(entries, CheckedCorpus):
        # A corpus built its lane tables once: the short entries are scored many per int operation, the rest
        # through `score` (Rust: lanes.rs, C#: Lanes.cs).
        return lanes.search(entries._lanes, query, entries._entries, k, max_distance, score)
    return top_k(entries, k, max_distance, score)


def _distance(a, b, max_distance):
    # The front shared with dp.py `_distance`: equal strings, common affixes, the length gap (Rust: distance.rs
    # `distance_symbols`, C#: Levenshtein.cs `Compute`).
    if a == b:
        return 0
    a, b = strip_common_affixes(a, b)
    if len(a) < len(b):
        a, b = b, a
    m, n = len(a), len(b)
    if max_distance is not None:
        if m - n > max_distance:
            return max_distance + 1
        if max_distance >= m:
            max_distance = None  # No distance exceeds the longer length: the bound cannot change the result.
    if not n:
        return m
    # With the bound capped at the longer length, a small string is answered by mbleven whatever the bound. dp keeps
    # the textbook matrix for every bound: it is the baseline the benchmarks compare this strategy with. Same
    # dispatch: Rust distance.rs `distance_symbols`, C# Levenshtein.cs `Compute`.
    bound = m if max_distance is None else max_distance
    if bound <= _mbleven.MAX_BOUND:
        return _mbleven.distance(b, a, bound)
    # A long pattern whose band fits a word needs no table of the whole pattern; shorter ones keep the whole-pattern
    # ints. Same choice: Rust bitparallel.rs `distance`, C# Levenshtein.BitParallel.cs `HyyroBlocks`.
    if max_distance is not None and n > 64 and _band_fits_word(n, m, max_distance):
        return _band_word(b, a, max_distance)
    if max_distance is None or n < _BAND_MIN_LENGTH + max_distance:
        # The loop runs over the text, so the longer string is preferably the pattern: fewer iterations, wider
        # integers, which CPython handles in C.
        if m <= _WHOLE_LENGTH or _whole_table_fits(a):
            return _myers(_pattern_match(a), m, b, max_distance)
        if n <= _WHOLE_LENGTH or _whole_table_fits(b):
            return _myers(_pattern_match(b), n, a, max_distance)
        if max_distance is None:
            return _blocks(b, a)
    # The blocks take the shorter string as the pattern, as Rust does, so that the band is Rust's exactly. With a
    # bound the band is never worse than all the blocks: it advances a subset of them by the same step.
    return _banded(b, a, max_distance)


def _band_fits_word(n, m, max_distance):
    """Whether the band of a bounded call fits ``_band_word``'s 64 bits (Rust: ``band_fits_word``): it is d + 2h + 1
    rows tall (d = m - n, h = (max_distance - d) // 2), below the row that each column's step drops."""
    d = m - n
    return d + 2 * ((max_distance - d) // 2) + 1 <= 63


_WORD = (1 << 64) - 1
_TOP = 1 << 63


def _band_word(pattern, text, max_distance):
    """The diagonal band in one 64-bit word that slides down the pattern (Rust: ``band_word``, whose doc comment
    proves it): the distance of ``pattern`` (n > 64 code points) and a ``text`` at least as long when it is at most
    ``max_distance`` (m - n <= max_distance < m, ``_band_fits_word``), otherwise ``max_distance + 1``.

    Bit k of the word is row j - d - h - 1 + k of column j; each column's step moves it up one bit, the row joining at
    bit 63 one more than the row above it. The masks come from a window of 64 pattern positions that slides one
    position per column: ``masks[c]`` holds the positions of ``c`` as of the window start at which it was last
    updated, so a position costs one update when it enters and the pattern is read only as far as the band reaches.
    ``score`` follows the diagonal that ends in the last cell (bit h + 1); above the bound, no path within it is left.
    Every word is kept to 64 bits, as Rust's are: a carry out of the top bit is dropped.
    """
    n, m = len(pattern), len(text)
    d = m - n
    h = (max_distance - d) // 2
    # Bit 0 of column j (from 0) is pattern index j - d - h - 1; the index entering at bit 63 is p = j + entering,
    # and its window start is p + 1, which is what every mask is kept relative to.
    entering = 62 - d - h
    masks = {}
    get = masks.get
    for p, c in enumerate(pattern[:entering], 1):
        found = get(c)
        masks[c] = (_TOP if found is None else (found[0] >> (p - found[1])) | _TOP, p)
    # Column 0: rows 1.. one more than the row above, rows up to 0 all equal.
    vp = _WORD >> (d + h + 1) << (d + h + 1)
    vn = 0
    score = 0
    track = 1 << (h + 1)
    for start, c in enumerate(text, entering + 1):
        if start <= n:
            e = pattern[start - 1]
            found = get(e)
            masks[e] = (_TOP if found is None else (found[0] >> (start - found[1])) | _TOP, start)
        found = get(c)
        x = 0 if found is None else found[0] >> (start - found[1])
        d0 = ((((x & vp) + vp) ^ vp) | x | vn) & _WORD
        hp = (vn | ~(d0 | vp)) & _WORD
        vp = ((d0 & vp) | ~((d0 >> 1) | hp)) & _WORD | _TOP
        vn = (d0 >> 1) & hp
        if not d0 & track:
            score += 1
            if score > max_distance:
                return max_distance + 1
    return score


def _row_bytes(n):
    """Bytes of one whole-pattern int of ``n`` bits and its dict entry: 30 bits per 4-byte digit, a 24-byte header."""
    return (n // 30 + 1) * 4 + 64


def _whole_table_fits(pattern):
    """Whether one whole-pattern int per distinct code point stays within the budget (Rust: the dense layout)."""
    n = len(pattern)
    if n <= _WHOLE_LENGTH:
        return True  # At most one row per code point: no need to count them.
    return len(set(pattern)) * _row_bytes(n) <= max(_WHOLE_BUDGET, _WHOLE_BYTES_PER_CODE_POINT * n)


# The longest pattern whose table fits the budget even if every code point differs (~5 400).
_WHOLE_LENGTH = bisect_right(range(1 << 16), _WHOLE_BUDGET, key=lambda n: n * _row_bytes(n)) - 1


def _pattern_match(pattern):
    """Bit i of ``peq[c]`` is set when ``pattern[i] == c``. A dict, because code points range up to U+10FFFF."""
    peq = {}
    get = peq.get
    bit = 1
    for c in pattern:
        peq[c] = get(c, 0) | bit
        bit <<= 1
    return peq


def _myers(peq, m, text, max_distance):
    """Distance between the pattern behind ``peq`` (``m`` >= 1 code points) and a non-empty ``text``.

    Hyyrö's formulation of Myers' algorithm: ``vp``/``vn`` hold the +1/-1 vertical deltas of the current DP
    column, ``score`` tracks its last cell. ``~`` on a Python int is an infinite two's-complement negation, so
    ``vp`` is masked back to ``m`` bits every step; every other vector derives from it and stays bounded.
    """
    full = (1 << m) - 1
    last = 1 << (m - 1)
    vp = full
    vn = 0
    score = m
    get = peq.get
    if max_distance is None:
        for c in text:
            eq = get(c, 0)
            xv = eq | vn
            xh = (((eq & vp) + vp) ^ vp) | eq
            hp = vn | ~(xh | vp)
            hn = vp & xh
            if hp & last:
                score += 1
            elif hn & last:
                score -= 1
            hp = (hp << 1) | 1
            vp = ((hn << 1) | ~(xv | hp)) & full
            vn = hp & xv
        return score
    # Each remaining text character can lower the score by at most one, so once score - remaining exceeds the
    # bound the final distance must too (Rust: `single_word_loop`, C#: `MyersSingleWord`). Kept as a separate loop so that the unbounded one stays lean.
    limit = max_distance + len(text)
    for c in text:
        eq = get(c, 0)
        xv = eq | vn
        xh = (((eq & vp) + vp) ^ vp) | eq
        hp = vn | ~(xh | vp)
        hn = vp & xh
        if hp & last:
            score += 1
        elif hn & last:
            score -= 1
        limit -= 1
        if score > limit:
            return max_distance + 1
        hp = (hp << 1) | 1
        vp = ((hn << 1) | ~(xv | hp)) & full
        vn = hp & xv
    return score if score <= max_distance else max_distance + 1


def _block_table(pattern, start, width, keys=None):
    """The code points of ``pattern[start:start + width]``, each with the bits of its positions in the block.

    The per-block counterpart of Rust's sparse layout (PatternMatch::build_sparse): a code point costs an entry
    only in the blocks it occurs in. ``keys``, when given, maps each code point to one str object shared by every
    block's table, where iterating the pattern makes a new one for each occurrence outside Latin-1.
    """
    table = {}
    get = table.get
    if keys is None:
        for bit, c in zip(_BITS, pattern[start:start + width]):
            found = get(c)
            table[c] = bit if found is None else found | bit
    else:
        key = keys.setdefault
        for bit, c in zip(_BITS, pattern[start:start + width]):
            found = get(c)
            table[key(c, c)] = bit if found is None else found | bit
    return table


# The block step, written out in _blocks and _banded (a call per block would cost as much as its arithmetic), is
# Myers' (1999) step with the horizontal deltas entering the block's first row (hp_in, hn_in: 0 or 1) and leaving
# its last (Rust: ``step``):
#
#     xv = eq | vn;  eq |= hn_in;  xh = (((eq & vp) + vp) ^ vp) | eq
#     hp = vn | ~(xh | vp);  hn = vp & xh        # their top bits (width - 1) leave for the next block
#     hp = (hp << 1) | hp_in;  hn = (hn << 1) | hn_in
#     vp = (hn | ~(xv | hp)) & full;  vn = hp & xv   # full: the block's width of ones
#
# vp is masked to the block; hn (below vp) and vn (below xv) stay within it, hp is negative above it. Bits of the
# last block beyond the pattern's end hold anything: carries only move upwards, away from the pattern's rows.


def _blocks(pattern, text, width=_WIDTH):
    """Distance between ``pattern`` and ``text`` (both non-empty), advancing every block of the pattern per text
    code point (Rust: ``blocks``). For unbounded calls only: with a bound, ``_banded`` does the same steps on a
    subset of the blocks. ``width`` (at most ``_WIDTH``) is a parameter so that the tests can reach every block
    edge with short strings.

    Rust advances two text symbols per pass over the blocks, to load and store each block's vectors once for
    both; here that measured within noise (~4%): the big-integer steps dominate, not the list accesses.
    """
    n = len(pattern)
    count = (n + width - 1) // width
    # One str per code point shared by all the tables, dropped with `keys` after building: for 200 000 random
    # CJK code points from a 20 000-character alphabet, 36 bytes per pattern code point instead of 102 (measured
    # with tracemalloc).
    keys = {}
    tables = [_block_table(pattern, start, width, keys) for start in range(0, n, width)]
    del keys
    top = width - 1
    full = (1 << width) - 1
    vps = [full] * count
    vns = [0] * count
    last = 1 << ((n - 1) % width)
    score = n
    blocks = range(count)
    for c in text:
        # The row above the pattern grows by one per column: hp = +1 enters the first block.
        hp_in, hn_in = 1, 0
        for b in blocks:
            vp = vps[b]
            vn = vns[b]
            eq = tables[b].get(c, 0)
            xv = eq | vn
            if hn_in:
                eq |= 1
            xh = (((eq & vp) + vp) ^ vp) | eq
            hp = vn | ~(xh | vp)
            hn = vp & xh
            shifted = (hp << 1) | hp_in
            hp_in = hp >> top & 1
            vns[b] = shifted & xv
            vps[b] = ((hn << 1) | hn_in | ~(xv | shifted)) & full
            hn_in = hn >> top
        if hp & last:
            score += 1
        elif hn & last:
            score -= 1
    return score


def _banded(pattern, text, max_distance, width=_WIDTH):
    """``_blocks`` restricted to the diagonal band (Rust: ``blocks_banded``, whose doc comment proves the band and
    its early exit): the distance when it is at most ``max_distance``, otherwise ``max_distance + 1``.

    ``pattern`` (n >= 1 code points) is no longer than ``text`` (m), and m - n <= ``max_distance`` < m. With
    d = m - n and h = (max - d) // 2, a path of cost <= max crosses column j only in rows j - d - h ..= j + h,
    and only the blocks holding them are advanced. A block joins with vp = all ones, vn = 0 (each row one more than
    the one above), the row above the first computed block is taken to grow by one per column (hp = +1, hn = 0
    enter it): every value computed is at least the true one, and exact along an optimal path in the band.
    ``score`` is the bottom row r of the last computed block; once score > max + (r + d - j) the distance is
    above max.

    A block's table is built when the band reaches it and dropped, with its vectors, when the band leaves it, so a
    call that stops early, or a narrow band, touches only the part of the pattern around the diagonal (Rust builds
    the whole table first; building on demand costs nothing more and makes the memory the band's). The tables share
    no keys, unlike ``_blocks``': few live at a time, and a map of shared keys would grow with every block passed.
    ``width`` as in ``_blocks``. The block step is written out here and in ``_blocks`` rather than shared: CPython
    does not inline, and a call per block step would cost about as much as the step.
    """
    n, m = len(pattern), len(text)
    d = m - n
    h = (max_distance - d) // 2
    top = width - 1
    full = (1 << width) - 1
    count = (n + top) // width
    tables = [None] * count
    vps = [full] * count
    vns = [0] * count
    # The blocks of column 1 are those down to row 1 + h; they start with D[i][0] = i, which is what a joining
    # block assumes, and `score` starts as the last one's bottom row.
    last = (min(1 + h, n) - 1) // width
    for b in range(last + 1):
        tables[b] = _block_table(pattern, b * width, width)
    first = 0
    # The columns at which the band's bottom row (j + h) enters block last + 1, and its top row (j - d - h) leaves
    # block `first`: one row further per column, so at most one block joins and one leaves per column.
    join_at = width * (last + 1) - h + 1 if last + 1 < count else m + 1
    leave_at = width + d + h + 1
    bottom_row = min(width * (last + 1), n)
    score = bottom_row
    bit = 1 << ((bottom_row - 1) % width)
    # The early exit as `score + j > exit_limit`, with j the column: it changes only when a block joins.
    exit_limit = max_distance + d + bottom_row
    span = range(first, last + 1)  # Rebuilt only when it changes: a range per column costs a tenth of a block step.
    for j, c in enumerate(text, 1):
        if j == join_at:
            last += 1
            tables[last] = _block_table(pattern, last * width, width)
            bottom_row = min(width * (last + 1), n)
            # The new block's rows, each one more than the one above: its bottom row is the old one plus its height.
            score += bottom_row - width * last
            bit = 1 << ((bottom_row - 1) % width)
            exit_limit = max_distance + d + bottom_row
            join_at = join_at + width if last + 1 < count else m + 1
            span = range(first, last + 1)
        if j == leave_at:
            tables[first] = vps[first] = vns[first] = None
            first += 1
            leave_at += width
            span = range(first, last + 1)
        hp_in, hn_in = 1, 0
        for b in span:
            vp = vps[b]
            vn = vns[b]
            eq = tables[b].get(c, 0)
            xv = eq | vn
            if hn_in:
                eq |= 1
            xh = (((eq & vp) + vp) ^ vp) | eq
            hp = vn | ~(xh | vp)
            hn = vp & xh
            shifted = (hp << 1) | hp_in
            hp_in = hp >> top & 1
            vns[b] = shifted & xv
            vps[b] = ((hn << 1) | hn_in | ~(xv | shifted)) & full
            hn_in = hn >> top
        if hp & bit:
            score += 1
        elif hn & bit:
            score -= 1
        if score + j > exit_limit:
            return max_distance + 1
    return score if score <= max_distance else max_distance + 1
