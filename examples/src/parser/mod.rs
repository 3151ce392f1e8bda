//! A complete ES5 (ECMAScript 5.1, script goal) parser on the generated `es5_ast` tree.
//!
//! It accepts what acorn 8 accepts with `{ ecmaVersion: 5 }` and builds the same tree (ESTree node for node, with
//! acorn's spans); the tree is built only through `es5_ast::AstNodeBuilder` and renumbered to preorder. Spans are
//! byte offsets into the UTF-8 source.
//!
//! ```
//! let program = examples::parser::parse("var answer = 6 * 7;").unwrap();
//! assert_eq!(program.body.len(), 1);
//! let err = examples::parser::parse("var 1;").unwrap_err();
//! assert_eq!(err.to_string(), "1:5: Unexpected token");
//! ```

mod error;
mod lexer;
mod number;
#[allow(clippy::module_inception)]
mod parser;
mod regexp;
mod scope;
mod strict;

pub use error::SyntaxError;
pub use number::js_number_to_string;
pub use parser::MAX_DEPTH;

/// Parses `source` as an ES5 script.
///
/// # Errors
/// A [`SyntaxError`] for any input acorn 8 (`ecmaVersion: 5`) rejects, and for input nested deeper than
/// [`MAX_DEPTH`].
pub fn parse(source: &str) -> Result<es5_ast::Program, SyntaxError> {
    parser::Parser::new(source).parse_program()
}
