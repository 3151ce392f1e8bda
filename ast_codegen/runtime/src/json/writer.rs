//! [`JsonWriter`] and [`ToJson`]: compact JSON text (no spaces), numbers and strings as Python's `json.dumps`
//! writes them, spans as lines and columns where a schema asks for it.

use super::{write_json_string, write_py_float, write_py_int};
use crate::{LineIndex, Span};

/// Writes one JSON document into a string, inserting the commas between members and elements itself.
#[derive(Debug)]
pub struct JsonWriter<'s> {
    out: String,
    source: &'s str,
    lines: Option<LineIndex>,
    /// True after a value: the next member or element needs a comma first.
    after_value: bool,
}

impl<'s> JsonWriter<'s> {
    /// A writer for a tree whose spans are byte offsets into `source`.
    pub fn new(source: &'s str) -> Self {
        JsonWriter { out: String::with_capacity(source.len() * 8), source, lines: None, after_value: false }
    }

    /// The JSON written so far.
    pub fn into_string(self) -> String {
        self.out
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
        self.before_value();
        self.out.push_str("null");
        self.after_value = true;
    }

    /// `true` / `false`.
    pub fn bool(&mut self, value: bool) {
        self.before_value();
        self.out.push_str(if value { "true" } else { "false" });
        self.after_value = true;
    }

    /// An integer.
    pub fn int(&mut self, value: i64) {
        self.before_value();
        write_py_int(&mut self.out, value);
        self.after_value = true;
    }

    /// A float as `json.dumps` writes it: `repr` for finite values, `Infinity`, `-Infinity`, `NaN` otherwise.
    pub fn float(&mut self, value: f64) {
        self.before_value();
        if value.is_finite() {
            write_py_float(&mut self.out, value);
        } else if value.is_nan() {
            self.out.push_str("NaN");
        } else {
            self.out.push_str(if value > 0.0 { "Infinity" } else { "-Infinity" });
        }
        self.after_value = true;
    }

    /// A string.
    pub fn string(&mut self, value: &str) {
        self.before_value();
        write_json_string(&mut self.out, value);
        self.after_value = true;
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

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        (**self).write_json(w);
    }
}

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
            Err(_) => {
                // Past i64: the digits, still a JSON integer.
                w.before_value();
                w.out.push_str(&self.to_string());
                w.after_value = true;
            }
        }
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
