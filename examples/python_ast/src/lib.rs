//! Python's AST from CPython's own parser, through the generated `python_ast` crate.
//!
//! [`dump`] runs the bridge script `pyast_dump.py` (beside this crate's `Cargo.toml`) on a file with the machine's
//! `python3`: CPython parses it and prints its `ast` as JSON. [`reprint`] reads that JSON into the generated tree
//! (`python_ast::json::from_json`), optionally through the flat tree and back, and writes it again
//! (`python_ast::json::to_json`): on every file the text must come back byte for byte.

use std::path::{Path, PathBuf};
use std::process::Command;

use python_ast::Module;
use python_ast::flat::FlatAst;

/// The bridge script.
pub fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pyast_dump.py")
}

/// Why a file has no JSON to compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DumpError {
    /// CPython rejects the file: `FILE:line:col: message`, as the script prints it.
    Rejected(String),
    /// The file parses, but a string in it holds lone surrogates, which UTF-8 (and so the JSON text) cannot carry.
    Surrogates(String),
    /// `python3` could not be run, or the script failed otherwise.
    Failed(String),
}

/// CPython's AST of `file` as the bridge script writes it (without the final newline).
///
/// # Errors
/// See [`DumpError`].
pub fn dump(file: &Path) -> Result<String, DumpError> {
    let output = Command::new("python3")
        .arg(script())
        .arg(file)
        .output()
        .map_err(|e| DumpError::Failed(format!("cannot run python3: {e}")))?;
    let stderr = String::from_utf8_lossy(&output.stderr).trim_end().to_string();
    match output.status.code() {
        Some(0) => String::from_utf8(output.stdout)
            .map(|text| text.trim_end_matches('\n').to_string())
            .map_err(|_| DumpError::Failed("the script wrote invalid UTF-8".into())),
        Some(1) => Err(DumpError::Rejected(stderr)),
        Some(2) => Err(DumpError::Surrogates(stderr)),
        _ => Err(DumpError::Failed(stderr)),
    }
}

/// The text positions refer to: the file as UTF-8, which is what CPython's byte columns count in.
///
/// # Errors
/// When the file cannot be read or is not UTF-8 (a file with another coding declaration: its columns count the
/// UTF-8 bytes of the decoded text, which this reader does not reproduce).
pub fn source(file: &Path) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8", file.display()))
}

/// Reads `json` (CPython's AST of `source`) into the generated tree, through the flat tree and back when
/// `via_flat`, and writes it again.
///
/// # Errors
/// When the JSON does not fit the schema: the JSON path and what is wrong.
pub fn reprint(json: &str, source: &str, via_flat: bool) -> Result<String, String> {
    let module: Module = python_ast::json::from_json(json, source).map_err(|e| e.to_string())?;
    let module = if via_flat { FlatAst::from_boxed(&module).to_boxed() } else { module };
    Ok(python_ast::json::to_json(&module, source))
}

/// How a set of files fared: each file is counted once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conformance {
    /// Files whose JSON came back byte for byte, directly and through the flat tree.
    pub identical: usize,
    /// Nodes in those files.
    pub nodes: usize,
    /// Files whose JSON came back different, or could not be read: `file: what` for each.
    pub mismatches: Vec<String>,
    /// Files CPython rejects.
    pub rejected: usize,
    /// Files with strings UTF-8 cannot carry (lone surrogates), or not written in UTF-8.
    pub not_utf8: usize,
}

/// Every `.py` file of the installed Python's standard library (`sysconfig`'s `stdlib` path, without
/// `site-packages`), sorted.
///
/// # Errors
/// When `python3` cannot be asked or the folder cannot be read.
pub fn stdlib_files() -> Result<Vec<PathBuf>, String> {
    let output = Command::new("python3")
        .args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    let root = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|name| name != "site-packages") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|ext| ext == "py") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Runs one file through [`dump`] and [`reprint`] (directly and through the flat tree) and counts the result.
pub fn check_file(file: &Path, tally: &mut Conformance) {
    let json = match dump(file) {
        Ok(json) => json,
        Err(DumpError::Rejected(_)) => return tally.rejected += 1,
        Err(DumpError::Surrogates(_)) => return tally.not_utf8 += 1,
        Err(DumpError::Failed(message)) => return tally.mismatches.push(format!("{}: {message}", file.display())),
    };
    let Ok(text) = source(file) else { return tally.not_utf8 += 1 };
    for via_flat in [false, true] {
        match reprint(&json, &text, via_flat) {
            Ok(out) if out == json => {}
            Ok(out) => {
                let at = out.bytes().zip(json.bytes()).position(|(a, b)| a != b).unwrap_or(out.len().min(json.len()));
                let context = |s: &str| s.get(at.saturating_sub(60)..(at + 60).min(s.len())).unwrap_or("").to_string();
                let route = if via_flat { "via flat" } else { "boxed" };
                tally.mismatches.push(format!(
                    "{} ({route}): differs at byte {at}:\n  cpython: {}\n  ours:    {}",
                    file.display(),
                    context(&json),
                    context(&out)
                ));
                return;
            }
            Err(message) => return tally.mismatches.push(format!("{}: {message}", file.display())),
        }
    }
    tally.identical += 1;
    if let Ok(module) = python_ast::json::from_json(&json, &text) {
        tally.nodes += FlatAst::from_boxed(&module).len();
    }
}
