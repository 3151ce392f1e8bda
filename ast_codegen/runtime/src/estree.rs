//! Writing ESTree JSON: the hand-written half of the generated serialisers.
//!
//! The generator emits one [`ToEstree`] impl per schema type, driven by the schema's `#[estree(...)]` attributes;
//! those impls call the small JSON writer here. Everything in this module is language-neutral:
//!
//! - [`EstreeWriter`]: a streaming JSON writer with node helpers (`type`, `start`, `end`);
//! - [`Utf16Offsets`]: maps byte offsets (what [`Span`] stores) to UTF-16 code unit offsets (what JavaScript
//!   tools such as acorn report as `start` / `end`);
//! - [`write_json_string`] and [`write_js_number`]: text byte-identical to `JSON.stringify`, so the output can be
//!   compared as text with a JavaScript tool's, not only as parsed JSON.
//!
//! A hand-rolled writer was chosen over serde (generated `Serialize` impls): the output needs a side input (the
//! source, for UTF-16 offsets), JavaScript number formatting and a key order that differs from the field order,
//! all of which fight serde's data model; the writer is ~200 lines and keeps the generated crate dependency-free.

use crate::Span;
use core::fmt::Write as _;

/// Values that can be written as ESTree JSON. The generator implements it for every schema type; this module
/// implements it for the leaf types (`String`, `bool`, numbers) and the containers (`Box`, `Vec`, `Option`).
pub trait ToEstree {
    /// Appends this value's JSON to `w`.
    fn write_estree(&self, w: &mut EstreeWriter);
}

/// Values that can be turned into plain text for an ESTree field computed from a format string
/// (`add_field(name = "raw", format = "/{pattern}/{flags}")`).
pub trait EstreeText {
    /// Appends this value as text (not JSON: strings are not quoted) to `out`.
    fn push_text(&self, out: &mut String);
}

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
    /// If `source` is 4 GiB or longer (a [`Span`] cannot address it either).
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

    /// True when the source had only ASCII characters (byte and UTF-16 offsets coincide).
    pub fn is_identity(&self) -> bool {
        self.wide.is_empty()
    }
}

/// A streaming JSON writer for ESTree output.
///
/// Commas are tracked with one flag: every value sets it, and every key or array element writes a comma first
/// when it is set. Opening an object or array clears it, so the first member gets no comma. The writer does not
/// check that calls are balanced; the generated impls always are.
#[derive(Debug)]
pub struct EstreeWriter {
    out: String,
    offsets: Utf16Offsets,
    need_comma: bool,
}

impl EstreeWriter {
    /// A writer for nodes whose spans are byte offsets into `source`.
    pub fn new(source: &str) -> Self {
        EstreeWriter { out: String::new(), offsets: Utf16Offsets::new(source), need_comma: false }
    }

    /// A writer with room for `capacity` bytes of output.
    pub fn with_capacity(source: &str, capacity: usize) -> Self {
        let mut w = EstreeWriter::new(source);
        w.out.reserve(capacity);
        w
    }

    /// The JSON written so far.
    pub fn into_string(self) -> String {
        self.out
    }

    /// The JSON written so far, borrowed.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    fn comma(&mut self) {
        if self.need_comma {
            self.out.push(',');
        }
    }

    /// Opens a node object and writes its `type`, `start` and `end` (UTF-16 offsets of `span`).
    pub fn begin_node(&mut self, type_name: &str, span: Span) {
        self.begin_object();
        self.key("type");
        self.string(type_name);
        self.key("start");
        self.u32(self.offsets.utf16(span.start));
        self.key("end");
        self.u32(self.offsets.utf16(span.end));
    }

    /// Closes a node object.
    pub fn end_node(&mut self) {
        self.end_object();
    }

    /// Opens an object (`{`).
    pub fn begin_object(&mut self) {
        self.comma();
        self.out.push('{');
        self.need_comma = false;
    }

    /// Closes an object (`}`).
    pub fn end_object(&mut self) {
        self.out.push('}');
        self.need_comma = true;
    }

    /// Opens an array (`[`).
    pub fn begin_array(&mut self) {
        self.comma();
        self.out.push('[');
        self.need_comma = false;
    }

    /// Closes an array (`]`).
    pub fn end_array(&mut self) {
        self.out.push(']');
        self.need_comma = true;
    }

    /// Writes an object key; the next call writes its value.
    pub fn key(&mut self, key: &str) {
        self.comma();
        write_json_string(&mut self.out, key);
        self.out.push(':');
        self.need_comma = false;
    }

    /// Writes a JSON string.
    pub fn string(&mut self, value: &str) {
        self.comma();
        write_json_string(&mut self.out, value);
        self.need_comma = true;
    }

    /// Writes a number formatted as JavaScript does; `NaN` and infinities as `null`, as `JSON.stringify` does.
    pub fn number(&mut self, value: f64) {
        self.comma();
        if value.is_finite() {
            write_js_number(&mut self.out, value);
        } else {
            self.out.push_str("null");
        }
        self.need_comma = true;
    }

    /// Writes an unsigned integer.
    pub fn u32(&mut self, value: u32) {
        self.comma();
        let _ = write!(self.out, "{value}"); // writing to a String cannot fail
        self.need_comma = true;
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, value: bool) {
        self.raw_json(if value { "true" } else { "false" });
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.raw_json("null");
    }

    /// Writes a JSON value given as text, unchanged (the caller guarantees it is valid JSON).
    pub fn raw_json(&mut self, json: &str) {
        self.comma();
        self.out.push_str(json);
        self.need_comma = true;
    }
}

/// Appends `value` as a JSON string literal, escaped exactly as `JSON.stringify` escapes it: `"` and `\`, the
/// short escapes `\b \f \n \r \t`, other control characters below U+0020 as `\u00xx` (lowercase hex), and
/// everything else (including U+2028, U+2029 and non-ASCII) unchanged.
///
/// `JSON.stringify` also escapes lone surrogates (`\ud800`); a Rust `str` cannot hold one, so a JavaScript string
/// value containing a lone surrogate cannot be represented here (a parser must reject or replace it earlier).
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

/// Appends a finite `value` formatted as JavaScript's `Number.prototype.toString()` (and so `JSON.stringify`)
/// formats it: the shortest digits that round-trip, plain notation for decimal exponents in `-7 < e < 21`
/// (`1e21` → `1e+21`, `1e-7` → `1e-7`, `0.000001`, `100`), integers without `.0`, `-0` as `0`.
///
/// Non-finite values are written as `NaN`, `Infinity` and `-Infinity`, as `toString` does; JSON has no such
/// values, so [`EstreeWriter::number`] writes `null` for them instead.
pub fn write_js_number(out: &mut String, value: f64) {
    if value.is_nan() {
        out.push_str("NaN");
        return;
    }
    if value.is_infinite() {
        out.push_str(if value > 0.0 { "Infinity" } else { "-Infinity" });
        return;
    }
    if value == 0.0 {
        out.push('0'); // also -0
        return;
    }
    if value < 0.0 {
        out.push('-');
    }
    let magnitude = value.abs();
    if magnitude.fract() == 0.0 && magnitude < 9_007_199_254_740_992.0 {
        // Fast path for the common case: a safe integer prints as its digits.
        let _ = write!(out, "{}", magnitude as u64); // writing to a String cannot fail
        return;
    }
    // Rust's `{:e}` gives the shortest round-tripping digits (as ECMAScript's Number::toString requires) as
    // `d[.ddd]e<exp>`; only the notation differs, which ECMA-262 6.1.6.1.20 steps 6-10 decide.
    let scientific = format!("{magnitude:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let mut digits: Vec<u8> = mantissa.bytes().filter(|c| *c != b'.').collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    round_tie_to_even(&mut digits, exponent + 1, magnitude);
    let digits = core::str::from_utf8(&digits).unwrap_or("0"); // ASCII digits by construction
    push_js_notation(out, digits, exponent + 1);
}

/// ECMA-262 breaks a tie between two shortest digit strings equally close to the value by taking the even one;
/// Rust's shortest formatting rounds such ties up (`637099761039132.25` → Rust `…32.3`, JavaScript `…32.2`). With
/// an odd last digit, this checks whether a neighbour with the same length also round-trips and the value lies
/// exactly half-way (using the exact decimal expansion, only in that rare case) and then takes the neighbour.
fn round_tie_to_even(digits: &mut [u8], n: i32, value: f64) {
    let Some(&last) = digits.last() else { return };
    if (last - b'0').is_multiple_of(2) {
        return;
    }
    for neighbour in [last - 1, last + 1] {
        if neighbour > b'9' {
            continue; // `9 + 1` carries: a shorter string, not a tie between equal lengths
        }
        let mut candidate = digits.to_vec();
        *candidate.last_mut().unwrap_or(&mut 0) = neighbour;
        if parse_digits(&candidate, n) != Some(value) {
            continue;
        }
        let mut midpoint = digits.to_vec();
        *midpoint.last_mut().unwrap_or(&mut 0) = last.min(neighbour);
        midpoint.push(b'5');
        if exact_digits(value) == (midpoint, n) {
            digits.copy_from_slice(&candidate);
            return;
        }
    }
}

/// The value `0.digits × 10^n`.
fn parse_digits(digits: &[u8], n: i32) -> Option<f64> {
    let text = format!("0.{}e{n}", core::str::from_utf8(digits).ok()?);
    text.parse().ok()
}

/// The exact decimal expansion of a positive finite `value` as significant digits (no trailing zeros) and point
/// position `n`, as in [`push_js_notation`]. 1100 digits cover any `f64` (at most 767 significant digits).
fn exact_digits(value: f64) -> (Vec<u8>, i32) {
    let text = format!("{value:.1100e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mut digits: Vec<u8> = mantissa.bytes().filter(|c| *c != b'.').collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, exponent.parse::<i32>().unwrap_or(0) + 1)
}

/// ECMA-262 Number::toString notation for the digits `digits` (k of them) and decimal point position `n`
/// (value = 0.digits × 10^n).
fn push_js_notation(out: &mut String, digits: &str, n: i32) {
    let k = digits.len() as i32;
    if k <= n && n <= 21 {
        out.push_str(digits);
        out.extend(core::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(core::iter::repeat_n('0', (-n) as usize));
        out.push_str(digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if n - 1 < 0 { '-' } else { '+' });
        let _ = write!(out, "{}", (n - 1).abs()); // writing to a String cannot fail
    }
}

impl<T: ToEstree + ?Sized> ToEstree for Box<T> {
    fn write_estree(&self, w: &mut EstreeWriter) {
        (**self).write_estree(w);
    }
}

impl<T: ToEstree + ?Sized> ToEstree for &T {
    fn write_estree(&self, w: &mut EstreeWriter) {
        (**self).write_estree(w);
    }
}

/// `None` is `null` (an absent optional child, or a hole in an array).
impl<T: ToEstree> ToEstree for Option<T> {
    fn write_estree(&self, w: &mut EstreeWriter) {
        match self {
            Some(value) => value.write_estree(w),
            None => w.null(),
        }
    }
}

impl<T: ToEstree> ToEstree for [T] {
    fn write_estree(&self, w: &mut EstreeWriter) {
        w.begin_array();
        for item in self {
            item.write_estree(w);
        }
        w.end_array();
    }
}

impl<T: ToEstree> ToEstree for Vec<T> {
    fn write_estree(&self, w: &mut EstreeWriter) {
        self.as_slice().write_estree(w);
    }
}

impl ToEstree for str {
    fn write_estree(&self, w: &mut EstreeWriter) {
        w.string(self);
    }
}

impl ToEstree for String {
    fn write_estree(&self, w: &mut EstreeWriter) {
        w.string(self);
    }
}

impl ToEstree for bool {
    fn write_estree(&self, w: &mut EstreeWriter) {
        w.bool(*self);
    }
}

impl ToEstree for char {
    fn write_estree(&self, w: &mut EstreeWriter) {
        w.string(self.encode_utf8(&mut [0; 4]));
    }
}

macro_rules! numbers_as_f64 {
    ($($ty:ty),*) => {$(
        /// Written as a JavaScript number (integers above 2^53 lose precision, as in JavaScript).
        impl ToEstree for $ty {
            fn write_estree(&self, w: &mut EstreeWriter) {
                w.number(*self as f64);
            }
        }

        impl EstreeText for $ty {
            fn push_text(&self, out: &mut String) {
                // Non-finite values as `NaN` / `Infinity`, as JavaScript's `String(x)` writes them.
                write_js_number(out, *self as f64);
            }
        }
    )*};
}

numbers_as_f64!(f64, f32, u8, u16, u32, u64, i8, i16, i32, i64);

macro_rules! non_zero_numbers {
    ($($ty:ty),*) => {$(
        /// Written as the number it holds (non-zero integers are common external leaf types, for their niche).
        impl ToEstree for core::num::NonZero<$ty> {
            fn write_estree(&self, w: &mut EstreeWriter) {
                self.get().write_estree(w);
            }
        }

        impl EstreeText for core::num::NonZero<$ty> {
            fn push_text(&self, out: &mut String) {
                self.get().push_text(out);
            }
        }
    )*};
}

non_zero_numbers!(u8, u16, u32, u64, i8, i16, i32, i64);

impl EstreeText for str {
    fn push_text(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl EstreeText for String {
    fn push_text(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl EstreeText for bool {
    fn push_text(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl EstreeText for char {
    fn push_text(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: EstreeText + ?Sized> EstreeText for Box<T> {
    fn push_text(&self, out: &mut String) {
        (**self).push_text(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(value: f64) -> String {
        let mut out = String::new();
        write_js_number(&mut out, value);
        out
    }

    fn json(value: &str) -> String {
        let mut out = String::new();
        write_json_string(&mut out, value);
        out
    }

    #[test]
    fn numbers_use_javascript_notation() {
        // Expected values are what `String(x)` gives in JavaScript (ECMA-262 Number::toString).
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.5, "-1.5"),
            (100.0, "100"),
            (0.1, "0.1"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e21, "1e+21"),
            (1.2345e22, "1.2345e+22"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (0.1 + 0.2, "0.30000000000000004"),
            (9007199254740993.0, "9007199254740992"),
            (255.0, "255"),
            (4.35, "4.35"),
            (123.456, "123.456"),
            // A tie between two shortest candidates: JavaScript takes the even digit, Rust's `{}` the upper one.
            (637099761039132.0 + 0.25, "637099761039132.2"),
            (637099761039132.0 + 0.75, "637099761039132.8"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for &(value, expected) in cases {
            assert_eq!(js(value), expected, "formatting {value:?}");
        }
    }

    #[test]
    fn writer_writes_non_finite_numbers_as_null() {
        let mut w = EstreeWriter::new("");
        w.begin_array();
        w.number(f64::INFINITY);
        w.number(f64::NAN);
        w.number(2.5);
        w.end_array();
        assert_eq!(w.into_string(), "[null,null,2.5]");
    }

    #[test]
    fn strings_are_escaped_like_json_stringify() {
        assert_eq!(json("plain"), r#""plain""#);
        assert_eq!(json("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(json("\u{8}\u{c}\n\r\t"), r#""\b\f\n\r\t""#);
        assert_eq!(json("\u{0}\u{1f}\u{b}"), r#""\u0000\u001f\u000b""#);
        // DEL, line/paragraph separators and non-ASCII are not escaped by JSON.stringify.
        assert_eq!(json("\u{7f}\u{2028}\u{2029}é😀"), "\"\u{7f}\u{2028}\u{2029}é😀\"");
    }

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
    fn writer_places_commas_between_members_and_elements() {
        let mut w = EstreeWriter::new("x😀y");
        w.begin_node("N", Span::new(1, 6));
        w.key("list");
        w.begin_array();
        w.null();
        vec![true, false].write_estree(&mut w);
        Some("s".to_string()).write_estree(&mut w);
        w.end_array();
        w.key("nested");
        w.begin_object();
        w.key("a");
        3u32.write_estree(&mut w);
        w.key("b");
        w.raw_json("{}");
        w.end_object();
        w.end_node();
        assert_eq!(
            w.into_string(),
            r#"{"type":"N","start":1,"end":4,"list":[null,[true,false],"s"],"nested":{"a":3,"b":{}}}"#
        );
    }

    #[test]
    fn text_of_values() {
        let mut out = String::new();
        "ab".push_text(&mut out);
        true.push_text(&mut out);
        1e21f64.push_text(&mut out);
        core::num::NonZero::new(7u32).unwrap().push_text(&mut out);
        assert_eq!(out, "abtrue1e+217");
    }
}
