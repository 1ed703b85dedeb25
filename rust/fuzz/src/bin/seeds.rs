//! Writes the fuzzer's seed corpus: every case of the shared vectors (tests/vectors/*.json) that the C ABI can
//! express, in the harness's input format, one file per case.
//!
//! Usage: `seeds <directory>` (created if missing; files of the same name are replaced).

// The JSON reader the integration tests use: the same reading of the vectors, not a second one.
#[path = "../../../edit_distance/tests/common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use common::{cases, Json};
use edit_distance::ffi::ED_NO_BOUND;
use edit_distance_fuzz::input::{Fault, Input, Op};

fn main() -> ExitCode {
    let Some(directory) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: seeds <directory>");
        return ExitCode::from(2);
    };
    let mut seeds: Vec<(String, Input)> = Vec::new();
    let mut skipped = 0;
    for file in ["distance", "bounded", "nearest", "errors"] {
        for (i, case) in cases(&format!("{file}.json")).iter().enumerate() {
            let name = format!("{file}-{i:03}");
            match file {
                "nearest" => {
                    let input = nearest_input(case);
                    seeds.push((format!("{name}-within"), Input { op: Op::Within, count: 0, ..input.clone() }));
                    seeds.push((format!("{name}-tiled"), Input { tile: true, ..input.clone() }));
                    seeds.push((name, input));
                }
                "errors" => match error_input(case) {
                    Some(input) => seeds.push((name, input)),
                    None => skipped += 1,
                },
                _ => {
                    let strings = vec![utf16(case.get("a")), utf16(case.get("b"))];
                    seeds.push((name, Input { strings, ..plain(Op::Distance, bound(case.get("max_distance"))) }));
                }
            }
        }
    }

    if let Err(e) = std::fs::create_dir_all(&directory) {
        eprintln!("cannot create {}: {e}", directory.display());
        return ExitCode::FAILURE;
    }
    let mut shortened = 0;
    for (name, input) in &seeds {
        let bytes = input.encode();
        let read = Input::decode(&bytes);
        // Encoding may shorten (the format's limits) but must be stable: what the harness reads encodes the same.
        assert_eq!(read.encode(), bytes, "{name}: the format does not read back what it wrote");
        shortened += usize::from(read != *input);
        if let Err(e) = std::fs::write(directory.join(name), &bytes) {
            eprintln!("cannot write {}: {e}", directory.join(name).display());
            return ExitCode::FAILURE;
        }
    }
    println!(
        "wrote {} seeds to {} ({shortened} shortened to the format's limits; {skipped} error cases left out: \
         negative values cannot cross the C ABI)",
        seeds.len(),
        directory.display()
    );
    ExitCode::SUCCESS
}

fn plain(op: Op, max_distance: u32) -> Input {
    Input { op, null_error: false, tile: false, max_distance, count: 0, fault: Fault::None, detail: 0, strings: Vec::new() }
}

fn bound(value: &Json) -> u32 {
    if value.is_null() {
        ED_NO_BOUND
    } else {
        u32::try_from(value.number()).expect("a bound the vectors give is a u32")
    }
}

fn utf16(value: &Json) -> Vec<u16> {
    value.utf16().unwrap_or_default()
}

fn nearest_input(case: &Json) -> Input {
    let mut strings = vec![utf16(case.get("query"))];
    strings.extend(case.get("corpus").array().iter().map(utf16));
    let k = case.get("k").number();
    Input { count: u32::try_from(k).expect("k >= 0"), strings, ..plain(Op::Nearest, bound(case.get("max_distance"))) }
}

/// An errors.json case as the C ABI meets it: a null string is a null pointer with a length (null with length 0
/// is the empty string); a null corpus is a null handle; a null corpus entry, which one buffer cannot hold, a null
/// corpus text. `None` for negative values, which `u32` parameters cannot carry.
fn error_input(case: &Json) -> Option<Input> {
    let negative = |key: &str| !case.get(key).is_null() && case.get(key).number() < 0;
    if negative("k") || negative("max_distance") {
        return None;
    }
    // What a null string points at is never read: only its length must be non-zero.
    let placeholder = || "?".encode_utf16().collect::<Vec<u16>>();
    let null_at = |input: Input, detail: u8| Input { fault: Fault::NullPointer, detail, ..input };
    if case.get("call").text() == "distance" {
        let (a, b) = (case.get("a").utf16(), case.get("b").utf16());
        let input = Input {
            strings: vec![a.clone().unwrap_or_else(placeholder), b.clone().unwrap_or_else(placeholder)],
            ..plain(Op::Distance, bound(case.get("max_distance")))
        };
        return Some(match (a, b) {
            (None, _) => null_at(input, 0),
            (_, None) => null_at(input, 1),
            _ => input,
        });
    }
    let query = case.get("query").utf16();
    let corpus = case.get("corpus");
    let entries: Vec<Option<Vec<u16>>> =
        if corpus.is_null() { vec![] } else { corpus.array().iter().map(Json::utf16).collect() };
    let mut strings = vec![query.clone().unwrap_or_else(placeholder)];
    strings.extend(entries.iter().map(|e| e.clone().unwrap_or_else(placeholder)));
    let count = u32::try_from(case.get("k").number()).ok()?;
    let input = Input { strings, count, ..plain(Op::Nearest, bound(case.get("max_distance"))) };
    Some(if query.is_none() {
        null_at(input, 0)
    } else if corpus.is_null() {
        Input { fault: Fault::NullCorpus, ..input }
    } else if entries.iter().any(Option::is_none) {
        null_at(input, 1)
    } else {
        input
    })
}
