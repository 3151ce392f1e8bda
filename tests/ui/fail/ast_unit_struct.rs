use ast_macros::ast;

#[ast]
pub struct Foo;

fn main() {}
