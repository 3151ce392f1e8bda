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

use crate::error::SyntaxError;

/// Errors are boxed so that the `Result`s passed around on every token stay small.
pub type LResult<T> = Result<T, Box<SyntaxError>>;
use crate::{regexp, scan};

/// The kind of a token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[allow(missing_docs)] // the variant names are the tokens they stand for
pub enum T {
    Eof,
    Name,
    Num,
    Str,
    Regex,
    // Keywords.
    Break,
    Case,
    Catch,
    Continue,
    Debugger,
    Default,
    Do,
    Else,
    Finally,
    For,
    Function,
    If,
    Return,
    Switch,
    Throw,
    Try,
    Var,
    While,
    With,
    Null,
    True,
    False,
    Instanceof,
    Typeof,
    Void,
    Delete,
    New,
    In,
    This,
    // Punctuation.
    BraceL,
    BraceR,
    ParenL,
    ParenR,
    BracketL,
    BracketR,
    Semi,
    Comma,
    Colon,
    Dot,
    Question,
    // Operators.
    Eq,
    PlusEq,
    MinusEq,
    StarEq,
    SlashEq,
    PercentEq,
    ShlEq,
    ShrEq,
    UShrEq,
    AmpEq,
    PipeEq,
    CaretEq,
    PlusPlus,
    MinusMinus,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Lt,
    Gt,
    LtEq,
    GtEq,
    EqEq,
    NotEq,
    EqEqEq,
    NotEqEq,
    Shl,
    Shr,
    UShr,
    Amp,
    Pipe,
    Caret,
    AmpAmp,
    PipePipe,
    Bang,
    Tilde,
}

impl T {
    /// True for the keyword tokens (they are valid property names).
    pub fn is_keyword(self) -> bool {
        (self as u8) >= (T::Break as u8) && (self as u8) <= (T::This as u8)
    }

    /// The keyword token for an identifier's (decoded) text, if it is one of the ES5 keywords.
    pub fn keyword(word: &str) -> Option<T> {
        Self::keyword_bytes(word.as_bytes())
    }

    /// [`T::keyword`] on the UTF-8 bytes of the text. Byte-string patterns compile to a dispatch on the length and
    /// then on single bytes, with no string comparison calls.
    #[inline]
    fn keyword_bytes(word: &[u8]) -> Option<T> {
        Some(match word {
            b"break" => T::Break,
            b"case" => T::Case,
            b"catch" => T::Catch,
            b"continue" => T::Continue,
            b"debugger" => T::Debugger,
            b"default" => T::Default,
            b"do" => T::Do,
            b"else" => T::Else,
            b"finally" => T::Finally,
            b"for" => T::For,
            b"function" => T::Function,
            b"if" => T::If,
            b"return" => T::Return,
            b"switch" => T::Switch,
            b"throw" => T::Throw,
            b"try" => T::Try,
            b"var" => T::Var,
            b"while" => T::While,
            b"with" => T::With,
            b"null" => T::Null,
            b"true" => T::True,
            b"false" => T::False,
            b"instanceof" => T::Instanceof,
            b"typeof" => T::Typeof,
            b"void" => T::Void,
            b"delete" => T::Delete,
            b"new" => T::New,
            b"in" => T::In,
            b"this" => T::This,
            _ => return None,
        })
    }

    /// The source text of a keyword token.
    pub fn keyword_text(self) -> &'static str {
        match self {
            T::Break => "break",
            T::Case => "case",
            T::Catch => "catch",
            T::Continue => "continue",
            T::Debugger => "debugger",
            T::Default => "default",
            T::Do => "do",
            T::Else => "else",
            T::Finally => "finally",
            T::For => "for",
            T::Function => "function",
            T::If => "if",
            T::Return => "return",
            T::Switch => "switch",
            T::Throw => "throw",
            T::Try => "try",
            T::Var => "var",
            T::While => "while",
            T::With => "with",
            T::Null => "null",
            T::True => "true",
            T::False => "false",
            T::Instanceof => "instanceof",
            T::Typeof => "typeof",
            T::Void => "void",
            T::Delete => "delete",
            T::New => "new",
            T::In => "in",
            T::This => "this",
            _ => "",
        }
    }
}

/// One token: its kind and byte range, plus the two facts the parser needs about its surroundings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// The kind.
    pub kind: T,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
    /// A line terminator (possibly inside a comment) lies between the previous token and this one.
    pub nl_before: bool,
    /// A name or keyword written with `\u` escapes; its decoded text is in [`Lexer::value`].
    pub escaped: bool,
}

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
    /// acorn's `context` stack and `exprAllowed`, and the kind of the previous token.
    context: Vec<Ctx>,
    expr_allowed: bool,
    prev_kind: T,
}

/// A line terminator as ES5 defines it.
#[inline]
fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Non-ASCII white space as acorn 8 recognises it (Unicode `Zs` plus BOM; U+180E is not).
#[inline]
fn is_non_ascii_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}')
}

/// ES5 `IdentifierStart` for one code point (BMP only, as acorn's `ecmaVersion: 5`): `$`, `_`, ASCII letters and
/// Unicode `ID_Start` (approximated by `XID_Start`, which differs from it in a handful of compatibility characters).
#[inline]
pub fn is_identifier_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '$' || c == '_'
    } else {
        (c as u32) <= 0xffff && unicode_ident::is_xid_start(c)
    }
}

/// ES5 `IdentifierPart` for one code point (BMP only): `IdentifierStart`, digits, Unicode `ID_Continue`
/// (approximated by `XID_Continue`) and ZWNJ / ZWJ.
#[inline]
pub fn is_identifier_part(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '$' || c == '_'
    } else {
        (c as u32) <= 0xffff && (unicode_ident::is_xid_continue(c) || c == '\u{200c}' || c == '\u{200d}')
    }
}

/// `isIdentifierStart` as acorn calls it after a number: astral code points count too.
fn is_identifier_start_any(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphabetic() || c == '$' || c == '_' } else { unicode_ident::is_xid_start(c) }
}

/// Bytes that may start white space, a comment or a line terminator (`/`, `<`, `-` for comments; every non-ASCII
/// lead byte, which may be a Unicode space).
static MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'/' | b'<' | b'-') || b >= 0x80;
        b += 1;
    }
    table
};

/// ASCII identifier characters, by byte.
static ASCII_IDENT_PART: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'$' as usize || b == b'_' as usize;
        b += 1;
    }
    table
};

#[inline]
fn is_ascii_ident_part(b: u8) -> bool {
    ASCII_IDENT_PART[b as usize]
}

fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// Appends one UTF-16 code unit produced by an escape, pairing surrogates written as two `\u` escapes.
/// A surrogate that cannot be paired is replaced by U+FFFD (a Rust `String` cannot hold it; acorn keeps it).
struct Utf16Sink<'b> {
    out: &'b mut String,
    pending_high: Option<u32>,
}

impl Utf16Sink<'_> {
    fn push_unit(&mut self, unit: u32) {
        if (0xdc00..0xe000).contains(&unit) {
            if let Some(high) = self.pending_high.take() {
                let c = 0x10000 + ((high - 0xd800) << 10) + (unit - 0xdc00);
                self.out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
            } else {
                self.out.push('\u{fffd}');
            }
            return;
        }
        self.flush();
        if (0xd800..0xdc00).contains(&unit) {
            self.pending_high = Some(unit);
        } else {
            self.out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
        }
    }

    fn push_str(&mut self, s: &str) {
        if !s.is_empty() {
            self.flush();
            self.out.push_str(s);
        }
    }

    fn flush(&mut self) {
        if self.pending_high.take().is_some() {
            self.out.push('\u{fffd}');
        }
    }
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
            context: vec![Ctx::BraceStatement],
            expr_allowed: true,
            prev_kind: T::Eof,
        }
    }

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
    fn update_context(&mut self, prev: T, kind: T, nl_before: bool) {
        // The common tokens first: names and operators only set `expr_allowed`.
        if !UPDATES_CONTEXT[kind as usize] {
            self.expr_allowed = before_expression(kind) && !(prev == T::Dot && kind.is_keyword());
            return;
        }
        self.update_context_slow(prev, kind, nl_before);
    }

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

    #[cold]
    fn error(&self, pos: usize, message: impl Into<String>) -> Box<SyntaxError> {
        Box::new(SyntaxError::at(self.src, pos, message))
    }

    #[inline]
    fn peek(&self, offset: usize) -> u8 {
        self.bytes.get(self.pos + offset).copied().unwrap_or(0)
    }

    #[inline]
    fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    /// Reads the next token.
    pub fn next_token(&mut self) -> LResult<Token> {
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
        Ok(Token { kind, start: start as u32, end: self.pos as u32, nl_before, escaped })
    }

    /// Skips white space and comments (including HTML-like ones); returns whether a line terminator was seen.
    #[inline(never)]
    fn skip_space(&mut self) -> LResult<bool> {
        let mut nl = false;
        while let Some(&b) = self.bytes.get(self.pos) {
            // Most bytes here start a token: leave without dispatching on them.
            if !MAY_START_SPACE[b as usize] {
                break;
            }
            match b {
                b' ' | b'\t' | 0x0b | 0x0c => self.pos = self.skip_spaces(self.pos + 1),
                b'\n' | b'\r' => {
                    nl = true;
                    // The indentation of the next line.
                    self.pos = self.skip_spaces(self.pos + 1);
                }
                b'/' => match self.peek(1) {
                    b'*' => nl |= self.skip_block_comment()?,
                    b'/' => self.skip_line_comment(2),
                    _ => break,
                },
                b'<' if self.peek(1) == b'!' && self.peek(2) == b'-' && self.peek(3) == b'-' => {
                    self.skip_line_comment(4)
                }
                b'-' if self.peek(1) == b'-' && self.peek(2) == b'>' && (nl || self.prev_end == 0) => {
                    self.skip_line_comment(3)
                }
                b if b < 0x80 => break,
                _ => {
                    let c = self.char_at(self.pos).unwrap_or('\0');
                    if c == '\u{2028}' || c == '\u{2029}' {
                        nl = true;
                    } else if !is_non_ascii_space(c) {
                        break;
                    }
                    self.pos += c.len_utf8();
                }
            }
        }
        Ok(nl)
    }

    /// The first position from `pos` on that is not a plain space (runs of them are the usual indentation).
    #[inline]
    fn skip_spaces(&self, pos: usize) -> usize {
        pos + scan::count_spaces(self.bytes.get(pos..).unwrap_or_default())
    }

    fn skip_block_comment(&mut self) -> LResult<bool> {
        let start = self.pos;
        let body = &self.src[start + 2..];
        let Some(len) = find_comment_end(body.as_bytes()) else {
            return Err(self.error(start, "Unterminated comment"));
        };
        let text = &body.as_bytes()[..len];
        self.pos = start + 2 + len + 2;
        Ok(contains_line_break(text))
    }

    fn skip_line_comment(&mut self, skip: usize) {
        self.pos += skip;
        loop {
            // Find the next byte that may end the line: `\n`, `\r` or the lead byte of U+2028 / U+2029.
            let rest = &self.bytes[self.pos.min(self.bytes.len())..];
            let Some(i) = scan::line_break_candidate(rest) else {
                self.pos = self.bytes.len();
                return;
            };
            self.pos += i;
            if self.bytes[self.pos] < 0x80 || matches!(self.char_at(self.pos), Some('\u{2028}' | '\u{2029}')) {
                return;
            }
            self.pos += 1;
        }
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

    /// A token starting with a non-ASCII character: a name, or an error.
    #[cold]
    fn read_non_ascii_word(&mut self) -> LResult<(T, bool)> {
        let c = self.char_at(self.pos).unwrap_or('\0');
        if is_identifier_start(c) {
            return self.read_word_general();
        }
        Err(self.error(self.pos, format!("Unexpected character '{c}'")))
    }

    #[inline]
    fn op(&mut self, kind: T, len: usize) -> T {
        self.pos += len;
        kind
    }

    #[inline]
    fn op_eq(&mut self, plain: T, with_eq: T) -> T {
        if self.peek(1) == b'=' { self.op(with_eq, 2) } else { self.op(plain, 1) }
    }

    fn read_angle(&mut self, b: u8) -> T {
        let next = self.peek(1);
        if next == b {
            let triple = b == b'>' && self.peek(2) == b'>';
            let size = if triple { 3 } else { 2 };
            let assign = self.peek(size) == b'=';
            let kind = match (b, triple, assign) {
                (b'<', _, false) => T::Shl,
                (b'<', _, true) => T::ShlEq,
                (_, false, false) => T::Shr,
                (_, false, true) => T::ShrEq,
                (_, true, false) => T::UShr,
                (_, true, true) => T::UShrEq,
            };
            return self.op(kind, size + usize::from(assign));
        }
        match (b, next == b'=') {
            (b'<', true) => self.op(T::LtEq, 2),
            (b'<', false) => self.op(T::Lt, 1),
            (_, true) => self.op(T::GtEq, 2),
            (_, false) => self.op(T::Gt, 1),
        }
    }

    /// Reads a name or keyword. Keywords are recognised on the decoded text, as acorn does; the `escaped` flag
    /// lets the parser reject an escaped keyword everywhere except as a property name.
    #[inline]
    fn read_word(&mut self) -> LResult<(T, bool)> {
        let start = self.pos;
        let bytes = self.bytes;
        let rest = &bytes[start..];
        let end = start + rest.iter().position(|&b| !is_ascii_ident_part(b)).unwrap_or(rest.len());
        // Most words are one ASCII run; an escape or a non-ASCII character at either end takes the general path.
        if end == start || bytes.get(end).is_some_and(|&b| b == b'\\' || b >= 0x80) {
            return self.read_word_general();
        }
        self.pos = end;
        Ok((T::keyword_bytes(&bytes[start..end]).unwrap_or(T::Name), false))
    }

    #[cold]
    fn read_word_general(&mut self) -> LResult<(T, bool)> {
        let start = self.pos;
        let escaped = self.read_word_text()?;
        let kind = T::keyword(if escaped { &self.buf } else { &self.src[start..self.pos] }).unwrap_or(T::Name);
        Ok((kind, escaped))
    }

    /// Reads identifier characters and escapes from `pos`; returns whether there was an escape (the decoded text
    /// is then in `buf`).
    fn read_word_text(&mut self) -> LResult<bool> {
        let mut chunk_start = self.pos;
        // Fast path: the ASCII run that is most words; the loop below only sees what ends or escapes it.
        let rest = &self.bytes[self.pos..];
        let ascii = rest.iter().position(|&b| !is_ascii_ident_part(b)).unwrap_or(rest.len());
        self.pos += ascii;
        let mut first = ascii == 0;
        let mut escaped = false;
        while let Some(&b) = self.bytes.get(self.pos) {
            if is_ascii_ident_part(b) {
                self.pos += 1;
            } else if b == b'\\' {
                if !escaped {
                    self.buf.clear();
                    escaped = true;
                }
                self.buf.push_str(&self.src[chunk_start..self.pos]);
                let esc_start = self.pos;
                if self.peek(1) != b'u' {
                    return Err(self.error(self.pos + 1, "Expecting Unicode escape sequence \\uXXXX"));
                }
                self.pos += 2;
                let code = self.read_hex_escape_u()?;
                let c = char::from_u32(code)
                    .filter(|&c| if first { is_identifier_start(c) } else { is_identifier_part(c) });
                let Some(c) = c else {
                    return Err(self.error(esc_start, "Invalid Unicode escape"));
                };
                self.buf.push(c);
                chunk_start = self.pos;
            } else if b >= 0x80 {
                let c = self.char_at(self.pos).unwrap_or('\0');
                if !is_identifier_part(c) {
                    break;
                }
                self.pos += c.len_utf8();
            } else {
                break;
            }
            first = false;
        }
        if escaped {
            self.buf.push_str(&self.src[chunk_start..self.pos]);
            self.buf_valid = true;
        }
        Ok(escaped)
    }

    /// The four hex digits after `\u` (ES5 has no `\u{...}`).
    fn read_hex_escape_u(&mut self) -> LResult<u32> {
        if self.peek(0) == b'{' {
            return Err(self.error(self.token_start, "Unexpected token"));
        }
        self.read_hex_digits(4)
    }

    fn read_hex_digits(&mut self, len: usize) -> LResult<u32> {
        let mut value = 0;
        for i in 0..len {
            match hex_value(self.peek(i)) {
                Some(d) => value = value * 16 + d,
                None => return Err(self.error(self.pos, "Bad character escape sequence")),
            }
        }
        self.pos += len;
        Ok(value)
    }

    fn check_after_number(&self) -> LResult<()> {
        if self.char_at(self.pos).is_some_and(is_identifier_start_any) {
            return Err(self.error(self.pos, "Identifier directly after number"));
        }
        Ok(())
    }

    fn skip_digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek(0).is_ascii_digit() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn read_hex_number(&mut self) -> LResult<T> {
        let token_start = self.pos;
        self.pos += 2;
        let mut total = 0.0f64;
        let digits_start = self.pos;
        while let Some(d) = hex_value(self.peek(0)) {
            // acorn accumulates in doubles, rounding at every step; do the same to get the same value.
            total = total * 16.0 + f64::from(d);
            self.pos += 1;
        }
        if self.pos == digits_start {
            return Err(self.error(token_start + 2, "Expected number in radix 16"));
        }
        self.check_after_number()?;
        self.number = total;
        Ok(T::Num)
    }

    fn read_number(&mut self, starts_with_dot: bool) -> LResult<T> {
        let start = self.pos;
        if !starts_with_dot {
            self.skip_digits();
        }
        let int_part = &self.src[start..self.pos];
        let mut octal = int_part.len() >= 2 && int_part.starts_with('0');
        if octal && self.strict {
            return Err(self.error(start, "Invalid number"));
        }
        if octal && int_part.bytes().any(|b| b == b'8' || b == b'9') {
            octal = false;
        }
        if octal {
            self.check_after_number()?;
            self.number = int_part.bytes().skip(1).fold(0.0, |acc, b| acc * 8.0 + f64::from(b - b'0'));
            return Ok(T::Num);
        }
        if self.peek(0) == b'.' {
            self.pos += 1;
            self.skip_digits();
        }
        if matches!(self.peek(0), b'e' | b'E') {
            self.pos += 1;
            if matches!(self.peek(0), b'+' | b'-') {
                self.pos += 1;
            }
            if self.skip_digits() == 0 {
                return Err(self.error(start, "Invalid number"));
            }
        }
        self.check_after_number()?;
        self.number = parse_decimal(&self.src[start..self.pos]);
        Ok(T::Num)
    }

    fn read_string(&mut self, quote: u8) -> LResult<T> {
        let token_start = self.pos;
        self.pos += 1;
        let mut chunk_start = self.pos;
        let mut has_escape = false;
        let mut out = std::mem::take(&mut self.buf);
        out.clear();
        let result = loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                break Err(self.error(token_start, "Unterminated string constant"));
            };
            if b == quote {
                break Ok(());
            }
            match b {
                b'\\' => {
                    has_escape = true;
                    let mut sink = Utf16Sink { out: &mut out, pending_high: None };
                    sink.push_str(&self.src[chunk_start..self.pos]);
                    if let Err(e) = self.read_escape_run(&mut sink) {
                        break Err(e);
                    }
                    sink.flush();
                    chunk_start = self.pos;
                }
                b'\n' | b'\r' => break Err(self.error(token_start, "Unterminated string constant")),
                0xe2 if matches!(self.char_at(self.pos), Some('\u{2028}' | '\u{2029}')) => {
                    break Err(self.error(token_start, "Unterminated string constant"));
                }
                _ => self.pos += 1,
            }
        };
        if result.is_ok() && has_escape {
            out.push_str(&self.src[chunk_start..self.pos]);
        }
        self.buf = out;
        result?;
        self.pos += 1;
        self.buf_valid = has_escape;
        Ok(T::Str)
    }

    /// Reads consecutive escapes (so that a surrogate pair written as two `\u` escapes is joined).
    fn read_escape_run(&mut self, sink: &mut Utf16Sink<'_>) -> LResult<()> {
        while self.peek(0) == b'\\' {
            self.read_escape(sink)?;
        }
        Ok(())
    }

    /// Reads one escape sequence starting at the backslash, as acorn's `readEscapedChar`.
    fn read_escape(&mut self, sink: &mut Utf16Sink<'_>) -> LResult<()> {
        self.pos += 1;
        let Some(c) = self.char_at(self.pos) else {
            // A backslash at the very end: the string is unterminated.
            return Err(self.error(self.token_start, "Unterminated string constant"));
        };
        self.pos += c.len_utf8();
        match c {
            'n' => sink.push_unit(0x0a),
            'r' => sink.push_unit(0x0d),
            't' => sink.push_unit(0x09),
            'b' => sink.push_unit(0x08),
            'v' => sink.push_unit(0x0b),
            'f' => sink.push_unit(0x0c),
            'x' => {
                let v = self.read_hex_digits(2)?;
                sink.push_unit(v);
            }
            'u' => {
                let v = self.read_hex_escape_u()?;
                sink.push_unit(v);
            }
            '\r' => {
                if self.peek(0) == b'\n' {
                    self.pos += 1;
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' => {}
            '8' | '9' => {
                if self.strict {
                    return Err(self.error(self.pos - 1, "Invalid escape sequence"));
                }
                sink.push_unit(c as u32);
            }
            '0'..='7' => self.read_octal_escape(c, sink)?,
            other => {
                sink.flush();
                sink.out.push(other);
            }
        }
        Ok(())
    }

    fn read_octal_escape(&mut self, first: char, sink: &mut Utf16Sink<'_>) -> LResult<()> {
        let digits_start = self.pos - 1;
        let mut end = digits_start + 1;
        while end < digits_start + 3 && matches!(self.bytes.get(end), Some(b'0'..=b'7')) {
            end += 1;
        }
        let mut text = &self.src[digits_start..end];
        let mut value = u32::from_str_radix(text, 8).unwrap_or(0);
        if value > 255 {
            text = &text[..text.len() - 1];
            value = u32::from_str_radix(text, 8).unwrap_or(0);
        }
        self.pos = digits_start + text.len();
        let next = self.peek(0);
        if (text != "0" || next == b'8' || next == b'9') && self.strict {
            return Err(self.error(self.pos - text.len() - 1, "Octal literal in strict mode"));
        }
        let _ = first;
        sink.push_unit(value);
        Ok(())
    }

    /// Re-reads the current `/` token (which starts at `start`) as a regular expression literal, where the
    /// parser expects an expression but the context guessed division. Returns the token's end.
    pub fn read_regexp(&mut self, start: u32) -> LResult<u32> {
        self.read_regexp_body(start as usize + 1)?;
        self.prev_end = self.pos;
        // As after any regular expression token: acorn's `updateContext` with `regexp`, which is not `beforeExpr`.
        self.expr_allowed = false;
        self.prev_kind = T::Regex;
        Ok(self.pos as u32)
    }

    /// Reads a regular expression whose pattern starts at `pattern_start` (after the `/`), validating pattern and
    /// flags; leaves `pos` after the flags.
    fn read_regexp_body(&mut self, pattern_start: usize) -> LResult<()> {
        self.pos = pattern_start;
        let mut escaped = false;
        let mut in_class = false;
        loop {
            let Some(c) = self.char_at(self.pos) else {
                return Err(self.error(pattern_start, "Unterminated regular expression"));
            };
            if is_line_terminator(c) {
                return Err(self.error(pattern_start, "Unterminated regular expression"));
            }
            if !escaped {
                match c {
                    '[' => in_class = true,
                    ']' if in_class => in_class = false,
                    '/' if !in_class => break,
                    _ => {}
                }
                escaped = c == '\\';
            } else {
                escaped = false;
            }
            self.pos += c.len_utf8();
        }
        let pattern_end = self.pos;
        self.pos += 1;
        let flags_start = self.pos;
        if self.read_word_text()? {
            return Err(self.error(flags_start, "Unexpected token"));
        }
        let flags = &self.src[flags_start..self.pos];
        for (i, f) in flags.char_indices() {
            if !matches!(f, 'g' | 'i' | 'm') {
                return Err(self.error(pattern_start, "Invalid regular expression flag"));
            }
            if flags[i + 1..].contains(f) {
                return Err(self.error(pattern_start, "Duplicate regular expression flag"));
            }
        }
        let pattern = &self.src[pattern_start..pattern_end];
        if let Err(message) = regexp::validate(pattern) {
            return Err(self.error(pattern_start, format!("Invalid regular expression: /{pattern}/: {message}")));
        }
        self.regexp_pattern_end = pattern_end as u32;
        Ok(())
    }
}

/// The offset of the first `*/` in `bytes`: a scan for `*`, eight bytes at a time.
fn find_comment_end(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    loop {
        let star = from + scan::find_byte(&bytes[from..], b'*')?;
        if bytes.get(star + 1) == Some(&b'/') {
            return Some(star);
        }
        from = star + 1;
    }
}

/// Whether `text` contains a line terminator: `\n`, `\r`, or U+2028 / U+2029 (E2 80 A8 / E2 80 A9 in UTF-8).
fn contains_line_break(text: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = scan::line_break_candidate(&text[from..]) {
        let at = from + i;
        let b = text[at];
        if b == b'\n'
            || b == b'\r'
            || (b == 0xe2 && text.get(at + 1) == Some(&0x80) && matches!(text.get(at + 2), Some(0xa8 | 0xa9)))
        {
            return true;
        }
        from = at + 1;
    }
    false
}

/// Parses a decimal literal (`1`, `1.5`, `.5`, `5.`, `1e3`, `089`) as JavaScript's `parseFloat` does: correctly
/// rounded.
fn parse_decimal(text: &str) -> f64 {
    if let Ok(v) = text.parse::<f64>() {
        return v;
    }
    // Rust rejects a few forms JavaScript accepts, such as `5.e3`; insert the missing fraction digit.
    let fixed = text.replacen(".e", ".0e", 1).replacen(".E", ".0E", 1);
    fixed.parse::<f64>().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<T> {
        let mut lx = Lexer::new(src);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token().unwrap();
            if t.kind == T::Eof {
                return out;
            }
            out.push(t.kind);
        }
    }

    fn number(src: &str) -> f64 {
        let mut lx = Lexer::new(src);
        let t = lx.next_token().unwrap();
        assert_eq!(t.kind, T::Num, "{src}");
        lx.number
    }

    fn string(src: &str) -> String {
        let mut lx = Lexer::new(src);
        let t = lx.next_token().unwrap();
        assert_eq!(t.kind, T::Str, "{src}");
        lx.value(t).to_string()
    }

    #[test]
    fn punctuators_take_the_longest_match() {
        assert_eq!(
            kinds(">>>= >>> >>= >> >= > <<= << <= <"),
            vec![T::UShrEq, T::UShr, T::ShrEq, T::Shr, T::GtEq, T::Gt, T::ShlEq, T::Shl, T::LtEq, T::Lt]
        );
        assert_eq!(
            kinds("=== == = !== != ! ++ + += -- - -= && & &= || | |="),
            vec![
                T::EqEqEq,
                T::EqEq,
                T::Eq,
                T::NotEqEq,
                T::NotEq,
                T::Bang,
                T::PlusPlus,
                T::Plus,
                T::PlusEq,
                T::MinusMinus,
                T::Minus,
                T::MinusEq,
                T::AmpAmp,
                T::Amp,
                T::AmpEq,
                T::PipePipe,
                T::Pipe,
                T::PipeEq
            ]
        );
    }

    #[test]
    fn numbers_have_their_exact_values() {
        assert_eq!(number("017"), 15.0);
        assert_eq!(number("019"), 19.0);
        assert_eq!(number("0x1F"), 31.0);
        assert_eq!(number(".5"), 0.5);
        assert_eq!(number("5."), 5.0);
        assert_eq!(number("1e3"), 1000.0);
        assert_eq!(number("1.5E-2"), 0.015);
        assert_eq!(number("5.e1"), 50.0);
        assert_eq!(number("0.1"), 0.1);
        assert_eq!(number("0"), 0.0);
    }

    #[test]
    fn bad_numbers_are_errors() {
        for src in ["3in x", "0x", "1e", "1e+", "08a"] {
            assert!(Lexer::new(src).next_token().is_err(), "{src}");
        }
        let mut lx = Lexer::new("010");
        lx.strict = true;
        assert!(lx.next_token().is_err());
    }

    #[test]
    fn string_escapes_are_decoded() {
        assert_eq!(string(r#""a\nb""#), "a\nb");
        assert_eq!(string(r#"'\x41\u0042\103\0\08'"#), "ABC\0\u{0}8");
        assert_eq!(string("'a\\\nb'"), "ab");
        assert_eq!(string("'a\\\r\nb'"), "ab");
        assert_eq!(string(r#"'\ud83d\ude00'"#), "\u{1f600}");
        assert_eq!(string(r#"'\ud83d'"#), "\u{fffd}");
        assert_eq!(string(r#"'\q\'\"'"#), "q'\"");
        assert_eq!(string(r#"'\400'"#), " 0");
        assert_eq!(string("'plain'"), "plain");
    }

    #[test]
    fn unterminated_strings_are_errors() {
        for src in ["'abc", "'a\nb'", "'a\u{2028}b'", "'\\", "'\\x4'", "'\\u12'", "'\\u{41}'"] {
            assert!(Lexer::new(src).next_token().is_err(), "{src:?}");
        }
    }

    #[test]
    fn comments_and_line_terminators_set_nl_before() {
        let mut lx = Lexer::new("a /* x */ b /*\n*/ c // d\u{2028}e");
        let toks: Vec<Token> = (0..4).map(|_| lx.next_token().unwrap()).collect();
        assert_eq!(toks.iter().map(|t| t.nl_before).collect::<Vec<_>>(), vec![false, false, true, true]);
    }

    #[test]
    fn html_comments_follow_acorn() {
        assert_eq!(kinds("a <!-- b\nc"), vec![T::Name, T::Name]);
        assert_eq!(kinds("--> x\na"), vec![T::Name]);
        assert_eq!(kinds("a\n--> x\nb"), vec![T::Name, T::Name]);
        assert_eq!(kinds("a --> b"), vec![T::Name, T::MinusMinus, T::Gt, T::Name]);
    }

    #[test]
    fn escaped_identifiers_and_keywords() {
        let mut lx = Lexer::new("\\u0061b \\u0069f");
        let a = lx.next_token().unwrap();
        assert_eq!((a.kind, a.escaped, lx.value(a)), (T::Name, true, "ab"));
        let k = lx.next_token().unwrap();
        assert_eq!((k.kind, k.escaped), (T::If, true));
        assert!(Lexer::new("\\u0031a").next_token().is_err());
        assert!(Lexer::new("\\x41").next_token().is_err());
        assert_eq!(kinds("caf\u{e9} \u{3c0}"), vec![T::Name, T::Name]);
        assert!(Lexer::new("\u{1d49c}").next_token().is_err());
    }

    #[test]
    fn regexps_are_read_where_the_context_allows_an_expression() {
        // At the start of input an expression may start: the lexer reads the regular expression itself.
        let mut lx = Lexer::new("/a[/]b\\//gi x");
        let t = lx.next_token().unwrap();
        assert_eq!((t.kind, t.end, lx.regexp_pattern_end), (T::Regex, 11, 8));
        assert_eq!(lx.next_token().unwrap().kind, T::Name);
        // After a name it reads division; the parser may ask for a regular expression instead.
        assert_eq!(kinds("a / b /= c"), vec![T::Name, T::Slash, T::Name, T::SlashEq, T::Name]);
        let mut lx = Lexer::new("a /b/g");
        lx.next_token().unwrap();
        let slash = lx.next_token().unwrap();
        assert_eq!(slash.kind, T::Slash);
        assert_eq!(lx.read_regexp(slash.start).unwrap(), 6);
        // Contexts: after `if (...)` and after a block an expression starts; after an object literal it does not.
        assert_eq!(kinds("if (a) /b/"), vec![T::If, T::ParenL, T::Name, T::ParenR, T::Regex]);
        assert_eq!(kinds("{} /b/"), vec![T::BraceL, T::BraceR, T::Regex]);
        assert_eq!(kinds("x = {} / 1"), vec![T::Name, T::Eq, T::BraceL, T::BraceR, T::Slash, T::Num]);
        assert_eq!(kinds("x = function(){} / 1")[7], T::Slash);
        assert_eq!(kinds("function f(){} /1/")[6], T::Regex);
        for bad in ["/a", "/a\n/", "/a/gg", "/a/u", "/(/"] {
            assert!(Lexer::new(bad).next_token().is_err(), "{bad}");
        }
    }
}
