//! Long inputs take memory proportional to their length, whatever their alphabet: two random CJK strings of
//! 1 000 000 code points, with `max_distance = 10` and without a bound. Each case runs in a child process (this
//! test binary again, filtered to the same test), whose peak resident memory the kernel reports; the parent
//! checks it against the ceiling.

#![cfg(target_os = "linux")]

use std::process::Command;

use edit_distance::ffi::*;

/// What a call may add to the process's peak memory. The inputs themselves (2 × 2 MB of UTF-16) are made
/// before the measurement starts.
const CEILING_MIB: usize = 128;

const CHILD: &str = "EDIT_DISTANCE_LONG_INPUT_CHILD";

/// `len` code points drawn from 20 000 CJK ideographs (xorshift, so that the test needs no crate).
fn cjk(len: usize, seed: u64) -> Vec<u16> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            0x4E00 + (state % 20_000) as u16
        })
        .collect()
}

fn status_field_kib(name: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|line| line.starts_with(name)).unwrap();
    line[name.len()..].trim().trim_end_matches("kB").trim().parse().unwrap()
}

/// In the child: runs one distance on the inputs and prints how far the peak resident memory rose above the
/// resident memory before the call.
fn child(scenario: &str) {
    let (len, strategy, max) = match scenario {
        "bounded-bitparallel" => (1_000_000, 1, 10),
        "bounded-dp" => (1_000_000, 0, 10),
        "unbounded-bitparallel" => (len_unbounded(), 1, ED_NO_BOUND),
        other => panic!("unknown scenario {other}"),
    };
    let a = cjk(len, 0x2545_F491_4F6C_DD1D);
    let b = cjk(len, 0x9E37_79B9_7F4A_7C15);
    // "5" resets the peak (VmHWM) to the current resident set: what follows is the call's alone.
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = status_field_kib("VmRSS:");
    let mut out = 0;
    let status = unsafe { ed_distance(strategy, a.as_ptr(), a.len(), b.as_ptr(), b.len(), max, &mut out, std::ptr::null_mut()) };
    let peak = status_field_kib("VmHWM:");
    assert_eq!(status, EdStatus::Ok);
    // Unrelated random strings of one length are nearly as far apart as they are long.
    assert!(if max == ED_NO_BOUND { out as usize > len / 2 } else { out == max + 1 }, "{out}");
    println!("growth_kib={}", peak.saturating_sub(before));
}

fn len_unbounded() -> usize {
    std::env::var("EDIT_DISTANCE_LONG_INPUT_LEN").ok().and_then(|v| v.parse().ok()).unwrap_or(200_000)
}

fn run(test: &str, scenario: &str) {
    if let Ok(scenario) = std::env::var(CHILD) {
        return child(&scenario);
    }
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads", "1"])
        .env(CHILD, scenario)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{scenario}: child failed\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let growth: usize = stdout.lines().find_map(|line| line.split("growth_kib=").nth(1)).expect("no growth reported").parse().unwrap();
    println!("{scenario}: peak memory grew by {} MiB", growth / 1024);
    assert!(growth <= CEILING_MIB * 1024, "{scenario}: peak memory grew by {} MiB, above {CEILING_MIB} MiB", growth / 1024);
}

#[test]
fn bounded_bitparallel_on_a_million_cjk_code_points() {
    run("bounded_bitparallel_on_a_million_cjk_code_points", "bounded-bitparallel");
}

#[test]
fn bounded_dp_on_a_million_cjk_code_points() {
    run("bounded_dp_on_a_million_cjk_code_points", "bounded-dp");
}

#[test]
fn unbounded_bitparallel_on_long_cjk_strings() {
    run("unbounded_bitparallel_on_long_cjk_strings", "unbounded-bitparallel");
}
