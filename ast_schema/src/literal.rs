//! Literals. ESTree has one `Literal` type; here each kind of value is its own node so that a value never needs an
//! enum of its own, and `#[json(rename = "Literal")]` writes them all as `Literal`.

use crate::ast;

/// A string literal: `"abc"`, `'\n'`.
#[ast]
#[json(rename = "Literal")]
pub struct StringLiteral {
    /// The value, with escapes decoded.
    pub value: String,
    /// The literal as written in the source, quotes included.
    pub raw: String,
}

/// A numeric literal: `1`, `0x1F`, `1.5e3`, legacy octal `017`.
#[ast]
#[json(rename = "Literal")]
pub struct NumericLiteral {
    /// The value.
    pub value: f64,
    /// The literal as written in the source.
    pub raw: String,
}

/// `true` or `false`.
#[ast]
#[json(rename = "Literal", add_field(name = "raw", format = "{value}"))]
pub struct BooleanLiteral {
    /// The value.
    pub value: bool,
}

/// `null`.
#[ast]
#[json(rename = "Literal", add_field(name = "value", json = "null"), add_field(name = "raw", json = "\"null\""))]
pub struct NullLiteral {}

/// A regular expression literal: `/ab+c/gi`.
#[ast]
#[json(
    rename = "Literal",
    add_field(name = "value", json = "{}"),
    add_field(name = "raw", format = "/{pattern}/{flags}"),
    field_order = "value, raw, regex"
)]
pub struct RegExpLiteral {
    /// The body between the slashes, as written.
    #[json(in_object = "regex")]
    pub pattern: String,
    /// The flags after the closing slash.
    #[json(in_object = "regex")]
    pub flags: String,
}
