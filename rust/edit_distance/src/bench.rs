//! Benchmark-only exports, compiled only with the `bench` feature: the library .NET ships and tests has none of
//! them (`nm -D` shows no `ed_noop`), and the Bench target builds a second library with them into `target/bench`.
//!
//! - `ed_noop` and `ed_noop_strings` do no work, so that timing them from .NET measures the crossing alone.
//! - `ed_bench_allocations` reads the counters of this build's global allocator, which wraps the system allocator
//!   and counts every allocation the library (its threads included) asks for, so that the native heap's share of a
//!   call is visible beside the managed bytes BenchmarkDotNet's MemoryDiagnoser counts.
//! - `ed_bench_lanes` forces the lane level of the bit-parallel nearest search, so that one process can time the
//!   lanes against the scalar path.
//! - `ed_bench_distance_utf8` is `ed_distance` for UTF-8 strings, so that a caller whose strings are not UTF-16 inside
//!   (Python's `str` holds Latin-1, UCS-2 or UCS-4) can time that way of handing them over, the library's validation
//!   and decoding included, against the shipped UTF-16 and UTF-32 exports.
//!
//! csbindgen reads this file on its own (rust/bindgen writes `bench/EditDistance.Boundary/BoundaryNativeMethods.g.cs`
//! from it), so every type its exports use is defined here, and none of ffi.rs's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::slice;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::distance::{distance_symbols, with_scratch, Scratch, Strategy};
use crate::error::AllocError;
use crate::ffi::{EdArgument, EdStatus, ED_NO_BOUND};
use crate::lanes::{self, LaneLevel};
use crate::panic::boundary;

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

/// What the library has asked its allocator for since it was loaded, in this process.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EdAllocations {
    /// Allocations, a reallocation counted as one.
    pub count: u64,
    /// Bytes requested by those allocations, a reallocation counted with its new size.
    pub bytes: u64,
}

/// The allocations the library has made since it was loaded: subtract two readings to count a call's.
///
/// Process-wide, threads included; `count` and `bytes` are read one after the other, so allocations on other
/// threads may fall between them.
#[no_mangle]
pub unsafe extern "C" fn ed_bench_allocations() -> EdAllocations {
    // Returned by value and infallible: no pointer to check, nothing to panic, so no status and no boundary.
    EdAllocations { count: ALLOCATIONS.load(Ordering::Relaxed), bytes: ALLOCATED_BYTES.load(Ordering::Relaxed) }
}

/// Forces the lane level of the bit-parallel nearest search: 0 = scalar (each entry on its own), 1 = SSE2,
/// 2 = AVX2, each clamped to what the CPU has; any other value (255 by convention) goes back to the detected level.
/// Returns the level now in force, numbered the same way. Process-wide: it applies to every later search, on
/// every thread, and changes how fast a search runs, never what it finds.
#[no_mangle]
pub unsafe extern "C" fn ed_bench_lanes(level: u8) -> u8 {
    // No panic boundary, as for ed_noop: nothing here can panic.
    lanes::force_level(LaneLevel::from_code(level));
    lanes::level() as u8
}

/// Where `ed_bench_distance_utf8` found a string that is not valid text.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdBenchErrorInfo {
    /// The argument, numbered as `EdArgument` numbers it (1 = a, 2 = b, 5 = strategy, 7 = output).
    pub argument: u32,
    /// For invalid text, where its first invalid byte is (the length of its valid prefix); otherwise 0.
    pub position: usize,
}

/// `ed_distance` for UTF-8 strings: each is validated (std's `str::from_utf8`) and decoded to code points into the
/// thread's scratch buffers, then compared as `ed_distance` compares text with surrogate pairs.
///
/// Returns the number of the `EdStatus` that `ed_distance` would return (0 ok, 1 a null pointer with a non-zero
/// length or a null `out_distance`, 2 a string that is not valid UTF-8, 3 an unknown strategy, 5 a caught panic,
/// 6 out of memory): a `u32`, because csbindgen reads this file on its own. `out_distance` is written only on
/// success; `out_error` may be null.
#[no_mangle]
pub unsafe extern "C" fn ed_bench_distance_utf8(
    strategy: u32,
    a: *const u8,
    a_len: usize,
    b: *const u8,
    b_len: usize,
    max_distance: u32,
    out_distance: *mut u32,
    out_error: *mut EdBenchErrorInfo,
) -> u32 {
    bench_distance(strategy, (a, a_len), (b, b_len), max_distance, out_distance, out_error, utf8_error, |strategy, a, b, max| {
        with_scratch(|scratch| {
            let Scratch { wide_a, wide_b, pm } = scratch;
            // SAFETY: `bench_distance` passes `compute` only strings that `utf8_error` accepted.
            decode_utf8(a, wide_a)?;
            decode_utf8(b, wide_b)?;
            distance_symbols(strategy, wide_a, wide_b, max, pm)
        })
    })
}

/// A failed benchmark distance: the status, and the argument and position `EdBenchErrorInfo` reports.
type Failure = (EdStatus, EdArgument, usize);

/// The part of the benchmark distance that does not depend on the encoding: the checks in `ed_distance`'s
/// order (strategy, then each string wholly, then the out-parameter), the panic boundary, the out-parameters.
/// `invalid_at` gives the position of a string's first invalid unit; `compute` gets strings it accepted.
#[allow(clippy::too_many_arguments)]
unsafe fn bench_distance<T>(
    strategy: u32,
    a: (*const T, usize),
    b: (*const T, usize),
    max_distance: u32,
    out_distance: *mut u32,
    out_error: *mut EdBenchErrorInfo,
    invalid_at: fn(&[T]) -> Option<usize>,
    compute: impl FnOnce(Strategy, &[T], &[T], usize) -> Result<usize, AllocError>,
) -> u32 {
    let status = boundary(|| {
        let result = (|| -> Result<usize, Failure> {
            let strategy = match strategy {
                0 => Strategy::Dp,
                1 => Strategy::BitParallel,
                _ => return Err((EdStatus::InvalidArgument, EdArgument::Strategy, 0)),
            };
            let a = text(a, EdArgument::A, invalid_at)?;
            let b = text(b, EdArgument::B, invalid_at)?;
            if out_distance.is_null() {
                return Err((EdStatus::NullArgument, EdArgument::Output, 0));
            }
            let max = if max_distance == ED_NO_BOUND { usize::MAX } else { max_distance as usize };
            compute(strategy, a, b, max).map_err(|AllocError| (EdStatus::OutOfMemory, EdArgument::None, 0))
        })();
        match result {
            Ok(distance) => {
                *out_distance = u32::try_from(distance).unwrap_or(u32::MAX);
                EdStatus::Ok
            }
            Err((status, argument, position)) => {
                if !out_error.is_null() {
                    *out_error = EdBenchErrorInfo { argument: argument as u32, position };
                }
                status
            }
        }
    });
    status as u32
}

/// A string argument of a benchmark distance: null only with length 0, and valid text.
unsafe fn text<'a, T>(
    (ptr, len): (*const T, usize),
    argument: EdArgument,
    invalid_at: fn(&[T]) -> Option<usize>,
) -> Result<&'a [T], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err((EdStatus::NullArgument, argument, 0));
    }
    // SAFETY: the caller passes `len` readable, aligned elements at a non-null `ptr` (the contract of every export),
    // which stay untouched until the call returns.
    let units = slice::from_raw_parts(ptr, len);
    match invalid_at(units) {
        Some(position) => Err((EdStatus::InvalidUtf16, argument, position)),
        None => Ok(units),
    }
}

fn utf8_error(bytes: &[u8]) -> Option<usize> {
    std::str::from_utf8(bytes).err().map(|error| error.valid_up_to())
}

/// Decodes UTF-8 into code points, replacing the contents of `out`.
///
/// # Safety
/// `bytes` must be valid UTF-8 (`utf8_error` accepted it): it is not validated again.
unsafe fn decode_utf8(bytes: &[u8], out: &mut Vec<u32>) -> Result<(), AllocError> {
    out.clear();
    // A code point takes at least one byte, so this is enough room.
    out.try_reserve(bytes.len())?;
    if bytes.is_ascii() {
        // A byte per code point: a widening loop the compiler vectorizes, where decoding goes byte by byte.
        out.extend(bytes.iter().map(|&byte| u32::from(byte)));
    } else {
        // SAFETY: valid UTF-8 by this function's contract. Validating it again would charge this path a second
        // scan that the UTF-16 and UTF-32 paths do not pay.
        let text = std::str::from_utf8_unchecked(bytes);
        out.extend(text.chars().map(u32::from));
    }
    Ok(())
}

// Relaxed: each counter only has to add up; nothing else is ordered by it. Counted when asked for, before the
// system allocator answers, so a refused request counts too (the library reports those as OutOfMemory).
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

fn count(bytes: usize) {
    ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    ALLOCATED_BYTES.fetch_add(bytes as u64, Ordering::Relaxed);
}

/// The system allocator, counting.
///
/// A reallocation counts as one allocation of its new size, not as the difference: growing a buffer from 4 KiB
/// to 8 KiB asks for 8 KiB, which the system may have to find elsewhere and copy into, and .NET's MemoryDiagnoser
/// counts a growing `List<T>` the same way (each new array in full), so the two figures compare like for like.
/// Frees are not counted: the figure is what a call asks for, as MemoryDiagnoser's is.
struct CountingAllocator;

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;
