//! White space, line terminators and comments (block, line and HTML-like) between tokens.

use super::{LResult, Lexer};
use crate::scan;

/// A line terminator as ES5 defines it.
#[inline]
pub(super) fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Non-ASCII white space as acorn 8 recognises it (Unicode `Zs` plus BOM; U+180E is not).
#[inline]
fn is_non_ascii_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}')
}

/// Bytes that may start white space, a comment or a line terminator (`/`, `<`, `-` for comments; every non-ASCII
/// lead byte, which may be a Unicode space).
pub(super) static MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'/' | b'<' | b'-') || b >= 0x80;
        b += 1;
    }
    table
};

impl Lexer<'_> {
    /// Skips white space and comments (including HTML-like ones); returns whether a line terminator was seen.
    #[inline(never)]
    pub(super) fn skip_space(&mut self) -> LResult<bool> {
        let mut nl = false;
        while let Some(&b) = self.bytes.get(self.pos) {
            // Most bytes here start a token: leave without dispatching on them.
            if !MAY_START_SPACE[b as usize] {
                break;
            }
            match b {
                b' ' | b'\t' | 0x0b | 0x0c => self.pos = self.skip_spaces(self.pos + 1),
                b'\n' | b'\r' => {
                    nl = true;
                    // The indentation of the next line.
                    self.pos = self.skip_spaces(self.pos + 1);
                }
                b'/' => match self.peek(1) {
                    b'*' => nl |= self.skip_block_comment()?,
                    b'/' => self.skip_line_comment(2),
                    _ => break,
                },
                b'<' if self.peek(1) == b'!' && self.peek(2) == b'-' && self.peek(3) == b'-' => {
                    self.skip_line_comment(4)
                }
                b'-' if self.peek(1) == b'-' && self.peek(2) == b'>' && (nl || self.prev_end == 0) => {
                    self.skip_line_comment(3)
                }
                b if b < 0x80 => break,
                _ => {
                    let c = self.char_at(self.pos).unwrap_or('\0');
                    if c == '\u{2028}' || c == '\u{2029}' {
                        nl = true;
                    } else if !is_non_ascii_space(c) {
                        break;
                    }
                    self.pos += c.len_utf8();
                }
            }
        }
        Ok(nl)
    }

    /// The first position from `pos` on that is not a plain space (runs of them are the usual indentation).
    #[inline]
    fn skip_spaces(&self, pos: usize) -> usize {
        pos + scan::count_spaces(self.bytes.get(pos..).unwrap_or_default())
    }

    fn skip_block_comment(&mut self) -> LResult<bool> {
        let start = self.pos;
        let body = &self.src[start + 2..];
        let Some(len) = find_comment_end(body.as_bytes()) else {
            return Err(self.error(start, "Unterminated comment"));
        };
        let text = &body.as_bytes()[..len];
        self.pos = start + 2 + len + 2;
        Ok(contains_line_break(text))
    }

    fn skip_line_comment(&mut self, skip: usize) {
        self.pos += skip;
        loop {
            // Find the next byte that may end the line: `\n`, `\r` or the lead byte of U+2028 / U+2029.
            let rest = &self.bytes[self.pos.min(self.bytes.len())..];
            let Some(i) = scan::line_break_candidate(rest) else {
                self.pos = self.bytes.len();
                return;
            };
            self.pos += i;
            if self.bytes[self.pos] < 0x80 || matches!(self.char_at(self.pos), Some('\u{2028}' | '\u{2029}')) {
                return;
            }
            self.pos += 1;
        }
    }
}

/// The offset of the first `*/` in `bytes`: a scan for `*`, eight bytes at a time.
fn find_comment_end(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    loop {
        let star = from + scan::find_byte(&bytes[from..], b'*')?;
        if bytes.get(star + 1) == Some(&b'/') {
            return Some(star);
        }
        from = star + 1;
    }
}

/// Whether `text` contains a line terminator: `\n`, `\r`, or U+2028 / U+2029 (E2 80 A8 / E2 80 A9 in UTF-8).
fn contains_line_break(text: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = scan::line_break_candidate(&text[from..]) {
        let at = from + i;
        let b = text[at];
        if b == b'\n'
            || b == b'\r'
            || (b == 0xe2 && text.get(at + 1) == Some(&0x80) && matches!(text.get(at + 2), Some(0xa8 | 0xa9)))
        {
            return true;
        }
        from = at + 1;
    }
    false
}
