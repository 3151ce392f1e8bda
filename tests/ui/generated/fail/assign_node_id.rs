// A generated node's ID cannot be overwritten outside `es5_ast`: `node_id` is `pub(crate)`.
use es5_ast::{AstNodeBuilder, NodeId, Span};

fn main() {
    let mut builder = AstNodeBuilder::new();
    let mut identifier = builder.identifier(Span::new(0, 1), "x".to_owned());
    identifier.node_id = NodeId::from_u32(7);
}
