//! The panic boundary every fallible export goes through.
//!
//! Unwinding out of an `extern "C"` function aborts the process (Rust 1.81 and later), and before that it
//! was undefined behaviour; either way a bug in this library must not take the .NET host down with it.
//! So each export runs its body inside [`boundary`], which turns a panic into its status type's panic value
//! (`EdStatus::Panic`). The release profile keeps `panic = "unwind"`, without which `catch_unwind` could not
//! catch anything.
//!
//! The status type is a parameter, as rustls-ffi's `PanicOrDefault` is, so that this module depends on nothing
//! and `ffi`, which owns the status type, depends on it rather than the two on each other.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// A status type with a value that says "the call panicked".
pub(crate) trait PanicStatus {
    const PANIC: Self;
}

/// Runs `body`, mapping a panic to [`PanicStatus::PANIC`].
///
/// `AssertUnwindSafe` is sound here: after a panic, nothing the body touched is observed again in a broken
/// state. The out-parameters are written only on success, the corpus is immutable, and the one mutable state a
/// call shares with later calls, the thread's scratch buffers, is replaced by a guard during the unwinding
/// (`ResetOnUnwind` in distance.rs; `ffi`'s unit tests inject a panic mid-computation to prove it).
pub(crate) fn boundary<S: PanicStatus>(body: impl FnOnce() -> S) -> S {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(S::PANIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Status {
        Ok,
        Panic,
    }

    impl PanicStatus for Status {
        const PANIC: Self = Status::Panic;
    }

    #[test]
    fn a_panic_becomes_a_status() {
        let status = boundary::<Status>(|| panic!("deliberate panic inside the boundary"));
        assert_eq!(status, Status::Panic);
        assert_eq!(boundary(|| Status::Ok), Status::Ok);
    }
}
