use ast_macros::ast;
use ast_runtime::{NodeId, Span};

#[ast]
pub struct Foo(pub NodeId, pub Span);

fn main() {}
