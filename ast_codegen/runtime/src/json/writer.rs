//! [`JsonWriter`] and [`ToJson`]: compact JSON text (no spaces), numbers in JavaScript's or Python's style, spans
//! as offsets or as lines and columns where a schema asks for them.

use super::{write_js_number, write_json_string, write_py_float, write_py_int};
use crate::{LineIndex, Span, Utf16Offsets};

/// How floats are written: the style of the tool whose output the JSON should match byte for byte.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Numbers {
    /// As Python's `json.dumps` writes a `float`: `repr` (`1.0`, `1e-05`, `1e+16`), `NaN` / `Infinity` otherwise.
    #[default]
    Python,
    /// As JavaScript's `JSON.stringify` writes a number: `Number.prototype.toString` (`1`, `1e-7`, `1e+21`), `null`
    /// for NaN and the infinities.
    JavaScript,
}

/// Writes one JSON document into a string, inserting the commas between members and elements itself.
///
/// The writer does not check that calls are balanced; the generated impls always are.
#[derive(Debug)]
pub struct JsonWriter<'s> {
    out: String,
    source: &'s str,
    numbers: Numbers,
    /// Built on the first span written as lines and columns.
    lines: Option<LineIndex>,
    /// Built on the first span written in UTF-16 code units.
    utf16: Option<Utf16Offsets>,
    /// True after a value: the next member or element needs a comma first.
    after_value: bool,
}

impl<'s> JsonWriter<'s> {
    /// A writer for a tree whose spans are byte offsets into `source`, with room for `capacity` bytes of JSON.
    pub fn new(source: &'s str, numbers: Numbers, capacity: usize) -> Self {
        JsonWriter {
            out: String::with_capacity(capacity),
            source,
            numbers,
            lines: None,
            utf16: None,
            after_value: false,
        }
    }

    /// The number style this writer writes floats in.
    pub fn numbers(&self) -> Numbers {
        self.numbers
    }

    /// The JSON written so far.
    pub fn into_string(self) -> String {
        self.out
    }

    /// The JSON written so far, borrowed.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    fn before_value(&mut self) {
        if self.after_value {
            self.out.push(',');
        }
    }

    /// Opens an object (as a value: after a key, or as an array element).
    pub fn begin_object(&mut self) {
        self.before_value();
        self.out.push('{');
        self.after_value = false;
    }

    /// Closes the current object.
    pub fn end_object(&mut self) {
        self.out.push('}');
        self.after_value = true;
    }

    /// Opens an array.
    pub fn begin_array(&mut self) {
        self.before_value();
        self.out.push('[');
        self.after_value = false;
    }

    /// Closes the current array.
    pub fn end_array(&mut self) {
        self.out.push(']');
        self.after_value = true;
    }

    /// Starts the member `key` of the current object; its value comes next.
    pub fn key(&mut self, key: &str) {
        self.before_value();
        write_json_string(&mut self.out, key);
        self.out.push(':');
        self.after_value = false;
    }

    /// `null`.
    pub fn null(&mut self) {
        self.raw_json("null");
    }

    /// `true` / `false`.
    pub fn bool(&mut self, value: bool) {
        self.raw_json(if value { "true" } else { "false" });
    }

    /// An integer, as its exact digits in both number styles.
    pub fn int(&mut self, value: i64) {
        self.before_value();
        write_py_int(&mut self.out, value);
        self.after_value = true;
    }

    /// A float, in the writer's [`Numbers`] style.
    pub fn float(&mut self, value: f64) {
        self.before_value();
        match self.numbers {
            Numbers::JavaScript if value.is_finite() => write_js_number(&mut self.out, value),
            Numbers::JavaScript => self.out.push_str("null"),
            Numbers::Python if value.is_finite() => write_py_float(&mut self.out, value),
            Numbers::Python if value.is_nan() => self.out.push_str("NaN"),
            Numbers::Python => self.out.push_str(if value > 0.0 { "Infinity" } else { "-Infinity" }),
        }
        self.after_value = true;
    }

    /// A string.
    pub fn string(&mut self, value: &str) {
        self.before_value();
        write_json_string(&mut self.out, value);
        self.after_value = true;
    }

    /// A JSON value given as text, unchanged (the caller guarantees it is valid JSON).
    pub fn raw_json(&mut self, json: &str) {
        self.before_value();
        self.out.push_str(json);
        self.after_value = true;
    }

    /// Writes `span` as the members `start` and `end`, byte offsets into the source.
    pub fn offsets_span(&mut self, span: Span) {
        self.key("start");
        self.int(i64::from(span.start));
        self.key("end");
        self.int(i64::from(span.end));
    }

    /// Writes `span` as the members `start` and `end` in UTF-16 code units, as JavaScript tools report offsets.
    pub fn utf16_span(&mut self, span: Span) {
        let source = self.source;
        let utf16 = self.utf16.get_or_insert_with(|| Utf16Offsets::new(source));
        let (start, end) = (utf16.utf16(span.start), utf16.utf16(span.end));
        self.key("start");
        self.int(i64::from(start));
        self.key("end");
        self.int(i64::from(end));
    }

    /// Writes `span` as the members `lineno`, `col_offset`, `end_lineno`, `end_col_offset` (1-based lines, 0-based
    /// columns in UTF-8 bytes, as CPython's `ast` reports positions), computed from the source.
    pub fn line_col_span(&mut self, span: Span) {
        let source = self.source;
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(source));
        let ((line, column), (end_line, end_column)) = (lines.line_col(span.start), lines.line_col(span.end));
        for (key, value) in
            [("lineno", line), ("col_offset", column), ("end_lineno", end_line), ("end_col_offset", end_column)]
        {
            self.key(key);
            self.int(i64::from(value));
        }
    }
}

/// A value that can write itself as JSON. The generated `json.rs` implements it for every schema type.
pub trait ToJson {
    /// Writes `self` as one JSON value.
    fn write_json(&self, w: &mut JsonWriter<'_>);
}

/// A value that can be turned into plain text, for a JSON member computed from a format string
/// (`#[json(add_field(name = "raw", format = "/{pattern}/{flags}"))]`).
pub trait JsonText {
    /// Appends this value as text (not JSON: strings are not quoted; numbers in the `numbers` style's notation,
    /// non-finite ones as that language's `str` writes them).
    fn push_text(&self, out: &mut String, numbers: Numbers);
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        (**self).write_json(w);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        (**self).write_json(w);
    }
}

/// `None` is `null` (an absent optional child, or a hole in an array).
impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        match self {
            Some(value) => value.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.begin_array();
        for item in self {
            item.write_json(w);
        }
        w.end_array();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        self.as_slice().write_json(w);
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.string(self);
    }
}

impl ToJson for char {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.string(self.encode_utf8(&mut [0; 4]));
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.bool(*self);
    }
}

impl ToJson for f64 {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.float(*self);
    }
}

impl ToJson for f32 {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.float(f64::from(*self));
    }
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl ToJson for $ty {
            fn write_json(&self, w: &mut JsonWriter<'_>) {
                w.int(i64::from(*self));
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, u8, u16, u32);

impl ToJson for u64 {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        match i64::try_from(*self) {
            Ok(value) => w.int(value),
            // Past i64: the digits, still a JSON integer.
            Err(_) => w.raw_json(&self.to_string()),
        }
    }
}

macro_rules! non_zero_numbers {
    ($($ty:ty),*) => {$(
        /// Written as the number it holds (non-zero integers are common external leaf types, for their niche).
        impl ToJson for core::num::NonZero<$ty> {
            fn write_json(&self, w: &mut JsonWriter<'_>) {
                self.get().write_json(w);
            }
        }

        impl JsonText for core::num::NonZero<$ty> {
            fn push_text(&self, out: &mut String, numbers: Numbers) {
                self.get().push_text(out, numbers);
            }
        }
    )*};
}

non_zero_numbers!(u8, u16, u32, u64, i8, i16, i32, i64);

macro_rules! integer_text {
    ($($ty:ty),*) => {$(
        impl JsonText for $ty {
            fn push_text(&self, out: &mut String, _: Numbers) {
                use core::fmt::Write as _;
                let _ = write!(out, "{self}"); // writing to a String cannot fail
            }
        }
    )*};
}

integer_text!(i8, i16, i32, i64, u8, u16, u32, u64);

impl JsonText for f64 {
    fn push_text(&self, out: &mut String, numbers: Numbers) {
        match numbers {
            // `NaN` / `Infinity` for non-finite values, as JavaScript's `String(x)` writes them.
            Numbers::JavaScript => write_js_number(out, *self),
            Numbers::Python => write_py_float(out, *self),
        }
    }
}

impl JsonText for f32 {
    fn push_text(&self, out: &mut String, numbers: Numbers) {
        f64::from(*self).push_text(out, numbers);
    }
}

impl JsonText for str {
    fn push_text(&self, out: &mut String, _: Numbers) {
        out.push_str(self);
    }
}

impl JsonText for String {
    fn push_text(&self, out: &mut String, _: Numbers) {
        out.push_str(self);
    }
}

impl JsonText for bool {
    fn push_text(&self, out: &mut String, numbers: Numbers) {
        out.push_str(match (numbers, *self) {
            (Numbers::JavaScript, true) => "true",
            (Numbers::JavaScript, false) => "false",
            (Numbers::Python, true) => "True",
            (Numbers::Python, false) => "False",
        });
    }
}

impl JsonText for char {
    fn push_text(&self, out: &mut String, _: Numbers) {
        out.push(*self);
    }
}

impl<T: JsonText + ?Sized> JsonText for Box<T> {
    fn push_text(&self, out: &mut String, numbers: Numbers) {
        (**self).push_text(out, numbers);
    }
}

/// Writes `bytes` as a string of lowercase hex digits (`#[json(with = "hex")]`).
pub fn write_hex(bytes: &[u8], w: &mut JsonWriter<'_>) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    w.string(&text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_follow_the_number_style() {
        let write = |numbers| {
            let mut w = JsonWriter::new("", numbers, 0);
            w.begin_array();
            for value in [1.0, 1e21, 1e-7, f64::INFINITY, f64::NAN] {
                w.float(value);
            }
            w.end_array();
            w.into_string()
        };
        assert_eq!(write(Numbers::JavaScript), "[1,1e+21,1e-7,null,null]");
        assert_eq!(write(Numbers::Python), "[1.0,1e+21,1e-07,Infinity,NaN]");
    }

    #[test]
    fn commas_go_between_members_and_elements() {
        let mut w = JsonWriter::new("x😀y", Numbers::JavaScript, 0);
        w.begin_object();
        w.key("type");
        w.string("N");
        w.utf16_span(Span::new(1, 6));
        w.key("list");
        w.begin_array();
        w.null();
        vec![true, false].write_json(&mut w);
        Some("s".to_string()).write_json(&mut w);
        w.end_array();
        w.key("nested");
        w.begin_object();
        w.key("a");
        3u32.write_json(&mut w);
        w.key("b");
        w.raw_json("{}");
        w.end_object();
        w.offsets_span(Span::new(1, 6));
        w.end_object();
        assert_eq!(
            w.into_string(),
            r#"{"type":"N","start":1,"end":4,"list":[null,[true,false],"s"],"nested":{"a":3,"b":{}},"start":1,"end":6}"#
        );
    }

    #[test]
    fn text_of_values() {
        let mut out = String::new();
        "ab".push_text(&mut out, Numbers::JavaScript);
        true.push_text(&mut out, Numbers::JavaScript);
        1e21f64.push_text(&mut out, Numbers::JavaScript);
        core::num::NonZero::new(7u32).unwrap().push_text(&mut out, Numbers::JavaScript);
        assert_eq!(out, "abtrue1e+217");
        let mut out = String::new();
        true.push_text(&mut out, Numbers::Python);
        1e21f64.push_text(&mut out, Numbers::Python);
        assert_eq!(out, "True1e+21");
    }
}
