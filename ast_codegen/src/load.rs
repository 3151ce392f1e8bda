//! Phase 1, load: read a schema crate's `src/lib.rs` and every module file it declares, and parse each with syn.
//!
//! File-backed `mod name;` declarations are followed (`name.rs` or `name/mod.rs`, as rustc resolves them); inline
//! `mod name { ... }` blocks are part of their file already (the parse phase reads them). A `#[path]` attribute is
//! refused rather than ignored.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Location;

/// One parsed schema source file.
pub struct SourceFile {
    /// The path, as it will be shown in diagnostics.
    pub path: PathBuf,
    /// The parsed file.
    pub syntax: syn::File,
    /// The text it was parsed from, so that another thread can parse the same schema: syn's trees cannot be sent
    /// between threads, and reading the files again could see an edit made in between.
    pub text: String,
}

/// Parses files read before (`(path, text)` in the order [`load_schema_crate`] returned them) without touching the
/// disk: another thread's copy of the same schema.
pub fn parse_sources(sources: &[(PathBuf, String)]) -> Result<Vec<SourceFile>, Diagnostics> {
    let mut files = Vec::with_capacity(sources.len());
    let mut errors = Vec::new();
    for (path, text) in sources {
        match syn::parse_file(text) {
            Ok(syntax) => files.push(SourceFile { path: path.clone(), syntax, text: text.clone() }),
            Err(err) => errors.push(not_rust(path, &err)),
        }
    }
    if errors.is_empty() { Ok(files) } else { Err(Diagnostics(errors)) }
}

/// The diagnostic for a schema file syn cannot parse.
fn not_rust(path: &Path, err: &syn::Error) -> Diagnostic {
    Diagnostic::new(
        location_of(path, err.span()),
        format!("schema file is not valid Rust: {err}"),
        "fix the syntax error; the schema is read as ordinary Rust source",
    )
}

/// Reads the schema crate at `crate_dir` (the folder holding `Cargo.toml` and `src/lib.rs`), following `mod`
/// declarations depth-first, so files come in declaration order.
pub fn load_schema_crate(crate_dir: &Path) -> Result<Vec<SourceFile>, Diagnostics> {
    let lib = crate_dir.join("src").join("lib.rs");
    if !lib.is_file() {
        return Err(Diagnostics(vec![Diagnostic::new(
            Location::file_start(lib.clone()),
            format!("no schema crate here: `{}` does not exist", lib.display()),
            "pass `--schema DIR` with the folder of a schema crate (its `Cargo.toml` and `src/lib.rs`)",
        )]));
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    load_module_file(&lib, &crate_dir.join("src"), &mut files, &mut errors);
    if errors.is_empty() { Ok(files) } else { Err(Diagnostics(errors)) }
}

/// Loads `path` and then the files of the `mod` declarations in it; `child_dir` is where those files live.
fn load_module_file(path: &Path, child_dir: &Path, files: &mut Vec<SourceFile>, errors: &mut Vec<Diagnostic>) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            errors.push(Diagnostic::new(
                Location::file_start(path),
                format!("cannot read schema file: {err}"),
                "check that the file exists and is readable UTF-8",
            ));
            return;
        }
    };
    let syntax = match syn::parse_file(&text) {
        Ok(syntax) => syntax,
        Err(err) => {
            errors.push(not_rust(path, &err));
            return;
        }
    };
    let mut declarations = Vec::new();
    module_declarations(&syntax.items, child_dir, &mut declarations);
    for (_, m) in declarations.iter().filter(|(_, m)| m.attrs.iter().any(|a| a.path().is_ident("path"))) {
        errors.push(Diagnostic::new(
            location_of(path, m.ident.span()),
            format!("`mod {}` has a `#[path]` attribute, which the generator does not follow", m.ident),
            "put the module where rustc looks for it by default (`name.rs` or `name/mod.rs`) and remove `#[path]`",
        ));
    }
    let children: Vec<(PathBuf, PathBuf, Location)> = declarations
        .into_iter()
        .filter(|(_, m)| m.content.is_none() && !m.attrs.iter().any(|a| a.path().is_ident("path")))
        .map(|(child_dir, m)| {
            let name = m.ident.to_string();
            let flat = child_dir.join(format!("{name}.rs"));
            let nested = child_dir.join(&name).join("mod.rs");
            let (file, dir) = if nested.is_file() && !flat.is_file() {
                (nested, child_dir.join(&name))
            } else {
                (flat, child_dir.join(&name))
            };
            (file, dir, location_of(path, m.ident.span()))
        })
        .collect();
    files.push(SourceFile { path: path.to_path_buf(), syntax, text });
    for (file, dir, declared_at) in children {
        if !file.is_file() {
            errors.push(Diagnostic::new(
                declared_at,
                format!("module file `{}` not found", file.display()),
                "create the file, or remove the `mod` declaration",
            ));
            continue;
        }
        load_module_file(&file, &dir, files, errors);
    }
}

/// Every `mod` item of `items` with the folder its file would be in (relative to the file's child folder: inside
/// `mod a { mod b; }`, `b` is `a/b.rs`), including those inside inline `mod x { .. }` blocks.
fn module_declarations<'a>(items: &'a [syn::Item], folder: &Path, out: &mut Vec<(PathBuf, &'a syn::ItemMod)>) {
    for item in items {
        if let syn::Item::Mod(m) = item {
            out.push((folder.to_path_buf(), m));
            if let Some((_, content)) = &m.content {
                module_declarations(content, &folder.join(m.ident.to_string()), out);
            }
        }
    }
}

/// The `path:line:col` of a syn span (1-based line and column), and where the span ends.
pub fn location_of(path: &Path, span: proc_macro2::Span) -> Location {
    let (start, end) = (span.start(), span.end());
    Location {
        file: path.to_path_buf(),
        line: start.line.max(1),
        column: start.column + 1,
        end: (end.line, end.column + 1),
    }
}
