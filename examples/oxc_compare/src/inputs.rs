//! The real-world ES5 files the comparison runs on, read from the npm packages pinned in `tests/js`.

use std::fmt;
use std::path::{Path, PathBuf};

/// Environment variable naming a `node_modules` directory to read the inputs from instead of `tests/js`'s.
pub const JS_DIR_ENV: &str = "OXC_COMPARE_NODE_MODULES";

/// The files compared, as (benchmark id, display name, path inside `node_modules`). All are plain ES5 scripts.
pub const FILES: [(&str, &str, &str); 3] = [
    ("lodash", "lodash 4.17.21", "lodash/lodash.js"),
    // The UMD build, not the ESM one: it is the file ES5 parsers (acorn with ecmaVersion 5) accept.
    ("underscore", "underscore 1.13", "underscore/underscore-umd.js"),
    ("backbone", "backbone 1.6", "backbone/backbone.js"),
];

/// One input file, loaded.
#[derive(Debug)]
pub struct Input {
    /// Short identifier, used in benchmark ids.
    pub id: &'static str,
    /// Display name with the package version.
    pub name: &'static str,
    /// Where it was read from.
    pub path: PathBuf,
    /// The file's text.
    pub source: String,
}

/// Why the inputs could not be loaded: a file is missing or unreadable.
#[derive(Debug)]
pub struct MissingInput {
    path: PathBuf,
    error: std::io::Error,
}

impl fmt::Display for MissingInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read {}: {}\nThe comparison reads real npm packages. From the repository root run:\n    \
             npm ci --prefix tests/js\n(or point {JS_DIR_ENV} at a node_modules directory holding lodash@4.17.21, \
             underscore@1.13 and backbone@1.6)",
            self.path.display(),
            self.error
        )
    }
}

impl std::error::Error for MissingInput {}

/// The `node_modules` directory the inputs come from: `$OXC_COMPARE_NODE_MODULES` if set, else the repository's
/// `tests/js/node_modules` (found relative to this crate, so it works from any working directory).
pub fn node_modules_dir() -> PathBuf {
    match std::env::var_os(JS_DIR_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/js/node_modules"),
    }
}

/// Loads every file in [`FILES`], failing on the first one that cannot be read.
pub fn load_all() -> Result<Vec<Input>, MissingInput> {
    let dir = node_modules_dir();
    FILES.iter().map(|&(id, name, relative)| load(id, name, &dir.join(relative))).collect()
}

fn load(id: &'static str, name: &'static str, path: &Path) -> Result<Input, MissingInput> {
    match std::fs::read_to_string(path) {
        Ok(source) => Ok(Input { id, name, path: path.to_path_buf(), source }),
        Err(error) => Err(MissingInput { path: path.to_path_buf(), error }),
    }
}
