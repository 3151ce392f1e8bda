//! `boxed_heap_bytes` and `FlatAst::heap_bytes` against a counting allocator. One test in its own binary, so no
//! other test thread allocates while a region is measured, and without the harness (see `main`).

use es5_ast::flat::FlatAst;
use es5_ast::random::RandomTree;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

/// Net bytes still allocated after `make` returns.
fn net_bytes<T>(make: impl FnOnce() -> T) -> (T, usize) {
    let region = Region::new(GLOBAL);
    let value = make();
    let change = region.change();
    (value, change.bytes_allocated.saturating_sub(change.bytes_deallocated))
}

fn computed_heap_bytes_match_the_allocator_for_both_forms() {
    for seed in 0..100 {
        let (tree, boxed) = net_bytes(|| RandomTree::new(seed, 50 + seed as usize * 20, 20).tree());
        assert_eq!(es5_ast::boxed_heap_bytes(&tree), boxed, "seed {seed}");
        let (flat, flat_bytes) = net_bytes(|| FlatAst::from_boxed(&tree));
        assert_eq!(flat.heap_bytes(), flat_bytes, "seed {seed}");
        assert!(flat_bytes < boxed, "seed {seed}: flat {flat_bytes} bytes, boxed {boxed}");
    }
}

/// Without libtest's harness: its main thread allocates while the test thread runs (bookkeeping of the running
/// test), which a region of the global allocator would count, now and then, as the test's own.
fn main() {
    computed_heap_bytes_match_the_allocator_for_both_forms();
    println!("computed_heap_bytes_match_the_allocator_for_both_forms: ok");
}
