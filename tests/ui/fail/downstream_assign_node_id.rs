// `Name` declares `pub node_id`, but `#[ast]` makes it `pub(crate)`: another crate cannot overwrite an ID.
use ast_runtime::{NodeId, Span};

fn main() {
    let mut name = downstream_nodes::NodeFactory::new().name(Span::new(0, 1), "x");
    name.node_id = NodeId::from_u32(7);
}
