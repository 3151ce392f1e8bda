//! Regular expression literals: finding the end of the pattern, the flags, and validating both.

use super::space::is_line_terminator;
use super::tokens::T;
use super::{LResult, Lexer};
use crate::regexp;

impl Lexer<'_> {
    /// Re-reads the current `/` token (which starts at `start`) as a regular expression literal, where the
    /// parser expects an expression but the context guessed division. Returns the token's end.
    pub fn read_regexp(&mut self, start: u32) -> LResult<u32> {
        self.read_regexp_body(start as usize + 1)?;
        self.prev_end = self.pos;
        // As after any regular expression token: acorn's `updateContext` with `regexp`, which is not `beforeExpr`.
        self.expr_allowed = false;
        self.prev_kind = T::Regex;
        Ok(self.pos as u32)
    }

    /// Reads a regular expression whose pattern starts at `pattern_start` (after the `/`), validating pattern and
    /// flags; leaves `pos` after the flags.
    pub(super) fn read_regexp_body(&mut self, pattern_start: usize) -> LResult<()> {
        self.pos = pattern_start;
        let mut escaped = false;
        let mut in_class = false;
        loop {
            let Some(c) = self.char_at(self.pos) else {
                return Err(self.error(pattern_start, "Unterminated regular expression"));
            };
            if is_line_terminator(c) {
                return Err(self.error(pattern_start, "Unterminated regular expression"));
            }
            if !escaped {
                match c {
                    '[' => in_class = true,
                    ']' if in_class => in_class = false,
                    '/' if !in_class => break,
                    _ => {}
                }
                escaped = c == '\\';
            } else {
                escaped = false;
            }
            self.pos += c.len_utf8();
        }
        let pattern_end = self.pos;
        self.pos += 1;
        let flags_start = self.pos;
        if self.read_word_text()? {
            return Err(self.error(flags_start, "Unexpected token"));
        }
        let flags = &self.src[flags_start..self.pos];
        for (i, f) in flags.char_indices() {
            if !matches!(f, 'g' | 'i' | 'm') {
                return Err(self.error(pattern_start, "Invalid regular expression flag"));
            }
            if flags[i + 1..].contains(f) {
                return Err(self.error(pattern_start, "Duplicate regular expression flag"));
            }
        }
        let pattern = &self.src[pattern_start..pattern_end];
        if let Err(message) = regexp::validate_with(pattern, &mut self.regexp_buffers) {
            return Err(self.error(pattern_start, format!("Invalid regular expression: /{pattern}/: {message}")));
        }
        self.regexp_pattern_end = pattern_end as u32;
        Ok(())
    }
}
