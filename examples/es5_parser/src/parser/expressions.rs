//! Expressions by precedence: sequence, assignment, conditional, binary (precedence climbing over
//! acorn's `binop` table), unary and update, subscripts and calls, `new`, and the primary expressions.

use es5_ast::{AssignmentOperator, AstBuild, BinaryOperator, LogicalOperator, UnaryOperator, UpdateOperator};

use super::{Chain, PResult, Parser, take_from};
use crate::lexer::T;

impl<'a, B: AstBuild> Parser<'a, B> {
    pub(super) fn parse_expression(&mut self, no_in: bool) -> PResult<B::Expression> {
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
        let expressions = take_from(self.b, &mut self.scratch.expressions, mark);
        let span = self.span_from(start);
        Ok(self.b.expression_sequence(span, expressions))
    }

    pub(super) fn parse_maybe_assign(&mut self, no_in: bool) -> PResult<B::Expression> {
        self.enter()?;
        let result = self.parse_maybe_assign_inner(no_in);
        self.leave();
        result
    }

    fn parse_maybe_assign_inner(&mut self, no_in: bool) -> PResult<B::Expression> {
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
        Ok(self.b.expression_assignment(span, operator, left, right))
    }

    /// Whether the current token is a name, literal or `this` directly followed by `,`, `)`, `;`, `]`, `}` or `:`
    /// (the usual argument, element, property value or initialiser): then it is the whole expression, and the
    /// operator levels between an assignment and an atom, which would each find nothing to do, are skipped.
    fn is_lone_atom(&self) -> bool {
        matches!(self.tok.kind, T::Name | T::Num | T::Str | T::This | T::Null | T::True | T::False)
            && matches!(self.src.as_bytes().get(self.tok.end as usize), Some(b',' | b')' | b';' | b']' | b'}' | b':'))
    }

    fn parse_maybe_conditional(&mut self, no_in: bool) -> PResult<B::Expression> {
        let start = self.tok.start;
        let test = self.parse_binary(0, no_in)?;
        if !self.eat(T::Question)? {
            return Ok(test);
        }
        let consequent = self.parse_maybe_assign(false)?;
        self.expect(T::Colon)?;
        let alternate = self.parse_maybe_assign(no_in)?;
        let span = self.span_from(start);
        Ok(self.b.expression_conditional(span, test, consequent, alternate))
    }

    /// Precedence climbing: operands joined by operators that bind tighter than `min_prec`. The recursion is
    /// bounded by the number of precedence levels; same-precedence operators are joined in a loop.
    fn parse_binary(&mut self, min_prec: u8, no_in: bool) -> PResult<B::Expression> {
        let start = self.tok.start;
        let chain = self.chain_begin();
        let result = self.parse_binary_chain(start, &chain, min_prec, no_in);
        self.chain_end(chain);
        result
    }

    fn parse_binary_chain(&mut self, start: u32, chain: &Chain, min_prec: u8, no_in: bool) -> PResult<B::Expression> {
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
                T::PipePipe => self.b.expression_logical(span, LogicalOperator::Or, left, right),
                T::AmpAmp => self.b.expression_logical(span, LogicalOperator::And, left, right),
                _ => {
                    let op = binary_operator(kind).expect("binary_precedence implies a binary operator");
                    self.b.expression_binary(span, op, left, right)
                }
            };
        }
    }

    fn parse_maybe_unary(&mut self) -> PResult<B::Expression> {
        let start = self.tok.start;
        let kind = self.tok.kind;
        if let Some(op) = unary_operator(kind) {
            self.enter()?;
            self.next()?;
            let argument = self.parse_maybe_unary()?;
            self.leave();
            if self.lx.strict && op == UnaryOperator::Delete && self.b.expression_is_identifier(&argument) {
                return Err(self.error(start, "Deleting local variable in strict mode"));
            }
            let span = self.span_from(start);
            return Ok(self.b.expression_unary(span, op, argument));
        }
        if matches!(kind, T::PlusPlus | T::MinusMinus) {
            self.enter()?;
            self.next()?;
            let argument = self.parse_maybe_unary()?;
            self.leave();
            self.check_assign_target(&argument)?;
            let op = if kind == T::PlusPlus { UpdateOperator::Increment } else { UpdateOperator::Decrement };
            let span = self.span_from(start);
            return Ok(self.b.expression_update(span, op, true, argument));
        }
        let mut expr = self.parse_expr_subscripts()?;
        while matches!(self.tok.kind, T::PlusPlus | T::MinusMinus) && !self.can_insert_semicolon() {
            self.check_assign_target(&expr)?;
            let op = if self.tok.kind == T::PlusPlus { UpdateOperator::Increment } else { UpdateOperator::Decrement };
            self.next()?;
            let span = self.span_from(start);
            expr = self.b.expression_update(span, op, false, expr);
        }
        Ok(expr)
    }

    fn parse_expr_subscripts(&mut self) -> PResult<B::Expression> {
        let start = self.tok.start;
        let chain = self.chain_begin();
        let result = self.parse_expr_atom().and_then(|atom| self.parse_subscripts(atom, start, &chain, false));
        self.chain_end(chain);
        result
    }

    /// `.name`, `[expr]` and (unless `no_calls`, for the callee of `new`) `(args)` after `base`.
    fn parse_subscripts(
        &mut self,
        mut base: B::Expression,
        start: u32,
        chain: &Chain,
        no_calls: bool,
    ) -> PResult<B::Expression> {
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
                    self.b.expression_member(span, base, property, true)
                }
                T::Dot => {
                    let (property, _) = self.parse_ident_liberal()?;
                    let property = self.b.expression_from_identifier(property);
                    let span = self.span_from(start);
                    self.b.expression_member(span, base, property, false)
                }
                _ => {
                    let arguments = self.parse_expr_list(T::ParenR)?;
                    let span = self.span_from(start);
                    self.b.expression_call(span, base, arguments)
                }
            };
        }
    }

    /// Comma-separated expressions up to `close` (already past the opening token).
    fn parse_expr_list(&mut self, close: T) -> PResult<B::List<B::Expression>> {
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
        Ok(take_from(self.b, &mut self.scratch.expressions, mark))
    }

    fn parse_expr_atom(&mut self) -> PResult<B::Expression> {
        let tok = self.tok;
        let start = tok.start;
        match tok.kind {
            // The context guessed division; like acorn, re-read a `/` as a regular expression, but not a `/=`
            // (acorn reports it as an unexpected token).
            T::Slash => self.parse_regexp(true),
            T::Regex => self.parse_regexp(false),
            T::This => {
                self.next()?;
                Ok(self.b.expression_this(self.span_from(start)))
            }
            T::Name => {
                let (id, name) = self.parse_ident()?;
                self.last_ident = name;
                Ok(self.b.expression_from_identifier(id))
            }
            T::Num => {
                let lit = self.parse_numeric_literal()?;
                Ok(self.b.expression_from_numeric_literal(lit))
            }
            T::Str => {
                let lit = self.parse_string_literal_node()?;
                Ok(self.b.expression_from_string_literal(lit))
            }
            T::Null => {
                self.next()?;
                Ok(self.b.expression_null_literal(self.span_from(start)))
            }
            T::True | T::False => {
                self.next()?;
                let span = self.span_from(start);
                Ok(self.b.expression_boolean_literal(span, tok.kind == T::True))
            }
            T::ParenL => self.parse_paren_expression(),
            T::BracketL => self.parse_array(),
            T::BraceL => self.parse_object(),
            T::Function => {
                self.next()?;
                let (id, name) = if self.tok.kind == T::Name {
                    let (id, name) = self.parse_ident()?;
                    (Some(id), Some(name))
                } else {
                    (None, None)
                };
                let (params, _, body) = self.parse_function_rest(name.as_ref(), false)?;
                let span = self.span_from(start);
                Ok(self.b.expression_function(span, id, params, body))
            }
            T::New => self.parse_new(),
            _ => Err(self.unexpected()),
        }
    }

    fn parse_new(&mut self) -> PResult<B::Expression> {
        let start = self.tok.start;
        self.enter()?;
        self.next()?;
        let callee_start = self.tok.start;
        let chain = self.chain_begin();
        let callee = self.parse_expr_atom().and_then(|atom| self.parse_subscripts(atom, callee_start, &chain, true));
        self.chain_end(chain);
        let callee = callee?;
        let arguments = if self.eat(T::ParenL)? {
            self.parse_expr_list(T::ParenR)?
        } else {
            self.b.list_from(std::iter::empty::<B::Expression>())
        };
        self.leave();
        let span = self.span_from(start);
        Ok(self.b.expression_new(span, callee, arguments))
    }
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
