using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace EditDistance;

/// <summary>
/// Argument checks and the exceptions of the contract, so that every implementation reports the same
/// mistake with the same exception type and the same words.
/// </summary>
public static class Arguments
{
    /// <summary>Throws <see cref="ArgumentNullException"/> or <see cref="ArgumentException"/> for a lone surrogate.</summary>
    public static void ThrowIfInvalid([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        var position = FindLoneSurrogate(value);
        if (position >= 0)
        {
            throw LoneSurrogate(paramName, position);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a lone surrogate in <paramref name="value"/>.</summary>
    public static void ThrowIfInvalid(ReadOnlySpan<char> value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        var position = FindLoneSurrogate(value);
        if (position >= 0)
        {
            throw LoneSurrogate(paramName, position);
        }
    }

    /// <summary>Checks the corpus and every entry in it, naming the entry that is wrong.</summary>
    public static void ThrowIfInvalid([NotNull] IReadOnlyList<string?>? corpus, [CallerArgumentExpression(nameof(corpus))] string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(corpus, paramName);
        for (var i = 0; i < corpus.Count; i++)
        {
            var entry = corpus[i];
            if (entry is null)
            {
                throw NullEntry(paramName, i);
            }

            var position = FindLoneSurrogate(entry);
            if (position >= 0)
            {
                throw LoneSurrogate(paramName, position, i);
            }
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="value"/> is negative.</summary>
    public static void ThrowIfNegative(int value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < 0)
        {
            throw Negative(paramName, value);
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="value"/> is negative.</summary>
    public static void ThrowIfNegative(int? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value is < 0)
        {
            throw Negative(paramName, value.Value);
        }
    }

    /// <summary>
    /// The checks of a distance for bindings whose callee finds lone surrogates while it works (Rust, the remote
    /// server), once a cheap test has found a null string or a negative bound: throws for the first wrong argument in
    /// order, scanning the strings before it for lone surrogates, as the contract reports the first mistake.
    /// </summary>
    public static void ThrowFirstDistanceMistake([NotNull] string? a, [NotNull] string? b, int? maxDistance = null)
    {
        ThrowIfInvalid(a);
        ThrowIfInvalid(b);
        ThrowIfNegative(maxDistance);
    }

    /// <summary>
    /// <see cref="ThrowFirstDistanceMistake"/> for a search of a prepared corpus: a null query, a negative
    /// <paramref name="k"/> or <paramref name="maxDistance"/>, fewer than one thread.
    /// </summary>
    public static void ThrowFirstSearchMistake([NotNull] string? query, int k, int? maxDistance, int threads)
    {
        ThrowIfInvalid(query);
        ThrowIfNegative(k);
        ThrowIfNegative(maxDistance);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
    }

    /// <summary>
    /// Index (in UTF-16 code units) of the first high surrogate not followed by a low one, or of a low surrogate
    /// not preceded by a high one; -1 when the text is valid UTF-16.
    /// </summary>
    public static int FindLoneSurrogate(ReadOnlySpan<char> text)
    {
        // Fast path: most text has no surrogates at all, and IndexOfAnyInRange is vectorized.
        var i = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return -1;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                return i;
            }

            if (char.IsLowSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The contract's error for a string that is not valid UTF-16.</summary>
    /// <param name="paramName">The argument that holds the string.</param>
    /// <param name="position">Index of the lone surrogate, in UTF-16 code units.</param>
    /// <param name="item">For a corpus, the index of the entry that holds it.</param>
    public static ArgumentException LoneSurrogate(string? paramName, int position, int? item = null) =>
        new(
            item is { } entry
                ? $"Entry {entry} of the corpus is not valid UTF-16: lone surrogate at index {position}."
                : $"The string is not valid UTF-16: lone surrogate at index {position}.",
            paramName);

    /// <summary>The contract's error for a null corpus entry.</summary>
    public static ArgumentNullException NullEntry(string? paramName, int item) =>
        new(paramName, $"Entry {item} of the corpus is null.");

    /// <summary>The contract's error for a negative count or bound.</summary>
    public static ArgumentOutOfRangeException Negative(string? paramName, long value) =>
        new(paramName, value, "Must not be negative.");
}
