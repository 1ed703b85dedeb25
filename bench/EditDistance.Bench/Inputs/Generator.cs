using System.Text;

namespace EditDistance.Bench.Inputs;

/// <summary>
/// Makes every benchmark input from one seed: the nearest-search corpus, the queries and the distance pairs.
/// </summary>
/// <remarks>
/// <para>
/// Word lengths follow the distribution of word lengths in running English text (tokens, not dictionary
/// entries) as counted by Peter Norvig over the Google Books corpus ("English Letter Frequency Counts: Mayzner
/// Revisited", 2012): mean 4.79 letters, a third of all words 2–3 letters long, a thin tail to 20. Letters are
/// drawn independently with the English letter frequencies from the same count. The words are therefore
/// pronounceable-looking nonsense with realistic lengths and a realistic alphabet skew — what matters for an
/// edit distance, which never looks at meaning.
/// </para>
/// <para>
/// A distance pair is a text of exactly <c>length</c> code points (words joined by spaces, cut to length) and a
/// copy of it with <c>length / 4</c> random insertions, deletions and substitutions spread over the whole string:
/// the distance is neither 0 nor the length, and the common prefix and suffix that some implementations strip
/// are short, as they are for real typos in real text.
/// </para>
/// </remarks>
public sealed class Generator
{
    /// <summary>The seed every published result was produced with.</summary>
    public const ulong DefaultSeed = 20_240_601;

    /// <summary>Word lengths 1..20, in percent of running-text tokens.</summary>
    private static readonly double[] WordLengthWeights =
    [
        2.998, 17.651, 20.511, 14.787, 10.700, 8.388, 7.939, 5.943, 4.437, 3.076,
        1.761, 0.958, 0.518, 0.222, 0.076, 0.020, 0.010, 0.004, 0.001, 0.001,
    ];

    private const string Letters = "etaoinsrhldcumfpgwybvkxjqz";

    /// <summary>Letter frequencies in percent, in the order of <see cref="Letters"/>.</summary>
    private static readonly double[] LetterWeights =
    [
        12.49, 9.28, 8.04, 7.64, 7.57, 7.23, 6.51, 6.28, 5.05, 4.07, 3.82, 3.34, 2.73,
        2.51, 2.40, 2.14, 1.87, 1.68, 1.66, 1.48, 1.05, 0.54, 0.23, 0.16, 0.12, 0.09,
    ];

    /// <summary>
    /// Scripts of the mixed variant, each as the first code point of a run of 26 letters that the English letter
    /// index is mapped onto, with its share of words. A third of the words are astral.
    /// </summary>
    private static readonly (int First, double Weight)[] Scripts =
    [
        (0x0061, 0.25),  // Latin a–z
        (0x00E0, 0.10),  // Latin-1 letters with diacritics (à, é, ß …)
        (0x03B1, 0.10),  // Greek
        (0x0430, 0.12),  // Cyrillic
        (0x4E00, 0.10),  // CJK unified ideographs (BMP, 3 bytes in UTF-8)
        (0x1F600, 0.13), // emoji (astral: a surrogate pair in UTF-16, 4 bytes in UTF-8)
        (0x20000, 0.10), // CJK extension B (astral)
        (0x1D400, 0.10), // mathematical bold letters (astral)
    ];

    private readonly ulong _seed;
    private readonly double _wordTotal = WordLengthWeights.Sum();
    private readonly double _letterTotal = LetterWeights.Sum();
    private readonly double[] _scriptWeights = Scripts.Select(s => s.Weight).ToArray();

    public Generator(ulong seed = DefaultSeed) => _seed = seed;

    /// <summary>
    /// <paramref name="count"/> single words (lower-case ASCII), the corpus of the nearest benchmarks. Duplicates
    /// are kept: a real word list has near-duplicates too, and dropping them would make the length distribution
    /// depend on the count.
    /// </summary>
    public string[] Corpus(int count)
    {
        var random = Stream("corpus");
        var corpus = new string[count];
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Clear();
            AppendWord(builder, random, TextKind.Ascii);
            corpus[i] = builder.ToString();
        }

        return corpus;
    }

    /// <summary>A query of exactly <paramref name="length"/> code points for the nearest benchmarks.</summary>
    public string Query(int length) => Text(Stream($"query-{length}"), TextKind.Ascii, length);

    /// <summary><paramref name="count"/> pairs of texts, the first of each exactly <paramref name="length"/> code points long.</summary>
    public (string A, string B)[] Pairs(TextKind kind, int length, int count)
    {
        var random = Stream($"pairs-{kind.ToName()}-{length}");
        var pairs = new (string, string)[count];
        for (var i = 0; i < count; i++)
        {
            var a = Text(random, kind, length);
            pairs[i] = (a, Mutate(random, kind, a, Math.Max(1, length / 4)));
        }

        return pairs;
    }

    /// <summary>
    /// <paramref name="count"/> ASCII pairs for the <c>bounded</c> scenario: a text of exactly <paramref name="length"/>
    /// code points and a copy with one random edit per ten code points (at least one), the density of near-duplicates a
    /// bounded search is asked about. With a bound of 3, short pairs are mostly within it and long ones far beyond.
    /// </summary>
    public (string A, string B)[] BoundedPairs(int length, int count)
    {
        var random = Stream($"bounded-ascii-{length}");
        var pairs = new (string, string)[count];
        for (var i = 0; i < count; i++)
        {
            var a = Text(random, TextKind.Ascii, length);
            pairs[i] = (a, Mutate(random, TextKind.Ascii, a, Math.Max(1, length / 10)));
        }

        return pairs;
    }

    /// <summary>
    /// The pair of the <c>long</c> scenario: a text of exactly <paramref name="length"/> code points and a copy with
    /// edits at the density of <see cref="Pairs"/> (one per four code points), both exactly <paramref name="length"/>
    /// code points long.
    /// </summary>
    /// <remarks>
    /// Equal lengths matter for a bounded distance: a copy with length / 4 random insertions, deletions and
    /// substitutions drifts from the original's length like a random walk (about ±130 code points at 100 000), and a
    /// gap above the bound answers the call before either algorithm runs. So both strings are cut from a longer
    /// text and its mutated copy; the slack (a fiftieth of the length, many standard deviations of the drift) keeps
    /// the copy longer than the cut. The edits start within the first few code points, so the distance is far above
    /// any small bound.
    /// </remarks>
    public (string A, string B) LongPair(TextKind kind, int length)
    {
        var random = Stream($"long-{kind.ToName()}-{length}");
        var slack = Math.Max(64, length / 50);
        var text = Text(random, kind, length + slack);
        var copy = Mutate(random, kind, text, Math.Max(1, (length + slack) / 4));
        var (a, b) = (Truncate(text, length), Truncate(copy, length));
        if (CodePoints(a) != length || CodePoints(b) != length)
        {
            throw new InvalidOperationException($"The long pair came out {CodePoints(a)} and {CodePoints(b)} code points long instead of {length}: raise the slack.");
        }

        return (a, b);
    }

    private static int CodePoints(string text) => text.EnumerateRunes().Count();

    /// <summary>
    /// An independent stream per input, so that adding a pair length or changing the corpus size does not shift
    /// every other input.
    /// </summary>
    private SplitMix64 Stream(string name)
    {
        var hash = 14695981039346656037UL; // FNV-1a: stable across processes, unlike string.GetHashCode.
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return new SplitMix64(_seed ^ hash);
    }

    private string Text(SplitMix64 random, TextKind kind, int length)
    {
        var builder = new StringBuilder();
        var codePoints = 0;
        while (codePoints < length)
        {
            if (codePoints > 0)
            {
                builder.Append(' ');
                codePoints++;
            }

            codePoints += AppendWord(builder, random, kind);
        }

        return Truncate(builder.ToString(), length);
    }

    /// <summary>Appends one word and returns its length in code points.</summary>
    private int AppendWord(StringBuilder builder, SplitMix64 random, TextKind kind)
    {
        var length = random.Pick(WordLengthWeights, _wordTotal) + 1;
        var first = kind == TextKind.Ascii ? 'a' : Scripts[random.Pick(_scriptWeights, 1.0)].First;
        for (var i = 0; i < length; i++)
        {
            builder.Append(char.ConvertFromUtf32(first + Letters[random.Pick(LetterWeights, _letterTotal)] - 'a'));
        }

        return length;
    }

    private string Mutate(SplitMix64 random, TextKind kind, string text, int edits)
    {
        var codePoints = text.EnumerateRunes().Select(r => r.Value).ToList();
        for (var e = 0; e < edits; e++)
        {
            var position = random.Below(codePoints.Count + 1);
            var operation = random.Below(3);
            if (operation == 0 || position == codePoints.Count)
            {
                codePoints.Insert(position, RandomLetter(random, kind));
            }
            else if (operation == 1)
            {
                codePoints.RemoveAt(position);
            }
            else
            {
                codePoints[position] = RandomLetter(random, kind);
            }
        }

        var builder = new StringBuilder();
        foreach (var c in codePoints)
        {
            builder.Append(char.ConvertFromUtf32(c));
        }

        return builder.ToString();
    }

    private int RandomLetter(SplitMix64 random, TextKind kind)
    {
        var first = kind == TextKind.Ascii ? 'a' : Scripts[random.Pick(_scriptWeights, 1.0)].First;
        return first + Letters[random.Pick(LetterWeights, _letterTotal)] - 'a';
    }

    /// <summary>The first <paramref name="codePoints"/> code points of <paramref name="text"/>, never splitting a surrogate pair.</summary>
    public static string Truncate(string text, int codePoints)
    {
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (codePoints-- == 0)
            {
                break;
            }

            end += rune.Utf16SequenceLength;
        }

        return text[..end];
    }
}
