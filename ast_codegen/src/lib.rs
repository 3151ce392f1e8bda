//! `ast_codegen`: reads an AST schema crate and writes the generated AST crate.
//!
//! Phases (see `ARCHITECTURE.md`): [`load`] reads the schema files, [`parse`] turns syn items into the
//! [`model`], [`validate`] checks it, [`layout`] computes memory layouts and field orders, [`emit`] produces one
//! token stream per output file, and [`write`] formats and writes them. [`generate`] runs them in order.

pub mod diagnostics;
pub mod emit;
pub mod layout;
pub mod load;
pub mod model;
pub mod parse;
pub mod validate;
pub mod write;

// The shape rules, the `GetNodeId` / `GetSpan` impls, the `#[ast]` expansion and the helper attributes live in
// `ast_shape`, so that the `#[ast]` macro does not depend on the generator; re-exported under their old paths.
pub use ast_shape::{ast_attribute, derive, node_shape, schema_attrs};

use std::path::Path;

use diagnostics::{Diagnostic, Diagnostics};
use model::{Location, Schema};
use write::RenderedFile;

/// Loads, parses and validates the schema crate at `schema_dir`.
pub fn load_schema(schema_dir: &Path) -> Result<Schema, Diagnostics> {
    let files = load::load_schema_crate(schema_dir)?;
    let schema = parse::parse_schema(&files)?;
    validate::validate(&schema)?;
    Ok(schema)
}

/// Runs every phase up to rendering: the files the generator would write for `schema_dir`, or every
/// diagnostic. Nothing is written here.
pub fn generate(schema_dir: &Path) -> Result<Vec<RenderedFile>, Diagnostics> {
    let schema = load_schema(schema_dir)?;
    render_all(&schema)
}

/// Emits and renders every output file of a validated schema.
pub fn render_all(schema: &Schema) -> Result<Vec<RenderedFile>, Diagnostics> {
    let layouts = layout::compute(schema)?;
    let ctx = emit::EmitContext { schema, layouts: &layouts };
    let modules = emit::modules(&ctx);
    let lib = emit::lib_rs::emit(&ctx, &modules);
    let mut files = Vec::with_capacity(modules.len() + 1);
    for (name, tokens) in std::iter::once(("lib".to_string(), lib))
        .chain(modules.into_iter().map(|m| (m.module.to_string(), m.tokens)))
    {
        let file = write::render(&format!("{name}.rs"), tokens).map_err(|message| {
            Diagnostics(vec![Diagnostic::new(
                Location::default(),
                message,
                "this is a bug in ast_codegen's emitters; please report it with the schema that triggers it",
            )])
        })?;
        files.push(file);
    }
    Ok(files)
}

/// A schema written as Rust source, parsed as the generator parses a schema crate (no validation), so unit tests
/// declare their schemas the way users do instead of building model values field by field.
#[cfg(test)]
pub(crate) fn schema_from_source(source: &str) -> Schema {
    let syntax = syn::parse_file(source).expect("a test schema is valid Rust");
    let file = load::SourceFile { path: "test_schema.rs".into(), syntax };
    parse::parse_schema(&[file]).unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
}
