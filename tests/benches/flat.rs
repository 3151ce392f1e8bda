//! Flat vs boxed, side by side in one run: building a tree, boxed -> flat, flat -> boxed, a full visit of each form,
//! and the heap bytes per node of each form (counted by a global allocator that tracks every allocation).
//!
//! Inputs: random trees of 20k and 200k nodes, and lodash and backbone parsed by the ES5 parser (after
//! `npm ci --prefix tests/js`). `cargo bench -p tests --bench flat` prints the criterion timings and then a summary
//! with the ratios the README records (flat visit speed-up, flat / boxed bytes per node, `size_of::<Node>()`).

use std::path::{Path, PathBuf};

use ast_runtime::flat_ast::{Walker, walk_range};
use ast_runtime::{ChildField, NodeIdVec, OptionalNodeId};
use criterion::{BatchSize, Criterion};
use es5_ast::flat::{FlatAst, Lang, NodeRef, drop_iteratively, view};
use es5_ast::random::RandomTree;
use es5_ast::{AstKind, FlatVisit, NodeId, ParentTable, Program, Visit, WalkControl, walk_flat};
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

/// The flat walk as it was before walk control (`ast_runtime::flat_ast::walk_range` at the commit before it), kept
/// here so that one run times it beside the walk with control on the same walkers: a walker that never skips must
/// cost the same in both. `#[inline(never)]` like the runtime's, so that both are compiled alike.
#[inline(never)]
fn walk_range_before<'a, W: Walker<'a, Lang> + ?Sized>(
    walker: &mut W,
    ast: &'a FlatAst,
    range: std::ops::Range<usize>,
) {
    let nodes = ast.nodes();
    let Some(slice) = nodes.get(range.clone()) else { return };
    // `range` lies inside a tree, whose length fits in u32, so every index does too.
    let first = range.start as u32;
    if !walker.wants_leave_events() {
        for (index, node) in (first..).zip(slice) {
            walker.enter(NodeRef { ast, id: NodeId::from_u32(index), node });
        }
        return;
    }
    // IDs of the nodes whose subtrees are still open, innermost on top. The tree records how many subtrees end at
    // each node (none for a node with children; for a leaf its own, then those of the ancestors it completes), so
    // closing them needs no look at the node's type or fields.
    let Some(ends) = ast.subtree_ends().get(range) else { return };
    let mut open: Vec<u32> = Vec::with_capacity(64);
    for (offset, (node, &ends)) in slice.iter().zip(ends).enumerate() {
        let index = first + offset as u32;
        let this = NodeRef { ast, id: NodeId::from_u32(index), node };
        walker.enter(this);
        if ends == 0 {
            open.push(index);
            continue;
        }
        walker.leave(this);
        let ends = if ends == u8::MAX { ast.subtrees_ending_at(this.id) } else { u32::from(ends) };
        // A subtree walk stops at its root: ancestors outside the range were never opened.
        for _ in 1..ends {
            let Some(done) = open.pop() else { break };
            let done = NodeId::from_u32(done);
            walker.leave(NodeRef { ast, id: done, node: &nodes[done.index()] });
        }
    }
    // Only a range that is not a whole subtree leaves nodes open; close them so every enter has its leave.
    while let Some(done) = open.pop() {
        let done = NodeId::from_u32(done);
        walker.leave(NodeRef { ast, id: done, node: &nodes[done.index()] });
    }
}

/// A [`Walker`] doing [`Tally`]'s work, with or without leave events, driven by either walk.
struct TallyWalker {
    tally: Tally,
    leaves: bool,
    span_end_sum: u64,
}

impl<'a> Walker<'a, Lang> for TallyWalker {
    #[inline]
    fn wants_leave_events(&self) -> bool {
        self.leaves
    }

    #[inline(always)]
    fn enter(&mut self, node: NodeRef<'a>) {
        FlatVisit::enter_node(&mut self.tally, node);
    }

    #[inline]
    fn leave(&mut self, node: NodeRef<'a>) {
        self.span_end_sum += u64::from(node.span().end);
    }
}

/// Walks `flat` with a [`TallyWalker`], by the walk before walk control or the current one.
fn tally_walk(flat: &FlatAst, leaves: bool, before: bool) -> u64 {
    let mut walker = TallyWalker { tally: Tally::default(), leaves, span_end_sum: 0 };
    if before {
        walk_range_before(&mut walker, flat, 0..flat.len());
    } else {
        walk_range(&mut walker, flat, 0..flat.len());
    }
    walker.tally.span_sum + walker.span_end_sum
}

/// Counts the nodes outside the bodies of functions but the first (lodash's wrapper: skipping its body would skip
/// everything; a body itself counts) by skipping each body's subtree.
#[derive(Default)]
struct SkipBodies {
    nodes: usize,
    /// Functions seen: the first one's body is walked.
    functions: usize,
    /// The body of the function entered last: the next body the scan reaches.
    body: Option<NodeId>,
    control: WalkControl,
}

impl<'a> FlatVisit<'a> for SkipBodies {
    #[inline]
    fn enter_node(&mut self, node: NodeRef<'a>) {
        self.nodes += 1;
        if self.body == Some(node.id) {
            self.control = WalkControl::SkipChildren;
        }
    }

    #[inline]
    fn visit_function_declaration(&mut self, it: view::FunctionDeclaration<'a>) {
        self.function(it.body().node_id());
    }

    #[inline]
    fn visit_function_expression(&mut self, it: view::FunctionExpression<'a>) {
        self.function(it.body().node_id());
    }

    fn wants_leave_events(&self) -> bool {
        false
    }

    #[inline]
    fn walk_control(&mut self) -> WalkControl {
        std::mem::take(&mut self.control)
    }
}

impl SkipBodies {
    /// A function whose body is `body` is entered: skip it unless this is the first function.
    fn function(&mut self, body: NodeId) {
        if self.functions > 0 {
            self.body = Some(body);
        }
        self.functions += 1;
    }
}

/// The same count by hand: a full scan that ignores the nodes before the end of the body last skipped.
#[derive(Default)]
struct FilterBodies<'a> {
    nodes: usize,
    functions: usize,
    body: Option<NodeId>,
    /// Nodes with a lower index are inside a body.
    skip_until: usize,
    ast: Option<&'a FlatAst>,
}

impl<'a> FlatVisit<'a> for FilterBodies<'a> {
    #[inline]
    fn enter_node(&mut self, node: NodeRef<'a>) {
        if node.id.index() < self.skip_until {
            return;
        }
        self.nodes += 1;
        if self.body == Some(node.id) {
            self.skip_until = self.ast.map_or(0, |ast| ast.subtree(node.id).end);
        }
    }

    #[inline]
    fn visit_function_declaration(&mut self, it: view::FunctionDeclaration<'a>) {
        self.function(it.node_id(), it.body().node_id());
    }

    #[inline]
    fn visit_function_expression(&mut self, it: view::FunctionExpression<'a>) {
        self.function(it.node_id(), it.body().node_id());
    }

    fn wants_leave_events(&self) -> bool {
        false
    }
}

impl FilterBodies<'_> {
    /// Function `id` with body `body` is entered: filter its body out unless it is the first function or is itself
    /// inside a body filtered out.
    fn function(&mut self, id: NodeId, body: NodeId) {
        if id.index() < self.skip_until {
            return;
        }
        if self.functions > 0 {
            self.body = Some(body);
        }
        self.functions += 1;
    }
}

fn count_skipping_bodies(flat: &FlatAst) -> usize {
    let mut visitor = SkipBodies::default();
    walk_flat(&mut visitor, flat);
    visitor.nodes
}

fn count_filtering_bodies(flat: &FlatAst) -> usize {
    let mut visitor = FilterBodies { ast: Some(flat), ..FilterBodies::default() };
    walk_flat(&mut visitor, flat);
    visitor.nodes
}

/// The flat parent table as it was built before parent fields (parents only, 4 bytes per node), by the same pass
/// over the public API: the baseline of `flat_parent_table`, which adds the field of every child.
fn parents_before(ast: &FlatAst) -> NodeIdVec<OptionalNodeId> {
    let mut table = vec![OptionalNodeId::NONE; ast.len()];
    let mut children = Vec::new();
    for (index, node) in ast.nodes().iter().enumerate() {
        let id = NodeId::from_usize(index);
        children.clear();
        let _ = node.data.for_each_child_field(id, ast.overflow(), |info| -> Result<(), ()> {
            match info.field {
                ChildField::One(id) => children.push(id),
                ChildField::Optional(id) => children.extend(id.get()),
                ChildField::List(range) | ChildField::MaybeList(Some(range)) => {
                    children.extend_from_slice(ast.id_list(range));
                }
                ChildField::MaybeList(None) => {}
                ChildField::OptionalList(range) => {
                    children.extend(ast.optional_id_list(range).iter().filter_map(|id| id.get()));
                }
            }
            Ok(())
        });
        for child in &children {
            if let Some(entry) = table.get_mut(child.index()) {
                *entry = OptionalNodeId::some(id);
            }
        }
    }
    NodeIdVec::from_vec(table)
}

/// Walk control on one input: the walk before and after it with the same walkers (must be equal), and skipping
/// function bodies against filtering them by hand; also what the parent table (with parent fields) costs.
fn bench_walk_control(c: &mut Criterion, name: &str, tree: &Program, flat: &FlatAst) {
    for leaves in [false, true] {
        assert_eq!(tally_walk(flat, leaves, true), tally_walk(flat, leaves, false), "both walks see the same events");
    }
    let counted = count_skipping_bodies(flat);
    assert_eq!(counted, count_filtering_bodies(flat), "skipping and filtering count the same");
    println!("{name}: {counted} of {} nodes are outside the bodies of functions but the first", flat.len());
    assert_eq!(&parents_before(flat), flat.clone().parents(), "both parent tables agree");
    let mut group = c.benchmark_group(format!("{name}_walk_control"));
    group.sample_size(30);
    for (bench, leaves, before) in [
        ("walk_before", false, true),
        ("walk_after", false, false),
        ("walk_with_leave_before", true, true),
        ("walk_with_leave_after", true, false),
    ] {
        group.bench_function(bench, |b| b.iter(|| tally_walk(std::hint::black_box(flat), leaves, before)));
    }
    group.bench_function("skip_function_bodies", |b| b.iter(|| count_skipping_bodies(std::hint::black_box(flat))));
    group.bench_function("filter_function_bodies", |b| {
        b.iter(|| count_filtering_bodies(std::hint::black_box(flat)));
    });
    group.bench_function("flat_parents_before", |b| {
        b.iter_with_large_drop(|| parents_before(std::hint::black_box(flat)))
    });
    group.bench_function("flat_parent_table", |b| {
        b.iter_batched_ref(|| flat.clone(), |fresh| fresh.parent_table().len(), BatchSize::LargeInput);
    });
    group.bench_function("boxed_parent_table", |b| {
        b.iter_with_large_drop(|| ParentTable::build(std::hint::black_box(tree)).expect("dense IDs"));
    });
    group.finish();
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
    if input.name == "lodash" {
        bench_walk_control(c, input.name, &tree, &flat);
    }
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
