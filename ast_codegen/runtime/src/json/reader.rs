//! [`JsonReader`] and [`FromJson`]: a parsed JSON document (serde_json's [`Value`]) back into a tree, with the JSON
//! path of every value that does not fit (`$.body[3].value.left: expected an object`).

use std::fmt;

pub use serde_json::Value;

use crate::{LineIndex, Span};

/// A JSON object.
pub type Map = serde_json::Map<String, Value>;

/// A value that does not fit, or text that is not JSON: where (a JSON path) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// The JSON path of the value: `$`, `$.body[3].value`.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for JsonError {}

/// Parses JSON text (floats exactly: serde_json's `float_roundtrip`).
///
/// # Errors
/// When `text` is not JSON, with serde_json's line and column.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    serde_json::from_str(text).map_err(|e| JsonError { path: "$".into(), message: e.to_string() })
}

/// One step of a JSON path.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Reads values out of a parsed document, keeping the JSON path of the value being read for errors.
#[derive(Debug)]
pub struct JsonReader<'s> {
    source: &'s str,
    lines: Option<LineIndex>,
    path: Vec<Step>,
}

impl<'s> JsonReader<'s> {
    /// A reader for a document whose positions refer to `source`.
    pub fn new(source: &'s str) -> Self {
        JsonReader { source, lines: None, path: Vec::new() }
    }

    /// An error at the current path.
    pub fn error(&self, message: impl Into<String>) -> JsonError {
        let mut path = String::from("$");
        for step in &self.path {
            match step {
                Step::Key(key) => {
                    path.push('.');
                    path.push_str(key);
                }
                Step::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        JsonError { path, message: message.into() }
    }

    /// `value` as an object.
    ///
    /// # Errors
    /// When it is something else.
    pub fn object<'v>(&self, value: &'v Value) -> Result<&'v Map, JsonError> {
        value.as_object().ok_or_else(|| self.error(format!("expected an object, found {}", kind(value))))
    }

    /// `value` as a string.
    ///
    /// # Errors
    /// When it is something else.
    pub fn string<'v>(&self, value: &'v Value) -> Result<&'v str, JsonError> {
        value.as_str().ok_or_else(|| self.error(format!("expected a string, found {}", kind(value))))
    }

    /// Reads member `key` of `object` with `read`, the path extended by the key.
    ///
    /// # Errors
    /// When the member is missing or `read` fails.
    pub fn field<'v, T>(
        &mut self,
        object: &'v Map,
        key: &str,
        read: impl FnOnce(&'v Value, &mut Self) -> Result<T, JsonError>,
    ) -> Result<T, JsonError> {
        let Some(value) = object.get(key) else {
            return Err(self.error(format!("missing member `{key}`")));
        };
        self.path.push(Step::Key(key.to_string()));
        let result = read(value, self)?;
        self.path.pop();
        Ok(result)
    }

    /// The string member `key` of `object`: an internally tagged value's tag.
    ///
    /// # Errors
    /// When it is missing or not a string.
    pub fn tag<'v>(&mut self, object: &'v Map, key: &str) -> Result<&'v str, JsonError> {
        self.field(object, key, |value, r| r.string(value))
    }

    /// The one key of `object`: an externally tagged value's variant.
    ///
    /// # Errors
    /// When `object` has no member or several.
    pub fn only_key<'v>(&self, object: &'v Map) -> Result<&'v str, JsonError> {
        let mut keys = object.keys();
        match (keys.next(), keys.next()) {
            (Some(key), None) => Ok(key),
            _ => Err(self.error(format!("expected an object with one member (the variant), found {}", object.len()))),
        }
    }

    /// Checks that member `key` of `object` is the string `name`.
    ///
    /// # Errors
    /// When it is missing or another value.
    pub fn expect_tag(&mut self, object: &Map, key: &str, name: &str) -> Result<(), JsonError> {
        let found = self.tag(object, key)?;
        if found == name { Ok(()) } else { Err(self.unknown_tag(key, found, &format!("`{name}`"))) }
    }

    /// The error for tag `found` under `key` where `what` was expected.
    pub fn unknown_tag(&self, key: &str, found: &str, what: &str) -> JsonError {
        self.error(format!("`{key}` is {found:?}, which is not {what}"))
    }

    /// Checks that `object` has no member besides `known`.
    ///
    /// # Errors
    /// Naming the first unknown member.
    pub fn check_keys(&self, object: &Map, known: &[&str]) -> Result<(), JsonError> {
        match object.keys().find(|key| !known.contains(&key.as_str())) {
            Some(key) => Err(self.error(format!("unknown member `{key}` (expected {})", known.join(", ")))),
            None => Ok(()),
        }
    }

    /// The span written as `lineno`, `col_offset`, `end_lineno`, `end_col_offset` members of `object`.
    ///
    /// # Errors
    /// When a member is missing, not an integer, or a position lies outside the source.
    pub fn line_col_span(&mut self, object: &Map) -> Result<Span, JsonError> {
        let read = |r: &mut Self, key: &str| r.field(object, key, |value, r| u32::read_json(value, r, &mut ()));
        let (line, column) = (read(self, "lineno")?, read(self, "col_offset")?);
        let (end_line, end_column) = (read(self, "end_lineno")?, read(self, "end_col_offset")?);
        let source = self.source;
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(source));
        let (start, end, line_count) =
            (lines.offset(line, column), lines.offset(end_line, end_column), lines.line_count());
        match (start, end) {
            (Some(start), Some(end)) => Ok(Span::new(start, end)),
            _ => Err(self.error(format!(
                "position {line}:{column}-{end_line}:{end_column} lies outside the source ({line_count} lines)"
            ))),
        }
    }

    /// Runs `read`; on failure the path is left as it was, so another reading can be tried (untagged variants).
    ///
    /// # Errors
    /// `read`'s error.
    pub fn attempt<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T, JsonError>) -> Result<T, JsonError> {
        let depth = self.path.len();
        let result = read(self);
        self.path.truncate(depth);
        result
    }
}

/// What kind of JSON value `value` is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value that can be read from JSON, building nodes with a builder of type `B` (values ignore it). The generated
/// `json.rs` implements it for every schema type with the crate's `AstNodeBuilder`.
pub trait FromJson<B>: Sized {
    /// Reads one value.
    ///
    /// # Errors
    /// When `value` does not fit, at its JSON path.
    fn read_json(value: &Value, r: &mut JsonReader<'_>, b: &mut B) -> Result<Self, JsonError>;
}

impl<B, T: FromJson<B>> FromJson<B> for Box<T> {
    fn read_json(value: &Value, r: &mut JsonReader<'_>, b: &mut B) -> Result<Self, JsonError> {
        T::read_json(value, r, b).map(Box::new)
    }
}

impl<B, T: FromJson<B>> FromJson<B> for Option<T> {
    fn read_json(value: &Value, r: &mut JsonReader<'_>, b: &mut B) -> Result<Self, JsonError> {
        if value.is_null() { Ok(None) } else { T::read_json(value, r, b).map(Some) }
    }
}

impl<B, T: FromJson<B>> FromJson<B> for Vec<T> {
    fn read_json(value: &Value, r: &mut JsonReader<'_>, b: &mut B) -> Result<Self, JsonError> {
        let Some(items) = value.as_array() else {
            return Err(r.error(format!("expected an array, found {}", kind(value))));
        };
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            r.path.push(Step::Index(index));
            out.push(T::read_json(item, r, b)?);
            r.path.pop();
        }
        Ok(out)
    }
}

impl<B> FromJson<B> for String {
    fn read_json(value: &Value, r: &mut JsonReader<'_>, _: &mut B) -> Result<Self, JsonError> {
        r.string(value).map(str::to_string)
    }
}

impl<B> FromJson<B> for char {
    fn read_json(value: &Value, r: &mut JsonReader<'_>, _: &mut B) -> Result<Self, JsonError> {
        let text = r.string(value)?;
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(r.error("expected a string of one character")),
        }
    }
}

impl<B> FromJson<B> for bool {
    fn read_json(value: &Value, r: &mut JsonReader<'_>, _: &mut B) -> Result<Self, JsonError> {
        value.as_bool().ok_or_else(|| r.error(format!("expected a boolean, found {}", kind(value))))
    }
}

impl<B> FromJson<B> for f64 {
    fn read_json(value: &Value, r: &mut JsonReader<'_>, _: &mut B) -> Result<Self, JsonError> {
        value.as_f64().ok_or_else(|| r.error(format!("expected a number, found {}", kind(value))))
    }
}

impl<B> FromJson<B> for f32 {
    fn read_json(value: &Value, r: &mut JsonReader<'_>, b: &mut B) -> Result<Self, JsonError> {
        f64::read_json(value, r, b).map(|v| v as f32)
    }
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl<B> FromJson<B> for $ty {
            fn read_json(value: &Value, r: &mut JsonReader<'_>, _: &mut B) -> Result<Self, JsonError> {
                // An integer-typed number only: `1.0` is a float, which an untagged reading must tell apart.
                let integer = value.as_i64().map(i128::from).or_else(|| value.as_u64().map(i128::from));
                integer.and_then(|v| <$ty>::try_from(v).ok()).ok_or_else(|| {
                    r.error(format!("expected an integer that fits {}, found {value}", stringify!($ty)))
                })
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, u8, u16, u32, u64);

/// Reads a string of hex digits as bytes (`#[json(with = "hex")]`).
///
/// # Errors
/// When `value` is not a string of an even number of hex digits.
pub fn read_hex(value: &Value, r: &mut JsonReader<'_>) -> Result<Vec<u8>, JsonError> {
    let text = r.string(value)?;
    let digit = |c: u8| (c as char).to_digit(16);
    if text.len() % 2 != 0 {
        return Err(r.error("expected an even number of hex digits"));
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| match (digit(pair[0]), digit(pair[1])) {
            (Some(high), Some(low)) => Ok((high * 16 + low) as u8),
            _ => Err(r.error("expected hex digits")),
        })
        .collect()
}
