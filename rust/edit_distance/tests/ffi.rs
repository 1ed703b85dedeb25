//! The C ABI's own rules: null with length 0, invalid codes, buffers, handles, threads.

mod common;

use std::ptr;

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
    let mut error = EdErrorInfo { argument: EdArgument::None, item: 0, position: 0 };
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
    let mut error = EdErrorInfo { argument: EdArgument::None, item: 0, position: 0 };
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

#[test]
fn one_corpus_is_queried_from_many_threads() {
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

#[test]
fn noops_do_nothing() {
    assert_eq!(unsafe { ed_noop() }, 0);
    assert_eq!(unsafe { ed_noop_strings(ptr::null(), 2, ptr::null(), 3) }, 5);
}
