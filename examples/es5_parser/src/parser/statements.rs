//! Statements: statement lists and directive prologues, labels, `break` / `continue`, every compound
//! statement, `var` declarations and the three forms of `for`.

use es5_ast::{
    BlockStatement, Expression, ForInLeft, ForInit, Identifier, Span, Statement, SwitchCase, VariableDeclarationKind,
    VariableDeclarator,
};

use super::{Context, Label, LabelKind, PResult, Parser, take_from};
use crate::lexer::T;
use crate::scope::Binding;

impl<'a> Parser<'a> {
    /// Statements up to `end` (`}` or end of input); `directives` enables the directive prologue.
    pub(super) fn parse_statement_list(&mut self, end: T, directives: bool) -> PResult<Vec<Statement>> {
        let mark = self.scratch.statements.len();
        let mut prologue = directives;
        while self.tok.kind != end {
            if self.tok.kind == T::Eof {
                return Err(self.unexpected());
            }
            let stmt = self.parse_statement(Context::List, prologue)?;
            if prologue {
                prologue = matches!(&stmt, Statement::Expression(s) if s.directive.is_some());
            }
            self.scratch.statements.push(stmt);
        }
        Ok(take_from(&mut self.scratch.statements, mark))
    }

    fn parse_statement(&mut self, context: Context, prologue: bool) -> PResult<Statement> {
        self.enter()?;
        let stmt = self.parse_statement_inner(context, prologue);
        self.leave();
        stmt
    }

    fn parse_statement_inner(&mut self, context: Context, prologue: bool) -> PResult<Statement> {
        let start = self.tok.start;
        match self.tok.kind {
            T::Break | T::Continue => self.parse_break_continue(),
            T::Debugger => {
                self.next()?;
                self.semicolon()?;
                Ok(Statement::Debugger(self.b.boxed_debugger_statement(self.span_from(start))))
            }
            T::Do => self.parse_do(),
            T::For => self.parse_for(),
            T::Function => {
                self.next()?;
                let decl = self.parse_function_declaration(start, context == Context::List)?;
                Ok(decl)
            }
            T::If => self.parse_if(),
            T::Return => self.parse_return(),
            T::Switch => self.parse_switch(),
            T::Throw => self.parse_throw(),
            T::Try => self.parse_try(),
            T::Var => {
                self.next()?;
                let decl = self.parse_var(false)?;
                self.semicolon()?;
                let span = self.span_from(start);
                Ok(Statement::VariableDeclaration(self.b.boxed_variable_declaration(
                    span,
                    decl,
                    VariableDeclarationKind::Var,
                )))
            }
            T::While => self.parse_while(),
            T::With => self.parse_with(),
            T::BraceL => {
                let block = self.parse_block(true)?;
                Ok(Statement::Block(Box::new(block)))
            }
            T::Semi => {
                self.next()?;
                Ok(Statement::Empty(self.b.boxed_empty_statement(self.span_from(start))))
            }
            _ => self.parse_expression_or_labeled(context, prologue),
        }
    }

    fn parse_expression_or_labeled(&mut self, context: Context, prologue: bool) -> PResult<Statement> {
        let start = self.tok.start;
        let starts_with_name = self.tok.kind == T::Name;
        let expr = self.parse_expression(false)?;
        if starts_with_name && self.tok.kind == T::Colon && matches!(expr, Expression::Identifier(_)) {
            self.next()?;
            let Expression::Identifier(label) = expr else { unreachable!("checked above") };
            return self.parse_labeled(start, *label, context);
        }
        self.semicolon()?;
        let directive = match &expr {
            Expression::StringLiteral(lit)
                if prologue && matches!(self.src.as_bytes()[start as usize], b'"' | b'\'') =>
            {
                let raw = self.slice(lit.span);
                Some(raw[1..raw.len() - 1].to_string())
            }
            _ => None,
        };
        let span = self.span_from(start);
        Ok(Statement::Expression(self.b.boxed_expression_statement(span, expr, directive)))
    }

    fn parse_labeled(&mut self, start: u32, label: Identifier, _context: Context) -> PResult<Statement> {
        if self.labels.iter().any(|l| l.name.as_deref() == Some(label.name.as_str())) {
            return Err(self.error(label.span.start, format!("Label '{}' is already declared", label.name)));
        }
        let kind = match self.tok.kind {
            T::For | T::While | T::Do => LabelKind::Loop,
            T::Switch => LabelKind::Switch,
            _ => LabelKind::Other,
        };
        for l in self.labels.iter_mut().rev() {
            if l.statement_start == start {
                l.statement_start = self.tok.start;
                l.kind = kind;
            } else {
                break;
            }
        }
        self.labels.push(Label { name: Some(label.name.clone()), kind, statement_start: self.tok.start });
        let body = self.parse_statement(Context::Nested, false)?;
        self.labels.pop();
        let span = self.span_from(start);
        Ok(Statement::Labeled(self.b.boxed_labeled_statement(span, label, body)))
    }

    fn parse_break_continue(&mut self) -> PResult<Statement> {
        let start = self.tok.start;
        let is_break = self.tok.kind == T::Break;
        self.next()?;
        let label = if self.eat(T::Semi)? || self.can_insert_semicolon() {
            None
        } else if self.tok.kind != T::Name {
            return Err(self.unexpected());
        } else {
            let id = self.parse_ident()?;
            self.semicolon()?;
            Some(id)
        };
        let found = self.labels.iter().any(|l| {
            let name_matches = match &label {
                None => true,
                Some(id) => l.name.as_deref() == Some(id.name.as_str()),
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
        Ok(if is_break {
            Statement::Break(self.b.boxed_break_statement(span, label))
        } else {
            Statement::Continue(self.b.boxed_continue_statement(span, label))
        })
    }

    fn with_loop_label<R>(&mut self, f: impl FnOnce(&mut Self) -> PResult<R>) -> PResult<R> {
        self.labels.push(Label { name: None, kind: LabelKind::Loop, statement_start: u32::MAX });
        let r = f(self);
        self.labels.pop();
        r
    }

    fn parse_do(&mut self) -> PResult<Statement> {
        let start = self.tok.start;
        self.next()?;
        let body = self.with_loop_label(|p| p.parse_statement(Context::Nested, false))?;
        self.expect(T::While)?;
        let test = self.parse_paren_expression()?;
        self.semicolon()?;
        let span = self.span_from(start);
        Ok(Statement::DoWhile(self.b.boxed_do_while_statement(span, body, test)))
    }

    fn parse_while(&mut self) -> PResult<Statement> {
        let start = self.tok.start;
        self.next()?;
        let test = self.parse_paren_expression()?;
        let body = self.with_loop_label(|p| p.parse_statement(Context::Nested, false))?;
        let span = self.span_from(start);
        Ok(Statement::While(self.b.boxed_while_statement(span, test, body)))
    }

    fn parse_with(&mut self) -> PResult<Statement> {
        let start = self.tok.start;
        if self.lx.strict {
            return Err(self.error(start, "'with' in strict mode"));
        }
        self.next()?;
        let object = self.parse_paren_expression()?;
        let body = self.parse_statement(Context::Nested, false)?;
        let span = self.span_from(start);
        Ok(Statement::With(self.b.boxed_with_statement(span, object, body)))
    }

    fn parse_if(&mut self) -> PResult<Statement> {
        let start = self.tok.start;
        self.next()?;
        let test = self.parse_paren_expression()?;
        let consequent = self.parse_statement(Context::Nested, false)?;
        let alternate = if self.eat(T::Else)? { Some(self.parse_statement(Context::Nested, false)?) } else { None };
        let span = self.span_from(start);
        Ok(Statement::If(self.b.boxed_if_statement(span, test, consequent, alternate)))
    }

    fn parse_return(&mut self) -> PResult<Statement> {
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
        Ok(Statement::Return(self.b.boxed_return_statement(span, argument)))
    }

    fn parse_throw(&mut self) -> PResult<Statement> {
        let start = self.tok.start;
        self.next()?;
        if self.tok.nl_before {
            return Err(self.error(self.prev_end, "Illegal newline after throw"));
        }
        let argument = self.parse_expression(false)?;
        self.semicolon()?;
        let span = self.span_from(start);
        Ok(Statement::Throw(self.b.boxed_throw_statement(span, argument)))
    }

    fn parse_switch(&mut self) -> PResult<Statement> {
        let start = self.tok.start;
        self.next()?;
        let discriminant = self.parse_paren_expression()?;
        self.expect(T::BraceL)?;
        self.labels.push(Label { name: None, kind: LabelKind::Switch, statement_start: u32::MAX });
        self.scopes.enter_block();
        let mut cases: Vec<SwitchCase> = Vec::new();
        let mut current: Option<(u32, Option<Expression>, Vec<Statement>)> = None;
        let mut saw_default = false;
        while self.tok.kind != T::BraceR {
            if matches!(self.tok.kind, T::Case | T::Default) {
                let is_case = self.tok.kind == T::Case;
                let case_start = self.tok.start;
                if let Some((s, test, body)) = current.take() {
                    let span = Span::new(s, self.prev_end);
                    cases.push(self.b.switch_case(span, test, body));
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
                current = Some((case_start, test, Vec::new()));
            } else {
                if current.is_none() {
                    return Err(self.unexpected());
                }
                let stmt = self.parse_statement(Context::List, false)?;
                if let Some((_, _, body)) = current.as_mut() {
                    body.push(stmt);
                }
            }
        }
        self.scopes.exit();
        if let Some((s, test, body)) = current.take() {
            let span = Span::new(s, self.prev_end);
            cases.push(self.b.switch_case(span, test, body));
        }
        self.next()?;
        self.labels.pop();
        let span = self.span_from(start);
        Ok(Statement::Switch(self.b.boxed_switch_statement(span, discriminant, cases)))
    }

    fn parse_try(&mut self) -> PResult<Statement> {
        let start = self.tok.start;
        self.next()?;
        let block = self.parse_block(true)?;
        let handler = if self.tok.kind == T::Catch {
            let clause_start = self.tok.start;
            self.next()?;
            self.expect(T::ParenL)?;
            let param = self.parse_ident()?;
            self.scopes.enter_block();
            self.check_binding(&param, Binding::SimpleCatch)?;
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
        Ok(Statement::Try(self.b.boxed_try_statement(span, block, handler, finalizer)))
    }

    fn parse_block(&mut self, new_scope: bool) -> PResult<BlockStatement> {
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

    pub(super) fn parse_paren_expression(&mut self) -> PResult<Expression> {
        self.expect(T::ParenL)?;
        let e = self.parse_expression(false)?;
        self.expect(T::ParenR)?;
        Ok(e)
    }

    /// The declarators of `var` (after the keyword); `is_for` forbids `in` in initialisers.
    fn parse_var(&mut self, is_for: bool) -> PResult<Vec<VariableDeclarator>> {
        let mark = self.scratch.declarators.len();
        loop {
            let decl_start = self.tok.start;
            let id = self.parse_ident()?;
            self.check_binding(&id, Binding::Var)?;
            let init = if self.eat(T::Eq)? { Some(self.parse_maybe_assign(is_for)?) } else { None };
            let span = self.span_from(decl_start);
            let declarator = self.b.variable_declarator(span, id, init);
            self.scratch.declarators.push(declarator);
            if !self.eat(T::Comma)? {
                return Ok(take_from(&mut self.scratch.declarators, mark));
            }
        }
    }

    fn parse_for(&mut self) -> PResult<Statement> {
        let start = self.tok.start;
        self.next()?;
        self.labels.push(Label { name: None, kind: LabelKind::Loop, statement_start: u32::MAX });
        self.scopes.enter_block();
        let result = self.parse_for_rest(start);
        self.scopes.exit();
        self.labels.pop();
        result
    }

    fn parse_for_rest(&mut self, start: u32) -> PResult<Statement> {
        self.expect(T::ParenL)?;
        if self.tok.kind == T::Semi {
            return self.parse_for_tail(start, None);
        }
        if self.tok.kind == T::Var {
            let var_start = self.tok.start;
            self.next()?;
            let declarations = self.parse_var(true)?;
            let span = self.span_from(var_start);
            let single = declarations.len() == 1;
            let decl = self.b.boxed_variable_declaration(span, declarations, VariableDeclarationKind::Var);
            if self.tok.kind == T::In && single {
                let has_init = decl.declarations[0].init.is_some();
                return self.parse_for_in(start, ForInLeft::VariableDeclaration(decl), has_init.then_some(var_start));
            }
            return self.parse_for_tail(start, Some(ForInit::VariableDeclaration(decl)));
        }
        let init_start = self.tok.start;
        let init = self.parse_expression(true)?;
        if self.tok.kind == T::In {
            self.check_plain_assign_target(&init, init_start)?;
            return self.parse_for_in(start, ForInLeft::Expression(init), None);
        }
        self.parse_for_tail(start, Some(ForInit::Expression(init)))
    }

    fn parse_for_tail(&mut self, start: u32, init: Option<ForInit>) -> PResult<Statement> {
        self.expect(T::Semi)?;
        let test = if self.tok.kind == T::Semi { None } else { Some(self.parse_expression(false)?) };
        self.expect(T::Semi)?;
        let update = if self.tok.kind == T::ParenR { None } else { Some(self.parse_expression(false)?) };
        self.expect(T::ParenR)?;
        let body = self.parse_statement(Context::Nested, false)?;
        let span = self.span_from(start);
        Ok(Statement::For(self.b.boxed_for_statement(span, init, test, update, body)))
    }

    /// `bad_init` is the start of a `var` with an initialiser, an error acorn reports after reading `in`.
    fn parse_for_in(&mut self, start: u32, left: ForInLeft, bad_init: Option<u32>) -> PResult<Statement> {
        self.next()?;
        if let Some(pos) = bad_init {
            return Err(self.error(pos, "for-in loop variable declaration may not have an initializer"));
        }
        let right = self.parse_expression(false)?;
        self.expect(T::ParenR)?;
        let body = self.parse_statement(Context::Nested, false)?;
        let span = self.span_from(start);
        Ok(Statement::ForIn(self.b.boxed_for_in_statement(span, left, right, body)))
    }
}
