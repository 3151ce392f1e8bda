//! The parser's error type.

use std::fmt;

use ast_runtime::LineIndex;

/// A syntax error: where it is and what is wrong (acorn's message for the same input where there is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line number. Lines end at `\n`, `\r\n`, `\r`, U+2028 and U+2029, as in JavaScript.
    pub line: u32,
    /// 1-based column, counted in UTF-16 code units as JavaScript (and acorn, whose columns are 0-based) counts
    /// them.
    pub column: u32,
    /// Byte offset of the error in the UTF-8 source.
    pub offset: u32,
    /// What is wrong. Where it quotes the source (`Unexpected character '…'`, an invalid regular expression), control
    /// characters are written as escapes (see [`SyntaxError::at`]).
    pub message: String,
}

impl SyntaxError {
    /// An error at byte offset `offset` of `source` (clamped to the source and to a character boundary).
    ///
    /// Control characters in `message` (C0 and C1, DEL, the line and paragraph separators and the bidirectional
    /// formatting characters) are written as JavaScript escapes, `\u0000`: a message quoting the source must not
    /// put a NUL, an escape sequence for the terminal, a line break or a reordering of the text into the one-line
    /// report (acorn quotes them raw).
    pub fn at(source: &str, offset: usize, message: impl Into<String>) -> Self {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let (line, column) = LineIndex::javascript(source).line_col_utf16(source, saturate(offset));
        SyntaxError {
            line,
            column: column.saturating_add(1),
            offset: saturate(offset),
            message: escape_controls(message.into()),
        }
    }
}

/// Whether `c` is written escaped in a message: the invisible characters that change how the line is shown.
fn is_escaped_in_messages(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape_controls(message: String) -> String {
    if !message.chars().any(is_escaped_in_messages) {
        return message;
    }
    let mut escaped = String::with_capacity(message.len() + 8);
    for c in message.chars() {
        if is_escaped_in_messages(c) {
            // Every such character is in the BMP, so four digits always suffice.
            escaped.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            escaped.push(c);
        }
    }
    escaped
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for SyntaxError {}

#[cfg(test)]
mod tests {
    use super::SyntaxError;

    #[test]
    fn control_characters_in_messages_are_escaped() {
        let e = SyntaxError::at("", 0, "a\0b\u{1b}[31m\u{7f}\u{85}\u{202e}\u{2028}\té\u{1F600}\\u0000");
        assert_eq!(e.message, "a\\u0000b\\u001b[31m\\u007f\\u0085\\u202e\\u2028\\u0009é\u{1F600}\\u0000");
    }

    #[test]
    fn positions_count_lines_and_utf16_columns() {
        let e = SyntaxError::at("ab\r\ncd\u{2028}\u{1F600}x", 13, "m");
        assert_eq!((e.line, e.column, e.offset), (3, 3, 13));
        assert_eq!(e.to_string(), "3:3: m");
    }
}
