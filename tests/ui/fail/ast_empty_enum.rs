use ast_macros::ast;

#[ast]
pub enum Never {}

fn main() {}
