use ast_macros::ast;
use ast_runtime::{NodeId, Span};

#[ast]
pub struct Foo {
    pub id: NodeId,
    pub span: Span,
}

fn main() {}
