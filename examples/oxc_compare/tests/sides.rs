//! Both sides on a small script: the parsers accept it, every visit enters every node, and bad input is an
//! error, not a panic. (The real files are for `cargo run` and `cargo bench`; these need no npm install.)

use oxc_allocator::Allocator;
use oxc_compare::{ours, oxc_side};

const SCRIPT: &str = "var a = 1, b = [a, 'x'];\nfunction f(x) { return x ? a + b.length : null; }\nf(a);\n";

#[test]
fn our_visits_enter_every_node_of_both_forms() {
    let mut program = ours::parse(SCRIPT).expect("valid ES5");
    let nodes = ours::node_count(&mut program);
    assert!(nodes > 20, "a script of 3 statements has more than 20 nodes, got {nodes}");
    assert_eq!(ours::visit_boxed_count(&program), nodes);
    let flat = ours::flatten(&program);
    assert_eq!(flat.len(), nodes);
    assert_eq!(ours::visit_flat_count(&flat), nodes);
    assert_eq!(ours::visit_flat_enter_leave_count(&flat), Some(nodes));
}

#[test]
fn oxc_visit_enters_more_nodes_than_the_top_level() {
    let allocator = Allocator::default();
    let program = oxc_side::parse(&allocator, SCRIPT).expect("valid ES5");
    assert!(oxc_side::visit_count(&program) > 20);
    assert!(oxc_side::arena_used_bytes(&allocator) > 0);
    assert!(oxc_side::arena_capacity_bytes(&allocator) >= oxc_side::arena_used_bytes(&allocator));
}

#[test]
fn measuring_our_side_reports_every_figure() {
    let figures = ours::measure(SCRIPT, 2).expect("valid ES5");
    assert!(figures.nodes.is_some_and(|n| n > 20));
    assert!(figures.flatten.is_some());
    assert!(figures.visit_boxed.is_some() && figures.visit_flat.is_some() && figures.visit_flat_leave.is_some());
}

#[test]
fn measuring_the_parses_times_every_side() {
    let times = oxc_compare::report::measure_parses(SCRIPT, 2);
    let all = [times.oxc, times.boxed, times.flat, times.flat_fresh];
    assert!(all.iter().all(|t| !t.is_zero() && *t < std::time::Duration::MAX), "{times:?}");
}

#[test]
fn invalid_input_is_an_error_on_both_sides() {
    assert!(ours::measure("var = ;", 1).is_err());
    let allocator = Allocator::default();
    assert!(oxc_side::parse(&allocator, "var = ;").is_err());
}
