//! Names and keywords: identifier characters, the one-ASCII-run fast path, and names with `\u` escapes or
//! non-ASCII characters.

use super::tokens::T;
use super::{LResult, Lexer};

/// ES5 `IdentifierStart` for one code point (BMP only, as acorn's `ecmaVersion: 5`): `$`, `_`, ASCII letters and
/// Unicode `ID_Start` (approximated by `XID_Start`, which differs from it in a handful of compatibility characters).
#[inline]
pub fn is_identifier_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '$' || c == '_'
    } else {
        (c as u32) <= 0xffff && unicode_ident::is_xid_start(c)
    }
}

/// ES5 `IdentifierPart` for one code point (BMP only): `IdentifierStart`, digits, Unicode `ID_Continue`
/// (approximated by `XID_Continue`) and ZWNJ / ZWJ.
#[inline]
pub fn is_identifier_part(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '$' || c == '_'
    } else {
        (c as u32) <= 0xffff && (unicode_ident::is_xid_continue(c) || c == '\u{200c}' || c == '\u{200d}')
    }
}

/// ASCII identifier characters, by byte.
static ASCII_IDENT_PART: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'$' as usize || b == b'_' as usize;
        b += 1;
    }
    table
};

#[inline]
fn is_ascii_ident_part(b: u8) -> bool {
    ASCII_IDENT_PART[b as usize]
}

impl Lexer<'_> {
    /// A token starting with a non-ASCII character: a name, or an error.
    #[cold]
    pub(super) fn read_non_ascii_word(&mut self) -> LResult<(T, bool)> {
        let c = self.char_at(self.pos).unwrap_or('\0');
        if is_identifier_start(c) {
            return self.read_word_general();
        }
        Err(self.error(self.pos, format!("Unexpected character '{c}'")))
    }

    /// Reads a name or keyword. Keywords are recognised on the decoded text, as acorn does; the `escaped` flag
    /// lets the parser reject an escaped keyword everywhere except as a property name.
    #[inline]
    pub(super) fn read_word(&mut self) -> LResult<(T, bool)> {
        let start = self.pos;
        let bytes = self.bytes;
        let rest = &bytes[start..];
        let end = start + rest.iter().position(|&b| !is_ascii_ident_part(b)).unwrap_or(rest.len());
        // Most words are one ASCII run; an escape or a non-ASCII character at either end takes the general path.
        if end == start || bytes.get(end).is_some_and(|&b| b == b'\\' || b >= 0x80) {
            return self.read_word_general();
        }
        self.pos = end;
        Ok((T::keyword_bytes(&bytes[start..end]).unwrap_or(T::Name), false))
    }

    #[cold]
    fn read_word_general(&mut self) -> LResult<(T, bool)> {
        let start = self.pos;
        let escaped = self.read_word_text()?;
        let kind = T::keyword(if escaped { &self.buf } else { &self.src[start..self.pos] }).unwrap_or(T::Name);
        Ok((kind, escaped))
    }

    /// Reads identifier characters and escapes from `pos`; returns whether there was an escape (the decoded text
    /// is then in `buf`).
    pub(super) fn read_word_text(&mut self) -> LResult<bool> {
        let mut chunk_start = self.pos;
        // Fast path: the ASCII run that is most words; the loop below only sees what ends or escapes it.
        let rest = &self.bytes[self.pos..];
        let ascii = rest.iter().position(|&b| !is_ascii_ident_part(b)).unwrap_or(rest.len());
        self.pos += ascii;
        let mut first = ascii == 0;
        let mut escaped = false;
        while let Some(&b) = self.bytes.get(self.pos) {
            if is_ascii_ident_part(b) {
                self.pos += 1;
            } else if b == b'\\' {
                if !escaped {
                    self.buf.clear();
                    escaped = true;
                }
                self.buf.push_str(&self.src[chunk_start..self.pos]);
                let esc_start = self.pos;
                if self.peek(1) != b'u' {
                    return Err(self.error(self.pos + 1, "Expecting Unicode escape sequence \\uXXXX"));
                }
                self.pos += 2;
                let code = self.read_hex_escape_u()?;
                let c = char::from_u32(code)
                    .filter(|&c| if first { is_identifier_start(c) } else { is_identifier_part(c) });
                let Some(c) = c else {
                    return Err(self.error(esc_start, "Invalid Unicode escape"));
                };
                self.buf.push(c);
                chunk_start = self.pos;
            } else if b >= 0x80 {
                let c = self.char_at(self.pos).unwrap_or('\0');
                if !is_identifier_part(c) {
                    break;
                }
                self.pos += c.len_utf8();
            } else {
                break;
            }
            first = false;
        }
        if escaped {
            self.buf.push_str(&self.src[chunk_start..self.pos]);
            self.buf_valid = true;
        }
        Ok(escaped)
    }
}
