//! Statements: statement lists and directive prologues, labels, `break` / `continue`, every compound
//! statement, `var` declarations and the three forms of `for`.

use es5_ast::{AstBuild, Span, VariableDeclarationKind};

use super::{Context, Label, LabelKind, Name, PResult, Parser, take_from};
use crate::lexer::T;
use crate::scope::Binding;

impl<'a, B: AstBuild> Parser<'a, B> {
    /// Statements up to `end` (`}` or end of input); `directives` enables the directive prologue.
    pub(super) fn parse_statement_list(&mut self, end: T, directives: bool) -> PResult<B::List<B::Statement>> {
        let mark = self.scratch.statements.len();
        let mut prologue = directives;
        while self.tok.kind != end {
            if self.tok.kind == T::Eof {
                return Err(self.unexpected());
            }
            let (stmt, directive) = self.parse_list_statement(Context::List, prologue)?;
            prologue &= directive;
            self.scratch.statements.push(stmt);
        }
        Ok(take_from(self.b, &mut self.scratch.statements, mark))
    }

    fn parse_statement(&mut self, context: Context, prologue: bool) -> PResult<B::Statement> {
        self.parse_list_statement(context, prologue).map(|(stmt, _)| stmt)
    }

    /// A statement, and whether it is a directive (only when `prologue`): the prologue goes on while it is.
    fn parse_list_statement(&mut self, context: Context, prologue: bool) -> PResult<(B::Statement, bool)> {
        self.enter()?;
        let stmt = self.parse_statement_inner(context, prologue);
        self.leave();
        stmt
    }

    fn parse_statement_inner(&mut self, context: Context, prologue: bool) -> PResult<(B::Statement, bool)> {
        let start = self.tok.start;
        let stmt = match self.tok.kind {
            T::Break | T::Continue => self.parse_break_continue(),
            T::Debugger => {
                self.next()?;
                self.semicolon()?;
                Ok(self.b.statement_debugger(self.span_from(start)))
            }
            T::Do => self.parse_do(),
            T::For => self.parse_for(),
            T::Function => {
                self.next()?;
                self.parse_function_declaration(start, context == Context::List)
            }
            T::If => self.parse_if(),
            T::Return => self.parse_return(),
            T::Switch => self.parse_switch(),
            T::Throw => self.parse_throw(),
            T::Try => self.parse_try(),
            T::Var => {
                self.next()?;
                let (declarations, _, _) = self.parse_var(false)?;
                self.semicolon()?;
                let span = self.span_from(start);
                Ok(self.b.statement_variable_declaration(span, declarations, VariableDeclarationKind::Var))
            }
            T::While => self.parse_while(),
            T::With => self.parse_with(),
            T::BraceL => {
                let block = self.parse_block(true)?;
                Ok(self.b.statement_from_block(block))
            }
            T::Semi => {
                self.next()?;
                Ok(self.b.statement_empty(self.span_from(start)))
            }
            _ => return self.parse_expression_or_labeled(context, prologue),
        };
        stmt.map(|stmt| (stmt, false))
    }

    fn parse_expression_or_labeled(&mut self, context: Context, prologue: bool) -> PResult<(B::Statement, bool)> {
        let start = self.tok.start;
        let first = self.tok;
        let expr = self.parse_expression(false)?;
        // A statement that is one name (the first token) followed by `:` is a label; its name is the identifier
        // parsed last (see `last_ident`).
        if first.kind == T::Name && self.tok.kind == T::Colon && self.b.expression_is_identifier(&expr) {
            self.next()?;
            let Ok(label) = self.b.expression_into_identifier(expr) else { unreachable!("checked above") };
            let name = std::mem::replace(&mut self.last_ident, Name { start, text: "".into() });
            return self.parse_labeled(start, label, name, context).map(|stmt| (stmt, false));
        }
        self.semicolon()?;
        // A directive is a string literal that is the whole statement (so its token is the first one), written
        // without parentheses.
        let directive = if prologue && first.kind == T::Str && self.b.expression_is_string_literal(&expr) {
            Some(&self.src[first.start as usize + 1..first.end as usize - 1])
        } else {
            None
        };
        let span = self.span_from(start);
        Ok((self.b.statement_expression(span, expr, directive), directive.is_some()))
    }

    fn parse_labeled(
        &mut self,
        start: u32,
        label: B::Identifier,
        name: Name<'a>,
        _context: Context,
    ) -> PResult<B::Statement> {
        if self.visible_labels().iter().any(|l| l.name.as_deref() == Some(&*name.text)) {
            return Err(self.error(name.start, format!("Label '{}' is already declared", name.text)));
        }
        let kind = match self.tok.kind {
            T::For | T::While | T::Do => LabelKind::Loop,
            T::Switch => LabelKind::Switch,
            _ => LabelKind::Other,
        };
        let base = self.label_base;
        for l in self.labels.get_mut(base..).unwrap_or_default().iter_mut().rev() {
            if l.statement_start == start {
                l.statement_start = self.tok.start;
                l.kind = kind;
            } else {
                break;
            }
        }
        self.labels.push(Label { name: Some(name.text), kind, statement_start: self.tok.start });
        let body = self.parse_statement(Context::Nested, false)?;
        self.labels.pop();
        let span = self.span_from(start);
        Ok(self.b.statement_labeled(span, label, body))
    }

    fn parse_break_continue(&mut self) -> PResult<B::Statement> {
        let start = self.tok.start;
        let is_break = self.tok.kind == T::Break;
        self.next()?;
        let (label, name) = if self.eat(T::Semi)? || self.can_insert_semicolon() {
            (None, None)
        } else if self.tok.kind != T::Name {
            return Err(self.unexpected());
        } else {
            let (id, name) = self.parse_ident()?;
            self.semicolon()?;
            (Some(id), Some(name))
        };
        let found = self.visible_labels().iter().any(|l| {
            let name_matches = match &name {
                None => true,
                Some(name) => l.name.as_deref() == Some(&*name.text),
            };
            name_matches
                && ((l.kind != LabelKind::Other && (is_break || l.kind == LabelKind::Loop))
                    || (label.is_some() && is_break))
        });
        // acorn scans from the outermost label; any match is enough.
        if !found {
            let keyword = if is_break { "break" } else { "continue" };
            return Err(self.error(start, format!("Unsyntactic {keyword}")));
        }
        let span = self.span_from(start);
        Ok(if is_break { self.b.statement_break(span, label) } else { self.b.statement_continue(span, label) })
    }

    fn with_loop_label<R>(&mut self, f: impl FnOnce(&mut Self) -> PResult<R>) -> PResult<R> {
        self.labels.push(Label { name: None, kind: LabelKind::Loop, statement_start: u32::MAX });
        let r = f(self);
        self.labels.pop();
        r
    }

    fn parse_do(&mut self) -> PResult<B::Statement> {
        let start = self.tok.start;
        self.next()?;
        let body = self.with_loop_label(|p| p.parse_statement(Context::Nested, false))?;
        self.expect(T::While)?;
        let test = self.parse_paren_expression()?;
        self.semicolon()?;
        let span = self.span_from(start);
        Ok(self.b.statement_do_while(span, body, test))
    }

    fn parse_while(&mut self) -> PResult<B::Statement> {
        let start = self.tok.start;
        self.next()?;
        let test = self.parse_paren_expression()?;
        let body = self.with_loop_label(|p| p.parse_statement(Context::Nested, false))?;
        let span = self.span_from(start);
        Ok(self.b.statement_while(span, test, body))
    }

    fn parse_with(&mut self) -> PResult<B::Statement> {
        let start = self.tok.start;
        if self.lx.strict {
            return Err(self.error(start, "'with' in strict mode"));
        }
        self.next()?;
        let object = self.parse_paren_expression()?;
        let body = self.parse_statement(Context::Nested, false)?;
        let span = self.span_from(start);
        Ok(self.b.statement_with(span, object, body))
    }

    fn parse_if(&mut self) -> PResult<B::Statement> {
        let start = self.tok.start;
        self.next()?;
        let test = self.parse_paren_expression()?;
        let consequent = self.parse_statement(Context::Nested, false)?;
        let alternate = if self.eat(T::Else)? { Some(self.parse_statement(Context::Nested, false)?) } else { None };
        let span = self.span_from(start);
        Ok(self.b.statement_if(span, test, consequent, alternate))
    }

    fn parse_return(&mut self) -> PResult<B::Statement> {
        let start = self.tok.start;
        if !self.in_function {
            return Err(self.error(start, "'return' outside of function"));
        }
        self.next()?;
        let argument = if self.eat(T::Semi)? || self.can_insert_semicolon() {
            None
        } else {
            let e = self.parse_expression(false)?;
            self.semicolon()?;
            Some(e)
        };
        let span = self.span_from(start);
        Ok(self.b.statement_return(span, argument))
    }

    fn parse_throw(&mut self) -> PResult<B::Statement> {
        let start = self.tok.start;
        self.next()?;
        if self.tok.nl_before {
            return Err(self.error(self.prev_end, "Illegal newline after throw"));
        }
        let argument = self.parse_expression(false)?;
        self.semicolon()?;
        let span = self.span_from(start);
        Ok(self.b.statement_throw(span, argument))
    }

    fn parse_switch(&mut self) -> PResult<B::Statement> {
        let start = self.tok.start;
        self.next()?;
        let discriminant = self.parse_paren_expression()?;
        self.expect(T::BraceL)?;
        self.labels.push(Label { name: None, kind: LabelKind::Switch, statement_start: u32::MAX });
        self.scopes.enter_block();
        // The cases on their scratch stack; the statements of the current case on the statement stack, from
        // `body_mark` on.
        let cases_mark = self.scratch.cases.len();
        let body_mark = self.scratch.statements.len();
        let mut current: Option<(u32, Option<B::Expression>)> = None;
        let mut saw_default = false;
        while self.tok.kind != T::BraceR {
            if matches!(self.tok.kind, T::Case | T::Default) {
                let is_case = self.tok.kind == T::Case;
                let case_start = self.tok.start;
                if let Some((s, test)) = current.take() {
                    let span = Span::new(s, self.prev_end);
                    let body = take_from(self.b, &mut self.scratch.statements, body_mark);
                    let case = self.b.switch_case(span, test, body);
                    self.scratch.cases.push(case);
                }
                self.next()?;
                let test = if is_case {
                    Some(self.parse_expression(false)?)
                } else {
                    if saw_default {
                        return Err(self.error(self.prev_start, "Multiple default clauses"));
                    }
                    saw_default = true;
                    None
                };
                self.expect(T::Colon)?;
                current = Some((case_start, test));
            } else {
                if current.is_none() {
                    return Err(self.unexpected());
                }
                let stmt = self.parse_statement(Context::List, false)?;
                self.scratch.statements.push(stmt);
            }
        }
        self.scopes.exit();
        if let Some((s, test)) = current.take() {
            let span = Span::new(s, self.prev_end);
            let body = take_from(self.b, &mut self.scratch.statements, body_mark);
            let case = self.b.switch_case(span, test, body);
            self.scratch.cases.push(case);
        }
        self.next()?;
        self.labels.pop();
        let cases = take_from(self.b, &mut self.scratch.cases, cases_mark);
        let span = self.span_from(start);
        Ok(self.b.statement_switch(span, discriminant, cases))
    }

    fn parse_try(&mut self) -> PResult<B::Statement> {
        let start = self.tok.start;
        self.next()?;
        let block = self.parse_block(true)?;
        let handler = if self.tok.kind == T::Catch {
            let clause_start = self.tok.start;
            self.next()?;
            self.expect(T::ParenL)?;
            let (param, name) = self.parse_ident()?;
            self.scopes.enter_block();
            self.check_binding(&name, Binding::SimpleCatch)?;
            self.expect(T::ParenR)?;
            let body = self.parse_block(false)?;
            self.scopes.exit();
            let span = self.span_from(clause_start);
            Some(self.b.catch_clause(span, param, body))
        } else {
            None
        };
        let finalizer = if self.eat(T::Finally)? { Some(self.parse_block(true)?) } else { None };
        if handler.is_none() && finalizer.is_none() {
            return Err(self.error(start, "Missing catch or finally clause"));
        }
        let span = self.span_from(start);
        Ok(self.b.statement_try(span, block, handler, finalizer))
    }

    fn parse_block(&mut self, new_scope: bool) -> PResult<B::BlockStatement> {
        let start = self.tok.start;
        self.expect(T::BraceL)?;
        if new_scope {
            self.scopes.enter_block();
        }
        let body = self.parse_statement_list(T::BraceR, false)?;
        self.next()?;
        if new_scope {
            self.scopes.exit();
        }
        Ok(self.b.block_statement(self.span_from(start), body))
    }

    pub(super) fn parse_paren_expression(&mut self) -> PResult<B::Expression> {
        self.expect(T::ParenL)?;
        let e = self.parse_expression(false)?;
        self.expect(T::ParenR)?;
        Ok(e)
    }

    /// The declarators of `var` (after the keyword), their number and whether the first has an initialiser;
    /// `is_for` forbids `in` in initialisers.
    fn parse_var(&mut self, is_for: bool) -> PResult<(B::List<B::VariableDeclarator>, usize, bool)> {
        let mark = self.scratch.declarators.len();
        let mut first_has_init = None;
        loop {
            let decl_start = self.tok.start;
            let (id, name) = self.parse_ident()?;
            self.check_binding(&name, Binding::Var)?;
            let init = if self.eat(T::Eq)? { Some(self.parse_maybe_assign(is_for)?) } else { None };
            first_has_init.get_or_insert(init.is_some());
            let span = self.span_from(decl_start);
            let declarator = self.b.variable_declarator(span, id, init);
            self.scratch.declarators.push(declarator);
            if !self.eat(T::Comma)? {
                let count = self.scratch.declarators.len() - mark;
                let list = take_from(self.b, &mut self.scratch.declarators, mark);
                return Ok((list, count, first_has_init == Some(true)));
            }
        }
    }

    fn parse_for(&mut self) -> PResult<B::Statement> {
        let start = self.tok.start;
        self.next()?;
        self.labels.push(Label { name: None, kind: LabelKind::Loop, statement_start: u32::MAX });
        self.scopes.enter_block();
        let result = self.parse_for_rest(start);
        self.scopes.exit();
        self.labels.pop();
        result
    }

    fn parse_for_rest(&mut self, start: u32) -> PResult<B::Statement> {
        self.expect(T::ParenL)?;
        if self.tok.kind == T::Semi {
            return self.parse_for_tail(start, None);
        }
        if self.tok.kind == T::Var {
            let var_start = self.tok.start;
            self.next()?;
            let (declarations, count, has_init) = self.parse_var(true)?;
            let span = self.span_from(var_start);
            let kind = VariableDeclarationKind::Var;
            if self.tok.kind == T::In && count == 1 {
                let left = self.b.for_in_left_variable_declaration(span, declarations, kind);
                return self.parse_for_in(start, left, has_init.then_some(var_start));
            }
            let init = self.b.for_init_variable_declaration(span, declarations, kind);
            return self.parse_for_tail(start, Some(init));
        }
        let init_start = self.tok.start;
        let init = self.parse_expression(true)?;
        if self.tok.kind == T::In {
            self.check_plain_assign_target(&init, init_start)?;
            let left = self.b.for_in_left_from_expression(init);
            return self.parse_for_in(start, left, None);
        }
        let init = self.b.for_init_from_expression(init);
        self.parse_for_tail(start, Some(init))
    }

    fn parse_for_tail(&mut self, start: u32, init: Option<B::ForInit>) -> PResult<B::Statement> {
        self.expect(T::Semi)?;
        let test = if self.tok.kind == T::Semi { None } else { Some(self.parse_expression(false)?) };
        self.expect(T::Semi)?;
        let update = if self.tok.kind == T::ParenR { None } else { Some(self.parse_expression(false)?) };
        self.expect(T::ParenR)?;
        let body = self.parse_statement(Context::Nested, false)?;
        let span = self.span_from(start);
        Ok(self.b.statement_for(span, init, test, update, body))
    }

    /// `bad_init` is the start of a `var` with an initialiser, an error acorn reports after reading `in`.
    fn parse_for_in(&mut self, start: u32, left: B::ForInLeft, bad_init: Option<u32>) -> PResult<B::Statement> {
        self.next()?;
        if let Some(pos) = bad_init {
            return Err(self.error(pos, "for-in loop variable declaration may not have an initializer"));
        }
        let right = self.parse_expression(false)?;
        self.expect(T::ParenR)?;
        let body = self.parse_statement(Context::Nested, false)?;
        let span = self.span_from(start);
        Ok(self.b.statement_for_in(span, left, right, body))
    }
}
