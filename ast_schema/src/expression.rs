//! Expressions.

use crate::{
    AssignmentOperator, BinaryOperator, BlockStatement, BooleanLiteral, Identifier, LogicalOperator, NullLiteral,
    NumericLiteral, RegExpLiteral, StringLiteral, UnaryOperator, UpdateOperator, ast,
};

/// Any expression.
#[ast]
#[json(untagged)]
pub enum Expression {
    /// `name`
    Identifier(Box<Identifier>),
    /// `"abc"`
    StringLiteral(Box<StringLiteral>),
    /// `42`
    NumericLiteral(Box<NumericLiteral>),
    /// `true`
    BooleanLiteral(Box<BooleanLiteral>),
    /// `null`
    NullLiteral(Box<NullLiteral>),
    /// `/re/g`
    RegExpLiteral(Box<RegExpLiteral>),
    /// `this`
    This(Box<ThisExpression>),
    /// `[a, , b]`
    Array(Box<ArrayExpression>),
    /// `{ a: 1, get b() {} }`
    Object(Box<ObjectExpression>),
    /// `function (a) {}`
    Function(Box<FunctionExpression>),
    /// `!a`, `typeof a`
    Unary(Box<UnaryExpression>),
    /// `a++`, `--a`
    Update(Box<UpdateExpression>),
    /// `a + b`
    Binary(Box<BinaryExpression>),
    /// `a && b`
    Logical(Box<LogicalExpression>),
    /// `a = b`, `a += b`
    Assignment(Box<AssignmentExpression>),
    /// `a.b`, `a[b]`
    Member(Box<MemberExpression>),
    /// `a ? b : c`
    Conditional(Box<ConditionalExpression>),
    /// `f(a)`
    Call(Box<CallExpression>),
    /// `new F(a)`
    New(Box<NewExpression>),
    /// `a, b`
    Sequence(Box<SequenceExpression>),
}

/// `this`
#[ast]
pub struct ThisExpression {}

/// `[elements]`; a hole (`[a, , b]`) is `None`.
#[ast]
pub struct ArrayExpression {
    /// The elements; `None` for a hole.
    pub elements: Vec<Option<Expression>>,
}

/// `{ properties }`
#[ast]
pub struct ObjectExpression {
    /// The properties, in source order.
    pub properties: Vec<Property>,
}

/// One property of an object literal: `key: value`, `get key() {}` or `set key(v) {}`.
#[ast]
pub struct Property {
    /// The property name.
    pub key: PropertyKey,
    /// The value; a `FunctionExpression` for getters and setters.
    pub value: Expression,
    /// Plain, getter or setter.
    pub kind: PropertyKind,
}

/// The name of an object literal property.
#[ast]
#[json(untagged)]
pub enum PropertyKey {
    /// `{ a: 1 }`
    Identifier(Box<Identifier>),
    /// `{ "a": 1 }`
    StringLiteral(Box<StringLiteral>),
    /// `{ 1: 1 }`
    NumericLiteral(Box<NumericLiteral>),
}

/// What an object literal property defines.
#[ast]
pub enum PropertyKind {
    /// `key: value`
    #[json(rename = "init")]
    Init,
    /// `get key() {}`
    #[json(rename = "get")]
    Get,
    /// `set key(v) {}`
    #[json(rename = "set")]
    Set,
}

/// `function id(params) { body }` as an expression.
#[ast]
#[json(add_field(name = "expression", json = "false"))]
pub struct FunctionExpression {
    /// The name, if any.
    pub id: Option<Identifier>,
    /// The parameters.
    pub params: Vec<Identifier>,
    /// The body.
    pub body: BlockStatement,
}

/// A prefix unary operation: `!argument`.
#[ast]
#[json(add_field(name = "prefix", json = "true"), field_order = "operator, prefix, argument")]
pub struct UnaryExpression {
    /// The operator.
    pub operator: UnaryOperator,
    /// The operand.
    pub argument: Expression,
}

/// `++argument`, `argument--`
#[ast]
pub struct UpdateExpression {
    /// The operator.
    pub operator: UpdateOperator,
    /// True for `++a`, false for `a++`.
    pub prefix: bool,
    /// The operand.
    pub argument: Expression,
}

/// `left operator right` for arithmetic, comparison, bitwise, `in` and `instanceof`.
#[ast]
#[json(field_order = "left, operator, right")]
pub struct BinaryExpression {
    /// The operator.
    pub operator: BinaryOperator,
    /// The left operand.
    pub left: Expression,
    /// The right operand.
    pub right: Expression,
}

/// `left || right`, `left && right`
#[ast]
#[json(field_order = "left, operator, right")]
pub struct LogicalExpression {
    /// The operator.
    pub operator: LogicalOperator,
    /// The left operand.
    pub left: Expression,
    /// The right operand.
    pub right: Expression,
}

/// `left operator right` for `=` and the compound assignments.
#[ast]
pub struct AssignmentExpression {
    /// The operator.
    pub operator: AssignmentOperator,
    /// The target: an identifier or a member expression.
    pub left: Expression,
    /// The assigned value.
    pub right: Expression,
}

/// `object.property` or `object[property]`
#[ast]
pub struct MemberExpression {
    /// The object.
    pub object: Expression,
    /// The property: an `Identifier` when not computed.
    pub property: Expression,
    /// True for `object[property]`.
    pub computed: bool,
}

/// `test ? consequent : alternate`
#[ast]
pub struct ConditionalExpression {
    /// The condition.
    pub test: Expression,
    /// The value when the condition holds.
    pub consequent: Expression,
    /// The value otherwise.
    pub alternate: Expression,
}

/// `callee(arguments)`
#[ast]
pub struct CallExpression {
    /// The called function.
    pub callee: Expression,
    /// The arguments.
    pub arguments: Vec<Expression>,
}

/// `new callee(arguments)`; `new F` without parentheses has no arguments.
#[ast]
pub struct NewExpression {
    /// The constructor.
    pub callee: Expression,
    /// The arguments.
    pub arguments: Vec<Expression>,
}

/// `a, b, c`
#[ast]
pub struct SequenceExpression {
    /// The expressions, at least two.
    pub expressions: Vec<Expression>,
}
