//! Byte offsets to UTF-16 code unit offsets and back: [`Span`](crate::Span) stores byte offsets into the UTF-8
//! source, JavaScript tools (acorn, ESTree) report offsets in UTF-16 code units.

/// Maps byte offsets in a UTF-8 source to UTF-16 code unit offsets, the unit JavaScript uses for string indices.
///
/// Only non-ASCII characters are recorded (12 bytes each), so an ASCII source costs nothing and a lookup is a
/// binary search over the non-ASCII characters before the offset.
#[derive(Clone, Debug, Default)]
pub struct Utf16Offsets {
    /// For each non-ASCII character in source order: its byte offset, its UTF-8 length, and the UTF-16 offset at
    /// which it starts.
    wide: Vec<WideChar>,
}

#[derive(Clone, Copy, Debug)]
struct WideChar {
    byte_start: u32,
    byte_len: u8,
    utf16_start: u32,
    utf16_len: u8,
}

impl Utf16Offsets {
    /// Builds the map for `source`.
    ///
    /// # Panics
    /// If `source` is 4 GiB or longer (a [`Span`](crate::Span) cannot address it either).
    pub fn new(source: &str) -> Self {
        assert!(u32::try_from(source.len()).is_ok(), "source longer than u32::MAX bytes");
        let mut wide = Vec::new();
        let mut utf16 = 0u32;
        for (byte, ch) in source.char_indices() {
            if !ch.is_ascii() {
                // Lengths are at most 4 and 2, offsets fit in u32 by the assertion above.
                wide.push(WideChar {
                    byte_start: byte as u32,
                    byte_len: ch.len_utf8() as u8,
                    utf16_start: utf16,
                    utf16_len: ch.len_utf16() as u8,
                });
            }
            utf16 += ch.len_utf16() as u32;
        }
        Utf16Offsets { wide }
    }

    /// The UTF-16 offset of byte offset `byte`.
    ///
    /// An offset inside a multi-byte character maps to that character's start; an offset past the end of the
    /// source continues one unit per byte (spans never point there, but the answer stays monotonic).
    pub fn utf16(&self, byte: u32) -> u32 {
        let before = self.wide.partition_point(|c| c.byte_start < byte);
        let Some(prev) = before.checked_sub(1).map(|i| self.wide[i]) else {
            return byte; // only ASCII before `byte`
        };
        let prev_end = prev.byte_start + u32::from(prev.byte_len);
        if byte < prev_end {
            prev.utf16_start
        } else {
            prev.utf16_start + u32::from(prev.utf16_len) + (byte - prev_end)
        }
    }

    /// The byte offset of UTF-16 offset `utf16`: the inverse of [`Self::utf16`] on character boundaries.
    ///
    /// `None` when `utf16` falls between the two halves of a surrogate pair, or past `source_len` (the length in
    /// bytes of the source this map was built for).
    pub fn byte(&self, utf16: u32, source_len: u32) -> Option<u32> {
        let before = self.wide.partition_point(|c| c.utf16_start < utf16);
        let byte = match before.checked_sub(1).map(|i| self.wide[i]) {
            None => utf16, // only ASCII before `utf16`
            Some(prev) => {
                let prev_end = prev.utf16_start + u32::from(prev.utf16_len);
                if utf16 < prev_end {
                    return None; // inside a surrogate pair
                }
                prev.byte_start + u32::from(prev.byte_len) + (utf16 - prev_end)
            }
        };
        (byte <= source_len).then_some(byte)
    }

    /// True when the source had only ASCII characters (byte and UTF-16 offsets coincide).
    pub fn is_identity(&self) -> bool {
        self.wide.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_code_units() {
        // "a" 1 byte/1 unit, "é" 2 bytes/1 unit, "😀" 4 bytes/2 units, "€" 3 bytes/1 unit.
        let source = "aé😀€b";
        let map = Utf16Offsets::new(source);
        let expected = [(0, 0), (1, 1), (3, 2), (7, 4), (10, 5), (11, 6)];
        for (byte, unit) in expected {
            assert_eq!(map.utf16(byte), unit, "byte offset {byte}");
            let prefix: &str = &source[..byte as usize];
            assert_eq!(prefix.encode_utf16().count() as u32, unit);
        }
        // Inside a character: its start. Past the end: one unit per byte.
        assert_eq!(map.utf16(5), 2);
        assert_eq!(map.utf16(13), 8);
        assert!(!map.is_identity());
        assert!(Utf16Offsets::new("ascii only").is_identity());
        assert_eq!(Utf16Offsets::new("ascii").utf16(3), 3);
    }

    #[test]
    fn utf16_offsets_map_back_to_bytes() {
        let source = "aé😀€b";
        let map = Utf16Offsets::new(source);
        let len = source.len() as u32;
        for (byte, _) in source.char_indices().chain([(source.len(), ' ')]) {
            let byte = byte as u32;
            assert_eq!(map.byte(map.utf16(byte), len), Some(byte), "byte offset {byte}");
        }
        assert_eq!(map.byte(3, len), None, "between the halves of 😀");
        assert_eq!(map.byte(7, len), None, "past the end");
        assert_eq!(Utf16Offsets::new("abc").byte(2, 3), Some(2));
    }
}
