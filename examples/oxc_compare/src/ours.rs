//! Our side: the ES5 parser (`es5_parser`) into the boxed `es5_ast` tree, the boxed -> flat conversion,
//! and full visits of both forms.

use std::time::Duration;

use es5_ast::flat::{FlatAst, FlatBuilder, NodeRef};
use es5_ast::visit::{FlatVisit, Visit, walk_flat};
use es5_ast::{AstKind, AstNodeBuilder, Program};

use crate::timing;

/// Our figures for one file.
#[derive(Debug, Default)]
pub struct Figures {
    /// Nodes in the tree.
    pub nodes: Option<usize>,
    /// Heap bytes held by the boxed `Program`, its strings included.
    pub boxed_bytes: Option<usize>,
    /// Heap bytes held by the flat form (`FlatAst`), its string buffer included.
    pub flat_bytes: Option<usize>,
    /// Best parse time (into the boxed tree).
    pub parse: Option<Duration>,
    /// Best parse time straight into the flat tree through one `FlatBuilder` kept across the runs
    /// (`es5_parser::parse_with`), its finishing pass included: the like of oxc's arena, reset and reused.
    pub parse_flat: Option<Duration>,
    /// Best parse time straight into the flat tree with a new builder per run (`es5_parser::parse_flat`), whose
    /// buffers grow from empty every time.
    pub parse_flat_fresh: Option<Duration>,
    /// Best boxed -> flat conversion time.
    pub flatten: Option<Duration>,
    /// Best full visit of the boxed tree.
    pub visit_boxed: Option<Duration>,
    /// Best full visit of the flat form (enter events only, the plain scan).
    pub visit_flat: Option<Duration>,
    /// Best full visit of the flat form with enter and leave events.
    pub visit_flat_leave: Option<Duration>,
}

/// Error from our side (the parser rejecting a file).
pub type Error = Box<dyn std::error::Error>;

/// Parses `source` with our ES5 parser into the boxed tree (numbered in preorder).
pub fn parse(source: &str) -> Result<Program, es5_parser::SyntaxError> {
    es5_parser::parse(source)
}

/// The number of nodes in `program`: renumbering a preorder-numbered tree gives it the same IDs and returns the
/// count.
pub fn node_count(program: &mut Program) -> usize {
    AstNodeBuilder::new().renumber(program)
}

/// Converts the boxed tree to the flat form.
pub fn flatten(program: &Program) -> FlatAst {
    FlatAst::from_boxed(program)
}

/// Counts every node a boxed `Visit` enters and sums their kinds (the same hook and work as oxc's counter).
#[derive(Default)]
pub struct BoxedCounter {
    /// Nodes entered so far.
    pub nodes: usize,
    /// Wrapping sum of the entered nodes' kinds.
    pub kind_sum: usize,
}

impl<'a> Visit<'a> for BoxedCounter {
    #[inline]
    fn enter_node(&mut self, kind: AstKind<'a>) {
        self.nodes += 1;
        self.kind_sum = self.kind_sum.wrapping_add(kind.kind() as usize);
    }
}

/// Counts every node a flat visit enters and sums their kinds. It has no `leave_node`, so it says so
/// (`wants_leave_events`) and `walk_flat` is a plain scan: what a user's enter-only visitor gets. (Counting alone
/// would let the compiler replace the scan by the array length; the kind sum reads every node.)
#[derive(Default)]
pub struct FlatCounter {
    /// Nodes entered so far.
    pub nodes: usize,
    /// Wrapping sum of the entered nodes' kinds.
    pub kind_sum: usize,
}

impl<'a> FlatVisit<'a> for FlatCounter {
    #[inline]
    fn enter_node(&mut self, node: NodeRef<'a>) {
        self.nodes += 1;
        self.kind_sum = self.kind_sum.wrapping_add(node.node_kind() as usize);
    }

    #[inline]
    fn wants_leave_events(&self) -> bool {
        false
    }
}

/// Counts nodes entered and left and sums their kinds: the flat walk with `leave_node` events, which keeps a
/// stack of open nodes.
#[derive(Default)]
pub struct FlatEnterLeaveCounter {
    /// Nodes entered so far.
    pub entered: usize,
    /// Nodes left so far.
    pub left: usize,
    /// Wrapping sum of the entered nodes' kinds.
    pub kind_sum: usize,
}

impl<'a> FlatVisit<'a> for FlatEnterLeaveCounter {
    #[inline]
    fn enter_node(&mut self, node: NodeRef<'a>) {
        self.entered += 1;
        self.kind_sum = self.kind_sum.wrapping_add(node.node_kind() as usize);
    }

    #[inline]
    fn leave_node(&mut self, _node: NodeRef<'a>) {
        self.left += 1;
    }
}

/// A full `Visit` over the boxed tree; returns the number of nodes entered.
pub fn visit_boxed_count(program: &Program) -> usize {
    let mut counter = BoxedCounter::default();
    counter.visit_program(program);
    std::hint::black_box(counter.kind_sum);
    counter.nodes
}

/// A full `FlatVisit` over the flat form (`walk_flat`, enter events only); returns the number of nodes entered.
pub fn visit_flat_count(ast: &FlatAst) -> usize {
    let mut counter = FlatCounter::default();
    walk_flat(&mut counter, ast);
    std::hint::black_box(counter.kind_sum);
    counter.nodes
}

/// A full `FlatVisit` with enter and leave events; returns the number of nodes entered, or `None` if the
/// leave events do not match the enter events.
pub fn visit_flat_enter_leave_count(ast: &FlatAst) -> Option<usize> {
    let mut counter = FlatEnterLeaveCounter::default();
    walk_flat(&mut counter, ast);
    std::hint::black_box(counter.kind_sum);
    (counter.entered == counter.left).then_some(counter.entered)
}

/// Measures our side on `source` but its parse times, each timing best of `runs`. Fails if the parser rejects the file or the
/// visits disagree with the tree's node count (a visit that skipped nodes would make its time meaningless).
pub fn measure(source: &str, runs: usize) -> Result<Figures, Error> {
    let mut program = parse(source)?;
    // Structural byte counts (the generated `HeapSize`; the flat tree's buffer capacities): the same figures a
    // counting allocator reports, checked against one in `tests/tests/heap_bytes.rs` of the main workspace.
    let boxed_bytes = es5_ast::boxed_heap_bytes(&program);
    let nodes = node_count(&mut program);
    let flat = flatten(&program);
    let flat_bytes = flat.heap_bytes();
    check_count("boxed Visit", visit_boxed_count(&program), nodes)?;
    check_count("flat visit", visit_flat_count(&flat), nodes)?;
    check_count("flat enter/leave visit", visit_flat_enter_leave_count(&flat).unwrap_or(0), nodes)?;
    Ok(Figures {
        nodes: Some(nodes),
        boxed_bytes: Some(boxed_bytes),
        flat_bytes: Some(flat_bytes),
        // The parse times are measured by `report::measure_parses`, interleaved with oxc's.
        parse: None,
        parse_flat: None,
        parse_flat_fresh: None,
        flatten: Some(timing::best_of(runs, || flatten(&program))),
        visit_boxed: Some(timing::best_of(runs, || visit_boxed_count(&program))),
        visit_flat: Some(timing::best_of(runs, || visit_flat_count(&flat))),
        visit_flat_leave: Some(timing::best_of(runs, || visit_flat_enter_leave_count(&flat))),
    })
}

/// Parses `source` straight into the flat tree through `builder`, which keeps its buffers for the next parse.
pub fn parse_flat_with(source: &str, builder: &mut FlatBuilder) -> Result<FlatAst, es5_parser::SyntaxError> {
    es5_parser::parse_with(source, builder)
}

fn check_count(what: &str, visited: usize, nodes: usize) -> Result<(), Error> {
    if visited == nodes { Ok(()) } else { Err(format!("{what} entered {visited} nodes, the tree has {nodes}").into()) }
}
