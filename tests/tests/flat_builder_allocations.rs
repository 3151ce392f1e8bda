//! Heap allocations of a parse that builds the flat tree directly grow with the logarithm of the input, not with
//! its node count: the builder's buffers grow geometrically and nothing is allocated per node, list or string. One
//! test in its own binary, so that no other test thread allocates while a parse is counted.

use es5_ast::flat::FlatBuilder;
use es5_ast::{AstBuild, AstNodeBuilder};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

mod toy;

#[global_allocator]
static GLOBAL: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

/// Allocations and reallocations made by `work`, and its result.
fn allocations<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let region = Region::new(GLOBAL);
    let value = work();
    let stats = region.change();
    (value, stats.allocations + stats.reallocations)
}

fn a_flat_parse_allocates_logarithmically_and_a_boxed_one_per_node() {
    let mut previous: Option<(usize, usize)> = None;
    for statements in [200, 2_000, 20_000, 60_000] {
        let src = toy::random_program(7, statements);
        let (flat, flat_allocations) = allocations(|| {
            let mut parser = toy::Toy::new(&src, FlatBuilder::new(), true);
            let root = parser.program().expect("the generated program parses");
            parser.b.finish(root)
        });
        let nodes = flat.len();
        let (_, boxed_allocations) = allocations(|| {
            let mut parser = toy::Toy::new(&src, AstNodeBuilder::new(), true);
            let root = parser.program().expect("the generated program parses");
            parser.b.finish(root)
        });
        println!("{nodes} nodes: flat {flat_allocations} allocations, boxed {boxed_allocations}");
        assert!(boxed_allocations > nodes / 2, "the boxed tree allocates per node: {boxed_allocations} for {nodes}");
        // Each of the builder's and the parser's buffers (about 20 of them) at most doubles per allocation, so ten
        // times the nodes (3.3 doublings) adds at most 4 allocations per buffer.
        if let Some((previous_nodes, previous_allocations)) = previous {
            let doublings = (nodes as f64 / previous_nodes as f64).log2().ceil() as usize;
            assert!(
                flat_allocations <= previous_allocations + 20 * doublings,
                "{nodes} nodes took {flat_allocations} allocations, {previous_nodes} took {previous_allocations}"
            );
        }
        assert!(flat_allocations < 400, "{flat_allocations} allocations for {nodes} nodes");
        previous = Some((nodes, flat_allocations));
    }
}

/// An ES5 script of `functions` functions whose names and values the parser cannot borrow from the source:
/// escaped string keys, numeric keys, escaped identifiers, a large object (its clash check uses a map), labels,
/// strict-mode parameters.
fn script_with_decoded_names(functions: usize) -> String {
    let mut src = String::new();
    for i in 0..functions {
        let large: String = (0..30).map(|k| format!("'\\x4{}{k}_{i}': {k}, ", k % 10)).collect();
        src += &format!(
            "function f{i}(a, b) {{ 'use strict'; var o = {{ '\\x41{i}': 1, {i}.5: 2, \\u0061{i}: 3, \
             get g() {{ return a; }} }}; var big = {{ {large} }}; l{i}: for (;;) {{ break l{i}; }} return o; }}\n"
        );
    }
    src
}

fn the_es5_parser_straight_into_flat_allocates_logarithmically() {
    let mut previous: Option<(usize, usize)> = None;
    for functions in [100, 1_000, 10_000] {
        let src = script_with_decoded_names(functions);
        let (flat, flat_allocations) = allocations(|| es5_parser::parse_flat(&src).expect("the script parses"));
        let nodes = flat.len();
        println!("ES5 parser, {nodes} nodes: flat {flat_allocations} allocations");
        if let Some((previous_nodes, previous_allocations)) = previous {
            let doublings = (nodes as f64 / previous_nodes as f64).log2().ceil() as usize;
            assert!(
                flat_allocations <= previous_allocations + 20 * doublings,
                "{nodes} nodes took {flat_allocations} allocations, {previous_nodes} took {previous_allocations}"
            );
        }
        previous = Some((nodes, flat_allocations));
    }
}

/// Without libtest's harness: its main thread allocates while the test thread runs (bookkeeping of the running
/// test), which a region of the global allocator would count, now and then, as the test's own.
fn main() {
    a_flat_parse_allocates_logarithmically_and_a_boxed_one_per_node();
    println!("a_flat_parse_allocates_logarithmically_and_a_boxed_one_per_node: ok");
    the_es5_parser_straight_into_flat_allocates_logarithmically();
    println!("the_es5_parser_straight_into_flat_allocates_logarithmically: ok");
}
