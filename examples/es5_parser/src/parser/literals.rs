//! Literals: regular expressions, numbers, strings, array and object literals (properties, getters and setters),
//! and the property-clash check of object literals.

use std::borrow::Cow;
use std::collections::HashMap;

use es5_ast::{AstBuild, PropertyKind, Span};

use super::{PResult, Parser, take_from};
use crate::lexer::T;
use ast_runtime::json::write_js_number;

impl<'a, B: AstBuild> Parser<'a, B> {
    /// A regular expression literal: the current token, or (`rescan`) the `/` token re-read as one.
    pub(super) fn parse_regexp(&mut self, rescan: bool) -> PResult<B::Expression> {
        let start = self.tok.start;
        let end = if rescan { self.lx.read_regexp(start)? } else { self.tok.end };
        let pattern_end = self.lx.regexp_pattern_end;
        let src = self.src;
        let pattern = &src[start as usize + 1..pattern_end as usize];
        let flags = &src[pattern_end as usize + 1..end as usize];
        self.tok.end = end;
        self.next()?;
        let span = self.span_from(start);
        Ok(self.b.expression_reg_exp_literal(span, pattern, flags))
    }

    pub(super) fn parse_numeric_literal(&mut self) -> PResult<B::NumericLiteral> {
        let start = self.tok.start;
        let value = self.lx.number;
        let src = self.src;
        let raw = &src[start as usize..self.tok.end as usize];
        self.next()?;
        Ok(self.b.numeric_literal(self.span_from(start), value, raw))
    }

    /// A string literal, and its value (borrowed from the source when written without escapes).
    pub(super) fn parse_string_literal(&mut self) -> PResult<(B::StringLiteral, Cow<'a, str>)> {
        let start = self.tok.start;
        let value = self.lx.value_cow(self.tok, self.names);
        let src = self.src;
        let raw = &src[start as usize..self.tok.end as usize];
        self.next()?;
        let lit = self.b.string_literal(self.span_from(start), &value, raw);
        Ok((lit, value))
    }

    /// A string literal whose value the caller does not need: built from the token's value where the lexer holds
    /// it, before the next token is read, so that an escaped value is not copied.
    pub(super) fn parse_string_literal_node(&mut self) -> PResult<B::StringLiteral> {
        let (start, end) = (self.tok.start, self.tok.end);
        let raw = &self.src[start as usize..end as usize];
        self.last_start.set(start);
        let lit = self.b.string_literal(Span::new(start, end), self.lx.value(self.tok), raw);
        self.next()?;
        Ok(lit)
    }

    // `#[inline]`: inlined into its one caller, `parse_expr_atom`, when both were in one file (see the parent
    // module's documentation).
    #[inline]
    pub(super) fn parse_array(&mut self) -> PResult<B::Expression> {
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
        let elements = take_from(self.b, &mut self.scratch.elements, mark);
        let span = self.span_from(start);
        Ok(self.b.expression_array(span, elements))
    }

    // `#[inline]`: inlined into its one caller, `parse_expr_atom`, when both were in one file (see the parent
    // module's documentation).
    #[inline]
    pub(super) fn parse_object(&mut self) -> PResult<B::Expression> {
        let start = self.tok.start;
        self.lx.override_context_to_object();
        self.next()?;
        let mark = self.scratch.properties.len();
        let key_mark = self.scratch.property_keys.len();
        let mut seen = PropertyClash::new(&mut self.scratch.clash_maps);
        let mut first = true;
        while !self.eat(T::BraceR)? {
            if !first {
                self.expect(T::Comma)?;
                if self.eat(T::BraceR)? {
                    break;
                }
            }
            first = false;
            let (prop, mut key) = self.parse_property()?;
            let earlier = &mut self.scratch.property_keys[key_mark..];
            if seen.check(&mut key, earlier, self.lx.strict) {
                return Err(self.error(key.start, "Redefinition of property"));
            }
            self.scratch.properties.push(prop);
            self.scratch.property_keys.push((key.name, key.kind));
        }
        self.scratch.property_keys.truncate(key_mark);
        seen.recycle(&mut self.scratch.clash_maps);
        let properties = take_from(self.b, &mut self.scratch.properties, mark);
        let span = self.span_from(start);
        Ok(self.b.expression_object(span, properties))
    }

    /// A property, and its key's name, kind and start (for the clash check).
    fn parse_property(&mut self) -> PResult<(B::Property, Key<'a>)> {
        let start = self.tok.start;
        let key_tok = self.tok;
        let (key, name) = self.parse_property_name()?;
        if self.eat(T::Colon)? {
            let value = self.parse_maybe_assign(false)?;
            let span = self.span_from(start);
            let key_facts = Key { name, kind: PropertyKind::Init, start };
            return Ok((self.b.property(span, key, value, PropertyKind::Init), key_facts));
        }
        // `get` or `set` written as a plain name: the key just built is not the property's (its handle is dropped,
        // a node no parent holds, which neither tree keeps).
        let accessor = match &*name {
            "get" if key_tok.kind == T::Name && !key_tok.escaped => Some(PropertyKind::Get),
            "set" if key_tok.kind == T::Name && !key_tok.escaped => Some(PropertyKind::Set),
            _ => None,
        };
        let Some(kind) = accessor.filter(|_| !matches!(self.tok.kind, T::Comma | T::BraceR | T::Eq)) else {
            return Err(self.unexpected());
        };
        drop(key);
        let key_start = self.tok.start;
        let (key, name) = self.parse_property_name()?;
        let fn_start = self.tok.start;
        let (params, param_count, body) = self.parse_function_rest(None, true)?;
        let fn_span = self.span_from(fn_start);
        let expected = if kind == PropertyKind::Get { 0 } else { 1 };
        if param_count != expected {
            let message = if kind == PropertyKind::Get {
                "getter should have no params"
            } else {
                "setter should have exactly one param"
            };
            return Err(self.error(fn_start, message));
        }
        let value = self.b.expression_function(fn_span, None, params, body);
        let span = self.span_from(start);
        Ok((self.b.property(span, key, value, kind), Key { name, kind, start: key_start }))
    }

    /// A property key and the name it defines.
    fn parse_property_name(&mut self) -> PResult<(B::PropertyKey, Cow<'a, str>)> {
        match self.tok.kind {
            T::Num => {
                let value = self.lx.number;
                let lit = self.parse_numeric_literal()?;
                self.number_text.clear();
                write_js_number(&mut self.number_text, value);
                let name = Cow::Borrowed(&*self.names.alloc_str(&self.number_text));
                Ok((self.b.property_key_from_numeric_literal(lit), name))
            }
            T::Str => {
                let (lit, value) = self.parse_string_literal()?;
                Ok((self.b.property_key_from_string_literal(lit), value))
            }
            _ => {
                let (id, name) = self.parse_ident_liberal()?;
                Ok((self.b.property_key_from_identifier(id), name))
            }
        }
    }
}

/// What the clash check needs of a property's key: the name it defines (borrowed from the source when written
/// there without escapes), the property's kind, and where the key starts (where a clash is reported).
struct Key<'a> {
    name: Cow<'a, str>,
    kind: PropertyKind,
    start: u32,
}

/// acorn's `checkPropClash` for ES5: a getter or setter may not share a name with a data property or with another
/// accessor of its kind, and in strict mode data properties may not repeat. Small objects are checked by scanning
/// the properties parsed so far (no allocation); large ones switch to a hash map, which takes the names over from
/// the scanned list (moved, not copied) and is kept for the next large object.
struct PropertyClash<'a> {
    /// Empty until the object has more than [`LINEAR_CLASH_CHECK`] properties.
    by_name: ClashMap<'a>,
}

/// The names of a large object's properties so far, with the kinds each was defined as (init, get, set).
pub(super) type ClashMap<'a> = HashMap<Cow<'a, str>, [bool; 3]>;

/// Objects with more properties than this use a map for the clash check.
const LINEAR_CLASH_CHECK: usize = 24;

fn kind_index(kind: PropertyKind) -> usize {
    match kind {
        PropertyKind::Init => 0,
        PropertyKind::Get => 1,
        PropertyKind::Set => 2,
    }
}

impl<'a> PropertyClash<'a> {
    /// A check for a new object; `spare` holds the emptied maps of earlier objects (an object nested in a large
    /// one takes another).
    fn new(spare: &mut Vec<ClashMap<'a>>) -> Self {
        PropertyClash { by_name: spare.pop().unwrap_or_default() }
    }

    /// Gives the map, emptied, back to `spare` for the next object.
    fn recycle(mut self, spare: &mut Vec<ClashMap<'a>>) {
        self.by_name.clear();
        spare.push(self.by_name);
    }

    /// Checks a property with key `key` against `earlier` (the names and kinds of the properties before it); true
    /// on a clash. Once the map is in use, it owns the names: `key`'s name and those of `earlier` are moved into it
    /// (left empty; nothing reads them after).
    fn check(&mut self, key: &mut Key<'a>, earlier: &mut [(Cow<'a, str>, PropertyKind)], strict: bool) -> bool {
        let kind = kind_index(key.kind);
        let seen = if earlier.len() < LINEAR_CLASH_CHECK {
            let name = &key.name;
            let mut seen = [false; 3];
            for (_, other) in earlier.iter().filter(|(other, _)| other == name) {
                seen[kind_index(*other)] = true;
            }
            seen
        } else {
            let map = &mut self.by_name;
            if map.is_empty() {
                for (other, other_kind) in earlier.iter_mut() {
                    let entry: &mut [bool; 3] = map.entry(std::mem::take(other)).or_default();
                    entry[kind_index(*other_kind)] = true;
                }
            }
            let entry = map.entry(std::mem::take(&mut key.name)).or_default();
            let seen = *entry;
            entry[kind] = true;
            seen
        };
        let [init, get, set] = seen;
        if kind == 0 { (strict && init) || get || set } else { init || seen[kind] }
    }
}
