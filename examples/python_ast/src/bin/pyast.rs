//! `pyast FILE.py [--json | --via-flat | --stats]`: CPython's AST of a file, read into the generated tree and
//! printed back (byte-identical to what the bridge script prints), or figures about it.

use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use python_ast::flat::{FlatAst, NodeRef};
use python_ast::{AstKind, FlatVisit, Visit, walk_flat};
use python_example::{DumpError, dump, reprint, source};

/// Reads CPython's AST of FILE (through `pyast_dump.py` and `python3`) into the generated tree.
#[derive(Parser)]
#[command(name = "pyast", about, long_about = None)]
struct Options {
    /// The Python file.
    file: PathBuf,
    /// Print the tree as JSON (the default).
    #[arg(long, group = "mode")]
    json: bool,
    /// Print the JSON after boxed -> flat -> boxed.
    #[arg(long, group = "mode")]
    via_flat: bool,
    /// Print `nodes=N boxed_bytes=B flat_bytes=F visit_boxed_ns=V visit_flat_ns=W`.
    #[arg(long, group = "mode")]
    stats: bool,
}

fn main() -> ExitCode {
    let options = Options::parse();
    let json = match dump(&options.file) {
        Ok(json) => json,
        Err(DumpError::Rejected(message) | DumpError::Surrogates(message) | DumpError::Failed(message)) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let text = match source(&options.file) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    if options.stats {
        return stats(&json, &text);
    }
    match reprint(&json, &text, options.via_flat) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{}: {message}", options.file.display());
            ExitCode::FAILURE
        }
    }
}

/// Counts nodes in either form.
#[derive(Default)]
struct Count(usize);

impl<'a> Visit<'a> for Count {
    fn enter_node(&mut self, _: AstKind<'a>) {
        self.0 += 1;
    }
}

impl<'a> FlatVisit<'a> for Count {
    fn enter_node(&mut self, _: NodeRef<'a>) {
        self.0 += 1;
    }
}

/// The fastest of a few runs of `run`, in nanoseconds.
fn best_ns(mut run: impl FnMut()) -> u128 {
    (0..7)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed().as_nanos()
        })
        .min()
        .unwrap_or_default()
}

fn stats(json: &str, text: &str) -> ExitCode {
    let module = match python_ast::json::from_json(json, text) {
        Ok(module) => module,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let flat = FlatAst::from_boxed(&module);
    let boxed_bytes = std::mem::size_of_val(&module) + python_ast::boxed_heap_bytes(&module);
    let visit_boxed = best_ns(|| {
        let mut count = Count::default();
        Visit::visit_module(&mut count, black_box(&module));
        black_box(count.0);
    });
    let visit_flat = best_ns(|| {
        let mut count = Count::default();
        walk_flat(&mut count, black_box(&flat));
        black_box(count.0);
    });
    println!(
        "nodes={} boxed_bytes={boxed_bytes} flat_bytes={} visit_boxed_ns={visit_boxed} visit_flat_ns={visit_flat}",
        flat.len(),
        flat.heap_bytes()
    );
    ExitCode::SUCCESS
}
