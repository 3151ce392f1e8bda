//! The ES5 tokenizer. It is zero-copy: a token is a kind and a byte range; the only data it produces besides that
//! is the decoded value of the current string literal or escaped identifier (in a buffer reused for every token)
//! and the value of the current numeric literal.
//!
//! It follows acorn 8 (`ecmaVersion: 5`, script goal) in what it accepts: HTML-like comments (`<!--` anywhere,
//! `-->` at the start of a line), legacy octal literals and escapes (rejected in strict mode), no line
//! terminators in strings (U+2028/U+2029 included, as ES5 says), and identifiers in the BMP only.
//! Whether `/` starts a regular expression is decided as acorn decides it, from the previous token and a stack of
//! brace / parenthesis / function contexts ([`Ctx`]); where that guess says "division" but the parser expects an
//! expression, the parser re-reads the `/` with [`Lexer::read_regexp`] (acorn does the same). Reading ahead the
//! way acorn does makes errors inside regular expressions surface at the same moment, hence with the same
//! message and position.
//!
//! This module holds the state, `next_token` and `read_token`, the one dispatch on a token's first byte (a jump
//! table) that every token goes through; the readers it dispatches to are split by job: `tokens` (token kinds and
//! the keyword table), `context` (acorn's token contexts), `space` (white space and comments), `names` (names and
//! keywords), `numbers`, `strings` (strings and escapes), `punctuators` and `regexps`. Two helpers that other
//! files call are `#[inline]` for that reason alone (each file is its own codegen unit; see `context.rs` and
//! `numbers.rs`).

use crate::error::SyntaxError;
use context::Ctx;
pub use names::is_identifier_part;
use space::MAY_START_SPACE;
pub use tokens::{T, Token};

mod context;
mod names;
mod numbers;
mod punctuators;
mod regexps;
mod space;
mod strings;
#[cfg(test)]
mod tests;
mod tokens;

/// Errors are boxed so that the `Result`s passed around on every token stay small.
pub type LResult<T> = Result<T, Box<SyntaxError>>;

/// The tokenizer state.
pub struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// End of the previous token (for `-->` comments, which must start a line).
    prev_end: usize,
    /// Start of the token being read (acorn reports some errors inside a token at its start).
    token_start: usize,
    /// Strict mode changes what numeric literals and string escapes are accepted; the parser sets it.
    pub strict: bool,
    /// The decoded value of the current string literal or escaped name.
    buf: String,
    /// Whether `buf` holds the current token's value (otherwise the value is the raw source slice).
    buf_valid: bool,
    /// The value of the current numeric literal.
    pub number: f64,
    /// Byte length of the pattern of the last regular expression read (the flags follow it and its `/`).
    pub regexp_pattern_end: u32,
    /// The regular expression check's buffers, kept for the next pattern.
    regexp_buffers: crate::regexp::Buffers,
    /// acorn's `context` stack and `exprAllowed`, and the kind of the previous token.
    context: Vec<Ctx>,
    expr_allowed: bool,
    prev_kind: T,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `src`.
    pub fn new(src: &'a str) -> Self {
        Lexer {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            prev_end: 0,
            token_start: 0,
            strict: false,
            buf: String::new(),
            buf_valid: false,
            number: 0.0,
            regexp_pattern_end: 0,
            regexp_buffers: crate::regexp::Buffers::default(),
            context: vec![Ctx::BraceStatement],
            expr_allowed: true,
            prev_kind: T::Eof,
        }
    }

    /// The decoded value of the current name or string token: the source slice (without quotes for a string)
    /// unless it contains escapes.
    pub fn value(&self, tok: Token) -> &str {
        if self.buf_valid {
            &self.buf
        } else if tok.kind == T::Str {
            &self.src[tok.start as usize + 1..tok.end as usize - 1]
        } else {
            &self.src[tok.start as usize..tok.end as usize]
        }
    }

    /// [`Lexer::value`] as a value that outlives the token: borrowed from the source when the token is written
    /// without escapes, else copied into `names`.
    pub fn value_cow(&self, tok: Token, names: &'a bumpalo::Bump) -> std::borrow::Cow<'a, str> {
        if self.buf_valid {
            std::borrow::Cow::Borrowed(names.alloc_str(&self.buf))
        } else if tok.kind == T::Str {
            std::borrow::Cow::Borrowed(&self.src[tok.start as usize + 1..tok.end as usize - 1])
        } else {
            std::borrow::Cow::Borrowed(&self.src[tok.start as usize..tok.end as usize])
        }
    }

    #[cold]
    pub(super) fn error(&self, pos: usize, message: impl Into<String>) -> Box<SyntaxError> {
        Box::new(SyntaxError::at(self.src, pos, message))
    }

    #[inline]
    pub(super) fn peek(&self, offset: usize) -> u8 {
        self.bytes.get(self.pos + offset).copied().unwrap_or(0)
    }

    #[inline]
    pub(super) fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    /// Reads the next token.
    #[cfg(test)]
    pub fn next_token(&mut self) -> LResult<Token> {
        let mut tok = Token { kind: T::Eof, start: 0, end: 0, nl_before: false, escaped: false };
        self.next_token_into(&mut tok)?;
        Ok(tok)
    }

    /// Reads the next token into `tok`. Writing it in place, rather than returning it in a `Result`, lets the
    /// parser read the token back whole from where it was stored whole.
    pub fn next_token_into(&mut self, tok: &mut Token) -> LResult<()> {
        // Most tokens follow the previous one directly or after one space: only longer gaps take the loop.
        if self.peek(0) == b' ' {
            self.pos += 1;
        }
        let nl_before = if MAY_START_SPACE[self.peek(0) as usize] { self.skip_space()? } else { false };
        self.buf_valid = false;
        let start = self.pos;
        self.token_start = start;
        let (kind, escaped) = if self.pos >= self.bytes.len() { (T::Eof, false) } else { self.read_token()? };
        self.prev_end = self.pos;
        self.update_context(self.prev_kind, kind, nl_before);
        self.prev_kind = kind;
        *tok = Token { kind, start: start as u32, end: self.pos as u32, nl_before, escaped };
        Ok(())
    }

    fn read_token(&mut self) -> LResult<(T, bool)> {
        let b = self.bytes[self.pos];
        // One dispatch on the first byte (a jump table) for every kind of token.
        let kind = match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'$' | b'_' | b'\\' => return self.read_word(),
            0x80.. => return self.read_non_ascii_word(),
            b'.' => {
                if self.peek(1).is_ascii_digit() {
                    return self.read_number(true).map(|k| (k, false));
                }
                self.op(T::Dot, 1)
            }
            b'(' => self.op(T::ParenL, 1),
            b')' => self.op(T::ParenR, 1),
            b';' => self.op(T::Semi, 1),
            b',' => self.op(T::Comma, 1),
            b'[' => self.op(T::BracketL, 1),
            b']' => self.op(T::BracketR, 1),
            b'{' => self.op(T::BraceL, 1),
            b'}' => self.op(T::BraceR, 1),
            b':' => self.op(T::Colon, 1),
            b'?' => self.op(T::Question, 1),
            b'~' => self.op(T::Tilde, 1),
            b'0' if matches!(self.peek(1), b'x' | b'X') => self.read_hex_number()?,
            b'0'..=b'9' => self.read_number(false)?,
            b'"' | b'\'' => self.read_string(b)?,
            b'/' if self.expr_allowed => {
                self.read_regexp_body(self.pos + 1)?;
                T::Regex
            }
            b'/' => self.op_eq(T::Slash, T::SlashEq),
            b'%' => self.op_eq(T::Percent, T::PercentEq),
            b'*' => self.op_eq(T::Star, T::StarEq),
            b'^' => self.op_eq(T::Caret, T::CaretEq),
            b'|' | b'&' => {
                let (single, double, assign) =
                    if b == b'|' { (T::Pipe, T::PipePipe, T::PipeEq) } else { (T::Amp, T::AmpAmp, T::AmpEq) };
                match self.peek(1) {
                    n if n == b => self.op(double, 2),
                    b'=' => self.op(assign, 2),
                    _ => self.op(single, 1),
                }
            }
            b'+' | b'-' => {
                let (single, double, assign) =
                    if b == b'+' { (T::Plus, T::PlusPlus, T::PlusEq) } else { (T::Minus, T::MinusMinus, T::MinusEq) };
                match self.peek(1) {
                    n if n == b => self.op(double, 2),
                    b'=' => self.op(assign, 2),
                    _ => self.op(single, 1),
                }
            }
            b'<' | b'>' => self.read_angle(b),
            b'=' | b'!' => {
                let single = if b == b'=' { T::Eq } else { T::Bang };
                if self.peek(1) == b'=' {
                    if self.peek(2) == b'=' {
                        self.op(if b == b'=' { T::EqEqEq } else { T::NotEqEq }, 3)
                    } else {
                        self.op(if b == b'=' { T::EqEq } else { T::NotEq }, 2)
                    }
                } else {
                    self.op(single, 1)
                }
            }
            _ => return Err(self.error(self.pos, format!("Unexpected character '{}'", b as char))),
        };
        Ok((kind, false))
    }
}
