"""Many short corpus entries per big-integer operation for ``nearest`` with the bitparallel strategy ("lanes").

The recurrence is bitparallel.py's ``_myers`` with the roles turned around: each corpus entry is the pattern of
one *lane*, the query is the text, and one pass over the query advances every lane at once. Python has no SIMD,
so the lanes are packed SWAR-style into one int, each in a field of ``width`` bits: the entry's ``n`` bits, then
at least one guard bit above them that keeps every carry inside its lane.

- Entries are grouped by their exact length ``n``, so the "last row" bit ``n - 1`` sits at the same offset in every
  lane of a group and the score update is one shift and one mask for the whole group. Each group is cut into
  chunks (``_chunks``), and each chunk has, built once per corpus, a dict code point -> the int whose lanes hold
  the positions of that code point in each entry.
- The Myers step on packed lanes (``search``): ``(eq & vp) + vp`` carries out of bit ``n - 1`` into the lane's
  guard bit, never further (both terms are below ``2**n``); ``~x`` is written ``x ^ full`` so that no int goes
  negative; ``hp`` keeps that carry in its guard bit, which ``vn = hp & xv`` and the mask of ``vp`` drop, and
  shifted it brings the top bit of the lane below into bit 0, which the ``| low`` sets anyway; ``vp`` is masked
  with ``full`` (the ``n`` low bits of every lane), and ``vn``, ``hn`` and ``eq`` stay within those bits too.
- Scores are counters in the same lanes, starting at ``n``, plus one where ``hp`` has bit ``n - 1`` set and minus
  one where ``hn`` has it. The counter is the last row of the DP column, always in 0..max(n, m) for a query of
  ``m`` code points, so plain int addition and subtraction never carry or borrow across lanes while
  ``max(n, m) < 2**(width - 1)``. The top bit of a lane is then free for comparisons: adding
  ``2**(width - 1) - 1 - t`` to every counter sets it exactly in the lanes whose score exceeds ``t``.
- The search visits groups by ``|n - m|`` ascending, and the k-th best distance so far bounds what follows: a group
  whose length gap exceeds it is not touched, nor is any later one, and of a group whose gap equals it only the
  lanes below the k-th's index are computed (the lower index wins a tie). A chunk goes through the scalar path
  when its counters are too narrow for the query, or when the query is over ``_LONGEST_QUERY_PER_CODE_POINT``
  times longer than its entries: lanes take every step of the query, the scalar path stops at the bound.

Rust: lanes.rs; C#: Lanes.cs (the same design with vector registers, whose lane widths are fixed at 8 to 64 bits).
"""

from array import array
from bisect import bisect_left, bisect_right
from heapq import heappush, heapreplace

from .nearest import Match

# Read on every query: the tests set it to False to force the scalar path (Rust: lanes.rs `force_level`, C#:
# Lanes.cs `ForcedWidth`).
ENABLED = True

# Memory must follow the corpus's length, never its alphabet. A chunk's table holds one int of (lanes x width)
# bits per distinct code point of the chunk, even for a code point that occurs once, so a chunk is closed before
# an entry would bring its rows above LANE_TABLE_BUDGET bytes per code point it holds:
#     distinct code points x lanes x width / 8 <= LANE_TABLE_BUDGET x lanes x n.
# The benchmark's English words take 4.7 bytes of rows per code point in one chunk per length (up to 2**16 bits);
# random CJK words get chunks of a few dozen entries. Each row also costs ~60 bytes of int header and dict slot
# (and each code point one shared key), but a chunk has at most one row per code point it holds, so the tables
# stay within a constant number of bytes per corpus code point: measured with tracemalloc, 7 for the benchmark's
# corpus, ~100 for random CJK words, ~170 when every entry is one code point of its own.
# (Same budget: Rust lanes.rs and C# Lanes.cs, where a class over budget stays on the scalar path.)
LANE_TABLE_BUDGET = 32

# Longer entries stay on the scalar path, as in Rust and C#, whose widest lanes are 64 bits: a long entry fills
# a chunk with few lanes, where one int operation per lane is what the scalar path costs anyway.
_MAX_LENGTH = 64

# Bits per chunk. Measured per lane and query step (9-bit lanes): 62 ns at 2**10 bits, 18 at 2**14, 13.8 at
# 2**16, 13.0 at 2**17, 12.4 at 2**18, 15.7 at 2**22: beyond 2**16 the interpreter's overhead per operation is
# paid off, and smaller chunks let a chunk of late entries be skipped (``search``: ties go to the lower index).
_CHUNK_BITS = 1 << 16

# Lanes advance every lane by every code point of the query, where the scalar path scans an entry as the text and
# stops once the bound is out of reach: for a query much longer than the entries, that is the faster one. Measured
# (5 000 random entries of n code points, a random query of f x n, k = 10, for n from 4 to 60): lanes 2.3 to 15x
# faster at f = 6, from 0.45 to 1.9x at f = 8, 3 to 50x slower at f = 16.
_LONGEST_QUERY_PER_CODE_POINT = 6

# The narrowest lane. A lane's counters stay below 2**(width - 1), so n + 1 bits would take the lanes of entries of
# 1 to 4 code points only for queries of up to 1, 3, 7 or 15; six bits take them for queries of up to 31.
_MIN_WIDTH = 6

# For each dense code of a chunk, the translation of the chunk's codes into the digits of that code's row: b"1"
# for the code, b"0" for every other (``_chunk``).
_ROW_DIGITS = tuple(b"0" * code + b"1" + b"0" * (255 - code) for code in range(256))


class LaneTables:
    """A corpus's entries of 1 to ``_MAX_LENGTH`` code points as packed chunks, and the indices of the others.

    ``groups`` maps a length to its chunks, in corpus order; ``outside`` holds the indices of the entries that the
    scalar path scores (empty, or longer than ``_MAX_LENGTH``).
    """

    __slots__ = ("groups", "outside")

    def __init__(self, groups, outside):
        self.groups = groups
        self.outside = outside


class _Chunk:
    """Lanes of one length: ``indices[lane]`` is the corpus index of the lane's entry (ascending), ``rows`` the
    dict code point -> positions int, ``low`` has bit 0 of every lane set and ``full`` its ``n`` low bits."""

    __slots__ = ("width", "indices", "rows", "low", "full")

    def __init__(self, width, indices, rows, low, full):
        self.width = width
        self.indices = indices
        self.rows = rows
        self.low = low
        self.full = full


def width_of(n):
    """Bits per lane for entries of ``n`` code points: the entry's bits and at least one guard bit."""
    return max(n + 1, _MIN_WIDTH)


def build(entries):
    """The lane tables of a sequence of checked strings (built once per corpus, when it is created)."""
    lengths = list(map(len, entries))
    # Sorted by length, stable (equal lengths keep corpus order), with the key and the comparisons in C.
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    ordered = list(map(lengths.__getitem__, order))
    groups = {}
    outside = array("q")
    # One str per code point for the keys of every chunk's rows, dropped after building: iterating a string makes
    # a new str for each occurrence of a code point beyond Latin-1 (~76 bytes each).
    keys = {}
    for n in sorted(set(lengths)):
        indices = array("q", order[bisect_left(ordered, n):bisect_right(ordered, n)])
        if 0 < n <= _MAX_LENGTH:
            groups[n] = list(_chunks(entries, n, indices, keys))
        else:
            outside.extend(indices)
    return LaneTables(groups, outside)


def _fits(distinct, lanes, n, width):
    """The budget rule (see LANE_TABLE_BUDGET): one row of lanes x width bits per distinct code point."""
    return distinct * lanes * width // 8 <= LANE_TABLE_BUDGET * lanes * n


def _chunks(entries, n, indices, keys):
    """The chunks of the entries at ``indices``, all ``n`` code points long, in corpus order."""
    width = width_of(n)
    most = max(_CHUNK_BITS // width, 1)
    for start in range(0, len(indices), most):
        part = indices[start:start + most]
        text = "".join(map(entries.__getitem__, part))
        symbols = set(text)
        if _fits(len(symbols), len(part), n, width):
            yield _chunk(n, width, part, text, symbols, keys)
            continue
        # A large alphabet: close each chunk before the entry that would take it over the budget. An entry alone
        # always fits (n distinct code points at most, and width <= 256).
        first = 0
        seen = set()
        for lane, index in enumerate(part):
            seen.update(entries[index])
            if not _fits(len(seen), lane + 1 - first, n, width):
                yield _chunk(n, width, part[first:lane], text[first * n:lane * n], None, keys)
                first = lane
                seen = set(entries[index])
        yield _chunk(n, width, part[first:], text[first * n:], seen, keys)


def _chunk(n, width, indices, text, symbols, keys):
    """Packs the entries at ``indices`` (``n`` code points each, ``text`` joined, ``symbols`` its set of code points
    or None) into lanes of ``width`` bits. ``keys`` maps each code point to the str its rows are keyed by."""
    lanes = len(indices)
    if symbols is None:
        symbols = set(text)
    # Dense codes 1..255 for the chunk's code points (the budget allows at most 256 * n / width < 256 of them) and
    # 0 for the padding, so that bytes.translate, in C, writes the digits of each row.
    symbols = list(symbols)
    dense = text.translate({ord(c): code for code, c in enumerate(symbols, 1)}).encode("latin-1")
    # Lane by lane, bit by bit from bit 0: code point j of each entry at character j of its lane's width, the guard
    # bits after them at 0. Reversed, it is the row's digits as int(..., 2) reads them, most significant first.
    packed = bytearray(lanes * width)
    for j in range(n):
        packed[j::width] = dense[j::n]
    packed.reverse()
    key = keys.setdefault
    rows = {key(c, c): int(packed.translate(_ROW_DIGITS[code]), 2) for code, c in enumerate(symbols, 1)}
    low = int(("0" * (width - 1) + "1") * lanes, 2)
    return _Chunk(width, indices, rows, low, low * ((1 << n) - 1))


def search(tables, query, entries, k, max_distance, scalar):
    """The ``k`` entries closest to ``query`` (at least one code point) as a sorted list of Match: the same list
    as nearest.py ``top_k`` with the same arguments.

    ``entries`` are the corpus's strings, ``scalar(entry, bound)`` scores those that no lane holds as ``top_k``'s
    ``score`` does: the exact distance when it is at most ``bound`` (None: unbounded), any larger number otherwise.
    """
    if k == 0:
        return []
    m = len(query)
    best = _Best(k, max_distance)
    groups = tables.groups
    for n in sorted(groups, key=lambda n: (abs(n - m), n)):
        gap = abs(n - m)
        if best.limit is not None and gap > best.limit:
            break  # Every entry of this group and of the later ones is farther than the bound.
        most = max(n, m)
        for chunk in groups[n]:
            indices = chunk.indices
            width = chunk.width
            count = len(indices)
            if gap == best.limit and best.full():
                # At best a tie with the k-th, which only the lanes of a lower index win: a prefix of the chunk,
                # and nothing in the group's later chunks.
                count = bisect_left(indices, best.worst_index())
                if count == 0:
                    break
            if most >= 1 << (width - 1) or m > _LONGEST_QUERY_PER_CODE_POINT * n:
                # The counters would overflow their lanes, or the scalar path is the faster one.
                for index in indices[:count]:
                    if best.full() and gap >= best.limit and index > best.worst_index():
                        break  # Only a tie with the k-th is left, lost to its lower index; so are the next ones.
                    best.offer_scalar(scalar, entries[index], index)
                continue
            low = chunk.low
            full = chunk.full
            rows = chunk.rows
            if count < len(indices):
                # The ints cut to the prefix: every operation then costs its bits only.
                window = (1 << (count * width)) - 1
                low &= window
                full &= window
                rows = {c: rows.get(c, 0) & window for c in set(query)}
            scores = _advance(query, rows.get, low, full, n)
            _select(width, indices, low, scores, gap, most, best)
    for index in tables.outside:
        best.offer_scalar(scalar, entries[index], index)
    return best.matches()


class _Best:
    """The k best (distance, index) pairs offered so far, in a max-heap of (-distance, -index).

    Chunks are not visited in corpus order, so an entry at the k-th distance still displaces the worst kept when
    its index is lower: ``limit``, the bound for what is offered next, is the k-th distance itself, not one less as
    in nearest.py ``top_k`` (Rust: lanes.rs and C#: Lanes.cs keep the same rule). Before the heap is full it is
    ``max_distance`` (None: unbounded).
    """

    __slots__ = ("k", "heap", "limit")

    def __init__(self, k, max_distance):
        self.k = k
        self.heap = []
        self.limit = max_distance

    def full(self):
        return len(self.heap) == self.k

    def worst_index(self):
        return -self.heap[0][1]

    def offer(self, distance, index):
        """Keeps the pair if it is among the k best so far (``distance`` <= ``limit``); False if it is not."""
        heap = self.heap
        key = (-distance, -index)
        if len(heap) < self.k:
            heappush(heap, key)
            if len(heap) < self.k:
                return True
        elif key > heap[0]:
            heapreplace(heap, key)
        else:
            return False
        self.limit = -heap[0][0]
        return True

    def offer_scalar(self, scalar, entry, index):
        """Scores ``entry`` (at ``index``) with the scalar path, against the bound it must meet, and offers it."""
        bound = self.limit
        if bound is not None and self.full() and index > self.worst_index():
            # A tie with the k-th would lose to its lower index: as in top_k, only a strictly closer entry counts,
            # which lets the scalar path stop earlier (or skip the entry on its length gap alone).
            if bound == 0:
                return
            bound -= 1
        distance = scalar(entry, bound)
        if bound is None or distance <= bound:
            self.offer(distance, index)

    def matches(self):
        ordered = sorted(self.heap, reverse=True)
        return [Match(-negated_index, -negated_distance) for negated_distance, negated_index in ordered]


def _advance(query, get, low, full, n):
    """The distances of every lane (entries of ``n`` code points, rows ``get``, ``low`` and ``full`` as in
    ``_Chunk``) to ``query``, as counters in the lanes.

    bitparallel.py ``_myers`` on every lane at once; the module docstring says why the masks suffice.
    """
    vp = full
    vn = 0
    scores = low * n
    last = n - 1
    for c in query:
        eq = get(c, 0)
        xv = eq | vn
        xh = (((eq & vp) + vp) ^ vp) | eq
        hp = vn | ((xh | vp) ^ full)
        hn = vp & xh
        scores += (hp >> last) & low
        scores -= (hn >> last) & low
        hp = (hp << 1) | low
        vp = ((hn << 1) | ((xv | hp) ^ full)) & full
        vn = hp & xv
    return scores


def _select(width, indices, low, scores, least, most, best):
    """Offers the lanes (``low`` has bit 0 of each set, ``indices`` their corpus indices) to ``best`` by distance,
    then by lane (i.e. by index), from ``least`` up, while ``best.limit`` allows, and until one is refused: every
    later lane is then worse still.

    ``scores`` holds the lanes' distances, each in ``least..most``, and ``most < 2**(width - 1)``.
    """
    high = low << (width - 1)
    # Lane by lane, score + 2**(width - 1) - 1 - t has its top bit clear exactly when score <= t; no lane goes
    # negative (t <= most < 2**(width - 1)) or past its top bit (score < 2**(width - 1)), so nothing crosses lanes.
    shifted = scores + ((1 << (width - 1)) - 1 - least) * low
    below = 0
    t = least
    while t <= most and (best.limit is None or t <= best.limit):
        within = (shifted & high) ^ high
        at = within ^ below
        if at:
            for lane in _ascending(at, width):
                if not best.offer(t, indices[lane]):
                    return
            if within == high:
                return  # Every lane has been offered.
        below = within
        shifted -= low
        t += 1


# Lanes ``_ascending`` takes one whole-int operation at a time before it converts the rest to text once: three
# operations cost ~3.6 us on a chunk of 2**16 bits, bin() ~59 us.
_FEW_LANES = 16


def _ascending(bits, width):
    """The lanes whose top bit is set in ``bits``, lowest first."""
    for _ in range(_FEW_LANES):
        if not bits:
            return
        rest = bits & (bits - 1)
        yield ((bits ^ rest).bit_length() - 1) // width
        bits = rest
    if bits:
        # Many lanes (ties): the bits as text, searched from its end (bit 0) towards its start.
        digits = bin(bits)
        size = len(digits) - 1
        end = digits.rfind("1", 2)
        while end >= 0:
            yield (size - end) // width
            end = digits.rfind("1", 2, end)
