//! Writes a synthetic schema crate and its generated crate, to time generation and the generated crate's build at
//! scale: `cargo run --release -p ast_codegen --example synthetic -- DIR [STRUCTS] [ENUMS] [--phases]` (default
//! 1,000 node structs and 100 node enums), then `cargo build --manifest-path DIR/ast/Cargo.toml`. `--phases` then
//! generates once more on this thread alone, timing every phase and, per output, every step of rendering: where the
//! time goes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let phases = args.iter().any(|a| a == "--phases");
    args.retain(|a| a != "--phases");
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: synthetic DIR [STRUCTS] [ENUMS] [--phases]");
        return ExitCode::from(2);
    };
    let number = |i: usize, default: usize| args.get(i).map_or(Ok(default), |a| a.parse::<usize>());
    let (Ok(structs), Ok(enums)) = (number(1, 1000), number(2, 100)) else {
        eprintln!("error: STRUCTS and ENUMS are whole numbers");
        return ExitCode::from(2);
    };
    match write(&dir, structs, enums).and_then(|()| if phases { time_phases(&dir.join("schema")) } else { Ok(()) }) {
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

/// Generates the schema at `schema` once more on this thread, step by step as `ast_codegen::generate` does, and
/// prints how long each step took (rendering per output: emitting tokens, syn's parse of them, the tidy walk,
/// prettyplease, blank lines, and freeing the syntax tree and texts).
fn time_phases(schema: &Path) -> Result<(), String> {
    let error = |d: ast_codegen::diagnostics::Diagnostics| d.to_string();
    let mut clock = Instant::now();
    let mut lap = || std::mem::replace(&mut clock, Instant::now()).elapsed();
    let files = ast_codegen::load::load_schema_crate(schema).map_err(error)?;
    let load = lap();
    let parsed = ast_codegen::parse::parse_schema(&files).map_err(error)?;
    let parse = lap();
    ast_codegen::validate::validate(&parsed).map_err(error)?;
    let validate = lap();
    let model = ast_codegen::prepare::prepare(&parsed).map_err(error)?;
    let mut outputs = ast_codegen::emit::registry();
    for output in &mut outputs {
        output.prepare(&parsed).map_err(|d| error(ast_codegen::diagnostics::Diagnostics(d)))?;
    }
    let prepare = lap();
    let ms = |d: Duration| format!("{:8.1}", d.as_secs_f64() * 1e3);
    println!(
        "phases on one thread (ms): load {} parse {} validate {} prepare {}",
        ms(load),
        ms(parse),
        ms(validate),
        ms(prepare)
    );
    println!(
        "{:18} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "output", "emit", "syn", "tidy", "format", "blanks", "free", "lines"
    );
    let reserved: HashSet<String> = parsed.types.iter().map(|t| t.name().to_string()).collect();
    let mut totals = [Duration::ZERO; 6];
    let mut total_lines = 0;
    for output in &outputs {
        let info = output.info();
        lap();
        let tokens = output.generate(&model);
        let emit = lap();
        let mut file: syn::File = syn::parse2(tokens).map_err(|e| format!("{}: {e}", info.name))?;
        let syn = lap();
        ast_codegen::write::tidy::shorten_paths_and_space_doc_comments(&mut file, &reserved, info.reexport);
        let tidy = lap();
        let text = prettyplease::unparse(&file);
        let format = lap();
        let body = ast_codegen::write::tidy::space_items(&text);
        let blanks = lap();
        let lines = body.lines().count();
        drop((file, text, body));
        let free = lap();
        let steps = [emit, syn, tidy, format, blanks, free];
        totals.iter_mut().zip(steps).for_each(|(total, step)| *total += step);
        total_lines += lines;
        let steps: Vec<String> = steps.into_iter().map(ms).collect();
        println!("{:18} {} {lines:8}", info.name, steps.join(" "));
    }
    let totals: Vec<String> = totals.into_iter().map(ms).collect();
    println!("{:18} {} {total_lines:8}", "all outputs", totals.join(" "));
    Ok(())
}

/// The generated crate's manifest, depending on this workspace's runtime.
fn manifest() -> String {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
    format!(
        "[package]\nname = \"synthetic_ast\"\nedition = \"2024\"\n[dependencies]\nast_runtime = {{ path = {:?} }}\n[features]\nrandom = []\njson = [\"ast_runtime/json\"]\n[workspace]\n",
        runtime.display().to_string()
    )
}
