use ast_macros::ast;
use ast_runtime::NodeId;

#[ast]
pub struct Foo {
    node_id: NodeId,
    pub name: String,
}

fn main() {}
