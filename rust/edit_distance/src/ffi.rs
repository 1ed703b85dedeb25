//! The C ABI: the only file with exports, and the input of the C# binding generator (csbindgen).
//!
//! Conventions (see rust/README.md): every fallible export returns an [`EdStatus`] and writes its results
//! to out-parameters only on success; on failure it fills the optional [`EdErrorInfo`] instead. Strings
//! are UTF-16 code units plus a length, so .NET passes `fixed (char*)` without copying or encoding; a
//! null pointer with length 0 is an empty string (C# `fixed` on an empty string or span yields null).
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
use std::ops::ControlFlow;
use std::slice;

use crate::error::{Argument, Error};
use crate::panic::boundary;
use crate::{distance_utf16, Corpus, Strategy};

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

/// Does nothing and returns 0: measures the bare cost of a call.
#[no_mangle]
pub unsafe extern "C" fn ed_noop() -> u32 {
    // Deliberately not wrapped in the panic boundary: it cannot panic, and the benchmark that calls it
    // measures the crossing alone, so it must stay empty.
    0
}

/// Does nothing with two strings and returns the sum of their lengths: measures the cost of passing them.
#[no_mangle]
pub unsafe extern "C" fn ed_noop_strings(a: *const u16, a_len: usize, b: *const u16, b_len: usize) -> u32 {
    // No panic boundary, for the same reason as ed_noop; the pointers are never read.
    let _ = (a, b);
    a_len.wrapping_add(b_len) as u32
}

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
            let b = units(b, b_len, Argument::B)?;
            if out_distance.is_null() {
                return Err(Error::NullArgument { argument: Argument::Output });
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
/// `threads` (at least 1) workers split the corpus; the result does not depend on it. `out_matches` must
/// hold `capacity` >= min(k, corpus length) matches; `out_count` receives how many were written.
/// Safe to call from several threads on one corpus. `out_error` may be null.
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
            let query = units(query, query_len, Argument::Query)?;
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
            let query = units(query, query_len, Argument::Query)?;
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

/// A string argument: null is accepted only with length 0 (C# `fixed` on an empty string gives null).
unsafe fn units<'a>(ptr: *const u16, len: usize, argument: Argument) -> Result<&'a [u16], Error> {
    slice_or_empty(ptr, len, argument)
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
