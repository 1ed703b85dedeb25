//! Levenshtein edit distance over Unicode scalar values, with a C ABI for .NET.
//!
//! Two strategies, the same in every language of this repository: [`Strategy::Dp`] (two-row
//! Wagner–Fischer) and [`Strategy::BitParallel`] (Myers/Hyyrö, 64 DP cells per machine word).
//! Distances count code points: `distance(Strategy::Dp, "😀", "", None) == 1`. No normalization is
//! applied, so a precomposed "é" and "e" + U+0301 are two edits apart.
//!
//! Counts and bounds are `usize`: the negative `k` or `max_distance` that the .NET and Python APIs reject
//! cannot be expressed here at all.
//!
//! The C ABI lives in [`ffi`]; see `rust/README.md` for its conventions.
//!
//! Modules import one another in one direction only (`tests/module_graph.rs` checks it), and none imports from
//! this root, which only declares them and re-exports the public API.

#[cfg(feature = "bench")]
pub mod bench;
mod bitparallel;
mod corpus;
mod distance;
mod dp;
mod error;
mod fault;
mod mbleven;
pub mod ffi;
mod lanes;
mod nearest;
mod panic;
mod text;

pub use corpus::Corpus;
pub use distance::{distance, distance_utf16, Strategy};
pub use error::{Argument, Error};
pub use nearest::{Match, WORKER_THREAD_NAME};
pub use text::find_lone_surrogate;

/// The k entries of `corpus` closest to `query`, sorted by distance and then by index; entries farther
/// than `max_distance` are left out. To query one corpus many times, build a [`Corpus`] once.
pub fn nearest<S: AsRef<str>>(
    strategy: Strategy,
    query: &str,
    corpus: &[S],
    k: usize,
    max_distance: Option<usize>,
) -> Vec<Match> {
    Corpus::new(corpus).nearest(strategy, query, k, max_distance, 1)
}
