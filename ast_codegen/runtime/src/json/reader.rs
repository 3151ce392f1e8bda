//! [`JsonReader`] and [`FromJson`]: a parsed JSON [`Document`](super::Document) back into a tree, with the JSON path
//! of every value that does not fit (`$.body[3].value.left: expected an object`).

use std::fmt;

use super::{Numbers, Object, Value};
use crate::{LineIndex, Span, Utf16Offsets};

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

/// One step of a JSON path.
#[derive(Clone, Copy, Debug)]
enum Step {
    Key(&'static str),
    Index(usize),
}

/// Reads values out of a parsed document, keeping the JSON path of the value being read for errors.
#[derive(Debug)]
pub struct JsonReader<'s> {
    source: &'s str,
    numbers: Numbers,
    /// Built on the first span read as lines and columns.
    lines: Option<LineIndex>,
    /// Built on the first span read in UTF-16 code units.
    utf16: Option<Utf16Offsets>,
    path: Vec<Step>,
}

impl<'s> JsonReader<'s> {
    /// A reader for a document whose positions refer to `source`, written in the `numbers` style.
    pub fn new(source: &'s str, numbers: Numbers) -> Self {
        JsonReader { source, numbers, lines: None, utf16: None, path: Vec::new() }
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
    pub fn object<'v>(&self, value: Value<'v>) -> Result<Object<'v>, JsonError> {
        value.as_object().ok_or_else(|| self.error(format!("expected an object, found {}", value.kind())))
    }

    /// `value` as a string.
    ///
    /// # Errors
    /// When it is something else.
    pub fn string<'v>(&self, value: Value<'v>) -> Result<&'v str, JsonError> {
        value.as_str().ok_or_else(|| self.error(format!("expected a string, found {}", value.kind())))
    }

    /// Reads member `key` of `object` with `read`, the path extended by the key.
    ///
    /// # Errors
    /// When the member is missing or `read` fails.
    pub fn field<'v, T>(
        &mut self,
        object: Object<'v>,
        key: &'static str,
        read: impl FnOnce(Value<'v>, &mut Self) -> Result<T, JsonError>,
    ) -> Result<T, JsonError> {
        let Some(value) = object.get(key) else {
            return Err(self.error(format!("missing member `{key}`")));
        };
        self.path.push(Step::Key(key));
        let result = read(value, self)?;
        self.path.pop();
        Ok(result)
    }

    /// Reads member `key` of `object` with `read` as [`Self::field`] does, but a missing member reads as `null` (a
    /// field written only when it is not `None`).
    ///
    /// # Errors
    /// When `read` fails.
    pub fn field_or_null<'v, T>(
        &mut self,
        object: Object<'v>,
        key: &'static str,
        read: impl FnOnce(Value<'v>, &mut Self) -> Result<T, JsonError>,
    ) -> Result<T, JsonError> {
        if object.contains_key(key) { self.field(object, key, read) } else { read(Value::null(), self) }
    }

    /// Checks that member `key` of `object` is the JSON value `json` (a member the schema adds with a fixed value).
    ///
    /// # Errors
    /// When the member is missing or another value.
    pub fn expect_json(&mut self, object: Object<'_>, key: &'static str, json: &str) -> Result<(), JsonError> {
        let expected = super::parse(json)?;
        self.field(object, key, |value, r| {
            if value.same_as(expected.root()) {
                Ok(())
            } else {
                Err(r.error(format!("expected {json}, found {value}")))
            }
        })
    }

    /// The string member `key` of `object`: an internally tagged value's tag.
    ///
    /// # Errors
    /// When it is missing or not a string.
    pub fn tag<'v>(&mut self, object: Object<'v>, key: &'static str) -> Result<&'v str, JsonError> {
        self.field(object, key, |value, r| r.string(value))
    }

    /// The one key of `object`: an externally tagged value's variant.
    ///
    /// # Errors
    /// When `object` has no member or several.
    pub fn only_key<'v>(&self, object: Object<'v>) -> Result<&'v str, JsonError> {
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
    pub fn expect_tag(&mut self, object: Object<'_>, key: &'static str, name: &str) -> Result<(), JsonError> {
        let found = self.tag(object, key)?;
        if found == name { Ok(()) } else { Err(self.unknown_tag(key, found, &format!("`{name}`"))) }
    }

    /// The error for tag `found` under `key` (empty: the value itself) where `what` was expected.
    pub fn unknown_tag(&self, key: &str, found: &str, what: &str) -> JsonError {
        if key.is_empty() {
            self.error(format!("{found:?} is not {what}"))
        } else {
            self.error(format!("`{key}` is {found:?}, which is not {what}"))
        }
    }

    /// The error for a value that fits none of the variants tried, `errors` holding each variant's name and error.
    /// When every variant failed for the same reason, that reason alone.
    pub fn none_fits(&self, what: &str, mut errors: Vec<(&str, JsonError)>) -> JsonError {
        if errors.windows(2).all(|pair| pair[0].1 == pair[1].1)
            && let Some((_, error)) = errors.pop()
        {
            return error;
        }
        let reasons: Vec<String> = errors.iter().map(|(variant, e)| format!("as {variant}, {e}")).collect();
        self.error(format!("fits no reading as {what}: {}", reasons.join("; ")))
    }

    /// Checks that `object` has no member besides `known`.
    ///
    /// # Errors
    /// Naming the first unknown member.
    pub fn check_keys(&self, object: Object<'_>, known: &[&str]) -> Result<(), JsonError> {
        match object.keys().find(|key| !known.contains(key)) {
            Some(key) => Err(self.error(format!("unknown member `{key}` (expected {})", known.join(", ")))),
            None => Ok(()),
        }
    }

    /// The span written as `lineno`, `col_offset`, `end_lineno`, `end_col_offset` members of `object`.
    ///
    /// # Errors
    /// When a member is missing, not an integer, or a position lies outside the source.
    pub fn line_col_span(&mut self, object: Object<'_>) -> Result<Span, JsonError> {
        let read = |r: &mut Self, key: &'static str| r.field(object, key, |value, r| u32::read_json(value, r, &mut ()));
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

    /// The span written as `start` and `end` members of `object`, byte offsets into the source.
    ///
    /// # Errors
    /// When a member is missing or not an integer, or the span lies outside the source.
    pub fn offsets_span(&mut self, object: Object<'_>) -> Result<Span, JsonError> {
        let (start, end) = self.start_end(object)?;
        let len = self.source_len();
        let boundary = |offset: u32| self.source.is_char_boundary(offset as usize);
        if start <= end && end <= len && boundary(start) && boundary(end) {
            Ok(Span::new(start, end))
        } else {
            Err(self.error(format!("span {start}..{end} is not a range of characters of the source ({len} bytes)")))
        }
    }

    /// The span written as `start` and `end` members of `object` in UTF-16 code units (JavaScript's offsets),
    /// turned back into byte offsets.
    ///
    /// # Errors
    /// When a member is missing or not an integer, or an offset lies outside the source or inside a character.
    pub fn utf16_span(&mut self, object: Object<'_>) -> Result<Span, JsonError> {
        let (start, end) = self.start_end(object)?;
        let (source, len) = (self.source, self.source_len());
        let utf16 = self.utf16.get_or_insert_with(|| Utf16Offsets::new(source));
        match (utf16.byte(start, len), utf16.byte(end, len)) {
            (Some(start), Some(end)) if start <= end => Ok(Span::new(start, end)),
            _ => Err(self.error(format!("span {start}..{end} (UTF-16) is not a range of characters of the source"))),
        }
    }

    fn start_end(&mut self, object: Object<'_>) -> Result<(u32, u32), JsonError> {
        let start = self.field(object, "start", |value, r| u32::read_json(value, r, &mut ()))?;
        let end = self.field(object, "end", |value, r| u32::read_json(value, r, &mut ()))?;
        Ok((start, end))
    }

    fn source_len(&self) -> u32 {
        // Spans are u32; a longer source cannot be addressed by them, so its tail is out of reach here too.
        u32::try_from(self.source.len()).unwrap_or(u32::MAX)
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

/// A value that can be read from JSON, building nodes with a builder of type `B` (values ignore it). The generated
/// `json.rs` implements it for every schema type with the crate's `AstNodeBuilder`.
pub trait FromJson<B>: Sized {
    /// Reads one value.
    ///
    /// # Errors
    /// When `value` does not fit, at its JSON path.
    fn read_json(value: Value<'_>, r: &mut JsonReader<'_>, b: &mut B) -> Result<Self, JsonError>;
}

impl<B, T: FromJson<B>> FromJson<B> for Box<T> {
    fn read_json(value: Value<'_>, r: &mut JsonReader<'_>, b: &mut B) -> Result<Self, JsonError> {
        T::read_json(value, r, b).map(Box::new)
    }
}

impl<B, T: FromJson<B>> FromJson<B> for Option<T> {
    fn read_json(value: Value<'_>, r: &mut JsonReader<'_>, b: &mut B) -> Result<Self, JsonError> {
        if value.is_null() { Ok(None) } else { T::read_json(value, r, b).map(Some) }
    }
}

impl<B, T: FromJson<B>> FromJson<B> for Vec<T> {
    fn read_json(value: Value<'_>, r: &mut JsonReader<'_>, b: &mut B) -> Result<Self, JsonError> {
        let Some(items) = value.as_array() else {
            return Err(r.error(format!("expected an array, found {}", value.kind())));
        };
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.enumerate() {
            r.path.push(Step::Index(index));
            out.push(T::read_json(item, r, b)?);
            r.path.pop();
        }
        Ok(out)
    }
}

impl<B> FromJson<B> for String {
    fn read_json(value: Value<'_>, r: &mut JsonReader<'_>, _: &mut B) -> Result<Self, JsonError> {
        r.string(value).map(str::to_string)
    }
}

impl<B> FromJson<B> for char {
    fn read_json(value: Value<'_>, r: &mut JsonReader<'_>, _: &mut B) -> Result<Self, JsonError> {
        let text = r.string(value)?;
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(r.error("expected a string of one character")),
        }
    }
}

impl<B> FromJson<B> for bool {
    fn read_json(value: Value<'_>, r: &mut JsonReader<'_>, _: &mut B) -> Result<Self, JsonError> {
        value.as_bool().ok_or_else(|| r.error(format!("expected a boolean, found {}", value.kind())))
    }
}

/// A number; in the JavaScript style also `null`, which `JSON.stringify` writes for NaN and the infinities and which
/// reads back as `+Infinity`, the one non-finite value a JavaScript numeric literal can have (`1e400`).
impl<B> FromJson<B> for f64 {
    fn read_json(value: Value<'_>, r: &mut JsonReader<'_>, _: &mut B) -> Result<Self, JsonError> {
        match value.as_f64() {
            Some(number) => Ok(number),
            None if value.is_null() && r.numbers == Numbers::JavaScript => Ok(f64::INFINITY),
            None => Err(r.error(format!("expected a number, found {}", value.kind()))),
        }
    }
}

impl<B> FromJson<B> for f32 {
    fn read_json(value: Value<'_>, r: &mut JsonReader<'_>, b: &mut B) -> Result<Self, JsonError> {
        f64::read_json(value, r, b).map(|v| v as f32)
    }
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl<B> FromJson<B> for $ty {
            fn read_json(value: Value<'_>, r: &mut JsonReader<'_>, _: &mut B) -> Result<Self, JsonError> {
                // An integer-typed number only: `1.0` is a float, which an untagged reading must tell apart.
                value.as_integer().and_then(|v| <$ty>::try_from(v).ok()).ok_or_else(|| {
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
pub fn read_hex(value: Value<'_>, r: &mut JsonReader<'_>) -> Result<Vec<u8>, JsonError> {
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
