//! The streaming JSON writer the generated `ToEstree` impls write through.

use core::fmt::Write as _;

use super::{Utf16Offsets, write_js_number, write_json_string};
use crate::Span;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estree::ToEstree;

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
}
