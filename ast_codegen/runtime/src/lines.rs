//! Byte offsets to lines and columns and back, for languages whose tools report positions as lines and columns.

/// Where each line of a source text starts, so that a byte offset becomes a (line, column) pair and back.
///
/// A line ends at `\n`, `\r\n` or a lone `\r` (what CPython's tokenizer and most tools count). Lines are 1-based;
/// columns are 0-based and count UTF-8 bytes from the start of the line, as CPython's `col_offset` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// The byte offset of the start of every line; the first is 0.
    starts: Vec<u32>,
    /// The length of the source in bytes.
    len: u32,
}

impl LineIndex {
    /// Indexes `source` in one pass.
    pub fn new(source: &str) -> LineIndex {
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
}
