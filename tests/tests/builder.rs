//! The builder hands out dense IDs in construction order; `renumber` makes them preorder, root = 0.

use es5_ast::{AstNodeBuilder, BinaryOperator, Expression, GetNodeId, GetSpan, NodeIdVec, SourceType, Span, Statement};

/// `a + b;` built bottom-up, as a parser would.
fn build_a_plus_b(b: &mut AstNodeBuilder) -> es5_ast::Program {
    let left = b.expression_identifier(Span::new(0, 1), "a".into());
    let right = b.expression_identifier(Span::new(4, 5), "b".into());
    let sum = b.expression_binary(Span::new(0, 5), BinaryOperator::Addition, left, right);
    let stmt = b.statement_expression(Span::new(0, 6), sum, None);
    b.program(Span::new(0, 6), vec![stmt], SourceType::Script)
}

fn ids(program: &es5_ast::Program) -> Vec<u32> {
    let Statement::Expression(stmt) = &program.body[0] else { panic!("not an expression statement") };
    let Expression::Binary(sum) = &stmt.expression else { panic!("not a binary expression") };
    vec![
        program.node_id().as_u32(),
        stmt.node_id().as_u32(),
        sum.node_id().as_u32(),
        sum.left.node_id().as_u32(),
        sum.right.node_id().as_u32(),
    ]
}

#[test]
fn ids_are_dense_in_construction_order() {
    let mut b = AstNodeBuilder::new();
    let program = build_a_plus_b(&mut b);
    assert_eq!(b.node_count(), 5);
    assert_eq!(ids(&program), [4, 3, 2, 0, 1]);
}

#[test]
fn renumber_gives_preorder_ids_from_zero() {
    let mut b = AstNodeBuilder::new();
    let mut program = build_a_plus_b(&mut b);
    assert_eq!(b.renumber(&mut program), 5);
    assert_eq!(ids(&program), [0, 1, 2, 3, 4]);
    assert_eq!(b.node_count(), 5);
    // A side table sized by the node count covers every node.
    let mut table = NodeIdVec::with_len(b.node_count(), Span::default());
    for id in ids(&program) {
        table[es5_ast::NodeId::from_u32(id)] = program.span();
    }
    assert_eq!(table.len(), 5);
}

#[test]
fn enum_delegates_id_and_span_to_its_variant() {
    let mut b = AstNodeBuilder::new();
    let expr = b.expression_numeric_literal(Span::new(3, 5), 42.0, "42".into());
    assert_eq!(expr.node_id().as_u32(), 0);
    assert_eq!(expr.span(), Span::new(3, 5));
    let this = b.boxed_this_expression(Span::new(0, 4));
    let kind = es5_ast::AstKind::from(&*this);
    assert_eq!(kind.kind(), es5_ast::NodeKind::ThisExpression);
    assert_eq!(kind.node_id().as_u32(), 1);
}
