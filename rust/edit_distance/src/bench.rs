//! Benchmark-only exports, compiled only with the `bench` feature: the library .NET ships and tests has none of
//! them (`nm -D` shows no `ed_noop`), and the Bench target builds a second library with them into `target/bench`.
//!
//! - `ed_noop` and `ed_noop_strings` do no work, so that timing them from .NET measures the crossing alone.
//! - `ed_bench_allocations` reads the counters of this build's global allocator, which wraps the system allocator
//!   and counts every allocation the library (its threads included) asks for, so that the native heap's share of a
//!   call is visible beside the managed bytes BenchmarkDotNet's MemoryDiagnoser counts.
//! - `ed_bench_lanes` forces the lane level of the bit-parallel nearest search, so that one process can time the
//!   lanes against the scalar path.
//!
//! csbindgen reads this file on its own (rust/bindgen writes `bench/EditDistance.Boundary/BoundaryNativeMethods.g.cs`
//! from it), so every type its exports use is defined here, and none of ffi.rs's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::lanes::{self, LaneLevel};

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
