//! Functions: declarations, expressions' shared tail (name, parameters, body), parameter checks, and the body
//! with its directive prologue and strict-mode switch.

use es5_ast::AstBuild;

use super::{Name, PResult, Parser, take_from};
use crate::lexer::T;
use crate::name_set::NameSet;
use crate::scope::Binding;
use crate::strict::strict_directive;

/// A function's parameters (a list), their number, and its body.
pub(super) type Params<B> =
    (<B as es5_ast::BuilderCore>::List<<B as AstBuild>::Identifier>, usize, <B as AstBuild>::BlockStatement);

impl<'a, B: AstBuild> Parser<'a, B> {
    /// `function` has been consumed. `declared` is false for a function that is the body of `if`, a loop or a
    /// label (acorn does not declare its name then).
    // `#[inline]`: inlined into its one caller, `parse_statement_inner`, when both were in one file (see the
    // parent module's documentation).
    #[inline]
    pub(super) fn parse_function_declaration(&mut self, start: u32, declared: bool) -> PResult<B::Statement> {
        let (id, name) = self.parse_ident()?;
        if declared {
            let binding = if self.lx.strict {
                if self.scopes.treat_functions_as_var() { Binding::Var } else { Binding::Lexical }
            } else {
                Binding::Function
            };
            self.check_binding(&name, binding)?;
        }
        let (params, _, body) = self.parse_function_rest(Some(&name), false)?;
        let span = self.span_from(start);
        Ok(self.b.statement_function_declaration(span, id, params, body))
    }

    /// Parameters, their number, and body; `is_method` for getters and setters.
    pub(super) fn parse_function_rest(&mut self, id: Option<&Name<'a>>, is_method: bool) -> PResult<Params<B>> {
        self.scopes.enter_function();
        let saved_in_function = std::mem::replace(&mut self.in_function, true);
        let result = self.parse_params_and_body(id, is_method);
        self.in_function = saved_in_function;
        self.scopes.exit();
        result
    }

    fn parse_params_and_body(&mut self, id: Option<&Name<'a>>, is_method: bool) -> PResult<Params<B>> {
        self.expect(T::ParenL)?;
        let mark = self.scratch.identifiers.len();
        let name_mark = self.scratch.param_names.len();
        let mut first = true;
        while !self.eat(T::ParenR)? {
            if !first {
                self.expect(T::Comma)?;
            }
            first = false;
            let (param, name) = self.parse_ident()?;
            self.scratch.identifiers.push(param);
            self.scratch.param_names.push(name);
        }
        let count = self.scratch.identifiers.len() - mark;
        let params = take_from(self.b, &mut self.scratch.identifiers, mark);
        let old_strict = self.lx.strict;
        // As acorn, scan from the end of the current token even when it is not the `{` expected next.
        let use_strict = !old_strict && strict_directive(self.src, self.tok.end as usize);
        // The labels outside the function are not visible in it; they stay on the stack, under its own.
        let outer_label_base = std::mem::replace(&mut self.label_base, self.labels.len());
        if use_strict {
            self.lx.strict = true;
        }
        let allow_duplicates = !old_strict && !use_strict && !is_method;
        // The names are taken off the stack for the check (and put back, emptied, to keep its buffer).
        let mut names = std::mem::take(&mut self.scratch.param_names);
        let checked = self.check_params(&names[name_mark..], allow_duplicates);
        names.truncate(name_mark);
        self.scratch.param_names = names;
        checked?;
        if let Some(id) = id.filter(|_| self.lx.strict) {
            self.check_binding(id, Binding::Outside)?;
        }
        let body = self.parse_function_body(use_strict && !old_strict)?;
        self.labels.truncate(self.label_base);
        self.label_base = outer_label_base;
        Ok((params, count, body))
    }

    /// Strict-mode names and, unless `allow_duplicates`, duplicates; the first offending parameter is reported.
    fn check_params(&mut self, params: &[Name<'a>], allow_duplicates: bool) -> PResult<()> {
        let mut seen = std::mem::take(&mut self.scratch.param_set);
        let checked = self.check_params_with(params, allow_duplicates, &mut seen);
        seen.clear();
        self.scratch.param_set = seen;
        checked
    }

    fn check_params_with(
        &mut self,
        params: &[Name<'a>],
        allow_duplicates: bool,
        seen: &mut NameSet<'a>,
    ) -> PResult<()> {
        for p in params {
            if !allow_duplicates && seen.add(p.text.clone(), 1) != 0 {
                return Err(self.error(p.start, "Argument name clash"));
            }
            self.check_binding(p, Binding::Var)?;
        }
        Ok(())
    }

    /// The block of a function, with its directive prologue; leaves strict mode before the token after `}` when
    /// the body itself made it strict.
    fn parse_function_body(&mut self, exit_strict: bool) -> PResult<B::BlockStatement> {
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
