//! A panic on demand in the middle of a computation, for the unit tests that prove a caught panic leaves the
//! library correct. Compiled only into the tests: the shipped library has no such switch.

#[cfg(test)]
use std::cell::Cell;

#[cfg(test)]
thread_local! {
    static PANIC_AT_NEXT_POINT: Cell<bool> = const { Cell::new(false) };
}

/// Makes the next [`point`] on this thread panic.
#[cfg(test)]
pub(crate) fn arm() {
    PANIC_AT_NEXT_POINT.with(|armed| armed.set(true));
}

/// Disarms this thread's switch; whether it was armed.
#[cfg(test)]
pub(crate) fn point_disarm() -> bool {
    PANIC_AT_NEXT_POINT.with(|armed| armed.replace(false))
}

/// Where a test may inject a panic: a pattern table has just been built and is not yet cleared.
#[inline(always)]
pub(crate) fn point() {
    #[cfg(test)]
    if point_disarm() {
        panic!("fault injected by a test");
    }
}
