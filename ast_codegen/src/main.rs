//! The `ast_codegen` command: generate (default), check, or report layouts. `--help` lists the options.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo run -p ast_codegen -- [--check] [--schema DIR] [--out DIR]

Reads the schema crate (default: ast_schema) and writes the generated crate's src/ (default: generated).

options:
  --check         write nothing; exit 1 and name every file that is stale
  --schema DIR    the schema crate to read (the folder with Cargo.toml and src/lib.rs)
  --out DIR       the crate to write into (its src/ receives the generated files)
  -h, --help      this text";

/// Parsed command line.
struct Options {
    check: bool,
    schema: PathBuf,
    out: PathBuf,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse_args(&args) {
        Ok(Some(options)) => run(&options),
        Ok(None) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root this binary was built in: the defaults are relative to it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `path` relative to the current directory when it lies below it, so diagnostics show short paths.
fn shorten(path: PathBuf) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) => path.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(path),
        Err(_) => path,
    }
}

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let root = workspace_root();
    let mut options = Options { check: false, schema: root.join("ast_schema"), out: root.join("generated") };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "--schema" => options.schema = PathBuf::from(it.next().ok_or("--schema needs a directory")?),
            "--out" => options.out = PathBuf::from(it.next().ok_or("--out needs a directory")?),
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    options.schema = shorten(options.schema);
    options.out = shorten(options.out);
    Ok(Some(options))
}

fn run(options: &Options) -> ExitCode {
    let started = std::time::Instant::now();
    let files = match ast_codegen::generate(&options.schema) {
        Ok(files) => files,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            eprintln!("error: the schema has {} error(s); nothing was written", diagnostics.0.len());
            return ExitCode::FAILURE;
        }
    };
    let report = match ast_codegen::write::apply(&options.out, &files, options.check) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: cannot write to {}: {err}", options.out.display());
            return ExitCode::FAILURE;
        }
    };
    let src = options.out.join("src");
    if options.check {
        for name in &report.changed {
            eprintln!("stale: {}", src.join(name).display());
        }
        for name in &report.removed {
            eprintln!("stale (no longer generated): {}", src.join(name).display());
        }
        if !report.is_clean() {
            eprintln!("error: generated files are stale; run `cargo run -p ast_codegen`");
            return ExitCode::FAILURE;
        }
        eprintln!("{} generated files are up to date", report.unchanged.len());
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "generated {} files into {} ({} changed, {} removed) in {:.1} ms",
        files.len(),
        src.display(),
        report.changed.len(),
        report.removed.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    ExitCode::SUCCESS
}
