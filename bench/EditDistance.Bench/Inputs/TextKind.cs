namespace EditDistance.Bench.Inputs;

/// <summary>The two kinds of text every distance benchmark runs on.</summary>
public enum TextKind
{
    /// <summary>English-like words of lower-case ASCII letters separated by spaces: one byte per character everywhere.</summary>
    Ascii,

    /// <summary>
    /// The same word shapes in Latin with diacritics, Greek, Cyrillic, CJK and astral scripts (emoji, CJK
    /// extension B, mathematical letters): about one character in five needs a surrogate pair in UTF-16 and four
    /// bytes in UTF-8, which is where "length" stops meaning the same thing in the three languages.
    /// </summary>
    Mixed,
}

/// <summary>Names used in file names, results.json and the report.</summary>
public static class TextKindNames
{
    public static string ToName(this TextKind kind) => kind switch
    {
        TextKind.Ascii => "ascii",
        TextKind.Mixed => "mixed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown text kind."),
    };
}
