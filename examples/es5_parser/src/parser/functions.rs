//! Functions: declarations, expressions' shared tail (name, parameters, body), parameter checks, and the body
//! with its directive prologue and strict-mode switch.

use es5_ast::{BlockStatement, Identifier, Statement};

use super::{PResult, Parser, take_from};
use crate::lexer::T;
use crate::name_set::NameSet;
use crate::scope::Binding;
use crate::strict::strict_directive;

impl<'a> Parser<'a> {
    /// `function` has been consumed. `declared` is false for a function that is the body of `if`, a loop or a
    /// label (acorn does not declare its name then).
    // `#[inline]`: inlined into its one caller, `parse_statement_inner`, when both were in one file (see the
    // parent module's documentation).
    #[inline]
    pub(super) fn parse_function_declaration(&mut self, start: u32, declared: bool) -> PResult<Statement> {
        let id = self.parse_ident()?;
        if declared {
            let binding = if self.lx.strict {
                if self.scopes.treat_functions_as_var() { Binding::Var } else { Binding::Lexical }
            } else {
                Binding::Function
            };
            self.check_binding(&id, binding)?;
        }
        let (params, body) = self.parse_function_rest(Some(&id), false)?;
        let span = self.span_from(start);
        Ok(Statement::FunctionDeclaration(self.b.boxed_function_declaration(span, id, params, body)))
    }

    /// Parameters and body; `is_method` for getters and setters.
    pub(super) fn parse_function_rest(
        &mut self,
        id: Option<&Identifier>,
        is_method: bool,
    ) -> PResult<(Vec<Identifier>, BlockStatement)> {
        self.scopes.enter_function();
        let saved_in_function = std::mem::replace(&mut self.in_function, true);
        let result = self.parse_params_and_body(id, is_method);
        self.in_function = saved_in_function;
        self.scopes.exit();
        result
    }

    fn parse_params_and_body(
        &mut self,
        id: Option<&Identifier>,
        is_method: bool,
    ) -> PResult<(Vec<Identifier>, BlockStatement)> {
        self.expect(T::ParenL)?;
        let mark = self.scratch.identifiers.len();
        let mut first = true;
        while !self.eat(T::ParenR)? {
            if !first {
                self.expect(T::Comma)?;
            }
            first = false;
            let param = self.parse_ident()?;
            self.scratch.identifiers.push(param);
        }
        let params = take_from(&mut self.scratch.identifiers, mark);
        let old_strict = self.lx.strict;
        // As acorn, scan from the end of the current token even when it is not the `{` expected next.
        let use_strict = !old_strict && strict_directive(self.src, self.tok.end as usize);
        let saved_labels = std::mem::take(&mut self.labels);
        if use_strict {
            self.lx.strict = true;
        }
        let allow_duplicates = !old_strict && !use_strict && !is_method;
        self.check_params(&params, allow_duplicates)?;
        if let Some(id) = id.filter(|_| self.lx.strict) {
            self.check_binding(id, Binding::Outside)?;
        }
        let body = self.parse_function_body(use_strict && !old_strict)?;
        self.labels = saved_labels;
        Ok((params, body))
    }

    /// Strict-mode names and, unless `allow_duplicates`, duplicates; the first offending parameter is reported.
    fn check_params(&mut self, params: &[Identifier], allow_duplicates: bool) -> PResult<()> {
        let mut seen = NameSet::default();
        for p in params {
            if !allow_duplicates && seen.add(self.name_of(p), 1) != 0 {
                return Err(self.error(p.span.start, "Argument name clash"));
            }
            self.check_binding(p, Binding::Var)?;
        }
        Ok(())
    }

    /// The block of a function, with its directive prologue; leaves strict mode before the token after `}` when
    /// the body itself made it strict.
    fn parse_function_body(&mut self, exit_strict: bool) -> PResult<BlockStatement> {
        let start = self.tok.start;
        self.expect(T::BraceL)?;
        let body = self.parse_statement_list(T::BraceR, true)?;
        if exit_strict {
            self.lx.strict = false;
        }
        self.next()?;
        Ok(self.b.block_statement(self.span_from(start), body))
    }
}
