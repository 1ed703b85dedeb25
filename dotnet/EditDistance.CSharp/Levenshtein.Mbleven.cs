using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EditDistance.CSharp;

// mbleven (Fujimoto 2018): a small bound's distance by trying the few edit paths it allows.
//
// A distance of at most max is at most max edits. In an optimal alignment equal code points can always be matched as
// they come (if a[i] == b[j], some optimal path takes the diagonal step there), so the path is fixed by which edit it
// makes at each mismatch: substitute (both strings advance), delete from the longer (the longer advances) or insert
// (the shorter advances). A model is such a sequence; one whose deletes minus inserts equal the length gap ends both
// strings together. Walking both strings under a model costs one per mismatch, and the model's next edit is taken at
// each; what is left of either string at the end costs one per code point. The distance is the cheapest walk over all
// models, and max + 1 when every model needs more than max edits.
//
// For max <= 3 there are at most 7 models, each walked only until its cost reaches the best so far, so a call costs a
// few passes over the strings' first differences instead of a pattern table and a matrix. The models are generated
// from that rule once (MblevenModels). Same algorithm, same model order: rust mbleven.rs `distance`, Python
// _mbleven.py `distance`.
internal static partial class Levenshtein
{
    /// <summary>
    /// The largest bound mbleven answers. Models of max edits number 1, 2, 3 and 7 for a gap of zero and max = 0..3;
    /// at 4 there are 19 walks per call, where the bit-parallel band costs about the same.
    /// </summary>
    internal const int MblevenMaxBound = 3;

    /// <summary>
    /// The distance between <paramref name="shorter"/> and <paramref name="longer"/> when it is at most
    /// <paramref name="max"/>, otherwise <c>max + 1</c>.
    /// </summary>
    /// <remarks>
    /// <paramref name="shorter"/> is no longer than <paramref name="longer"/>, their gap is at most
    /// <paramref name="max"/>, and <c>max &lt;= MblevenMaxBound</c>. The front strips the common prefix and suffix
    /// first, so a walk starts at a mismatch, but any input is answered.
    /// </remarks>
    internal static int Mbleven<T>(ReadOnlySpan<T> shorter, ReadOnlySpan<T> longer, int max)
        where T : unmanaged, IEquatable<T>
    {
        var gap = longer.Length - shorter.Length;

        // Strings that differ are at least one edit apart, and never closer than their gap: a model reaching that
        // cannot be beaten. (Equal strings stop at the first model, at 0.)
        var floor = Math.Max(gap, 1);
        var best = max + 1;
        foreach (var model in MblevenModels.For(max, gap))
        {
            best = Math.Min(best, MblevenWalk(shorter, longer, model, best));
            if (best <= floor)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>
    /// The cost of the alignment that <paramref name="model"/> makes of the two strings, or <paramref name="limit"/> as
    /// soon as it cannot be below <paramref name="limit"/>.
    /// </summary>
    private static int MblevenWalk<T>(ReadOnlySpan<T> shorter, ReadOnlySpan<T> longer, int model, int limit)
        where T : unmanaged, IEquatable<T>
    {
        // Indexes checked by the loop condition: reading through references saves the bounds checks the JIT keeps
        // for two indexes that advance independently.
        ref var s = ref MemoryMarshal.GetReference(shorter);
        ref var l = ref MemoryMarshal.GetReference(longer);
        int i = 0, j = 0, cost = 0;
        while (i < shorter.Length && j < longer.Length)
        {
            if (Unsafe.Add(ref s, i).Equals(Unsafe.Add(ref l, j)))
            {
                i++;
                j++;
                continue;
            }

            // A model holds exactly max edits and limit is at most max + 1: running out of edits is reaching it.
            if (++cost >= limit)
            {
                return limit;
            }

            i += model & 1;
            j += (model >> 1) & 1;
            model >>= 2;
        }

        return Math.Min(cost + (shorter.Length - i) + (longer.Length - j), limit);
    }

    /// <summary>
    /// The models: edits of two bits each, the first edit in the lowest bits; bit 0 advances the shorter string, bit 1
    /// the longer, so a substitution is 0b11, a delete (a code point of the longer string that the shorter lacks) 0b10
    /// and an insert 0b01.
    /// </summary>
    /// <remarks>
    /// Only models of exactly max edits are listed: one of fewer edits, padded with substitutions at its end, walks
    /// the same way until its own edits run out, and where the shorter model would then stop at a mismatch, the padded
    /// one goes on. A class of its own so that only the first mbleven call runs the generator.
    /// </remarks>
    internal static class MblevenModels
    {
        private const int Substitute = 0b11;
        private const int Delete = 0b10;
        private const int Insert = 0b01;

        // [max * (MblevenMaxBound + 1) + gap]
        private static readonly byte[][] Table = Generate();

        public static ReadOnlySpan<byte> For(int max, int gap) => Table[(max * (MblevenMaxBound + 1)) + gap];

        /// <summary>
        /// Every sequence of max edits, in base 3 (digit 0 substitute, 1 delete, 2 insert; the first edit the lowest
        /// digit, so that substitutions come first), kept when deletes − inserts == gap. The same enumeration in every
        /// language: rust mbleven.rs <c>Models::generate</c>, Python _mbleven.py <c>_generate</c>.
        /// </summary>
        internal static byte[] Generate(int max, int gap)
        {
            var models = new List<byte>();
            var total = 1;
            for (var k = 0; k < max; k++)
            {
                total *= 3;
            }

            for (var code = 0; code < total; code++)
            {
                int rest = code, model = 0, deletes = 0, inserts = 0;
                for (var position = 0; position < max; position++)
                {
                    var edit = (rest % 3) switch
                    {
                        0 => Substitute,
                        1 => Delete,
                        _ => Insert,
                    };
                    deletes += edit == Delete ? 1 : 0;
                    inserts += edit == Insert ? 1 : 0;
                    model |= edit << (2 * position);
                    rest /= 3;
                }

                if (deletes - inserts == gap)
                {
                    models.Add((byte)model);
                }
            }

            return [.. models];
        }

        private static byte[][] Generate()
        {
            var table = new byte[(MblevenMaxBound + 1) * (MblevenMaxBound + 1)][];
            for (var max = 0; max <= MblevenMaxBound; max++)
            {
                for (var gap = 0; gap <= MblevenMaxBound; gap++)
                {
                    table[(max * (MblevenMaxBound + 1)) + gap] = gap <= max ? Generate(max, gap) : [];
                }
            }

            return table;
        }
    }
}
