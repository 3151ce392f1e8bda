// `#[ast]` makes the struct `#[non_exhaustive]` (and `node_id` `pub(crate)`): another crate cannot build it with
// a struct literal, only with the defining crate's constructors.
use ast_runtime::{NodeId, Span};

fn main() {
    let _ = downstream_nodes::Name { node_id: NodeId::from_u32(0), span: Span::new(0, 1), name: "x".to_owned() };
}
