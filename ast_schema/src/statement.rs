//! Statements and declarations.

use crate::{Expression, Identifier, ast};

/// Any statement or declaration.
#[ast]
#[json(untagged)]
pub enum Statement {
    /// `expr;`, or a directive such as `"use strict";`.
    Expression(Box<ExpressionStatement>),
    /// `{ ... }`
    Block(Box<BlockStatement>),
    /// `;`
    Empty(Box<EmptyStatement>),
    /// `debugger;`
    Debugger(Box<DebuggerStatement>),
    /// `with (obj) body`
    With(Box<WithStatement>),
    /// `return expr;`
    Return(Box<ReturnStatement>),
    /// `label: body`
    Labeled(Box<LabeledStatement>),
    /// `break label;`
    Break(Box<BreakStatement>),
    /// `continue label;`
    Continue(Box<ContinueStatement>),
    /// `if (test) a else b`
    If(Box<IfStatement>),
    /// `switch (x) { case ...: }`
    Switch(Box<SwitchStatement>),
    /// `throw expr;`
    Throw(Box<ThrowStatement>),
    /// `try {} catch (e) {} finally {}`
    Try(Box<TryStatement>),
    /// `while (test) body`
    While(Box<WhileStatement>),
    /// `do body while (test);`
    DoWhile(Box<DoWhileStatement>),
    /// `for (init; test; update) body`
    For(Box<ForStatement>),
    /// `for (left in right) body`
    ForIn(Box<ForInStatement>),
    /// `function name(params) { body }`
    FunctionDeclaration(Box<FunctionDeclaration>),
    /// `var a = 1, b;`
    VariableDeclaration(Box<VariableDeclaration>),
}

/// An expression used as a statement. In a directive prologue it also carries the directive text.
#[ast]
pub struct ExpressionStatement {
    /// The expression.
    pub expression: Expression,
    /// For a directive (`"use strict";`), the raw string without its quotes.
    #[json(skip_serializing_if = "Option::is_none")]
    pub directive: Option<String>,
}

/// A block: `{ statements }`. Also the body of every function.
#[ast]
pub struct BlockStatement {
    /// The statements.
    pub body: Vec<Statement>,
}

/// An empty statement: `;`.
#[ast]
pub struct EmptyStatement {}

/// `debugger;`
#[ast]
pub struct DebuggerStatement {}

/// `with (object) body`
#[ast]
pub struct WithStatement {
    /// The scope object.
    pub object: Expression,
    /// The body.
    pub body: Statement,
}

/// `return;` or `return argument;`
#[ast]
pub struct ReturnStatement {
    /// The returned value, if any.
    pub argument: Option<Expression>,
}

/// `label: body`
#[ast]
#[json(field_order = "body, label")]
pub struct LabeledStatement {
    /// The label.
    pub label: Identifier,
    /// The labelled statement.
    pub body: Statement,
}

/// `break;` or `break label;`
#[ast]
pub struct BreakStatement {
    /// The target label, if any.
    pub label: Option<Identifier>,
}

/// `continue;` or `continue label;`
#[ast]
pub struct ContinueStatement {
    /// The target label, if any.
    pub label: Option<Identifier>,
}

/// `if (test) consequent else alternate`
#[ast]
pub struct IfStatement {
    /// The condition.
    pub test: Expression,
    /// Run when the condition holds.
    pub consequent: Statement,
    /// Run otherwise, if present.
    pub alternate: Option<Statement>,
}

/// `switch (discriminant) { cases }`
#[ast]
pub struct SwitchStatement {
    /// The value switched on.
    pub discriminant: Expression,
    /// The clauses, in source order.
    pub cases: Vec<SwitchCase>,
}

/// `case test: consequent` or, without a test, `default: consequent`.
#[ast]
#[json(field_order = "consequent, test")]
pub struct SwitchCase {
    /// The case value; `None` for `default`.
    pub test: Option<Expression>,
    /// The statements of the clause.
    pub consequent: Vec<Statement>,
}

/// `throw argument;`
#[ast]
pub struct ThrowStatement {
    /// The thrown value.
    pub argument: Expression,
}

/// `try block catch (param) handler finally finalizer`
#[ast]
pub struct TryStatement {
    /// The protected block.
    pub block: BlockStatement,
    /// The `catch` clause, if any.
    pub handler: Option<CatchClause>,
    /// The `finally` block, if any.
    pub finalizer: Option<BlockStatement>,
}

/// `catch (param) body`
#[ast]
pub struct CatchClause {
    /// The caught exception's binding.
    pub param: Identifier,
    /// The handler.
    pub body: BlockStatement,
}

/// `while (test) body`
#[ast]
pub struct WhileStatement {
    /// The loop condition.
    pub test: Expression,
    /// The body.
    pub body: Statement,
}

/// `do body while (test);`
#[ast]
pub struct DoWhileStatement {
    /// The body.
    pub body: Statement,
    /// The loop condition.
    pub test: Expression,
}

/// `for (init; test; update) body`
#[ast]
pub struct ForStatement {
    /// The initialiser, if any.
    pub init: Option<ForInit>,
    /// The condition, if any.
    pub test: Option<Expression>,
    /// The update, if any.
    pub update: Option<Expression>,
    /// The body.
    pub body: Statement,
}

/// The first clause of a `for` statement.
#[ast]
#[json(untagged)]
pub enum ForInit {
    /// `for (var i = 0; ...)`
    VariableDeclaration(Box<VariableDeclaration>),
    /// `for (i = 0; ...)`
    Expression(Expression),
}

/// `for (left in right) body`
#[ast]
pub struct ForInStatement {
    /// The binding or target.
    pub left: ForInLeft,
    /// The object whose keys are enumerated.
    pub right: Expression,
    /// The body.
    pub body: Statement,
}

/// The left side of a `for-in` statement.
#[ast]
#[json(untagged)]
pub enum ForInLeft {
    /// `for (var key in obj)`
    VariableDeclaration(Box<VariableDeclaration>),
    /// `for (key in obj)`, `for (a.b in obj)`
    Expression(Expression),
}

/// `function id(params) { body }` as a statement.
#[ast]
#[json(add_field(name = "expression", json = "false"))]
pub struct FunctionDeclaration {
    /// The function's name.
    pub id: Identifier,
    /// The parameters.
    pub params: Vec<Identifier>,
    /// The body.
    pub body: BlockStatement,
}

/// `var a = 1, b;`
#[ast]
pub struct VariableDeclaration {
    /// The declarators, in source order.
    pub declarations: Vec<VariableDeclarator>,
    /// Always `var` in ES5.
    pub kind: VariableDeclarationKind,
}

/// One `id = init` of a variable declaration.
#[ast]
pub struct VariableDeclarator {
    /// The declared name.
    pub id: Identifier,
    /// The initial value, if any.
    pub init: Option<Expression>,
}

/// The keyword of a variable declaration.
#[ast]
pub enum VariableDeclarationKind {
    /// `var`
    #[json(rename = "var")]
    Var,
}
