//! Identifiers and the checks on names: reserved words, bindings (strict-mode names, duplicates, scope clashes)
//! and assignment targets.

use std::borrow::Cow;

use es5_ast::AstBuild;

use super::{Name, PResult, Parser};
use crate::lexer::{T, Token};
use crate::scope::Binding;

impl<'a, B: AstBuild> Parser<'a, B> {
    /// The current name token's decoded text, borrowed from the source when it is written without escapes.
    fn name_value(&self) -> Cow<'a, str> {
        self.lx.value_cow(self.tok, self.names)
    }

    /// An identifier in a reference or binding position: keywords and reserved words are errors. Returns its
    /// name beside it, for the checks.
    pub(super) fn parse_ident(&mut self) -> PResult<(B::Identifier, Name<'a>)> {
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
        let id = self.b.identifier(self.span_from(tok.start), &name);
        Ok((id, Name { start: tok.start, text: name }))
    }

    /// A property name after `.` or as an object key: any name or keyword, escaped keywords included. Returns
    /// the name beside it.
    pub(super) fn parse_ident_liberal(&mut self) -> PResult<(B::Identifier, Cow<'a, str>)> {
        let tok = self.tok;
        let after_dot = self.prev_end == self.prev_start + 1 && self.src.as_bytes()[self.prev_start as usize] == b'.';
        if tok.kind == T::Function && !after_dot {
            self.lx.pop_context();
        }
        let name = match tok.kind {
            T::Name => self.name_value(),
            k if k.is_keyword() => Cow::Borrowed(k.keyword_text()),
            _ => return Err(self.unexpected()),
        };
        self.next_liberal()?;
        let id = self.b.identifier(self.span_from(tok.start), &name);
        Ok((id, name))
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

    /// acorn's `checkLValSimple` for a binding: strict-mode names, duplicate parameters, scope clashes.
    pub(super) fn check_binding(&mut self, id: &Name<'a>, binding: Binding) -> PResult<()> {
        let name = &*id.text;
        if self.lx.strict && (is_strict_reserved(name) || name == "eval" || name == "arguments") {
            return Err(self.error(id.start, format!("Binding {name} in strict mode")));
        }
        if binding != Binding::Outside && self.scopes.declare(id.text.clone(), binding) {
            return Err(self.error(id.start, format!("Identifier '{name}' has already been declared")));
        }
        Ok(())
    }

    /// acorn's `checkLValSimple` for an assignment target of `=` or `for-in` whose construct starts at `start`:
    /// acorn reports an invalid target that begins with a parenthesis at that parenthesis (its
    /// `parenthesizedAssign` check), not at the inner expression.
    pub(super) fn check_plain_assign_target(&self, expr: &B::Expression, start: u32) -> PResult<()> {
        let result = self.check_assign_target(expr);
        match result {
            Err(mut e) if e.message == "Assigning to rvalue" && self.src.as_bytes()[start as usize] == b'(' => {
                e = self.error(start, e.message);
                Err(e)
            }
            other => other,
        }
    }

    /// acorn's `checkLValSimple` for an assignment target: `expr`, just returned by an expression parser (its
    /// name and start are the ones the parser noted last: see `last_ident` and `last_start`).
    pub(super) fn check_assign_target(&self, expr: &B::Expression) -> PResult<()> {
        if self.b.expression_is_identifier(expr) {
            let name = &*self.last_ident.text;
            if self.lx.strict && (is_strict_reserved(name) || name == "eval" || name == "arguments") {
                return Err(self.error(self.last_ident.start, format!("Assigning to {name} in strict mode")));
            }
            return Ok(());
        }
        if self.b.expression_is_member(expr) {
            return Ok(());
        }
        Err(self.error(self.last_start.get(), "Assigning to rvalue"))
    }
}

/// The words reserved only in strict mode.
fn is_strict_reserved(name: &str) -> bool {
    matches!(
        name,
        "implements" | "interface" | "let" | "package" | "private" | "protected" | "public" | "static" | "yield"
    )
}
