//! Rust keywords as schema names: raw field names (`r#type`, `r#else`) and node types whose snake_case is a keyword
//! (`Return`, `If`, `Match`) generate a crate that compiles without a warning, with raw identifiers where needed
//! (`b.r#return(..)`, `it.r#else`).

use std::path::{Path, PathBuf};
use std::process::Command;

const SCHEMA: &str = r#"//! Keywords everywhere.
#[ast]
pub struct Module { pub body: Vec<Stmt> }
#[ast]
pub enum Stmt { Return(Box<Return>), If(Box<If>), Match(Box<Match>) }
#[ast]
pub struct Return { pub value: Option<Box<Name>> }
#[ast]
pub struct If { pub test: Box<Name>, pub r#else: Vec<Stmt> }
#[ast]
pub struct Match { #[estree(rename = "kind")] pub r#type: String, pub r#match: Box<Name> }
#[ast]
pub struct Name { pub id: String }
"#;

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ast_codegen_keywords_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    dir
}

#[test]
fn keyword_names_generate_a_crate_that_compiles_without_warnings() {
    let schema = temp_dir("schema");
    std::fs::write(schema.join("Cargo.toml"), "[package]\nname = \"keywords\"\n").unwrap();
    std::fs::write(schema.join("src/lib.rs"), SCHEMA).unwrap();
    let out = temp_dir("out");
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
    let manifest = format!(
        "[package]\nname = \"keywords_ast\"\nedition = \"2024\"\n[dependencies]\nast_runtime = {{ path = {:?}, features = [\"estree\"] }}\n[features]\nrandom = []\n[workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(out.join("Cargo.toml"), manifest).unwrap();
    let files = ast_codegen::generate(&schema).unwrap_or_else(|d| panic!("{d}"));
    ast_codegen::write::apply(&out, &files, false).unwrap();
    let builder = std::fs::read_to_string(out.join("src/builder.rs")).unwrap();
    assert!(builder.contains("pub fn r#return("), "{builder}");
    let ast = std::fs::read_to_string(out.join("src/ast.rs")).unwrap();
    assert!(ast.contains("pub r#else: Vec<Stmt>,") && ast.contains("pub r#type: String,"), "{ast}");

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
