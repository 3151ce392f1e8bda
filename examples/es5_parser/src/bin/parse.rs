//! `parse FILE [--json [--flat] | --via-flat | --stats]`: parses an ES5 script with `es5_parser`.
//!
//! - no flag: one line, `FILE: N nodes`;
//! - `--json`: the ESTree JSON of the tree on stdout (what acorn 8 gives with `{ ecmaVersion: 5 }`);
//! - `--json --flat`: the same JSON, written from the tree parsed straight into the flat form
//!   (`es5_parser::parse_flat`, converted with `to_boxed`);
//! - `--json --edit EDIT...`: the JSON after transforms (`rename:OLD=NEW`, `drop-empty`, `fold`; see
//!   `es5_parser::transform`), applied in order on the flat tree (`--edit-on flat`, the default) or the boxed one
//!   (`--edit-on boxed`): the same text either way;
//! - `--via-flat`: the same JSON, written after converting the tree boxed -> flat -> boxed;
//! - `--stats`: one line of `key=value` pairs: `nodes`, `node_size` (`size_of` the flat `Node`), `boxed_bytes`
//!   and `flat_bytes` (heap bytes of each form), then `parse_ns`, `parse_flat_ns` (straight into the flat form),
//!   `flatten_ns`, `visit_boxed_ns` and `visit_flat_ns` (best of several runs, whole file; a visit touches every
//!   node), then `parse_allocs` and `parse_flat_allocs`: the heap allocations of one parse into each form,
//!   counted by this binary's global allocator.
//!
//! A syntax error prints `FILE:line:column: message` on stderr and exits with status 1. The line is 1-based; the
//! column is 1-based too (as rustc prints it), counted in UTF-16 code units — acorn's column plus one. Bad usage
//! (clap's message) and an unreadable file exit with status 2.
//!
//! The file is parsed on the main thread, as a library user would call the parser; the work on the tree, and its
//! `Drop`, run on a thread whose stack fits the tallest tree the file can give (see [`work_stack`]): a long chain of
//! operators (`a+a+…+a`) is a tree as tall as the chain, and the ESTree writer, the visitors and `Drop` recurse once
//! per level. (`--stats` times its parses there too.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::{Args, Parser};
use es5_ast::flat::{FlatAst, Node, NodeRef};
use es5_ast::{AstKind, FlatVisit, Program, Visit};
use es5_parser::transform::Transform;

/// Parses an ES5 script (what acorn 8 accepts with `ecmaVersion: 5`) and prints one line about it, its ESTree
/// JSON, or measurements. A syntax error prints `FILE:line:column: message` and exits with status 1.
#[derive(Parser)]
#[command(name = "parse", version, override_usage = "parse <FILE> [--json [--flat] | --via-flat | --stats]")]
struct Cli {
    /// The script to parse.
    file: PathBuf,
    #[command(flatten)]
    mode: ModeFlags,
    /// With --json: write the JSON from the tree parsed straight into the flat form (the same text).
    #[arg(long, requires = "json")]
    flat: bool,
    /// With --json: a transform to apply first (repeatable, applied in order): `rename:OLD=NEW` (every Identifier
    /// named OLD), `drop-empty` (EmptyStatements out of statement lists), `fold` (`+ - *` of numeric literals).
    #[arg(long = "edit", value_name = "EDIT", requires = "json", conflicts_with = "flat")]
    edits: Vec<Transform>,
    /// The tree the --edit transforms run on: `flat` (in-place and structural flat edits) or `boxed` (`VisitMut`).
    /// The JSON is the same.
    #[arg(long, value_enum, default_value = "flat")]
    edit_on: EditOn,
}

/// Where `--edit` transforms run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum EditOn {
    // Plain comments, not docs: clap would print documented values as a list, and every flag's help on its own line.
    // The flat tree: `flat::view_mut` setters and `flat::Editor` commits.
    Flat,
    // The boxed tree: `VisitMut`.
    Boxed,
}

/// What to print instead of `FILE: N nodes`; at most one of them.
#[derive(Args)]
#[group(multiple = false)]
struct ModeFlags {
    /// Print the tree as ESTree JSON (byte-identical to `JSON.stringify` of acorn's tree).
    #[arg(long)]
    json: bool,
    /// Print the same JSON after converting the tree boxed -> flat -> boxed.
    #[arg(long)]
    via_flat: bool,
    /// Print one line of key=value measurements: nodes, node_size, boxed_bytes, flat_bytes, parse_ns,
    /// parse_flat_ns, flatten_ns, visit_boxed_ns, visit_flat_ns (times: best of several runs over the whole file),
    /// parse_allocs, parse_flat_allocs (heap allocations of one parse into each form).
    #[arg(long)]
    stats: bool,
}

/// What to print.
enum Mode {
    Summary,
    Json,
    ViaFlat,
    Stats,
}

impl ModeFlags {
    /// The one mode the flags select (clap has already rejected more than one).
    fn mode(&self) -> Mode {
        match (self.json, self.via_flat, self.stats) {
            (true, _, _) => Mode::Json,
            (_, true, _) => Mode::ViaFlat,
            (_, _, true) => Mode::Stats,
            _ => Mode::Summary,
        }
    }
}

fn main() -> ExitCode {
    // Usage errors print clap's message and exit with status 2; `--help` and `--version` exit with 0.
    let cli = Cli::parse();
    let file = cli.file.display();
    let source = match std::fs::read_to_string(&cli.file) {
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
    let stack = work_stack(source.len());
    std::thread::scope(|scope| {
        // The tree is sent once the worker runs, so that it is still here if no worker can be started.
        let (send, receive) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new().name("parse".into()).stack_size(stack).spawn_scoped(scope, {
            let (cli, source) = (&cli, &source);
            move || receive.recv().map_or(ExitCode::from(2), |program| output(cli, source, program, nodes))
        });
        match spawned {
            Ok(worker) => {
                // Fails only if the worker is gone, which `join` reports.
                let _ = send.send(program);
                worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
            // No thread with such a stack (a 32-bit address space, a limit on virtual memory): this thread's stack
            // is then the limit, which only a file of long chains can reach.
            Err(_) => output(&cli, &source, program, nodes),
        }
    })
}

/// The stack for the work on a parsed file of `source_len` bytes.
///
/// The boxed tree's `Drop`, the ESTree writer and the visitors behind `--stats` recurse once per level of the
/// tree, and a left-associative chain (`a+a+…`, `a.a.…`, `a()()…`) gives a level per link: far more than nesting,
/// which the parser bounds by `MAX_DEPTH`, ever does. A link takes at least two bytes of source and the parser
/// refuses trees taller than `MAX_HEIGHT`, so the chains of the file give at most `min(source_len / 2,
/// MAX_HEIGHT)` levels; [`STACK_PER_LEVEL`] each, and room for the nesting and the rest on top. Only address space
/// is reserved: the pages used are the ones the recursion touches.
fn work_stack(source_len: usize) -> usize {
    let levels = (source_len / 2).min(es5_parser::MAX_HEIGHT as usize);
    16 * 1024 * 1024 + levels * STACK_PER_LEVEL
}

/// Stack per level of a chain for the deepest of the recursions above, doubled for margin: the most measured by
/// `cargo run [--release] -p es5_parser --example deep_chains` is 64 bytes in a release build (`Drop`,
/// `boxed_heap_bytes`) and 516 in a debug one (the visitors of `--stats`, on a chain of calls).
const STACK_PER_LEVEL: usize = if cfg!(debug_assertions) { 1024 } else { 128 };

/// Prints what `cli` asks for about `program`, the tree of `source` with `nodes` nodes, and drops it.
fn output(cli: &Cli, source: &str, program: Program, nodes: usize) -> ExitCode {
    let file = cli.file.display();
    let output = match cli.mode.mode() {
        Mode::Summary => format!("{file}: {nodes} nodes"),
        Mode::Json if cli.flat => match es5_parser::parse_flat(source) {
            Ok(flat) => es5_ast::json::to_json(&flat.to_boxed(), source),
            // The boxed parse accepted the file: the two builds disagree, a bug to report like an error.
            Err(e) => {
                eprintln!("{file}:{e} (parsed straight into the flat form only)");
                return ExitCode::from(1);
            }
        },
        Mode::Json if !cli.edits.is_empty() => match edited(cli, program) {
            Ok(program) => es5_ast::json::to_json(&program, source),
            Err(e) => {
                eprintln!("{file}: edit refused: {e}");
                return ExitCode::from(1);
            }
        },
        Mode::Json => es5_ast::json::to_json(&program, source),
        Mode::ViaFlat => es5_ast::json::to_json(&FlatAst::from_boxed(&program).to_boxed(), source),
        Mode::Stats => stats(source, &program, nodes),
    };
    write_line(&output)
}

/// `program` after the `--edit` transforms of `cli`, run where `--edit-on` says.
fn edited(cli: &Cli, mut program: Program) -> Result<Program, es5_ast::flat::EditError> {
    match cli.edit_on {
        EditOn::Boxed => {
            cli.edits.iter().for_each(|edit| edit.apply_boxed(&mut program));
            Ok(program)
        }
        EditOn::Flat => {
            let mut flat = FlatAst::from_boxed(&program);
            for edit in &cli.edits {
                edit.apply_flat(&mut flat)?;
            }
            Ok(flat.to_boxed())
        }
    }
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

/// The `--stats` line for `source`, already parsed into `program`.
fn stats(source: &str, program: &Program, nodes: usize) -> String {
    let flat = FlatAst::from_boxed(program);
    let parse_ns = best_of(|| es5_parser::parse(black_box(source))).as_nanos();
    let parse_flat_ns = best_of(|| es5_parser::parse_flat(black_box(source))).as_nanos();
    let parse_allocs = allocations_of(|| es5_parser::parse(black_box(source)));
    let parse_flat_allocs = allocations_of(|| es5_parser::parse_flat(black_box(source)));
    let flatten_ns = best_of(|| FlatAst::from_boxed(black_box(program))).as_nanos();
    let visit_boxed_ns = best_of(|| visit_boxed(black_box(program))).as_nanos();
    let visit_flat_ns = best_of(|| visit_flat(black_box(&flat))).as_nanos();
    assert_eq!(visit_boxed(program), visit_flat(&flat), "both visits see the same nodes");
    format!(
        "nodes={nodes} node_size={} boxed_bytes={} flat_bytes={} parse_ns={parse_ns} parse_flat_ns={parse_flat_ns} \
         flatten_ns={flatten_ns} visit_boxed_ns={visit_boxed_ns} visit_flat_ns={visit_flat_ns} \
         parse_allocs={parse_allocs} parse_flat_allocs={parse_flat_allocs}",
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

/// The system allocator, counting allocations while [`allocations_of`] asks it to. Outside that the count is off,
/// and an allocation costs one relaxed load more than the system's, so that the timings are not skewed.
struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to `System` unchanged; the counter has no effect on the memory handed out.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract for `alloc` is `System::alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: as `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A reallocation (a growing buffer) counts as an allocation: it may move and copy.
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: `ptr` and `layout` come from this allocator, which is `System` underneath.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as `realloc`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// The heap allocations (reallocations included) made while `f` runs; what it returns is dropped after counting.
/// Other threads' allocations in that time would count too: `--stats` runs nothing else meanwhile (a parse that
/// needs the big stack counts its thread's allocations, which are the parse's).
fn allocations_of<T>(f: impl FnOnce() -> T) -> usize {
    ALLOCATIONS.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::SeqCst);
    let value = f();
    COUNTING.store(false, Ordering::SeqCst);
    drop(value);
    ALLOCATIONS.load(Ordering::Relaxed)
}
