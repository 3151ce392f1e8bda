//! Token kinds ([`T`]) with the keyword table, and [`Token`].

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
    pub(super) fn keyword_bytes(word: &[u8]) -> Option<T> {
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
    /// A name or keyword written with `\u` escapes; its decoded text is in [`Lexer::value`](super::Lexer::value).
    pub escaped: bool,
}
