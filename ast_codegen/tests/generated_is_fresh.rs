//! `generated/` must be exactly what the generator makes from `ast_schema/`, and the generator must be
//! deterministic. When this fails, run `cargo run -p ast_codegen` and commit the result.

use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn generated_crate_is_up_to_date() {
    let root = workspace_root();
    let files = ast_codegen::generate(&root.join("ast_schema")).unwrap_or_else(|d| panic!("{d}"));
    let report = ast_codegen::write::apply(&root.join("generated"), &files, true).unwrap();
    assert!(
        report.is_clean(),
        "generated/src is stale (changed: {:?}, no longer generated: {:?}); run `cargo run -p ast_codegen`",
        report.changed,
        report.removed
    );
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
