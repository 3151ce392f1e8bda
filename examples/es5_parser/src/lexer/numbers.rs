//! Numeric literals: decimal (with acorn's legacy octal), hexadecimal, and the check that no name follows one.

use super::tokens::T;
use super::{LResult, Lexer};

/// `isIdentifierStart` as acorn calls it after a number: astral code points count too.
fn is_identifier_start_any(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphabetic() || c == '$' || c == '_' } else { unicode_ident::is_xid_start(c) }
}

// `#[inline]`: also used by the escapes in `strings.rs` (another codegen unit); inlined at both places before the
// split.
#[inline]
pub(super) fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

impl Lexer<'_> {
    fn check_after_number(&self) -> LResult<()> {
        if self.char_at(self.pos).is_some_and(is_identifier_start_any) {
            return Err(self.error(self.pos, "Identifier directly after number"));
        }
        Ok(())
    }

    fn skip_digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek(0).is_ascii_digit() {
            self.pos += 1;
        }
        self.pos - start
    }

    pub(super) fn read_hex_number(&mut self) -> LResult<T> {
        let token_start = self.pos;
        self.pos += 2;
        let mut total = 0.0f64;
        let digits_start = self.pos;
        while let Some(d) = hex_value(self.peek(0)) {
            // acorn accumulates in doubles, rounding at every step; do the same to get the same value.
            total = total * 16.0 + f64::from(d);
            self.pos += 1;
        }
        if self.pos == digits_start {
            return Err(self.error(token_start + 2, "Expected number in radix 16"));
        }
        self.check_after_number()?;
        self.number = total;
        Ok(T::Num)
    }

    pub(super) fn read_number(&mut self, starts_with_dot: bool) -> LResult<T> {
        let start = self.pos;
        if !starts_with_dot {
            self.skip_digits();
        }
        let int_part = &self.src[start..self.pos];
        let mut octal = int_part.len() >= 2 && int_part.starts_with('0');
        if octal && self.strict {
            return Err(self.error(start, "Invalid number"));
        }
        if octal && int_part.bytes().any(|b| b == b'8' || b == b'9') {
            octal = false;
        }
        if octal {
            self.check_after_number()?;
            self.number = int_part.bytes().skip(1).fold(0.0, |acc, b| acc * 8.0 + f64::from(b - b'0'));
            return Ok(T::Num);
        }
        if self.peek(0) == b'.' {
            self.pos += 1;
            self.skip_digits();
        }
        if matches!(self.peek(0), b'e' | b'E') {
            self.pos += 1;
            if matches!(self.peek(0), b'+' | b'-') {
                self.pos += 1;
            }
            if self.skip_digits() == 0 {
                return Err(self.error(start, "Invalid number"));
            }
        }
        self.check_after_number()?;
        self.number = parse_decimal(&self.src[start..self.pos]);
        Ok(T::Num)
    }
}

/// Parses a decimal literal (`1`, `1.5`, `.5`, `5.`, `1e3`, `089`) as JavaScript's `parseFloat` does: correctly
/// rounded.
fn parse_decimal(text: &str) -> f64 {
    if let Ok(v) = text.parse::<f64>() {
        return v;
    }
    // Rust rejects a few forms JavaScript accepts, such as `5.e3`; insert the missing fraction digit.
    let fixed = text.replacen(".e", ".0e", 1).replacen(".E", ".0E", 1);
    fixed.parse::<f64>().unwrap_or(f64::NAN)
}
