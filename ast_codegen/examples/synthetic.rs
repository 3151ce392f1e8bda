//! Writes a synthetic schema crate and its generated crate, to time generation and the generated crate's build at
//! scale: `cargo run --release -p ast_codegen --example synthetic -- DIR [STRUCTS] [ENUMS]` (default 1,000 node
//! structs and 100 node enums), then `cargo build --manifest-path DIR/ast/Cargo.toml`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: synthetic DIR [STRUCTS] [ENUMS]");
        return ExitCode::from(2);
    };
    let number = |i: usize, default: usize| args.get(i).map_or(Ok(default), |a| a.parse::<usize>());
    let (Ok(structs), Ok(enums)) = (number(1, 1000), number(2, 100)) else {
        eprintln!("error: STRUCTS and ENUMS are whole numbers");
        return ExitCode::from(2);
    };
    match write(&dir, structs, enums) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn write(dir: &Path, structs: usize, enums: usize) -> Result<(), String> {
    let (schema, out) = (dir.join("schema"), dir.join("ast"));
    for (path, text) in [
        (schema.join("Cargo.toml"), "[package]\nname = \"synthetic_schema\"\n".to_string()),
        (schema.join("src/lib.rs"), ast_codegen::synthetic::schema_source(structs, enums)),
        (out.join("Cargo.toml"), manifest()),
    ] {
        std::fs::create_dir_all(path.parent().unwrap_or(dir)).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let started = Instant::now();
    let files = ast_codegen::generate(&schema).map_err(|d| d.to_string())?;
    let elapsed = started.elapsed();
    ast_codegen::write::apply(&out, &files, false).map_err(|e| e.to_string())?;
    let lines: usize = files.iter().map(|f| f.text.lines().count()).sum();
    println!(
        "{structs} node structs, {enums} node enums: generated {} files, {lines} lines, in {:.0} ms -> {}",
        files.len(),
        elapsed.as_secs_f64() * 1e3,
        out.display()
    );
    Ok(())
}

/// The generated crate's manifest, depending on this workspace's runtime.
fn manifest() -> String {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
    format!(
        "[package]\nname = \"synthetic_ast\"\nedition = \"2024\"\n[dependencies]\nast_runtime = {{ path = {:?}, features = [\"estree\"] }}\n[features]\nrandom = []\n[workspace]\n",
        runtime.display().to_string()
    )
}
