//! JSON string literals escaped as `JSON.stringify` and Python's `json.dumps(s, ensure_ascii=False)` escape them,
//! so output can be compared as text with either: the two escape the
//! same set for every string a Rust `str` can hold (they differ only on lone surrogates, which it cannot).

use core::fmt::Write as _;

/// Appends `value` as a JSON string literal, escaped exactly as `JSON.stringify` and Python's
/// `json.dumps(value, ensure_ascii=False)` escape it: `"` and `\`, the short escapes `\b \f \n \r \t`, other
/// control characters below U+0020 as `\u00xx` (lowercase hex), and everything else (including U+007F, the C1
/// controls, U+2028, U+2029 and non-ASCII) unchanged.
///
/// Lone surrogates are where the two differ: `JSON.stringify` escapes them (`\ud800`), `json.dumps` leaves them raw
/// (text that no UTF-8 encoder accepts). A Rust `str` cannot hold one, so such a string value cannot be
/// represented here at all (a parser or a bridge must reject or replace it earlier).
pub fn write_json_string(out: &mut String, value: &str) {
    out.reserve(value.len() + 2);
    out.push('"');
    let mut plain_from = 0;
    for (i, byte) in value.bytes().enumerate() {
        let escape: &str = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0C => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1F => "",
            _ => continue,
        };
        out.push_str(&value[plain_from..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}"); // writing to a String cannot fail
        } else {
            out.push_str(escape);
        }
        plain_from = i + 1;
    }
    out.push_str(&value[plain_from..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: &str) -> String {
        let mut out = String::new();
        write_json_string(&mut out, value);
        out
    }

    #[test]
    fn strings_are_escaped_like_json_stringify_and_json_dumps() {
        assert_eq!(json("plain"), r#""plain""#);
        assert_eq!(json("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(json("\u{8}\u{c}\n\r\t"), r#""\b\f\n\r\t""#);
        assert_eq!(json("\u{0}\u{1f}\u{b}"), r#""\u0000\u001f\u000b""#);
        // DEL, C1 controls, line/paragraph separators and non-ASCII are escaped by neither.
        assert_eq!(json("\u{7f}\u{85}\u{2028}\u{2029}é😀"), "\"\u{7f}\u{85}\u{2028}\u{2029}é😀\"");
    }
}
