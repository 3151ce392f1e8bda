//! Past 256 node structs `NodeKind` widens to two bytes by itself, and the generated crate still compiles without a
//! warning.

use std::path::{Path, PathBuf};
use std::process::Command;

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ast_codegen_many_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    dir
}

#[test]
fn node_kind_widens_past_256_node_structs_and_the_crate_compiles() {
    let schema = temp_dir("schema");
    std::fs::write(schema.join("Cargo.toml"), "[package]\nname = \"many\"\n").unwrap();
    std::fs::write(schema.join("src/lib.rs"), ast_codegen::synthetic::schema_source(300, 10)).unwrap();
    let out = temp_dir("out");
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
    let manifest = format!(
        "[package]\nname = \"many_ast\"\nedition = \"2024\"\n[dependencies]\nast_runtime = {{ path = {:?}, features = [\"estree\"] }}\n[features]\nrandom = []\n[workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(out.join("Cargo.toml"), manifest).unwrap();
    let files = ast_codegen::generate(&schema).unwrap_or_else(|d| panic!("{d}"));
    ast_codegen::write::apply(&out, &files, false).unwrap();
    let kinds = std::fs::read_to_string(out.join("src/ast_kind.rs")).unwrap();
    assert!(kinds.contains("#[repr(u16)]\n"), "NodeKind did not widen");

    let output = Command::new(env!("CARGO"))
        .current_dir(&out)
        .args(["check", "--quiet", "--offline", "--all-features"])
        .env("CARGO_TARGET_DIR", out.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the generated crate does not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let _ = std::fs::remove_dir_all(&schema);
    let _ = std::fs::remove_dir_all(&out);
}
