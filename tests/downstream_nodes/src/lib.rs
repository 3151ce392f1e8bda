//! Hand-written node types of a toy expression language, marked `#[ast]`, as a downstream crate would write them.
//!
//! The compile-fail tests (`tests/tests/compile_fail.rs`) use this crate from *another* crate, because
//! `#[non_exhaustive]` and the `pub(crate)` `node_id` only forbid struct literals and ID assignment outside the
//! crate that defines the type. Nodes are made with [`NodeFactory`], which hands out dense IDs.

use ast_macros::ast;
use ast_runtime::{NodeId, Span};

/// A number literal. `node_id` is declared last on purpose: `#[ast]` moves it first.
#[ast]
#[derive(Debug, PartialEq)]
pub struct Number {
    /// Where the literal is.
    pub span: Span,
    /// Its value.
    pub value: f64,
    /// Its ID, handed out by [`NodeFactory`].
    node_id: NodeId,
}

/// A variable reference.
#[ast]
#[derive(Debug, PartialEq)]
pub struct Name {
    /// Its ID, handed out by [`NodeFactory`].
    pub node_id: NodeId,
    /// Where the name is.
    pub span: Span,
    /// The name.
    pub name: String,
}

/// `left op right`.
#[ast]
#[derive(Debug, PartialEq)]
pub struct Binary {
    /// Its ID, handed out by [`NodeFactory`].
    node_id: NodeId,
    /// Where the whole expression is.
    pub span: Span,
    /// The operator.
    pub op: Op,
    /// The left operand.
    pub left: Expr,
    /// The right operand.
    pub right: Expr,
}

/// A node struct with a generic payload, to show that `#[ast]` keeps generic parameters.
#[ast]
#[derive(Debug, PartialEq)]
pub struct Annotated<T> {
    /// Its ID, handed out by [`NodeFactory`].
    node_id: NodeId,
    /// Where the annotated node is.
    pub span: Span,
    /// The annotation.
    pub note: T,
}

/// Any expression: each variant holds one node, so `#[ast]` implements `GetNodeId` / `GetSpan` by delegation.
#[ast]
#[derive(Debug, PartialEq)]
pub enum Expr {
    /// A literal.
    Number(Box<Number>),
    /// A reference.
    Name(Box<Name>),
    /// An operation.
    Binary(Box<Binary>),
}

/// A binary operator: a fieldless enum, so `#[ast]` makes it a `#[repr(u8)]` leaf value with the usual derives.
#[ast]
pub enum Op {
    /// `+`
    Add,
    /// `*`
    Mul,
}

/// Makes nodes with dense IDs, counting from 0: the only way to build this crate's nodes from another crate.
#[derive(Debug, Default)]
pub struct NodeFactory {
    next: u32,
}

impl NodeFactory {
    /// A factory whose first node gets `NodeId(0)`.
    pub fn new() -> Self {
        NodeFactory::default()
    }

    /// How many nodes were made.
    pub fn node_count(&self) -> usize {
        self.next as usize
    }

    fn next_id(&mut self) -> NodeId {
        let id = NodeId::from_u32(self.next);
        self.next += 1;
        id
    }

    /// A number literal.
    pub fn number(&mut self, span: Span, value: f64) -> Number {
        Number { node_id: self.next_id(), span, value }
    }

    /// A variable reference.
    pub fn name(&mut self, span: Span, name: impl Into<String>) -> Name {
        Name { node_id: self.next_id(), span, name: name.into() }
    }

    /// `left op right`.
    pub fn binary(&mut self, span: Span, op: Op, left: Expr, right: Expr) -> Binary {
        Binary { node_id: self.next_id(), span, op, left, right }
    }

    /// An annotated node.
    pub fn annotated<T>(&mut self, span: Span, note: T) -> Annotated<T> {
        Annotated { node_id: self.next_id(), span, note }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ast_runtime::{GetNodeId, GetSpan};

    #[test]
    fn node_id_is_moved_first_in_a_c_layout() {
        assert_eq!(std::mem::offset_of!(Number, node_id), 0);
        assert_eq!(std::mem::offset_of!(Number, span), 4);
        assert_eq!(std::mem::offset_of!(Binary, node_id), 0);
    }

    #[test]
    fn enum_delegates_id_and_span_to_its_node() {
        let mut factory = NodeFactory::new();
        let left = Expr::Number(Box::new(factory.number(Span::new(0, 1), 1.0)));
        let right = Expr::Name(Box::new(factory.name(Span::new(4, 5), "x")));
        assert_eq!((left.node_id(), left.span()), (NodeId::from_u32(0), Span::new(0, 1)));
        assert_eq!((right.node_id(), right.span()), (NodeId::from_u32(1), Span::new(4, 5)));
        let sum = Expr::Binary(Box::new(factory.binary(Span::new(0, 5), Op::Add, left, right)));
        assert_eq!((sum.node_id(), sum.span()), (NodeId::from_u32(2), Span::new(0, 5)));
        assert_eq!(factory.node_count(), 3);
    }

    #[test]
    fn value_enum_is_a_one_byte_copy_value() {
        let op = Op::Mul;
        let copy = op;
        assert_eq!(op, copy);
        assert_eq!(std::mem::size_of::<Op>(), 1);
        assert_eq!(Op::Mul as u8, 1);
    }

    #[test]
    fn generic_node_keeps_its_parameter() {
        let annotated = NodeFactory::new().annotated(Span::new(2, 3), "note");
        assert_eq!((annotated.node_id(), annotated.span(), annotated.note), (NodeId::ROOT, Span::new(2, 3), "note"));
    }
}
