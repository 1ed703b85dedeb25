//! The C ABI's own rules: null with length 0, invalid codes, buffers, handles, threads, callbacks.

mod common;

use std::ffi::c_void;
use std::ptr;

use common::no_error;
use edit_distance::ffi::*;

fn units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

#[test]
fn null_with_length_zero_is_an_empty_string() {
    let b = units("abc");
    let mut out = 0;
    let status = unsafe { ed_distance(1, ptr::null(), 0, b.as_ptr(), b.len(), ED_NO_BOUND, &mut out, ptr::null_mut()) };
    assert_eq!((status, out), (EdStatus::Ok, 3));
}

#[test]
fn unknown_strategy_is_refused_without_writing_results() {
    let a = units("a");
    let mut out = 77;
    let mut error = no_error();
    let status = unsafe { ed_distance(2, a.as_ptr(), 1, a.as_ptr(), 1, ED_NO_BOUND, &mut out, &mut error) };
    assert_eq!(status, EdStatus::InvalidArgument);
    assert_eq!(out, 77);
    assert_eq!(error, EdErrorInfo { argument: EdArgument::Strategy, item: ED_NO_ITEM, position: 0 });
    let status = unsafe { ed_distance(0, a.as_ptr(), 1, a.as_ptr(), 1, ED_NO_BOUND, ptr::null_mut(), ptr::null_mut()) };
    assert_eq!(status, EdStatus::NullArgument);
}

fn corpus(entries: &[&str]) -> *mut EdCorpus {
    let text: Vec<u16> = entries.iter().flat_map(|e| e.encode_utf16()).collect();
    let ends: Vec<usize> = entries.iter().scan(0, |end, e| { *end += e.encode_utf16().count(); Some(*end) }).collect();
    let mut handle = ptr::null_mut();
    let status = unsafe { ed_corpus_new(text.as_ptr(), text.len(), ends.as_ptr(), ends.len(), &mut handle, ptr::null_mut()) };
    assert_eq!(status, EdStatus::Ok);
    handle
}

#[test]
fn corpus_handle_lifecycle_and_buffers() {
    let handle = corpus(&["kitten", "sitting", "mitten", ""]);
    let mut len = 0;
    assert_eq!(unsafe { ed_corpus_len(handle, &mut len) }, EdStatus::Ok);
    assert_eq!(len, 4);

    let query = units("kitten");
    let mut buffer = [EdMatch::default(); 2];
    let mut count = 0;
    let mut error = no_error();
    // k = 3 needs three slots: refused before any work, and nothing is written.
    let status = unsafe {
        ed_corpus_nearest(handle, 0, query.as_ptr(), query.len(), 3, ED_NO_BOUND, 1, buffer.as_mut_ptr(), 2, &mut count, &mut error)
    };
    assert_eq!((status, count), (EdStatus::BufferTooSmall, 0));
    assert_eq!(error.argument, EdArgument::Output);

    let status = unsafe {
        ed_corpus_nearest(handle, 1, query.as_ptr(), query.len(), 2, ED_NO_BOUND, 1, buffer.as_mut_ptr(), 2, &mut count, &mut error)
    };
    assert_eq!((status, count), (EdStatus::Ok, 2));
    assert_eq!(buffer, [EdMatch { index: 0, distance: 0 }, EdMatch { index: 2, distance: 1 }]);

    let status = unsafe {
        ed_corpus_nearest(handle, 1, query.as_ptr(), query.len(), 2, ED_NO_BOUND, 0, buffer.as_mut_ptr(), 2, &mut count, &mut error)
    };
    assert_eq!(status, EdStatus::InvalidArgument);
    assert_eq!(error.argument, EdArgument::Threads);

    // k = 0 needs no buffer at all.
    let status = unsafe {
        ed_corpus_nearest(handle, 1, query.as_ptr(), query.len(), 0, ED_NO_BOUND, 1, ptr::null_mut(), 0, &mut count, &mut error)
    };
    assert_eq!((status, count), (EdStatus::Ok, 0));

    unsafe { ed_corpus_free(handle) };
    unsafe { ed_corpus_free(ptr::null_mut()) };
}

#[test]
fn offsets_out_of_order_are_refused() {
    let text = units("abc");
    let ends = [2usize, 1, 3];
    let mut handle = ptr::null_mut();
    let status = unsafe { ed_corpus_new(text.as_ptr(), 3, ends.as_ptr(), 3, &mut handle, ptr::null_mut()) };
    assert_eq!(status, EdStatus::InvalidArgument);
    assert!(handle.is_null());
}

/// Held by each test whose searches start worker threads: the test that counts the library's workers by name would
/// otherwise also count another test's, which run at the same time (libtest runs tests in parallel).
static WORKER_THREADS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The lock, also after a test that held it failed: that failure is reported on its own.
fn worker_threads() -> std::sync::MutexGuard<'static, ()> {
    WORKER_THREADS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[test]
fn one_corpus_is_queried_from_many_threads() {
    let _workers = worker_threads();
    let entries: Vec<String> = (0..2000).map(|i| format!("entry{i}")).collect();
    let refs: Vec<&str> = entries.iter().map(String::as_str).collect();
    let handle = corpus(&refs) as usize;
    std::thread::scope(|scope| {
        for t in 0..4u32 {
            scope.spawn(move || {
                let query = units(&format!("entry{}", t * 100));
                let mut buffer = [EdMatch::default(); 1];
                let mut count = 0;
                let status = unsafe {
                    ed_corpus_nearest(handle as *const EdCorpus, t % 2, query.as_ptr(), query.len(), 1, ED_NO_BOUND, 2, buffer.as_mut_ptr(), 1, &mut count, ptr::null_mut())
                };
                assert_eq!((status, count, buffer[0]), (EdStatus::Ok, 1, EdMatch { index: t * 100, distance: 0 }));
            });
        }
    });
    unsafe { ed_corpus_free(handle as *mut EdCorpus) };
}

/// How many of the process's threads are the library's search workers, by the name the kernel shows: other tests
/// start threads of their own at the same time, so the process's total would not say whose they are.
#[cfg(target_os = "linux")]
fn workers_now() -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|name| name.trim_end() == edit_distance::WORKER_THREAD_NAME)
        .count()
}

#[cfg(target_os = "linux")]
#[test]
fn asking_for_u32_max_threads_uses_at_most_the_machine() {
    let _workers = worker_threads();
    // 400 000 entries: enough for one search to run long enough to be watched, and for u32::MAX threads to have
    // meant ~1 500 OS threads per query had the count not been capped.
    let entries: Vec<String> = (0..400_000).map(|i| format!("w{}x{}", i % 997, i % 13)).collect();
    let refs: Vec<&str> = entries.iter().map(String::as_str).collect();
    let handle = corpus(&refs) as usize;
    let query = units("w500x5");
    let search = |threads: u32| {
        let mut buffer = [EdMatch::default(); 5];
        let mut count = 0;
        let status = unsafe {
            ed_corpus_nearest(handle as *const EdCorpus, 0, query.as_ptr(), query.len(), 5, ED_NO_BOUND, threads, buffer.as_mut_ptr(), 5, &mut count, ptr::null_mut())
        };
        assert_eq!((status, count), (EdStatus::Ok, 5));
        buffer
    };
    let expected = search(1);
    let done = std::sync::atomic::AtomicBool::new(false);
    let (peak, results) = std::thread::scope(|scope| {
        let watcher = scope.spawn(|| {
            let mut peak = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(workers_now());
            }
            peak
        });
        let results: Vec<_> = (0..5)
            .map(|_| {
                let found = search(u32::MAX);
                // A joined thread can stay listed in /proc for a moment after it has exited (for long under
                // valgrind, which runs threads one at a time); the next search waits until it is gone, so that the
                // peak counts the threads of one search only.
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
                while workers_now() > 0 && std::time::Instant::now() < deadline {
                    std::thread::yield_now();
                }
                found
            })
            .collect();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (watcher.join().unwrap(), results)
    });
    unsafe { ed_corpus_free(handle as *mut EdCorpus) };
    assert!(results.iter().all(|found| *found == expected));
    let parallelism = std::thread::available_parallelism().map_or(1, |n| n.get());
    // The calling thread takes a share itself: at most `parallelism - 1` workers beside it.
    assert!(peak < parallelism, "{peak} search threads at once on {parallelism} cores");
}

/// What a foreign caller of `ed_corpus_within` keeps behind `user_data`: the matches so far and when to stop.
struct Collector {
    matches: Vec<(u32, u32)>,
    /// Return "stop" once this many matches have arrived.
    stop_after: usize,
    /// Also compute a distance from inside the callback: the library must be usable while it waits on us.
    nested: bool,
}

impl Collector {
    fn new(stop_after: usize) -> Self {
        Collector { matches: Vec::new(), stop_after, nested: false }
    }
}

/// The callback as C would write it: recover the state from `user_data`, record, answer 0 (go on) or 1 (stop).
unsafe extern "C" fn collect(user_data: *mut c_void, index: u32, distance: u32) -> u32 {
    let collector = &mut *(user_data as *mut Collector);
    if collector.nested {
        let (a, b) = (units("kitten"), units("sitting"));
        let mut out = 0;
        let status = ed_distance(1, a.as_ptr(), a.len(), b.as_ptr(), b.len(), ED_NO_BOUND, &mut out, ptr::null_mut());
        assert_eq!((status, out), (EdStatus::Ok, 3));
    }
    collector.matches.push((index, distance));
    u32::from(collector.matches.len() >= collector.stop_after)
}

unsafe fn within(handle: *const EdCorpus, strategy: u32, query: &str, max: u32, collector: &mut Collector) -> (EdStatus, usize) {
    let query = units(query);
    let mut visited = usize::MAX;
    let status = ed_corpus_within(
        handle,
        strategy,
        query.as_ptr(),
        query.len(),
        max,
        Some(collect),
        collector as *mut Collector as *mut c_void,
        &mut visited,
        ptr::null_mut(),
    );
    (status, visited)
}

fn distance(strategy: u32, a: &str, b: &str) -> u32 {
    let (a, b) = (units(a), units(b));
    let mut out = 0;
    let status = unsafe { ed_distance(strategy, a.as_ptr(), a.len(), b.as_ptr(), b.len(), ED_NO_BOUND, &mut out, ptr::null_mut()) };
    assert_eq!(status, EdStatus::Ok);
    out
}

#[test]
fn within_streams_every_match_in_corpus_order() {
    let entries = ["sitting", "kitten", "mitten", "", "k\u{1F600}tten", "kit", "smitten", "kitten"];
    let handle = corpus(&entries);
    for strategy in [0, 1] {
        for (query, max) in [("kitten", 0), ("kitten", 1), ("kitten", 2), ("k\u{1F600}", 3), ("", 3), ("kitten", ED_NO_BOUND)] {
            let expected: Vec<(u32, u32)> = entries
                .iter()
                .enumerate()
                .map(|(i, e)| (i as u32, distance(strategy, query, e)))
                .filter(|&(_, d)| d <= max)
                .collect();
            let mut collector = Collector::new(usize::MAX);
            let (status, visited) = unsafe { within(handle, strategy, query, max, &mut collector) };
            assert_eq!((status, visited), (EdStatus::Ok, entries.len()), "{query} within {max}");
            assert_eq!(collector.matches, expected, "{query} within {max}");
        }
    }
    unsafe { ed_corpus_free(handle) };
}

#[test]
fn within_stops_when_the_callback_says_so_and_that_is_not_an_error() {
    let handle = corpus(&["kitten", "sitting", "mitten", "bitten", "kitten"]);
    let mut collector = Collector::new(2);
    let (status, visited) = unsafe { within(handle, 1, "kitten", 1, &mut collector) };
    // Entry 1 ("sitting", 3 edits) is compared but not a match; the second match, entry 2, stops the search.
    assert_eq!((status, visited), (EdStatus::Ok, 3));
    assert_eq!(collector.matches, vec![(0, 0), (2, 1)]);

    // Stopping on the very first match: nothing else is compared.
    let mut collector = Collector::new(1);
    assert_eq!(unsafe { within(handle, 0, "kitten", 1, &mut collector) }, (EdStatus::Ok, 1));
    assert_eq!(collector.matches, vec![(0, 0)]);
    unsafe { ed_corpus_free(handle) };
}

#[test]
fn within_callback_may_call_the_library_meanwhile() {
    let handle = corpus(&["kitten", "sitting", "mitten"]);
    let mut collector = Collector { nested: true, ..Collector::new(usize::MAX) };
    assert_eq!(unsafe { within(handle, 1, "kitten", 1, &mut collector) }, (EdStatus::Ok, 3));
    assert_eq!(collector.matches, vec![(0, 0), (2, 1)]);
    unsafe { ed_corpus_free(handle) };
}

#[test]
fn within_errors_are_reported_before_any_callback() {
    let handle = corpus(&["kitten", "mitten"]);
    let query = units("kitten");
    let mut collector = Collector::new(usize::MAX);
    let user_data = &mut collector as *mut Collector as *mut c_void;
    let mut visited = 77;
    let mut error = no_error();

    // A null callback is a null argument, like a null buffer: there is nothing to deliver the matches to.
    let status = unsafe {
        ed_corpus_within(handle, 0, query.as_ptr(), query.len(), 1, None, user_data, &mut visited, &mut error)
    };
    assert_eq!((status, visited), (EdStatus::NullArgument, 77));
    assert_eq!(error, EdErrorInfo { argument: EdArgument::OnMatch, item: ED_NO_ITEM, position: 0 });

    let status = unsafe {
        ed_corpus_within(ptr::null(), 0, query.as_ptr(), query.len(), 1, Some(collect), user_data, &mut visited, &mut error)
    };
    assert_eq!((status, error.argument), (EdStatus::NullArgument, EdArgument::Corpus));

    let status = unsafe {
        ed_corpus_within(handle, 9, query.as_ptr(), query.len(), 1, Some(collect), user_data, &mut visited, &mut error)
    };
    assert_eq!((status, error.argument), (EdStatus::InvalidArgument, EdArgument::Strategy));

    let lone = [0x6B, 0xDC00];
    let status = unsafe { ed_corpus_within(handle, 1, lone.as_ptr(), 2, 1, Some(collect), user_data, &mut visited, &mut error) };
    assert_eq!(status, EdStatus::InvalidUtf16);
    assert_eq!(error, EdErrorInfo { argument: EdArgument::Query, item: ED_NO_ITEM, position: 1 });

    let status = unsafe { ed_corpus_within(handle, 1, ptr::null(), 3, 1, Some(collect), user_data, &mut visited, &mut error) };
    assert_eq!((status, error.argument), (EdStatus::NullArgument, EdArgument::Query));

    let status = unsafe {
        ed_corpus_within(handle, 1, query.as_ptr(), query.len(), 1, Some(collect), user_data, ptr::null_mut(), &mut error)
    };
    assert_eq!((status, error.argument), (EdStatus::NullArgument, EdArgument::Output));

    assert_eq!(visited, 77);
    assert!(collector.matches.is_empty(), "no callback may run when the call fails");

    // The empty query (null with length 0) is valid and out_error may be null.
    let status = unsafe {
        ed_corpus_within(handle, 1, ptr::null(), 0, 6, Some(collect), user_data, &mut visited, ptr::null_mut())
    };
    assert_eq!((status, visited), (EdStatus::Ok, 2));
    assert_eq!(collector.matches, vec![(0, 6), (1, 6)]);
    unsafe { ed_corpus_free(handle) };
}

fn utf32_distance(strategy: u32, a: &[u32], b: &[u32], max: u32) -> (EdStatus, u32, EdErrorInfo) {
    let mut out = u32::MAX;
    let mut error = no_error();
    let status = unsafe { ed_distance_utf32(strategy, a.as_ptr(), a.len(), b.as_ptr(), b.len(), max, &mut out, &mut error) };
    (status, out, error)
}

fn code_points(s: &str) -> Vec<u32> {
    s.chars().map(u32::from).collect()
}

#[test]
fn the_utf32_distance_agrees_with_ed_distance() {
    let pairs = common::encoding_pairs();
    for strategy in [0, 1] {
        for (a, b) in &pairs {
            let (a, b) = (a.as_str(), b.as_str());
            for max in [0, 1, 3, 5, 40, ED_NO_BOUND] {
                let (ua, ub) = (units(a), units(b));
                let mut expected = u32::MAX;
                let status = unsafe { ed_distance(strategy, ua.as_ptr(), ua.len(), ub.as_ptr(), ub.len(), max, &mut expected, ptr::null_mut()) };
                assert_eq!(status, EdStatus::Ok);
                assert_eq!(
                    utf32_distance(strategy, &code_points(a), &code_points(b), max),
                    (EdStatus::Ok, expected, no_error()),
                    "{a:?} / {b:?} within {max}"
                );
            }
        }
    }
}

#[test]
fn utf32_text_that_is_no_scalar_value_is_reported_in_code_points_in_argument_order() {
    let invalid = |argument, position| (EdStatus::InvalidUtf16, u32::MAX, EdErrorInfo { argument, item: ED_NO_ITEM, position });
    // A surrogate, and a value beyond U+10FFFF.
    assert_eq!(utf32_distance(1, &[0x61], &[0x1F600, 0x61, 0xD800, 0x62], ED_NO_BOUND), invalid(EdArgument::B, 2));
    assert_eq!(utf32_distance(0, &[0x110000], &[0xDFFF], 1), invalid(EdArgument::A, 0));
    // The strategy first, then each string wholly (an invalid a before a null b), then the out-parameter.
    let (mut out, mut error) = (u32::MAX, no_error());
    let status = unsafe { ed_distance_utf32(2, [0xD800].as_ptr(), 1, ptr::null(), 1, ED_NO_BOUND, &mut out, &mut error) };
    assert_eq!((status, error.argument), (EdStatus::InvalidArgument, EdArgument::Strategy));
    let status = unsafe { ed_distance_utf32(1, [0xD800].as_ptr(), 1, ptr::null(), 1, ED_NO_BOUND, &mut out, &mut error) };
    assert_eq!((status, error.argument), (EdStatus::InvalidUtf16, EdArgument::A));
    let status = unsafe { ed_distance_utf32(1, [0x61].as_ptr(), 1, ptr::null(), 1, ED_NO_BOUND, &mut out, &mut error) };
    assert_eq!((status, error.argument), (EdStatus::NullArgument, EdArgument::B));
    let status = unsafe { ed_distance_utf32(1, [0x61].as_ptr(), 1, ptr::null(), 0, ED_NO_BOUND, ptr::null_mut(), &mut error) };
    assert_eq!((status, error.argument), (EdStatus::NullArgument, EdArgument::Output));
    assert_eq!(out, u32::MAX, "nothing is written on failure");
    // Null with length 0 is the empty string, and out_error may be null.
    let status = unsafe { ed_distance_utf32(0, ptr::null(), 0, [0x61].as_ptr(), 1, ED_NO_BOUND, &mut out, ptr::null_mut()) };
    assert_eq!((status, out), (EdStatus::Ok, 1));
}
