//! What the tests that build a generated crate share: a schema crate from source, the generated crate beside it
//! (depending on this workspace's runtime), and `cargo check` of it.

// Each test crate that includes this module uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A schema crate and the crate generated from it, in fresh temporary directories; removed on drop.
pub struct GeneratedCrate {
    /// The schema crate.
    pub schema: PathBuf,
    /// The generated crate (its `src/` holds the generated files).
    pub out: PathBuf,
}

impl GeneratedCrate {
    /// Writes `lib_rs` as a schema crate, runs the generator and writes the generated crate; panics with the
    /// diagnostics if the schema is refused.
    pub fn new(tag: &str, lib_rs: &str) -> GeneratedCrate {
        let (schema, out) = (temp_dir(&format!("{tag}_schema")), temp_dir(&format!("{tag}_out")));
        std::fs::write(schema.join("Cargo.toml"), format!("[package]\nname = \"{tag}\"\n")).unwrap();
        std::fs::write(schema.join("src/lib.rs"), lib_rs).unwrap();
        let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let manifest = format!(
            "[package]\nname = \"{tag}_ast\"\nedition = \"2024\"\n[dependencies]\nast_runtime = {{ path = {:?} }}\n[features]\nrandom = []\njson = [\"ast_runtime/json\"]\n[workspace]\n",
            runtime.display().to_string()
        );
        std::fs::write(out.join("Cargo.toml"), manifest).unwrap();
        let files = ast_codegen::generate(&schema).unwrap_or_else(|d| panic!("{d}"));
        ast_codegen::write::apply(&out, &files, false).unwrap();
        GeneratedCrate { schema, out }
    }

    /// The text of the generated file `name` (`ast.rs`, ...).
    pub fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.out.join("src").join(name)).unwrap()
    }

    /// `cargo check` of the generated crate with its `random` feature, warnings denied; panics with rustc's output
    /// when it fails.
    pub fn check_all_features_without_warnings(&self) {
        self.check(None, true);
    }

    /// `cargo clippy` of the generated crate with its `random` feature, warnings denied; panics with clippy's output
    /// when it finds anything.
    pub fn clippy_all_features_without_warnings(&self) {
        let output = Command::new(env!("CARGO"))
            .current_dir(&self.out)
            .args(["clippy", "--quiet", "--offline", "--all-features", "--", "-D", "warnings"])
            .env("CARGO_TARGET_DIR", self.out.join("target"))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "clippy finds fault with the generated crate:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// `cargo check` of the generated crate for `target` (default features); panics with rustc's output when it
    /// fails.
    pub fn check_target(&self, target: Option<&str>) {
        self.check(target, false);
    }

    fn check(&self, target: Option<&str>, strict: bool) {
        let mut cargo = Command::new(env!("CARGO"));
        cargo
            .current_dir(&self.out)
            .args(["check", "--quiet", "--offline"])
            .env("CARGO_TARGET_DIR", self.out.join("target"));
        if let Some(target) = target {
            cargo.args(["--target", target]);
        }
        if strict {
            cargo.arg("--all-features").env("RUSTFLAGS", "-D warnings");
        }
        let output = cargo.output().unwrap();
        assert!(
            output.status.success(),
            "the generated crate does not compile{} for target {target:?}:\n{}",
            if strict { " without warnings with all features" } else { "" },
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for GeneratedCrate {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.schema);
        let _ = std::fs::remove_dir_all(&self.out);
    }
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ast_codegen_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    dir
}
