//! A toy recursive-descent parser written once against `AstBuild`, which backtracks: `(a, b) => a + b` is first
//! read as a parenthesised expression, and when `=>` follows, what was built is abandoned (the builder rewound to a
//! checkpoint taken at the `(`) and the text read again as a function's parameters. Also a seeded generator of
//! programs in its language.
//!
//! ```text
//! program := (expr ';')*
//! expr    := term (('+' | '*') term)*
//! term    := number | 'string' | name | name '(' (expr (',' expr)*)? ')'
//!          | '[' (expr? ',')* expr? ']'                       (holes allowed)
//!          | '(' expr (',' expr)* ')'                          (a sequence when more than one)
//!          | '(' (name (',' name)*)? ')' '=>' expr             (a function returning expr)
//! ```

use es5_ast::{AstBuild, BinaryOperator, SourceType, Span};

/// The parser over `src`, building through `b`. With `rewind` off, an abandoned reading is dropped without
/// rewinding the builder (what a parser without checkpoints would do): its nodes leave gaps in the IDs.
pub struct Toy<'s, B: AstBuild> {
    src: &'s str,
    pos: usize,
    pub b: B,
    rewind: bool,
    /// Lists under construction, one scratch stack per element type (reused: no allocation per list).
    statements: Vec<B::Statement>,
    expressions: Vec<B::Expression>,
    elements: Vec<Option<B::Expression>>,
    params: Vec<B::Identifier>,
}

/// A parse error at a byte offset (printed by the tests that fail on one).
#[derive(Debug)]
pub struct Error(#[allow(dead_code)] pub usize);

type Result<T> = core::result::Result<T, Error>;

impl<'s, B: AstBuild> Toy<'s, B> {
    /// A parser over `src`.
    pub fn new(src: &'s str, b: B, rewind: bool) -> Self {
        Toy {
            src,
            pos: 0,
            b,
            rewind,
            statements: Vec::new(),
            expressions: Vec::new(),
            elements: Vec::new(),
            params: Vec::new(),
        }
    }

    /// The whole program (the root, not finished).
    pub fn program(&mut self) -> Result<B::Program> {
        let mark = self.statements.len();
        while self.skip_space() < self.src.len() {
            let start = self.pos;
            let expr = self.expr()?;
            self.expect(";")?;
            let statement = self.b.statement_expression(self.span(start), expr, None);
            self.statements.push(statement);
        }
        let body = self.b.list_from(self.statements.drain(mark..));
        Ok(self.b.program(Span::new(0, self.src.len() as u32), body, SourceType::Script))
    }

    fn expr(&mut self) -> Result<B::Expression> {
        let start = self.skip_space();
        let mut left = self.term()?;
        loop {
            let operator = if self.eat("+") {
                BinaryOperator::Addition
            } else if self.eat("*") {
                BinaryOperator::Multiplication
            } else {
                return Ok(left);
            };
            let right = self.term()?;
            left = self.b.expression_binary(self.span(start), operator, left, right);
        }
    }

    fn term(&mut self) -> Result<B::Expression> {
        let start = self.skip_space();
        let rest = &self.src[start..];
        let first = rest.bytes().next().ok_or(Error(start))?;
        if first.is_ascii_digit() {
            let raw = self.take_while(|c| c.is_ascii_digit() || c == '.');
            let value = raw.parse().map_err(|_| Error(start))?;
            return Ok(self.b.expression_numeric_literal(self.span(start), value, raw));
        }
        if first == b'\'' {
            let end = rest[1..].find('\'').ok_or(Error(start))? + 2;
            self.pos = start + end;
            let (raw, value) = (&self.src[start..start + end], &self.src[start + 1..start + end - 1]);
            return Ok(self.b.expression_string_literal(self.span(start), value, raw));
        }
        if first.is_ascii_alphabetic() {
            let name = self.take_while(|c| c.is_ascii_alphanumeric());
            let callee = self.b.expression_identifier(self.span(start), name);
            if !self.eat("(") {
                return Ok(callee);
            }
            let arguments = self.expressions_until(")")?;
            return Ok(self.b.expression_call(self.span(start), callee, arguments));
        }
        if self.eat("[") {
            return self.array(start);
        }
        if self.eat("(") {
            return self.parenthesised(start);
        }
        Err(Error(start))
    }

    /// `(expr, ...)` or, when `=>` follows the `)`, a function: the first reading is abandoned and the text after
    /// the `(` read again as parameters.
    fn parenthesised(&mut self, start: usize) -> Result<B::Expression> {
        let checkpoint = self.b.checkpoint();
        let after_paren = self.pos;
        let mark = self.expressions.len();
        let read = self.sequence();
        if read.is_err() || (self.skip_space() < self.src.len() && self.src[self.pos..].starts_with("=>")) {
            self.expressions.truncate(mark);
            if self.rewind {
                self.b.rewind(checkpoint);
            }
            self.pos = after_paren;
            return self.function(start);
        }
        if self.expressions.len() == mark + 1 {
            return self.expressions.pop().ok_or(Error(start));
        }
        let expressions = self.b.list_from(self.expressions.drain(mark..));
        Ok(self.b.expression_sequence(self.span(start), expressions))
    }

    /// `expr, ...)`, after the `(`: the expressions pushed on the scratch stack.
    fn sequence(&mut self) -> Result<()> {
        loop {
            let expr = self.expr()?;
            self.expressions.push(expr);
            if !self.eat(",") {
                return self.expect(")");
            }
        }
    }

    /// `name, ...) => expr`, after the `(`.
    fn function(&mut self, start: usize) -> Result<B::Expression> {
        let mark = self.params.len();
        while !self.eat(")") {
            if self.params.len() > mark {
                self.expect(",")?;
            }
            let at = self.skip_space();
            let name = self.take_while(|c| c.is_ascii_alphanumeric());
            if name.is_empty() {
                return Err(Error(at));
            }
            let param = self.b.identifier(self.span(at), name);
            self.params.push(param);
        }
        self.expect("=>")?;
        let body_start = self.skip_space();
        let value = self.expr()?;
        let returned = self.b.statement_return(self.span(body_start), Some(value));
        let body = self.b.list_from([returned]);
        let block = self.b.block_statement(self.span(body_start), body);
        let params = self.b.list_from(self.params.drain(mark..));
        Ok(self.b.expression_function(self.span(start), None, params, block))
    }

    /// `[a, , b]`, after the `[`.
    fn array(&mut self, start: usize) -> Result<B::Expression> {
        let mark = self.elements.len();
        while !self.eat("]") {
            if self.eat(",") {
                self.elements.push(None);
                continue;
            }
            let element = self.expr()?;
            self.elements.push(Some(element));
            if !self.eat(",") {
                self.expect("]")?;
                break;
            }
        }
        let elements = self.b.list_from(self.elements.drain(mark..));
        Ok(self.b.expression_array(self.span(start), elements))
    }

    /// `expr, expr)`: call arguments.
    fn expressions_until(&mut self, close: &str) -> Result<<B as es5_ast::BuilderCore>::List<B::Expression>> {
        let mark = self.expressions.len();
        while !self.eat(close) {
            if self.expressions.len() > mark {
                self.expect(",")?;
            }
            let expr = self.expr()?;
            self.expressions.push(expr);
        }
        Ok(self.b.list_from(self.expressions.drain(mark..)))
    }

    fn span(&self, start: usize) -> Span {
        Span::new(start as u32, self.pos as u32)
    }

    fn skip_space(&mut self) -> usize {
        self.pos += self.src[self.pos..].len() - self.src[self.pos..].trim_start().len();
        self.pos
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'s str {
        let rest = &self.src[self.pos..];
        let len = rest.find(|c| !keep(c)).unwrap_or(rest.len());
        self.pos += len;
        &rest[..len]
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        let found = self.src[self.pos..].starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    fn expect(&mut self, token: &str) -> Result<()> {
        if self.eat(token) { Ok(()) } else { Err(Error(self.pos)) }
    }
}

/// A seeded random program of about `statements` statements in the toy language: names from a small pool (so
/// strings repeat), numbers, strings, calls, arrays with holes, sequences and functions, nested.
pub fn random_program(seed: u64, statements: usize) -> String {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut out = String::new();
    for _ in 0..statements {
        random_expr(&mut rng, &mut out, 4);
        out.push_str(";\n");
    }
    out
}

fn random_expr(rng: &mut Rng, out: &mut String, depth: u32) {
    random_term(rng, out, depth);
    while depth > 0 && rng.below(3) == 0 {
        out.push_str(if rng.below(2) == 0 { " + " } else { " * " });
        random_term(rng, out, depth - 1);
    }
}

fn random_term(rng: &mut Rng, out: &mut String, depth: u32) {
    const NAMES: [&str; 6] = ["a", "b", "cat", "x1", "longername", "q"];
    let pick = if depth == 0 { rng.below(3) } else { rng.below(8) };
    match pick {
        0 => out.push_str(NAMES[rng.below(NAMES.len() as u64) as usize]),
        1 => out.push_str(&format!("{}", rng.below(1000))),
        2 => out.push_str(&format!("'s{}'", rng.below(20))),
        3 => {
            out.push_str(NAMES[rng.below(NAMES.len() as u64) as usize]);
            out.push('(');
            for i in 0..rng.below(3) {
                if i > 0 {
                    out.push_str(", ");
                }
                random_expr(rng, out, depth - 1);
            }
            out.push(')');
        }
        4 => {
            out.push('[');
            for _ in 0..rng.below(4) {
                if rng.below(3) > 0 {
                    random_expr(rng, out, depth - 1);
                }
                out.push_str(", ");
            }
            out.push(']');
        }
        5 | 6 => {
            out.push('(');
            for i in 0..1 + rng.below(3) {
                if i > 0 {
                    out.push_str(", ");
                }
                random_expr(rng, out, depth - 1);
            }
            out.push(')');
        }
        _ => {
            out.push('(');
            for i in 0..rng.below(3) {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(NAMES[rng.below(NAMES.len() as u64) as usize]);
            }
            out.push_str(") => ");
            random_expr(rng, out, depth - 1);
        }
    }
}

/// SplitMix64.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
