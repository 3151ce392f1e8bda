//! `ast_codegen`: reads an AST schema crate and writes the generated AST crate.
//!
//! Phases (see `ARCHITECTURE.md`): `load` reads the schema files, `parse` turns syn items into the [`model`],
//! `validate` checks it, `layout` computes memory layouts and field orders, `emit` produces one token stream per
//! output file, and `write` formats and writes them.

pub mod derive;
pub mod diagnostics;
pub mod emit;
pub mod model;
pub mod schema_attrs;
