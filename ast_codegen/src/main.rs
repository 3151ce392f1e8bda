//! The `ast_codegen` command: generate (default), check, or report layouts. `--help` lists the options.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo run -p ast_codegen -- [--check] [--schema DIR] [--out DIR]
       cargo run -p ast_codegen -- layout [--json] [--schema DIR]

Reads the schema crate (default: ast_schema) and writes the generated crate's src/ (default: generated).
`layout` writes nothing: it prints every node struct's fields in memory order with offsets and padding, what
node_id costs, and how other placements of node_id and span compare (`--json`: the structs as JSON, 64-bit).

options:
  --check         write nothing; exit 1 and name every file that is stale
  --schema DIR    the schema crate to read (the folder with Cargo.toml and src/lib.rs)
  --out DIR       the crate to write into (its src/ receives the generated files)
  -h, --help      this text";

/// Parsed command line.
struct Options {
    check: bool,
    /// `layout`: print the layout report instead of generating; `Some(true)` with `--json`.
    layout: Option<bool>,
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
    let mut options =
        Options { check: false, layout: None, schema: root.join("ast_schema"), out: root.join("generated") };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "layout" => options.layout = Some(options.layout.unwrap_or(false)),
            "--json" if options.layout.is_some() => options.layout = Some(true),
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
    if let Some(json) = options.layout {
        return print_layouts(&options.schema, json);
    }
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

/// `layout` / `layout --json`: the layout report of the schema at `schema_dir`.
fn print_layouts(schema_dir: &Path, json: bool) -> ExitCode {
    use ast_codegen::layout;
    let layouts = ast_codegen::load_schema(schema_dir)
        .and_then(|schema| Ok((layout::compute(&schema)?, layout::report::Others::compute(&schema)?)));
    match layouts {
        Ok((layouts, _)) if json => print!("{}", layout::report::json(&layouts)),
        Ok((layouts, others)) => print!("{}", layout::report::table(&layouts, &others)),
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            eprintln!("error: the schema has {} error(s)", diagnostics.0.len());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
