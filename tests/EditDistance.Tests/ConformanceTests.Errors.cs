namespace EditDistance.Tests;

/// <summary>The error half of the contract: the same exception type, argument name and position everywhere.</summary>
public abstract partial class ConformanceTests
{
    public static TheoryData<string> ErrorNames => Vectors.Names(Vectors.Errors);

    [Theory]
    [MemberData(nameof(ErrorNames), MemberType = typeof(ConformanceTests))]
    public void Bad_input_gets_the_contract_error(string name)
    {
        var c = Vectors.Errors[name];
        AssertContractError(c, Record.Exception(() => Call(c)));

        // The prepared corpus reports the same mistakes, whether it is the corpus or the query that is wrong.
        if (c.Call == "nearest")
        {
            AssertContractError(c, Record.Exception(() =>
            {
                using var corpus = Implementation.CreateCorpus(c.Corpus!);
                corpus.Nearest(c.Query!, c.K, c.MaxDistance);
            }));
        }
    }

    [Fact]
    public void Lone_surrogate_error_names_the_utf16_position_even_after_an_astral_character()
    {
        // "😀" is two UTF-16 units: the lone surrogate behind it is at index 2, although it is the second code point.
        var e = Assert.Throws<ArgumentException>(() => Implementation.Distance("\U0001F600\uD800", "x"));
        Assert.Contains("index 2", e.Message);
        Assert.Equal("a", e.ParamName);
    }

    private object Call(Vectors.ErrorCase c) => c.Call switch
    {
        "distance" when c.MaxDistance is { } max => Implementation.Distance(c.A!, c.B!, max),
        "distance" => Implementation.Distance(c.A!, c.B!),
        "nearest" => Implementation.Nearest(c.Query!, c.Corpus!, c.K, c.MaxDistance),
        _ => throw new InvalidDataException($"Unknown call '{c.Call}' in errors.json."),
    };

    private static void AssertContractError(Vectors.ErrorCase c, Exception? thrown)
    {
        Assert.NotNull(thrown);
        var expectedType = c.Error switch
        {
            "null" => typeof(ArgumentNullException),
            "invalid_string" => typeof(ArgumentException),
            "negative" => typeof(ArgumentOutOfRangeException),
            _ => throw new InvalidDataException($"Unknown error kind '{c.Error}' in errors.json."),
        };
        Assert.IsType(expectedType, thrown);
        var e = (ArgumentException)thrown;
        Assert.Equal(Vectors.CSharpName(c.Argument), e.ParamName);
        if (c.Item is { } item)
        {
            Assert.Contains($"Entry {item} ", e.Message);
        }

        if (c.PositionUtf16 is { } position)
        {
            Assert.Contains($"index {position}", e.Message);
        }
    }
}
