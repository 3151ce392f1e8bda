//! Byte offsets to lines and columns and back, for languages whose tools report positions as lines and columns.

/// Where each line of a source text starts, so that a byte offset becomes a (line, column) pair and back.
///
/// A line ends at `\n`, `\r\n` or a lone `\r` (what CPython's tokenizer and most tools count), and with
/// [`LineIndex::javascript`] also at U+2028 and U+2029, as ECMAScript counts. Lines are 1-based; columns are 0-based
/// and count UTF-8 bytes from the start of the line, as CPython's `col_offset` does ([`LineIndex::line_col`]), or
/// UTF-16 code units, as JavaScript tools and the Language Server Protocol do ([`LineIndex::line_col_utf16`]).
///
/// Built once per source in one pass; a lookup is a binary search over the line starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// The byte offset of the start of every line; the first is 0.
    starts: Vec<u32>,
    /// The length of the source in bytes.
    len: u32,
}

impl LineIndex {
    /// Indexes `source` in one pass; lines end at `\n`, `\r\n` and `\r`.
    pub fn new(source: &str) -> LineIndex {
        Self::build(source, false)
    }

    /// Indexes `source` as ECMAScript counts lines: also U+2028 (line separator) and U+2029 (paragraph separator)
    /// end one.
    pub fn javascript(source: &str) -> LineIndex {
        Self::build(source, true)
    }

    fn build(source: &str, unicode_separators: bool) -> LineIndex {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i as u32 + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i as u32 + 2);
                    i += 1;
                }
                b'\r' => starts.push(i as u32 + 1),
                // U+2028 and U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
                0xE2 if unicode_separators && matches!(bytes.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9])) => {
                    starts.push(i as u32 + 3);
                    i += 2;
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts, len: bytes.len() as u32 }
    }

    /// The 1-based line and 0-based byte column of `offset` (an offset past the end is on the last line).
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        (line as u32, offset - self.starts[line - 1])
    }

    /// The 1-based line and 0-based column in UTF-16 code units of `offset` in `source`, the text this index was
    /// built from (an offset inside a character counts from that character's start).
    pub fn line_col_utf16(&self, source: &str, offset: u32) -> (u32, u32) {
        let (line, column) = self.line_col(offset);
        let start = self.starts[line as usize - 1] as usize;
        let mut end = (start + column as usize).min(source.len());
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let text = source.get(start..end).unwrap_or_default();
        // ASCII, most lines of most sources: bytes and code units coincide.
        let units = if text.is_ascii() { text.len() } else { text.encode_utf16().count() };
        (line, u32::try_from(units).unwrap_or(u32::MAX))
    }

    /// The byte offset of 1-based `line`, 0-based byte `column`; `None` when the line does not exist or the
    /// offset lies past the end of the source.
    pub fn offset(&self, line: u32, column: u32) -> Option<u32> {
        let start = *self.starts.get((line as usize).checked_sub(1)?)?;
        let offset = start.checked_add(column)?;
        (offset <= self.len).then_some(offset)
    }

    /// How many lines the source has (an empty source has one).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_newline_style_starts_a_line_and_positions_round_trip() {
        let source = "a\nbé\r\nc\rd";
        let lines = LineIndex::new(source);
        assert_eq!(lines.line_count(), 4);
        assert_eq!(lines.line_col(0), (1, 0));
        assert_eq!(lines.line_col(3), (2, 1), "é is two bytes after `b`");
        assert_eq!(lines.line_col(7), (3, 0));
        assert_eq!(lines.line_col(9), (4, 0), "a lone `\\r` ends a line too");
        for offset in 0..=source.len() as u32 {
            let (line, column) = lines.line_col(offset);
            assert_eq!(lines.offset(line, column), Some(offset));
        }
        assert_eq!(lines.offset(5, 0), None);
        assert_eq!(lines.offset(0, 0), None);
        assert_eq!(lines.offset(4, 2), None, "past the end");
    }

    #[test]
    fn javascript_lines_end_at_the_unicode_separators_and_columns_count_utf16() {
        let source = "ab\r\ncd\u{2028}\u{1F600}x\u{2029}é";
        let plain = LineIndex::new(source);
        let js = LineIndex::javascript(source);
        assert_eq!((plain.line_count(), js.line_count()), (2, 4));
        let x = source.find('x').unwrap() as u32;
        assert_eq!(js.line_col(x), (3, 4), "😀 is four bytes");
        assert_eq!(js.line_col_utf16(source, x), (3, 2), "and two UTF-16 units");
        assert_eq!(plain.line_col_utf16(source, x), (2, 5), "c, d, U+2028, two units of 😀");
        assert_eq!(js.line_col_utf16(source, x - 1), (3, 0), "inside 😀: its start");
        assert_eq!(js.line_col_utf16(source, source.len() as u32), (4, 1));
    }
}
