//! The workspace's list of what to generate: `[[workspace.metadata.ast_codegen.crates]]` in the root
//! `Cargo.toml`, one entry per schema crate with the crate its files go to and the outputs it does without.
//!
//! ```toml
//! [[workspace.metadata.ast_codegen.crates]]
//! schema = "python_schema"     # the schema crate (Cargo.toml and src/lib.rs)
//! out = "python_generated"     # the generated crate; its src/ receives the files
//! skip = ["json"]              # outputs not written for this schema (by their module name)
//! ```

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::Location;

/// One schema crate and the crate generated from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The schema crate's folder.
    pub schema: PathBuf,
    /// The generated crate's folder.
    pub out: PathBuf,
    /// Outputs (module names, as `emit::registry` lists them) this schema does without.
    pub skip: Vec<String>,
}

/// Reads the list from the `Cargo.toml` at `root`; paths are joined to `root`.
///
/// # Errors
/// A diagnostic at the manifest when it cannot be read, is not TOML, or an entry lacks `schema` or `out`, names
/// an unknown output, or has a value of the wrong type.
pub fn read(root: &Path) -> Result<Vec<Target>, Diagnostic> {
    let manifest = root.join("Cargo.toml");
    let at = || Location::file_start(&manifest);
    let text = std::fs::read_to_string(&manifest).map_err(|e| {
        Diagnostic::new(at(), format!("cannot read the workspace manifest: {e}"), "run from the workspace")
    })?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        Diagnostic::new(at(), format!("the workspace manifest is not TOML: {}", e.message()), "fix its syntax")
    })?;
    let entries = table
        .get("workspace")
        .and_then(|w| w.get("metadata"))
        .and_then(|m| m.get("ast_codegen"))
        .and_then(|a| a.get("crates"))
        .and_then(toml::Value::as_array)
        .ok_or_else(|| Diagnostic::new(at(), "the workspace manifest lists no schema crates", EXAMPLE))?;
    entries
        .iter()
        .enumerate()
        .map(|(index, entry)| target(root, index, entry).map_err(|m| Diagnostic::new(at(), m, EXAMPLE)))
        .collect()
}

/// How an entry is written, for diagnostics.
const EXAMPLE: &str = "list each schema crate as `[[workspace.metadata.ast_codegen.crates]]` with `schema = \"dir\"`, \
                       `out = \"dir\"` and optionally `skip = [\"output\", ..]`";

fn target(root: &Path, index: usize, entry: &toml::Value) -> Result<Target, String> {
    let path = |key: &str| {
        entry
            .get(key)
            .and_then(toml::Value::as_str)
            .map(|dir| root.join(dir))
            .ok_or_else(|| format!("schema crate entry {} has no `{key}` folder (a string)", index + 1))
    };
    let skip = match entry.get("skip") {
        None => Vec::new(),
        Some(value) => value
            .as_array()
            .and_then(|items| items.iter().map(|i| i.as_str().map(str::to_string)).collect::<Option<Vec<_>>>())
            .ok_or_else(|| format!("`skip` of schema crate entry {} is not a list of output names", index + 1))?,
    };
    let known: Vec<&str> = crate::emit::registry().iter().map(|o| o.info().name).collect();
    if let Some(unknown) = skip.iter().find(|name| !known.contains(&name.as_str())) {
        return Err(format!(
            "schema crate entry {} skips `{unknown}`, which is not an output (outputs: {})",
            index + 1,
            known.join(", ")
        ));
    }
    Ok(Target { schema: path("schema")?, out: path("out")?, skip })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Vec<Target>, Diagnostic> {
        let dir = std::env::temp_dir().join(format!("ast_codegen_targets_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Cargo.toml"), text).unwrap();
        let result = read(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        result
    }

    #[test]
    fn entries_become_targets_and_mistakes_are_diagnostics() {
        let targets =
            read_text("[[workspace.metadata.ast_codegen.crates]]\nschema = \"a\"\nout = \"b\"\nskip = [\"json\"]\n")
                .unwrap();
        assert_eq!(targets.len(), 1);
        assert!(targets[0].schema.ends_with("a") && targets[0].out.ends_with("b"));
        assert_eq!(targets[0].skip, ["json"]);
        let no_out = read_text("[[workspace.metadata.ast_codegen.crates]]\nschema = \"a\"\n").unwrap_err();
        assert!(no_out.message.contains("no `out` folder"), "{no_out:?}");
        let unknown =
            read_text("[[workspace.metadata.ast_codegen.crates]]\nschema = \"a\"\nout = \"b\"\nskip = [\"x\"]\n")
                .unwrap_err();
        assert!(unknown.message.contains("skips `x`, which is not an output"), "{unknown:?}");
        assert!(read_text("[workspace]\n").unwrap_err().message.contains("lists no schema crates"));
        assert!(read_text("[[").unwrap_err().message.contains("not TOML"));
    }
}
