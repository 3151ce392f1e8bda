//! Python's abstract syntax tree as CPython 3.11.7's `ast` module defines it (its ASDL grammar), declared once
//! for the generator. Written by `python_schema/from_cpython.py` from the installed `ast` module; a test compares
//! it with the `ast` module of the machine's `python3` (`tests/tests/python_schema.rs`).
//!
//! The mapping: a sum type with several constructors (`mod`, `stmt`, `expr`, `pattern`) is an enum of nodes
//! (`Mod`, `Stmt`, `Expr`, `Pattern`), each variant a boxed struct named after the constructor's class; a sum
//! with one constructor (`excepthandler`, `type_ignore`) is that struct; a product type is a struct in CamelCase
//! (`Arguments`, `WithItem`, `MatchCase`); a sum of fieldless constructors is a value enum (`ExprContext`,
//! `BoolOperator`, `Operator`, `UnaryOperator`, `CmpOperator`: `BoolOp` and `UnaryOp` name expressions). The
//! statement `Expr` is `ExprStmt`. `identifier` and `string` are `String`, `int` is `i64`, `constant` is
//! [`ConstantValue`]. `Dict.keys` and `arguments.kw_defaults` hold `None` (`**x`, a keyword-only argument without
//! a default), so they are `Vec<Option<Expr>>`. A node's `lineno`, `col_offset`, `end_lineno` and
//! `end_col_offset`, where its class has them, are its span: byte offsets into the UTF-8 source.

use ast_macros::schema as ast;

/// `Module(stmt* body, type_ignore* type_ignores)`
#[ast]
#[json(schema(tag = "_type", numbers = "python"))]
pub struct Module {
    pub body: Vec<Stmt>,
    pub type_ignores: Vec<TypeIgnore>,
}

/// `Interactive(stmt* body)`
#[ast]
pub struct Interactive {
    pub body: Vec<Stmt>,
}

/// `Expression(expr body)`
#[ast]
pub struct Expression {
    pub body: Expr,
}

/// `FunctionType(expr* argtypes, expr returns)`
#[ast]
pub struct FunctionType {
    pub argtypes: Vec<Expr>,
    pub returns: Expr,
}

/// The `mod` sum of the ASDL grammar.
#[ast]
#[json(untagged)]
pub enum Mod {
    Module(Box<Module>),
    Interactive(Box<Interactive>),
    Expression(Box<Expression>),
    FunctionType(Box<FunctionType>),
}

/// The `stmt` sum of the ASDL grammar.
#[ast]
#[json(untagged)]
pub enum Stmt {
    FunctionDef(Box<FunctionDef>),
    AsyncFunctionDef(Box<AsyncFunctionDef>),
    ClassDef(Box<ClassDef>),
    Return(Box<Return>),
    Delete(Box<Delete>),
    Assign(Box<Assign>),
    AugAssign(Box<AugAssign>),
    AnnAssign(Box<AnnAssign>),
    For(Box<For>),
    AsyncFor(Box<AsyncFor>),
    While(Box<While>),
    If(Box<If>),
    With(Box<With>),
    AsyncWith(Box<AsyncWith>),
    Match(Box<Match>),
    Raise(Box<Raise>),
    Try(Box<Try>),
    TryStar(Box<TryStar>),
    Assert(Box<Assert>),
    Import(Box<Import>),
    ImportFrom(Box<ImportFrom>),
    Global(Box<Global>),
    Nonlocal(Box<Nonlocal>),
    Expr(Box<ExprStmt>),
    Pass(Box<Pass>),
    Break(Box<Break>),
    Continue(Box<Continue>),
}

/// `FunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment)`
#[ast]
#[json(span = "line_col")]
pub struct FunctionDef {
    pub name: String,
    pub args: Box<Arguments>,
    pub body: Vec<Stmt>,
    pub decorator_list: Vec<Expr>,
    pub returns: Option<Expr>,
    pub type_comment: Option<String>,
}

/// `AsyncFunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment)`
#[ast]
#[json(span = "line_col")]
pub struct AsyncFunctionDef {
    pub name: String,
    pub args: Box<Arguments>,
    pub body: Vec<Stmt>,
    pub decorator_list: Vec<Expr>,
    pub returns: Option<Expr>,
    pub type_comment: Option<String>,
}

/// `ClassDef(identifier name, expr* bases, keyword* keywords, stmt* body, expr* decorator_list)`
#[ast]
#[json(span = "line_col")]
pub struct ClassDef {
    pub name: String,
    pub bases: Vec<Expr>,
    pub keywords: Vec<Keyword>,
    pub body: Vec<Stmt>,
    pub decorator_list: Vec<Expr>,
}

/// `Return(expr? value)`
#[ast]
#[json(span = "line_col")]
pub struct Return {
    pub value: Option<Expr>,
}

/// `Delete(expr* targets)`
#[ast]
#[json(span = "line_col")]
pub struct Delete {
    pub targets: Vec<Expr>,
}

/// `Assign(expr* targets, expr value, string? type_comment)`
#[ast]
#[json(span = "line_col")]
pub struct Assign {
    pub targets: Vec<Expr>,
    pub value: Expr,
    pub type_comment: Option<String>,
}

/// `AugAssign(expr target, operator op, expr value)`
#[ast]
#[json(span = "line_col")]
pub struct AugAssign {
    pub target: Expr,
    pub op: Operator,
    pub value: Expr,
}

/// `AnnAssign(expr target, expr annotation, expr? value, int simple)`
#[ast]
#[json(span = "line_col")]
pub struct AnnAssign {
    pub target: Expr,
    pub annotation: Expr,
    pub value: Option<Expr>,
    pub simple: i64,
}

/// `For(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)`
#[ast]
#[json(span = "line_col")]
pub struct For {
    pub target: Expr,
    pub iter: Expr,
    pub body: Vec<Stmt>,
    pub orelse: Vec<Stmt>,
    pub type_comment: Option<String>,
}

/// `AsyncFor(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)`
#[ast]
#[json(span = "line_col")]
pub struct AsyncFor {
    pub target: Expr,
    pub iter: Expr,
    pub body: Vec<Stmt>,
    pub orelse: Vec<Stmt>,
    pub type_comment: Option<String>,
}

/// `While(expr test, stmt* body, stmt* orelse)`
#[ast]
#[json(span = "line_col")]
pub struct While {
    pub test: Expr,
    pub body: Vec<Stmt>,
    pub orelse: Vec<Stmt>,
}

/// `If(expr test, stmt* body, stmt* orelse)`
#[ast]
#[json(span = "line_col")]
pub struct If {
    pub test: Expr,
    pub body: Vec<Stmt>,
    pub orelse: Vec<Stmt>,
}

/// `With(withitem* items, stmt* body, string? type_comment)`
#[ast]
#[json(span = "line_col")]
pub struct With {
    pub items: Vec<WithItem>,
    pub body: Vec<Stmt>,
    pub type_comment: Option<String>,
}

/// `AsyncWith(withitem* items, stmt* body, string? type_comment)`
#[ast]
#[json(span = "line_col")]
pub struct AsyncWith {
    pub items: Vec<WithItem>,
    pub body: Vec<Stmt>,
    pub type_comment: Option<String>,
}

/// `Match(expr subject, match_case* cases)`
#[ast]
#[json(span = "line_col")]
pub struct Match {
    pub subject: Expr,
    pub cases: Vec<MatchCase>,
}

/// `Raise(expr? exc, expr? cause)`
#[ast]
#[json(span = "line_col")]
pub struct Raise {
    pub exc: Option<Expr>,
    pub cause: Option<Expr>,
}

/// `Try(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)`
#[ast]
#[json(span = "line_col")]
pub struct Try {
    pub body: Vec<Stmt>,
    pub handlers: Vec<ExceptHandler>,
    pub orelse: Vec<Stmt>,
    pub finalbody: Vec<Stmt>,
}

/// `TryStar(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)`
#[ast]
#[json(span = "line_col")]
pub struct TryStar {
    pub body: Vec<Stmt>,
    pub handlers: Vec<ExceptHandler>,
    pub orelse: Vec<Stmt>,
    pub finalbody: Vec<Stmt>,
}

/// `Assert(expr test, expr? msg)`
#[ast]
#[json(span = "line_col")]
pub struct Assert {
    pub test: Expr,
    pub msg: Option<Expr>,
}

/// `Import(alias* names)`
#[ast]
#[json(span = "line_col")]
pub struct Import {
    pub names: Vec<Alias>,
}

/// `ImportFrom(identifier? module, alias* names, int? level)`
#[ast]
#[json(span = "line_col")]
pub struct ImportFrom {
    pub module: Option<String>,
    pub names: Vec<Alias>,
    pub level: Option<i64>,
}

/// `Global(identifier* names)`
#[ast]
#[json(span = "line_col")]
pub struct Global {
    pub names: Vec<String>,
}

/// `Nonlocal(identifier* names)`
#[ast]
#[json(span = "line_col")]
pub struct Nonlocal {
    pub names: Vec<String>,
}

/// `Expr(expr value)`
#[ast]
#[json(rename = "Expr", span = "line_col")]
pub struct ExprStmt {
    pub value: Expr,
}

/// `Pass`
#[ast]
#[json(span = "line_col")]
pub struct Pass {}

/// `Break`
#[ast]
#[json(span = "line_col")]
pub struct Break {}

/// `Continue`
#[ast]
#[json(span = "line_col")]
pub struct Continue {}

/// The `expr` sum of the ASDL grammar.
#[ast]
#[json(untagged)]
pub enum Expr {
    BoolOp(Box<BoolOp>),
    NamedExpr(Box<NamedExpr>),
    BinOp(Box<BinOp>),
    UnaryOp(Box<UnaryOp>),
    Lambda(Box<Lambda>),
    IfExp(Box<IfExp>),
    Dict(Box<Dict>),
    Set(Box<Set>),
    ListComp(Box<ListComp>),
    SetComp(Box<SetComp>),
    DictComp(Box<DictComp>),
    GeneratorExp(Box<GeneratorExp>),
    Await(Box<Await>),
    Yield(Box<Yield>),
    YieldFrom(Box<YieldFrom>),
    Compare(Box<Compare>),
    Call(Box<Call>),
    FormattedValue(Box<FormattedValue>),
    JoinedStr(Box<JoinedStr>),
    Constant(Box<Constant>),
    Attribute(Box<Attribute>),
    Subscript(Box<Subscript>),
    Starred(Box<Starred>),
    Name(Box<Name>),
    List(Box<List>),
    Tuple(Box<Tuple>),
    Slice(Box<Slice>),
}

/// `BoolOp(boolop op, expr* values)`
#[ast]
#[json(span = "line_col")]
pub struct BoolOp {
    pub op: BoolOperator,
    pub values: Vec<Expr>,
}

/// `NamedExpr(expr target, expr value)`
#[ast]
#[json(span = "line_col")]
pub struct NamedExpr {
    pub target: Expr,
    pub value: Expr,
}

/// `BinOp(expr left, operator op, expr right)`
#[ast]
#[json(span = "line_col")]
pub struct BinOp {
    pub left: Expr,
    pub op: Operator,
    pub right: Expr,
}

/// `UnaryOp(unaryop op, expr operand)`
#[ast]
#[json(span = "line_col")]
pub struct UnaryOp {
    pub op: UnaryOperator,
    pub operand: Expr,
}

/// `Lambda(arguments args, expr body)`
#[ast]
#[json(span = "line_col")]
pub struct Lambda {
    pub args: Box<Arguments>,
    pub body: Expr,
}

/// `IfExp(expr test, expr body, expr orelse)`
#[ast]
#[json(span = "line_col")]
pub struct IfExp {
    pub test: Expr,
    pub body: Expr,
    pub orelse: Expr,
}

/// `Dict(expr* keys, expr* values)`
#[ast]
#[json(span = "line_col")]
pub struct Dict {
    pub keys: Vec<Option<Expr>>,
    pub values: Vec<Expr>,
}

/// `Set(expr* elts)`
#[ast]
#[json(span = "line_col")]
pub struct Set {
    pub elts: Vec<Expr>,
}

/// `ListComp(expr elt, comprehension* generators)`
#[ast]
#[json(span = "line_col")]
pub struct ListComp {
    pub elt: Expr,
    pub generators: Vec<Comprehension>,
}

/// `SetComp(expr elt, comprehension* generators)`
#[ast]
#[json(span = "line_col")]
pub struct SetComp {
    pub elt: Expr,
    pub generators: Vec<Comprehension>,
}

/// `DictComp(expr key, expr value, comprehension* generators)`
#[ast]
#[json(span = "line_col")]
pub struct DictComp {
    pub key: Expr,
    pub value: Expr,
    pub generators: Vec<Comprehension>,
}

/// `GeneratorExp(expr elt, comprehension* generators)`
#[ast]
#[json(span = "line_col")]
pub struct GeneratorExp {
    pub elt: Expr,
    pub generators: Vec<Comprehension>,
}

/// `Await(expr value)`
#[ast]
#[json(span = "line_col")]
pub struct Await {
    pub value: Expr,
}

/// `Yield(expr? value)`
#[ast]
#[json(span = "line_col")]
pub struct Yield {
    pub value: Option<Expr>,
}

/// `YieldFrom(expr value)`
#[ast]
#[json(span = "line_col")]
pub struct YieldFrom {
    pub value: Expr,
}

/// `Compare(expr left, cmpop* ops, expr* comparators)`
#[ast]
#[json(span = "line_col")]
pub struct Compare {
    pub left: Expr,
    pub ops: Vec<CmpOperator>,
    pub comparators: Vec<Expr>,
}

/// `Call(expr func, expr* args, keyword* keywords)`
#[ast]
#[json(span = "line_col")]
pub struct Call {
    pub func: Expr,
    pub args: Vec<Expr>,
    pub keywords: Vec<Keyword>,
}

/// `FormattedValue(expr value, int conversion, expr? format_spec)`
#[ast]
#[json(span = "line_col")]
pub struct FormattedValue {
    pub value: Expr,
    pub conversion: i64,
    pub format_spec: Option<Expr>,
}

/// `JoinedStr(expr* values)`
#[ast]
#[json(span = "line_col")]
pub struct JoinedStr {
    pub values: Vec<Expr>,
}

/// `Constant(constant value, string? kind)`
#[ast]
#[json(span = "line_col")]
pub struct Constant {
    pub value: ConstantValue,
    pub kind: Option<String>,
}

/// `Attribute(expr value, identifier attr, expr_context ctx)`
#[ast]
#[json(span = "line_col")]
pub struct Attribute {
    pub value: Expr,
    pub attr: String,
    pub ctx: ExprContext,
}

/// `Subscript(expr value, expr slice, expr_context ctx)`
#[ast]
#[json(span = "line_col")]
pub struct Subscript {
    pub value: Expr,
    pub slice: Expr,
    pub ctx: ExprContext,
}

/// `Starred(expr value, expr_context ctx)`
#[ast]
#[json(span = "line_col")]
pub struct Starred {
    pub value: Expr,
    pub ctx: ExprContext,
}

/// `Name(identifier id, expr_context ctx)`
#[ast]
#[json(span = "line_col")]
pub struct Name {
    pub id: String,
    pub ctx: ExprContext,
}

/// `List(expr* elts, expr_context ctx)`
#[ast]
#[json(span = "line_col")]
pub struct List {
    pub elts: Vec<Expr>,
    pub ctx: ExprContext,
}

/// `Tuple(expr* elts, expr_context ctx)`
#[ast]
#[json(span = "line_col")]
pub struct Tuple {
    pub elts: Vec<Expr>,
    pub ctx: ExprContext,
}

/// `Slice(expr? lower, expr? upper, expr? step)`
#[ast]
#[json(span = "line_col")]
pub struct Slice {
    pub lower: Option<Expr>,
    pub upper: Option<Expr>,
    pub step: Option<Expr>,
}

/// The `pattern` sum of the ASDL grammar.
#[ast]
#[json(untagged)]
pub enum Pattern {
    MatchValue(Box<MatchValue>),
    MatchSingleton(Box<MatchSingleton>),
    MatchSequence(Box<MatchSequence>),
    MatchMapping(Box<MatchMapping>),
    MatchClass(Box<MatchClass>),
    MatchStar(Box<MatchStar>),
    MatchAs(Box<MatchAs>),
    MatchOr(Box<MatchOr>),
}

/// `MatchValue(expr value)`
#[ast]
#[json(span = "line_col")]
pub struct MatchValue {
    pub value: Expr,
}

/// `MatchSingleton(constant value)`
#[ast]
#[json(span = "line_col")]
pub struct MatchSingleton {
    pub value: ConstantValue,
}

/// `MatchSequence(pattern* patterns)`
#[ast]
#[json(span = "line_col")]
pub struct MatchSequence {
    pub patterns: Vec<Pattern>,
}

/// `MatchMapping(expr* keys, pattern* patterns, identifier? rest)`
#[ast]
#[json(span = "line_col")]
pub struct MatchMapping {
    pub keys: Vec<Expr>,
    pub patterns: Vec<Pattern>,
    pub rest: Option<String>,
}

/// `MatchClass(expr cls, pattern* patterns, identifier* kwd_attrs, pattern* kwd_patterns)`
#[ast]
#[json(span = "line_col")]
pub struct MatchClass {
    pub cls: Expr,
    pub patterns: Vec<Pattern>,
    pub kwd_attrs: Vec<String>,
    pub kwd_patterns: Vec<Pattern>,
}

/// `MatchStar(identifier? name)`
#[ast]
#[json(span = "line_col")]
pub struct MatchStar {
    pub name: Option<String>,
}

/// `MatchAs(pattern? pattern, identifier? name)`
#[ast]
#[json(span = "line_col")]
pub struct MatchAs {
    pub pattern: Option<Pattern>,
    pub name: Option<String>,
}

/// `MatchOr(pattern* patterns)`
#[ast]
#[json(span = "line_col")]
pub struct MatchOr {
    pub patterns: Vec<Pattern>,
}

/// `ExceptHandler(expr? type, identifier? name, stmt* body)`
#[ast]
#[json(span = "line_col")]
pub struct ExceptHandler {
    pub r#type: Option<Expr>,
    pub name: Option<String>,
    pub body: Vec<Stmt>,
}

/// `TypeIgnore(int lineno, string tag)`
#[ast]
pub struct TypeIgnore {
    pub lineno: i64,
    pub tag: String,
}

/// `comprehension(expr target, expr iter, expr* ifs, int is_async)`
#[ast]
#[json(rename = "comprehension")]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    pub is_async: i64,
}

/// `arguments(arg* posonlyargs, arg* args, arg? vararg, arg* kwonlyargs, expr* kw_defaults, arg? kwarg, expr* defaults)`
#[ast]
#[json(rename = "arguments")]
pub struct Arguments {
    pub posonlyargs: Vec<Arg>,
    pub args: Vec<Arg>,
    pub vararg: Option<Box<Arg>>,
    pub kwonlyargs: Vec<Arg>,
    pub kw_defaults: Vec<Option<Expr>>,
    pub kwarg: Option<Box<Arg>>,
    pub defaults: Vec<Expr>,
}

/// `arg(identifier arg, expr? annotation, string? type_comment)`
#[ast]
#[json(rename = "arg", span = "line_col")]
pub struct Arg {
    pub arg: String,
    pub annotation: Option<Expr>,
    pub type_comment: Option<String>,
}

/// `keyword(identifier? arg, expr value)`
#[ast]
#[json(rename = "keyword", span = "line_col")]
pub struct Keyword {
    pub arg: Option<String>,
    pub value: Expr,
}

/// `alias(identifier name, identifier? asname)`
#[ast]
#[json(rename = "alias", span = "line_col")]
pub struct Alias {
    pub name: String,
    pub asname: Option<String>,
}

/// `withitem(expr context_expr, expr? optional_vars)`
#[ast]
#[json(rename = "withitem")]
pub struct WithItem {
    pub context_expr: Expr,
    pub optional_vars: Option<Expr>,
}

/// `match_case(pattern pattern, expr? guard, stmt* body)`
#[ast]
#[json(rename = "match_case")]
pub struct MatchCase {
    pub pattern: Pattern,
    pub guard: Option<Expr>,
    pub body: Vec<Stmt>,
}

/// The `expr_context` sum of the ASDL grammar: fieldless constructors.
#[ast]
#[json(tag = "_type")]
pub enum ExprContext {
    Load,
    Store,
    Del,
}

/// The `boolop` sum of the ASDL grammar: fieldless constructors.
#[ast]
#[json(tag = "_type")]
pub enum BoolOperator {
    And,
    Or,
}

/// The `operator` sum of the ASDL grammar: fieldless constructors.
#[ast]
#[json(tag = "_type")]
pub enum Operator {
    Add,
    Sub,
    Mult,
    MatMult,
    Div,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
    FloorDiv,
}

/// The `unaryop` sum of the ASDL grammar: fieldless constructors.
#[ast]
#[json(tag = "_type")]
pub enum UnaryOperator {
    Invert,
    Not,
    UAdd,
    USub,
}

/// The `cmpop` sum of the ASDL grammar: fieldless constructors.
#[ast]
#[json(tag = "_type")]
pub enum CmpOperator {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

/// The value of a `Constant` (and of a `MatchSingleton`): what CPython's parser puts there, written to JSON as the
/// bridge script writes it (`null`, `true`, numbers and strings as themselves, the rest as one-key objects).
#[ast]
pub enum ConstantValue {
    /// `None`.
    #[json(untagged)]
    None,
    /// `True` / `False`.
    #[json(untagged)]
    Bool(bool),
    /// An `int` of magnitude at most 2^53.
    #[json(untagged)]
    Int(i64),
    /// A larger `int`, in decimal.
    #[json(rename = "_int")]
    BigInt(String),
    /// A `float`.
    #[json(untagged)]
    Float(FloatValue),
    /// A `complex`: its real and imaginary parts.
    #[json(rename = "_complex")]
    Complex(Vec<FloatValue>),
    /// A `str`.
    #[json(untagged)]
    Str(String),
    /// A `bytes`.
    #[json(rename = "_bytes", with = "hex")]
    Bytes(Vec<u8>),
    /// `...` (JSON `{"_ellipsis": true}`).
    #[json(rename = "_ellipsis", content = "true")]
    Ellipsis,
}

/// A Python `float`: finite, or one that JSON has no number for.
#[ast]
pub enum FloatValue {
    /// A finite float.
    #[json(untagged)]
    Finite(f64),
    /// `inf`, `-inf` or `nan`.
    #[json(rename = "_float")]
    NonFinite(String),
}
