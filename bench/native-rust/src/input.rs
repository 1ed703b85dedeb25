//! The pair files written by the benchmark app: `pairs-{text}-{length}.jsonl`, one JSON string per line, the
//! two strings of pair i on lines 2i and 2i + 1.

use std::fs;
use std::path::{Path, PathBuf};

use crate::json;

pub struct PairFile {
    pub path: PathBuf,
    pub text: String,
    pub length: usize,
}

/// Every pair file in `directory`, ordered by length then text: the order in which BenchmarkDotNet runs them.
/// Running them in the same order keeps the thread's history (warm caches, grown per-thread buffers) the same as
/// in the P/Invoke benchmark, so that the two timings differ by the boundary and nothing else.
pub fn pair_files(directory: &Path) -> Result<Vec<PairFile>, String> {
    let entries = fs::read_dir(directory).map_err(|e| format!("{}: {e}", directory.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name
            .strip_prefix("pairs-")
            .and_then(|n| n.strip_suffix(".jsonl"))
        else {
            continue;
        };
        let Some((text, length)) = stem.rsplit_once('-') else {
            continue;
        };
        let Ok(length) = length.parse() else { continue };
        files.push(PairFile {
            text: text.to_owned(),
            length,
            path,
        });
    }
    files.sort_by(|a, b| (a.length, &a.text).cmp(&(b.length, &b.text)));
    Ok(files)
}

pub fn read_pairs(path: &Path) -> Result<Vec<(String, String)>, String> {
    let content = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let strings = content
        .lines()
        .enumerate()
        .map(|(number, line)| {
            json::decode_string(line).map_err(|e| format!("{}:{}: {e}", path.display(), number + 1))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if strings.len() % 2 != 0 {
        return Err(format!(
            "{}: an odd number of lines ({}) cannot hold pairs",
            path.display(),
            strings.len()
        ));
    }
    Ok(strings
        .chunks_exact(2)
        .map(|pair| (pair[0].clone(), pair[1].clone()))
        .collect())
}
