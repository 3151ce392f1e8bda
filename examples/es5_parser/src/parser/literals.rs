//! Literals: regular expressions, numbers, strings, array and object literals (properties, getters and setters),
//! and the property-clash check of object literals.

use std::borrow::Cow;
use std::collections::HashMap;

use es5_ast::{Expression, Property, PropertyKey, PropertyKind};

use super::{PResult, Parser, take_from};
use crate::lexer::T;
use crate::number::js_number_to_string;

impl<'a> Parser<'a> {
    /// A regular expression literal: the current token, or (`rescan`) the `/` token re-read as one.
    pub(super) fn parse_regexp(&mut self, rescan: bool) -> PResult<Expression> {
        let start = self.tok.start;
        let end = if rescan { self.lx.read_regexp(start)? } else { self.tok.end };
        let pattern_end = self.lx.regexp_pattern_end;
        let pattern = self.src[start as usize + 1..pattern_end as usize].to_string();
        let flags = self.src[pattern_end as usize + 1..end as usize].to_string();
        self.tok.end = end;
        self.next()?;
        let span = self.span_from(start);
        Ok(Expression::RegExpLiteral(self.b.boxed_reg_exp_literal(span, pattern, flags)))
    }

    pub(super) fn parse_numeric_literal(&mut self) -> PResult<Box<es5_ast::NumericLiteral>> {
        let start = self.tok.start;
        let value = self.lx.number;
        let raw = self.src[start as usize..self.tok.end as usize].to_string();
        self.next()?;
        Ok(self.b.boxed_numeric_literal(self.span_from(start), value, raw))
    }

    pub(super) fn parse_string_literal(&mut self) -> PResult<Box<es5_ast::StringLiteral>> {
        let start = self.tok.start;
        let value = self.lx.value(self.tok).to_string();
        let raw = self.src[start as usize..self.tok.end as usize].to_string();
        self.next()?;
        Ok(self.b.boxed_string_literal(self.span_from(start), value, raw))
    }

    // `#[inline]`: inlined into its one caller, `parse_expr_atom`, when both were in one file (see the parent
    // module's documentation).
    #[inline]
    pub(super) fn parse_array(&mut self) -> PResult<Expression> {
        let start = self.tok.start;
        self.next()?;
        let mark = self.scratch.elements.len();
        let mut first = true;
        while !self.eat(T::BracketR)? {
            if !first {
                self.expect(T::Comma)?;
                if self.eat(T::BracketR)? {
                    break;
                }
            }
            first = false;
            let element = if self.tok.kind == T::Comma { None } else { Some(self.parse_maybe_assign(false)?) };
            self.scratch.elements.push(element);
        }
        let elements = take_from(&mut self.scratch.elements, mark);
        let span = self.span_from(start);
        Ok(Expression::Array(self.b.boxed_array_expression(span, elements)))
    }

    // `#[inline]`: inlined into its one caller, `parse_expr_atom`, when both were in one file (see the parent
    // module's documentation).
    #[inline]
    pub(super) fn parse_object(&mut self) -> PResult<Expression> {
        let start = self.tok.start;
        self.lx.override_context_to_object();
        self.next()?;
        let mark = self.scratch.properties.len();
        let mut seen = PropertyClash::new(self.src);
        let mut first = true;
        while !self.eat(T::BraceR)? {
            if !first {
                self.expect(T::Comma)?;
                if self.eat(T::BraceR)? {
                    break;
                }
            }
            first = false;
            let prop = self.parse_property()?;
            let earlier = &self.scratch.properties[mark..];
            seen.check(&prop, earlier, self.lx.strict).map_err(|pos| self.error(pos, "Redefinition of property"))?;
            self.scratch.properties.push(prop);
        }
        let properties = take_from(&mut self.scratch.properties, mark);
        let span = self.span_from(start);
        Ok(Expression::Object(self.b.boxed_object_expression(span, properties)))
    }

    fn parse_property(&mut self) -> PResult<Property> {
        let start = self.tok.start;
        let key_tok = self.tok;
        let key = self.parse_property_name()?;
        if self.eat(T::Colon)? {
            let value = self.parse_maybe_assign(false)?;
            let span = self.span_from(start);
            return Ok(self.b.property(span, key, value, PropertyKind::Init));
        }
        let accessor = match &key {
            PropertyKey::Identifier(id) if !key_tok.escaped && id.name == "get" => Some(PropertyKind::Get),
            PropertyKey::Identifier(id) if !key_tok.escaped && id.name == "set" => Some(PropertyKind::Set),
            _ => None,
        };
        let Some(kind) = accessor.filter(|_| !matches!(self.tok.kind, T::Comma | T::BraceR | T::Eq)) else {
            return Err(self.unexpected());
        };
        let key = self.parse_property_name()?;
        let fn_start = self.tok.start;
        let (params, body) = self.parse_function_rest(None, true)?;
        let fn_span = self.span_from(fn_start);
        let expected = if kind == PropertyKind::Get { 0 } else { 1 };
        if params.len() != expected {
            let message = if kind == PropertyKind::Get {
                "getter should have no params"
            } else {
                "setter should have exactly one param"
            };
            return Err(self.error(fn_start, message));
        }
        let value = Expression::Function(self.b.boxed_function_expression(fn_span, None, params, body));
        let span = self.span_from(start);
        Ok(self.b.property(span, key, value, kind))
    }

    fn parse_property_name(&mut self) -> PResult<PropertyKey> {
        match self.tok.kind {
            T::Num => Ok(PropertyKey::NumericLiteral(self.parse_numeric_literal()?)),
            T::Str => Ok(PropertyKey::StringLiteral(self.parse_string_literal()?)),
            _ => Ok(PropertyKey::Identifier(Box::new(self.parse_ident_liberal()?))),
        }
    }
}

/// acorn's `checkPropClash` for ES5: a getter or setter may not share a name with a data property or with another
/// accessor of its kind, and in strict mode data properties may not repeat. Small objects are checked by scanning
/// the properties parsed so far (no allocation); large ones switch to a hash map whose keys borrow from the source
/// (no allocation per key). (A B-tree, which allocates in nodes under 1 KiB and so never makes glibc's malloc
/// consolidate its fast bins, was measured as well: it was no faster.)
struct PropertyClash<'a> {
    src: &'a str,
    by_name: Option<HashMap<Cow<'a, str>, [bool; 3]>>,
}

/// Objects with more properties than this use a map for the clash check.
const LINEAR_CLASH_CHECK: usize = 24;

/// The name a property key defines, borrowed from the key.
fn key_name(key: &PropertyKey) -> Cow<'_, str> {
    match key {
        PropertyKey::Identifier(id) => Cow::Borrowed(id.name.as_str()),
        PropertyKey::StringLiteral(s) => Cow::Borrowed(s.value.as_str()),
        PropertyKey::NumericLiteral(n) => Cow::Owned(js_number_to_string(n.value)),
    }
}

fn key_start(key: &PropertyKey) -> u32 {
    match key {
        PropertyKey::Identifier(id) => id.span.start,
        PropertyKey::StringLiteral(s) => s.span.start,
        PropertyKey::NumericLiteral(n) => n.span.start,
    }
}

/// The name a property key defines, borrowed from `src` when it is written there without escapes.
fn key_name_in<'a>(key: &PropertyKey, src: &'a str) -> Cow<'a, str> {
    let (written, value) = match key {
        PropertyKey::Identifier(id) => (&src[id.span.start as usize..id.span.end as usize], id.name.as_str()),
        PropertyKey::StringLiteral(s) => (&src[s.span.start as usize + 1..s.span.end as usize - 1], s.value.as_str()),
        PropertyKey::NumericLiteral(n) => return Cow::Owned(js_number_to_string(n.value)),
    };
    if written == value { Cow::Borrowed(written) } else { Cow::Owned(value.to_string()) }
}

fn kind_index(kind: PropertyKind) -> usize {
    match kind {
        PropertyKind::Init => 0,
        PropertyKind::Get => 1,
        PropertyKind::Set => 2,
    }
}

impl<'a> PropertyClash<'a> {
    fn new(src: &'a str) -> Self {
        PropertyClash { src, by_name: None }
    }

    /// Checks `prop` against `earlier` (the properties before it); `Err(key_start)` on a clash.
    fn check(&mut self, prop: &Property, earlier: &[Property], strict: bool) -> Result<(), u32> {
        let kind = kind_index(prop.kind);
        let seen = if earlier.len() < LINEAR_CLASH_CHECK {
            let name = key_name(&prop.key);
            let mut seen = [false; 3];
            for other in earlier.iter().filter(|other| key_name(&other.key) == name) {
                seen[kind_index(other.kind)] = true;
            }
            seen
        } else {
            let src = self.src;
            let map = self.by_name.get_or_insert_with(|| {
                let mut map = HashMap::with_capacity(earlier.len() * 2);
                for other in earlier {
                    let entry: &mut [bool; 3] = map.entry(key_name_in(&other.key, src)).or_default();
                    entry[kind_index(other.kind)] = true;
                }
                map
            });
            let entry = map.entry(key_name_in(&prop.key, src)).or_default();
            let seen = *entry;
            entry[kind] = true;
            seen
        };
        let [init, get, set] = seen;
        let redefinition = if kind == 0 { (strict && init) || get || set } else { init || seen[kind] };
        if redefinition { Err(key_start(&prop.key)) } else { Ok(()) }
    }
}
