//! The benchmark-only exports of the `bench` feature (`cargo test --features bench --test bench`): the empty calls, the
//! lane switch, and the allocation counter, which this test binary's allocations go through too (the library's global
//! allocator is the whole binary's).
#![cfg(feature = "bench")]

mod common;

use std::hint::black_box;
use std::ptr;

use common::no_error;
use edit_distance::bench::*;
use edit_distance::ffi::*;

#[test]
fn noops_do_nothing() {
    assert_eq!(unsafe { ed_noop() }, 0);
    assert_eq!(unsafe { ed_noop_strings(ptr::null(), 2, ptr::null(), 3) }, 5);
}

// Other tests of this binary allocate meanwhile on their threads, so the counts grow by at least, not exactly.
#[test]
fn allocations_and_reallocations_are_counted_with_the_size_asked_for() {
    let before = unsafe { ed_bench_allocations() };
    let mut buffer: Vec<u8> = black_box(Vec::with_capacity(1000));
    let grown = unsafe { ed_bench_allocations() };
    assert!(grown.count > before.count && grown.bytes >= before.bytes + 1000, "{before:?} then {grown:?}");
    buffer.reserve_exact(3000);
    let after = unsafe { ed_bench_allocations() };
    assert!(after.count > grown.count && after.bytes >= grown.bytes + 3000, "a reallocation counts its new size: {grown:?} then {after:?}");
    drop(black_box(buffer));
}

#[test]
fn an_export_that_allocates_is_counted() {
    let text: Vec<u16> = "kittensitting".encode_utf16().collect();
    let ends = [6usize, 13];
    let mut corpus = ptr::null_mut();
    let mut error = no_error();
    let before = unsafe { ed_bench_allocations() };
    let status = unsafe { ed_corpus_new(text.as_ptr(), text.len(), ends.as_ptr(), ends.len(), &mut corpus, &mut error) };
    let after = unsafe { ed_bench_allocations() };
    assert_eq!(status, EdStatus::Ok);
    // At least the handle's box and the copy of the text.
    assert!(after.count >= before.count + 2, "{before:?} then {after:?}");
    assert!(after.bytes >= before.bytes + (text.len() * 2) as u64, "{before:?} then {after:?}");
    unsafe { ed_corpus_free(corpus) };
}

#[test]
fn the_lane_level_can_be_forced_and_never_changes_a_result() {
    // Other tests of this binary search meanwhile: the level only changes how fast they run.
    let detected = unsafe { ed_bench_lanes(255) };
    assert!(detected <= 2, "level {detected}");
    if cfg!(target_arch = "x86_64") {
        assert!(detected >= 1, "every x86-64 CPU has SSE2");
    }
    let words: Vec<String> = (0..500).map(|i| format!("w{}x{}", i % 37, i % 11)).collect();
    let text: Vec<u16> = words.concat().encode_utf16().collect();
    let ends: Vec<usize> = words
        .iter()
        .scan(0, |end, word| {
            *end += word.len();
            Some(*end)
        })
        .collect();
    let mut corpus = ptr::null_mut();
    let mut error = no_error();
    let status = unsafe { ed_corpus_new(text.as_ptr(), text.len(), ends.as_ptr(), ends.len(), &mut corpus, &mut error) };
    assert_eq!(status, EdStatus::Ok);
    let query: Vec<u16> = "w5x5".encode_utf16().collect();
    let nearest = || {
        let mut matches = [EdMatch::default(); 20];
        let mut count = 0;
        let status = unsafe {
            ed_corpus_nearest(corpus, 1, query.as_ptr(), query.len(), 20, ED_NO_BOUND, 2, matches.as_mut_ptr(), 20, &mut count, ptr::null_mut())
        };
        assert_eq!((status, count), (EdStatus::Ok, 20));
        matches
    };
    assert_eq!(unsafe { ed_bench_lanes(0) }, 0);
    let scalar = nearest();
    for (asked, expected) in [(1, 1.min(detected)), (2, detected), (7, detected), (255, detected)] {
        assert_eq!(unsafe { ed_bench_lanes(asked) }, expected, "asked for {asked}");
        assert_eq!(nearest(), scalar, "level {expected}");
    }
    unsafe { ed_corpus_free(corpus) };
}

/// `ed_distance` on `a` and `b`, for comparison with the benchmark distances.
fn utf16_distance(strategy: u32, a: &str, b: &str, max: u32) -> u32 {
    let (a, b): (Vec<u16>, Vec<u16>) = (a.encode_utf16().collect(), b.encode_utf16().collect());
    let mut out = u32::MAX;
    let status = unsafe { ed_distance(strategy, a.as_ptr(), a.len(), b.as_ptr(), b.len(), max, &mut out, ptr::null_mut()) };
    assert_eq!(status, EdStatus::Ok);
    out
}

fn utf8_distance(strategy: u32, a: &[u8], b: &[u8], max: u32) -> (u32, u32, EdBenchErrorInfo) {
    let mut out = u32::MAX;
    let mut error = EdBenchErrorInfo { argument: 99, position: 99 };
    let status = unsafe { ed_bench_distance_utf8(strategy, a.as_ptr(), a.len(), b.as_ptr(), b.len(), max, &mut out, &mut error) };
    (status, out, error)
}

const UNTOUCHED: EdBenchErrorInfo = EdBenchErrorInfo { argument: 99, position: 99 };

#[test]
fn the_utf8_distance_agrees_with_ed_distance() {
    let pairs = common::encoding_pairs();
    for strategy in [0, 1] {
        for (a, b) in &pairs {
            let (a, b) = (a.as_str(), b.as_str());
            for max in [0, 1, 3, 5, 40, ED_NO_BOUND] {
                let expected = utf16_distance(strategy, a, b, max);
                let ok = (EdStatus::Ok as u32, expected, UNTOUCHED);
                assert_eq!(utf8_distance(strategy, a.as_bytes(), b.as_bytes(), max), ok, "UTF-8 {a:?} / {b:?} within {max}");
            }
        }
    }
}

#[test]
fn invalid_text_is_reported_with_its_position_in_its_own_units() {
    let invalid = EdStatus::InvalidUtf16 as u32;
    // UTF-8: a lone continuation byte, a truncated sequence, an encoded surrogate; positions in bytes.
    assert_eq!(utf8_distance(1, b"ab\x80", b"", ED_NO_BOUND), (invalid, u32::MAX, EdBenchErrorInfo { argument: 1, position: 2 }));
    assert_eq!(utf8_distance(1, "é".as_bytes(), b"x\xE6\x97", 3), (invalid, u32::MAX, EdBenchErrorInfo { argument: 2, position: 1 }));
    assert_eq!(utf8_distance(0, b"\xED\xA0\x80", b"", ED_NO_BOUND), (invalid, u32::MAX, EdBenchErrorInfo { argument: 1, position: 0 }));
}

#[test]
fn the_other_failures_follow_ed_distance() {
    // Argument order: the strategy, then each string wholly (a invalid before b null), then the out-parameter.
    let (mut out, mut error) = (u32::MAX, UNTOUCHED);
    let status = unsafe { ed_bench_distance_utf8(2, b"\x80".as_ptr(), 1, ptr::null(), 1, ED_NO_BOUND, &mut out, &mut error) };
    assert_eq!((status, out, error), (EdStatus::InvalidArgument as u32, u32::MAX, EdBenchErrorInfo { argument: 5, position: 0 }));
    let status = unsafe { ed_bench_distance_utf8(1, b"\x80".as_ptr(), 1, ptr::null(), 1, ED_NO_BOUND, &mut out, &mut error) };
    assert_eq!((status, error), (EdStatus::InvalidUtf16 as u32, EdBenchErrorInfo { argument: 1, position: 0 }));
    let status = unsafe { ed_bench_distance_utf8(1, b"a".as_ptr(), 1, ptr::null(), 1, ED_NO_BOUND, &mut out, &mut error) };
    assert_eq!((status, error), (EdStatus::NullArgument as u32, EdBenchErrorInfo { argument: 2, position: 0 }));
    let status = unsafe { ed_bench_distance_utf8(1, b"a".as_ptr(), 1, ptr::null(), 0, ED_NO_BOUND, ptr::null_mut(), &mut error) };
    assert_eq!((status, error), (EdStatus::NullArgument as u32, EdBenchErrorInfo { argument: 7, position: 0 }));
    assert_eq!(out, u32::MAX, "nothing is written on failure");
    // Null with length 0 is the empty string, and out_error may be null.
    let status = unsafe { ed_bench_distance_utf8(1, ptr::null(), 0, b"abc".as_ptr(), 3, ED_NO_BOUND, &mut out, ptr::null_mut()) };
    assert_eq!((status, out), (EdStatus::Ok as u32, 3));
}
