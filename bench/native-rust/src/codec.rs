//! The server's half of the serialization tax: `edit-distance-server`'s own decoding of a distance request and
//! encoding of its reply, without a socket, on the messages a client sends for every pair of a file. The clients'
//! halves: C# `CodecBenchmarks` (bench/EditDistance.Bench), Python `ClientCodec` (bench/native-python/bench.py).

use std::hint::black_box;

use edit_distance::Strategy;
use edit_distance_server::binary::{self, Encoding};
use edit_distance_server::protocol::{Outcome, Request, Texts};
use edit_distance_server::{json, Wire};

use crate::{time_each, Options, Spread};

/// One pair's messages: the request as the server reads it (a binary payload without its length prefix, a JSON line
/// without its newline), and the distance its reply carries.
struct Message {
    request: Vec<u8>,
    distance: u32,
}

/// Times decoding each pair's bit-parallel `distance` request and encoding its reply, as the server does for
/// every request on a `wire` connection (`server.rs`, `Connection::answer` and `Connection::send`).
pub fn time_server(wire: Wire, pairs: &[(String, String)], options: &Options) -> Result<Spread, String> {
    let messages = pairs
        .iter()
        .map(|(a, b)| message(wire, a, b))
        .collect::<Result<Vec<_>, _>>()?;
    let mut texts = Texts::new();
    let mut out = Vec::new();
    Ok(time_each(&messages, options, |message| {
        let request = match wire {
            Wire::Binary => binary::decode_request(&message.request, Encoding::Utf16, &mut texts),
            Wire::BinaryUtf8 => binary::decode_request(&message.request, Encoding::Utf8, &mut texts),
            Wire::Json => json::decode_request(&message.request, &mut texts),
        };
        black_box(request.expect("the harness encoded a valid request"));
        out.clear();
        let reply = Ok(Outcome::Distance(black_box(message.distance)));
        match wire {
            Wire::Json => json::encode_reply(&reply, &mut out),
            Wire::Binary | Wire::BinaryUtf8 => binary::encode_reply(&reply, &mut out),
        }
        .expect("a reply of a few bytes fits");
        black_box(&out);
        out.len()
    }))
}

/// The request a client sends for the pair (a, b), encoded by the server crate's client half, and its answer.
fn message(wire: Wire, a: &str, b: &str) -> Result<Message, String> {
    let mut texts = Texts::new();
    let (first, second) = (push(&mut texts, a)?, push(&mut texts, b)?);
    let request = Request::Distance { strategy: Strategy::BitParallel, max_distance: None, a: first, b: second };
    let mut frame = Vec::new();
    match wire {
        Wire::Binary => binary::encode_request(&request, &texts, Encoding::Utf16, &mut frame),
        Wire::BinaryUtf8 => binary::encode_request(&request, &texts, Encoding::Utf8, &mut frame),
        Wire::Json => {
            json::encode_request(&request, &texts, &mut frame);
            Ok(())
        }
    }
    .map_err(|error| error.to_string())?;
    let request = match wire {
        Wire::Json => frame.strip_suffix(b"\n").ok_or("a JSON request ends with a newline")?.to_vec(),
        Wire::Binary | Wire::BinaryUtf8 => frame[binary::HEADER..].to_vec(),
    };
    let distance = edit_distance::distance(Strategy::BitParallel, a, b, None);
    Ok(Message { request, distance: u32::try_from(distance).map_err(|_| "a distance above u32::MAX")? })
}

fn push(texts: &mut Texts, text: &str) -> Result<usize, String> {
    texts.push_str(text).map_err(|_| "out of memory".to_owned())
}
