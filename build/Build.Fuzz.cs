using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Nuke.Common;
using Nuke.Common.IO;

partial class Build
{
    [Parameter("Fuzz: how long libFuzzer runs, in seconds (the build and the seeds come on top).")]
    readonly int Duration = 60;

    AbsolutePath FuzzCrateDirectory => RustDirectory / "fuzz";
    AbsolutePath FuzzOutput => ArtifactsDirectory / "fuzz";
    AbsolutePath FuzzSeeds => FuzzOutput / "seeds";
    AbsolutePath FuzzCorpus => FuzzOutput / "corpus";
    AbsolutePath FuzzFindings => FuzzOutput / "findings";
    AbsolutePath Fuzzer => FuzzOutput / "fuzz-c-abi";

    // libFuzzer's runtime is built for this target only, and the instrumented build goes to its own directory under
    // rust/fuzz/target, apart from the uninstrumented seed writer.
    const string FuzzTriple = "x86_64-unknown-linux-gnu";

    // Sanitizer coverage on stable Rust: the LLVM pass rustc runs for -Zsanitizer=fuzzer on nightly, asked for by
    // name. Inline 8-bit counters and the PC table are the coverage libFuzzer reads; trace-compares hands it the
    // operands of comparisons, so it can build inputs that get past them.
    static readonly string[] SanitizerCoverageFlags =
    [
        "-C", "passes=sancov-module",
        "-C", "llvm-args=-sanitizer-coverage-level=4",
        "-C", "llvm-args=-sanitizer-coverage-inline-8bit-counters",
        "-C", "llvm-args=-sanitizer-coverage-pc-table",
        "-C", "llvm-args=-sanitizer-coverage-trace-compares",
    ];

    Target Fuzz => _ => _
        .Description("Fuzzes the Rust C ABI with libFuzzer for --duration seconds, checking properties (Linux x86-64; needs clang-14 and libclang-rt-14-dev).")
        .Executes(async () =>
        {
            if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
            {
                throw new BuildFailedException(
                    $"Fuzz runs on Linux x86-64 only (this is {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}): "
                    + "it links Debian's libFuzzer runtime for x86-64 into a binary built for x86_64-unknown-linux-gnu. Nothing was fuzzed.");
            }

            if (Duration <= 0)
            {
                throw new BuildFailedException($"--duration must be a positive number of seconds, not {Duration}.");
            }

            var total = Stopwatch.StartNew();
            await CheckFuzzerPrerequisites();

            Out.WriteLine("[1/4] the input format's own tests, and the seeds from tests/vectors");
            await RunProcessAsync("cargo", ["test", "--release", "--quiet"], FuzzCrateDirectory);
            FuzzSeeds.DeleteDirectory();
            await RunProcessAsync("cargo", ["run", "--release", "--quiet", "--bin", "seeds", "--", FuzzSeeds], FuzzCrateDirectory);

            Out.WriteLine("[2/4] the instrumented static library (sanitizer coverage, debug assertions, overflow checks)");
            var rustflags = "build.rustflags=[" + string.Join(", ", SanitizerCoverageFlags.Select(flag => $"\"{flag}\"")) + "]";
            await RunProcessAsync("cargo", ["build", "--release", "--lib", "--target", FuzzTriple, "--config", rustflags], FuzzCrateDirectory);

            Out.WriteLine("[3/4] link it with libFuzzer");
            var library = FuzzCrateDirectory / "target" / FuzzTriple / "release" / "libedit_distance_fuzz.a";
            await RunProcessAsync("clang-14", ["-fsanitize=fuzzer", library, "-lpthread", "-ldl", "-lm", "-o", Fuzzer]);

            Out.WriteLine($"[4/4] fuzz for {Duration} s (artifacts/fuzz/corpus grows across runs; the seeds are rewritten every run)");
            FuzzCorpus.CreateDirectory();
            FuzzFindings.CreateDirectory();
            var findingsBefore = FuzzFindings.GetFiles().ToHashSet();
            var progress = new FuzzProgress(Out);
            var result = await RunProcessAsync(
                Fuzzer,
                [
                    FuzzCorpus, FuzzSeeds,
                    $"-max_total_time={Duration}",
                    // Seconds per input: the slowest valid input takes milliseconds, so a hang is a finding.
                    "-timeout=10",
                    // Also caps single allocations: a size taken from the input unchecked is a finding.
                    "-rss_limit_mb=2048",
                    "-print_final_stats=1",
                    $"-artifact_prefix={FuzzFindings}{Path.DirectorySeparatorChar}",
                ],
                validateExitCode: false,
                logger: progress.OnLine);

            var findings = FuzzFindings.GetFiles().Where(path => !findingsBefore.Contains(path)).ToList();
            if (result.ExitCode != 0 || findings.Count > 0)
            {
                var replay = findings.Count == 0
                    ? "libFuzzer left no input behind; its output above says why."
                    : "Reproducer: " + string.Join(", ", findings.Select(f => RootDirectory.GetRelativePathTo(f)))
                      + $". The property and the decoded input are printed above; replay with `{RootDirectory.GetRelativePathTo(Fuzzer)} {RootDirectory.GetRelativePathTo(findings[0])}`.";
                throw new BuildFailedException($"The fuzzer found a failing input (libFuzzer exit code {result.ExitCode}). {replay}");
            }

            Out.WriteLine(progress.Summary(result.Output, total.Elapsed));
        });

    /// <summary>Fails naming the Debian package to install when clang-14 or libFuzzer's runtime is missing.</summary>
    async Task CheckFuzzerPrerequisites()
    {
        if (!IsOnPath("clang-14"))
        {
            throw new BuildFailedException("Fuzz needs clang-14, which links the fuzzer, on PATH: install Debian's clang-14 (sudo apt-get install clang-14).");
        }

        var resourceDirectory = await RunProcessAsync("clang-14", ["-print-resource-dir"]);

        // Debian's libclang-rt-14-dev puts it in /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux.
        var runtime = AbsolutePath.Create(resourceDirectory.Output.Trim()) / "lib" / "linux" / "libclang_rt.fuzzer-x86_64.a";
        if (!File.Exists(runtime))
        {
            throw new BuildFailedException(
                $"libFuzzer's runtime {runtime} is missing: install Debian's libclang-rt-14-dev (sudo apt-get install libclang-rt-14-dev).");
        }
    }

    /// <summary>
    /// Keeps libFuzzer's output readable: one status line every 10 seconds instead of one per new input, and its
    /// closing dictionary suggestions left out; everything else (pulses, errors, the report of a finding) as it comes.
    /// </summary>
    sealed partial class FuzzProgress(TextWriter output)
    {
        readonly Stopwatch _clock = Stopwatch.StartNew();
        TimeSpan _lastShown;
        string? _status;
        bool _inDictionary;

        public void OnLine(string line)
        {
            if (line.StartsWith("###### Recommended dictionary", StringComparison.Ordinal))
            {
                _inDictionary = true;
            }

            if (_inDictionary)
            {
                _inDictionary = !line.StartsWith("###### End of recommended dictionary", StringComparison.Ordinal);
                return;
            }

            if (StatusLine().Match(line) is { Success: true } status)
            {
                _status = line;
                if (status.Groups["event"].Value is "NEW" or "REDUCE")
                {
                    if (_clock.Elapsed - _lastShown < TimeSpan.FromSeconds(10))
                    {
                        return;
                    }

                    line = $"[{_clock.Elapsed:mm\\:ss}] {line}";
                }

                _lastShown = _clock.Elapsed;
            }

            output.WriteLine(line);
        }

        /// <summary>Runs, speed and coverage from libFuzzer's final statistics and its last status line.</summary>
        public string Summary(string fuzzerOutput, TimeSpan elapsed)
        {
            string Stat(string name) => Regex.Match(fuzzerOutput, $@"^stat::{name}:\s*(\d+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : "?";
            var coverage = _status is null ? "" : StatusLine().Match(_status).Groups["coverage"].Value;
            return $"Fuzz: no finding. {Stat("number_of_executed_units")} inputs at {Stat("average_exec_per_sec")} exec/s, "
                + $"{Stat("new_units_added")} new in the corpus, peak RSS {Stat("peak_rss_mb")} MB; {coverage}; "
                + $"{elapsed:mm\\:ss} in all, build included.";
        }

        // "#4096	pulse  cov: 1159 ft: 2646 corp: 111/10378b lim: 4 exec/s: 2048 rss: 28Mb"
        [GeneratedRegex(@"^#\d+\s+(?<event>[A-Z]+|pulse)\s+(?<coverage>cov: \d+ ft: \d+ corp: \S+)")]
        private static partial Regex StatusLine();
    }
}
