use ast_macros::ast;
use ast_runtime::Span;

#[ast]
pub struct Foo {
    pub span: Span,
}

fn main() {}
