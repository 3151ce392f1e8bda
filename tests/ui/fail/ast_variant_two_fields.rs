use ast_macros::ast;
use ast_runtime::{NodeId, Span};

#[ast]
pub struct Leaf {
    node_id: NodeId,
    pub span: Span,
}

#[ast]
pub enum Pair {
    One(Box<Leaf>),
    Two(Box<Leaf>, Box<Leaf>),
}

fn main() {}
