use ast_macros::ast;
use ast_runtime::{NodeId, Span};

#[ast(visit = false)]
pub struct Foo {
    node_id: NodeId,
    pub span: Span,
}

fn main() {}
