//! `pyast_conformance [--every N]`: every `.py` file of the installed Python's standard library through CPython's
//! parser, the bridge script, the generated tree (directly and through the flat tree) and back to JSON, compared
//! byte for byte with the script's output. Prints the counts; exits 1 on any mismatch.

use std::process::ExitCode;

use clap::Parser;
use python_example::{Conformance, check_file, stdlib_files};

/// Compares CPython's AST JSON with ours on the standard library.
#[derive(Parser)]
#[command(name = "pyast_conformance", about, long_about = None)]
struct Options {
    /// Check every Nth file only (1: all).
    #[arg(long, default_value_t = 1)]
    every: usize,
}

fn main() -> ExitCode {
    let options = Options::parse();
    let files = match stdlib_files() {
        Ok(files) => files,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let mut tally = Conformance::default();
    for file in files.iter().step_by(options.every.max(1)) {
        check_file(file, &mut tally);
    }
    for mismatch in &tally.mismatches {
        eprintln!("{mismatch}");
    }
    println!(
        "{} files identical ({} nodes), {} mismatches, {} rejected by CPython, {} with text UTF-8 cannot carry",
        tally.identical,
        tally.nodes,
        tally.mismatches.len(),
        tally.rejected,
        tally.not_utf8
    );
    if tally.mismatches.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
