use ast_macros::ast;
use ast_runtime::{NodeId, Span};

#[ast]
pub struct Leaf {
    node_id: NodeId,
    pub span: Span,
}

#[ast]
pub enum Tree {
    Leaf(Box<Leaf>),
    Branch { left: Box<Leaf>, right: Box<Leaf> },
}

fn main() {}
