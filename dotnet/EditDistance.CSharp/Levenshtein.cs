using System.Runtime.CompilerServices;

[module: SkipLocalsInit]

namespace EditDistance.CSharp;

/// <summary>
/// The algorithms, on text that is already one code point per element (<see cref="char"/> for text without
/// surrogates, <see cref="int"/> for decoded text). Split by concern: this file holds what both strategies share,
/// <c>Levenshtein.Dp.cs</c> the Wagner–Fischer matrix, <c>Levenshtein.BitParallel.cs</c> Myers/Hyyrö.
/// </summary>
/// <remarks>
/// Every method takes a bound <c>maxDistance</c> (<see cref="int.MaxValue"/> when the caller has none) and
/// returns the exact distance when it is within the bound, otherwise any value above it; the public entry point
/// turns that into <c>maxDistance + 1</c>.
/// </remarks>
internal static partial class Levenshtein
{
    /// <summary>The contract's bounded distance, for either strategy.</summary>
    public static int Distance<T>(Strategy strategy, ReadOnlySpan<T> a, ReadOnlySpan<T> b, int maxDistance)
        where T : unmanaged, IEquatable<T>
    {
        var distance = Compute(strategy, a, b, maxDistance);
        return distance <= maxDistance ? distance : maxDistance + 1;
    }

    private static int Compute<T>(Strategy strategy, ReadOnlySpan<T> a, ReadOnlySpan<T> b, int maxDistance)
        where T : unmanaged, IEquatable<T>
    {
        // Equal strings: one vectorized comparison, which a length mismatch ends at once. Same shortcut: rust
        // distance.rs `distance_symbols`, Python dp.py and bitparallel.py `_distance`.
        if (a.SequenceEqual(b))
        {
            return 0;
        }

        // Some optimal alignment matches a common prefix and suffix character for character, so dropping them
        // never changes the distance, and it shrinks the O(n·m) work: typos usually leave long common ends.
        // (Rust: distance.rs `distance_symbols`, Python: _affix.py `strip_common_affixes`.)
        StripCommonAffixes(ref a, ref b);

        // From here on `a` is the shorter string: it is the DP row and the bit-parallel pattern, so the row
        // fits in a stack buffer and the pattern fits in one 64-bit word as often as possible.
        if (a.Length > b.Length)
        {
            var t = a;
            a = b;
            b = t;
        }

        // Each insertion closes the length gap by one at most, so the gap alone is a lower bound. (Rust: distance.rs
        // `distance_symbols`, Python: dp.py and bitparallel.py `_distance`.)
        if (b.Length - a.Length > maxDistance)
        {
            return b.Length - a.Length;
        }

        if (a.IsEmpty)
        {
            return b.Length;
        }

        // Dp keeps the textbook matrix (with Ukkonen's band) for every bound: it is the baseline the benchmarks
        // compare the other strategy with.
        if (strategy == Strategy.Dp)
        {
            return WagnerFischer(a, b, maxDistance);
        }

        // No distance exceeds the longer length, so the bound is capped there: a small string is answered by mbleven
        // whatever the bound. Same dispatch: rust distance.rs `distance_symbols`, Python bitparallel.py `_distance`.
        var bound = Math.Min(maxDistance, b.Length);
        if (bound <= MblevenMaxBound)
        {
            return Mbleven(a, b, bound);
        }

        return a.Length <= 64
            ? MyersSingleWord(a, b, maxDistance)
            : HyyroBlocks(a, b, maxDistance);
    }

    /// <summary>Shortens both strings by their common prefix and common suffix.</summary>
    internal static void StripCommonAffixes<T>(ref ReadOnlySpan<T> a, ref ReadOnlySpan<T> b)
        where T : unmanaged, IEquatable<T>
    {
        // Vectorized for bitwise-comparable types such as char and int.
        var prefix = a.CommonPrefixLength(b);
        a = a[prefix..];
        b = b[prefix..];

        // The BCL has no vectorized common-suffix search; the loop usually stops after a few elements.
        var ia = a.Length;
        var ib = b.Length;
        while (ia > 0 && ib > 0 && a[ia - 1].Equals(b[ib - 1]))
        {
            ia--;
            ib--;
        }

        a = a[..ia];
        b = b[..ib];
    }
}
