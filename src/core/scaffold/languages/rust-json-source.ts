// The Rust scaffold's JSON reader and string quoting, with its own cargo tests, embedded verbatim.

/** src/json.rs: a top-level string field reader and a JSON string escaper. */
export const RUST_JSON = `//! Just enough JSON for a runtime with the standard library only: read one top-level string field of an
//! object, and write a string as a JSON literal. Everything else in the event is checked and skipped.

use std::fmt;

/// Why a text is not the JSON this module reads, with the byte offset where it went wrong.
#[derive(Debug, PartialEq)]
pub struct JsonError {
    pub offset: usize,
    pub reason: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "invalid JSON at byte {}: {}", self.offset, self.reason)
    }
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 512;

/// The string value of the field \`key\` of the JSON object \`text\`. \`Ok(None)\` when the field is absent or
/// is not a string; an error when \`text\` is not a JSON object. The last of duplicate keys wins, as in
/// JavaScript's JSON.parse. Fields of nested objects never match.
pub fn string_field(text: &str, key: &str) -> Result<Option<String>, JsonError> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        pos: 0,
    };
    parser.skip_ws();
    if parser.peek() != Some(b'{') {
        return Err(parser.error("expected an object"));
    }
    let mut found = None;
    parser.object(0, Some(key), &mut found)?;
    parser.skip_ws();
    if parser.pos != parser.bytes.len() {
        return Err(parser.error("unexpected text after the value"));
    }
    Ok(found)
}

/// \`value\` as a JSON string literal, quotes included.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\\\\""),
            '\\\\' => out.push_str("\\\\\\\\"),
            '\\n' => out.push_str("\\\\n"),
            '\\r' => out.push_str("\\\\r"),
            '\\t' => out.push_str("\\\\t"),
            '\\u{08}' => out.push_str("\\\\b"),
            '\\u{0c}' => out.push_str("\\\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, reason: &'static str) -> JsonError {
        JsonError {
            offset: self.pos,
            reason,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\\t' | b'\\n' | b'\\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, reason: &'static str) -> Result<(), JsonError> {
        self.skip_ws();
        if self.peek() != Some(byte) {
            return Err(self.error(reason));
        }
        self.pos += 1;
        Ok(())
    }

    /// An object; when \`wanted\` is given, its string value (or None, if not a string) lands in \`found\`.
    fn object(
        &mut self,
        depth: usize,
        wanted: Option<&str>,
        found: &mut Option<String>,
    ) -> Result<(), JsonError> {
        self.expect(b'{', "expected '{'")?;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key"));
            }
            let key = self.string()?;
            self.expect(b':', "expected ':'")?;
            let value = self.value(depth + 1)?;
            if wanted == Some(key.as_str()) {
                *found = value;
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    /// Any value, checked and skipped; a string is returned.
    fn value(&mut self, depth: usize) -> Result<Option<String>, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.skip_ws();
        match self.peek() {
            Some(b'"') => return self.string().map(Some),
            Some(b'{') => self.object(depth, None, &mut None)?,
            Some(b'[') => self.array(depth)?,
            Some(b't') => self.literal("true")?,
            Some(b'f') => self.literal("false")?,
            Some(b'n') => self.literal("null")?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.error("expected a value")),
        }
        Ok(None)
    }

    fn array(&mut self, depth: usize) -> Result<(), JsonError> {
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.value(depth + 1)?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn literal(&mut self, word: &'static str) -> Result<(), JsonError> {
        if !self.bytes[self.pos..].starts_with(word.as_bytes()) {
            return Err(self.error("expected true, false or null"));
        }
        self.pos += word.len();
        Ok(())
    }

    fn digits(&mut self) -> Result<(), JsonError> {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.error("expected a digit"));
        }
        Ok(())
    }

    fn number(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else {
            self.digits()?;
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("short \\\\u escape"))?;
        let text = std::str::from_utf8(digits).map_err(|_| self.error("bad \\\\u escape"))?;
        let code = u32::from_str_radix(text, 16).map_err(|_| self.error("bad \\\\u escape"))?;
        self.pos += 4;
        Ok(code)
    }

    /// A string literal, unescaped. A lone surrogate becomes U+FFFD, since a Rust string cannot hold one.
    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let byte = self
                .peek()
                .ok_or_else(|| self.error("unterminated string"))?;
            self.pos += 1;
            match byte {
                b'"' => break,
                b'\\\\' => {
                    let escape = self
                        .peek()
                        .ok_or_else(|| self.error("unterminated string"))?;
                    self.pos += 1;
                    let c = match escape {
                        b'"' => '"',
                        b'\\\\' => '\\\\',
                        b'/' => '/',
                        b'b' => '\\u{08}',
                        b'f' => '\\u{0c}',
                        b'n' => '\\n',
                        b'r' => '\\r',
                        b't' => '\\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.error("unknown escape")),
                    };
                    let mut buffer = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                }
                0x00..=0x1f => return Err(self.error("control character in string")),
                _ => out.push(byte),
            }
        }
        // The input was a &str and escapes were encoded as UTF-8, so this cannot fail.
        String::from_utf8(out).map_err(|_| self.error("invalid UTF-8"))
    }

    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\\\u") {
            let save = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\\u{FFFD}'));
            }
            self.pos = save;
        }
        Ok(char::from_u32(first).unwrap_or('\\u{FFFD}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_top_level_string() {
        let text = r#"{"nested": {"name": "inner"}, "list": [1, {"name": 2}, "]"], "name": "Wor\\"ld\\\\ \\u00e9 \\ud83d\\ude00"}"#;
        assert_eq!(
            string_field(text, "name"),
            Ok(Some("Wor\\"ld\\\\ é 😀".to_string()))
        );
    }

    #[test]
    fn ignores_nested_fields_and_other_types() {
        assert_eq!(
            string_field(r#"{"nested": {"name": "inner"}}"#, "name"),
            Ok(None)
        );
        assert_eq!(string_field(r#"{"name": 5}"#, "name"), Ok(None));
        assert_eq!(string_field(r#"{"name": null}"#, "name"), Ok(None));
        assert_eq!(
            string_field(r#"{"a": "name", "b": "\\"name\\": \\"x\\""}"#, "name"),
            Ok(None)
        );
    }

    #[test]
    fn the_last_duplicate_wins() {
        assert_eq!(
            string_field(r#"{"name": "a", "name": "b"}"#, "name"),
            Ok(Some("b".to_string()))
        );
    }

    #[test]
    fn refuses_what_is_not_an_object() {
        for text in [
            "",
            "[]",
            "\\"name\\"",
            "{",
            r#"{"name": "x"} x"#,
            r#"{"name": "x",}"#,
            r#"{"name": "a
b"}"#,
            "{\\"n\\": 01}",
            "{\\"n\\": tru}",
        ] {
            assert!(string_field(text, "name").is_err(), "{text}");
        }
        assert!(string_field(&"[".repeat(10_000), "name").is_err());
    }

    #[test]
    fn quotes_what_json_must_escape() {
        assert_eq!(
            quote("a\\"b\\\\c\\n\\t\\u{01}é😀</"),
            r#""a\\"b\\\\c\\n\\t\\u0001é😀</""#
        );
    }
}
`;
