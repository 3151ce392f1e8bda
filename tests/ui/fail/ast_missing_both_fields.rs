// Every broken rule of an item is reported at once, each at its own place.
use ast_macros::ast;

#[ast]
pub struct Foo {
    pub name: String,
}

#[ast]
pub enum Bar {
    Foo(Box<Foo>, u8),
    Baz { foo: Box<Foo> },
}

fn main() {}
