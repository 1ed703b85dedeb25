//! An allocation that fails inside the library is a status, never an abort: a failed infallible allocation
//! aborts the process, which no panic boundary can catch. This binary's global allocator refuses, on the
//! calling thread only, any allocation above a limit the test sets, and the exports must answer
//! `EdStatus::OutOfMemory`, write nothing, and work normally once memory is back.
//!
//! Not with the `bench` feature: that build installs its own, counting global allocator, and a binary has one.
#![cfg(not(feature = "bench"))]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ptr;

use common::no_error;
use edit_distance::ffi::*;

struct RefuseLarge;

thread_local! {
    // `const` and without a destructor: reading it allocates nothing, which an allocator must not do.
    static LIMIT: Cell<usize> = const { Cell::new(usize::MAX) };
}

unsafe impl GlobalAlloc for RefuseLarge {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() > LIMIT.with(Cell::get) { ptr::null_mut() } else { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > LIMIT.with(Cell::get) { ptr::null_mut() } else { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: RefuseLarge = RefuseLarge;

/// Runs `f` with allocations above `limit` bytes refused on this thread.
fn with_limit<R>(limit: usize, f: impl FnOnce() -> R) -> R {
    LIMIT.with(|l| l.set(limit));
    let result = f();
    LIMIT.with(|l| l.set(usize::MAX));
    result
}

/// `len` CJK ideographs from a 20 000-character alphabet, and a copy with `edits` of them replaced by a
/// character found nowhere else, so that the distance between the two is exactly `edits`.
fn cjk_pair(len: usize, edits: usize) -> (Vec<u16>, Vec<u16>) {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let a: Vec<u16> = (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            0x4E00 + (state % 20_000) as u16
        })
        .collect();
    let mut b = a.clone();
    for i in 0..edits {
        // Spread over the whole string, so that stripping the common ends leaves most of it.
        b[i * len / edits.max(1) + len / (2 * edits.max(1))] = 0x3042; // HIRAGANA A: outside the alphabet above
    }
    (a, b)
}

fn distance(strategy: u32, a: &[u16], b: &[u16], max: u32) -> (EdStatus, u32, EdErrorInfo) {
    let mut out = 77;
    let mut error = no_error();
    let status = unsafe { ed_distance(strategy, a.as_ptr(), a.len(), b.as_ptr(), b.len(), max, &mut out, &mut error) };
    (status, out, error)
}

#[test]
fn distance_reports_out_of_memory_and_works_again_afterwards() {
    let (a, b) = cjk_pair(100_000, 5);
    let refused = EdErrorInfo { argument: EdArgument::None, item: ED_NO_ITEM, position: 0 };
    // What is left once the common ends are stripped is ~80 000 code points: its pattern table (~1 MB of
    // entries) cannot be had within 256 KiB per allocation, nor dp's row (640 KB). A bound of 100 makes the
    // bit-parallel band too tall for one word, so it needs the table.
    for (strategy, max) in [(1, 100), (1, ED_NO_BOUND), (0, 10), (0, ED_NO_BOUND)] {
        let (status, out, error) = with_limit(256 << 10, || distance(strategy, &a, &b, max));
        assert_eq!((status, out, error), (EdStatus::OutOfMemory, 77, refused), "strategy {strategy} max {max}");
    }
    // A band that fits one word reads the pattern as it goes, in buffers of a fixed size.
    assert_eq!(with_limit(256 << 10, || distance(1, &a, &b, 10)).0, EdStatus::Ok);
    // The same thread, memory back: exact results, and its scratch buffers were not left half-built.
    for strategy in [0, 1] {
        let (status, out, _) = distance(strategy, &a, &b, 10);
        assert_eq!((status, out), (EdStatus::Ok, 5), "strategy {strategy}");
        let (x, y): (Vec<u16>, Vec<u16>) = ("kitten".encode_utf16().collect(), "sitting".encode_utf16().collect());
        assert_eq!(distance(strategy, &x, &y, ED_NO_BOUND).1, 3);
    }
    // Text with surrogate pairs is decoded to code points first: refusing that buffer is reported too.
    let astral: Vec<u16> = "\u{1F600}".repeat(50_000).encode_utf16().collect();
    let (status, out, _) = with_limit(64 << 10, || distance(1, &astral, &astral[2..], ED_NO_BOUND));
    assert_eq!((status, out), (EdStatus::OutOfMemory, 77));
}

#[test]
fn a_corpus_too_large_for_memory_is_refused_and_nothing_is_created() {
    let (text, _) = cjk_pair(400_000, 0);
    let ends: Vec<usize> = (1..=4000).map(|i| i * 100).collect();
    let mut handle = ptr::null_mut();
    let mut error = no_error();
    let status = with_limit(256 << 10, || unsafe {
        ed_corpus_new(text.as_ptr(), text.len(), ends.as_ptr(), ends.len(), &mut handle, &mut error)
    });
    assert_eq!((status, handle.is_null(), error.argument), (EdStatus::OutOfMemory, true, EdArgument::None));

    // With the memory there, the same corpus is built and queried; a long query against it can still be refused.
    let status = unsafe { ed_corpus_new(text.as_ptr(), text.len(), ends.as_ptr(), ends.len(), &mut handle, &mut error) };
    assert_eq!(status, EdStatus::Ok);
    let (query, _) = cjk_pair(50_000, 0);
    let mut matches = [EdMatch::default(); 3];
    let mut count = 0;
    let status = with_limit(64 << 10, || unsafe {
        ed_corpus_nearest(handle, 1, query.as_ptr(), query.len(), 3, ED_NO_BOUND, 1, matches.as_mut_ptr(), 3, &mut count, &mut error)
    });
    assert_eq!((status, count), (EdStatus::OutOfMemory, 0));
    let status = unsafe {
        ed_corpus_nearest(handle, 1, text[..100].as_ptr(), 100, 3, ED_NO_BOUND, 1, matches.as_mut_ptr(), 3, &mut count, &mut error)
    };
    assert_eq!((status, count, matches[0]), (EdStatus::Ok, 3, EdMatch { index: 0, distance: 0 }));
    unsafe { ed_corpus_free(handle) };
}

#[test]
fn lane_tables_too_large_for_memory_are_refused_with_the_corpus() {
    // 100 000 words of 4 to 12 letters: the text (1.6 MB) and the entry list (2.4 MB) fit within 3 MB per
    // allocation, the lane tables (4 MB of mask rows) do not. Where no lane tables are built (not x86-64), the
    // corpus is created either way.
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let mut text: Vec<u16> = Vec::new();
    let mut ends = Vec::new();
    for _ in 0..100_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.extend((0..4 + state % 9).map(|i| u16::from(b'a') + ((state >> (5 * i)) % 26) as u16));
        ends.push(text.len());
    }
    let mut handle = ptr::null_mut();
    let mut error = no_error();
    let status = with_limit(3 << 20, || unsafe {
        ed_corpus_new(text.as_ptr(), text.len(), ends.as_ptr(), ends.len(), &mut handle, &mut error)
    });
    if cfg!(target_arch = "x86_64") {
        assert_eq!((status, handle.is_null(), error.argument), (EdStatus::OutOfMemory, true, EdArgument::None));
    } else {
        assert_eq!(status, EdStatus::Ok);
        unsafe { ed_corpus_free(handle) };
    }

    // With the memory there, the same corpus is built and searched.
    let status = unsafe { ed_corpus_new(text.as_ptr(), text.len(), ends.as_ptr(), ends.len(), &mut handle, &mut error) };
    assert_eq!(status, EdStatus::Ok);
    let query = &text[ends[41]..ends[42]];
    let mut matches = [EdMatch::default(); 1];
    let mut count = 0;
    let status = unsafe {
        ed_corpus_nearest(handle, 1, query.as_ptr(), query.len(), 1, ED_NO_BOUND, 1, matches.as_mut_ptr(), 1, &mut count, &mut error)
    };
    assert_eq!((status, count, matches[0].distance), (EdStatus::Ok, 1, 0));
    unsafe { ed_corpus_free(handle) };
}
