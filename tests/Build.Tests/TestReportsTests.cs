using Xunit;

namespace Build.Tests;

/// <summary>The Test target's parsers, on output captured from real runs of cargo 1.95, CPython 3.11 and
/// dotnet test (xunit 2.9 with the TRX logger).</summary>
public sealed class TestReportsTests
{
    [Fact]
    public void Cargo_counts_are_summed_over_every_test_binary_and_doc_tests()
    {
        const string output = """
               Compiling demo v0.1.0 (/tmp/demo)
                Finished `release` profile [optimized] target(s) in 0.61s
                 Running unittests src/lib.rs (target/release/deps/demo-0b5c4c6a1f3e2d1a)

            running 3 tests
            test tests::later ... ignored
            test tests::bad ... FAILED
            test tests::ok ... ok

            test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.10s

                 Running tests/it.rs (target/release/deps/it-5d1f0e9b7c2a4e3f)

            running 2 tests
            test integ2 ... ignored
            test integ ... ok

            test result: ok. 1 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

               Doc-tests demo

            running 1 test
            test src/lib.rs - add (line 2) ... ok

            test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

            error: 1 target failed:
                `--lib`
            """;

        Assert.Equal(new TestCounts(3, 1, 2), TestReports.ParseCargo(output));
    }

    [Fact]
    public void Cargo_output_without_results_means_the_suite_did_not_run()
    {
        const string output = """
               Compiling edit_distance v0.1.0 (/work/rust/edit_distance)
            error[E0425]: cannot find value `x` in this scope
            error: could not compile `edit_distance` (lib test) due to 1 previous error
            """;

        Assert.Null(TestReports.ParseCargo(output));
    }

    [Fact]
    public void Unittest_counts_treat_errors_and_unexpected_successes_as_failures()
    {
        const string output = """
            ..FEsxu
            ======================================================================
            FAIL: test_fail (tests.test_x.T.test_fail)
            ----------------------------------------------------------------------
            AssertionError: 1 != 2

            ----------------------------------------------------------------------
            Ran 6 tests in 0.001s

            FAILED (failures=1, errors=1, skipped=1, expected failures=1, unexpected successes=1)
            """;

        Assert.Equal(new TestCounts(2, 3, 1), TestReports.ParseUnittest(output));
    }

    [Theory]
    [InlineData("Ran 12 tests in 0.031s\n\nOK\n", 12, 0)]
    [InlineData("Ran 12 tests in 0.031s\n\nOK (skipped=2)\n", 10, 2)]
    [InlineData("Ran 1 test in 0.001s\r\n\r\nOK\r\n", 1, 0)]
    [InlineData("Ran 0 tests in 0.000s\n\nNO TESTS RAN\n", 0, 0)]
    public void Unittest_success_lines_are_read(string output, int passed, int skipped) =>
        Assert.Equal(new TestCounts(passed, 0, skipped), TestReports.ParseUnittest(output));

    [Fact]
    public void Unittest_output_without_a_verdict_means_the_suite_did_not_run()
    {
        const string output = """
            Traceback (most recent call last):
              File "<frozen runpy>", line 198, in _run_module_as_main
            ImportError: Start directory is not importable: 'python/tests'
            """;

        Assert.Null(TestReports.ParseUnittest(output));
    }

    [Fact]
    public void Trx_counters_are_summed_over_files_and_skipped_is_total_minus_executed()
    {
        const string first = """
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <ResultSummary outcome="Failed">
                <Counters total="5" executed="4" passed="3" failed="1" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
              </ResultSummary>
            </TestRun>
            """;
        const string second = """
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun id="2" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <ResultSummary outcome="Completed">
                <Counters total="23" executed="23" passed="23" failed="0" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
              </ResultSummary>
            </TestRun>
            """;

        Assert.Equal(new TestCounts(26, 1, 1), TestReports.ParseTrx([first, second]));
        Assert.Null(TestReports.ParseTrx([]));
    }

    [Fact]
    public void Counts_print_in_the_format_ci_reads() =>
        Assert.Equal("3 passed, 1 failed, 2 skipped", new TestCounts(3, 1, 2).ToString());
}
