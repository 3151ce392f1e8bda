//! String literals and escape sequences (also the `\u` escapes of names), decoded to UTF-8 through UTF-16
//! code units so that escaped surrogate pairs join.

use super::numbers::hex_value;
use super::tokens::T;
use super::{LResult, Lexer};

/// Appends one UTF-16 code unit produced by an escape, pairing surrogates written as two `\u` escapes.
/// A surrogate that cannot be paired is replaced by U+FFFD (a Rust `String` cannot hold it; acorn keeps it).
struct Utf16Sink<'b> {
    out: &'b mut String,
    pending_high: Option<u32>,
}

impl Utf16Sink<'_> {
    fn push_unit(&mut self, unit: u32) {
        if (0xdc00..0xe000).contains(&unit) {
            if let Some(high) = self.pending_high.take() {
                let c = 0x10000 + ((high - 0xd800) << 10) + (unit - 0xdc00);
                self.out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
            } else {
                self.out.push('\u{fffd}');
            }
            return;
        }
        self.flush();
        if (0xd800..0xdc00).contains(&unit) {
            self.pending_high = Some(unit);
        } else {
            self.out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
        }
    }

    fn push_str(&mut self, s: &str) {
        if !s.is_empty() {
            self.flush();
            self.out.push_str(s);
        }
    }

    fn flush(&mut self) {
        if self.pending_high.take().is_some() {
            self.out.push('\u{fffd}');
        }
    }
}

impl Lexer<'_> {
    pub(super) fn read_string(&mut self, quote: u8) -> LResult<T> {
        let token_start = self.pos;
        self.pos += 1;
        let mut chunk_start = self.pos;
        let mut has_escape = false;
        let mut out = std::mem::take(&mut self.buf);
        out.clear();
        let result = loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                break Err(self.error(token_start, "Unterminated string constant"));
            };
            if b == quote {
                break Ok(());
            }
            match b {
                b'\\' => {
                    has_escape = true;
                    let mut sink = Utf16Sink { out: &mut out, pending_high: None };
                    sink.push_str(&self.src[chunk_start..self.pos]);
                    if let Err(e) = self.read_escape_run(&mut sink) {
                        break Err(e);
                    }
                    sink.flush();
                    chunk_start = self.pos;
                }
                b'\n' | b'\r' => break Err(self.error(token_start, "Unterminated string constant")),
                0xe2 if matches!(self.char_at(self.pos), Some('\u{2028}' | '\u{2029}')) => {
                    break Err(self.error(token_start, "Unterminated string constant"));
                }
                _ => self.pos += 1,
            }
        };
        if result.is_ok() && has_escape {
            out.push_str(&self.src[chunk_start..self.pos]);
        }
        self.buf = out;
        result?;
        self.pos += 1;
        self.buf_valid = has_escape;
        Ok(T::Str)
    }

    /// Reads consecutive escapes (so that a surrogate pair written as two `\u` escapes is joined).
    fn read_escape_run(&mut self, sink: &mut Utf16Sink<'_>) -> LResult<()> {
        while self.peek(0) == b'\\' {
            self.read_escape(sink)?;
        }
        Ok(())
    }

    /// Reads one escape sequence starting at the backslash, as acorn's `readEscapedChar`.
    fn read_escape(&mut self, sink: &mut Utf16Sink<'_>) -> LResult<()> {
        self.pos += 1;
        let Some(c) = self.char_at(self.pos) else {
            // A backslash at the very end: the string is unterminated.
            return Err(self.error(self.token_start, "Unterminated string constant"));
        };
        self.pos += c.len_utf8();
        match c {
            'n' => sink.push_unit(0x0a),
            'r' => sink.push_unit(0x0d),
            't' => sink.push_unit(0x09),
            'b' => sink.push_unit(0x08),
            'v' => sink.push_unit(0x0b),
            'f' => sink.push_unit(0x0c),
            'x' => {
                let v = self.read_hex_digits(2)?;
                sink.push_unit(v);
            }
            'u' => {
                let v = self.read_hex_escape_u()?;
                sink.push_unit(v);
            }
            '\r' => {
                if self.peek(0) == b'\n' {
                    self.pos += 1;
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' => {}
            '8' | '9' => {
                if self.strict {
                    return Err(self.error(self.pos - 1, "Invalid escape sequence"));
                }
                sink.push_unit(c as u32);
            }
            '0'..='7' => self.read_octal_escape(c, sink)?,
            other => {
                sink.flush();
                sink.out.push(other);
            }
        }
        Ok(())
    }

    fn read_octal_escape(&mut self, first: char, sink: &mut Utf16Sink<'_>) -> LResult<()> {
        let digits_start = self.pos - 1;
        let mut end = digits_start + 1;
        while end < digits_start + 3 && matches!(self.bytes.get(end), Some(b'0'..=b'7')) {
            end += 1;
        }
        let mut text = &self.src[digits_start..end];
        let mut value = u32::from_str_radix(text, 8).unwrap_or(0);
        if value > 255 {
            text = &text[..text.len() - 1];
            value = u32::from_str_radix(text, 8).unwrap_or(0);
        }
        self.pos = digits_start + text.len();
        let next = self.peek(0);
        if (text != "0" || next == b'8' || next == b'9') && self.strict {
            return Err(self.error(self.pos - text.len() - 1, "Octal literal in strict mode"));
        }
        let _ = first;
        sink.push_unit(value);
        Ok(())
    }

    /// The four hex digits after `\u` (ES5 has no `\u{...}`).
    pub(super) fn read_hex_escape_u(&mut self) -> LResult<u32> {
        if self.peek(0) == b'{' {
            return Err(self.error(self.token_start, "Unexpected token"));
        }
        self.read_hex_digits(4)
    }

    fn read_hex_digits(&mut self, len: usize) -> LResult<u32> {
        let mut value = 0;
        for i in 0..len {
            match hex_value(self.peek(i)) {
                Some(d) => value = value * 16 + d,
                None => return Err(self.error(self.pos, "Bad character escape sequence")),
            }
        }
        self.pos += len;
        Ok(value)
    }
}
