//! The two pieces of JSON the harness needs: reading one string literal per input line, and quoting a string
//! for the output. Hand-written because the harness is std-only (crates.io, and so serde_json, is unreachable
//! from the build machines); a full parser would be wasted on one-literal lines.

/// Decodes a JSON string literal (RFC 8259 §7), surrogate pairs included.
pub fn decode_string(line: &str) -> Result<String, String> {
    let inner = line
        .trim()
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .ok_or("not a JSON string literal")?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next().ok_or("dangling backslash")? {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '/' => out.push('/'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let unit = hex4(&mut chars)?;
                let code = if (0xD800..0xDC00).contains(&unit) {
                    if chars.next() != Some('\\') || chars.next() != Some('u') {
                        return Err("high surrogate without a low one".into());
                    }
                    let low = hex4(&mut chars)?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err("high surrogate without a low one".into());
                    }
                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    unit
                };
                // A lone surrogate cannot be a Rust char: the inputs never hold one (the generator emits valid text).
                out.push(char::from_u32(code).ok_or("lone surrogate")?);
            }
            other => return Err(format!("unknown escape '\\{other}'")),
        }
    }
    Ok(out)
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Result<u32, String> {
    let digits: String = chars.by_ref().take(4).collect();
    if digits.len() != 4 {
        return Err("truncated \\u escape".into());
    }
    u32::from_str_radix(&digits, 16).map_err(|_| format!("bad \\u escape '{digits}'"))
}

/// Quotes `value` as a JSON string literal.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        assert_eq!(
            decode_string(r#""a\"b\\c\n\u0000\uD83D\uDE00é""#).unwrap(),
            "a\"b\\c\n\0😀é"
        );
    }

    #[test]
    fn rejects_a_lone_surrogate() {
        assert!(decode_string(r#""\uD83D""#).is_err());
    }

    #[test]
    fn quote_round_trips() {
        let text = "a\"b\\\n\u{1}😀";
        assert_eq!(decode_string(&quote(text)).unwrap(), text);
    }
}
