//! Executes decoded requests against the library: the corpora of one connection, and the mapping of the library's
//! errors to error replies.
//!
//! Strings reach the library through its UTF-16 API (`distance_utf16`, `Corpus::from_utf16`, `nearest_utf16`), so a
//! lone surrogate is found and reported by the library itself, with the same argument, entry and position as
//! through the C ABI, and every buffer the library sizes by the input is reserved fallibly (its `&str`
//! conveniences would panic instead). UTF-8 strings were transcoded while decoding; one that was not UTF-8 is
//! reported here, in request order.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use edit_distance::{distance_utf16, find_lone_surrogate, Argument, Corpus, Error};

use crate::protocol::{ErrorArgument, Failure, List, Match, Outcome, Reply, Request, Status, Texts};

/// The state of one connection: the corpora it created, freed with it.
#[derive(Default)]
pub struct Session {
    corpora: HashMap<u64, Corpus>,
    /// Ids start at 1 and are never reused on a connection, so a stale id cannot reach a newer corpus.
    last_corpus: u64,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// How many corpora the connection holds.
    pub fn corpora(&self) -> usize {
        self.corpora.len()
    }

    /// Executes `request`, whose strings are in `texts`. `shutdown` only answers here: stopping the server is the
    /// caller's part.
    pub fn execute(&mut self, request: &Request, texts: &Texts) -> Reply {
        match *request {
            Request::Ping | Request::Shutdown => Ok(Outcome::Done),
            Request::Distance { strategy, max_distance, a, b } => {
                if let Some(invalid) = texts.invalid_utf8() {
                    let argument = if invalid.string == a { ErrorArgument::A } else { ErrorArgument::B };
                    return Err(invalid_utf8(argument, None, invalid.position, argument.name().unwrap_or_default()));
                }
                let distance = distance_utf16(strategy, texts.get(a), texts.get(b), bound(max_distance)).map_err(|error| {
                    library_failure(error, |argument, _| texts.get(if argument == Argument::A { a } else { b }))
                })?;
                Ok(Outcome::Distance(saturate(distance)))
            }
            Request::DistanceBatch { strategy, max_distance, pairs } => {
                if let Some(invalid) = texts.invalid_utf8() {
                    let pair = (invalid.string - pairs.first) / 2;
                    let side = if (invalid.string - pairs.first) % 2 == 0 { "a" } else { "b" };
                    let name = format!("{side} of pair {pair}");
                    return Err(invalid_utf8(ErrorArgument::Pairs, Some(pair), invalid.position, &name));
                }
                let mut distances = Vec::new();
                distances.try_reserve_exact(pairs.count).map_err(|_| Failure::out_of_memory())?;
                for pair in 0..pairs.count {
                    let (a, b) = (texts.get(pairs.first + 2 * pair), texts.get(pairs.first + 2 * pair + 1));
                    let distance = distance_utf16(strategy, a, b, bound(max_distance)).map_err(|error| {
                        let failure = library_failure(error, |argument, _| if argument == Argument::A { a } else { b });
                        // The batch is one argument, `pairs`; the pair is the item, and the message says which side.
                        match failure.status {
                            Status::InvalidUtf16 => Failure {
                                argument: ErrorArgument::Pairs,
                                message: format!("pair {pair}: {}", failure.message),
                                ..failure
                            }
                            .with_item(pair),
                            _ => failure,
                        }
                    })?;
                    distances.push(saturate(distance));
                }
                Ok(Outcome::Distances(distances))
            }
            Request::CorpusCreate { entries } => {
                if let Some(invalid) = texts.invalid_utf8() {
                    return Err(entry_invalid_utf8(entries, invalid.string, invalid.position));
                }
                let corpus = build_corpus(texts, entries)?;
                self.corpora.try_reserve(1).map_err(|_| Failure::out_of_memory())?;
                self.last_corpus += 1;
                self.corpora.insert(self.last_corpus, corpus);
                Ok(Outcome::Corpus { corpus: self.last_corpus, count: saturate(entries.count) })
            }
            Request::CorpusNearest { corpus, strategy, query, k, max_distance, threads } => {
                let Some(corpus) = self.corpora.get(&corpus) else {
                    return Err(unknown_corpus(corpus));
                };
                if let Some(invalid) = texts.invalid_utf8() {
                    return Err(invalid_utf8(ErrorArgument::Query, None, invalid.position, "query"));
                }
                let query = texts.get(query);
                // The library's Rust API takes 0 threads as 1; the C ABI refuses 0, after the query's own mistakes.
                if threads == 0 {
                    if let Some(position) = find_lone_surrogate(query) {
                        let error = Error::InvalidUtf16 { argument: Argument::Query, item: None, position };
                        return Err(library_failure(error, |_, _| query));
                    }
                    return Err(Failure::new(Status::InvalidArgument, ErrorArgument::Threads, "threads is out of range: at least 1"));
                }
                let found = corpus
                    .nearest_utf16(strategy, query, k as usize, bound(max_distance), threads as usize)
                    .map_err(|error| library_failure(error, |_, _| query))?;
                matches(&found)
            }
            Request::CorpusFree { corpus } => match self.corpora.remove(&corpus) {
                Some(_) => Ok(Outcome::Done),
                None => Err(unknown_corpus(corpus)),
            },
            Request::Nearest { strategy, query, k, max_distance, entries } => {
                if let Some(invalid) = texts.invalid_utf8() {
                    return Err(if invalid.string == query {
                        invalid_utf8(ErrorArgument::Query, None, invalid.position, "query")
                    } else {
                        entry_invalid_utf8(entries, invalid.string, invalid.position)
                    });
                }
                let query = texts.get(query);
                let corpus = build_corpus(texts, entries).map_err(|failure| {
                    // The query comes before the corpus in request order; it is scanned on this error path only, as
                    // the C ABI does, because the search finds its lone surrogates on the success path anyway.
                    match find_lone_surrogate(query) {
                        Some(position) => library_failure(Error::InvalidUtf16 { argument: Argument::Query, item: None, position }, |_, _| query),
                        None => failure,
                    }
                })?;
                let found = corpus
                    .nearest_utf16(strategy, query, k as usize, bound(max_distance), 1)
                    .map_err(|error| library_failure(error, |_, _| query))?;
                matches(&found)
            }
        }
    }
}

/// Runs the handling of one request, turning a panic into a `panic` error reply: a bug must cost one request, not
/// the connection or the server. Sound to resume after: the request's buffers are cleared before the next request,
/// a corpus is inserted only once built, and the library restores its per-thread state while unwinding.
pub fn guarded(handle: impl FnOnce() -> Reply) -> Reply {
    catch_unwind(AssertUnwindSafe(handle))
        .unwrap_or_else(|_| Err(Failure::new(Status::Panic, ErrorArgument::None, "the server panicked while handling the request")))
}

fn bound(max_distance: Option<u32>) -> Option<usize> {
    max_distance.map(|bound| bound as usize)
}

/// Distances are at most a string's length, and counts at most a request's: below `u32::MAX` for any frame.
fn saturate(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn matches(found: &[edit_distance::Match]) -> Reply {
    let mut matches = Vec::new();
    matches.try_reserve_exact(found.len()).map_err(|_| Failure::out_of_memory())?;
    matches.extend(found.iter().map(|m| Match { index: saturate(m.index), distance: saturate(m.distance) }));
    Ok(Outcome::Matches(matches))
}

fn unknown_corpus(corpus: u64) -> Failure {
    Failure::new(
        Status::UnknownCorpus,
        ErrorArgument::Corpus,
        format!("no corpus {corpus} on this connection: a corpus belongs to the connection that created it, until corpus_free"),
    )
}

fn invalid_utf8(argument: ErrorArgument, item: Option<usize>, position: usize, name: &str) -> Failure {
    let failure = Failure {
        position: position as u64,
        code_point: position as u64,
        ..Failure::new(Status::InvalidUtf8, argument, format!("{name} is not valid UTF-8: invalid sequence at byte {position}"))
    };
    match item {
        Some(item) => failure.with_item(item),
        None => failure,
    }
}

fn entry_invalid_utf8(entries: List, string: usize, position: usize) -> Failure {
    let entry = string - entries.first;
    invalid_utf8(ErrorArgument::Corpus, Some(entry), position, &format!("entry {entry} of corpus"))
}

/// Maps a library error to an error reply; `units(argument, item)` gives the string it is about, to count the
/// lone surrogate's position in code points as well (what Python reports).
fn library_failure<'a>(error: Error, units: impl Fn(Argument, Option<usize>) -> &'a [u16]) -> Failure {
    let message = error.to_string();
    match error {
        Error::InvalidUtf16 { argument, item, position } => {
            let before = &units(argument, item)[..position];
            // Everything before the first lone surrogate is valid UTF-16, so each low surrogate there ends a pair.
            let pairs = before.iter().filter(|&&unit| (0xDC00..=0xDFFF).contains(&unit)).count();
            let failure = Failure {
                position: position as u64,
                code_point: (position - pairs) as u64,
                ..Failure::new(Status::InvalidUtf16, argument.into(), message)
            };
            match item {
                Some(item) => failure.with_item(item),
                None => failure,
            }
        }
        Error::InvalidArgument { argument } => Failure::new(Status::InvalidArgument, argument.into(), message),
        Error::OutOfMemory => Failure::out_of_memory(),
        // No null pointer can come out of a decoded request; were one reported, it is an argument the client got
        // wrong all the same.
        Error::NullArgument { argument } => Failure::new(Status::InvalidArgument, argument.into(), message),
    }
}

/// Builds a corpus from consecutive strings of the request.
fn build_corpus(texts: &Texts, entries: List) -> Result<Corpus, Failure> {
    // Matches carry indexes as u32, as in the C ABI.
    if u32::try_from(entries.count).is_err() {
        return Err(Failure::new(Status::InvalidArgument, ErrorArgument::Corpus, "corpus has more than 4294967295 entries"));
    }
    let (text, ends, start) = texts.run(entries.first, entries.count);
    let entry = |_: Argument, item: Option<usize>| texts.get(entries.first + item.unwrap_or(0));
    if start == 0 {
        return Corpus::from_utf16(text, ends).map_err(|error| library_failure(error, entry));
    }
    // The entries follow other strings (nearest's query): their ends are made relative to their own text.
    let mut relative = Vec::new();
    relative.try_reserve_exact(ends.len()).map_err(|_| Failure::out_of_memory())?;
    relative.extend(ends.iter().map(|end| end - start));
    Corpus::from_utf16(text, &relative).map_err(|error| library_failure(error, entry))
}

#[cfg(test)]
mod tests {
    use edit_distance::Strategy;

    use super::*;

    #[test]
    fn a_panic_becomes_a_reply() {
        let reply = guarded(|| panic!("deliberate panic inside a request"));
        assert_eq!(reply.unwrap_err().status, Status::Panic);
        assert_eq!(guarded(|| Ok(Outcome::Done)), Ok(Outcome::Done));
    }

    #[test]
    fn corpora_live_until_freed_and_ids_are_not_reused() {
        let mut session = Session::new();
        let mut texts = Texts::new();
        let first = texts.push_str("kitten").unwrap();
        texts.push_str("sitting").unwrap();
        let create = Request::CorpusCreate { entries: List { first, count: 2 } };
        assert_eq!(session.execute(&create, &texts), Ok(Outcome::Corpus { corpus: 1, count: 2 }));
        assert_eq!(session.execute(&create, &texts), Ok(Outcome::Corpus { corpus: 2, count: 2 }));
        let query = texts.push_str("sitten").unwrap();
        let nearest = |corpus| Request::CorpusNearest { corpus, strategy: Strategy::Dp, query, k: 5, max_distance: None, threads: 1 };
        assert_eq!(
            session.execute(&nearest(1), &texts),
            Ok(Outcome::Matches(vec![Match { index: 0, distance: 1 }, Match { index: 1, distance: 2 }]))
        );
        assert_eq!(session.execute(&Request::CorpusFree { corpus: 1 }, &texts), Ok(Outcome::Done));
        assert_eq!(session.execute(&nearest(1), &texts).unwrap_err().status, Status::UnknownCorpus);
        assert_eq!(session.execute(&Request::CorpusFree { corpus: 1 }, &texts).unwrap_err().status, Status::UnknownCorpus);
        assert_eq!(session.corpora(), 1);
        assert_eq!(session.execute(&create, &texts), Ok(Outcome::Corpus { corpus: 3, count: 2 }));
    }

    #[test]
    fn errors_come_in_request_order_with_both_positions() {
        let mut session = Session::new();
        let mut texts = Texts::new();
        // Query: 😀 then a lone high surrogate: UTF-16 index 2, code point 1. Entry 1: a lone low surrogate.
        let query = texts.push_utf16(&[0xD83D, 0xDE00, 0xD800]).unwrap();
        let first = texts.push_str("a").unwrap();
        texts.push_utf16(&[0x62, 0xDC00]).unwrap();
        let request = Request::Nearest { strategy: Strategy::Dp, query, k: 1, max_distance: None, entries: List { first, count: 2 } };
        let failure = session.execute(&request, &texts).unwrap_err();
        assert_eq!(
            (failure.status, failure.argument, failure.item, failure.position, failure.code_point),
            (Status::InvalidUtf16, ErrorArgument::Query, None, 2, 1)
        );
        let valid_query = texts.push_str("q").unwrap();
        let request = Request::Nearest { strategy: Strategy::Dp, query: valid_query, k: 1, max_distance: None, entries: List { first, count: 2 } };
        let failure = session.execute(&request, &texts).unwrap_err();
        assert_eq!(
            (failure.status, failure.argument, failure.item, failure.position, failure.code_point),
            (Status::InvalidUtf16, ErrorArgument::Corpus, Some(1), 1, 1)
        );
        // corpus_nearest: an unknown corpus before the query, the query before zero threads.
        let request = Request::CorpusNearest { corpus: 7, strategy: Strategy::Dp, query, k: 1, max_distance: None, threads: 0 };
        assert_eq!(session.execute(&request, &texts).unwrap_err().status, Status::UnknownCorpus);
        let create = Request::CorpusCreate { entries: List { first, count: 1 } };
        let Ok(Outcome::Corpus { corpus, .. }) = session.execute(&create, &texts) else { panic!("corpus_create failed") };
        let request = Request::CorpusNearest { corpus, strategy: Strategy::Dp, query, k: 1, max_distance: None, threads: 0 };
        assert_eq!(session.execute(&request, &texts).unwrap_err().argument, ErrorArgument::Query);
        let request = Request::CorpusNearest { corpus, strategy: Strategy::Dp, query: valid_query, k: 1, max_distance: None, threads: 0 };
        let failure = session.execute(&request, &texts).unwrap_err();
        assert_eq!((failure.status, failure.argument), (Status::InvalidArgument, ErrorArgument::Threads));
        // A batch names the pair.
        let pairs = texts.push_str("x").unwrap();
        texts.push_str("y").unwrap();
        texts.push_str("z").unwrap();
        texts.push_utf16(&[0x61, 0x62, 0xDFFF]).unwrap();
        let request = Request::DistanceBatch { strategy: Strategy::BitParallel, max_distance: None, pairs: List { first: pairs, count: 2 } };
        let failure = session.execute(&request, &texts).unwrap_err();
        assert_eq!(
            (failure.status, failure.argument, failure.item, failure.position, failure.code_point),
            (Status::InvalidUtf16, ErrorArgument::Pairs, Some(1), 2, 2)
        );
        assert!(failure.message.starts_with("pair 1: b "), "{}", failure.message);
    }

    #[test]
    fn invalid_utf8_is_reported_for_its_argument() {
        let mut session = Session::new();
        let mut texts = Texts::new();
        let query = texts.push_str("q").unwrap();
        let first = texts.push_str("ok").unwrap();
        texts.push_utf8(b"ab\xE2\x82").unwrap();
        let request = Request::Nearest { strategy: Strategy::Dp, query, k: 1, max_distance: None, entries: List { first, count: 2 } };
        let failure = session.execute(&request, &texts).unwrap_err();
        assert_eq!(
            (failure.status, failure.argument, failure.item, failure.position, failure.code_point),
            (Status::InvalidUtf8, ErrorArgument::Corpus, Some(1), 2, 2)
        );
    }
}
