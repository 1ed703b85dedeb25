//! Native Rust timing of the distance, per pair, on the pair files that the benchmark app wrote.
//!
//! `edit-distance-native-bench --inputs DIR --out FILE [--quick]`
//!
//! Two entry points are timed. `distance_utf16` on the strings' UTF-16 code units is exactly the work behind the
//! `ed_distance` export that .NET calls, so "through P/Invoke minus this" is the boundary alone (strategy
//! `native-dp` / `native-bitparallel` in the results). `distance` on `&str` is the API a Rust program calls
//! (`native-str-dp` / `native-str-bitparallel`): what the same work costs without .NET at all.
//!
//! The server's codecs (`codec/rust-remote-{wire}/server`): for every pair, decoding the bit-parallel `distance`
//! request a client sends and encoding the reply, with `edit-distance-server`'s own functions, per wire (binary frames
//! with UTF-16 or UTF-8 strings, JSON lines): the server's share of the serialization tax of a call out of process.
//!
//! For each `pairs-{text}-{length}.jsonl` and each row: a warm-up, then samples of whole batches (every pair of the
//! file, in order, repeated until the sample lasts at least the target time); the result is the median sample
//! divided by the number of pairs, i.e. the same "per pair" figure BenchmarkDotNet reports for the call through
//! P/Invoke. `--filter` keeps the rows whose name `benchmark/implementation/strategy` holds one of its
//! comma-separated terms, ignoring case (the benchmark app's rule). The JSON written has the shape of the benchmark
//! app's raw result files; every row says `"caller": "rust"`.

mod codec;
mod input;
mod json;

use std::env;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use edit_distance::Strategy;
use edit_distance_server::Wire;

/// results.json's implementation for the server reached over `wire`.
fn remote(wire: Wire) -> String {
    format!("rust-remote-{}", wire.name())
}

pub struct Options {
    inputs: PathBuf,
    out: PathBuf,
    samples: usize,
    sample_time: Duration,
    /// `--filter`'s terms, lower-cased: the benchmark app's rule (bench/EditDistance.Bench/Running/Selection.cs).
    filter: Vec<String>,
}

impl Options {
    /// Whether the row named `benchmark/implementation/strategy` is selected by `--filter`.
    fn includes(&self, benchmark: &str, implementation: &str, strategy: &str) -> bool {
        let name = format!("{benchmark}/{implementation}/{strategy}").to_lowercase();
        self.filter.is_empty() || self.filter.iter().any(|term| name.contains(term.as_str()))
    }
}

/// Which Rust function a measurement timed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// `distance_utf16`, the function behind the `ed_distance` export.
    Utf16,
    /// `distance` on `&str`, the Rust-native API.
    Str,
}

impl Entry {
    fn prefix(self) -> &'static str {
        match self {
            Entry::Utf16 => "native",
            Entry::Str => "native-str",
        }
    }
}

/// One row of the output: what was timed (`benchmark/implementation/strategy`, as the benchmark app names its rows),
/// on which pairs, and the per-operation times.
struct Measurement {
    benchmark: &'static str,
    implementation: String,
    strategy: String,
    text: String,
    length: usize,
    spread: Spread,
    samples: usize,
}

/// Per-pair times of one measurement's samples: the median is the figure, and the fastest and slowest sample are
/// the noise interval the report compares with (`ci_lower_ns` / `ci_upper_ns`), as BenchmarkDotNet's confidence
/// interval is for its rows.
pub struct Spread {
    median_ns: f64,
    fastest_ns: f64,
    slowest_ns: f64,
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            eprintln!("usage: edit-distance-native-bench --inputs DIR --out FILE [--quick]");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(count) => {
            println!(
                "native Rust: {count} results written to {}",
                options.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("native Rust harness failed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_options() -> Result<Options, String> {
    let mut inputs = None;
    let mut out = None;
    let mut quick = false;
    let mut filter = Vec::new();
    let mut args = env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--inputs" => inputs = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            "--quick" => quick = true,
            "--filter" => {
                filter = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|term| term.trim().to_lowercase())
                    .filter(|term| !term.is_empty())
                    .collect()
            }
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    Ok(Options {
        inputs: inputs.ok_or("--inputs is required")?,
        out: out.ok_or("--out is required")?,
        // Quick: 5 samples of 10 ms; default: 15 samples of 40 ms. A sample holds whole batches, so even the
        // slowest batch (Wagner–Fischer, 4 pairs of 1000 code points, ~10 ms) fits several times.
        samples: if quick { 5 } else { 15 },
        sample_time: Duration::from_millis(if quick { 10 } else { 40 }),
        filter,
    })
}

fn run(options: &Options) -> Result<usize, String> {
    let files = input::pair_files(&options.inputs)?;
    if files.is_empty() {
        return Err(format!("no pairs-*.jsonl in {}", options.inputs.display()));
    }
    let mut selected = Vec::new();
    for entry in [Entry::Utf16, Entry::Str] {
        for strategy in [Strategy::Dp, Strategy::BitParallel] {
            let name = format!("{}-{}", entry.prefix(), strategy.name());
            if options.includes("crossing", "rust", &name) {
                selected.push((entry, strategy, name));
            }
        }
    }
    let wires: Vec<Wire> = [Wire::Binary, Wire::BinaryUtf8, Wire::Json]
        .into_iter()
        .filter(|wire| options.includes("codec", &remote(*wire), "server"))
        .collect();
    let total = files.len() * (selected.len() + wires.len());
    let mut measurements = Vec::new();
    for file in &files {
        let pairs = input::read_pairs(&file.path)?;
        let wide: Vec<(Vec<u16>, Vec<u16>)> = pairs
            .iter()
            .map(|(a, b)| (a.encode_utf16().collect(), b.encode_utf16().collect()))
            .collect();
        for (entry, strategy, name) in &selected {
            let (entry, strategy) = (*entry, *strategy);
            println!(
                "[{}/{total}] native Rust: {} {} {name}",
                measurements.len() + 1,
                file.text,
                file.length,
            );
            let spread = match entry {
                Entry::Utf16 => time_per_pair(&wide, options, |a, b| {
                    edit_distance::distance_utf16(strategy, a, b, None)
                        .expect("the inputs are valid UTF-16")
                }),
                Entry::Str => time_per_pair(&pairs, options, |a, b| {
                    edit_distance::distance(strategy, a, b, None)
                }),
            };
            measurements.push(Measurement {
                benchmark: "crossing",
                implementation: "rust".to_owned(),
                strategy: name.clone(),
                text: file.text.clone(),
                length: file.length,
                spread,
                samples: options.samples,
            });
        }
        for &wire in &wires {
            println!(
                "[{}/{total}] native Rust: {} {} codec/{}/server",
                measurements.len() + 1,
                file.text,
                file.length,
                remote(wire),
            );
            let spread = codec::time_server(wire, &pairs, options)?;
            measurements.push(Measurement {
                benchmark: "codec",
                implementation: remote(wire),
                strategy: "server".to_owned(),
                text: file.text.clone(),
                length: file.length,
                spread,
                samples: options.samples,
            });
        }
    }
    write_results(&options.out, &measurements)?;
    Ok(measurements.len())
}

/// Median, fastest and slowest over samples of (sample time / pairs timed in it).
fn time_per_pair<T: ?Sized, S: std::borrow::Borrow<T>>(
    pairs: &[(S, S)],
    options: &Options,
    distance: impl Fn(&T, &T) -> usize,
) -> Spread {
    time_each(pairs, options, |(a, b)| distance(black_box(a.borrow()), black_box(b.borrow())))
}

/// Median, fastest and slowest over samples of (sample time / items timed in it): `operation` runs on every item,
/// in order, as many times over as a sample needs.
pub fn time_each<I>(items: &[I], options: &Options, mut operation: impl FnMut(&I) -> usize) -> Spread {
    let mut batch = || {
        let mut sum = 0usize;
        for item in items {
            sum = sum.wrapping_add(operation(item));
        }
        black_box(sum)
    };

    // Warm-up, and how many batches one sample needs.
    let start = Instant::now();
    batch();
    let one = start.elapsed().max(Duration::from_nanos(1));
    let batches = (options.sample_time.as_nanos() / one.as_nanos()).clamp(1, 1_000_000) as usize;

    let mut samples: Vec<f64> = (0..options.samples)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batches {
                batch();
            }
            start.elapsed().as_nanos() as f64 / (batches * items.len()) as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    Spread {
        median_ns: samples[samples.len() / 2],
        fastest_ns: samples[0],
        slowest_ns: samples[samples.len() - 1],
    }
}

fn write_results(path: &Path, measurements: &[Measurement]) -> Result<(), String> {
    let results: Vec<String> = measurements
        .iter()
        .map(|m| {
            format!(
                "    {{\"benchmark\": {}, \"caller\": \"rust\", \"implementation\": {}, \"strategy\": {}, \
                 \"params\": {{\"length\": {}, \"text\": {}}}, \"median_ns\": {}, \"ci_lower_ns\": {}, \"ci_upper_ns\": {}, \
                 \"allocated_bytes\": null, \"source\": \"native-rust\", \"iterations\": {}}}",
                json::quote(m.benchmark),
                json::quote(&m.implementation),
                json::quote(&m.strategy),
                m.length,
                json::quote(&m.text),
                m.spread.median_ns,
                m.spread.fastest_ns,
                m.spread.slowest_ns,
                m.samples
            )
        })
        .collect();
    let document = format!(
        "{{\n  \"source\": \"native-rust\",\n  \"environment\": {{\"rustc\": {}}},\n  \"results\": [\n{}\n  ],\n  \"notes\": []\n}}\n",
        json::quote(env!("BENCH_RUSTC_VERSION")),
        results.join(",\n")
    );
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, document).map_err(|e| format!("{}: {e}", path.display()))
}
