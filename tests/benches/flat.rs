//! Flat vs boxed, side by side in one run: building a tree, boxed -> flat, flat -> boxed, a full visit of each form,
//! and the heap bytes per node of each form (counted by a global allocator that tracks every allocation).
//!
//! Inputs: random trees of 20k and 200k nodes, and lodash and backbone parsed by the ES5 parser (after
//! `npm ci --prefix tests/js`). `cargo bench -p tests --bench flat` prints the criterion timings and then a summary
//! with the ratios the README records (flat visit speed-up, flat / boxed bytes per node, `size_of::<Node>()`).

use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion};
use es5_ast::flat::{FlatAst, NodeRef, drop_iteratively};
use es5_ast::random::RandomTree;
use es5_ast::{AstKind, FlatVisit, Program, Visit, walk_flat};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

/// Counts every allocation, so heap bytes are measured rather than estimated.
#[global_allocator]
static GLOBAL: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

/// The random inputs: (name, seed, node budget, maximum depth). Depth stays modest so that the boxed tree's
/// recursive visit and drop are not the limit.
const RANDOM: [(&str, u64, usize, u32); 2] = [("random_20k", 7, 20_000, 40), ("random_200k", 11, 200_000, 40)];

/// Real files, parsed by the ES5 parser: (name, path under `tests/js/node_modules`, installed by
/// `npm ci --prefix tests/js`). Skipped with a note when not installed.
const FILES: [(&str, &str); 2] = [("lodash", "lodash/lodash.js"), ("backbone", "backbone/backbone.js")];

/// One input: its name and how to build its boxed tree (the "build" bench times exactly this).
struct Input {
    name: &'static str,
    build: Box<dyn Fn() -> Program>,
}

fn inputs() -> Vec<Input> {
    let mut inputs: Vec<Input> = RANDOM
        .iter()
        .map(|&(name, seed, budget, depth)| Input { name, build: Box::new(move || random_tree(seed, budget, depth)) })
        .collect();
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/node_modules");
    for (name, path) in FILES {
        match std::fs::read_to_string(modules.join(path)) {
            Ok(source) => inputs
                .push(Input { name, build: Box::new(move || es5_parser::parse(&source).expect("the library parses")) }),
            Err(_) => println!("{name}: not installed (run `npm ci --prefix tests/js`), skipped"),
        }
    }
    inputs
}

fn random_tree(seed: u64, budget: usize, depth: u32) -> Program {
    RandomTree::new(seed, budget, depth).tree()
}

/// The same minimal work per node for both forms: count it and read its span.
#[derive(Default)]
struct Tally {
    nodes: usize,
    span_sum: u64,
}

impl<'a> Visit<'a> for Tally {
    #[inline]
    fn enter_node(&mut self, kind: AstKind<'a>) {
        self.nodes += 1;
        self.span_sum += u64::from(kind.span().start);
    }
}

impl<'a> FlatVisit<'a> for Tally {
    #[inline]
    fn enter_node(&mut self, node: NodeRef<'a>) {
        self.nodes += 1;
        self.span_sum += u64::from(node.span().start);
    }

    /// Tally has no `leave_node`, so the flat walk can be a plain scan.
    fn wants_leave_events(&self) -> bool {
        false
    }
}

/// Like [`Tally`], plus work on every `leave_node`, so the flat walk must track open subtrees.
#[derive(Default)]
struct TallyWithLeave {
    tally: Tally,
    span_end_sum: u64,
}

impl<'a> Visit<'a> for TallyWithLeave {
    #[inline]
    fn enter_node(&mut self, kind: AstKind<'a>) {
        Visit::enter_node(&mut self.tally, kind);
    }

    #[inline]
    fn leave_node(&mut self, kind: AstKind<'a>) {
        self.span_end_sum += u64::from(kind.span().end);
    }
}

impl<'a> FlatVisit<'a> for TallyWithLeave {
    #[inline]
    fn enter_node(&mut self, node: NodeRef<'a>) {
        FlatVisit::enter_node(&mut self.tally, node);
    }

    #[inline]
    fn leave_node(&mut self, node: NodeRef<'a>) {
        self.span_end_sum += u64::from(node.span().end);
    }
}

fn visit_boxed_with_leave(tree: &Program) -> u64 {
    let mut tally = TallyWithLeave::default();
    Visit::visit_program(&mut tally, tree);
    tally.span_end_sum + tally.tally.span_sum
}

fn visit_flat_with_leave(flat: &FlatAst) -> u64 {
    let mut tally = TallyWithLeave::default();
    walk_flat(&mut tally, flat);
    tally.span_end_sum + tally.tally.span_sum
}

fn visit_boxed(tree: &Program) -> Tally {
    let mut tally = Tally::default();
    Visit::visit_program(&mut tally, tree);
    tally
}

fn visit_flat(flat: &FlatAst) -> Tally {
    let mut tally = Tally::default();
    walk_flat(&mut tally, flat);
    tally
}

/// Net heap bytes still allocated after `make` returns: what the value it built holds.
fn heap_bytes_of<T>(make: impl FnOnce() -> T) -> (T, usize) {
    let region = Region::new(GLOBAL);
    let value = make();
    let change = region.change();
    // `bytes_allocated` / `bytes_deallocated` already include growth and shrinkage by `realloc`.
    let net = change.bytes_allocated as isize - change.bytes_deallocated as isize;
    (value, net.max(0) as usize)
}

fn bench_input(c: &mut Criterion, input: &Input) {
    let build = &input.build;
    let tree = build();
    let flat = FlatAst::from_boxed(&tree);
    assert_eq!(visit_boxed(&tree).span_sum, visit_flat(&flat).span_sum, "both visits see the same nodes");
    assert_eq!(visit_boxed_with_leave(&tree), visit_flat_with_leave(&flat), "and the same leave events");

    let mut group = c.benchmark_group(input.name);
    group.sample_size(20);
    group.bench_function("build_boxed", |b| b.iter_with_large_drop(build));
    group.bench_function("boxed_to_flat", |b| b.iter_with_large_drop(|| FlatAst::from_boxed(&tree)));
    group.bench_function("flat_to_boxed", |b| b.iter_with_large_drop(|| flat.to_boxed()));
    group.bench_function("visit_boxed", |b| b.iter(|| visit_boxed(std::hint::black_box(&tree))));
    group.bench_function("visit_flat", |b| b.iter(|| visit_flat(std::hint::black_box(&flat))));
    group.bench_function("visit_boxed_with_leave", |b| {
        b.iter(|| visit_boxed_with_leave(std::hint::black_box(&tree)));
    });
    group.bench_function("visit_flat_with_leave", |b| b.iter(|| visit_flat_with_leave(std::hint::black_box(&flat))));
    group.bench_function("drop_boxed_iteratively", |b| {
        b.iter_batched(build, drop_iteratively, BatchSize::LargeInput);
    });
    group.finish();
}

/// Per input: (name, nodes, boxed bytes, flat bytes).
fn measure_memory(inputs: &[Input]) -> Vec<(&'static str, usize, usize, usize)> {
    inputs
        .iter()
        .map(|input| {
            let (tree, boxed_bytes) = heap_bytes_of(&input.build);
            assert_eq!(es5_ast::boxed_heap_bytes(&tree), boxed_bytes, "boxed_heap_bytes agrees with the allocator");
            let (flat, flat_bytes) = heap_bytes_of(|| FlatAst::from_boxed(&tree));
            assert_eq!(flat.heap_bytes(), flat_bytes, "FlatAst::heap_bytes agrees with the allocator");
            (input.name, flat.len(), boxed_bytes, flat_bytes)
        })
        .collect()
}

/// Criterion's median estimate (ns) of `group/bench` from this run, if it can be found.
fn criterion_median(group: &str, bench: &str) -> Option<f64> {
    let candidates: Vec<PathBuf> = [
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../target")),
        Some(PathBuf::from("target")),
    ]
    .into_iter()
    .flatten()
    .map(|dir| dir.join("criterion").join(group).join(bench).join("new/estimates.json"))
    .collect();
    let text = candidates.iter().find_map(|path| std::fs::read_to_string(path).ok())?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn print_summary(memory: &[(&str, usize, usize, usize)]) {
    println!("\n== flat vs boxed (this run) ==");
    println!("size_of::<es5_ast::flat::Node>() = {} bytes", std::mem::size_of::<es5_ast::flat::Node>());
    for &(name, nodes, boxed, flat) in memory {
        let (boxed_per, flat_per) = (boxed as f64 / nodes as f64, flat as f64 / nodes as f64);
        println!(
            "{name}: {nodes} nodes; heap bytes/node boxed {boxed_per:.1}, flat {flat_per:.1}; flat/boxed = {:.2}",
            flat_per / boxed_per
        );
        for (what, boxed_bench, flat_bench) in [
            ("full visit", "visit_boxed", "visit_flat"),
            ("full visit with leave events", "visit_boxed_with_leave", "visit_flat_with_leave"),
        ] {
            match (criterion_median(name, boxed_bench), criterion_median(name, flat_bench)) {
                (Some(boxed_ns), Some(flat_ns)) => println!(
                    "{name}: {what}: boxed {:.3} ms, flat {:.3} ms; flat is {:.2}x faster",
                    boxed_ns / 1e6,
                    flat_ns / 1e6,
                    boxed_ns / flat_ns
                ),
                _ => println!("{name}: {what}: timings not found under target/criterion (see criterion's output)"),
            }
        }
    }
}

fn main() {
    let inputs = inputs();
    let memory = measure_memory(&inputs);
    let mut c = Criterion::default().configure_from_args();
    for input in &inputs {
        bench_input(&mut c, input);
    }
    c.final_summary();
    print_summary(&memory);
}
