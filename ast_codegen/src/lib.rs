//! `ast_codegen`: reads an AST schema crate and writes the generated AST crate.
//!
//! Phases (see `ARCHITECTURE.md`): [`load`] reads the schema files, [`parse`] turns syn items into the
//! [`model`], [`validate`] checks it, [`prepare`] derives the facts every output reads (layouts from [`layout`],
//! the flat encoding of every field) into a [`prepare::Model`], the outputs of [`emit::registry`] check their own
//! attributes and produce one token stream per generated file, and [`mod@write`] formats and writes them.
//! [`generate`] runs them in order.

pub mod diagnostics;
pub mod emit;
pub mod flat_fields;
pub mod layout;
pub mod load;
pub mod model;
pub mod parse;
pub mod prepare;
pub mod random_schema;
pub mod synthetic;
pub mod validate;
pub mod write;

// The shape rules, the `GetNodeId` / `GetSpan` impls, the `#[ast]` expansion and the helper attributes live in
// `ast_shape`, so that the `#[ast]` macro does not depend on the generator; re-exported under their old paths.
pub use ast_shape::{ast_attribute, derive, node_shape, schema_attrs};

use std::collections::HashSet;
use std::path::Path;

use diagnostics::{Diagnostic, Diagnostics};
use model::Schema;
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

/// Prepares the model of a validated schema, lets every output prepare its attributes, then emits and renders
/// every file. Any diagnostic of any output stops it before anything is emitted.
pub fn render_all(schema: &Schema) -> Result<Vec<RenderedFile>, Diagnostics> {
    let model = prepare::prepare(schema);
    let mut outputs = emit::registry();
    let mut errors: Vec<Diagnostic> = outputs.iter_mut().filter_map(|o| o.prepare(schema).err()).flatten().collect();
    let model = match model {
        Ok(model) if errors.is_empty() => model,
        Ok(_) => return Err(Diagnostics(errors)),
        Err(Diagnostics(core)) => {
            errors.splice(0..0, core);
            return Err(Diagnostics(errors));
        }
    };
    let reserved: HashSet<String> = schema.types.iter().map(|t| t.name().to_string()).collect();
    let lib = ("lib", write::header("lib", emit::lib_rs::SOURCE), emit::lib_rs::emit(&model, &outputs), false);
    let files = outputs.iter().map(|output| {
        let info = output.info();
        (info.name, write::header(info.name, info.source), output.generate(&model), info.reexport)
    });
    std::iter::once(lib)
        .chain(files)
        .map(|(name, header, tokens, reexported)| {
            write::render(&format!("{name}.rs"), &header, tokens, &reserved, reexported).map_err(|message| {
                Diagnostics(vec![Diagnostic::new(
                    schema.location.clone(),
                    message,
                    "this is a bug in ast_codegen's outputs; please report it with the schema that triggers it",
                )])
            })
        })
        .collect()
}

/// A schema written as Rust source, parsed as the generator parses a schema crate (no validation), so unit tests
/// declare their schemas the way users do instead of building model values field by field.
#[cfg(test)]
pub(crate) fn schema_from_source(source: &str) -> Schema {
    let syntax = syn::parse_file(source).expect("a test schema is valid Rust");
    let file = load::SourceFile { path: "test_schema.rs".into(), syntax };
    parse::parse_schema(&[file]).unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
}
