// Even functional update syntax (`..other`) cannot build a generated node outside `es5_ast`: that would copy the
// other node's ID.
use es5_ast::{AstNodeBuilder, Span};

fn main() {
    let mut builder = AstNodeBuilder::new();
    let first = builder.identifier(Span::new(0, 1), "x".to_owned());
    let _ = es5_ast::Identifier { name: "y".to_owned(), ..first };
}
