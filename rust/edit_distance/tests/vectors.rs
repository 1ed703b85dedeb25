//! The shared vectors (tests/vectors/*.json), driven through the C ABI exactly as a foreign caller
//! would drive it, and through the Rust-native API.

mod common;

use std::ptr;

use common::{cases, no_error, Json};
use edit_distance::ffi::*;
use edit_distance::{distance, distance_utf16, nearest, Corpus, Strategy};

const STRATEGIES: [(u32, Strategy); 2] = [(0, Strategy::Dp), (1, Strategy::BitParallel)];

/// Calls ed_distance; `None` for a null string.
fn ffi_distance(strategy: u32, a: Option<&[u16]>, b: Option<&[u16]>, max: u32) -> (EdStatus, u32, EdErrorInfo) {
    let mut out = u32::MAX;
    let mut error = no_error();
    let (a_ptr, a_len) = a.map_or((ptr::null(), 1), |s| (s.as_ptr(), s.len()));
    let (b_ptr, b_len) = b.map_or((ptr::null(), 1), |s| (s.as_ptr(), s.len()));
    let status = unsafe { ed_distance(strategy, a_ptr, a_len, b_ptr, b_len, max, &mut out, &mut error) };
    (status, out, error)
}

struct FfiCorpus(*mut EdCorpus);

impl Drop for FfiCorpus {
    fn drop(&mut self) {
        unsafe { ed_corpus_free(self.0) }
    }
}

fn ffi_corpus(entries: &[Vec<u16>]) -> Result<FfiCorpus, (EdStatus, EdErrorInfo)> {
    let text: Vec<u16> = entries.concat();
    let ends: Vec<usize> = entries.iter().scan(0, |end, e| { *end += e.len(); Some(*end) }).collect();
    let mut handle = ptr::null_mut();
    let mut error = no_error();
    let status = unsafe { ed_corpus_new(text.as_ptr(), text.len(), ends.as_ptr(), ends.len(), &mut handle, &mut error) };
    if status == EdStatus::Ok { Ok(FfiCorpus(handle)) } else { Err((status, error)) }
}

fn ffi_nearest(corpus: &FfiCorpus, strategy: u32, query: &[u16], k: u32, max: u32, threads: u32) -> Result<Vec<(u32, u32)>, (EdStatus, EdErrorInfo)> {
    let mut len = 0usize;
    assert_eq!(unsafe { ed_corpus_len(corpus.0, &mut len) }, EdStatus::Ok);
    let capacity = len.min(k as usize);
    let mut buffer = vec![EdMatch::default(); capacity];
    let mut count = usize::MAX;
    let mut error = no_error();
    let status = unsafe {
        ed_corpus_nearest(corpus.0, strategy, query.as_ptr(), query.len(), k, max, threads, buffer.as_mut_ptr(), capacity, &mut count, &mut error)
    };
    if status != EdStatus::Ok {
        return Err((status, error));
    }
    Ok(buffer[..count].iter().map(|m| (m.index, m.distance)).collect())
}

fn u32_bound(value: &Json) -> u32 {
    if value.is_null() { ED_NO_BOUND } else { value.number() as u32 }
}

#[test]
fn distance_vectors() {
    for case in cases("distance.json") {
        let name = case.get("name").text();
        let (a, b) = (case.get("a").utf16().unwrap(), case.get("b").utf16().unwrap());
        let expected = case.get("distance").number() as usize;
        for (code, strategy) in STRATEGIES {
            let (status, d, _) = ffi_distance(code, Some(&a), Some(&b), ED_NO_BOUND);
            assert_eq!((status, d as usize), (EdStatus::Ok, expected), "{name} ({})", strategy.name());
            let (status, d, _) = ffi_distance(code, Some(&b), Some(&a), ED_NO_BOUND);
            assert_eq!((status, d as usize), (EdStatus::Ok, expected), "{name} swapped ({})", strategy.name());
            assert_eq!(distance(strategy, &case.get("a").text(), &case.get("b").text(), None), expected, "{name}");
            assert_eq!(distance_utf16(strategy, &a, &b, None), Ok(expected), "{name}");
        }
    }
}

#[test]
fn bounded_vectors() {
    for case in cases("bounded.json") {
        let name = case.get("name").text();
        let (a, b) = (case.get("a").utf16().unwrap(), case.get("b").utf16().unwrap());
        let max = case.get("max_distance").number() as usize;
        let expected = case.get("expected").number() as usize;
        for (code, strategy) in STRATEGIES {
            let (status, d, _) = ffi_distance(code, Some(&a), Some(&b), max as u32);
            assert_eq!((status, d as usize), (EdStatus::Ok, expected), "{name} ({})", strategy.name());
            assert_eq!(distance(strategy, &case.get("a").text(), &case.get("b").text(), Some(max)), expected, "{name}");
        }
    }
}

#[test]
fn nearest_vectors() {
    for case in cases("nearest.json") {
        let name = case.get("name").text();
        let query = case.get("query").utf16().unwrap();
        let entries: Vec<Vec<u16>> = case.get("corpus").array().iter().map(|e| e.utf16().unwrap()).collect();
        let k = case.get("k").number() as u32;
        let max = u32_bound(case.get("max_distance"));
        let expected: Vec<(u32, u32)> = case
            .get("expected")
            .array()
            .iter()
            .map(|m| (m.get("index").number() as u32, m.get("distance").number() as u32))
            .collect();
        let corpus = ffi_corpus(&entries).expect(&name);
        let texts: Vec<String> = case.get("corpus").array().iter().map(Json::text).collect();
        for (code, strategy) in STRATEGIES {
            for threads in [1, 2, 4] {
                let found = ffi_nearest(&corpus, code, &query, k, max, threads).expect(&name);
                assert_eq!(found, expected, "{name} ({}, {threads} threads)", strategy.name());
            }
            let max_distance = (max != ED_NO_BOUND).then_some(max as usize);
            let native: Vec<(u32, u32)> = nearest(strategy, &case.get("query").text(), &texts, k as usize, max_distance)
                .iter()
                .map(|m| (m.index as u32, m.distance as u32))
                .collect();
            assert_eq!(native, expected, "{name} native ({})", strategy.name());
            let prepared = Corpus::new(&texts).nearest_utf16(strategy, &query, k as usize, max_distance, 2).unwrap();
            assert_eq!(prepared.len(), expected.len(), "{name}");
        }
    }
}

fn argument_of(name: &str) -> EdArgument {
    match name {
        "a" => EdArgument::A,
        "b" => EdArgument::B,
        "query" => EdArgument::Query,
        "corpus" => EdArgument::Corpus,
        other => panic!("unknown argument {other}"),
    }
}

#[test]
fn error_vectors() {
    for case in cases("errors.json") {
        let name = case.get("name").text();
        let kind = case.get("error").text();
        if kind == "negative" {
            // k and max_distance cross the ABI as u32 (and are usize in Rust): a negative value cannot be
            // expressed, so the .NET wrapper rejects it before the call.
            continue;
        }
        let argument = argument_of(&case.get("argument").text());
        let expected_status = if kind == "null" { EdStatus::NullArgument } else { EdStatus::InvalidUtf16 };
        let item = if case.get("item").is_null() { ED_NO_ITEM } else { case.get("item").number() as usize };
        let position = if kind == "null" { 0 } else { case.get("position_utf16").number() as usize };
        let expected_error = EdErrorInfo { argument, item, position };
        for (code, _) in STRATEGIES {
            let error = if case.get("call").text() == "distance" {
                let (a, b) = (case.get("a").utf16(), case.get("b").utf16());
                let max = u32_bound(case.get("max_distance"));
                let (status, _, error) = ffi_distance(code, a.as_deref(), b.as_deref(), max);
                assert_eq!(status, expected_status, "{name}");
                error
            } else if case.get("corpus").is_null() {
                // A null corpus: no buffer and no offsets for a non-empty list.
                let mut handle = ptr::null_mut();
                let mut error = no_error();
                let status = unsafe { ed_corpus_new(ptr::null(), 0, ptr::null(), 1, &mut handle, &mut error) };
                assert_eq!(status, expected_status, "{name}");
                error
            } else if case.get("corpus").array().iter().any(Json::is_null) {
                // A null entry cannot be expressed in one concatenated buffer; the .NET wrapper reports it
                // before the call, like the other implementations.
                continue;
            } else {
                let entries: Vec<Vec<u16>> = case.get("corpus").array().iter().map(|e| e.utf16().unwrap()).collect();
                let k = case.get("k").number() as u32;
                match (ffi_corpus(&entries), case.get("query").utf16()) {
                    (Err((status, error)), _) => {
                        assert_eq!(status, expected_status, "{name}");
                        error
                    }
                    (Ok(corpus), None) => {
                        let (mut count, mut error) = (0usize, no_error());
                        let mut buffer = [EdMatch::default(); 1];
                        let status = unsafe {
                            ed_corpus_nearest(corpus.0, code, ptr::null(), 3, k, ED_NO_BOUND, 1, buffer.as_mut_ptr(), 1, &mut count, &mut error)
                        };
                        assert_eq!(status, expected_status, "{name}");
                        error
                    }
                    (Ok(corpus), Some(query)) => {
                        let (status, error) = ffi_nearest(&corpus, code, &query, k, ED_NO_BOUND, 1).expect_err(&name);
                        assert_eq!(status, expected_status, "{name}");
                        error
                    }
                }
            };
            assert_eq!(error, expected_error, "{name}");
        }
    }
}
