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
pub mod targets;
pub mod validate;
pub mod write;

// The shape rules, the `GetNodeId` / `GetSpan` impls, the `#[ast]` expansion and the helper attributes live in
// `ast_shape`, so that the `#[ast]` macro does not depend on the generator; re-exported under their old paths.
pub use ast_shape::{ast_attribute, derive, node_shape, schema_attrs};

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use diagnostics::{Diagnostic, Diagnostics};
use emit::{Model, Output};
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
///
/// The files are rendered on up to [`MAX_RENDER_THREADS`] threads (as many as the machine runs at once): most of
/// the time goes to parsing, tidying and formatting each file, and files do not depend on each other. syn's trees
/// cannot be sent between threads, so every helper thread parses its own copy of the schema from the texts this
/// thread read. Each file is the same whichever thread renders it, so the output does not depend on the thread count.
pub fn generate(schema_dir: &Path) -> Result<Vec<RenderedFile>, Diagnostics> {
    generate_skipping(schema_dir, &[])
}

/// [`generate`] for one entry of the workspace's list ([`targets`]): without the outputs it skips.
pub fn generate_target(target: &targets::Target) -> Result<Vec<RenderedFile>, Diagnostics> {
    generate_skipping(&target.schema, &target.skip)
}

/// [`generate`] without the outputs named in `skip` (their files and modules are not written).
pub fn generate_skipping(schema_dir: &Path, skip: &[String]) -> Result<Vec<RenderedFile>, Diagnostics> {
    let files = load::load_schema_crate(schema_dir)?;
    let schema = parse::parse_schema(&files)?;
    validate::validate(&schema)?;
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get).min(MAX_RENDER_THREADS);
    if threads <= 1 {
        return render_all_skipping(&schema, skip);
    }
    let sources: Vec<(PathBuf, String)> = files.iter().map(|f| (f.path.clone(), f.text.clone())).collect();
    drop(files);
    render_threaded(&schema, &sources, threads, skip)
}

/// The most threads [`generate`] renders on: past this, one large file (`flat.rs`) is the whole critical path,
/// and each further thread only costs its own parse of the schema.
pub const MAX_RENDER_THREADS: usize = 4;

/// Prepares the model of a validated schema, lets every output prepare its attributes, then emits and renders
/// every file. Any diagnostic of any output stops it before anything is emitted.
pub fn render_all(schema: &Schema) -> Result<Vec<RenderedFile>, Diagnostics> {
    render_all_skipping(schema, &[])
}

/// [`render_all`] without the outputs named in `skip`.
pub fn render_all_skipping(schema: &Schema, skip: &[String]) -> Result<Vec<RenderedFile>, Diagnostics> {
    let prepared = Prepared::new(schema, skip)?;
    (0..prepared.file_count()).map(|index| prepared.render(index)).collect()
}

/// The model and the prepared outputs of one schema: what rendering any one file needs.
struct Prepared<'s> {
    schema: &'s Schema,
    model: Model<'s>,
    outputs: Vec<Box<dyn Output>>,
    /// The schema's type names: the tidy pass never shortens a path to one of them.
    reserved: HashSet<String>,
}

impl<'s> Prepared<'s> {
    /// Derives the model and prepares every output but those in `skip`; all their diagnostics together when any
    /// fails.
    fn new(schema: &'s Schema, skip: &[String]) -> Result<Self, Diagnostics> {
        let model = prepare::prepare(schema);
        let mut outputs = emit::registry();
        outputs.retain(|o| !skip.iter().any(|name| name == o.info().name));
        let mut errors: Vec<Diagnostic> =
            outputs.iter_mut().filter_map(|o| o.prepare(schema).err()).flatten().collect();
        let model = match model {
            Ok(model) if errors.is_empty() => model,
            Ok(_) => return Err(Diagnostics(errors)),
            Err(Diagnostics(core)) => {
                errors.splice(0..0, core);
                return Err(Diagnostics(errors));
            }
        };
        let reserved = schema.types.iter().map(|t| t.name().to_string()).collect();
        Ok(Prepared { schema, model, outputs, reserved })
    }

    /// How many files there are: `lib.rs` and one per output.
    fn file_count(&self) -> usize {
        self.outputs.len() + 1
    }

    /// Emits and renders file `index`: 0 is `lib.rs`, then the outputs in registry order.
    fn render(&self, index: usize) -> Result<RenderedFile, Diagnostics> {
        let (name, header, tokens, reexported) = match index.checked_sub(1).and_then(|i| self.outputs.get(i)) {
            Some(output) => {
                let info = output.info();
                (info.name, write::header(info.name, info.source), output.generate(&self.model), info.reexport)
            }
            None => (
                "lib",
                write::header("lib", emit::lib_rs::SOURCE),
                emit::lib_rs::emit(&self.model, &self.outputs),
                false,
            ),
        };
        write::render(&format!("{name}.rs"), &header, tokens, &self.reserved, reexported).map_err(|message| {
            Diagnostics(vec![Diagnostic::new(
                self.schema.location.clone(),
                message,
                "this is a bug in ast_codegen's outputs; please report it with the schema that triggers it",
            )])
        })
    }

    /// The file indices in the order threads take them: the outputs that write the most code first (on a large
    /// schema `flat.rs` alone is about 40% of the lines), so that the threads finish at about the same time. An
    /// output missing from the list only renders later; the files are the same in any order.
    fn render_order(&self) -> Vec<usize> {
        const LARGEST_FIRST: [&str; 4] = ["flat", "layout_assertions", "visit", "builder"];
        let rank = |index: usize| {
            let name = index.checked_sub(1).and_then(|i| self.outputs.get(i)).map(|o| o.info().name);
            name.and_then(|n| LARGEST_FIRST.iter().position(|&first| first == n)).unwrap_or(LARGEST_FIRST.len())
        };
        let mut order: Vec<usize> = (0..self.file_count()).collect();
        order.sort_by_key(|&index| rank(index)); // stable: the rest stay in registry order
        order
    }
}

/// [`render_all`] on `threads` threads: this one and helpers that parse `sources` (the texts `schema` was parsed
/// from) for their own copy of the schema. The threads take files from one shared counter.
fn render_threaded(
    schema: &Schema,
    sources: &[(PathBuf, String)],
    threads: usize,
    skip: &[String],
) -> Result<Vec<RenderedFile>, Diagnostics> {
    // Diagnostics come from this thread's copy alone; helpers start only when the schema prepared cleanly.
    let prepared = Prepared::new(schema, skip)?;
    let order = prepared.render_order();
    let next = AtomicUsize::new(0);
    let take_files = |prepared: &Prepared| -> Result<Vec<(usize, RenderedFile)>, Diagnostics> {
        let mut done = Vec::new();
        while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((index, prepared.render(index)?));
        }
        Ok(done)
    };
    let mut rendered: Vec<Option<RenderedFile>> = vec![None; prepared.file_count()];
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .map(|_| {
                scope.spawn(|| {
                    let files = load::parse_sources(sources)?;
                    let schema = parse::parse_schema(&files)?;
                    take_files(&Prepared::new(&schema, skip)?)
                })
            })
            .collect();
        let mut results = vec![take_files(&prepared)];
        for helper in helpers {
            // A panic in a helper is a generator bug: let it surface as it would have on this thread.
            results.push(helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        for (index, file) in results.into_iter().collect::<Result<Vec<_>, _>>()?.into_iter().flatten() {
            rendered[index] = Some(file);
        }
        Ok::<(), Diagnostics>(())
    })?;
    // Every index was taken by exactly one thread, and a thread that failed returned its error above.
    Ok(rendered.into_iter().flatten().collect())
}

/// A schema written as Rust source, parsed as the generator parses a schema crate (no validation), so unit tests
/// declare their schemas the way users do instead of building model values field by field.
#[cfg(test)]
pub(crate) fn schema_from_source(source: &str) -> Schema {
    let syntax = syn::parse_file(source).expect("a test schema is valid Rust");
    let file = load::SourceFile { path: "test_schema.rs".into(), syntax, text: source.to_string() };
    parse::parse_schema(&[file]).unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
}
