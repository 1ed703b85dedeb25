using System.Buffers;

namespace EditDistance.CSharp;

/// <summary>
/// The pure C# implementation of <see cref="IEditDistance"/>: no native code, no dependency beyond the BCL.
/// </summary>
/// <remarks>
/// Text without surrogates (nearly all text) is measured directly on the string's UTF-16 memory; text with
/// surrogate pairs is decoded to code points first. Both strategies strip the common prefix and suffix and honour
/// the bound. Per call there is no heap allocation for the distance itself: buffers come from the stack, the
/// shared <see cref="ArrayPool{T}"/> or a per-thread pattern table. Thread-safe.
/// </remarks>
public sealed class CSharpEditDistance : IEditDistance
{
    /// <summary>Decoded text up to this many UTF-16 units in total is kept on the stack.</summary>
    private const int StackDecodeLimit = 512;

    /// <summary>Creates the implementation for one algorithm.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="strategy"/> is not a defined value.</exception>
    public CSharpEditDistance(Strategy strategy)
    {
        _ = strategy.ToName(); // the contract's check: throws for a value outside the enum
        Strategy = strategy;
    }

    /// <inheritdoc />
    public string Implementation => "csharp";

    /// <inheritdoc />
    public Strategy Strategy { get; }

    /// <inheritdoc />
    public int Distance(string a, string b) => Measure(a, b, int.MaxValue);

    /// <inheritdoc />
    public int Distance(string a, string b, int maxDistance)
    {
        // Checked in argument order, so that the first wrong argument is the one reported.
        var decodeA = CodePoints.NeedsDecoding(a, nameof(a));
        var decodeB = CodePoints.NeedsDecoding(b, nameof(b));
        Arguments.ThrowIfNegative(maxDistance);
        return Measure(a, b, maxDistance, decodeA, decodeB);
    }

    /// <inheritdoc />
    public IReadOnlyList<Match> Nearest(string query, IReadOnlyList<string> corpus, int k, int? maxDistance = null)
    {
        CodePoints.NeedsDecoding(query, nameof(query));
        using var prepared = new CSharpCorpus(Strategy, corpus, nameof(corpus), buildLanes: false);
        return prepared.Nearest(query, k, maxDistance);
    }

    /// <inheritdoc />
    public ICorpus CreateCorpus(IReadOnlyList<string> corpus) => new CSharpCorpus(Strategy, corpus, nameof(corpus));

    private int Measure(string a, string b, int maxDistance)
    {
        var decodeA = CodePoints.NeedsDecoding(a, nameof(a));
        var decodeB = CodePoints.NeedsDecoding(b, nameof(b));
        return Measure(a, b, maxDistance, decodeA, decodeB);
    }

    private int Measure(string a, string b, int maxDistance, bool decodeA, bool decodeB)
    {
        if (!decodeA && !decodeB)
        {
            return Levenshtein.Distance(Strategy, a.AsSpan(), b.AsSpan(), maxDistance);
        }

        // Either string holds a surrogate pair: both go to code points, so that elements compare like for like.
        var total = a.Length + b.Length;
        int[]? rented = null;
        var buffer = total <= StackDecodeLimit
            ? stackalloc int[StackDecodeLimit]
            : rented = ArrayPool<int>.Shared.Rent(total);
        try
        {
            var lengthA = CodePoints.Decode(a, buffer);
            var lengthB = CodePoints.Decode(b, buffer[lengthA..]);
            return Levenshtein.Distance<int>(
                Strategy, buffer[..lengthA], buffer.Slice(lengthA, lengthB), maxDistance);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }
}
