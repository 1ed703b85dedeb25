//! What every input is checked against, through the `extern "C"` exports only, as a foreign caller uses them.
//!
//! Valid calls: both strategies agree, distance is symmetric and within its length bounds, a bounded distance is
//! min(distance, max + 1), nearest equals a brute-force top-k built from per-pair `ed_distance` calls (sorted by
//! distance then index, entries beyond max left out) for 1 and 2 threads, and within visits exactly the entries
//! within max, in order, stopping where the callback asks. Invalid calls: the status and `EdErrorInfo` name a
//! problem the arguments really have, and no output is written. The expected values come from the arguments
//! alone (std's UTF-16 decoder finds lone surrogates), never from the fault that produced them.
//!
//! When a call has several problems, the first in parameter order must be reported (within a corpus, the first
//! entry's), as the contract says: the expected problems are listed in that order. A violated property panics
//! with the property and the decoded input; `EdStatus::Panic` is always a violation.

use std::collections::HashMap;
use std::ffi::c_void;
use std::ptr::{self, NonNull};

use edit_distance::ffi::*;

use crate::input::{Fault, Input, Op, Text};

const STRATEGIES: [u32; 2] = [0, 1];

/// Outputs are filled with this before a call, to see what the call wrote.
const UNWRITTEN: u32 = 0xDEAD_BEEF;
const UNWRITTEN_MATCH: EdMatch = EdMatch { index: UNWRITTEN, distance: UNWRITTEN };
const UNWRITTEN_ERROR: EdErrorInfo = EdErrorInfo { argument: EdArgument::None, item: 0xDEAD, position: 0xBEEF };

macro_rules! ensure {
    ($input:expr, $condition:expr, $($message:tt)+) => {
        if !$condition {
            panic!("property violated: {}\n  input: {:?}", format_args!($($message)+), $input);
        }
    };
}

pub fn run(input: &Input) {
    match input.op {
        Op::Distance => distance(input),
        Op::Nearest | Op::Within => corpus(input),
    }
}

/// A problem of a call's arguments: the status and the error details the call must report for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Problem {
    status: EdStatus,
    error: EdErrorInfo,
}

fn problem(status: EdStatus, argument: EdArgument) -> Problem {
    Problem { status, error: EdErrorInfo { argument, item: ED_NO_ITEM, position: 0 } }
}

/// A lone surrogate in a string, at `position` (UTF-16 index), in corpus entry `item` or `ED_NO_ITEM`.
fn lone_surrogate(argument: EdArgument, item: usize, position: usize) -> Problem {
    Problem { status: EdStatus::InvalidUtf16, error: EdErrorInfo { argument, item, position } }
}

/// The UTF-16 index of the first lone surrogate, found with std's decoder rather than the library's scan.
fn first_lone_surrogate(units: &[u16]) -> Option<usize> {
    let mut at = 0;
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => at += c.len_utf16(),
            Err(_) => return Some(at),
        }
    }
    None
}

/// The `out_error` of a call: a slot, or null when the input asks for that.
struct ErrorSlot {
    info: EdErrorInfo,
    null: bool,
}

impl ErrorSlot {
    fn new(input: &Input) -> Self {
        ErrorSlot { info: UNWRITTEN_ERROR, null: input.null_error }
    }

    fn ptr(&mut self) -> *mut EdErrorInfo {
        if self.null {
            ptr::null_mut()
        } else {
            self.info = UNWRITTEN_ERROR;
            &mut self.info
        }
    }
}

/// A failed call reported the first of `problems` (listed in parameter order), with its details when `out_error`
/// was given.
fn expect_failure(input: &Input, call: &str, status: EdStatus, error: &ErrorSlot, problems: &[Problem]) {
    let first = &problems[0];
    let reported = first.status == status && (error.null || error.info == first.error);
    ensure!(
        input,
        reported,
        "{call} returned {status:?} with {:?}; expected the first of {problems:?}",
        (!error.null).then_some(error.info)
    );
}

fn expect_ok(input: &Input, call: &str, status: EdStatus) {
    ensure!(input, status == EdStatus::Ok, "{call} returned {status:?} on valid arguments");
}

/// A string argument as C# `fixed` passes it (null for an empty string), or null with the real length when the
/// input breaks it.
fn pointer(units: &[u16], null: bool) -> *const u16 {
    if null || units.is_empty() {
        ptr::null()
    } else {
        units.as_ptr()
    }
}

/// Which of a call's `n` string arguments gets a null pointer, if the input says so.
fn null_string(input: &Input, n: usize) -> Option<usize> {
    (input.fault == Fault::NullPointer).then_some(usize::from(input.detail) % n)
}

fn strategy_codes(input: &Input) -> Vec<u32> {
    if input.fault == Fault::Strategy {
        vec![2 + u32::from(input.detail)]
    } else {
        STRATEGIES.to_vec()
    }
}

/// `distance` capped as a bounded call must cap it.
fn bounded(distance: u32, max: u32) -> u32 {
    if max == ED_NO_BOUND {
        distance
    } else {
        distance.min(max.saturating_add(1))
    }
}

fn distance(input: &Input) {
    let (a, b) = (input.string(0), input.string(1));
    let null = null_string(input, 2);
    let (a_null, b_null) = (null == Some(0) && !a.is_empty(), null == Some(1) && !b.is_empty());
    let null_output = input.fault == Fault::NullOutput;
    let codes = strategy_codes(input);

    let mut problems = Vec::new();
    if codes[0] > 1 {
        problems.push(problem(EdStatus::InvalidArgument, EdArgument::Strategy));
    }
    for (units, is_null, argument) in [(a, a_null, EdArgument::A), (b, b_null, EdArgument::B)] {
        if is_null {
            problems.push(problem(EdStatus::NullArgument, argument));
        } else if let Some(position) = first_lone_surrogate(units) {
            problems.push(lone_surrogate(argument, ED_NO_ITEM, position));
        }
    }
    if null_output {
        problems.push(problem(EdStatus::NullArgument, EdArgument::Output));
    }

    let mut error = ErrorSlot::new(input);
    let call = |error: &mut ErrorSlot, strategy: u32, (x, x_null): (&[u16], bool), (y, y_null): (&[u16], bool), max: u32| {
        let mut out = UNWRITTEN;
        let out_ptr: *mut u32 = if null_output { ptr::null_mut() } else { &mut out };
        let status = unsafe {
            ed_distance(strategy, pointer(x, x_null), x.len(), pointer(y, y_null), y.len(), max, out_ptr, error.ptr())
        };
        (status, out)
    };

    if !problems.is_empty() {
        let (status, out) = call(&mut error, codes[0], (a, a_null), (b, b_null), input.max_distance);
        expect_failure(input, "ed_distance", status, &error, &problems);
        ensure!(input, out == UNWRITTEN, "ed_distance failed with {status:?} but wrote {out}");
        return;
    }

    let max = input.max_distance;
    let mut exact = Vec::new();
    for strategy in STRATEGIES {
        let mut distance = |x: &[u16], y: &[u16], max: u32| {
            let (status, out) = call(&mut error, strategy, (x, false), (y, false), max);
            expect_ok(input, "ed_distance", status);
            out
        };
        let (ab, ba) = (distance(a, b, ED_NO_BOUND), distance(b, a, ED_NO_BOUND));
        ensure!(input, ab == ba, "strategy {strategy}: d(a, b) = {ab} but d(b, a) = {ba}");
        let capped = distance(a, b, max);
        ensure!(input, capped == bounded(ab, max), "strategy {strategy}: distance {ab}, within {max} gave {capped}");
        exact.push(ab);
    }
    ensure!(input, exact[0] == exact[1], "dp gave {} but bitparallel {}", exact[0], exact[1]);

    let d = exact[0] as usize;
    let (n, m) = (char::decode_utf16(a.iter().copied()).count(), char::decode_utf16(b.iter().copied()).count());
    ensure!(input, n.abs_diff(m) <= d && d <= n.max(m), "distance {d} outside [|{n} - {m}|, max({n}, {m})]");
    ensure!(input, (d == 0) == (a == b), "distance {d} between {:?} and {:?}", Text(a), Text(b));
}

/// What `ed_corpus_new` must do with `text` and `ends`: the entries' ranges, or the problems it may report.
/// Offsets must not decrease nor pass the text and the last must be its end; the lone surrogate reported is
/// the first of the corpus, found in the entries before any offset goes wrong.
fn corpus_layout(text: &[u16], text_readable: bool, ends: &[usize]) -> Result<Vec<(usize, usize)>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut ranges = Vec::new();
    let mut start = 0;
    for (item, &end) in ends.iter().enumerate() {
        if end < start || end > text.len() {
            problems.push(problem(EdStatus::InvalidArgument, EdArgument::Corpus));
            return Err(problems);
        }
        if text_readable && problems.is_empty() {
            if let Some(position) = first_lone_surrogate(&text[start..end]) {
                problems.push(lone_surrogate(EdArgument::Corpus, item, position));
            }
        }
        ranges.push((start, end));
        start = end;
    }
    if start != text.len() {
        problems.push(problem(EdStatus::InvalidArgument, EdArgument::Corpus));
    }
    if problems.is_empty() {
        Ok(ranges)
    } else {
        Err(problems)
    }
}

/// `ed_corpus_new` from the input's entries (tiled, broken as the input says), then nearest or within on it.
fn corpus(input: &Input) {
    let query = input.string(0);
    let mut entries: Vec<&[u16]> = input.strings.iter().skip(1).map(Vec::as_slice).collect();
    if input.tile && !entries.is_empty() {
        entries = entries.iter().cycle().take(256 + entries.len()).copied().collect();
    }
    let text: Vec<u16> = entries.concat();
    let mut ends: Vec<usize> = entries
        .iter()
        .scan(0, |end, entry| {
            *end += entry.len();
            Some(*end)
        })
        .collect();
    match input.fault {
        Fault::Offset if !ends.is_empty() => {
            let i = usize::from(input.detail & 0x7F) % ends.len();
            ends[i] = if input.detail & 0x80 != 0 { ends[i].wrapping_add(1) } else { ends[i].wrapping_sub(1) };
        }
        Fault::DropEnd => {
            ends.pop();
        }
        _ => {}
    }
    let null = null_string(input, 3);
    let (text_null, ends_null) = (null == Some(1) && !text.is_empty(), null == Some(2) && !ends.is_empty());
    let null_output = input.fault == Fault::NullHandleOutput;

    let layout = if ends_null { Err(Vec::new()) } else { corpus_layout(&text, !text_null, &ends) };
    // A null buffer or offsets array is found before the entries are read.
    let mut problems = Vec::new();
    if text_null || ends_null {
        problems.push(problem(EdStatus::NullArgument, EdArgument::Corpus));
    }
    problems.extend(layout.clone().err().unwrap_or_default());
    if null_output {
        problems.push(problem(EdStatus::NullArgument, EdArgument::Output));
    }

    // Never dereferenced: only compared, to see whether the call wrote a handle.
    let unwritten = NonNull::<EdCorpus>::dangling().as_ptr();
    let mut handle = unwritten;
    let mut error = ErrorSlot::new(input);
    let ends_ptr = if ends_null || ends.is_empty() { ptr::null() } else { ends.as_ptr() };
    let out_corpus: *mut *mut EdCorpus = if null_output { ptr::null_mut() } else { &mut handle };
    let status =
        unsafe { ed_corpus_new(pointer(&text, text_null), text.len(), ends_ptr, ends.len(), out_corpus, error.ptr()) };
    let ranges = match layout {
        Ok(ranges) if problems.is_empty() => ranges,
        _ => {
            expect_failure(input, "ed_corpus_new", status, &error, &problems);
            ensure!(input, handle == unwritten, "ed_corpus_new failed with {status:?} but wrote a handle");
            return;
        }
    };
    expect_ok(input, "ed_corpus_new", status);
    ensure!(input, !handle.is_null() && handle != unwritten, "ed_corpus_new succeeded without a handle");

    let mut len = usize::MAX;
    expect_ok(input, "ed_corpus_len", unsafe { ed_corpus_len(handle, &mut len) });
    ensure!(input, len == ranges.len(), "ed_corpus_len gave {len} for {} entries", ranges.len());
    ensure!(input, unsafe { ed_corpus_len(ptr::null(), &mut len) } == EdStatus::NullArgument, "ed_corpus_len(null)");

    let entries: Vec<&[u16]> = ranges.iter().map(|&(start, end)| &text[start..end]).collect();
    let corpus_arg = if input.fault == Fault::NullCorpus { ptr::null() } else { handle.cast_const() };
    match input.op {
        Op::Nearest => nearest(input, corpus_arg, query, &entries),
        _ => within(input, corpus_arg, query, &entries),
    }
    unsafe {
        ed_corpus_free(handle);
        ed_corpus_free(ptr::null_mut());
    }
}

/// The problems nearest and within share: the handle, the strategy and the query.
fn query_problems(corpus: *const EdCorpus, strategy: u32, query: &[u16], query_null: bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    if corpus.is_null() {
        problems.push(problem(EdStatus::NullArgument, EdArgument::Corpus));
    }
    if strategy > 1 {
        problems.push(problem(EdStatus::InvalidArgument, EdArgument::Strategy));
    }
    if query_null {
        problems.push(problem(EdStatus::NullArgument, EdArgument::Query));
    } else if let Some(position) = first_lone_surrogate(query) {
        problems.push(lone_surrogate(EdArgument::Query, ED_NO_ITEM, position));
    }
    problems
}

/// Every entry's distance to the query by `ed_distance`, the same for both strategies; one call per distinct
/// entry (a tiled corpus repeats them).
fn brute_force_distances(input: &Input, query: &[u16], entries: &[&[u16]]) -> Vec<u32> {
    let mut known: HashMap<&[u16], u32> = HashMap::new();
    entries
        .iter()
        .map(|&entry| {
            *known.entry(entry).or_insert_with(|| {
                let [dp, bitparallel] = STRATEGIES.map(|strategy| {
                    let mut out = UNWRITTEN;
                    let (q, e) = (pointer(query, false), pointer(entry, false));
                    let status =
                        unsafe { ed_distance(strategy, q, query.len(), e, entry.len(), ED_NO_BOUND, &mut out, ptr::null_mut()) };
                    expect_ok(input, "ed_distance", status);
                    out
                });
                ensure!(input, dp == bitparallel, "query vs {:?}: dp gave {dp} but bitparallel {bitparallel}", Text(entry));
                dp
            })
        })
        .collect()
}

fn within_max(distance: u32, max: u32) -> bool {
    max == ED_NO_BOUND || distance <= max
}

fn nearest(input: &Input, corpus: *const EdCorpus, query: &[u16], entries: &[&[u16]]) {
    let k = input.count;
    let needed = entries.len().min(k as usize);
    let detail = usize::from(input.detail);
    let capacity = match input.fault {
        Fault::SmallCapacity => needed.saturating_sub(1 + detail),
        _ => needed + detail % 3,
    };
    let query_null = null_string(input, 3) == Some(0) && !query.is_empty();
    let threads: &[u32] = if input.fault == Fault::ZeroThreads { &[0] } else { &[1, 2] };
    let null_count = input.fault == Fault::NullOutput && detail % 2 == 0;
    // C# passes null for an empty array, as for an empty string.
    let null_matches = (input.fault == Fault::NullOutput && detail % 2 == 1) || capacity == 0;
    let codes = strategy_codes(input);

    let mut problems = query_problems(corpus, codes[0], query, query_null);
    if threads[0] == 0 {
        problems.push(problem(EdStatus::InvalidArgument, EdArgument::Threads));
    }
    if null_count || (null_matches && capacity > 0) {
        problems.push(problem(EdStatus::NullArgument, EdArgument::Output));
    }
    if capacity < needed {
        problems.push(problem(EdStatus::BufferTooSmall, EdArgument::Output));
    }

    let mut buffer = vec![UNWRITTEN_MATCH; capacity];
    let mut error = ErrorSlot::new(input);
    let call = |error: &mut ErrorSlot, strategy: u32, threads: u32, buffer: &mut [EdMatch]| {
        buffer.fill(UNWRITTEN_MATCH);
        let mut count = usize::MAX;
        let out_count: *mut usize = if null_count { ptr::null_mut() } else { &mut count };
        let out_matches = if null_matches { ptr::null_mut() } else { buffer.as_mut_ptr() };
        let status = unsafe {
            ed_corpus_nearest(
                corpus,
                strategy,
                pointer(query, query_null),
                query.len(),
                k,
                input.max_distance,
                threads,
                out_matches,
                capacity,
                out_count,
                error.ptr(),
            )
        };
        (status, count)
    };

    if !problems.is_empty() {
        let (status, count) = call(&mut error, codes[0], threads[0], &mut buffer);
        expect_failure(input, "ed_corpus_nearest", status, &error, &problems);
        ensure!(input, count == usize::MAX, "ed_corpus_nearest failed with {status:?} but wrote a count");
        let written = buffer.iter().any(|&m| m != UNWRITTEN_MATCH);
        ensure!(input, !written, "ed_corpus_nearest failed with {status:?} but wrote matches");
        return;
    }

    let distances = brute_force_distances(input, query, entries);
    let mut expected: Vec<EdMatch> = (0..entries.len() as u32)
        .map(|index| EdMatch { index, distance: distances[index as usize] })
        .filter(|m| within_max(m.distance, input.max_distance))
        .collect();
    expected.sort_by_key(|m| (m.distance, m.index));
    expected.truncate(needed);
    for strategy in STRATEGIES {
        for &threads in threads {
            let (status, count) = call(&mut error, strategy, threads, &mut buffer);
            expect_ok(input, "ed_corpus_nearest", status);
            ensure!(
                input,
                count <= capacity && buffer[..count] == expected[..],
                "strategy {strategy}, {threads} threads: got {:?}, brute force {expected:?}",
                &buffer[..count.min(capacity)]
            );
            ensure!(input, buffer[count..].iter().all(|&m| m == UNWRITTEN_MATCH), "ed_corpus_nearest wrote past its count");
        }
    }
}

/// What `ed_corpus_within`'s callback receives through `user_data`.
struct Collector {
    matches: Vec<(u32, u32)>,
    /// Answer "stop" once this many matches have arrived (0: never).
    stop_after: usize,
}

unsafe extern "C" fn collect(user_data: *mut c_void, index: u32, distance: u32) -> u32 {
    let collector = &mut *(user_data as *mut Collector);
    collector.matches.push((index, distance));
    u32::from(collector.stop_after != 0 && collector.matches.len() >= collector.stop_after)
}

fn within(input: &Input, corpus: *const EdCorpus, query: &[u16], entries: &[&[u16]]) {
    let query_null = null_string(input, 3) == Some(0) && !query.is_empty();
    let null_callback = input.fault == Fault::NullCallback;
    let null_visited = input.fault == Fault::NullOutput;
    let stop_after = input.count as usize;
    let codes = strategy_codes(input);

    let mut problems = query_problems(corpus, codes[0], query, query_null);
    if null_callback {
        problems.push(problem(EdStatus::NullArgument, EdArgument::OnMatch));
    }
    if null_visited {
        problems.push(problem(EdStatus::NullArgument, EdArgument::Output));
    }

    let mut error = ErrorSlot::new(input);
    let call = |error: &mut ErrorSlot, strategy: u32| {
        let mut collector = Collector { matches: Vec::new(), stop_after };
        let mut visited = usize::MAX;
        let out_visited: *mut usize = if null_visited { ptr::null_mut() } else { &mut visited };
        let on_match: Option<unsafe extern "C" fn(*mut c_void, u32, u32) -> u32> =
            if null_callback { None } else { Some(collect) };
        let status = unsafe {
            ed_corpus_within(
                corpus,
                strategy,
                pointer(query, query_null),
                query.len(),
                input.max_distance,
                on_match,
                &mut collector as *mut Collector as *mut c_void,
                out_visited,
                error.ptr(),
            )
        };
        (status, visited, collector.matches)
    };

    if !problems.is_empty() {
        let (status, visited, matches) = call(&mut error, codes[0]);
        expect_failure(input, "ed_corpus_within", status, &error, &problems);
        ensure!(input, visited == usize::MAX, "ed_corpus_within failed with {status:?} but wrote out_visited");
        ensure!(input, matches.is_empty(), "ed_corpus_within failed with {status:?} after calling back {matches:?}");
        return;
    }

    let distances = brute_force_distances(input, query, entries);
    let mut expected: Vec<(u32, u32)> = (0..entries.len() as u32)
        .map(|i| (i, distances[i as usize]))
        .filter(|&(_, d)| within_max(d, input.max_distance))
        .collect();
    let expected_visited = if stop_after != 0 && expected.len() >= stop_after {
        expected.truncate(stop_after);
        expected[stop_after - 1].0 as usize + 1
    } else {
        entries.len()
    };
    for strategy in STRATEGIES {
        let (status, visited, matches) = call(&mut error, strategy);
        expect_ok(input, "ed_corpus_within", status);
        ensure!(input, matches == expected, "strategy {strategy}: called back with {matches:?}, brute force {expected:?}");
        ensure!(input, visited == expected_visited, "strategy {strategy}: visited {visited}, expected {expected_visited}");
    }
}
