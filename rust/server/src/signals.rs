//! SIGTERM and SIGINT (Ctrl-C on Windows) turned into a graceful shutdown, with std only: the few C functions
//! needed are declared here rather than taken from the libc crate.
//!
//! Unix: the two signals are blocked in the main thread before any other thread starts, so every thread inherits
//! the mask and none is interrupted; one thread then takes them with `sigwait`, an ordinary blocking call, and stops
//! the server from there. Nothing runs in a signal handler, so nothing has to be async-signal-safe.
//! Supported on Linux (x86-64, AArch64) and macOS, where the layout of `sigset_t` and the value of `SIG_BLOCK` are
//! stated below; elsewhere the signals keep their default action (the process ends without cleanup) and only a
//! `shutdown` request stops the server gracefully.
//!
//! Windows: `SetConsoleCtrlHandler` from kernel32 calls back on a thread of its own for Ctrl-C and Ctrl-Break.

pub use imp::{block, Signals};

// Each platform's `imp` has the same two items:
// - `block() -> Signals`: blocks SIGTERM and SIGINT in the calling thread and in every thread it starts afterwards.
//   Must be called by `main` before any thread is started: a thread started earlier keeps the default action and
//   would let a signal kill the process.
// - `Signals::forward(self, stop)`: calls `stop` once, on another thread, when the first SIGTERM or SIGINT
//   (Ctrl-C, Ctrl-Break) arrives.

#[cfg(any(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")), target_os = "macos"))]
mod imp {
    use std::ffi::c_int;
    use std::io;
    use std::thread;

    /// `sigset_t`. glibc and musl: 1024 bits in unsigned longs, on every architecture.
    #[cfg(target_os = "linux")]
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct SigSet([u64; 16]);

    /// `sigset_t`. macOS: a 32-bit mask.
    #[cfg(target_os = "macos")]
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct SigSet(u32);

    const SIGINT: c_int = 2;
    const SIGTERM: c_int = 15;
    #[cfg(target_os = "linux")]
    const SIG_BLOCK: c_int = 0;
    #[cfg(target_os = "macos")]
    const SIG_BLOCK: c_int = 1;

    extern "C" {
        fn sigemptyset(set: *mut SigSet) -> c_int;
        fn sigaddset(set: *mut SigSet, signal: c_int) -> c_int;
        fn pthread_sigmask(how: c_int, set: *const SigSet, old: *mut SigSet) -> c_int;
        fn sigwait(set: *const SigSet, signal: *mut c_int) -> c_int;
    }

    /// Signals held for the server until [`Signals::forward`].
    pub struct Signals(SigSet);

    pub fn block() -> Signals {
        #[cfg(target_os = "linux")]
        let mut set = SigSet([0; 16]);
        #[cfg(target_os = "macos")]
        let mut set = SigSet(0);
        // SAFETY: `set` is a live, writable sigset_t of the platform's size and alignment (declared above per
        // target); the signal numbers are valid; a null `old` is allowed by POSIX. These calls only fail for an
        // invalid signal or `how`, which they are not, so their results carry nothing to act on.
        unsafe {
            sigemptyset(&mut set);
            sigaddset(&mut set, SIGINT);
            sigaddset(&mut set, SIGTERM);
            pthread_sigmask(SIG_BLOCK, &set, std::ptr::null_mut());
        }
        Signals(set)
    }

    impl Signals {
        pub fn forward(self, stop: impl Fn() + Send + Sync + 'static) -> io::Result<()> {
            let set = self.0;
            thread::Builder::new().name("signals".into()).spawn(move || loop {
            let mut signal: c_int = 0;
            // SAFETY: `set` was filled by `block` and outlives the call (it is owned by this closure); `signal` is a
            // live c_int. Both signals are blocked in every thread, which sigwait requires.
            if unsafe { sigwait(&set, &mut signal) } == 0 {
                stop();
                // Later signals stay blocked and pending: the shutdown under way is bounded (server.rs, GRACE).
                return;
            }
        })?;
        Ok(())
        }
    }
}

#[cfg(windows)]
mod imp {
    use std::io;
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::sync::OnceLock;

    type Handler = unsafe extern "system" fn(event: u32) -> i32;

    #[link(name = "kernel32")]
    extern "system" {
        fn SetConsoleCtrlHandler(handler: Option<Handler>, add: i32) -> i32;
    }

    const CTRL_C_EVENT: u32 = 0;
    const CTRL_BREAK_EVENT: u32 = 1;

    static STOP: OnceLock<Box<dyn Fn() + Send + Sync>> = OnceLock::new();

    unsafe extern "system" fn on_console_event(event: u32) -> i32 {
        if event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT {
            // Closing the console, logging off: the default action (the process ends).
            return 0;
        }
        if let Some(stop) = STOP.get() {
            // A panic must not unwind into the system's caller.
            let _ = catch_unwind(AssertUnwindSafe(|| stop()));
        }
        1
    }

    /// Nothing to hold on Windows: the console's events reach the handler only once it is installed.
    pub struct Signals;

    pub fn block() -> Signals {
        Signals
    }

    impl Signals {
        pub fn forward(self, stop: impl Fn() + Send + Sync + 'static) -> io::Result<()> {
            let _ = STOP.set(Box::new(stop));
            // SAFETY: `on_console_event` has the PHANDLER_ROUTINE signature and never unwinds; it reads only STOP, a
            // static set before the handler is installed.
            if unsafe { SetConsoleCtrlHandler(Some(on_console_event), 1) } == 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        }
    }
}

#[cfg(not(any(windows, any(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")), target_os = "macos"))))]
mod imp {
    /// Signals keep their default action here (see the module's documentation).
    pub struct Signals;

    pub fn block() -> Signals {
        Signals
    }

    impl Signals {
        pub fn forward(self, _stop: impl Fn() + Send + Sync + 'static) -> std::io::Result<()> {
            Ok(())
        }
    }
}
