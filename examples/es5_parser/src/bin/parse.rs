//! `parse FILE [--json | --via-flat | --stats]`: parses an ES5 script with `es5_parser`.
//!
//! - no flag: one line, `FILE: N nodes`;
//! - `--json`: the ESTree JSON of the tree on stdout (what acorn 8 gives with `{ ecmaVersion: 5 }`);
//! - `--via-flat`: the same JSON, written after converting the tree boxed -> flat -> boxed;
//! - `--stats`: one line of `key=value` pairs: `nodes`, `node_size` (`size_of` the flat `Node`), `boxed_bytes`
//!   and `flat_bytes` (heap bytes of each form), then `parse_ns`, `flatten_ns`, `visit_boxed_ns` and
//!   `visit_flat_ns` (best of several runs, whole file; a visit touches every node).
//!
//! A syntax error prints `FILE:line:column: message` on stderr and exits with status 1. The line is 1-based; the
//! column is 1-based too (as rustc prints it), counted in UTF-16 code units — acorn's column plus one.

use std::hint::black_box;
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use es5_ast::flat::{FlatAst, Node, NodeRef};
use es5_ast::{AstKind, FlatVisit, Program, Visit};

const USAGE: &str = "usage: parse FILE [--json | --via-flat | --stats]";

/// What to print.
enum Mode {
    Summary,
    Json,
    ViaFlat,
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
    let (program, nodes) = match es5_parser::parse_with_node_count(&source) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{file}:{e}");
            return ExitCode::from(1);
        }
    };
    let output = match mode {
        Mode::Summary => format!("{file}: {nodes} nodes"),
        Mode::Json => es5_ast::estree::to_json(&program, &source),
        Mode::ViaFlat => es5_ast::estree::to_json(&FlatAst::from_boxed(&program).to_boxed(), &source),
        Mode::Stats => stats(&source, &program, nodes),
    };
    write_line(&output)
}

/// Prints `text` and a newline on stdout; a closed pipe (`parse FILE --json | head`) is not an error.
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
            "--json" => mode = Mode::Json,
            "--via-flat" => mode = Mode::ViaFlat,
            "--stats" => mode = Mode::Stats,
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            path if file.is_none() => file = Some(path.to_string()),
            extra => return Err(format!("unexpected argument {extra}")),
        }
    }
    Ok((file.ok_or("no input file")?, mode))
}

/// The `--stats` line for `source`, already parsed into `program`.
fn stats(source: &str, program: &Program, nodes: usize) -> String {
    let flat = FlatAst::from_boxed(program);
    let parse_ns = best_of(|| es5_parser::parse(black_box(source)).expect("parsed before")).as_nanos();
    let flatten_ns = best_of(|| FlatAst::from_boxed(black_box(program))).as_nanos();
    let visit_boxed_ns = best_of(|| visit_boxed(black_box(program))).as_nanos();
    let visit_flat_ns = best_of(|| visit_flat(black_box(&flat))).as_nanos();
    assert_eq!(visit_boxed(program), visit_flat(&flat), "both visits see the same nodes");
    format!(
        "nodes={nodes} node_size={} boxed_bytes={} flat_bytes={} parse_ns={parse_ns} flatten_ns={flatten_ns} \
         visit_boxed_ns={visit_boxed_ns} visit_flat_ns={visit_flat_ns}",
        std::mem::size_of::<Node>(),
        es5_ast::boxed_heap_bytes(program),
        flat.heap_bytes(),
    )
}

/// Counts nodes and sums their start offsets, so that a visit has to touch every node.
#[derive(Default, PartialEq, Eq, Debug)]
struct Tally {
    nodes: usize,
    span_sum: u64,
}

impl<'a> Visit<'a> for Tally {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        self.nodes += 1;
        self.span_sum += u64::from(kind.span().start);
    }
}

impl<'a> FlatVisit<'a> for Tally {
    fn enter_node(&mut self, node: NodeRef<'a>) {
        self.nodes += 1;
        self.span_sum += u64::from(node.span().start);
    }
}

fn visit_boxed(program: &Program) -> Tally {
    let mut tally = Tally::default();
    Visit::visit_program(&mut tally, program);
    tally
}

fn visit_flat(flat: &FlatAst) -> Tally {
    let mut tally = Tally::default();
    es5_ast::walk_flat(&mut tally, flat);
    tally
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
