"""mbleven (Fujimoto 2018): a small bound's distance by trying the few edit paths it allows.

A distance of at most ``max_distance`` is at most that many edits. In an optimal alignment equal code points can
always be matched as they come (if a[i] == b[j], some optimal path takes the diagonal step there), so the path is
fixed by which edit it makes at each mismatch: substitute (both strings advance), delete from the longer (the longer
advances) or insert (the shorter advances). A *model* is such a sequence; one whose deletes minus inserts equal the
length gap ends both strings together. Walking both strings under a model costs one per mismatch, and the model's next
edit is taken at each; what is left of either string at the end costs one per code point. The distance is the
cheapest walk over all models, and ``max_distance + 1`` when every model needs more edits.

For bounds up to ``MAX_BOUND`` there are at most 7 models, each walked only until its cost reaches the best so far, so
a call costs a few passes over the strings' first differences instead of a pattern table and a matrix. The models are
generated from that rule at import (``_generate``).

Same algorithm, same model order: Rust mbleven.rs ``distance``, C# Levenshtein.Mbleven.cs ``Mbleven``.
"""

# The largest bound mbleven answers. Models of max edits number 1, 2, 3 and 7 for a gap of zero and max = 0..3; at 4
# there are 19 walks per call, where the bit-parallel band costs about the same.
MAX_BOUND = 3

# Edits, two bits each, the first edit in the lowest bits. Bit 0 advances the shorter string, bit 1 the longer: a
# substitution advances both, a delete (a code point of the longer string that the shorter lacks) the longer, an
# insert the shorter.
_SUBSTITUTE = 0b11
_DELETE = 0b10
_INSERT = 0b01


def _generate(max_distance, gap):
    """Every sequence of ``max_distance`` edits, in base 3 (digit 0 substitute, 1 delete, 2 insert; the first edit the
    lowest digit, so that substitutions come first), kept when deletes - inserts == ``gap``. The same enumeration in
    every language: Rust mbleven.rs ``Models::generate``, C# Levenshtein.Mbleven.cs ``MblevenModels.Generate``.

    Models of fewer edits are not needed: one padded with substitutions at its end walks the same way until its own
    edits run out, and where the shorter model would then stop at a mismatch, the padded one goes on.
    """
    models = []
    for code in range(3 ** max_distance):
        model = deletes = inserts = 0
        for position in range(max_distance):
            digit = code // 3 ** position % 3
            edit = (_SUBSTITUTE, _DELETE, _INSERT)[digit]
            deletes += edit == _DELETE
            inserts += edit == _INSERT
            model |= edit << (2 * position)
        if deletes - inserts == gap:
            models.append(model)
    return tuple(models)


# _MODELS[max_distance][gap], for gap <= max_distance <= MAX_BOUND.
_MODELS = tuple(tuple(_generate(bound, gap) for gap in range(bound + 1)) for bound in range(MAX_BOUND + 1))


def distance(short, long, max_distance):
    """The distance between ``short`` and ``long`` when it is at most ``max_distance``, otherwise ``max_distance + 1``.

    ``short`` is no longer than ``long``, their gap is at most ``max_distance``, and ``max_distance <= MAX_BOUND``. The
    front strips the common prefix and suffix first, so a walk starts at a mismatch, but any input is answered.
    """
    n, m = len(short), len(long)
    gap = m - n
    # Strings that differ are at least one edit apart, and never closer than their gap: a model reaching that cannot
    # be beaten. (Equal strings stop at the first model, at 0.)
    floor = max(gap, 1)
    best = max_distance + 1
    for model in _MODELS[max_distance][gap]:
        # The walk, written out: a call per model would cost about as much as a short walk.
        i = j = cost = 0
        while i < n and j < m:
            if short[i] == long[j]:
                i += 1
                j += 1
                continue
            cost += 1
            # A model holds exactly max_distance edits and best is at most max_distance + 1: running out of edits
            # is reaching it.
            if cost >= best:
                break
            i += model & 1
            j += model >> 1 & 1
            model >>= 2
        else:
            cost += n - i + m - j
            if cost < best:
                best = cost
                if best <= floor:
                    break
    return best
