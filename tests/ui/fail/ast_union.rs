use ast_macros::ast;

#[ast]
pub union Foo {
    pub a: u32,
    pub b: f32,
}

fn main() {}
