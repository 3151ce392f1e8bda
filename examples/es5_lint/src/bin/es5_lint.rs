//! `es5_lint [--tree flat|boxed] FILE...`: lints ES5 scripts with the three rules of `es5_lint` and prints one line
//! per finding, `FILE:line:column: rule: message` (1-based line and column, the column in UTF-16 code units).
//!
//! Exit status: 0 when nothing was found, 1 when something was (or a file does not parse: its syntax error is
//! printed the same way), 2 for bad usage or an unreadable file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use es5_ast::LineIndex;

/// Lints ES5 scripts: `==` / `!=`, `var`s never referenced in their function, the deepest nesting of functions.
#[derive(Parser)]
#[command(name = "es5_lint", version)]
struct Cli {
    /// The scripts to lint.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Which tree the rules run on (the findings are the same).
    #[arg(long, value_enum, default_value_t = Tree::Flat)]
    tree: Tree,
}

/// The representation the rules run on.
#[derive(Clone, Copy, ValueEnum)]
enum Tree {
    /// Parsed straight into the flat tree; views and `FlatVisit`.
    Flat,
    /// The boxed tree; `Visit`.
    Boxed,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The boxed tree's visitor and `Drop` recurse once per level of the tree: give them room.
    let worker = std::thread::Builder::new().stack_size(256 << 20).spawn(move || run(&cli));
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("es5_lint: the lint thread failed");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> ExitCode {
    let mut found = false;
    for path in &cli.files {
        let shown = path.display().to_string();
        let source = match std::fs::read_to_string(path) {
            Ok(source) => source,
            Err(error) => {
                eprintln!("{shown}: {error}");
                return ExitCode::from(2);
            }
        };
        let findings = match cli.tree {
            Tree::Flat => es5_parser::parse_flat(&source).map(|ast| es5_lint::flat::lint(&ast)),
            Tree::Boxed => es5_parser::parse(&source).map(|program| es5_lint::boxed::lint(&program)),
        };
        match findings {
            Ok(findings) => {
                let lines = LineIndex::javascript(&source);
                for finding in &findings {
                    println!("{}", finding.render(&shown, &source, &lines));
                }
                found |= !findings.is_empty();
            }
            Err(error) => {
                eprintln!("{shown}:{error}");
                found = true;
            }
        }
    }
    if found { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
