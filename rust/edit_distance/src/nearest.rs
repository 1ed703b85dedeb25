//! Bounded top-k search of a [`Corpus`], optionally split across threads.

use std::collections::BinaryHeap;

use crate::corpus::{Corpus, Entry};
use crate::{distance_symbols, text, Scratch, Strategy};

/// One result of a nearest search: a corpus entry and its distance to the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Match {
    /// Position of the entry in the corpus.
    pub index: usize,
    /// Edit distance between the query and that entry, in code points.
    pub distance: usize,
}

/// A query prepared for comparison with both kinds of corpus entries.
#[derive(Clone, Copy)]
pub(crate) struct Query<'a> {
    /// The query as UTF-16 code units when it has no surrogates, so UTF-16 entries compare in place.
    units: Option<&'a [u16]>,
    wide: &'a [u32],
}

impl<'a> Query<'a> {
    pub(crate) fn new(wide: &'a [u32]) -> Self {
        Query { units: None, wide }
    }

    pub(crate) fn with_units(units: &'a [u16], wide: &'a [u32]) -> Self {
        Query { units: Some(units), wide }
    }
}

/// Below this many entries per thread, starting a thread costs more than it saves (a scoped thread costs
/// tens of microseconds to start; 256 short comparisons take about as long).
const MIN_ENTRIES_PER_THREAD: usize = 256;

pub(crate) fn search(
    corpus: &Corpus,
    strategy: Strategy,
    query: Query<'_>,
    k: usize,
    max_distance: Option<usize>,
    threads: usize,
) -> Vec<Match> {
    let max = max_distance.unwrap_or(usize::MAX);
    let len = corpus.len();
    if k == 0 || len == 0 {
        return Vec::new();
    }
    let threads = threads.clamp(1, len.div_ceil(MIN_ENTRIES_PER_THREAD).max(1));
    let mut found = if threads == 1 {
        top_k(corpus, strategy, query, 0, len, k, max)
    } else {
        // Contiguous chunks, one per thread. Each chunk's own top k holds every member of the global top
        // k that lies in it, so merging and re-sorting gives exactly the single-threaded answer.
        let chunk = len.div_ceil(threads);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (1..threads)
                .map(|t| {
                    let (start, end) = ((t * chunk).min(len), ((t + 1) * chunk).min(len));
                    scope.spawn(move || top_k(corpus, strategy, query, start, end, k, max))
                })
                .collect();
            let mut all = top_k(corpus, strategy, query, 0, chunk.min(len), k, max);
            for worker in workers {
                match worker.join() {
                    Ok(part) => all.extend(part),
                    // Re-raise on the calling thread, where the export's panic boundary catches it.
                    Err(payload) => std::panic::resume_unwind(payload),
                }
            }
            all
        })
    };
    found.sort_unstable_by_key(|m| (m.distance, m.index));
    found.truncate(k);
    found
}

/// The `k` best entries of `corpus[start..end]`, unsorted.
fn top_k(corpus: &Corpus, strategy: Strategy, query: Query<'_>, start: usize, end: usize, k: usize, max: usize) -> Vec<Match> {
    let mut scratch = Scratch::new();
    // Max-heap on (distance, index): the top is the current k-th best, the first to be replaced.
    let mut heap: BinaryHeap<(usize, usize)> = BinaryHeap::with_capacity(k.min(end - start) + 1);
    for index in start..end {
        let bound = match heap.peek() {
            // Entries come in index order, so a later entry must be strictly closer than the k-th best
            // to displace it: that makes the k-th best distance minus one the bound for this pair, and
            // lets the bounded algorithms stop early on nearly every entry once the heap is full.
            Some(&(worst, _)) if heap.len() == k => {
                if worst == 0 {
                    break;
                }
                max.min(worst - 1)
            }
            _ => max,
        };
        let d = entry_distance(corpus, strategy, query, index, bound, &mut scratch);
        if d <= bound {
            if heap.len() == k {
                heap.pop();
            }
            heap.push((d, index));
        }
    }
    heap.into_iter().map(|(distance, index)| Match { index, distance }).collect()
}

fn entry_distance(corpus: &Corpus, strategy: Strategy, query: Query<'_>, index: usize, bound: usize, scratch: &mut Scratch) -> usize {
    match (corpus.entry(index), query.units) {
        (Entry::Bmp { start, end }, Some(units)) => {
            distance_symbols(strategy, units, corpus.bmp(start, end), bound, &mut scratch.pm)
        }
        (Entry::Bmp { start, end }, None) => {
            text::widen_into(corpus.bmp(start, end), &mut scratch.wide_b);
            distance_symbols(strategy, query.wide, &scratch.wide_b, bound, &mut scratch.pm)
        }
        (Entry::Wide { start, end }, _) => {
            distance_symbols(strategy, query.wide, corpus.wide(start, end), bound, &mut scratch.pm)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Vec<String> {
        ["sitting", "kitten", "mitten", "bitten", "smitten", "kit", "kitchen", ""].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ties_go_to_the_lower_index() {
        let corpus = Corpus::new(&["ac", "ad", "ab", "a", "abc", "xb"]);
        for strategy in [Strategy::Dp, Strategy::BitParallel] {
            let found = corpus.nearest(strategy, "ab", 4, None, 1);
            let pairs: Vec<_> = found.iter().map(|m| (m.index, m.distance)).collect();
            assert_eq!(pairs, vec![(2, 0), (0, 1), (1, 1), (3, 1)]);
        }
    }

    #[test]
    fn max_distance_and_k_zero() {
        let corpus = Corpus::new(&words());
        assert!(corpus.nearest(Strategy::Dp, "kitten", 0, None, 1).is_empty());
        let found = corpus.nearest(Strategy::BitParallel, "kitten", 10, Some(1), 1);
        assert_eq!(found.iter().map(|m| m.index).collect::<Vec<_>>(), vec![1, 2, 3]);
    }

    #[test]
    fn threads_give_the_single_threaded_answer() {
        // Many duplicates and ties across chunk borders: the hard case for a deterministic merge.
        let items: Vec<String> = (0..5000).map(|i| format!("w{}", i % 37)).collect();
        let corpus = Corpus::new(&items);
        for strategy in [Strategy::Dp, Strategy::BitParallel] {
            let single = corpus.nearest(strategy, "w5", 50, None, 1);
            for threads in [2, 3, 8] {
                assert_eq!(corpus.nearest(strategy, "w5", 50, None, threads), single, "{threads} threads");
            }
        }
    }
}
