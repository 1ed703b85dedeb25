//! The errors of the Rust-native API; [`crate::ffi`] turns them into status codes.

use std::fmt;

/// Which argument of a call an [`Error`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Argument {
    /// The first string of a distance.
    A,
    /// The second string of a distance.
    B,
    /// The query of a nearest search.
    Query,
    /// The corpus of a nearest search (an entry of it when the error names an item).
    Corpus,
    /// The strategy code passed through the C ABI.
    Strategy,
    /// The thread count of a nearest search.
    Threads,
    /// An out-parameter of the C ABI.
    Output,
    /// The callback of `ed_corpus_within` (only through the C ABI: a Rust closure cannot be null).
    OnMatch,
}

impl Argument {
    /// The argument's name as the contract spells it.
    pub fn name(self) -> &'static str {
        match self {
            Argument::A => "a",
            Argument::B => "b",
            Argument::Query => "query",
            Argument::Corpus => "corpus",
            Argument::Strategy => "strategy",
            Argument::Threads => "threads",
            Argument::Output => "output",
            Argument::OnMatch => "on_match",
        }
    }
}

/// Why a call was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// A null pointer where data was required (only through the C ABI: Rust references cannot be null).
    NullArgument { argument: Argument },
    /// A string that is not valid UTF-16: `position` is the UTF-16 index of its first lone surrogate,
    /// `item` the corpus entry that holds it.
    InvalidUtf16 { argument: Argument, item: Option<usize>, position: usize },
    /// A value outside its domain: an unknown strategy code, zero threads, corpus offsets out of order.
    InvalidArgument { argument: Argument },
    /// A buffer the call needed (proportional to its input) could not be allocated. Nothing was written and the
    /// library is intact: the same call may succeed later, or with shorter input.
    OutOfMemory,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::NullArgument { argument } => write!(f, "{} is null", argument.name()),
            Error::InvalidUtf16 { argument, item: Some(item), position } => write!(
                f,
                "entry {item} of {} is not valid UTF-16: lone surrogate at index {position}",
                argument.name()
            ),
            Error::InvalidUtf16 { argument, item: None, position } => {
                write!(f, "{} is not valid UTF-16: lone surrogate at index {position}", argument.name())
            }
            Error::InvalidArgument { argument } => write!(f, "{} is out of range", argument.name()),
            Error::OutOfMemory => f.write_str("out of memory: a buffer proportional to the input could not be allocated"),
        }
    }
}

impl std::error::Error for Error {}

/// An allocation that failed inside an algorithm. Kept apart from [`Error`] so that the hot paths return a
/// `Result` of two words, in registers; the public functions turn it into [`Error::OutOfMemory`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AllocError;

impl From<AllocError> for Error {
    fn from(_: AllocError) -> Self {
        Error::OutOfMemory
    }
}

impl From<std::collections::TryReserveError> for AllocError {
    fn from(_: std::collections::TryReserveError) -> Self {
        AllocError
    }
}

/// Grows `vec` to `len` elements of `value` (never shrinks it), failing instead of aborting when the memory is
/// not there. Every buffer whose size follows the input goes through here or `try_reserve`: a failed infallible
/// allocation aborts the process, which no panic boundary can stop.
#[inline]
pub(crate) fn try_grow<T: Clone>(vec: &mut Vec<T>, len: usize, value: T) -> Result<(), AllocError> {
    if vec.len() < len {
        vec.try_reserve(len - vec.len())?;
        vec.resize(len, value);
    }
    Ok(())
}
