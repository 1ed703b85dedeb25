//! What the integration tests share: a minimal JSON reader for the shared vectors and FFI call helpers.
//!
//! The reader is hand-written because crates.io (serde_json) is unreachable from the build machines and
//! the library must keep zero dependencies, dev-dependencies included (Cargo.lock resolution needs them).
//! It reads exactly what tests/vectors/generate.py writes: objects, arrays, strings, integers, null, bool.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use edit_distance::ffi::{EdArgument, EdErrorInfo};

/// An `EdErrorInfo` no export has written to yet.
pub fn no_error() -> EdErrorInfo {
    EdErrorInfo { argument: EdArgument::None, item: 0, position: 0 }
}

/// Pairs that every export for another encoding must answer as `ed_distance` does: empty strings, astral code points,
/// NUL, CJK, and strings long enough for the multi-word paths.
pub fn encoding_pairs() -> Vec<(String, String)> {
    let long_ascii = "kitten sitting on the mitten ".repeat(5);
    let long_mixed = "日本語のテキスト😀と ASCII ".repeat(6);
    let pairs = [
        ("", ""),
        ("", "abc"),
        ("kitten", "sitting"),
        ("😀", ""),
        ("a😀b", "ab"),
        ("日本語", "日本人"),
        ("\u{0}a", "a\u{0}"),
        (long_ascii.as_str(), "kitten sitting on the mitten"),
        (long_mixed.as_str(), &long_mixed[9..]),
        (long_mixed.as_str(), long_ascii.as_str()),
    ];
    pairs.iter().map(|&(a, b)| (a.to_string(), b.to_string())).collect()
}

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(i64),
    /// Strings stay UTF-16 code units: the vectors are about UTF-16 input.
    String(Vec<u16>),
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

impl Json {
    pub fn get(&self, key: &str) -> &Json {
        match self {
            Json::Object(map) => map.get(key).unwrap_or(&Json::Null),
            _ => panic!("not an object: {self:?}"),
        }
    }

    pub fn array(&self) -> &[Json] {
        match self {
            Json::Array(items) => items,
            _ => panic!("not an array: {self:?}"),
        }
    }

    pub fn number(&self) -> i64 {
        match self {
            Json::Number(n) => *n,
            _ => panic!("not a number: {self:?}"),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// A string, or `{"utf16": [units]}` (how errors.json carries lone surrogates); `None` for null.
    pub fn utf16(&self) -> Option<Vec<u16>> {
        match self {
            Json::Null => None,
            Json::String(units) => Some(units.clone()),
            Json::Object(_) => Some(self.get("utf16").array().iter().map(|u| u.number() as u16).collect()),
            _ => panic!("not a string: {self:?}"),
        }
    }

    pub fn text(&self) -> String {
        String::from_utf16(&self.utf16().expect("a string")).expect("valid UTF-16")
    }
}

pub fn parse(text: &str) -> Json {
    let mut parser = Parser { chars: text.chars().collect(), at: 0 };
    let value = parser.value();
    parser.skip_whitespace();
    assert_eq!(parser.at, parser.chars.len(), "trailing characters");
    value
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn skip_whitespace(&mut self) {
        while self.at < self.chars.len() && self.chars[self.at].is_whitespace() {
            self.at += 1;
        }
    }

    fn next(&mut self) -> char {
        let c = self.chars[self.at];
        self.at += 1;
        c
    }

    fn expect_word(&mut self, word: &str) {
        for expected in word.chars() {
            assert_eq!(self.next(), expected);
        }
    }

    fn value(&mut self) -> Json {
        self.skip_whitespace();
        match self.chars[self.at] {
            '{' => {
                self.at += 1;
                let mut map = BTreeMap::new();
                loop {
                    self.skip_whitespace();
                    if self.chars[self.at] == '}' {
                        self.at += 1;
                        return Json::Object(map);
                    }
                    let Json::String(key) = self.value() else { panic!("object key") };
                    self.skip_whitespace();
                    assert_eq!(self.next(), ':');
                    let value = self.value();
                    map.insert(String::from_utf16(&key).unwrap(), value);
                    self.skip_whitespace();
                    if self.chars[self.at] == ',' {
                        self.at += 1;
                    }
                }
            }
            '[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_whitespace();
                    if self.chars[self.at] == ']' {
                        self.at += 1;
                        return Json::Array(items);
                    }
                    items.push(self.value());
                    self.skip_whitespace();
                    if self.chars[self.at] == ',' {
                        self.at += 1;
                    }
                }
            }
            '"' => {
                self.at += 1;
                let mut units = Vec::new();
                loop {
                    match self.next() {
                        '"' => return Json::String(units),
                        '\\' => match self.next() {
                            'u' => {
                                // Each \uXXXX is one UTF-16 code unit; a pair arrives as two escapes and
                                // simply lands as two units, which is exactly its UTF-16 form.
                                let hex: String = (0..4).map(|_| self.next()).collect();
                                units.push(u16::from_str_radix(&hex, 16).expect("hex escape"));
                            }
                            'n' => units.push(u16::from(b'\n')),
                            't' => units.push(u16::from(b'\t')),
                            'r' => units.push(u16::from(b'\r')),
                            'b' => units.push(0x08),
                            'f' => units.push(0x0C),
                            other => units.push(other as u16),
                        },
                        c => {
                            let mut buf = [0u16; 2];
                            units.extend_from_slice(c.encode_utf16(&mut buf));
                        }
                    }
                }
            }
            'n' => {
                self.expect_word("null");
                Json::Null
            }
            't' => {
                self.expect_word("true");
                Json::Bool(true)
            }
            'f' => {
                self.expect_word("false");
                Json::Bool(false)
            }
            _ => {
                let start = self.at;
                while self.at < self.chars.len() && (self.chars[self.at] == '-' || self.chars[self.at].is_ascii_digit()) {
                    self.at += 1;
                }
                let digits: String = self.chars[start..self.at].iter().collect();
                Json::Number(digits.parse().expect("an integer"))
            }
        }
    }
}

/// Reads `tests/vectors/<name>` from the repository and returns its cases.
pub fn cases(name: &str) -> Vec<Json> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&text).get("cases").array().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_escapes_and_nesting() {
        let json = parse(r#"{"a": [1, -2, null, true], "s": "x\ud83d\ude00\u0000\"", "o": {"utf16": [55296]}}"#);
        assert_eq!(json.get("a").array().len(), 4);
        assert_eq!(json.get("a").array()[1].number(), -2);
        assert_eq!(json.get("s").utf16().unwrap(), vec![0x78, 0xD83D, 0xDE00, 0, 0x22]);
        assert_eq!(json.get("o").utf16().unwrap(), vec![0xD800]);
    }
}
