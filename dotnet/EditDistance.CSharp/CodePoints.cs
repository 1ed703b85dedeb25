using System.Runtime.CompilerServices;

namespace EditDistance.CSharp;

/// <summary>
/// The bridge between .NET strings (UTF-16) and the contract's unit, the code point.
/// </summary>
/// <remarks>
/// Text without any surrogate is already one code point per <see cref="char"/>, so the algorithms run on the
/// string's own memory. Only text that holds a surrogate pair is decoded, into <see cref="int"/> code points.
/// The algorithms are generic over the element type so that the JIT compiles one specialised copy for
/// <see cref="char"/> and one for <see cref="int"/>, with no conversion cost in the common case.
/// </remarks>
internal static class CodePoints
{
    /// <summary>
    /// Validates <paramref name="text"/> with the contract's checks and tells whether it has to be decoded
    /// (it holds at least one surrogate pair).
    /// </summary>
    /// <remarks>
    /// The common case, no surrogate at all, costs one vectorized scan; the full check of
    /// <see cref="Arguments.ThrowIfInvalid(string?, string?)"/> runs only when a surrogate is present, so the
    /// exceptions and messages stay exactly the contract's without scanning every string twice.
    /// </remarks>
    public static bool NeedsDecoding(string? text, string paramName)
    {
        if (text is null)
        {
            Arguments.ThrowIfInvalid(text, paramName);
        }

        if (!HasSurrogate(text!))
        {
            return false;
        }

        Arguments.ThrowIfInvalid(text, paramName);
        return true;
    }

    /// <summary>Whether <paramref name="text"/> holds any surrogate code unit (vectorized).</summary>
    public static bool HasSurrogate(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    /// <summary>
    /// Writes the code points of valid UTF-16 <paramref name="text"/> into <paramref name="destination"/> (which
    /// must hold at least <c>text.Length</c> items) and returns how many there are.
    /// </summary>
    public static int Decode(ReadOnlySpan<char> text, Span<int> destination)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            int c = text[i];
            // Already validated: a high surrogate is always followed by a low one.
            if (char.IsHighSurrogate((char)c))
            {
                c = char.ConvertToUtf32((char)c, text[++i]);
            }

            destination[count++] = c;
        }

        return count;
    }

    /// <summary>The code points of valid UTF-16 <paramref name="text"/> as a new array.</summary>
    public static int[] Decode(ReadOnlySpan<char> text)
    {
        var codePoints = new int[Count(text)];
        Decode(text, codePoints);
        return codePoints;
    }

    /// <summary>Copies surrogate-free text into <paramref name="destination"/>, one code point per unit.</summary>
    public static void Widen(ReadOnlySpan<char> text, Span<int> destination)
    {
        for (var i = 0; i < text.Length; i++)
        {
            destination[i] = text[i];
        }
    }

    /// <summary>Number of code points in valid UTF-16 <paramref name="text"/>.</summary>
    public static int Count(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return text.Length;
        }

        // Each pair is two units but one code point; in valid text the high surrogates count the pairs.
        var pairs = 0;
        for (; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                pairs++;
            }
        }

        return text.Length - pairs;
    }

    /// <summary>
    /// The code point held by an element of the text: <typeparamref name="T"/> is <see cref="char"/> (text
    /// without surrogates) or <see cref="int"/> (decoded text).
    /// </summary>
    /// <remarks>
    /// <c>typeof(T) == typeof(char)</c> is a JIT-time constant for value types, so each specialisation keeps
    /// only its own branch and this compiles to a plain zero-extending load.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of<T>(T element)
        where T : unmanaged
    {
        if (typeof(T) == typeof(char))
        {
            return Unsafe.As<T, char>(ref element);
        }

        if (typeof(T) == typeof(int))
        {
            return Unsafe.As<T, int>(ref element);
        }

        throw new NotSupportedException($"Text elements are char or int, not {typeof(T)}.");
    }
}
