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
/// `AssertUnwindSafe` is sound here: after a panic, nothing the body touched is observed again: the
/// out-parameters are written only on success, and the corpus is immutable.
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
