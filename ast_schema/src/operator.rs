//! Operators: fieldless enums, written in ESTree JSON as their source text.

use crate::ast;

/// Prefix unary operators.
#[ast]
pub enum UnaryOperator {
    /// `-`
    #[json(rename = "-")]
    Minus,
    /// `+`
    #[json(rename = "+")]
    Plus,
    /// `!`
    #[json(rename = "!")]
    LogicalNot,
    /// `~`
    #[json(rename = "~")]
    BitwiseNot,
    /// `typeof`
    #[json(rename = "typeof")]
    Typeof,
    /// `void`
    #[json(rename = "void")]
    Void,
    /// `delete`
    #[json(rename = "delete")]
    Delete,
}

/// `++` and `--`.
#[ast]
pub enum UpdateOperator {
    /// `++`
    #[json(rename = "++")]
    Increment,
    /// `--`
    #[json(rename = "--")]
    Decrement,
}

/// Binary operators (the logical ones are [`LogicalOperator`]).
#[ast]
pub enum BinaryOperator {
    /// `==`
    #[json(rename = "==")]
    Equality,
    /// `!=`
    #[json(rename = "!=")]
    Inequality,
    /// `===`
    #[json(rename = "===")]
    StrictEquality,
    /// `!==`
    #[json(rename = "!==")]
    StrictInequality,
    /// `<`
    #[json(rename = "<")]
    LessThan,
    /// `<=`
    #[json(rename = "<=")]
    LessEqualThan,
    /// `>`
    #[json(rename = ">")]
    GreaterThan,
    /// `>=`
    #[json(rename = ">=")]
    GreaterEqualThan,
    /// `<<`
    #[json(rename = "<<")]
    ShiftLeft,
    /// `>>`
    #[json(rename = ">>")]
    ShiftRight,
    /// `>>>`
    #[json(rename = ">>>")]
    ShiftRightZeroFill,
    /// `+`
    #[json(rename = "+")]
    Addition,
    /// `-`
    #[json(rename = "-")]
    Subtraction,
    /// `*`
    #[json(rename = "*")]
    Multiplication,
    /// `/`
    #[json(rename = "/")]
    Division,
    /// `%`
    #[json(rename = "%")]
    Remainder,
    /// `|`
    #[json(rename = "|")]
    BitwiseOr,
    /// `^`
    #[json(rename = "^")]
    BitwiseXor,
    /// `&`
    #[json(rename = "&")]
    BitwiseAnd,
    /// `in`
    #[json(rename = "in")]
    In,
    /// `instanceof`
    #[json(rename = "instanceof")]
    Instanceof,
}

/// `||` and `&&`.
#[ast]
pub enum LogicalOperator {
    /// `||`
    #[json(rename = "||")]
    Or,
    /// `&&`
    #[json(rename = "&&")]
    And,
}

/// `=` and the compound assignment operators.
#[ast]
pub enum AssignmentOperator {
    /// `=`
    #[json(rename = "=")]
    Assign,
    /// `+=`
    #[json(rename = "+=")]
    Addition,
    /// `-=`
    #[json(rename = "-=")]
    Subtraction,
    /// `*=`
    #[json(rename = "*=")]
    Multiplication,
    /// `/=`
    #[json(rename = "/=")]
    Division,
    /// `%=`
    #[json(rename = "%=")]
    Remainder,
    /// `<<=`
    #[json(rename = "<<=")]
    ShiftLeft,
    /// `>>=`
    #[json(rename = ">>=")]
    ShiftRight,
    /// `>>>=`
    #[json(rename = ">>>=")]
    ShiftRightZeroFill,
    /// `|=`
    #[json(rename = "|=")]
    BitwiseOr,
    /// `^=`
    #[json(rename = "^=")]
    BitwiseXor,
    /// `&=`
    #[json(rename = "&=")]
    BitwiseAnd,
}
