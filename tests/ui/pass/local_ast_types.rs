// `#[ast]` in the crate that defines the types: struct literals and `node_id` work here, generics are kept, and
// the impls come out for structs, node enums and nested node enums.
use ast_macros::ast;
use ast_runtime::{GetNodeId, GetSpan, NodeId, Span};

/// A documented node with its fields in any order.
#[ast]
#[derive(Debug)]
pub struct Word<'a, T: Copy> {
    pub span: Span,
    pub text: &'a str,
    pub extra: T,
    node_id: NodeId,
}

#[ast]
pub struct Gap {
    node_id: NodeId,
    pub span: Span,
}

#[ast]
pub enum Inner<'a> {
    Word(Box<Word<'a, u8>>),
    Gap(Gap),
}

#[ast]
pub enum Outer<'a> {
    Inner(Inner<'a>),
}

#[ast]
#[derive(PartialOrd)]
pub enum Kind {
    Short,
    Long = 7,
}

/// A value enum whose variants carry values: `#[ast]` gives it the derives the generator gives such enums.
#[ast]
pub enum Constant {
    None,
    Int(String),
    Float(f64),
    Bytes(Vec<u8>),
}

fn main() {
    let word = Word { node_id: NodeId::from_u32(3), span: Span::new(1, 2), text: "a", extra: 0u8 };
    assert_eq!((word.node_id(), word.span(), word.text, word.extra), (NodeId::from_u32(3), Span::new(1, 2), "a", 0));
    let outer = Outer::Inner(Inner::Word(Box::new(word)));
    assert_eq!(outer.node_id(), NodeId::from_u32(3));
    let gap = Outer::Inner(Inner::Gap(Gap { node_id: NodeId::from_u32(4), span: Span::new(5, 5) }));
    assert_eq!((gap.node_id(), gap.span()), (NodeId::from_u32(4), Span::new(5, 5)));
    assert!(Kind::Short < Kind::Long);
    assert_eq!(Kind::Long as u8, 7);
    let constant = Constant::Int("1".into());
    assert_eq!(constant.clone(), constant);
    assert_ne!(Constant::Float(1.0), Constant::None);
    assert_eq!(format!("{:?}", Constant::Bytes(vec![1])), "Bytes([1])");
}
