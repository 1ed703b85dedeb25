//! `edit-distance-server`: parses the command line, holds the signals, binds, prints the "listening" line and
//! serves until stopped. Everything else is in the library target (src/lib.rs).

use std::io::Write;
use std::process::ExitCode;

use edit_distance_server::protocol::DEFAULT_MAX_FRAME;
use edit_distance_server::{signals, Config, Endpoint, Server};

const USAGE: &str = "\
usage: edit-distance-server (--socket PATH | --tcp ADDR) [--max-frame BYTES] [--max-connections N]

Serves the edit_distance library over a local socket (protocol: rust/server/README.md).

  --socket PATH          listen on a Unix domain socket (Linux, macOS); a stale socket file is replaced
  --tcp ADDR             listen on loopback TCP, e.g. 127.0.0.1:0 (port 0: any free port)
  --max-frame BYTES      largest request accepted, default 67108864 (64 MiB)
  --max-connections N    connections served at once, default 64; more wait in the listen backlog
  --help                 this text

Prints `listening unix:PATH` or `listening tcp:HOST:PORT` once it accepts connections.
SIGTERM, SIGINT (Ctrl-C) or a `shutdown` request stop it gracefully; the exit code is then 0.";

fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1)) {
        Ok(Some(config)) => config,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("edit-distance-server: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // Before any thread exists, so that every thread inherits the blocked signals (see signals.rs).
    let signals = signals::block();
    let server = match Server::bind(&config) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("edit-distance-server: {error}");
            return ExitCode::from(1);
        }
    };
    let stopper = server.stopper();
    if let Err(error) = signals.forward(move || stopper.stop()) {
        eprintln!("edit-distance-server: cannot watch for signals: {error}");
        return ExitCode::from(1);
    }
    // The one line a spawning client waits for; flushed, since stdout is a pipe then and would hold it back.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "listening {}", server.address());
    let _ = stdout.flush();
    drop(stdout);
    server.run();
    ExitCode::SUCCESS
}

/// The configuration, or `None` for `--help`.
fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Config>, String> {
    let mut endpoint = None;
    let mut max_frame = DEFAULT_MAX_FRAME;
    let mut max_connections = 64;
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name.to_string(), Some(value.to_string())),
            _ => (arg, None),
        };
        if name == "--help" || name == "-h" {
            return Ok(None);
        }
        let mut value = || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{name} needs a value"));
        match name.as_str() {
            "--socket" | "--tcp" if endpoint.is_some() => return Err("give one of --socket and --tcp, once".into()),
            "--socket" => {
                let path = value()?;
                #[cfg(unix)]
                {
                    endpoint = Some(Endpoint::Unix(path.into()));
                }
                #[cfg(not(unix))]
                return Err(format!("--socket {path}: no Unix domain sockets here; use --tcp 127.0.0.1:0"));
            }
            "--tcp" => endpoint = Some(Endpoint::Tcp(value()?)),
            "--max-frame" => {
                max_frame = value()?
                    .parse()
                    .ok()
                    .filter(|&bytes| bytes > 0)
                    .ok_or("--max-frame takes a number of bytes from 1 to 4294967295")?;
            }
            "--max-connections" => {
                max_connections = value()?.parse().ok().filter(|&n| n > 0).ok_or("--max-connections takes a number from 1")?;
            }
            _ => return Err(format!("unknown argument {name}")),
        }
    }
    let endpoint = endpoint.ok_or("give --socket PATH or --tcp ADDR")?;
    Ok(Some(Config { endpoint, max_frame, max_connections }))
}
