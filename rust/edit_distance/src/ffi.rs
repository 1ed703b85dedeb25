//! The C ABI: the only file with the shipped exports, and the input of the C# binding generator (csbindgen).
//! The benchmark-only exports live in `bench.rs`, compiled only with the `bench` feature.
//!
//! Conventions (see rust/README.md): every fallible export returns an [`EdStatus`] and writes its results
//! to out-parameters only on success; on failure it fills the optional [`EdErrorInfo`] instead. Strings
//! are UTF-16 code units plus a length, so .NET passes `fixed (char*)` without copying or encoding; a
//! null pointer with length 0 is an empty string (C# `fixed` on an empty span or array yields null; on an
//! empty *string* it yields a pointer to the string's terminating NUL, which length 0 never reads).
//! With several mistakes in one call, the error is about the first wrong argument in parameter order (and
//! the first wrong entry of a corpus), as in the C# and Python implementations.
//! Enum-like inputs cross as `u32` and are validated, because an out-of-range value in a Rust enum
//! parameter would be undefined behaviour. `max_distance` = `u32::MAX` means "no bound": no .NET string
//! has that many code points, so the value can never be a real bound.
//!
//! Every item here must stay visible to csbindgen: plain `#[no_mangle]` (edition 2021), raw pointers and
//! FFI-safe scalars only, no macros generating exports.
//!
//! # Safety
//! The same contract holds for every export, so it is stated once here rather than in a `# Safety`
//! section per function (whose text would also be copied into every generated C# summary): each pointer
//! with a length must be null with length 0 or point to that many readable elements; each out-pointer
//! must be null where documented as optional, or valid for one write; a corpus handle must come from
//! `ed_corpus_new` and not yet be freed; a callback must follow the callback contract of `ed_corpus_within`.
#![allow(clippy::missing_safety_doc)]

use std::ffi::c_void;
use std::mem::{align_of, offset_of, size_of};
use std::ops::ControlFlow;
use std::slice;

use crate::error::{Argument, Error};
use crate::panic::{boundary, PanicStatus};
use crate::corpus::Corpus;
use crate::distance::{distance_code_points, distance_utf16, Strategy};
use crate::text::{find_invalid_scalar, find_lone_surrogate};

/// Error details written by a failing export when the caller passes a non-null `out_error`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdErrorInfo {
    /// The argument the error is about.
    pub argument: EdArgument,
    /// The corpus entry that holds the error, or `usize::MAX` when the error is not about an entry.
    pub item: usize,
    /// For `InvalidUtf16`: index of the first lone surrogate, in UTF-16 code units; otherwise 0.
    pub position: usize,
}

/// One result of `ed_corpus_nearest`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EdMatch {
    /// Position of the entry in the corpus.
    pub index: u32,
    /// Edit distance between the query and that entry, in code points.
    pub distance: u32,
}

/// A corpus owned by the caller between `ed_corpus_new` and `ed_corpus_free`; opaque outside Rust.
/// Immutable, so any number of threads may query one corpus at the same time.
pub struct EdCorpus {
    corpus: Corpus,
}

/// The outcome of an export.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdStatus {
    Ok = 0,
    /// A null pointer with a non-zero length, or a null handle or out-parameter.
    NullArgument = 1,
    /// A string with a lone surrogate; `EdErrorInfo` names the argument, entry and UTF-16 index.
    InvalidUtf16 = 2,
    /// An unknown strategy code, zero threads, corpus offsets out of order, or too many entries.
    InvalidArgument = 3,
    /// The output buffer holds fewer than min(k, corpus length) matches; nothing was written.
    BufferTooSmall = 4,
    /// A bug inside the library; the panic was caught at the boundary and the process is intact.
    Panic = 5,
    /// A buffer proportional to the input could not be allocated; nothing was written, the library is intact,
    /// and the call may succeed later or with shorter input.
    OutOfMemory = 6,
}

impl PanicStatus for EdStatus {
    const PANIC: Self = EdStatus::Panic;
}

/// The argument an `EdErrorInfo` is about.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdArgument {
    None = 0,
    A = 1,
    B = 2,
    Query = 3,
    Corpus = 4,
    Strategy = 5,
    Threads = 6,
    Output = 7,
    OnMatch = 8,
}

/// `EdErrorInfo::item` when the error is not about a corpus entry.
pub const ED_NO_ITEM: usize = usize::MAX;

/// `max_distance` meaning "no bound".
pub const ED_NO_BOUND: u32 = u32::MAX;

/// Levenshtein distance between two UTF-16 strings, counted in code points.
///
/// `strategy`: 0 = dp, 1 = bitparallel. `max_distance`: the exact distance is written when it is at most
/// `max_distance`, otherwise `max_distance + 1`; `u32::MAX` means no bound. `out_error` may be null.
#[no_mangle]
pub unsafe extern "C" fn ed_distance(
    strategy: u32,
    a: *const u16,
    a_len: usize,
    b: *const u16,
    b_len: usize,
    max_distance: u32,
    out_distance: *mut u32,
    out_error: *mut EdErrorInfo,
) -> EdStatus {
    boundary(|| {
        let result = (|| {
            let strategy = strategy_from(strategy)?;
            let a = units(a, a_len, Argument::A)?;
            // A later argument's mistake is reported only once the earlier strings are known to be valid text;
            // checked on these error paths only, because the success path finds lone surrogates as it decodes.
            let b = units(b, b_len, Argument::B).map_err(|error| first_of(&[(a, Argument::A)], error))?;
            if out_distance.is_null() {
                return Err(first_of(&[(a, Argument::A), (b, Argument::B)], Error::NullArgument { argument: Argument::Output }));
            }
            distance_utf16(strategy, a, b, bound_from(max_distance))
        })();
        match result {
            Ok(distance) => {
                *out_distance = saturate(distance);
                EdStatus::Ok
            }
            Err(error) => fail(out_error, error),
        }
    })
}

/// `ed_distance` for UTF-32 strings, one `u32` per code point, as `wchar_t` holds text on Linux and macOS: a caller
/// whose strings are not UTF-16 inside (Python's `str`, through ctypes' `c_wchar_p`) hands them over without
/// re-encoding, and nothing is decoded here.
///
/// A value that is no Unicode scalar value (a surrogate, or above U+10FFFF) is `InvalidUtf16` (the status of text
/// that is not valid), and `EdErrorInfo::position` is its index in code points. Otherwise as `ed_distance`.
#[no_mangle]
pub unsafe extern "C" fn ed_distance_utf32(
    strategy: u32,
    a: *const u32,
    a_len: usize,
    b: *const u32,
    b_len: usize,
    max_distance: u32,
    out_distance: *mut u32,
    out_error: *mut EdErrorInfo,
) -> EdStatus {
    boundary(|| {
        let result = (|| {
            let strategy = strategy_from(strategy)?;
            let a = scalars(a, a_len, Argument::A)?;
            let b = scalars(b, b_len, Argument::B)?;
            if out_distance.is_null() {
                return Err(Error::NullArgument { argument: Argument::Output });
            }
            Ok(distance_code_points(strategy, a, b, bound_from(max_distance))?)
        })();
        match result {
            Ok(distance) => {
                *out_distance = saturate(distance);
                EdStatus::Ok
            }
            Err(error) => fail(out_error, error),
        }
    })
}

/// Builds a corpus from every entry's UTF-16 code units concatenated in `text`; `ends[i]` is the offset
/// just past entry `i`, so one call carries any number of strings.
///
/// On success writes a new handle to `out_corpus`; release it with `ed_corpus_free`. `out_error` may be null.
#[no_mangle]
pub unsafe extern "C" fn ed_corpus_new(
    text: *const u16,
    text_len: usize,
    ends: *const usize,
    count: usize,
    out_corpus: *mut *mut EdCorpus,
    out_error: *mut EdErrorInfo,
) -> EdStatus {
    boundary(|| {
        let result = (|| {
            let text = units(text, text_len, Argument::Corpus)?;
            let ends = slice_or_empty(ends, count, Argument::Corpus)?;
            if out_corpus.is_null() {
                // The corpus's own mistakes come first, in argument order.
                Corpus::from_utf16(text, ends)?;
                return Err(Error::NullArgument { argument: Argument::Output });
            }
            // EdMatch carries indexes as u32.
            if u32::try_from(count).is_err() {
                return Err(Error::InvalidArgument { argument: Argument::Corpus });
            }
            Corpus::from_utf16(text, ends)
        })();
        match result {
            Ok(corpus) => {
                *out_corpus = Box::into_raw(Box::new(EdCorpus { corpus }));
                EdStatus::Ok
            }
            Err(error) => fail(out_error, error),
        }
    })
}

/// Writes the number of entries of `corpus` to `out_len`.
#[no_mangle]
pub unsafe extern "C" fn ed_corpus_len(corpus: *const EdCorpus, out_len: *mut usize) -> EdStatus {
    boundary(|| {
        if corpus.is_null() || out_len.is_null() {
            return EdStatus::NullArgument;
        }
        *out_len = (*corpus).corpus.len();
        EdStatus::Ok
    })
}

/// The `k` entries of `corpus` closest to `query`, sorted by distance, ties broken by the lower index,
/// leaving out entries farther than `max_distance` (`u32::MAX`: no bound).
///
/// Up to `threads` (at least 1) workers split the corpus, never more than the machine runs at once; the result
/// does not depend on it. `out_matches` must hold `capacity` >= min(k, corpus length) matches; `out_count`
/// receives how many were written. Safe to call from several threads on one corpus. `out_error` may be null.
#[no_mangle]
pub unsafe extern "C" fn ed_corpus_nearest(
    corpus: *const EdCorpus,
    strategy: u32,
    query: *const u16,
    query_len: usize,
    k: u32,
    max_distance: u32,
    threads: u32,
    out_matches: *mut EdMatch,
    capacity: usize,
    out_count: *mut usize,
    out_error: *mut EdErrorInfo,
) -> EdStatus {
    boundary(|| {
        let result = (|| {
            if corpus.is_null() {
                return Err(Error::NullArgument { argument: Argument::Corpus });
            }
            let corpus = &(*corpus).corpus;
            let strategy = strategy_from(strategy)?;
            let query = valid_text(query, query_len, Argument::Query)?;
            if threads == 0 {
                return Err(Error::InvalidArgument { argument: Argument::Threads });
            }
            if out_count.is_null() || (out_matches.is_null() && capacity > 0) {
                return Err(Error::NullArgument { argument: Argument::Output });
            }
            let needed = corpus.len().min(k as usize);
            if capacity < needed {
                return Ok(None);
            }
            corpus
                .nearest_utf16(strategy, query, k as usize, bound_from(max_distance), threads as usize)
                .map(Some)
        })();
        match result {
            Ok(Some(found)) => {
                if !found.is_empty() {
                    let out = slice::from_raw_parts_mut(out_matches, found.len());
                    for (slot, m) in out.iter_mut().zip(&found) {
                        *slot = EdMatch { index: m.index as u32, distance: saturate(m.distance) };
                    }
                }
                *out_count = found.len();
                EdStatus::Ok
            }
            Ok(None) => {
                write_error(out_error, EdArgument::Output, ED_NO_ITEM, 0);
                EdStatus::BufferTooSmall
            }
            Err(error) => fail(out_error, error),
        }
    })
}

/// Streams every entry of `corpus` within `max_distance` of `query` (`u32::MAX`: no bound) to `on_match`, in
/// corpus order, for result sets whose size is not known in advance: nothing is buffered.
///
/// `on_match(user_data, index, distance)` returns 0 to continue and any other value to stop. Stopping is not an
/// error: the call returns `Ok` and `out_visited` receives how many entries were compared, the one whose
/// callback stopped the search included (the corpus length when it ran to the end). `user_data` is passed
/// through untouched and stays the caller's. The callback runs on the calling thread, one call at a time,
/// only before this function returns; it must not unwind (catch every exception and return non-zero), and
/// may call any export except `ed_corpus_free` on this corpus. Errors are found before the first callback.
/// `out_error` may be null.
#[no_mangle]
pub unsafe extern "C" fn ed_corpus_within(
    corpus: *const EdCorpus,
    strategy: u32,
    query: *const u16,
    query_len: usize,
    max_distance: u32,
    on_match: Option<unsafe extern "C" fn(user_data: *mut c_void, index: u32, distance: u32) -> u32>,
    user_data: *mut c_void,
    out_visited: *mut usize,
    out_error: *mut EdErrorInfo,
) -> EdStatus {
    boundary(|| {
        let result = (|| {
            if corpus.is_null() {
                return Err(Error::NullArgument { argument: Argument::Corpus });
            }
            let corpus = &(*corpus).corpus;
            let strategy = strategy_from(strategy)?;
            let query = valid_text(query, query_len, Argument::Query)?;
            let Some(on_match) = on_match else {
                return Err(Error::NullArgument { argument: Argument::OnMatch });
            };
            if out_visited.is_null() {
                return Err(Error::NullArgument { argument: Argument::Output });
            }
            corpus.within_utf16(strategy, query, bound_from(max_distance), |m| {
                // `index` fits: ed_corpus_new refuses corpora with more than u32::MAX entries.
                // The call is sound by the caller's contract: a valid function that does not unwind.
                match on_match(user_data, m.index as u32, saturate(m.distance)) {
                    0 => ControlFlow::Continue(()),
                    _ => ControlFlow::Break(()),
                }
            })
        })();
        match result {
            Ok(visited) => {
                *out_visited = visited;
                EdStatus::Ok
            }
            Err(error) => fail(out_error, error),
        }
    })
}

/// Releases a corpus made by `ed_corpus_new`. Null is ignored. The handle must not be used afterwards,
/// nor freed while another thread is still querying it.
#[no_mangle]
pub unsafe extern "C" fn ed_corpus_free(corpus: *mut EdCorpus) {
    if corpus.is_null() {
        return;
    }
    // Returns nothing, as free functions do in C: the caller could not act on a failure. Dropping two
    // vectors cannot panic, but the boundary costs nothing here and keeps the rule without exceptions.
    let _ = boundary(|| {
        drop(Box::from_raw(corpus));
        EdStatus::Ok
    });
}

/// The memory layout of one of this ABI's types as this library was compiled, so that a binding can check its
/// own declarations against the library it actually loaded: a struct declared differently on the two sides
/// corrupts memory without any error.
///
/// `type_id`: 0 = `EdErrorInfo`, 1 = `EdMatch`, 2 = `EdStatus`, 3 = `EdArgument`. Writes the size and the
/// alignment in bytes, the number of fields (0 for the enums, which cross as their `u32` representation) and,
/// into `out_field_offsets` (room for `field_capacity` offsets), each field's offset in declaration order.
#[no_mangle]
pub unsafe extern "C" fn ed_type_layout(
    type_id: u32,
    out_size: *mut usize,
    out_align: *mut usize,
    out_field_offsets: *mut usize,
    field_capacity: usize,
    out_field_count: *mut usize,
) -> EdStatus {
    boundary(|| {
        let (size, align, offsets, count) = match type_id {
            0 => (
                size_of::<EdErrorInfo>(),
                align_of::<EdErrorInfo>(),
                [offset_of!(EdErrorInfo, argument), offset_of!(EdErrorInfo, item), offset_of!(EdErrorInfo, position)],
                3,
            ),
            1 => (size_of::<EdMatch>(), align_of::<EdMatch>(), [offset_of!(EdMatch, index), offset_of!(EdMatch, distance), 0], 2),
            2 => (size_of::<EdStatus>(), align_of::<EdStatus>(), [0; 3], 0),
            3 => (size_of::<EdArgument>(), align_of::<EdArgument>(), [0; 3], 0),
            _ => return EdStatus::InvalidArgument,
        };
        if out_size.is_null() || out_align.is_null() || out_field_count.is_null() || (out_field_offsets.is_null() && field_capacity > 0) {
            return EdStatus::NullArgument;
        }
        if field_capacity < count {
            return EdStatus::BufferTooSmall;
        }
        if count > 0 {
            slice::from_raw_parts_mut(out_field_offsets, count).copy_from_slice(&offsets[..count]);
        }
        *out_size = size;
        *out_align = align;
        *out_field_count = count;
        EdStatus::Ok
    })
}

/// A string argument: null is accepted only with length 0 (C# `fixed` on an empty span gives null).
unsafe fn units<'a>(ptr: *const u16, len: usize, argument: Argument) -> Result<&'a [u16], Error> {
    slice_or_empty(ptr, len, argument)
}

/// A UTF-32 string argument, checked at once: each string wholly before the next argument, as the contract orders
/// mistakes (the check is one pass; the UTF-16 exports defer theirs to decoding only because they must decode anyway).
unsafe fn scalars<'a>(ptr: *const u32, len: usize, argument: Argument) -> Result<&'a [u32], Error> {
    let code_points = slice_or_empty(ptr, len, argument)?;
    match find_invalid_scalar(code_points) {
        Some(position) => Err(Error::InvalidUtf16 { argument, item: None, position }),
        None => Ok(code_points),
    }
}

/// A string argument checked for lone surrogates at once, for the exports whose later arguments are checked
/// before the string is decoded (a query is scanned once more when prepared: negligible beside a search).
unsafe fn valid_text<'a>(ptr: *const u16, len: usize, argument: Argument) -> Result<&'a [u16], Error> {
    let units = units(ptr, len, argument)?;
    match first_of(&[(units, argument)], None) {
        Some(error) => Err(error),
        None => Ok(units),
    }
}

/// The lone-surrogate error of the first of `earlier` (strings that come before a failing argument) that holds
/// one, or else `then`: the contract reports mistakes in argument order.
fn first_of<E: From<Error>>(earlier: &[(&[u16], Argument)], then: E) -> E {
    earlier
        .iter()
        .find_map(|&(units, argument)| {
            find_lone_surrogate(units).map(|position| E::from(Error::InvalidUtf16 { argument, item: None, position }))
        })
        .unwrap_or(then)
}

unsafe fn slice_or_empty<'a, T>(ptr: *const T, len: usize, argument: Argument) -> Result<&'a [T], Error> {
    if len == 0 {
        Ok(&[])
    } else if ptr.is_null() {
        Err(Error::NullArgument { argument })
    } else {
        Ok(slice::from_raw_parts(ptr, len))
    }
}

fn strategy_from(code: u32) -> Result<Strategy, Error> {
    match code {
        0 => Ok(Strategy::Dp),
        1 => Ok(Strategy::BitParallel),
        _ => Err(Error::InvalidArgument { argument: Argument::Strategy }),
    }
}

fn bound_from(max_distance: u32) -> Option<usize> {
    (max_distance != ED_NO_BOUND).then_some(max_distance as usize)
}

/// Distances are at most the longer string's length, below `u32::MAX` for any .NET string; saturating
/// keeps the conversion total for Rust callers with longer input.
fn saturate(distance: usize) -> u32 {
    u32::try_from(distance).unwrap_or(u32::MAX)
}

unsafe fn fail(out_error: *mut EdErrorInfo, error: Error) -> EdStatus {
    match error {
        Error::NullArgument { argument } => {
            write_error(out_error, argument.into(), ED_NO_ITEM, 0);
            EdStatus::NullArgument
        }
        Error::InvalidUtf16 { argument, item, position } => {
            write_error(out_error, argument.into(), item.unwrap_or(ED_NO_ITEM), position);
            EdStatus::InvalidUtf16
        }
        Error::InvalidArgument { argument } => {
            write_error(out_error, argument.into(), ED_NO_ITEM, 0);
            EdStatus::InvalidArgument
        }
        Error::OutOfMemory => {
            write_error(out_error, EdArgument::None, ED_NO_ITEM, 0);
            EdStatus::OutOfMemory
        }
    }
}

unsafe fn write_error(out_error: *mut EdErrorInfo, argument: EdArgument, item: usize, position: usize) {
    if !out_error.is_null() {
        *out_error = EdErrorInfo { argument, item, position };
    }
}

impl From<Argument> for EdArgument {
    fn from(argument: Argument) -> Self {
        match argument {
            Argument::A => EdArgument::A,
            Argument::B => EdArgument::B,
            Argument::Query => EdArgument::Query,
            Argument::Corpus => EdArgument::Corpus,
            Argument::Strategy => EdArgument::Strategy,
            Argument::Threads => EdArgument::Threads,
            Argument::Output => EdArgument::Output,
            Argument::OnMatch => EdArgument::OnMatch,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::ptr;

    use super::*;

    fn units(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    fn distance(strategy: u32, a: &[u16], b: &[u16], max: u32) -> (EdStatus, u32) {
        let mut out = u32::MAX;
        let status = unsafe { ed_distance(strategy, a.as_ptr(), a.len(), b.as_ptr(), b.len(), max, &mut out, ptr::null_mut()) };
        (status, out)
    }

    #[test]
    fn a_caught_panic_leaves_the_thread_computing_correct_distances() {
        // The panic strikes after a pattern table is built and before it is cleared: "cdef" (what is left of
        // "abcdef" / "abwxyz" once the common prefix is stripped), or a long mixed-script pattern of several blocks.
        // Were the table left as it was, the next calls on this thread would read its bits as matches: "wxyz"
        // against "cdef" would come out as 0, and the mixed pairs would meet the long pattern's map entries. Every
        // pair is four or more code points apart, so that its unbounded call builds a table too (below that, the
        // capped bound sends it to mbleven, which has none).
        let long_a: String = "a\u{1F600}c\u{4E00}é".repeat(30);
        let long_b: String = "b\u{1F601}c\u{4E01}e".repeat(30);
        let pairs = [
            ("wxyz", "cdef"),
            ("xyzwv", "cabde"),
            ("\u{1F601}\u{1F602}\u{1F603}\u{1F604}", "\u{1F600}\u{1F605}\u{1F606}\u{1F607}"),
            ("x\u{4E00}yz", "y\u{4E01}zx"),
            ("é\u{4E00}\u{1F600}ab", "e\u{4E01}\u{1F601}ba"),
            ("kitten", "sittings"),
        ];
        for strategy in [0, 1] {
            for (panicking_a, panicking_b) in [("abcdef", "abwxyz"), (long_a.as_str(), long_b.as_str())] {
                crate::fault::arm();
                let (status, out) = distance(strategy, &units(panicking_a), &units(panicking_b), ED_NO_BOUND);
                if strategy == 1 {
                    assert_eq!((status, out), (EdStatus::Panic, u32::MAX), "nothing is written on a panic");
                } else {
                    // dp builds no table, so the armed point is still armed: disarm it for the next strategy.
                    assert_eq!(status, EdStatus::Ok);
                    crate::fault::point_disarm();
                }
                for (a, b) in pairs {
                    let expected = crate::distance::distance(Strategy::Dp, a, b, None) as u32;
                    assert!(expected >= 4, "{a} / {b}");
                    assert_eq!(distance(strategy, &units(a), &units(b), ED_NO_BOUND), (EdStatus::Ok, expected), "{a} / {b}");
                    assert_eq!(distance(1, &units(b), &units(a), 1), (EdStatus::Ok, 2), "{b} / {a} within 1");
                }
                let expected = crate::distance::distance(Strategy::Dp, &long_a, &long_b, None) as u32;
                assert_eq!(distance(1, &units(&long_a), &units(&long_b), ED_NO_BOUND), (EdStatus::Ok, expected));
            }
        }
    }

    #[test]
    fn the_layout_export_describes_every_type_of_the_abi() {
        let layout = |type_id: u32| {
            let (mut size, mut align, mut count) = (0, 0, 0);
            let mut offsets = [usize::MAX; 4];
            let status = unsafe { ed_type_layout(type_id, &mut size, &mut align, offsets.as_mut_ptr(), 4, &mut count) };
            (status, size, align, offsets[..count].to_vec())
        };
        let word = size_of::<usize>();
        assert_eq!(layout(0), (EdStatus::Ok, 3 * word, word, vec![0, word, 2 * word]));
        assert_eq!(layout(1), (EdStatus::Ok, 8, 4, vec![0, 4]));
        assert_eq!(layout(2), (EdStatus::Ok, 4, 4, vec![]));
        assert_eq!(layout(3), (EdStatus::Ok, 4, 4, vec![]));
        assert_eq!(layout(4).0, EdStatus::InvalidArgument);

        let (mut size, mut align, mut count) = (7, 7, 7);
        let mut offsets = [usize::MAX; 2];
        let status = unsafe { ed_type_layout(0, &mut size, &mut align, offsets.as_mut_ptr(), 2, &mut count) };
        assert_eq!((status, size, align, count, offsets), (EdStatus::BufferTooSmall, 7, 7, 7, [usize::MAX; 2]));
        let status = unsafe { ed_type_layout(2, &mut size, &mut align, ptr::null_mut(), 0, &mut count) };
        assert_eq!((status, size, count), (EdStatus::Ok, 4, 0));
        assert_eq!(unsafe { ed_type_layout(1, ptr::null_mut(), &mut align, ptr::null_mut(), 0, &mut count) }, EdStatus::NullArgument);
    }
}
