use ast_macros::ast;

#[ast]
pub enum Value {
    Number(Box<f64>),
}

fn main() {}
