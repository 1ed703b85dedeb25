using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace EditDistance.Tests;

/// <summary>
/// Random strings that go where bugs hide: a tiny alphabet (many matches, so carries between bit-parallel blocks
/// matter), combining marks, astral characters (two UTF-16 units, one code point), NUL, and lengths around 64, 128
/// and beyond 200.
/// </summary>
internal static class Text
{
    private static readonly Gen<string> CodePoint = Gen.Frequency(
        (6, Gen.Elements("a", "b", "c")),
        (3, Gen.Choose(32, 126).Select(c => ((char)c).ToString())),
        (1, Gen.Elements("e", "\u00e9", "\u0301", "\u0308", "o\u0308")),
        (2, Gen.Elements("\U0001F600", "\U0001F601", "\U0001F389", "\U00020000", "\U00020001")),
        (1, Gen.Elements("\u4e00", "\u0436", "\u03a9", "\0", "\n")));

    private static readonly Gen<int> Length = Gen.Frequency(
        (6, Gen.Choose(0, 20)),
        (2, Gen.Choose(55, 75)),
        (1, Gen.Choose(120, 140)),
        (1, Gen.Choose(200, 300)));

    public static Arbitrary<string> Strings { get; } = Arb.From(
        Length.SelectMany(n => Gen.ArrayOf(CodePoint, n)).Select(parts => string.Concat(parts)),
        Shrink);

    /// <summary>
    /// A string and a copy with zero to five random edits (insert, delete or substitute a code point, at any place, the
    /// ends included): close pairs, whose distance lies near the small bounds that take their own paths.
    /// </summary>
    public static Arbitrary<(string A, string B)> ClosePairs { get; } = Arb.From(
        from a in Length.SelectMany(n => Gen.ArrayOf(CodePoint, n))
        from edits in Gen.ArrayOf(Gen.Choose(0, 2).Zip(Gen.Choose(0, 1 << 20)).Zip(CodePoint), 5)
        from count in Gen.Choose(0, 5)
        select (string.Concat(a), Edit(a, edits.Take(count))));

    /// <summary>Code-point count: the unit the contract measures in.</summary>
    public static int CodePoints(string s) => s.EnumerateRunes().Count();

    /// <summary>
    /// The textbook full-matrix recurrence over code points: slow and obviously right, the reference the C# dp is
    /// checked against (which then serves as the faster reference for the others).
    /// </summary>
    public static int TextbookDistance(string a, string b)
    {
        var x = a.EnumerateRunes().ToArray();
        var y = b.EnumerateRunes().ToArray();
        var d = new int[x.Length + 1, y.Length + 1];
        for (var i = 0; i <= x.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= y.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= x.Length; i++)
        {
            for (var j = 1; j <= y.Length; j++)
            {
                var cost = x[i - 1] == y[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            }
        }

        return d[x.Length, y.Length];
    }

    private static string Edit(string[] codePoints, IEnumerable<((int Kind, int Where) Place, string With)> edits)
    {
        var edited = codePoints.ToList();
        foreach (var ((kind, where), with) in edits)
        {
            var at = where % (edited.Count + 1);
            if (kind == 0 || at == edited.Count)
            {
                edited.Insert(at, with);
            }
            else if (kind == 1)
            {
                edited.RemoveAt(at);
            }
            else
            {
                edited[at] = with;
            }
        }

        return string.Concat(edited);
    }

    /// <summary>Shrinks by halves, then by dropping one code point, so a failure is reported on a short string.</summary>
    private static IEnumerable<string> Shrink(string s)
    {
        var runes = s.EnumerateRunes().ToArray();
        if (runes.Length == 0)
        {
            yield break;
        }

        yield return Join(runes[..(runes.Length / 2)]);
        yield return Join(runes[(runes.Length / 2)..]);
        for (var i = 0; i < runes.Length && i < 32; i++)
        {
            yield return Join([.. runes[..i], .. runes[(i + 1)..]]);
        }
    }

    private static string Join(Rune[] runes)
    {
        var builder = new StringBuilder();
        foreach (var r in runes)
        {
            builder.Append(r.ToString());
        }

        return builder.ToString();
    }
}
