//! Punctuators: the helpers the dispatch in [`Lexer::read_token`] uses for one- to four-byte operators.

use super::Lexer;
use super::tokens::T;

impl Lexer<'_> {
    #[inline]
    pub(super) fn op(&mut self, kind: T, len: usize) -> T {
        self.pos += len;
        kind
    }

    #[inline]
    pub(super) fn op_eq(&mut self, plain: T, with_eq: T) -> T {
        if self.peek(1) == b'=' { self.op(with_eq, 2) } else { self.op(plain, 1) }
    }

    pub(super) fn read_angle(&mut self, b: u8) -> T {
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
}
