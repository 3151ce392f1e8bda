//! The `ast_codegen` command: generate (default), check, or report layouts. `--help` lists the options.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ast_codegen::targets::Target;
use clap::{Parser, Subcommand};

/// Reads an AST schema crate and writes the generated AST crate's `src/`.
#[derive(Parser)]
#[command(name = "ast_codegen", about, long_about = None)]
struct Options {
    /// Write nothing; exit 1 and name every file that is stale.
    #[arg(long)]
    check: bool,
    /// The schema crate to read (the folder with Cargo.toml and src/lib.rs) [default: every schema crate the
    /// workspace's Cargo.toml lists under `[[workspace.metadata.ast_codegen.crates]]`; for `layout`, the first].
    #[arg(long, value_name = "DIR", global = true)]
    schema: Option<PathBuf>,
    /// The crate to write into (its src/ receives the generated files); needed with --schema to generate.
    #[arg(long, value_name = "DIR", requires = "schema")]
    out: Option<PathBuf>,
    /// An output not to write (by module name, e.g. `json`); with --schema. Repeatable.
    #[arg(long, value_name = "OUTPUT", requires = "schema")]
    skip: Vec<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// What to do instead of generating.
#[derive(Subcommand)]
enum Command {
    /// Write nothing: print every node struct's fields in memory order with offsets and padding, what node_id
    /// costs, and how other placements of node_id and span compare.
    Layout {
        /// The structs as JSON (64-bit), for tools.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let options = Options::parse();
    let targets = match (&options.schema, &options.out) {
        (Some(schema), out) => {
            let out = out.clone().unwrap_or_default();
            vec![Target { schema: shorten(schema.clone()), out: shorten(out), skip: options.skip.clone() }]
        }
        (None, _) => match ast_codegen::targets::read(&workspace_root()) {
            Ok(targets) => targets
                .into_iter()
                .map(|t| Target { schema: shorten(t.schema), out: shorten(t.out), skip: t.skip })
                .collect(),
            Err(diagnostic) => {
                eprintln!("{}", ast_codegen::diagnostics::Diagnostics(vec![diagnostic]));
                return ExitCode::FAILURE;
            }
        },
    };
    if options.command.is_none() && options.schema.is_some() && options.out.is_none() {
        eprintln!("error: --schema needs --out, the crate to write into");
        return ExitCode::FAILURE;
    }
    match options.command {
        Some(Command::Layout { json }) => match targets.first() {
            Some(target) => print_layouts(&target.schema, json),
            None => ExitCode::FAILURE,
        },
        // Every schema is generated and reported even when an earlier one fails, so one run shows every problem.
        None => targets
            .iter()
            .map(|t| run(t, options.check))
            .fold(ExitCode::SUCCESS, |all, one| if one == ExitCode::SUCCESS { all } else { one }),
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

/// Generates (or with `check`, compares) the crate of `target` from its schema crate.
fn run(target: &Target, check: bool) -> ExitCode {
    let out = target.out.as_path();
    let started = std::time::Instant::now();
    let files = match ast_codegen::generate_target(target) {
        Ok(files) => files,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            eprintln!("error: the schema has {} error(s); nothing was written", diagnostics.0.len());
            return ExitCode::FAILURE;
        }
    };
    let report = match ast_codegen::write::apply(out, &files, check) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: cannot write to {}: {err}", out.display());
            return ExitCode::FAILURE;
        }
    };
    let src = out.join("src");
    if check {
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
