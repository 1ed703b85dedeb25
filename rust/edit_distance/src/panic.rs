//! The panic boundary every fallible export goes through.
//!
//! Unwinding out of an `extern "C"` function aborts the process (Rust 1.81 and later), and before that it
//! was undefined behaviour; either way a bug in this library must not take the .NET host down with it.
//! So each export runs its body inside [`boundary`], which turns a panic into [`EdStatus::Panic`]. The
//! release profile keeps `panic = "unwind"`, without which `catch_unwind` could not catch anything.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::ffi::EdStatus;

/// Runs `body`, mapping a panic to [`EdStatus::Panic`].
///
/// `AssertUnwindSafe` is sound here: after a panic, nothing the body touched is observed again in a broken
/// state. The out-parameters are written only on success, the corpus is immutable, and the one mutable state a
/// call shares with later calls, the thread's scratch buffers, is replaced by a guard during the unwinding
/// (`ResetOnUnwind` in lib.rs; `ffi`'s unit tests inject a panic mid-computation to prove it).
pub(crate) fn boundary(body: impl FnOnce() -> EdStatus) -> EdStatus {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(EdStatus::Panic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status() {
        let status = boundary(|| panic!("deliberate panic inside the boundary"));
        assert_eq!(status, EdStatus::Panic);
        assert_eq!(boundary(|| EdStatus::Ok), EdStatus::Ok);
    }
}
