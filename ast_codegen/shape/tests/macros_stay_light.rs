//! The point of this crate: a downstream crate that uses `#[ast]` builds `ast_macros`, which must depend on
//! `ast_shape` (syn, quote, proc-macro2) and never on the generator and what the generator needs (prettyplease,
//! serde_json, the layout optimizer). This test asks cargo for the packages `ast_macros` builds with.

use std::path::Path;
use std::process::Command;

/// The packages `ast_macros` is built with (normal and build dependencies, itself included), by name.
fn ast_macros_build_packages() -> Vec<String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    // `--offline`: the test has just been built, so everything is local; never wait on the network in a test.
    let output = Command::new(env!("CARGO"))
        .args(["tree", "--offline", "-p", "ast_macros", "-e", "normal,build", "--prefix", "none", "--manifest-path"])
        .arg(&manifest)
        .output()
        .unwrap_or_else(|error| panic!("cannot run cargo tree: {error}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "cargo tree failed:\n{}", String::from_utf8_lossy(&output.stderr));
    // Each line is `name vX.Y.Z [(path)] [(*)]`.
    stdout.lines().filter_map(|line| line.split_whitespace().next()).map(str::to_owned).collect()
}

#[test]
fn ast_macros_does_not_build_the_generator() {
    let packages = ast_macros_build_packages();
    // What it must build, so that an empty or unexpected listing cannot pass.
    for needed in ["ast_macros", "ast_shape", "syn", "quote", "proc-macro2"] {
        assert!(packages.iter().any(|p| p == needed), "{needed} missing from {packages:?}");
    }
    for heavy in ["ast_codegen", "prettyplease", "serde_json", "serde"] {
        assert!(!packages.iter().any(|p| p == heavy), "ast_macros builds {heavy}: {packages:?}");
    }
}
