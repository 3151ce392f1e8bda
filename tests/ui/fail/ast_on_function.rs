use ast_macros::ast;

#[ast]
pub fn foo() {}

fn main() {}
