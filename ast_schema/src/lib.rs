//! The JavaScript (ECMAScript 5.1) AST, as [ESTree](https://github.com/estree/estree/blob/master/es5.md) defines it.
//!
//! This crate is the schema: `cargo run -p ast_codegen` reads it with `syn` and writes the `es5_ast` crate in
//! `generated/`. It is compiled only so that the schema is checked as Rust; nothing should depend on its types.
//!
//! Rules (see `ARCHITECTURE.md`):
//! - every node type is a `pub struct` or `pub enum` marked `#[ast]`;
//! - `node_id` and `span` are implied on every struct; declaring them is an error;
//! - recursion says its indirection (`Box<T>`), lists are `Vec<T>`, optional fields `Option<T>`;
//! - an enum either has only fieldless variants (a leaf value such as an operator) or variants that each hold one
//!   node (`Box<Struct>`, an inline struct, or another node enum);
//! - `#[estree(...)]` attributes say how a type is written as ESTree JSON; `#[layout(...)]` declares the layout of a
//!   type from outside the schema.

mod expression;
mod literal;
mod operator;
mod statement;

pub use expression::*;
pub use literal::*;
pub use operator::*;
pub use statement::*;

use ast_macros::schema as ast;

/// A complete script: the root of every tree.
#[ast]
pub struct Program {
    /// The statements of the script, directive prologue first.
    pub body: Vec<Statement>,
    /// Always `script` for ES5.
    #[estree(rename = "sourceType")]
    pub source_type: SourceType,
}

/// Whether the source was parsed as a script or a module; ES5 only has scripts.
#[ast]
pub enum SourceType {
    /// Script goal.
    #[estree(rename = "script")]
    Script,
}

/// An identifier: a binding, a reference or a property name.
#[ast]
pub struct Identifier {
    /// The name, with escapes decoded.
    pub name: String,
}
