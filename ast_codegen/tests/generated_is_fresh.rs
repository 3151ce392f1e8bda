//! Every generated crate the workspace lists (`[[workspace.metadata.ast_codegen.crates]]` in the root
//! `Cargo.toml`: `generated/` from `ast_schema/`, ...) must be exactly what the generator makes from its schema, and
//! the generator must be deterministic. When this fails, run `cargo run -p ast_codegen` and commit the result.

use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn generated_crates_are_up_to_date() {
    let targets = ast_codegen::targets::read(&workspace_root()).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(targets.iter().any(|t| t.out.ends_with("generated")), "the ES5 crate is listed");
    for target in targets {
        let files = ast_codegen::generate_target(&target).unwrap_or_else(|d| panic!("{d}"));
        let report = ast_codegen::write::apply(&target.out, &files, true).unwrap();
        assert!(
            report.is_clean(),
            "{}/src is stale (changed: {:?}, no longer generated: {:?}); run `cargo run -p ast_codegen`",
            target.out.display(),
            report.changed,
            report.removed
        );
    }
}

#[test]
fn output_is_byte_identical_run_after_run() {
    let schema = workspace_root().join("ast_schema");
    let first = ast_codegen::generate(&schema).unwrap_or_else(|d| panic!("{d}"));
    for _ in 0..3 {
        assert_eq!(ast_codegen::generate(&schema).unwrap_or_else(|d| panic!("{d}")), first);
    }
}

#[test]
fn every_generated_file_carries_the_header() {
    let schema = workspace_root().join("ast_schema");
    for file in ast_codegen::generate(&schema).unwrap_or_else(|d| panic!("{d}")) {
        assert!(file.text.starts_with("// @generated"), "{} has no @generated header", file.name);
    }
}
