//! acorn's token contexts: whether a `/` after the current token starts a regular expression or is division,
//! from the previous token and a stack of brace / parenthesis / function contexts ([`Ctx`]).

use super::Lexer;
use super::tokens::T;

/// acorn's token contexts (`b_stat`, `b_expr`, `p_stat`, `p_expr`, `f_stat`, `f_expr`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ctx {
    /// A block's `{`.
    BraceStatement,
    /// An object literal's `{`.
    BraceExpression,
    /// The `(` after `if`, `for`, `while`, `with`.
    ParenStatement,
    /// Any other `(`.
    ParenExpression,
    /// A function declaration, from `function` to its body.
    FunctionStatement,
    /// A function expression.
    FunctionExpression,
}

impl Ctx {
    fn is_expression(self) -> bool {
        matches!(self, Ctx::BraceExpression | Ctx::ParenExpression | Ctx::FunctionExpression)
    }

    fn is_function(self) -> bool {
        matches!(self, Ctx::FunctionStatement | Ctx::FunctionExpression)
    }
}

/// acorn's `beforeExpr`: an expression (so a regular expression) may follow the token.
fn before_expression(kind: T) -> bool {
    BEFORE_EXPRESSION[kind as usize]
}

/// [`before_expression`] by token kind, computed once.
static BEFORE_EXPRESSION: [bool; 128] = {
    use T::*;
    let kinds = [
        BracketL, BraceL, ParenL, Comma, Semi, Colon, Question, Eq, PlusEq, MinusEq, StarEq, SlashEq, PercentEq, ShlEq,
        ShrEq, UShrEq, AmpEq, PipeEq, CaretEq, Bang, Tilde, PipePipe, AmpAmp, Pipe, Caret, Amp, EqEq, NotEq, EqEqEq,
        NotEqEq, Lt, Gt, LtEq, GtEq, Shl, Shr, UShr, Plus, Minus, Percent, Star, Slash, Case, Default, Do, Else,
        Return, Throw, New, In, Instanceof, Typeof, Void, Delete,
    ];
    let mut table = [false; 128];
    let mut i = 0;
    while i < kinds.len() {
        table[kinds[i] as usize] = true;
        i += 1;
    }
    table
};

/// Token kinds with their own context rule (acorn's `updateContext` functions).
static UPDATES_CONTEXT: [bool; 128] = {
    use T::*;
    // (`Name` follows the common rule: acorn sets `exprAllowed = false` after a name in ES5.)
    let kinds = [ParenR, BraceR, BraceL, ParenL, PlusPlus, MinusMinus, Function, Colon];
    let mut table = [false; 128];
    let mut i = 0;
    while i < kinds.len() {
        table[kinds[i] as usize] = true;
        i += 1;
    }
    table
};

impl Lexer<'_> {
    /// The parser found an object literal where the context guessed a block (acorn's `overrideContext`).
    pub fn override_context_to_object(&mut self) {
        if let Some(top) = self.context.last_mut() {
            *top = Ctx::BraceExpression;
        }
    }

    /// The parser consumed a `function` keyword as a property name: drop the function context it pushed (acorn's
    /// `parseIdentNode`).
    pub fn pop_context(&mut self) {
        self.context.pop();
    }

    fn current_context(&self) -> Ctx {
        self.context.last().copied().unwrap_or(Ctx::BraceStatement)
    }

    /// acorn's `updateContext`, after reading a token of kind `kind`.
    #[inline]
    pub(super) fn update_context(&mut self, prev: T, kind: T, nl_before: bool) {
        // The common tokens first: names and operators only set `expr_allowed`.
        if !UPDATES_CONTEXT[kind as usize] {
            self.expr_allowed = before_expression(kind) && !(prev == T::Dot && kind.is_keyword());
            return;
        }
        self.update_context_slow(prev, kind, nl_before);
    }

    // `#[inline]`: inlined into `next_token` (through `update_context`) when the lexer was one file; each file is
    // its own codegen unit, and without the attribute this call would no longer be inlined.
    #[inline]
    fn update_context_slow(&mut self, prev: T, kind: T, nl_before: bool) {
        if kind.is_keyword() && prev == T::Dot {
            self.expr_allowed = false;
            return;
        }
        match kind {
            T::ParenR | T::BraceR => {
                if self.context.len() == 1 {
                    self.expr_allowed = true;
                    return;
                }
                let mut out = self.context.pop().unwrap_or(Ctx::BraceStatement);
                if out == Ctx::BraceStatement && self.current_context().is_function() {
                    out = self.context.pop().unwrap_or(Ctx::BraceStatement);
                }
                self.expr_allowed = !out.is_expression();
            }
            T::BraceL => {
                let ctx = if self.brace_is_block(prev, nl_before) { Ctx::BraceStatement } else { Ctx::BraceExpression };
                self.context.push(ctx);
                self.expr_allowed = true;
            }
            T::ParenL => {
                let statement = matches!(prev, T::If | T::For | T::With | T::While);
                self.context.push(if statement { Ctx::ParenStatement } else { Ctx::ParenExpression });
                self.expr_allowed = true;
            }
            T::PlusPlus | T::MinusMinus => {}
            T::Function => {
                let top = self.current_context();
                let expression = before_expression(prev)
                    && prev != T::Else
                    && !(prev == T::Semi && top != Ctx::ParenStatement)
                    && !(prev == T::Return && nl_before)
                    && !(matches!(prev, T::Colon | T::BraceL) && top == Ctx::BraceStatement);
                self.context.push(if expression { Ctx::FunctionExpression } else { Ctx::FunctionStatement });
                self.expr_allowed = false;
            }
            T::Colon => {
                if self.current_context().is_function() {
                    self.context.pop();
                }
                self.expr_allowed = true;
            }
            T::Name => self.expr_allowed = false,
            _ => self.expr_allowed = before_expression(kind),
        }
    }

    /// acorn's `braceIsBlock`.
    fn brace_is_block(&self, prev: T, nl_before: bool) -> bool {
        let parent = self.current_context();
        if parent.is_function() {
            return true;
        }
        if prev == T::Colon && matches!(parent, Ctx::BraceStatement | Ctx::BraceExpression) {
            return !parent.is_expression();
        }
        if prev == T::Return || (prev == T::Name && self.expr_allowed) {
            return nl_before;
        }
        match prev {
            T::Else | T::Semi | T::Eof | T::ParenR => true,
            T::BraceL => parent == Ctx::BraceStatement,
            T::Var | T::Name => false,
            _ => !self.expr_allowed,
        }
    }
}
