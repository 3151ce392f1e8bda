//! A parsed JSON document held as a tape: every value in one `Vec` in document order, the members of each object
//! and the elements of each array in one shared `Vec` each, strings and numbers borrowed from the text (a string is
//! copied only when it has escapes). Reading a tree walks it through [`Value`] handles.
//!
//! Why not serde_json's `Value`: it allocates a map per object and a `String` per key and string, and reading
//! CPython's AST of a large file spent most of its time there (`cargo bench -p python_example --bench
//! python_trees` measures both side by side). The parser is iterative, so nesting depth costs heap, not stack.

use std::borrow::Cow;
use std::fmt;

use super::{JsonError, write_json_string};

/// A parsed JSON document; [`Document::root`] is its value.
#[derive(Debug)]
pub struct Document<'t> {
    /// Every value, in document order (a container before its contents).
    slots: Vec<Slot<'t>>,
    /// The members of every object, each object's contiguous: its key and the index of its value in `slots`.
    members: Vec<(Cow<'t, str>, u32)>,
    /// The elements of every array, each array's contiguous: indices into `slots`.
    elements: Vec<u32>,
}

#[derive(Debug)]
enum Slot<'t> {
    Null,
    Bool(bool),
    /// A number as written; `integer` when it has neither a fraction nor an exponent.
    Number {
        text: &'t str,
        integer: bool,
    },
    String(Cow<'t, str>),
    /// `len` members from `members[start]`.
    Object {
        start: u32,
        len: u32,
    },
    /// `len` elements from `elements[start]`.
    Array {
        start: u32,
        len: u32,
    },
}

/// One value of a [`Document`]: a copyable handle.
#[derive(Clone, Copy)]
pub struct Value<'d> {
    document: &'d Document<'d>,
    index: u32,
}

/// An object of a [`Document`]: its members in document order.
#[derive(Clone, Copy)]
pub struct Object<'d> {
    document: &'d Document<'d>,
    members: &'d [(Cow<'d, str>, u32)],
}

impl<'t> Document<'t> {
    /// The document's value.
    pub fn root(&self) -> Value<'_> {
        Value { document: self, index: 0 }
    }
}

/// A document of one `null`, for [`Value::null`].
static NULL: std::sync::LazyLock<Document<'static>> =
    std::sync::LazyLock::new(|| Document { slots: vec![Slot::Null], members: Vec::new(), elements: Vec::new() });

impl<'d> Value<'d> {
    /// A `null` that belongs to no parsed document (what a missing optional member reads as).
    pub fn null() -> Value<'static> {
        Value { document: &NULL, index: 0 }
    }

    fn slot(self) -> &'d Slot<'d> {
        &self.document.slots[self.index as usize]
    }

    /// True for `null`.
    pub fn is_null(self) -> bool {
        matches!(self.slot(), Slot::Null)
    }

    /// The value of a boolean.
    pub fn as_bool(self) -> Option<bool> {
        match self.slot() {
            Slot::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// A number as the nearest double (exactly as written when it is one: the conversion is correctly rounded).
    pub fn as_f64(self) -> Option<f64> {
        match self.slot() {
            Slot::Number { text, .. } => text.parse().ok(),
            _ => None,
        }
    }

    /// A number written as an integer (no fraction, no exponent) that fits an `i128`.
    pub fn as_integer(self) -> Option<i128> {
        match self.slot() {
            Slot::Number { text, integer: true } => text.parse().ok(),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(self) -> Option<&'d str> {
        match self.slot() {
            Slot::String(text) => Some(text),
            _ => None,
        }
    }

    /// The members of an object.
    pub fn as_object(self) -> Option<Object<'d>> {
        match self.slot() {
            Slot::Object { start, len } => {
                let members = &self.document.members[*start as usize..(*start + *len) as usize];
                Some(Object { document: self.document, members })
            }
            _ => None,
        }
    }

    /// The elements of an array.
    pub fn as_array(self) -> Option<impl ExactSizeIterator<Item = Value<'d>> + 'd> {
        match self.slot() {
            Slot::Array { start, len } => {
                let document = self.document;
                let elements = &document.elements[*start as usize..(*start + *len) as usize];
                Some(elements.iter().map(move |&index| Value { document, index }))
            }
            _ => None,
        }
    }

    /// What kind of value this is, for messages: `null`, `a boolean`, `a number`, ...
    pub fn kind(self) -> &'static str {
        match self.slot() {
            Slot::Null => "null",
            Slot::Bool(_) => "a boolean",
            Slot::Number { .. } => "a number",
            Slot::String(_) => "a string",
            Slot::Array { .. } => "an array",
            Slot::Object { .. } => "an object",
        }
    }

    /// True when both are the same JSON value (objects compared as maps, numbers by value).
    pub fn same_as(self, other: Value<'_>) -> bool {
        match (self.slot(), other.slot()) {
            (Slot::Null, Slot::Null) => true,
            (Slot::Bool(a), Slot::Bool(b)) => a == b,
            (Slot::Number { .. }, Slot::Number { .. }) => self.as_f64() == other.as_f64(),
            (Slot::String(a), Slot::String(b)) => a == b,
            (Slot::Array { .. }, Slot::Array { .. }) => match (self.as_array(), other.as_array()) {
                (Some(a), Some(b)) => a.len() == b.len() && a.zip(b).all(|(a, b)| a.same_as(b)),
                _ => false,
            },
            (Slot::Object { .. }, Slot::Object { .. }) => match (self.as_object(), other.as_object()) {
                (Some(a), Some(b)) => {
                    a.len() == b.len() && a.iter().all(|(key, a)| b.get(key).is_some_and(|b| a.same_as(b)))
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// Compact JSON text of the value, for messages.
impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.slot() {
            Slot::Null => f.write_str("null"),
            Slot::Bool(value) => write!(f, "{value}"),
            Slot::Number { text, .. } => f.write_str(text),
            Slot::String(text) => {
                let mut quoted = String::new();
                write_json_string(&mut quoted, text);
                f.write_str(&quoted)
            }
            Slot::Array { .. } => {
                f.write_str("[")?;
                for (i, element) in self.as_array().into_iter().flatten().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{element}")?;
                }
                f.write_str("]")
            }
            Slot::Object { .. } => {
                f.write_str("{")?;
                for (i, (key, value)) in self.as_object().into_iter().flat_map(|o| o.iter()).enumerate() {
                    let mut quoted = String::new();
                    write_json_string(&mut quoted, key);
                    write!(f, "{}{quoted}:{value}", if i > 0 { "," } else { "" })?;
                }
                f.write_str("}")
            }
        }
    }
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl<'d> Object<'d> {
    /// The value of member `key` (the first, should the text repeat a key).
    pub fn get(self, key: &str) -> Option<Value<'d>> {
        // Objects of an AST are small (a handful of members): a scan beats hashing.
        self.members.iter().find(|(k, _)| k == key).map(|&(_, index)| Value { document: self.document, index })
    }

    /// True when the object has member `key`.
    pub fn contains_key(self, key: &str) -> bool {
        self.members.iter().any(|(k, _)| k == key)
    }

    /// How many members it has.
    pub fn len(self) -> usize {
        self.members.len()
    }

    /// True when it has no member.
    pub fn is_empty(self) -> bool {
        self.members.is_empty()
    }

    /// The keys, in document order.
    pub fn keys(self) -> impl Iterator<Item = &'d str> {
        self.members.iter().map(|(key, _)| &**key)
    }

    /// The members, in document order.
    pub fn iter(self) -> impl Iterator<Item = (&'d str, Value<'d>)> {
        let document = self.document;
        self.members.iter().map(move |(key, index)| (&**key, Value { document, index: *index }))
    }
}

impl fmt::Debug for Object<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Parses JSON text (RFC 8259: one value, surrounded by whitespace at most) into a [`Document`].
///
/// # Errors
/// When `text` is not JSON, with the line and column where it stops being JSON.
pub fn parse(text: &str) -> Result<Document<'_>, JsonError> {
    Parser::new(text).document()
}

/// An open object or array while parsing.
struct Open {
    /// Its slot.
    slot: u32,
    /// Where its members or elements start on the scratch stack.
    scratch_start: usize,
    is_object: bool,
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    document: Document<'t>,
    /// Members and elements of the open containers, innermost last; an element has no key.
    scratch: Vec<(Option<Cow<'t, str>>, u32)>,
    open: Vec<Open>,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        let document = Document {
            // About one value per 12 bytes of AST JSON; reserving it saves the early reallocations.
            slots: Vec::with_capacity(text.len() / 12),
            members: Vec::with_capacity(text.len() / 16),
            elements: Vec::new(),
        };
        Parser { text, bytes: text.as_bytes(), at: 0, document, scratch: Vec::new(), open: Vec::new() }
    }

    fn document(mut self) -> Result<Document<'t>, JsonError> {
        self.value_then_close()?;
        self.skip_space();
        if self.at < self.bytes.len() {
            return Err(self.error("trailing characters after the JSON value"));
        }
        Ok(self.document)
    }

    /// Parses values until the first one and every container it opens are complete.
    fn value_then_close(&mut self) -> Result<(), JsonError> {
        let mut key: Option<Cow<'t, str>> = None;
        loop {
            self.skip_space();
            let slot = self.document.slots.len() as u32;
            match self.bytes.get(self.at) {
                Some(b'{') => {
                    self.at += 1;
                    self.push(Slot::Object { start: 0, len: 0 }, key.take());
                    self.open.push(Open { slot, scratch_start: self.scratch.len(), is_object: true });
                    self.skip_space();
                    if self.bytes.get(self.at) == Some(&b'}') {
                        self.at += 1;
                        self.close();
                    } else {
                        key = Some(self.key()?);
                        continue;
                    }
                }
                Some(b'[') => {
                    self.at += 1;
                    self.push(Slot::Array { start: 0, len: 0 }, key.take());
                    self.open.push(Open { slot, scratch_start: self.scratch.len(), is_object: false });
                    self.skip_space();
                    if self.bytes.get(self.at) == Some(&b']') {
                        self.at += 1;
                        self.close();
                    } else {
                        continue;
                    }
                }
                Some(_) => {
                    let scalar = self.scalar()?;
                    self.push(scalar, key.take());
                }
                None => return Err(self.error("expected a value, found the end of the text")),
            }
            // After a complete value: a comma and the next, or close containers.
            loop {
                let Some(open) = self.open.last() else { return Ok(()) };
                let is_object = open.is_object;
                self.skip_space();
                match (self.bytes.get(self.at), is_object) {
                    (Some(b','), true) => {
                        self.at += 1;
                        key = Some(self.key()?);
                        break;
                    }
                    (Some(b','), false) => {
                        self.at += 1;
                        break;
                    }
                    (Some(b'}'), true) | (Some(b']'), false) => {
                        self.at += 1;
                        self.close();
                    }
                    _ if is_object => return Err(self.error("expected `,` or `}` after an object member")),
                    _ => return Err(self.error("expected `,` or `]` after an array element")),
                }
            }
        }
    }

    /// Records a value: in its slot, and as a member or element of the innermost open container.
    fn push(&mut self, slot: Slot<'t>, key: Option<Cow<'t, str>>) {
        let index = self.document.slots.len() as u32;
        self.document.slots.push(slot);
        if !self.open.is_empty() {
            self.scratch.push((key, index));
        }
    }

    /// Closes the innermost container, moving its members or elements from the scratch stack to their place.
    fn close(&mut self) {
        let Some(open) = self.open.pop() else { return };
        let items = self.scratch.drain(open.scratch_start..);
        let len = items.len() as u32;
        let slot = if open.is_object {
            let start = self.document.members.len() as u32;
            self.document.members.extend(items.map(|(key, index)| (key.unwrap_or_default(), index)));
            Slot::Object { start, len }
        } else {
            let start = self.document.elements.len() as u32;
            self.document.elements.extend(items.map(|(_, index)| index));
            Slot::Array { start, len }
        };
        self.document.slots[open.slot as usize] = slot;
    }

    /// A member's key and its colon.
    fn key(&mut self) -> Result<Cow<'t, str>, JsonError> {
        self.skip_space();
        if self.bytes.get(self.at) != Some(&b'"') {
            return Err(self.error("expected a string key"));
        }
        let key = self.string()?;
        self.skip_space();
        if self.bytes.get(self.at) != Some(&b':') {
            return Err(self.error("expected `:` after an object key"));
        }
        self.at += 1;
        Ok(key)
    }

    fn scalar(&mut self) -> Result<Slot<'t>, JsonError> {
        let rest = &self.bytes[self.at..];
        let literal = |word: &[u8]| rest.starts_with(word);
        if literal(b"null") {
            self.at += 4;
            Ok(Slot::Null)
        } else if literal(b"true") {
            self.at += 4;
            Ok(Slot::Bool(true))
        } else if literal(b"false") {
            self.at += 5;
            Ok(Slot::Bool(false))
        } else if rest.first() == Some(&b'"') {
            Ok(Slot::String(self.string()?))
        } else if matches!(rest.first(), Some(b'-' | b'0'..=b'9')) {
            self.number()
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// A string starting at its opening quote; borrowed unless it has escapes.
    fn string(&mut self) -> Result<Cow<'t, str>, JsonError> {
        self.at += 1;
        let start = self.at;
        loop {
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    let text = &self.text[start..self.at];
                    self.at += 1;
                    return Ok(Cow::Borrowed(text));
                }
                Some(b'\\') => return self.escaped_string(start),
                Some(byte) if *byte < 0x20 => return Err(self.error("control character in a string")),
                Some(_) => self.at += 1,
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// The rest of a string that has escapes, from `start` (after its quote).
    fn escaped_string(&mut self, start: usize) -> Result<Cow<'t, str>, JsonError> {
        let mut out = String::from(&self.text[start..self.at]);
        loop {
            let plain_from = self.at;
            while let Some(&byte) = self.bytes.get(self.at) {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(&self.text[plain_from..self.at]);
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = match self.bytes.get(self.at) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => return Err(self.error("invalid escape in a string")),
                    };
                    self.at += 1;
                    out.push(escaped);
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// `\uXXXX` (at its `u`), with a second `\uXXXX` for a surrogate pair; leaves `at` on the last hex digit.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.at + 1..self.at + 3) != Some(b"\\u") {
                return Err(self.error("a lone surrogate escape (a Rust string cannot hold it)"));
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("a lone surrogate escape (a Rust string cannot hold it)"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("a lone surrogate escape (a Rust string cannot hold it)"))
    }

    /// The four hex digits after the `u` at `at`; leaves `at` on the last.
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.at + 1..self.at + 5).ok_or_else(|| self.error("short \\u escape"))?;
        let mut code = 0;
        for &digit in digits {
            let value = (digit as char).to_digit(16).ok_or_else(|| self.error("invalid \\u escape"))?;
            code = code * 16 + value;
        }
        self.at += 4;
        Ok(code)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Result<Slot<'t>, JsonError> {
        let start = self.at;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        match self.bytes.get(self.at) {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        let mut integer = true;
        if self.bytes.get(self.at) == Some(&b'.') {
            integer = false;
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            integer = false;
            self.at += 1;
            if matches!(self.bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        Ok(Slot::Number { text: &self.text[start..self.at], integer })
    }

    fn digits(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), JsonError> {
        if !self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            return Err(self.error("expected a digit"));
        }
        self.digits();
        Ok(())
    }

    fn skip_space(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    /// A syntax error at the current position, as `line L column C` (1-based, columns in characters).
    fn error(&self, message: &str) -> JsonError {
        let before = &self.text[..self.text.floor_char_boundary(self.at)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        JsonError { path: "$".into(), message: format!("not JSON: {message} at line {line} column {column}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_every_kind_are_read() {
        let text = r#" {"a": [1, -2.5e3, true, null, "x\u00e9\n\ud83d\ude00"], "b": {}, "c": [], "d": {"e": "f"}} "#;
        let document = parse(text).unwrap();
        let root = document.root().as_object().unwrap();
        assert_eq!(root.keys().collect::<Vec<_>>(), ["a", "b", "c", "d"]);
        let a: Vec<Value> = root.get("a").unwrap().as_array().unwrap().collect();
        assert_eq!(a[0].as_integer(), Some(1));
        assert_eq!((a[1].as_f64(), a[1].as_integer()), (Some(-2500.0), None));
        assert_eq!((a[2].as_bool(), a[3].is_null()), (Some(true), true));
        assert_eq!(a[4].as_str(), Some("xé\n😀"));
        assert!(root.get("b").unwrap().as_object().unwrap().is_empty());
        assert_eq!(root.get("c").unwrap().as_array().unwrap().len(), 0);
        assert_eq!(root.get("d").unwrap().as_object().unwrap().get("e").unwrap().as_str(), Some("f"));
        assert_eq!(document.root().to_string(), r#"{"a":[1,-2.5e3,true,null,"xé\n😀"],"b":{},"c":[],"d":{"e":"f"}}"#);
    }

    #[test]
    fn floats_read_back_exactly() {
        for value in [0.1, 1e-7, 5e-324, f64::MAX, 123456789.12345678, 2.0f64.powi(60)] {
            let text = format!("{value:?}");
            assert_eq!(parse(&text).unwrap().root().as_f64(), Some(value), "{text}");
        }
    }

    #[test]
    fn same_as_compares_values_not_text() {
        let a = parse(r#"{"x": [1, {"y": null}], "z": 1.0}"#).unwrap();
        let b = parse(r#"{"z": 1, "x": [1.0, {"y": null}]}"#).unwrap();
        let c = parse(r#"{"z": 1, "x": [1.0, {"y": false}]}"#).unwrap();
        assert!(a.root().same_as(b.root()));
        assert!(!a.root().same_as(c.root()));
    }

    #[test]
    fn deep_nesting_needs_no_stack() {
        let depth = 100_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let document = parse(&text).unwrap();
        let mut value = document.root();
        for _ in 1..depth {
            value = value.as_array().unwrap().next().unwrap();
        }
        assert_eq!(value.as_array().unwrap().len(), 0);
    }

    #[test]
    fn text_that_is_not_json_is_refused_with_its_position() {
        for (text, message) in [
            ("", "expected a value, found the end of the text at line 1 column 1"),
            ("[1,]", "expected a value at line 1 column 4"),
            ("{\"a\" 1}", "expected `:` after an object key at line 1 column 6"),
            ("[1 2]", "expected `,` or `]` after an array element at line 1 column 4"),
            ("{\"a\":1\n,}", "expected a string key at line 2 column 2"),
            ("01", "trailing characters after the JSON value at line 1 column 2"),
            ("1.", "expected a digit at line 1 column 3"),
            ("\"a\u{1}\"", "control character in a string at line 1 column 3"),
            ("\"\\x\"", "invalid escape in a string at line 1 column 3"),
            ("\"\\ud800\"", "a lone surrogate escape (a Rust string cannot hold it) at line 1 column 7"),
            ("[true, nul]", "expected a value at line 1 column 8"),
            ("{\"a\": [1, {\"b\": 2]}", "expected `,` or `}` after an object member at line 1 column 18"),
        ] {
            let error = parse(text).expect_err(text);
            assert_eq!(error.message, format!("not JSON: {message}"), "{text:?}");
        }
    }
}
