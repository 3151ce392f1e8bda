// The supported way to make generated nodes: `AstNodeBuilder`, which gives every node a fresh ID; IDs and spans
// are read through `GetNodeId` / `GetSpan`.
use es5_ast::{AstNodeBuilder, BinaryOperator, Expression, GetNodeId, GetSpan, NodeId, SourceType, Span, Statement};

fn main() {
    let mut b = AstNodeBuilder::new();
    let left = b.expression_identifier(Span::new(0, 1), "a".to_owned());
    let right = b.expression_identifier(Span::new(4, 5), "b".to_owned());
    let sum: Expression = b.expression_binary(Span::new(0, 5), BinaryOperator::Addition, left, right);
    let statement: Statement = b.statement_expression(Span::new(0, 6), sum, None);
    let mut program = b.program(Span::new(0, 6), vec![statement], SourceType::Script);
    assert_eq!(b.node_count(), 5);
    assert_eq!(program.span(), Span::new(0, 6));
    assert_eq!(b.renumber(&mut program), 5);
    assert_eq!(program.node_id(), NodeId::ROOT);
    let boxed = b.boxed_identifier(Span::new(7, 8), "c".to_owned());
    assert_eq!(boxed.span(), Span::new(7, 8));
}
