//! A libFuzzer target for the C ABI of edit_distance (`./build.sh Fuzz`; rust/README.md says how to run it and
//! how to replay a finding).
//!
//! Each input is decoded ([`input`]) into calls of the `extern "C"` exports, made exactly as a foreign caller
//! makes them, and their results are checked against properties ([`check`]). A violated property aborts, which
//! libFuzzer reports as a crash and saves as a reproducer.

pub mod check;
pub mod input;

/// The entry point libFuzzer calls once per input.
///
/// # Safety
/// `data` points to `size` readable bytes (or is anything with `size` 0), as libFuzzer guarantees.
#[no_mangle]
pub unsafe extern "C" fn LLVMFuzzerTestOneInput(data: *const u8, size: usize) -> i32 {
    let bytes = if size == 0 { &[][..] } else { std::slice::from_raw_parts(data, size) };
    // The panic hook has printed the violated property by now; abort rather than unwind into libFuzzer's C++.
    if std::panic::catch_unwind(|| check::run(&input::Input::decode(bytes))).is_err() {
        std::process::abort();
    }
    0
}
