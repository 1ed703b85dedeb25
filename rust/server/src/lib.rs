//! `edit-distance-server`: the edit_distance library served over a local socket (rust/server/README.md has the
//! wire protocol and the design).
//!
//! A library target as well as the binary, so that the benchmarks time the server's own codecs on the same messages
//! the clients send, and the tests drive a real server with the client halves of the same codecs:
//!
//! - [`protocol`]: the messages, independent of their encoding: [`Request`] (strings as indexes into a [`Texts`]),
//!   [`Reply`] = `Result<Outcome, Failure>`, the status and argument codes;
//! - [`binary`] and [`json`]: `decode_request` / `encode_reply` (the server's half) and `encode_request` /
//!   `decode_reply` (a client's half) of each wire format;
//! - [`service`]: [`Session`] executes a request against the library, keeping the connection's corpora;
//! - [`server`]: the listener, one thread per connection, and the graceful shutdown; [`connect`] for clients;
//! - [`signals`]: SIGTERM / SIGINT (Ctrl-C on Windows) with std only.
//!
//! Standard library only: crates.io is unreachable from the build machines.

pub mod binary;
pub mod json;
pub mod protocol;
pub mod server;
pub mod service;
pub mod signals;

pub use protocol::{Failure, Match, Operation, Outcome, Reply, Request, Status, Texts, Wire};
pub use server::{connect, Config, Endpoint, Server, Stopper, Stream};
pub use service::Session;
