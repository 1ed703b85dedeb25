using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

/// <summary>Passed/failed/skipped counts of a test suite, printed in the one format CI reads.</summary>
readonly record struct TestCounts(int Passed, int Failed, int Skipped)
{
    public static TestCounts operator +(TestCounts a, TestCounts b) =>
        new(a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped);

    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}

/// <summary>
/// Reads test counts from what each runner leaves behind. Each parser returns null when the output holds no result
/// at all (the suite did not get as far as running tests), which the Test target reports as "could not run".
/// </summary>
/// <remarks>Pure functions over text, so that they are tested on captured runner output without running the runners.</remarks>
static partial class TestReports
{
    /// <summary>Sums every <c>test result: ok. N passed; N failed; N ignored; ...</c> line: cargo prints one per test
    /// binary (library, each integration test file, doc-tests).</summary>
    public static TestCounts? ParseCargo(string output)
    {
        var matches = CargoResult().Matches(output);
        return matches.Count == 0
            ? null
            : matches.Aggregate(new TestCounts(), (sum, m) => sum + new TestCounts(Int(m, "passed"), Int(m, "failed"), Int(m, "ignored")));
    }

    /// <summary>Reads unittest's <c>Ran N tests</c> and the closing <c>OK (skipped=K)</c> or
    /// <c>FAILED (failures=F, errors=E, skipped=K, expected failures=X, unexpected successes=U)</c>.</summary>
    /// <remarks>Errors and unexpected successes count as failed (both make unittest exit non-zero); expected
    /// failures count as passed. Failing subtests each add a failure, so passed is clamped at zero.</remarks>
    public static TestCounts? ParseUnittest(string output)
    {
        var ran = UnittestRan().Matches(output);
        var verdict = UnittestVerdict().Matches(output);
        if (ran.Count == 0 || verdict.Count == 0)
        {
            return null;
        }

        var total = Int(ran[^1], "count");
        var details = verdict[^1].Groups["details"].Value;
        int Detail(string name) =>
            Regex.Match(details, $@"\b{name}=(\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

        var failed = Detail("failures") + Detail("errors") + Detail("unexpected successes");
        var skipped = Detail("skipped");
        return new TestCounts(Math.Max(0, total - failed - skipped), failed, skipped);
    }

    /// <summary>Sums the <c>&lt;Counters&gt;</c> of TRX files (one per test project). Skipped tests are the ones
    /// counted in <c>total</c> but not <c>executed</c>; errors, timeouts and aborts count as failed.</summary>
    public static TestCounts? ParseTrx(IEnumerable<string> trxDocuments)
    {
        TestCounts? sum = null;
        foreach (var document in trxDocuments)
        {
            var counters = XDocument.Parse(document).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null)
            {
                continue;
            }

            int Attribute(string name) =>
                int.TryParse(counters.Attribute(name)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

            var counts = new TestCounts(
                Attribute("passed"),
                Attribute("failed") + Attribute("error") + Attribute("timeout") + Attribute("aborted"),
                Math.Max(0, Attribute("total") - Attribute("executed")));
            sum = (sum ?? new TestCounts()) + counts;
        }

        return sum;
    }

    static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^test result: \w+\. (?<passed>\d+) passed; (?<failed>\d+) failed; (?<ignored>\d+) ignored;", RegexOptions.Multiline)]
    private static partial Regex CargoResult();

    [GeneratedRegex(@"^Ran (?<count>\d+) tests? in ", RegexOptions.Multiline)]
    private static partial Regex UnittestRan();

    [GeneratedRegex(@"^(?:OK|FAILED|NO TESTS RAN)(?: \((?<details>[^)]*)\))?\s*$", RegexOptions.Multiline)]
    private static partial Regex UnittestVerdict();
}
