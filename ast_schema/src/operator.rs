//! Operators: fieldless enums, written in ESTree JSON as their source text.

use crate::ast;

/// Prefix unary operators.
#[ast]
pub enum UnaryOperator {
    /// `-`
    #[estree(rename = "-")]
    Minus,
    /// `+`
    #[estree(rename = "+")]
    Plus,
    /// `!`
    #[estree(rename = "!")]
    LogicalNot,
    /// `~`
    #[estree(rename = "~")]
    BitwiseNot,
    /// `typeof`
    #[estree(rename = "typeof")]
    Typeof,
    /// `void`
    #[estree(rename = "void")]
    Void,
    /// `delete`
    #[estree(rename = "delete")]
    Delete,
}

/// `++` and `--`.
#[ast]
pub enum UpdateOperator {
    /// `++`
    #[estree(rename = "++")]
    Increment,
    /// `--`
    #[estree(rename = "--")]
    Decrement,
}

/// Binary operators (the logical ones are [`LogicalOperator`]).
#[ast]
pub enum BinaryOperator {
    /// `==`
    #[estree(rename = "==")]
    Equality,
    /// `!=`
    #[estree(rename = "!=")]
    Inequality,
    /// `===`
    #[estree(rename = "===")]
    StrictEquality,
    /// `!==`
    #[estree(rename = "!==")]
    StrictInequality,
    /// `<`
    #[estree(rename = "<")]
    LessThan,
    /// `<=`
    #[estree(rename = "<=")]
    LessEqualThan,
    /// `>`
    #[estree(rename = ">")]
    GreaterThan,
    /// `>=`
    #[estree(rename = ">=")]
    GreaterEqualThan,
    /// `<<`
    #[estree(rename = "<<")]
    ShiftLeft,
    /// `>>`
    #[estree(rename = ">>")]
    ShiftRight,
    /// `>>>`
    #[estree(rename = ">>>")]
    ShiftRightZeroFill,
    /// `+`
    #[estree(rename = "+")]
    Addition,
    /// `-`
    #[estree(rename = "-")]
    Subtraction,
    /// `*`
    #[estree(rename = "*")]
    Multiplication,
    /// `/`
    #[estree(rename = "/")]
    Division,
    /// `%`
    #[estree(rename = "%")]
    Remainder,
    /// `|`
    #[estree(rename = "|")]
    BitwiseOr,
    /// `^`
    #[estree(rename = "^")]
    BitwiseXor,
    /// `&`
    #[estree(rename = "&")]
    BitwiseAnd,
    /// `in`
    #[estree(rename = "in")]
    In,
    /// `instanceof`
    #[estree(rename = "instanceof")]
    Instanceof,
}

/// `||` and `&&`.
#[ast]
pub enum LogicalOperator {
    /// `||`
    #[estree(rename = "||")]
    Or,
    /// `&&`
    #[estree(rename = "&&")]
    And,
}

/// `=` and the compound assignment operators.
#[ast]
pub enum AssignmentOperator {
    /// `=`
    #[estree(rename = "=")]
    Assign,
    /// `+=`
    #[estree(rename = "+=")]
    Addition,
    /// `-=`
    #[estree(rename = "-=")]
    Subtraction,
    /// `*=`
    #[estree(rename = "*=")]
    Multiplication,
    /// `/=`
    #[estree(rename = "/=")]
    Division,
    /// `%=`
    #[estree(rename = "%=")]
    Remainder,
    /// `<<=`
    #[estree(rename = "<<=")]
    ShiftLeft,
    /// `>>=`
    #[estree(rename = ">>=")]
    ShiftRight,
    /// `>>>=`
    #[estree(rename = ">>>=")]
    ShiftRightZeroFill,
    /// `|=`
    #[estree(rename = "|=")]
    BitwiseOr,
    /// `^=`
    #[estree(rename = "^=")]
    BitwiseXor,
    /// `&=`
    #[estree(rename = "&=")]
    BitwiseAnd,
}
