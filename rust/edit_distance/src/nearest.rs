//! Searches of a [`Corpus`]: bounded top-k, optionally split across threads, and the streaming search of
//! every entry within a distance, which hands each match to a visitor as it is found.

use std::collections::BinaryHeap;
use std::ops::ControlFlow;
use std::sync::OnceLock;

use crate::bitparallel;
use crate::corpus::{Corpus, Entry};
use crate::distance::{distance_symbols, Scratch, Strategy};
use crate::error::{AllocError, Argument, Error};
use crate::lanes::{self, LaneLevel, LaneQuery, Lanes};
use crate::text;

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

/// The searches of a corpus, here rather than in `corpus.rs` so that the corpus's layout does not depend on the
/// searches that read it.
impl Corpus {
    /// The `k` entries closest to `query`, sorted by distance and then by index, leaving out entries
    /// farther than `max_distance`. Up to `threads` workers split the corpus (0 counts as 1, and never more
    /// than the machine runs at once); the result is the same for any thread count.
    ///
    /// # Panics
    /// When a buffer proportional to the input cannot be allocated; [`Corpus::nearest_utf16`] reports that as
    /// [`Error::OutOfMemory`] instead.
    pub fn nearest(&self, strategy: Strategy, query: &str, k: usize, max_distance: Option<usize>, threads: usize) -> Vec<Match> {
        with_str_query(query, |query| Ok(search(self, strategy, query, k, max_distance, threads)?))
            .unwrap_or_else(|error| panic!("Corpus::nearest: {error}"))
    }

    /// [`Corpus::nearest`] for a UTF-16 query.
    ///
    /// # Errors
    /// [`Error::InvalidUtf16`] (`Query`) naming the UTF-16 index of the query's first lone surrogate;
    /// [`Error::OutOfMemory`] when a buffer proportional to the input cannot be allocated.
    pub fn nearest_utf16(
        &self,
        strategy: Strategy,
        query: &[u16],
        k: usize,
        max_distance: Option<usize>,
        threads: usize,
    ) -> Result<Vec<Match>, Error> {
        with_utf16_query(query, |query| Ok(search(self, strategy, query, k, max_distance, threads)?))
    }

    /// Hands every entry within `max_distance` of `query` (`None`: every entry) to `on_match` as it is found,
    /// in corpus order, for result sets whose size is not known in advance; `on_match` returns
    /// [`ControlFlow::Break`] to stop the search early. Returns how many entries were compared, the one whose
    /// visit broke included (so `len()` when the search ran to the end).
    ///
    /// Runs on the calling thread, one match at a time; `on_match` may use the library meanwhile.
    ///
    /// # Panics
    /// When a buffer proportional to the input cannot be allocated; [`Corpus::within_utf16`] reports that as
    /// [`Error::OutOfMemory`] instead.
    pub fn within(
        &self,
        strategy: Strategy,
        query: &str,
        max_distance: Option<usize>,
        on_match: impl FnMut(Match) -> ControlFlow<()>,
    ) -> usize {
        with_str_query(query, |query| Ok(within(self, strategy, query, max_distance, on_match)?))
            .unwrap_or_else(|error| panic!("Corpus::within: {error}"))
    }

    /// [`Corpus::within`] for a UTF-16 query.
    ///
    /// # Errors
    /// [`Error::InvalidUtf16`] (`Query`) naming the UTF-16 index of the query's first lone surrogate; then
    /// `on_match` is never called; [`Error::OutOfMemory`] when a buffer proportional to the input cannot be
    /// allocated.
    pub fn within_utf16(
        &self,
        strategy: Strategy,
        query: &[u16],
        max_distance: Option<usize>,
        on_match: impl FnMut(Match) -> ControlFlow<()>,
    ) -> Result<usize, Error> {
        with_utf16_query(query, |query| Ok(within(self, strategy, query, max_distance, on_match)?))
    }
}

/// Runs `search` with a Rust string query, prepared as a UTF-16 one: a query without surrogates then compares
/// in place with the entries that have none too, instead of widening each of them per comparison.
fn with_str_query<R>(query: &str, search: impl FnOnce(Query<'_>) -> Result<R, Error>) -> Result<R, Error> {
    let units: Vec<u16> = query.encode_utf16().collect();
    with_utf16_query(&units, search)
}

/// Validates and decodes a UTF-16 query once, then runs `search` with it prepared for both kinds of entries.
fn with_utf16_query<R>(
    query: &[u16],
    search: impl FnOnce(Query<'_>) -> Result<R, Error>,
) -> Result<R, Error> {
    let mut wide = Vec::new();
    text::decode_into(query, &mut wide, Argument::Query, None)?;
    let query = if text::first_surrogate(query).is_none() {
        Query::with_units(query, &wide)
    } else {
        Query::new(&wide)
    };
    search(query)
}

/// Below this many entries per thread, starting a thread costs more than it saves (a scoped thread costs
/// tens of microseconds to start; 256 short comparisons take about as long).
const MIN_ENTRIES_PER_THREAD: usize = 256;

/// The name of the threads a search starts, as profilers, debuggers and `/proc/<pid>/task/*/comm` show it
/// (Linux keeps 15 bytes of a thread's name).
pub const WORKER_THREAD_NAME: &str = "edit_distance";

/// How many threads a search of `len` entries uses when `threads` are asked for: never more than the machine
/// runs at once (more would only add start-up costs and contention, and `threads = u32::MAX` on a large corpus
/// would otherwise start thousands of threads per query), nor more than the entries justify.
pub(crate) fn worker_count(threads: usize, len: usize) -> usize {
    justified_workers(threads, len.div_ceil(MIN_ENTRIES_PER_THREAD))
}

/// A lane search starts another thread only for this many group steps (one query symbol for a group of 4 to 32
/// entries) per thread. Starting and joining a thread costs 25 µs or more, as much as a whole query of 8 code
/// points against 100 000 words (about 30 000 steps, most of them skipped by the bound), which a second thread
/// would only slow down. The count is taken before the bound skips anything, so it is set high: measured, the
/// skipped share grows with the query's length, and a query of 64 code points against those words runs
/// 250 000 steps' worth in ~50 µs.
const MIN_LANE_STEPS_PER_THREAD: usize = 131_072;

/// [`worker_count`] for a lane search: its group steps, and the entries it compares one by one.
fn lane_worker_count(threads: usize, lanes: &Lanes, query: &LaneQuery) -> usize {
    let (steps, one_by_one) = lanes.work(query);
    justified_workers(threads, steps / MIN_LANE_STEPS_PER_THREAD + one_by_one.div_ceil(MIN_ENTRIES_PER_THREAD))
}

fn justified_workers(threads: usize, justified: usize) -> usize {
    static PARALLELISM: OnceLock<usize> = OnceLock::new();
    // Read once: on Linux it consults the affinity mask and the cgroup quota, several system calls.
    let parallelism = *PARALLELISM.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    threads.min(parallelism).min(justified).max(1)
}

pub(crate) fn search(
    corpus: &Corpus,
    strategy: Strategy,
    query: Query<'_>,
    k: usize,
    max_distance: Option<usize>,
    threads: usize,
) -> Result<Vec<Match>, AllocError> {
    search_at(corpus, strategy, query, k, max_distance, threads, lanes::level())
}

/// [`search`] with the lanes at `level` (clamped to what the CPU has), so that the tests run every level.
fn search_at(
    corpus: &Corpus,
    strategy: Strategy,
    query: Query<'_>,
    k: usize,
    max_distance: Option<usize>,
    threads: usize,
    level: LaneLevel,
) -> Result<Vec<Match>, AllocError> {
    let max = max_distance.unwrap_or(usize::MAX);
    let len = corpus.len();
    if k == 0 || len == 0 {
        return Ok(Vec::new());
    }
    // The bit-parallel strategy runs many short entries per instruction when the corpus has lane tables (C#:
    // CSharpCorpus.cs and Lanes.cs, Python: lanes.py); otherwise, and for dp, each entry on its own.
    let lanes = match strategy {
        Strategy::BitParallel => corpus.lanes().prepare(level, query.wide)?,
        Strategy::Dp => None,
    };
    let parts = match &lanes {
        Some(prepared) => lane_worker_count(threads, corpus.lanes(), prepared),
        None => worker_count(threads, len),
    };
    in_parts(corpus, strategy, query, lanes.as_ref(), k, max, parts)
}

/// The search split into `parts`, each but the first on a thread of its own: contiguous chunks of the corpus, or
/// with lanes every `parts`-th group and a chunk of the entries no lane holds. Each part's own top k holds every
/// member of the global top k that lies in it, so merging and re-sorting gives exactly the answer of one part.
fn in_parts(
    corpus: &Corpus,
    strategy: Strategy,
    query: Query<'_>,
    lanes: Option<&LaneQuery>,
    k: usize,
    max: usize,
    parts: usize,
) -> Result<Vec<Match>, AllocError> {
    debug_assert!(k > 0 && parts > 0);
    let len = corpus.len();
    let part = |t: usize| match lanes {
        Some(lanes) => top_k_lanes(corpus, strategy, query, lanes, t, parts, k, max),
        None => {
            let chunk = len.div_ceil(parts);
            top_k(corpus, strategy, query, (t * chunk).min(len), ((t + 1) * chunk).min(len), k, max)
        }
    };
    let mut found = if parts == 1 {
        part(0)?
    } else {
        std::thread::scope(|scope| {
            let part = &part;
            let workers: Vec<_> = (1..parts)
                .map(|t| {
                    // A thread the system refuses (a thread limit, no memory for its stack) is not an error:
                    // its part runs on this thread instead. `scope.spawn` would panic.
                    std::thread::Builder::new()
                        .name(WORKER_THREAD_NAME.to_owned())
                        .spawn_scoped(scope, move || part(t))
                        .map_err(|_| t)
                })
                .collect();
            let mut all = part(0)?;
            for worker in workers {
                let found = match worker {
                    Ok(handle) => match handle.join() {
                        Ok(found) => found?,
                        // Re-raise on the calling thread, where the export's panic boundary catches it.
                        Err(payload) => std::panic::resume_unwind(payload),
                    },
                    Err(t) => part(t)?,
                };
                all.try_reserve(found.len())?;
                all.extend(found);
            }
            Ok::<_, AllocError>(all)
        })?
    };
    found.sort_unstable_by_key(|m| (m.distance, m.index));
    found.truncate(k);
    Ok(found)
}

/// The `k` best entries of `corpus[start..end]`, unsorted.
fn top_k(
    corpus: &Corpus,
    strategy: Strategy,
    query: Query<'_>,
    start: usize,
    end: usize,
    k: usize,
    max: usize,
) -> Result<Vec<Match>, AllocError> {
    let mut searcher = Searcher::new(strategy, query)?;
    // Max-heap on (distance, index): the top is the current k-th best, the first to be replaced.
    let mut heap: BinaryHeap<(usize, usize)> = BinaryHeap::new();
    heap.try_reserve(k.min(end - start) + 1)?;
    for index in start..end {
        let bound = match heap.peek() {
            // Entries come in index order, so a later entry must be strictly closer than the k-th best
            // to displace it: that makes the k-th best distance minus one the bound for this pair, and
            // lets the bounded algorithms stop early on nearly every entry once the heap is full. Same bound and
            // the same stop at k exact matches: C# TopK.cs `Bound`, Python nearest.py `top_k`.
            Some(&(worst, _)) if heap.len() == k => {
                if worst == 0 {
                    break;
                }
                max.min(worst - 1)
            }
            _ => max,
        };
        let d = searcher.distance(corpus, index, bound)?;
        if d <= bound {
            if heap.len() == k {
                heap.pop();
            }
            heap.push((d, index));
        }
    }
    Ok(heap.into_iter().map(|(distance, index)| Match { index, distance }).collect())
}

/// The `k` best entries of part `part` of `parts` of a lane search, unsorted.
#[allow(clippy::too_many_arguments)]
fn top_k_lanes(
    corpus: &Corpus,
    strategy: Strategy,
    query: Query<'_>,
    lanes: &LaneQuery,
    part: usize,
    parts: usize,
    k: usize,
    max: usize,
) -> Result<Vec<Match>, AllocError> {
    let mut best = Best::new(k, max, corpus.len())?;
    let mut visitor = LaneVisitor { corpus, strategy, query, searcher: None, best: &mut best };
    corpus.lanes().search(lanes, part, parts, &mut visitor)?;
    Ok(best.heap.into_iter().map(|(distance, index)| Match { index, distance }).collect())
}

/// The k best (distance, index) pairs seen so far, for searches that visit entries out of corpus order.
///
/// Ties go to the lower index, and a later entry may have a lower index than the k-th best: such an entry may
/// still enter as far as the k-th best, and only one of a higher index must be strictly closer, as every entry
/// is in index order ([`top_k`]). So the bound depends on the index ([`Best::bound_for`]), and a group of lanes is
/// bounded by its lowest one. Same rule: C# Lanes.cs, Python lanes.py.
struct Best {
    /// Max-heap: the top is the current k-th best, the first to be replaced.
    heap: BinaryHeap<(usize, usize)>,
    k: usize,
    max: usize,
}

impl Best {
    fn new(k: usize, max: usize, len: usize) -> Result<Self, AllocError> {
        let mut heap = BinaryHeap::new();
        heap.try_reserve(k.min(len) + 1)?;
        Ok(Best { heap, k, max })
    }

    /// The k-th best, once there are k.
    fn kth(&self) -> Option<(usize, usize)> {
        self.heap.peek().copied().filter(|_| self.heap.len() == self.k)
    }

    /// The largest distance at which entry `index`, or any entry of a higher index, could still enter; `None`
    /// when none could.
    fn bound_for(&self, index: usize) -> Option<usize> {
        match self.kth() {
            None => Some(self.max),
            Some((worst, at)) if index < at => Some(self.max.min(worst)),
            Some((worst, _)) => worst.checked_sub(1).map(|bound| self.max.min(bound)),
        }
    }

    fn offer(&mut self, index: usize, distance: usize) {
        if distance > self.max {
            return;
        }
        match self.kth() {
            None => self.heap.push((distance, index)),
            Some(worst) if (distance, index) < worst => {
                self.heap.pop();
                self.heap.push((distance, index));
            }
            Some(_) => {}
        }
    }
}

/// What a lane search reports to: the k best, and the scalar path for the entries no lane holds.
struct LaneVisitor<'c, 'q, 'b> {
    corpus: &'c Corpus,
    strategy: Strategy,
    query: Query<'q>,
    /// Built on the first entry that needs it: most lane searches compare none one by one.
    searcher: Option<Searcher<'q>>,
    best: &'b mut Best,
}

impl lanes::Visitor for LaneVisitor<'_, '_, '_> {
    #[inline]
    fn bound(&self, lowest: usize) -> Option<usize> {
        self.best.bound_for(lowest)
    }

    fn offer(&mut self, index: usize, distance: usize) {
        self.best.offer(index, distance);
    }

    fn compare(&mut self, index: usize) -> Result<(), AllocError> {
        let Some(bound) = self.best.bound_for(index) else { return Ok(()) };
        let searcher = match &mut self.searcher {
            Some(searcher) => searcher,
            None => self.searcher.insert(Searcher::new(self.strategy, self.query)?),
        };
        let distance = searcher.distance(self.corpus, index, bound)?;
        if distance <= bound {
            self.best.offer(index, distance);
        }
        Ok(())
    }
}

/// Hands every entry of `corpus` within `max_distance` of `query` to `on_match`, in corpus order, until it
/// breaks; returns how many entries were compared, the one whose visit broke included.
///
/// Deliberately single-threaded: the visitor runs on the calling thread, one match at a time and in order,
/// which is what makes it safe to hand it a foreign callback (see `ed_corpus_within`).
pub(crate) fn within(
    corpus: &Corpus,
    strategy: Strategy,
    query: Query<'_>,
    max_distance: Option<usize>,
    mut on_match: impl FnMut(Match) -> ControlFlow<()>,
) -> Result<usize, AllocError> {
    let max = max_distance.unwrap_or(usize::MAX);
    // A scratch of its own rather than the thread-local one: the visitor may call `distance` (or search
    // again) on this thread while this search is suspended in it.
    let mut searcher = Searcher::new(strategy, query)?;
    for index in 0..corpus.len() {
        let distance = searcher.distance(corpus, index, max)?;
        if distance <= max && on_match(Match { index, distance }).is_break() {
            return Ok(index + 1);
        }
    }
    Ok(corpus.len())
}

/// One thread's side of a search: its scratch buffers and what is prepared once per query.
struct Searcher<'q> {
    strategy: Strategy,
    query: Query<'q>,
    scratch: Scratch,
    /// The scratch's pattern-match vectors hold the query (bit-parallel, 1 to 64 code points).
    prebuilt: bool,
}

impl<'q> Searcher<'q> {
    fn new(strategy: Strategy, query: Query<'q>) -> Result<Self, AllocError> {
        let mut scratch = Scratch::new();
        // The query is the pattern of every comparison, so its table is built once here rather than once
        // per entry. Short entries against a longer query (the common case: words against a phrase) then
        // cost one step per entry symbol and no table at all, where the per-pair path builds a table for the
        // shorter string, the entry, and runs one step per query symbol (the benchmark's nearest scenario,
        // 100 000 English-like words, k = 10, measures both). Longer queries keep the per-pair path.
        // (C#: CSharpCorpus.cs `Search`; Python: bitparallel.py `_nearest`, whose whole-pattern ints are one
        // "word" of any width, so it prebuilds every query whose table is small.)
        let prebuilt = strategy == Strategy::BitParallel && (1..=64).contains(&query.wide.len());
        if prebuilt {
            scratch.pm.build(query.wide)?;
        }
        Ok(Searcher { strategy, query, scratch, prebuilt })
    }

    /// The distance of entry `index`, or any value above `bound` when it exceeds `bound`.
    #[inline]
    fn distance(&mut self, corpus: &Corpus, index: usize, bound: usize) -> Result<usize, AllocError> {
        let entry = corpus.entry(index);
        let (Entry::Bmp { start, end } | Entry::Wide { start, end }) = entry;
        // The length gap is a lower bound on the distance, known without touching the entry's text: with
        // a full heap most short entries stop here against a long query (C#: CSharpCorpus.cs `Search.Run`,
        // Python: dp.py and bitparallel.py `_nearest`).
        if (end - start).abs_diff(self.query.wide.len()) > bound {
            return Ok(bound + 1);
        }
        if !self.prebuilt {
            return entry_distance(corpus, self.strategy, self.query, entry, bound, &mut self.scratch);
        }
        let (pm, n) = (&self.scratch.pm, self.query.wide.len());
        Ok(match entry {
            Entry::Bmp { start, end } => bitparallel::distance_prebuilt(pm, n, corpus.bmp(start, end), bound),
            Entry::Wide { start, end } => bitparallel::distance_prebuilt(pm, n, corpus.wide(start, end), bound),
        })
    }
}

fn entry_distance(
    corpus: &Corpus,
    strategy: Strategy,
    query: Query<'_>,
    entry: Entry,
    bound: usize,
    scratch: &mut Scratch,
) -> Result<usize, AllocError> {
    match (entry, query.units) {
        (Entry::Bmp { start, end }, Some(units)) => {
            distance_symbols(strategy, units, corpus.bmp(start, end), bound, &mut scratch.pm)
        }
        (Entry::Bmp { start, end }, None) => {
            text::widen_into(corpus.bmp(start, end), &mut scratch.wide_b)?;
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
    fn within_visits_matches_in_corpus_order_and_stops_on_break() {
        let corpus = Corpus::new(&words());
        for strategy in [Strategy::Dp, Strategy::BitParallel] {
            let mut seen = Vec::new();
            let visited = corpus.within(strategy, "kitten", Some(2), |m| {
                seen.push((m.index, m.distance));
                ControlFlow::Continue(())
            });
            assert_eq!(visited, 8);
            assert_eq!(seen, vec![(1, 0), (2, 1), (3, 1), (4, 2), (6, 2)]);

            seen.clear();
            let visited = corpus.within(strategy, "kitten", Some(1), |m| {
                seen.push((m.index, m.distance));
                if seen.len() == 2 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
            });
            assert_eq!((visited, seen), (3, vec![(1, 0), (2, 1)]));

            // No bound: every entry, with its exact distance.
            let mut all = Vec::new();
            corpus.within(strategy, "kitten", None, |m| {
                all.push(m.distance);
                ControlFlow::Continue(())
            });
            let expected: Vec<usize> = words().iter().map(|w| crate::distance::distance(strategy, "kitten", w, None)).collect();
            assert_eq!(all, expected);
        }
    }

    #[test]
    fn nearest_and_within_match_brute_force() {
        // Few distinct short entries (many ties, exact duplicates), some with surrogate pairs, and queries
        // on both sides of the 64-code-point limit of the prebuilt-pattern path, with and without a bound.
        let pieces = ["a", "b", "ab", "ba", "abc", "\u{1F600}", "a\u{1F600}b", "", "cab", "abab"];
        let mut state = 0x1234_5678_9ABC_DEF1_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let items: Vec<String> = (0..3000)
            .map(|_| (0..next() % 4).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect())
            .collect();
        let corpus = Corpus::new(&items);
        let queries = ["", "a", "ab\u{1F600}", &"ab".repeat(4), &"abc".repeat(21), &"ab".repeat(32), &"ba".repeat(33)];
        for strategy in [Strategy::Dp, Strategy::BitParallel] {
            for query in queries {
                let exact: Vec<usize> = items.iter().map(|w| crate::distance::distance(Strategy::Dp, query, w, None)).collect();
                for max in [None, Some(0), Some(2), Some(5)] {
                    // Every entry within the bound, in corpus order: what within must visit.
                    let in_range: Vec<Match> = (0..items.len())
                        .filter(|&i| max.is_none_or(|max| exact[i] <= max))
                        .map(|i| Match { index: i, distance: exact[i] })
                        .collect();
                    for k in [1, 10, 200] {
                        let mut expected = in_range.clone();
                        expected.sort_by_key(|m| (m.distance, m.index));
                        expected.truncate(k);
                        for threads in [1, 2] {
                            let found = corpus.nearest(strategy, query, k, max, threads);
                            assert_eq!(found, expected, "{strategy:?} {query:?} k {k} max {max:?} threads {threads}");
                        }
                    }
                    let mut seen = Vec::new();
                    corpus.within(strategy, query, max, |m| {
                        seen.push(m);
                        ControlFlow::Continue(())
                    });
                    assert_eq!(seen, in_range, "{strategy:?} {query:?} max {max:?}");
                }
            }
        }
    }

    /// The bit-parallel search at `level`, in `parts` parts whatever the work justifies.
    fn nearest_at(corpus: &Corpus, query: &str, k: usize, max: Option<usize>, parts: usize, level: LaneLevel) -> Vec<Match> {
        let found = with_str_query(query, |query| {
            let lanes = corpus.lanes().prepare(level, query.wide)?;
            Ok(in_parts(corpus, Strategy::BitParallel, query, lanes.as_ref(), k, max.unwrap_or(usize::MAX), parts)?)
        });
        found.unwrap()
    }

    /// The answer by definition: every entry's exact distance, sorted by (distance, index).
    fn brute_force(items: &[String], query: &str, k: usize, max: Option<usize>) -> Vec<Match> {
        let mut all: Vec<Match> = items
            .iter()
            .enumerate()
            .map(|(index, item)| Match { index, distance: crate::distance::distance(Strategy::Dp, query, item, None) })
            .filter(|m| max.is_none_or(|max| m.distance <= max))
            .collect();
        all.sort_by_key(|m| (m.distance, m.index));
        all.truncate(k);
        all
    }

    #[test]
    fn lanes_at_every_level_give_the_scalar_answer() {
        // Random corpora whose sizes are no multiple of a group, entries of every class and beyond (empty, > 64),
        // Latin, Cyrillic, CJK and astral code points, queries up to past the 191 code points of 8-bit scores, and
        // k and bounds around the true distances.
        let mut state = 0x5DEE_CE66_D1CE_4E5B_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let alphabets: [&[char]; 3] = [&['a', 'b', 'c'], &['e', 't', 'a', 'o', 'i', 'n', 's', 'r', 'h', 'l'], &['a', 'b', 'é', 'ж', '中', '😀', '\u{20000}']];
        for round in 0..24 {
            let alphabet = alphabets[round % alphabets.len()];
            let longest = [10, 20, 40, 80][round % 4];
            let size = 40 + next(700);
            let items: Vec<String> = (0..size).map(|_| (0..next(longest + 1)).map(|_| alphabet[next(alphabet.len())]).collect()).collect();
            let corpus = Corpus::new(&items);
            for query_len in [0, 1, 5, 8, 13, 33, 70, 200] {
                let query: String = if query_len > 0 && next(2) == 0 {
                    // A near copy of an entry: distances 0 to 2 exist, and bounds around them matter.
                    let mut chars: Vec<char> = items[next(size)].chars().collect();
                    if !chars.is_empty() {
                        let at = next(chars.len());
                        chars[at] = alphabet[next(alphabet.len())];
                    }
                    chars.into_iter().collect()
                } else {
                    (0..query_len).map(|_| alphabet[next(alphabet.len())]).collect()
                };
                for (k, max) in [(1, None), (10, None), (10, Some(0)), (3, Some(1)), (25, Some(2)), (size + 5, Some(4)), (7, Some(usize::MAX))] {
                    let expected = brute_force(&items, &query, k, max);
                    for level in lanes::supported_levels() {
                        for parts in [1, 2, 3] {
                            let found = nearest_at(&corpus, &query, k, max, parts, level);
                            assert_eq!(found, expected, "round {round}, {level:?}, {query:?}, k {k}, max {max:?}, {parts} parts");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn lanes_break_ties_across_groups_by_the_lower_index() {
        // Entries one edit from the query in two length classes and many groups, interleaved in corpus order, among
        // exact matches and farther ones: the k best must be taken in index order whatever group holds them.
        let words = ["abcdefgh", "abcdefg", "abcdefghi", "zzzzzzzz", "abcdefgx", "abcdefgh", "bcdefgh"];
        let items: Vec<String> = (0..1000).map(|i| words[(i * 7 + i / 3) % words.len()].to_string()).collect();
        let corpus = Corpus::new(&items);
        for k in [1, 5, 50, 200, 400, 700] {
            for max in [None, Some(0), Some(1)] {
                let expected = brute_force(&items, "abcdefgh", k, max);
                for level in lanes::supported_levels() {
                    for parts in [1, 2] {
                        assert_eq!(nearest_at(&corpus, "abcdefgh", k, max, parts, level), expected, "{level:?} k {k} max {max:?} {parts} parts");
                    }
                }
            }
        }
    }

    #[test]
    fn no_more_workers_than_the_machine_runs_at_once_nor_than_the_entries_justify() {
        let parallelism = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(worker_count(u32::MAX as usize, 1_000_000), parallelism.min(1_000_000 / MIN_ENTRIES_PER_THREAD));
        assert_eq!(worker_count(usize::MAX, 10), 1);
        assert_eq!(worker_count(0, 10_000), 1);
        assert_eq!(worker_count(1, 10_000), 1);

        // Lanes: a short query against 80 000 words is too little work for a second thread, a long one is not.
        if !cfg!(target_arch = "x86_64") {
            return;
        }
        let mut state = 0x0123_4567_89AB_CDEF_u64;
        let words: Vec<String> = (0..80_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (0..1 + state % 8).map(|i| char::from(b'a' + ((state >> (8 * i)) % 26) as u8)).collect()
            })
            .collect();
        let corpus = Corpus::new(&words);
        for (query_len, expected) in [(8, 1), (191, parallelism.min(2))] {
            let query: Vec<u32> = (0..query_len).map(|i| u32::from(b'a') + i % 26).collect();
            let prepared = corpus.lanes().prepare(LaneLevel::Avx2, &query).unwrap().expect("lanes were built");
            assert_eq!(lane_worker_count(2, corpus.lanes(), &prepared), expected, "query of {query_len}");
        }
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
