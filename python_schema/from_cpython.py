"""Writes python_schema/src/lib.rs from the installed CPython's `ast` module (its ASDL signatures).

Run: python3 python_schema/from_cpython.py > python_schema/src/lib.rs

The mapping (also in the crate docs it writes):
- a sum type with several constructors (mod, stmt, expr, pattern) is an enum of nodes (`Stmt`, ...), each
  variant holding a boxed struct named after the constructor's class; a sum with one constructor
  (excepthandler, type_ignore) is that struct itself; a product type (arguments, keyword, ...) is a struct
  named in CamelCase (`Arguments`, `WithItem`, `MatchCase`);
- a sum of fieldless constructors (expr_context, boolop, operator, unaryop, cmpop) is a value enum; `BoolOp` and
  `UnaryOp` name expression classes, so those enums are `BoolOperator`, `UnaryOperator` (and `Operator`,
  `CmpOperator`, `ExprContext` alike);
- the statement class `Expr` is the struct `ExprStmt` (`Expr` is the enum of expressions);
- `identifier` and `string` are `String`, `int` is `i64`, `constant` is the value enum `ConstantValue`;
- `T*` is `Vec<T>`, `T?` is `Option<T>`; `Dict.keys` and `arguments.kw_defaults` hold `None` for `**x` and for
  keyword-only arguments without a default, so they are `Vec<Option<Expr>>`;
- positions (`lineno`, `col_offset`, `end_lineno`, `end_col_offset`) are the node's span.
"""
import ast
import re
import sys

DEPRECATED = {"Suite", "Num", "Str", "Bytes", "NameConstant", "Ellipsis", "AugLoad", "AugStore", "Param",
              "slice", "Index", "ExtSlice"}
NODE_SUMS = {"mod": "Mod", "stmt": "Stmt", "expr": "Expr", "pattern": "Pattern"}
VALUE_SUMS = {"expr_context": "ExprContext", "boolop": "BoolOperator", "operator": "Operator",
              "unaryop": "UnaryOperator", "cmpop": "CmpOperator"}
SINGLE_SUMS = {"excepthandler": "ExceptHandler", "type_ignore": "TypeIgnore"}
PRODUCTS = {"comprehension": "Comprehension", "arguments": "Arguments", "arg": "Arg", "keyword": "Keyword",
            "alias": "Alias", "withitem": "WithItem", "match_case": "MatchCase"}
STRUCT_RENAMES = {"Expr": "ExprStmt"}
LISTS_WITH_HOLES = {("Dict", "keys"), ("arguments", "kw_defaults")}
# Fields holding one struct boxed (large or recursive); others are held inline.
BOXED = {"Arguments", "Arg"}
KEYWORDS = {"type", "match", "async", "await", "yield", "in", "is", "as", "fn", "impl", "ref", "mod", "use"}


def signature(cls):
    doc = (cls.__doc__ or "").split("\n")[0]
    if "=" in doc.split("(")[0]:
        doc = doc.split("=", 1)[1].strip()
    match = re.fullmatch(r"(\w+)(?:\((.*)\))?", doc.strip())
    if not match:
        raise SystemExit(f"cannot read the signature of {cls.__name__}: {doc!r}")
    fields = []
    if match.group(2):
        for part in match.group(2).split(","):
            ty, name = part.strip().split(" ")
            fields.append((ty, name))
    return doc.strip(), fields


def rust_type(owner, name, ty):
    card = ""
    if ty[-1] in "*?":
        ty, card = ty[:-1], ty[-1]
    if ty in ("identifier", "string"):
        inner = "String"
    elif ty == "int":
        inner = "i64"
    elif ty == "constant":
        inner = "ConstantValue"
    elif ty in NODE_SUMS:
        inner = NODE_SUMS[ty]
    elif ty in VALUE_SUMS:
        inner = VALUE_SUMS[ty]
    elif ty in SINGLE_SUMS:
        inner = SINGLE_SUMS[ty]
    elif ty in PRODUCTS:
        inner = PRODUCTS[ty]
    else:
        raise SystemExit(f"unknown ASDL type {ty} in {owner}.{name}")
    if inner in BOXED and card != "*":
        inner = f"Box<{inner}>"
    if card == "*":
        if (owner, name) in LISTS_WITH_HOLES:
            return f"Vec<Option<{inner}>>"
        return f"Vec<{inner}>"
    if card == "?":
        return f"Option<{inner}>"
    return inner


def field_name(name):
    return f"r#{name}" if name in KEYWORDS else name


def struct(cls, rust_name, root=False):
    doc, fields = signature(cls)
    # The root says what every struct shares: the class name under `_type`, floats as `json.dumps` writes them.
    knobs = ['schema(tag = "_type", numbers = "python")'] if root else []
    if rust_name != cls.__name__:
        knobs.append(f'rename = "{cls.__name__}"')
    if cls._attributes:
        knobs.append('span = "line_col"')
    out = [f"/// `{doc}`", "#[ast]"]
    if knobs:
        out.append(f"#[json({', '.join(knobs)})]")
    if not fields:
        # As rustfmt writes it, so that `cargo fmt` leaves the file as this script writes it.
        return "\n".join(out + [f"pub struct {rust_name} {{}}"])
    out.append(f"pub struct {rust_name} {{")
    for ty, name in fields:
        out.append(f"    pub {field_name(name)}: {rust_type(cls.__name__, name, ty)},")
    out.append("}")
    return "\n".join(out)


def subclasses(cls):
    return [c for c in cls.__subclasses__() if c.__name__ not in DEPRECATED]


def main():
    items = []
    # The root first: `ast.parse` in "exec" mode gives a Module.
    mod_classes = subclasses(ast.mod)
    for index, cls in enumerate(mod_classes):
        items.append(struct(cls, STRUCT_RENAMES.get(cls.__name__, cls.__name__), root=index == 0))
    for sum_name, enum_name in NODE_SUMS.items():
        base = getattr(ast, sum_name)
        classes = subclasses(base)
        variants = "\n".join(
            f"    {c.__name__}(Box<{STRUCT_RENAMES.get(c.__name__, c.__name__)}>)," for c in classes)
        items.append(f"/// The `{sum_name}` sum of the ASDL grammar.\n#[ast]\n#[json(untagged)]\npub enum {enum_name} {{\n{variants}\n}}")
        if sum_name != "mod":
            for cls in classes:
                items.append(struct(cls, STRUCT_RENAMES.get(cls.__name__, cls.__name__)))
    for sum_name, struct_name in SINGLE_SUMS.items():
        (cls,) = subclasses(getattr(ast, sum_name))
        items.append(struct(cls, struct_name))
    for product, struct_name in PRODUCTS.items():
        items.append(struct(getattr(ast, product), struct_name))
    for sum_name, enum_name in VALUE_SUMS.items():
        base = getattr(ast, sum_name)
        variants = "\n".join(f"    {c.__name__}," for c in subclasses(base))
        items.append(f"/// The `{sum_name}` sum of the ASDL grammar: fieldless constructors.\n#[ast]\n#[json(tag = \"_type\")]\npub enum {enum_name} {{\n{variants}\n}}")
    items.append(CONSTANT)
    version = sys.version.split()[0]
    print(HEADER.format(version=version))
    print("\n\n".join(items))


HEADER = '''//! Python's abstract syntax tree as CPython {version}'s `ast` module defines it (its ASDL grammar), declared once
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
'''

CONSTANT = '''/// The value of a `Constant` (and of a `MatchSingleton`): what CPython's parser puts there, written to JSON as the
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
}'''

if __name__ == "__main__":
    main()
