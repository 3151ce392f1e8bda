//! Byte searches for the lexer's long runs (comments), eight bytes at a time in a `u64` ("SWAR"): a comment is
//! mostly bytes that need no attention, and testing them one by one costs several instructions each.

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// The high bit of each byte of `word` that is zero is set, and no high bit below the lowest such byte: so the
/// lowest set bit (little-endian order) marks the first zero byte exactly. Higher bits may be false alarms.
#[inline]
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGHS
}

#[inline]
fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The index of the first byte of `hay` that `is_hit` accepts, where `mask` flags (as [`zero_bytes`] does) exactly
/// the hits of an 8-byte little-endian word at its lowest flagged byte.
#[inline]
fn position(hay: &[u8], mask: impl Fn(u64) -> u64, is_hit: impl Fn(u8) -> bool) -> Option<usize> {
    let mut chunks = hay.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let flagged = mask(word);
        if flagged != 0 {
            return Some(offset + (flagged.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|&b| is_hit(b)).map(|i| offset + i)
}

/// The index of the first `\n`, `\r` or non-ASCII byte (which may start U+2028 / U+2029) in `hay`.
#[inline]
pub fn line_break_candidate(hay: &[u8]) -> Option<usize> {
    position(
        hay,
        |w| zero_bytes(w ^ splat(b'\n')) | zero_bytes(w ^ splat(b'\r')) | (w & HIGHS),
        |b| b == b'\n' || b == b'\r' || b >= 0x80,
    )
}

/// The index of the first `byte` in `hay`.
#[inline]
pub fn find_byte(hay: &[u8], byte: u8) -> Option<usize> {
    position(hay, |w| zero_bytes(w ^ splat(byte)), |b| b == byte)
}

/// The number of plain spaces at the start of `hay`.
#[inline]
pub fn count_spaces(hay: &[u8]) -> usize {
    let mut count = 0;
    for chunk in hay.chunks_exact(8) {
        // The first byte that is not a space is the lowest non-zero byte of the word XOR eight spaces.
        let others = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) ^ splat(b' ');
        if others != 0 {
            return count + (others.trailing_zeros() / 8) as usize;
        }
        count += 8;
    }
    count + hay[count..].iter().take_while(|&&b| b == b' ').count()
}

#[cfg(test)]
mod tests {
    use super::{count_spaces, find_byte, line_break_candidate};

    #[test]
    fn counts_leading_spaces() {
        for len in 0..30 {
            for spaces in 0..=len {
                let mut hay = vec![b' '; spaces];
                hay.extend(std::iter::repeat_n(b'x', len - spaces));
                if spaces < len {
                    hay[spaces] = [b'x', b'\t', 0xa0, b'\n'][len % 4];
                }
                assert_eq!(count_spaces(&hay), spaces, "{hay:?}");
            }
        }
    }

    #[test]
    fn finds_the_first_hit_at_every_offset() {
        for len in 0..40 {
            for at in 0..=len {
                let mut hay = vec![b'a'; len];
                // Bytes that must not stop the search, just below and above the targets.
                for (i, b) in hay.iter_mut().enumerate() {
                    *b = [b'a', 0x0b, 0x0c, b'\t', 0x7f, b'+', b')'][i % 7];
                }
                let expected = (at < len).then_some(at);
                for target in [b'\n', b'\r', 0xe2, 0x80] {
                    let mut h = hay.clone();
                    if at < len {
                        h[at] = target;
                        if at + 1 < len {
                            h[at + 1] = b'\n';
                        }
                    }
                    assert_eq!(line_break_candidate(&h), expected, "{h:?}");
                }
                let mut h = hay.clone();
                if at < len {
                    h[at] = b'*';
                    if at + 3 < len {
                        h[at + 3] = b'*';
                    }
                }
                assert_eq!(find_byte(&h, b'*'), expected, "{h:?}");
            }
        }
    }
}
