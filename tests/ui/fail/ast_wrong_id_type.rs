use ast_macros::ast;
use ast_runtime::Span;

#[ast]
pub struct Foo {
    node_id: u32,
    pub span: Span,
}

fn main() {}
