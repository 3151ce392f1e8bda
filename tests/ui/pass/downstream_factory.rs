// The supported way to make another crate's `#[ast]` nodes: its constructor functions. IDs and spans are read
// through `GetNodeId` / `GetSpan`, on structs and (by delegation) on enums.
use ast_runtime::{GetNodeId, GetSpan, NodeId, Span};
use downstream_nodes::{Expr, NodeFactory, Op};

fn main() {
    let mut factory = NodeFactory::new();
    let left = Expr::Number(Box::new(factory.number(Span::new(0, 1), 1.0)));
    let right = Expr::Name(Box::new(factory.name(Span::new(4, 5), "x")));
    let sum = factory.binary(Span::new(0, 5), Op::Add, left, right);
    assert_eq!(sum.node_id(), NodeId::from_u32(2));
    assert_eq!(sum.span(), Span::new(0, 5));
    assert_eq!(sum.left.node_id(), NodeId::from_u32(0));
    assert_eq!(sum.right.span(), Span::new(4, 5));
    assert_eq!(sum.op, Op::Add);
    assert_eq!(factory.node_count(), 3);
}
