//! JSON in both directions for generated ASTs (cargo feature `json`), language-neutral: the generated `json.rs` of
//! a crate writes and reads each type as its schema's `#[json]` knobs say, through the pieces here.
//!
//! - [`JsonWriter`] and [`ToJson`] write compact JSON text (no spaces). Numbers follow one of two [`Numbers`]
//!   styles, so that output can be compared byte for byte with another tool's: `JSON.stringify` (JavaScript,
//!   [`write_js_number`]) or Python's `json.dumps` ([`write_py_float`], [`write_py_int`]). Strings are escaped as
//!   both escape them ([`write_json_string`]). Spans are written as byte offsets, as UTF-16 offsets (JavaScript's
//!   string indices, through [`Utf16Offsets`](crate::Utf16Offsets)) or as lines and columns
//!   ([`LineIndex`](crate::LineIndex)).
//! - [`parse`] reads JSON text into a [`Document`] (one `Vec` of values, strings borrowed from the text), and
//!   [`JsonReader`] and [`FromJson`] read a tree out of it, with the JSON path of every value that does not fit.
//!
//! Nothing here knows a language; the number and string helpers are exact against node and python3
//! (`tests/js_number_node.rs`, `tests/py_json_python.rs`).

mod document;
mod js_number;
mod py_number;
mod reader;
mod string;
mod writer;

pub use document::{Document, Object, Value, parse};
pub use js_number::write_js_number;
pub use py_number::{write_py_float, write_py_int};
pub use reader::{FromJson, JsonError, JsonReader, read_hex};
pub use string::write_json_string;
pub use writer::{JsonText, JsonWriter, Numbers, ToJson, write_hex};
