"""Common prefix and suffix removal: the cheapest win, taken before either algorithm runs.

Equal ends never change the Levenshtein distance, and random or near-duplicate text often shares them, so cutting
them shrinks the quadratic (dp) or per-character (bitparallel) work for free.
"""


# Rust: distance.rs ``distance_symbols``; C#: Levenshtein.cs ``StripCommonAffixes``.
def strip_common_affixes(a, b):
    """Returns ``(a, b)`` without their common prefix and common suffix."""
    shortest = min(len(a), len(b))
    start = 0
    while start < shortest and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    if start or end_a != len(a) or end_b != len(b):
        return a[start:end_a], b[start:end_b]
    return a, b
