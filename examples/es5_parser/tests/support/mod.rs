//! Test support: a small hand-written ESTree JSON serializer (as `serde_json::Value`) used only to compare the
//! parser's trees with acorn's, and a loose JSON comparison (numbers compared as `f64`).
//!
//! The product's ESTree writer is generated (`es5_ast::estree`); this one exists so the parser's conformance tests
//! do not depend on it and so a failure points at the parser, not the writer.
#![allow(dead_code)]

use es5_ast::*;
use serde_json::{Map, Value, json};

/// Converts byte offsets to UTF-16 offsets.
pub struct Offsets {
    utf16: Vec<u32>,
}

impl Offsets {
    pub fn new(src: &str) -> Self {
        let mut utf16 = vec![0u32; src.len() + 1];
        let mut units = 0u32;
        for (i, c) in src.char_indices() {
            for b in 0..c.len_utf8() {
                utf16[i + b] = units;
            }
            units += c.len_utf16() as u32;
        }
        utf16[src.len()] = units;
        Offsets { utf16 }
    }
    fn at(&self, byte: u32) -> u32 {
        self.utf16[byte as usize]
    }
}

pub fn program_to_json(src: &str, p: &Program) -> Value {
    let w = W { o: Offsets::new(src) };
    let mut m = w.node("Program", p.span);
    m.insert("body".into(), Value::Array(p.body.iter().map(|s| w.stmt(s)).collect()));
    m.insert("sourceType".into(), json!("script"));
    Value::Object(m)
}

struct W {
    o: Offsets,
}

fn num(v: f64) -> Value {
    serde_json::Number::from_f64(v).map(Value::Number).unwrap_or(Value::Null)
}

impl W {
    fn node(&self, ty: &str, span: Span) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("type".into(), json!(ty));
        m.insert("start".into(), json!(self.o.at(span.start)));
        m.insert("end".into(), json!(self.o.at(span.end)));
        m
    }
    fn obj(m: Map<String, Value>) -> Value {
        Value::Object(m)
    }
    fn ident(&self, id: &Identifier) -> Value {
        let mut m = self.node("Identifier", id.span);
        m.insert("name".into(), json!(id.name));
        Self::obj(m)
    }
    fn opt_ident(&self, id: &Option<Identifier>) -> Value {
        id.as_ref().map_or(Value::Null, |i| self.ident(i))
    }
    fn block(&self, b: &BlockStatement) -> Value {
        let mut m = self.node("BlockStatement", b.span);
        m.insert("body".into(), Value::Array(b.body.iter().map(|s| self.stmt(s)).collect()));
        Self::obj(m)
    }
    fn var_decl(&self, d: &VariableDeclaration) -> Value {
        let mut m = self.node("VariableDeclaration", d.span);
        let decls = d
            .declarations
            .iter()
            .map(|x| {
                let mut dm = self.node("VariableDeclarator", x.span);
                dm.insert("id".into(), self.ident(&x.id));
                dm.insert("init".into(), x.init.as_ref().map_or(Value::Null, |e| self.expr(e)));
                Self::obj(dm)
            })
            .collect();
        m.insert("declarations".into(), Value::Array(decls));
        m.insert("kind".into(), json!("var"));
        Self::obj(m)
    }
    fn func(&self, ty: &str, span: Span, id: Value, params: &[Identifier], body: &BlockStatement) -> Value {
        let mut m = self.node(ty, span);
        m.insert("id".into(), id);
        m.insert("params".into(), Value::Array(params.iter().map(|p| self.ident(p)).collect()));
        m.insert("body".into(), self.block(body));
        // acorn sets `expression: false` on every non-arrow function, ES5 included.
        m.insert("expression".into(), json!(false));
        Self::obj(m)
    }
    fn opt_stmt(&self, s: &Option<Statement>) -> Value {
        s.as_ref().map_or(Value::Null, |s| self.stmt(s))
    }
    fn opt_expr(&self, e: &Option<Expression>) -> Value {
        e.as_ref().map_or(Value::Null, |e| self.expr(e))
    }
    fn stmt(&self, s: &Statement) -> Value {
        match s {
            Statement::Expression(x) => {
                let mut m = self.node("ExpressionStatement", x.span);
                m.insert("expression".into(), self.expr(&x.expression));
                if let Some(d) = &x.directive {
                    m.insert("directive".into(), json!(d));
                }
                Self::obj(m)
            }
            Statement::Block(b) => self.block(b),
            Statement::Empty(x) => Self::obj(self.node("EmptyStatement", x.span)),
            Statement::Debugger(x) => Self::obj(self.node("DebuggerStatement", x.span)),
            Statement::With(x) => {
                let mut m = self.node("WithStatement", x.span);
                m.insert("object".into(), self.expr(&x.object));
                m.insert("body".into(), self.stmt(&x.body));
                Self::obj(m)
            }
            Statement::Return(x) => {
                let mut m = self.node("ReturnStatement", x.span);
                m.insert("argument".into(), self.opt_expr(&x.argument));
                Self::obj(m)
            }
            Statement::Labeled(x) => {
                let mut m = self.node("LabeledStatement", x.span);
                m.insert("body".into(), self.stmt(&x.body));
                m.insert("label".into(), self.ident(&x.label));
                Self::obj(m)
            }
            Statement::Break(x) => {
                let mut m = self.node("BreakStatement", x.span);
                m.insert("label".into(), self.opt_ident(&x.label));
                Self::obj(m)
            }
            Statement::Continue(x) => {
                let mut m = self.node("ContinueStatement", x.span);
                m.insert("label".into(), self.opt_ident(&x.label));
                Self::obj(m)
            }
            Statement::If(x) => {
                let mut m = self.node("IfStatement", x.span);
                m.insert("test".into(), self.expr(&x.test));
                m.insert("consequent".into(), self.stmt(&x.consequent));
                m.insert("alternate".into(), self.opt_stmt(&x.alternate));
                Self::obj(m)
            }
            Statement::Switch(x) => {
                let mut m = self.node("SwitchStatement", x.span);
                m.insert("discriminant".into(), self.expr(&x.discriminant));
                let cases = x
                    .cases
                    .iter()
                    .map(|c| {
                        let mut cm = self.node("SwitchCase", c.span);
                        cm.insert(
                            "consequent".into(),
                            Value::Array(c.consequent.iter().map(|s| self.stmt(s)).collect()),
                        );
                        cm.insert("test".into(), self.opt_expr(&c.test));
                        Self::obj(cm)
                    })
                    .collect();
                m.insert("cases".into(), Value::Array(cases));
                Self::obj(m)
            }
            Statement::Throw(x) => {
                let mut m = self.node("ThrowStatement", x.span);
                m.insert("argument".into(), self.expr(&x.argument));
                Self::obj(m)
            }
            Statement::Try(x) => {
                let mut m = self.node("TryStatement", x.span);
                m.insert("block".into(), self.block(&x.block));
                m.insert(
                    "handler".into(),
                    x.handler.as_ref().map_or(Value::Null, |h| {
                        let mut hm = self.node("CatchClause", h.span);
                        hm.insert("param".into(), self.ident(&h.param));
                        hm.insert("body".into(), self.block(&h.body));
                        Self::obj(hm)
                    }),
                );
                m.insert("finalizer".into(), x.finalizer.as_ref().map_or(Value::Null, |f| self.block(f)));
                Self::obj(m)
            }
            Statement::While(x) => {
                let mut m = self.node("WhileStatement", x.span);
                m.insert("test".into(), self.expr(&x.test));
                m.insert("body".into(), self.stmt(&x.body));
                Self::obj(m)
            }
            Statement::DoWhile(x) => {
                let mut m = self.node("DoWhileStatement", x.span);
                m.insert("body".into(), self.stmt(&x.body));
                m.insert("test".into(), self.expr(&x.test));
                Self::obj(m)
            }
            Statement::For(x) => {
                let mut m = self.node("ForStatement", x.span);
                m.insert(
                    "init".into(),
                    match &x.init {
                        None => Value::Null,
                        Some(ForInit::VariableDeclaration(d)) => self.var_decl(d),
                        Some(ForInit::Expression(e)) => self.expr(e),
                    },
                );
                m.insert("test".into(), self.opt_expr(&x.test));
                m.insert("update".into(), self.opt_expr(&x.update));
                m.insert("body".into(), self.stmt(&x.body));
                Self::obj(m)
            }
            Statement::ForIn(x) => {
                let mut m = self.node("ForInStatement", x.span);
                m.insert(
                    "left".into(),
                    match &x.left {
                        ForInLeft::VariableDeclaration(d) => self.var_decl(d),
                        ForInLeft::Expression(e) => self.expr(e),
                    },
                );
                m.insert("right".into(), self.expr(&x.right));
                m.insert("body".into(), self.stmt(&x.body));
                Self::obj(m)
            }
            Statement::FunctionDeclaration(x) => {
                self.func("FunctionDeclaration", x.span, self.ident(&x.id), &x.params, &x.body)
            }
            Statement::VariableDeclaration(d) => self.var_decl(d),
        }
    }
    fn literal(&self, span: Span, value: Value, raw: &str) -> Value {
        let mut m = self.node("Literal", span);
        m.insert("value".into(), value);
        m.insert("raw".into(), json!(raw));
        Self::obj(m)
    }
    fn key(&self, k: &PropertyKey) -> Value {
        match k {
            PropertyKey::Identifier(i) => self.ident(i),
            PropertyKey::StringLiteral(s) => self.literal(s.span, json!(s.value), &s.raw),
            PropertyKey::NumericLiteral(n) => self.literal(n.span, num(n.value), &n.raw),
        }
    }
    fn binary(&self, ty: &str, span: Span, left: &Expression, op: &str, right: &Expression) -> Value {
        let mut m = self.node(ty, span);
        m.insert("left".into(), self.expr(left));
        m.insert("operator".into(), json!(op));
        m.insert("right".into(), self.expr(right));
        Self::obj(m)
    }
    fn expr(&self, e: &Expression) -> Value {
        match e {
            Expression::Identifier(i) => self.ident(i),
            Expression::StringLiteral(s) => self.literal(s.span, json!(s.value), &s.raw),
            Expression::NumericLiteral(n) => self.literal(n.span, num(n.value), &n.raw),
            Expression::BooleanLiteral(b) => {
                self.literal(b.span, json!(b.value), if b.value { "true" } else { "false" })
            }
            Expression::NullLiteral(n) => self.literal(n.span, Value::Null, "null"),
            Expression::RegExpLiteral(r) => {
                let mut m = self.node("Literal", r.span);
                m.insert("value".into(), json!({}));
                m.insert("raw".into(), json!(format!("/{}/{}", r.pattern, r.flags)));
                m.insert("regex".into(), json!({"pattern": r.pattern, "flags": r.flags}));
                Self::obj(m)
            }
            Expression::This(t) => Self::obj(self.node("ThisExpression", t.span)),
            Expression::Array(a) => {
                let mut m = self.node("ArrayExpression", a.span);
                m.insert("elements".into(), Value::Array(a.elements.iter().map(|e| self.opt_expr(e)).collect()));
                Self::obj(m)
            }
            Expression::Object(o) => {
                let mut m = self.node("ObjectExpression", o.span);
                let props = o
                    .properties
                    .iter()
                    .map(|p| {
                        let mut pm = self.node("Property", p.span);
                        pm.insert("key".into(), self.key(&p.key));
                        pm.insert("value".into(), self.expr(&p.value));
                        let kind = match p.kind {
                            PropertyKind::Init => "init",
                            PropertyKind::Get => "get",
                            PropertyKind::Set => "set",
                        };
                        pm.insert("kind".into(), json!(kind));
                        Self::obj(pm)
                    })
                    .collect();
                m.insert("properties".into(), Value::Array(props));
                Self::obj(m)
            }
            Expression::Function(f) => {
                self.func("FunctionExpression", f.span, self.opt_ident(&f.id), &f.params, &f.body)
            }
            Expression::Unary(u) => {
                let mut m = self.node("UnaryExpression", u.span);
                let op = match u.operator {
                    UnaryOperator::Minus => "-",
                    UnaryOperator::Plus => "+",
                    UnaryOperator::LogicalNot => "!",
                    UnaryOperator::BitwiseNot => "~",
                    UnaryOperator::Typeof => "typeof",
                    UnaryOperator::Void => "void",
                    UnaryOperator::Delete => "delete",
                };
                m.insert("operator".into(), json!(op));
                m.insert("prefix".into(), json!(true));
                m.insert("argument".into(), self.expr(&u.argument));
                Self::obj(m)
            }
            Expression::Update(u) => {
                let mut m = self.node("UpdateExpression", u.span);
                let op = if u.operator == UpdateOperator::Increment { "++" } else { "--" };
                m.insert("operator".into(), json!(op));
                m.insert("prefix".into(), json!(u.prefix));
                m.insert("argument".into(), self.expr(&u.argument));
                Self::obj(m)
            }
            Expression::Binary(b) => {
                let op = match b.operator {
                    BinaryOperator::Equality => "==",
                    BinaryOperator::Inequality => "!=",
                    BinaryOperator::StrictEquality => "===",
                    BinaryOperator::StrictInequality => "!==",
                    BinaryOperator::LessThan => "<",
                    BinaryOperator::LessEqualThan => "<=",
                    BinaryOperator::GreaterThan => ">",
                    BinaryOperator::GreaterEqualThan => ">=",
                    BinaryOperator::ShiftLeft => "<<",
                    BinaryOperator::ShiftRight => ">>",
                    BinaryOperator::ShiftRightZeroFill => ">>>",
                    BinaryOperator::Addition => "+",
                    BinaryOperator::Subtraction => "-",
                    BinaryOperator::Multiplication => "*",
                    BinaryOperator::Division => "/",
                    BinaryOperator::Remainder => "%",
                    BinaryOperator::BitwiseOr => "|",
                    BinaryOperator::BitwiseXor => "^",
                    BinaryOperator::BitwiseAnd => "&",
                    BinaryOperator::In => "in",
                    BinaryOperator::Instanceof => "instanceof",
                };
                self.binary("BinaryExpression", b.span, &b.left, op, &b.right)
            }
            Expression::Logical(l) => {
                let op = if l.operator == LogicalOperator::Or { "||" } else { "&&" };
                self.binary("LogicalExpression", l.span, &l.left, op, &l.right)
            }
            Expression::Assignment(a) => {
                let op = match a.operator {
                    AssignmentOperator::Assign => "=",
                    AssignmentOperator::Addition => "+=",
                    AssignmentOperator::Subtraction => "-=",
                    AssignmentOperator::Multiplication => "*=",
                    AssignmentOperator::Division => "/=",
                    AssignmentOperator::Remainder => "%=",
                    AssignmentOperator::ShiftLeft => "<<=",
                    AssignmentOperator::ShiftRight => ">>=",
                    AssignmentOperator::ShiftRightZeroFill => ">>>=",
                    AssignmentOperator::BitwiseOr => "|=",
                    AssignmentOperator::BitwiseXor => "^=",
                    AssignmentOperator::BitwiseAnd => "&=",
                };
                self.binary("AssignmentExpression", a.span, &a.left, op, &a.right)
            }
            Expression::Member(x) => {
                let mut m = self.node("MemberExpression", x.span);
                m.insert("object".into(), self.expr(&x.object));
                m.insert("property".into(), self.expr(&x.property));
                m.insert("computed".into(), json!(x.computed));
                Self::obj(m)
            }
            Expression::Conditional(c) => {
                let mut m = self.node("ConditionalExpression", c.span);
                m.insert("test".into(), self.expr(&c.test));
                m.insert("consequent".into(), self.expr(&c.consequent));
                m.insert("alternate".into(), self.expr(&c.alternate));
                Self::obj(m)
            }
            Expression::Call(c) => {
                let mut m = self.node("CallExpression", c.span);
                m.insert("callee".into(), self.expr(&c.callee));
                m.insert("arguments".into(), Value::Array(c.arguments.iter().map(|a| self.expr(a)).collect()));
                Self::obj(m)
            }
            Expression::New(c) => {
                let mut m = self.node("NewExpression", c.span);
                m.insert("callee".into(), self.expr(&c.callee));
                m.insert("arguments".into(), Value::Array(c.arguments.iter().map(|a| self.expr(a)).collect()));
                Self::obj(m)
            }
            Expression::Sequence(s) => {
                let mut m = self.node("SequenceExpression", s.span);
                m.insert("expressions".into(), Value::Array(s.expressions.iter().map(|a| self.expr(a)).collect()));
                Self::obj(m)
            }
        }
    }
}

/// Compares two JSON values, numbers as `f64`; returns the path of the first difference.
pub fn json_diff(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x != y && !(x.is_nan() && y.is_nan())).then(|| format!("{path}: {x} != {y}"))
        }
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = json_diff(v, w, &format!("{path}.{k}")) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{path}.{k}: missing on the right")),
                }
            }
            y.keys().find(|k| !x.contains_key(*k)).map(|k| format!("{path}.{k}: missing on the left"))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path}: length {} != {}", x.len(), y.len()));
            }
            x.iter().zip(y).enumerate().find_map(|(i, (v, w))| json_diff(v, w, &format!("{path}[{i}]")))
        }
        _ => (a != b).then(|| format!("{path}: {a} != {b}")),
    }
}
