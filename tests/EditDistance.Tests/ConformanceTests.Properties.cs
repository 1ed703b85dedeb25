using EditDistance.CSharp;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EditDistance.Tests;

/// <summary>Metric properties and agreement with the reference, on random strings (FsCheck).</summary>
public abstract partial class ConformanceTests
{
    private static readonly IEditDistance Reference = new CSharpEditDistance(Strategy.Dp);

    [Property]
    public Property Distance_is_zero_exactly_for_equal_strings() =>
        Prop.ForAll(Text.Strings, Text.Strings, (a, b) =>
            Implementation.Distance(a, a) == 0 && (Implementation.Distance(a, b) == 0) == (a == b));

    [Property]
    public Property Distance_is_symmetric() =>
        Prop.ForAll(Text.Strings, Text.Strings, (a, b) => Implementation.Distance(a, b) == Implementation.Distance(b, a));

    [Property]
    public Property Distance_obeys_the_triangle_inequality() =>
        Prop.ForAll(Text.Strings, Text.Strings, Text.Strings, (a, b, c) =>
            Implementation.Distance(a, c) <= Implementation.Distance(a, b) + Implementation.Distance(b, c));

    [Property]
    public Property Distance_lies_between_the_length_difference_and_the_longer_length() =>
        Prop.ForAll(Text.Strings, Text.Strings, (a, b) =>
        {
            var (la, lb) = (Text.CodePoints(a), Text.CodePoints(b));
            var d = Implementation.Distance(a, b);
            return Math.Abs(la - lb) <= d && d <= Math.Max(la, lb);
        });

    [Property]
    public Property Distance_equals_the_csharp_dp_reference() =>
        Prop.ForAll(Text.Strings, Text.Strings, (a, b) =>
            Implementation.Distance(a, b) == Reference.Distance(a, b));

    [Property]
    public Property Bounded_distance_equals_the_reference_capped_at_bound_plus_one() =>
        Prop.ForAll(Text.Strings, Text.Strings, Gen.Choose(0, 80).ToArbitrary(), (a, b, bound) =>
            Implementation.Distance(a, b, bound) == Math.Min(Reference.Distance(a, b), bound + 1));

    /// <summary>
    /// Close pairs with bounds around their distance: mbleven answers bounds up to 3 in the bit-parallel strategy, the
    /// pattern table the others, and every answer must be the reference's.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Bounded_distance_of_close_pairs_equals_the_reference_at_every_small_bound() =>
        Prop.ForAll(Text.ClosePairs, pair =>
        {
            var exact = Reference.Distance(pair.A, pair.B);
            return Enumerable.Range(0, 7).Concat([exact - 1, exact, exact + 1]).Where(bound => bound >= 0).All(bound =>
                Implementation.Distance(pair.A, pair.B, bound) == Math.Min(exact, bound + 1)
                && Implementation.Distance(pair.B, pair.A, bound) == Math.Min(exact, bound + 1));
        });

    [Property(MaxTest = 30)]
    public Property Nearest_equals_sorting_the_whole_corpus_by_reference_distance() =>
        Prop.ForAll(Text.Strings, Gen.ArrayOf(Text.Strings.Generator, 12).ToArbitrary(), Gen.Choose(0, 14).ToArbitrary(), (query, corpus, k) =>
        {
            var expected = corpus
                .Select((s, i) => new Match(i, Reference.Distance(query, s)))
                .OrderBy(m => m.Distance).ThenBy(m => m.Index)
                .Take(k);
            return expected.SequenceEqual(Implementation.Nearest(query, corpus, k));
        });
}

/// <summary>The C# dp is the reference for every other implementation, so it is checked against the textbook first.</summary>
public sealed class ReferenceTests
{
    [Property(MaxTest = 300)]
    public Property Csharp_dp_equals_the_textbook_recurrence() =>
        Prop.ForAll(Text.Strings, Text.Strings, (a, b) =>
            new CSharpEditDistance(Strategy.Dp).Distance(a, b) == Text.TextbookDistance(a, b));
}
