//! Identifiers and the checks on names: reserved words, bindings (strict-mode names, duplicates, scope clashes)
//! and assignment targets.

use std::borrow::Cow;

use es5_ast::{Expression, GetSpan, Identifier};

use super::{PResult, Parser};
use crate::lexer::{T, Token};
use crate::scope::Binding;

impl<'a> Parser<'a> {
    /// The current name token's decoded text.
    fn name_value(&self) -> String {
        self.lx.value(self.tok).to_string()
    }

    /// An identifier in a reference or binding position: keywords and reserved words are errors.
    pub(super) fn parse_ident(&mut self) -> PResult<Identifier> {
        let tok = self.tok;
        // As acorn, read the next token before checking the name, so that a lexical error there wins.
        let name = match tok.kind {
            T::Name => self.name_value(),
            k if k.is_keyword() => {
                self.next_liberal()?;
                return Err(self.error(tok.start, format!("Unexpected keyword '{}'", k.keyword_text())));
            }
            _ => return Err(self.unexpected()),
        };
        self.next()?;
        self.check_unreserved(&name, tok)?;
        Ok(self.b.identifier(self.span_from(tok.start), name))
    }

    /// A property name after `.` or as an object key: any name or keyword, escaped keywords included.
    pub(super) fn parse_ident_liberal(&mut self) -> PResult<Identifier> {
        let tok = self.tok;
        let after_dot = self.prev_end == self.prev_start + 1 && self.src.as_bytes()[self.prev_start as usize] == b'.';
        if tok.kind == T::Function && !after_dot {
            self.lx.pop_context();
        }
        let name = match tok.kind {
            T::Name => self.name_value(),
            k if k.is_keyword() => k.keyword_text().to_string(),
            _ => return Err(self.unexpected()),
        };
        self.next_liberal()?;
        Ok(self.b.identifier(self.span_from(tok.start), name))
    }

    fn check_unreserved(&self, name: &str, tok: Token) -> PResult<()> {
        // acorn skips the reserved-word check for names written with escapes (ES5 only).
        if tok.escaped {
            return Ok(());
        }
        // Most names are not reserved: rule them out by their first letter before comparing strings.
        if !matches!(name.as_bytes().first(), Some(b'c' | b'e' | b'i' | b'l' | b'p' | b's' | b'y')) {
            return Ok(());
        }
        let reserved = matches!(name, "class" | "enum" | "extends" | "super" | "const" | "export" | "import")
            || (self.lx.strict && is_strict_reserved(name));
        if reserved {
            return Err(self.error(tok.start, format!("The keyword '{name}' is reserved")));
        }
        Ok(())
    }

    /// The name of `id`, borrowed from the source when it is written there without escapes.
    pub(super) fn name_of(&self, id: &Identifier) -> Cow<'a, str> {
        let written = self.slice(id.span);
        if written == id.name { Cow::Borrowed(written) } else { Cow::Owned(id.name.clone()) }
    }

    /// acorn's `checkLValSimple` for a binding: strict-mode names, duplicate parameters, scope clashes.
    pub(super) fn check_binding(&mut self, id: &Identifier, binding: Binding) -> PResult<()> {
        if self.lx.strict && (is_strict_reserved(&id.name) || id.name == "eval" || id.name == "arguments") {
            return Err(self.error(id.span.start, format!("Binding {} in strict mode", id.name)));
        }
        if binding != Binding::Outside && self.scopes.declare(self.name_of(id), binding) {
            return Err(self.error(id.span.start, format!("Identifier '{}' has already been declared", id.name)));
        }
        Ok(())
    }

    /// acorn's `checkLValSimple` for an assignment target of `=` or `for-in` whose construct starts at `start`:
    /// acorn reports an invalid target that begins with a parenthesis at that parenthesis (its
    /// `parenthesizedAssign` check), not at the inner expression.
    pub(super) fn check_plain_assign_target(&self, expr: &Expression, start: u32) -> PResult<()> {
        let result = self.check_assign_target(expr);
        match result {
            Err(mut e) if e.message == "Assigning to rvalue" && self.src.as_bytes()[start as usize] == b'(' => {
                e = self.error(start, e.message);
                Err(e)
            }
            other => other,
        }
    }

    /// acorn's `checkLValSimple` for an assignment target.
    pub(super) fn check_assign_target(&self, expr: &Expression) -> PResult<()> {
        match expr {
            Expression::Identifier(id) => {
                if self.lx.strict && (is_strict_reserved(&id.name) || id.name == "eval" || id.name == "arguments") {
                    return Err(self.error(id.span.start, format!("Assigning to {} in strict mode", id.name)));
                }
                Ok(())
            }
            Expression::Member(_) => Ok(()),
            other => Err(self.error(other.span().start, "Assigning to rvalue")),
        }
    }
}

/// The words reserved only in strict mode.
fn is_strict_reserved(name: &str) -> bool {
    matches!(
        name,
        "implements" | "interface" | "let" | "package" | "private" | "protected" | "public" | "static" | "yield"
    )
}
