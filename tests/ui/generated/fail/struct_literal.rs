// Generated node structs are `#[non_exhaustive]` with a `pub(crate)` `node_id`: outside `es5_ast` a node can only
// be made with `AstNodeBuilder`, which hands out the IDs.
use es5_ast::{NodeId, Span};

fn main() {
    let _ = es5_ast::Identifier { node_id: NodeId::from_u32(0), span: Span::new(0, 1), name: "x".to_owned() };
}
