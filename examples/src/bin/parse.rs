//! `parse FILE [--stats]`: parses an ES5 script with `examples::parser`.
//!
//! - no flag: one line, `FILE: N nodes`;
//! - `--stats`: one line of `key=value` pairs: `nodes`, `boxed_bytes` (heap bytes of the boxed tree, counted by
//!   the allocator) and `parse_ns` (best of several runs, parse + renumber, tree drop excluded).
//!
//! A syntax error prints `FILE:line:column: message` on stderr and exits with status 1. The line is 1-based; the
//! column is 1-based too (as rustc prints it), counted in UTF-16 code units — acorn's column plus one.

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

const USAGE: &str = "usage: parse FILE [--stats]";

/// What to print.
enum Mode {
    Summary,
    Stats,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (file, mode) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let source = match std::fs::read_to_string(&file) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("{file}: cannot read: {e}");
            return ExitCode::from(2);
        }
    };
    let (program, nodes) = match examples::parser::parse_with_node_count(&source) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{file}:{e}");
            return ExitCode::from(1);
        }
    };
    let output = match mode {
        Mode::Summary => format!("{file}: {nodes} nodes"),
        Mode::Stats => {
            drop(program);
            stats(&source, nodes)
        }
    };
    write_line(&output)
}

/// Prints `text` and a newline on stdout; a closed pipe (`parse FILE | head`) is not an error.
fn write_line(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write the output: {e}");
            ExitCode::from(2)
        }
    }
}

fn parse_args(args: &[String]) -> Result<(String, Mode), String> {
    let mut file = None;
    let mut mode = Mode::Summary;
    for arg in args {
        match arg.as_str() {
            "--stats" => mode = Mode::Stats,
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            path if file.is_none() => file = Some(path.to_string()),
            extra => return Err(format!("unexpected argument {extra}")),
        }
    }
    Ok((file.ok_or("no input file")?, mode))
}

/// The `--stats` line for `source` (which is known to parse).
fn stats(source: &str, nodes: usize) -> String {
    let region = Region::new(GLOBAL);
    let program = examples::parser::parse(source).expect("parsed before");
    let change = region.change();
    let boxed_bytes = change.bytes_allocated as isize - change.bytes_deallocated as isize + change.bytes_reallocated;
    drop(program);
    let parse_ns = best_of(|| examples::parser::parse(source).expect("parsed before")).as_nanos();
    format!("nodes={nodes} boxed_bytes={} parse_ns={parse_ns}", boxed_bytes.max(0))
}

/// The fastest of several runs of `f` (at least 5, and enough to take about half a second, at most 100); the
/// value `f` returns is dropped outside the timed region.
fn best_of<T>(mut f: impl FnMut() -> T) -> Duration {
    let mut best = Duration::MAX;
    let started = Instant::now();
    for run in 0..100 {
        let t = Instant::now();
        let value = f();
        best = best.min(t.elapsed());
        drop(value);
        if run >= 4 && started.elapsed() > Duration::from_millis(500) {
            break;
        }
    }
    best
}
