use ast_macros::ast;
use ast_runtime::{NodeId, Span};

#[ast]
pub struct Leaf {
    node_id: NodeId,
    pub span: Span,
}

#[ast]
pub enum Value {
    Leaf(Box<Leaf>),
    Number(Box<f64>),
}

fn main() {}
