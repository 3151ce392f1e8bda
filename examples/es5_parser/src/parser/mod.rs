//! The recursive-descent ES5 parser. It mirrors acorn 8's structure (`ecmaVersion: 5`, script goal) so that it
//! accepts the same programs, builds the same tree with the same spans, and reports errors at the same places.
//!
//! Spans: a node starts at the first token of its construct (a parenthesised first operand included, as acorn
//! does) and ends at the end of the last token consumed (`prev_end`).
//!
//! Depth: every construct that recurses (statements, assignment expressions, prefix operators, `new`) and every
//! link of a left-nested chain (`a + b + c`, `a.b(c).d`) counts towards [`MAX_DEPTH`], so both the parser's own
//! recursion and the height of the tree it returns (which `renumber`, `Drop` and visitors recurse over) stay
//! bounded. Past the limit the input is rejected with a syntax error.

use std::borrow::Cow;
use std::collections::HashMap;

use es5_ast::{
    AssignmentOperator, AstNodeBuilder, BinaryOperator, BlockStatement, Expression, ForInLeft, ForInit, GetSpan,
    Identifier, LogicalOperator, Program, Property, PropertyKey, PropertyKind, SourceType, Span, Statement, SwitchCase,
    UnaryOperator, UpdateOperator, VariableDeclarationKind, VariableDeclarator,
};

use crate::error::SyntaxError;
use crate::lexer::{Lexer, T, Token};
use crate::number::js_number_to_string;
use crate::scope::{Binding, Scopes};
use crate::strict::strict_directive;

/// The deepest nesting accepted (see the module documentation for what counts).
pub const MAX_DEPTH: u32 = 1000;

/// The message of the error for input nested deeper than [`MAX_DEPTH`].
pub const TOO_DEEP: &str = "Nesting is too deep";

/// What a label labels, for checking `break` and `continue`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    Loop,
    Switch,
    Other,
}

struct Label {
    /// `None` for the implicit entries of loops and switches.
    name: Option<String>,
    kind: LabelKind,
    statement_start: u32,
}

/// Where a statement is parsed; acorn's `context` argument.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// In a statement list: declarations allowed.
    List,
    /// The body of `if`, a loop, `with` or a label.
    Nested,
}

/// Errors are boxed so that the `Result`s every parse function returns stay small.
type PResult<T> = Result<T, Box<SyntaxError>>;

/// The saved state of a chain (see [`Parser::chain_begin`]).
struct Chain {
    base_depth: u32,
    saved_peak: u32,
}

/// The parser state.
pub struct Parser<'a> {
    lx: Lexer<'a>,
    src: &'a str,
    tok: Token,
    prev_end: u32,
    prev_start: u32,
    b: AstNodeBuilder,
    in_function: bool,
    labels: Vec<Label>,
    scopes: Scopes<'a>,
    depth: u32,
    peak: u32,
    /// Address of a local in the entry frame and how many bytes of stack below it recursion may use.
    stack_base: usize,
    stack_budget: usize,
    /// Set when parsing stopped because `stack_budget` ran out (not because of `MAX_DEPTH`).
    stack_exhausted: bool,
    /// Lists under construction, one stack per element type shared by all nesting levels: a list is collected
    /// here and moved into an exactly sized `Vec` when complete, so building it reallocates nothing.
    scratch: Scratch,
}

struct Scratch {
    statements: Vec<Statement>,
    expressions: Vec<Expression>,
    elements: Vec<Option<Expression>>,
    properties: Vec<Property>,
    declarators: Vec<VariableDeclarator>,
    identifiers: Vec<Identifier>,
}

impl Scratch {
    /// Empty stacks: they grow (a few times per parse) to the deepest nesting the input needs. Reserving room up
    /// front instead costs more: a large first allocation makes glibc's malloc consolidate every chunk the
    /// previous tree freed before the parse starts, where small allocations would reuse them directly. (Keeping
    /// the stacks in chunks under 1 KiB, so that they never make such a request, was measured too: fewer
    /// instructions, but lodash parsed 15-20% slower in `examples/oxc_compare`.)
    fn new() -> Self {
        Scratch {
            statements: Vec::new(),
            expressions: Vec::new(),
            elements: Vec::new(),
            properties: Vec::new(),
            declarators: Vec::new(),
            identifiers: Vec::new(),
        }
    }
}

/// Moves the items of `stack` from `mark` on into a `Vec` of exactly their number.
fn take_from<T>(stack: &mut Vec<T>, mark: usize) -> Vec<T> {
    stack.drain(mark..).collect()
}

/// The address of a local of the calling frame: how deep the stack is, without `unsafe`.
#[inline(never)]
fn stack_position() -> usize {
    let probe = 0u8;
    std::hint::black_box(&probe) as *const u8 as usize
}

impl<'a> Parser<'a> {
    /// A parser over `src`, before its first token, whose recursion may use `stack_budget` bytes of stack below
    /// the caller's frame.
    pub fn new(src: &'a str, stack_budget: usize) -> Self {
        Parser {
            lx: Lexer::new(src),
            src,
            tok: Token { kind: T::Eof, start: 0, end: 0, nl_before: false, escaped: false },
            prev_end: 0,
            prev_start: 0,
            b: AstNodeBuilder::new(),
            in_function: false,
            labels: Vec::new(),
            scopes: Scopes::new(),
            depth: 0,
            peak: 0,
            stack_base: stack_position(),
            stack_budget,
            stack_exhausted: false,
            scratch: Scratch::new(),
        }
    }

    /// Parses the whole source; the flag tells whether a failure was the stack budget running out (then a parse
    /// with a larger budget may succeed).
    pub fn parse_program_or_stack_exhausted(mut self) -> (PResult<(Program, usize)>, bool) {
        self.stack_base = stack_position();
        let result = self.parse_program_mut();
        (result, self.stack_exhausted)
    }

    /// Parses the whole source as a script and renumbers the tree to preorder.
    fn parse_program_mut(&mut self) -> PResult<(Program, usize)> {
        if u32::try_from(self.src.len()).is_err() {
            return Err(self.error(0, "Source is larger than 4 GiB"));
        }
        self.lx.strict = strict_directive(self.src, 0);
        self.tok = self.lx.next_token()?;
        let body = self.parse_statement_list(T::Eof, true)?;
        let span = Span::new(0, self.tok.end);
        let mut program = self.b.program(span, body, SourceType::Script);
        let count = self.b.renumber(&mut program);
        Ok((program, count))
    }

    // ----- token helpers -----

    #[cold]
    fn error(&self, pos: u32, message: impl Into<String>) -> Box<SyntaxError> {
        Box::new(SyntaxError::at(self.src, pos as usize, message))
    }

    fn unexpected(&self) -> Box<SyntaxError> {
        self.unexpected_at(self.tok.start)
    }

    fn unexpected_at(&self, pos: u32) -> Box<SyntaxError> {
        self.error(pos, "Unexpected token")
    }

    /// Moves to the next token. An escaped keyword may only be consumed as a property name.
    #[inline]
    fn next(&mut self) -> PResult<()> {
        if self.tok.escaped {
            return self.next_after_escaped();
        }
        self.next_liberal()
    }

    #[cold]
    fn next_after_escaped(&mut self) -> PResult<()> {
        if self.tok.kind.is_keyword() {
            return Err(
                self.error(self.tok.start, format!("Escape sequence in keyword {}", self.tok.kind.keyword_text()))
            );
        }
        self.next_liberal()
    }

    #[inline]
    fn next_liberal(&mut self) -> PResult<()> {
        self.prev_end = self.tok.end;
        self.prev_start = self.tok.start;
        self.tok = self.lx.next_token()?;
        Ok(())
    }

    #[inline]
    fn eat(&mut self, kind: T) -> PResult<bool> {
        if self.tok.kind == kind {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn expect(&mut self, kind: T) -> PResult<()> {
        if self.eat(kind)? { Ok(()) } else { Err(self.unexpected()) }
    }

    fn can_insert_semicolon(&self) -> bool {
        matches!(self.tok.kind, T::Eof | T::BraceR) || self.tok.nl_before
    }

    fn semicolon(&mut self) -> PResult<()> {
        if self.eat(T::Semi)? || self.can_insert_semicolon() { Ok(()) } else { Err(self.unexpected()) }
    }

    fn span_from(&self, start: u32) -> Span {
        Span::new(start, self.prev_end)
    }

    fn slice(&self, span: Span) -> &'a str {
        &self.src[span.start as usize..span.end as usize]
    }

    // ----- depth accounting -----

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        self.peak = self.peak.max(self.depth);
        if self.depth > MAX_DEPTH {
            return Err(self.error(self.tok.start, TOO_DEEP));
        }
        // Looking at the stack every few levels is enough: the budget leaves ample room below it.
        if self.depth.is_multiple_of(8) && self.stack_base.abs_diff(stack_position()) > self.stack_budget {
            self.stack_exhausted = true;
            return Err(self.error(self.tok.start, TOO_DEEP));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Starts measuring the first operand of a left-nested chain.
    fn chain_begin(&mut self) -> Chain {
        let chain = Chain { base_depth: self.depth, saved_peak: self.peak };
        self.peak = self.depth;
        chain
    }

    /// Accounts for link `links` of a chain: the chain so far is `links` levels above its first operand, whose
    /// height the peak measured while it was parsed bounds.
    fn chain_link(&mut self, chain: &Chain, first_height: u32, links: u32) -> PResult<()> {
        self.depth = chain.base_depth + first_height + links;
        self.peak = self.peak.max(self.depth);
        if self.depth > MAX_DEPTH {
            return Err(self.error(self.tok.start, TOO_DEEP));
        }
        Ok(())
    }

    fn chain_first_height(&self, chain: &Chain) -> u32 {
        self.peak - chain.base_depth
    }

    fn chain_end(&mut self, chain: Chain) {
        self.depth = chain.base_depth;
        self.peak = self.peak.max(chain.saved_peak);
    }

    // ----- identifiers -----

    /// The current name token's decoded text.
    fn name_value(&self) -> String {
        self.lx.value(self.tok).to_string()
    }

    /// An identifier in a reference or binding position: keywords and reserved words are errors.
    fn parse_ident(&mut self) -> PResult<Identifier> {
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
    fn parse_ident_liberal(&mut self) -> PResult<Identifier> {
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
    fn name_of(&self, id: &Identifier) -> Cow<'a, str> {
        let written = self.slice(id.span);
        if written == id.name { Cow::Borrowed(written) } else { Cow::Owned(id.name.clone()) }
    }

    /// acorn's `checkLValSimple` for a binding: strict-mode names, duplicate parameters, scope clashes.
    fn check_binding(&mut self, id: &Identifier, binding: Binding) -> PResult<()> {
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
    fn check_plain_assign_target(&self, expr: &Expression, start: u32) -> PResult<()> {
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
    fn check_assign_target(&self, expr: &Expression) -> PResult<()> {
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

    // ----- statements -----

    /// Statements up to `end` (`}` or end of input); `directives` enables the directive prologue.
    fn parse_statement_list(&mut self, end: T, directives: bool) -> PResult<Vec<Statement>> {
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
            self.scopes.enter_catch();
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

    fn parse_paren_expression(&mut self) -> PResult<Expression> {
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

    // ----- functions -----

    /// `function` has been consumed. `declared` is false for a function that is the body of `if`, a loop or a
    /// label (acorn does not declare its name then).
    fn parse_function_declaration(&mut self, start: u32, declared: bool) -> PResult<Statement> {
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
    fn parse_function_rest(
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

    fn check_params(&mut self, params: &[Identifier], allow_duplicates: bool) -> PResult<()> {
        for (i, p) in params.iter().enumerate() {
            if !allow_duplicates && params[..i].iter().any(|q| q.name == p.name) {
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

    // ----- expressions -----

    fn parse_expression(&mut self, no_in: bool) -> PResult<Expression> {
        let start = self.tok.start;
        let first = self.parse_maybe_assign(no_in)?;
        if self.tok.kind != T::Comma {
            return Ok(first);
        }
        let mark = self.scratch.expressions.len();
        self.scratch.expressions.push(first);
        while self.eat(T::Comma)? {
            let e = self.parse_maybe_assign(no_in)?;
            self.scratch.expressions.push(e);
        }
        let expressions = take_from(&mut self.scratch.expressions, mark);
        let span = self.span_from(start);
        Ok(Expression::Sequence(self.b.boxed_sequence_expression(span, expressions)))
    }

    fn parse_maybe_assign(&mut self, no_in: bool) -> PResult<Expression> {
        self.enter()?;
        let result = self.parse_maybe_assign_inner(no_in);
        self.leave();
        result
    }

    fn parse_maybe_assign_inner(&mut self, no_in: bool) -> PResult<Expression> {
        if self.is_lone_atom() {
            return self.parse_expr_atom();
        }
        let start = self.tok.start;
        let left = self.parse_maybe_conditional(no_in)?;
        let Some(operator) = assignment_operator(self.tok.kind) else { return Ok(left) };
        if operator == AssignmentOperator::Assign {
            self.check_plain_assign_target(&left, start)?;
        } else {
            self.check_assign_target(&left)?;
        }
        self.next()?;
        let right = self.parse_maybe_assign(no_in)?;
        let span = self.span_from(start);
        Ok(Expression::Assignment(self.b.boxed_assignment_expression(span, operator, left, right)))
    }

    /// Whether the current token is a name, literal or `this` directly followed by `,`, `)`, `;`, `]`, `}` or `:`
    /// (the usual argument, element, property value or initialiser): then it is the whole expression, and the
    /// operator levels between an assignment and an atom, which would each find nothing to do, are skipped.
    fn is_lone_atom(&self) -> bool {
        matches!(self.tok.kind, T::Name | T::Num | T::Str | T::This | T::Null | T::True | T::False)
            && matches!(self.src.as_bytes().get(self.tok.end as usize), Some(b',' | b')' | b';' | b']' | b'}' | b':'))
    }

    fn parse_maybe_conditional(&mut self, no_in: bool) -> PResult<Expression> {
        let start = self.tok.start;
        let test = self.parse_binary(0, no_in)?;
        if !self.eat(T::Question)? {
            return Ok(test);
        }
        let consequent = self.parse_maybe_assign(false)?;
        self.expect(T::Colon)?;
        let alternate = self.parse_maybe_assign(no_in)?;
        let span = self.span_from(start);
        Ok(Expression::Conditional(self.b.boxed_conditional_expression(span, test, consequent, alternate)))
    }

    /// Precedence climbing: operands joined by operators that bind tighter than `min_prec`. The recursion is
    /// bounded by the number of precedence levels; same-precedence operators are joined in a loop.
    fn parse_binary(&mut self, min_prec: u8, no_in: bool) -> PResult<Expression> {
        let start = self.tok.start;
        let chain = self.chain_begin();
        let result = self.parse_binary_chain(start, &chain, min_prec, no_in);
        self.chain_end(chain);
        result
    }

    fn parse_binary_chain(&mut self, start: u32, chain: &Chain, min_prec: u8, no_in: bool) -> PResult<Expression> {
        let mut left = self.parse_maybe_unary()?;
        let first_height = self.chain_first_height(chain);
        let mut links = 0;
        loop {
            let kind = self.tok.kind;
            let Some(prec) = binary_precedence(kind) else { return Ok(left) };
            if prec <= min_prec || (no_in && kind == T::In) {
                return Ok(left);
            }
            self.next()?;
            links += 1;
            self.chain_link(chain, first_height, links)?;
            let right = self.parse_binary(prec, no_in)?;
            let span = self.span_from(start);
            left = match kind {
                T::PipePipe => {
                    Expression::Logical(self.b.boxed_logical_expression(span, LogicalOperator::Or, left, right))
                }
                T::AmpAmp => {
                    Expression::Logical(self.b.boxed_logical_expression(span, LogicalOperator::And, left, right))
                }
                _ => {
                    let op = binary_operator(kind).expect("binary_precedence implies a binary operator");
                    Expression::Binary(self.b.boxed_binary_expression(span, op, left, right))
                }
            };
        }
    }

    fn parse_maybe_unary(&mut self) -> PResult<Expression> {
        let start = self.tok.start;
        let kind = self.tok.kind;
        if let Some(op) = unary_operator(kind) {
            self.enter()?;
            self.next()?;
            let argument = self.parse_maybe_unary()?;
            self.leave();
            if self.lx.strict && op == UnaryOperator::Delete && matches!(argument, Expression::Identifier(_)) {
                return Err(self.error(start, "Deleting local variable in strict mode"));
            }
            let span = self.span_from(start);
            return Ok(Expression::Unary(self.b.boxed_unary_expression(span, op, argument)));
        }
        if matches!(kind, T::PlusPlus | T::MinusMinus) {
            self.enter()?;
            self.next()?;
            let argument = self.parse_maybe_unary()?;
            self.leave();
            self.check_assign_target(&argument)?;
            let op = if kind == T::PlusPlus { UpdateOperator::Increment } else { UpdateOperator::Decrement };
            let span = self.span_from(start);
            return Ok(Expression::Update(self.b.boxed_update_expression(span, op, true, argument)));
        }
        let mut expr = self.parse_expr_subscripts()?;
        while matches!(self.tok.kind, T::PlusPlus | T::MinusMinus) && !self.can_insert_semicolon() {
            self.check_assign_target(&expr)?;
            let op = if self.tok.kind == T::PlusPlus { UpdateOperator::Increment } else { UpdateOperator::Decrement };
            self.next()?;
            let span = self.span_from(start);
            expr = Expression::Update(self.b.boxed_update_expression(span, op, false, expr));
        }
        Ok(expr)
    }

    fn parse_expr_subscripts(&mut self) -> PResult<Expression> {
        let start = self.tok.start;
        let chain = self.chain_begin();
        let result = self.parse_expr_atom().and_then(|atom| self.parse_subscripts(atom, start, &chain, false));
        self.chain_end(chain);
        result
    }

    /// `.name`, `[expr]` and (unless `no_calls`, for the callee of `new`) `(args)` after `base`.
    fn parse_subscripts(
        &mut self,
        mut base: Expression,
        start: u32,
        chain: &Chain,
        no_calls: bool,
    ) -> PResult<Expression> {
        let first_height = self.chain_first_height(chain);
        let mut links = 0;
        loop {
            let kind = self.tok.kind;
            if !matches!(kind, T::BracketL | T::Dot) && (no_calls || kind != T::ParenL) {
                return Ok(base);
            }
            self.next()?;
            links += 1;
            self.chain_link(chain, first_height, links)?;
            base = match kind {
                T::BracketL => {
                    let property = self.parse_expression(false)?;
                    self.expect(T::BracketR)?;
                    let span = self.span_from(start);
                    Expression::Member(self.b.boxed_member_expression(span, base, property, true))
                }
                T::Dot => {
                    let property = Expression::Identifier(Box::new(self.parse_ident_liberal()?));
                    let span = self.span_from(start);
                    Expression::Member(self.b.boxed_member_expression(span, base, property, false))
                }
                _ => {
                    let arguments = self.parse_expr_list(T::ParenR)?;
                    let span = self.span_from(start);
                    Expression::Call(self.b.boxed_call_expression(span, base, arguments))
                }
            };
        }
    }

    /// Comma-separated expressions up to `close` (already past the opening token).
    fn parse_expr_list(&mut self, close: T) -> PResult<Vec<Expression>> {
        let mark = self.scratch.expressions.len();
        let mut first = true;
        while !self.eat(close)? {
            if !first {
                self.expect(T::Comma)?;
            }
            first = false;
            let e = self.parse_maybe_assign(false)?;
            self.scratch.expressions.push(e);
        }
        Ok(take_from(&mut self.scratch.expressions, mark))
    }

    fn parse_expr_atom(&mut self) -> PResult<Expression> {
        let tok = self.tok;
        let start = tok.start;
        match tok.kind {
            // The context guessed division; like acorn, re-read a `/` as a regular expression, but not a `/=`
            // (acorn reports it as an unexpected token).
            T::Slash => self.parse_regexp(true),
            T::Regex => self.parse_regexp(false),
            T::This => {
                self.next()?;
                Ok(Expression::This(self.b.boxed_this_expression(self.span_from(start))))
            }
            T::Name => Ok(Expression::Identifier(Box::new(self.parse_ident()?))),
            T::Num => {
                let lit = self.parse_numeric_literal()?;
                Ok(Expression::NumericLiteral(lit))
            }
            T::Str => {
                let lit = self.parse_string_literal()?;
                Ok(Expression::StringLiteral(lit))
            }
            T::Null => {
                self.next()?;
                Ok(Expression::NullLiteral(self.b.boxed_null_literal(self.span_from(start))))
            }
            T::True | T::False => {
                self.next()?;
                let span = self.span_from(start);
                Ok(Expression::BooleanLiteral(self.b.boxed_boolean_literal(span, tok.kind == T::True)))
            }
            T::ParenL => self.parse_paren_expression(),
            T::BracketL => self.parse_array(),
            T::BraceL => self.parse_object(),
            T::Function => {
                self.next()?;
                let id = if self.tok.kind == T::Name { Some(self.parse_ident()?) } else { None };
                let (params, body) = self.parse_function_rest(id.as_ref(), false)?;
                let span = self.span_from(start);
                Ok(Expression::Function(self.b.boxed_function_expression(span, id, params, body)))
            }
            T::New => self.parse_new(),
            _ => Err(self.unexpected()),
        }
    }

    /// A regular expression literal: the current token, or (`rescan`) the `/` token re-read as one.
    fn parse_regexp(&mut self, rescan: bool) -> PResult<Expression> {
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

    fn parse_numeric_literal(&mut self) -> PResult<Box<es5_ast::NumericLiteral>> {
        let start = self.tok.start;
        let value = self.lx.number;
        let raw = self.src[start as usize..self.tok.end as usize].to_string();
        self.next()?;
        Ok(self.b.boxed_numeric_literal(self.span_from(start), value, raw))
    }

    fn parse_string_literal(&mut self) -> PResult<Box<es5_ast::StringLiteral>> {
        let start = self.tok.start;
        let value = self.lx.value(self.tok).to_string();
        let raw = self.src[start as usize..self.tok.end as usize].to_string();
        self.next()?;
        Ok(self.b.boxed_string_literal(self.span_from(start), value, raw))
    }

    fn parse_array(&mut self) -> PResult<Expression> {
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

    fn parse_object(&mut self) -> PResult<Expression> {
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

    fn parse_new(&mut self) -> PResult<Expression> {
        let start = self.tok.start;
        self.enter()?;
        self.next()?;
        let callee_start = self.tok.start;
        let chain = self.chain_begin();
        let callee = self.parse_expr_atom().and_then(|atom| self.parse_subscripts(atom, callee_start, &chain, true));
        self.chain_end(chain);
        let callee = callee?;
        let arguments = if self.eat(T::ParenL)? { self.parse_expr_list(T::ParenR)? } else { Vec::new() };
        self.leave();
        let span = self.span_from(start);
        Ok(Expression::New(self.b.boxed_new_expression(span, callee, arguments)))
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

/// The words reserved only in strict mode.
fn is_strict_reserved(name: &str) -> bool {
    matches!(
        name,
        "implements" | "interface" | "let" | "package" | "private" | "protected" | "public" | "static" | "yield"
    )
}

fn assignment_operator(kind: T) -> Option<AssignmentOperator> {
    Some(match kind {
        T::Eq => AssignmentOperator::Assign,
        T::PlusEq => AssignmentOperator::Addition,
        T::MinusEq => AssignmentOperator::Subtraction,
        T::StarEq => AssignmentOperator::Multiplication,
        T::SlashEq => AssignmentOperator::Division,
        T::PercentEq => AssignmentOperator::Remainder,
        T::ShlEq => AssignmentOperator::ShiftLeft,
        T::ShrEq => AssignmentOperator::ShiftRight,
        T::UShrEq => AssignmentOperator::ShiftRightZeroFill,
        T::PipeEq => AssignmentOperator::BitwiseOr,
        T::CaretEq => AssignmentOperator::BitwiseXor,
        T::AmpEq => AssignmentOperator::BitwiseAnd,
        _ => return None,
    })
}

/// acorn's `binop` precedences.
fn binary_precedence(kind: T) -> Option<u8> {
    Some(match kind {
        T::PipePipe => 1,
        T::AmpAmp => 2,
        T::Pipe => 3,
        T::Caret => 4,
        T::Amp => 5,
        T::EqEq | T::NotEq | T::EqEqEq | T::NotEqEq => 6,
        T::Lt | T::Gt | T::LtEq | T::GtEq | T::In | T::Instanceof => 7,
        T::Shl | T::Shr | T::UShr => 8,
        T::Plus | T::Minus => 9,
        T::Star | T::Slash | T::Percent => 10,
        _ => return None,
    })
}

fn binary_operator(kind: T) -> Option<BinaryOperator> {
    Some(match kind {
        T::EqEq => BinaryOperator::Equality,
        T::NotEq => BinaryOperator::Inequality,
        T::EqEqEq => BinaryOperator::StrictEquality,
        T::NotEqEq => BinaryOperator::StrictInequality,
        T::Lt => BinaryOperator::LessThan,
        T::LtEq => BinaryOperator::LessEqualThan,
        T::Gt => BinaryOperator::GreaterThan,
        T::GtEq => BinaryOperator::GreaterEqualThan,
        T::Shl => BinaryOperator::ShiftLeft,
        T::Shr => BinaryOperator::ShiftRight,
        T::UShr => BinaryOperator::ShiftRightZeroFill,
        T::Plus => BinaryOperator::Addition,
        T::Minus => BinaryOperator::Subtraction,
        T::Star => BinaryOperator::Multiplication,
        T::Slash => BinaryOperator::Division,
        T::Percent => BinaryOperator::Remainder,
        T::Pipe => BinaryOperator::BitwiseOr,
        T::Caret => BinaryOperator::BitwiseXor,
        T::Amp => BinaryOperator::BitwiseAnd,
        T::In => BinaryOperator::In,
        T::Instanceof => BinaryOperator::Instanceof,
        _ => return None,
    })
}

fn unary_operator(kind: T) -> Option<UnaryOperator> {
    Some(match kind {
        T::Minus => UnaryOperator::Minus,
        T::Plus => UnaryOperator::Plus,
        T::Bang => UnaryOperator::LogicalNot,
        T::Tilde => UnaryOperator::BitwiseNot,
        T::Typeof => UnaryOperator::Typeof,
        T::Void => UnaryOperator::Void,
        T::Delete => UnaryOperator::Delete,
        _ => return None,
    })
}
