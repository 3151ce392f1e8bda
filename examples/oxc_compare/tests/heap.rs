//! The counting allocator measures what a value keeps, not what was allocated and freed while building it.
//! One test function only: the counter is process-wide, so tests running in parallel would disturb each other.
//! It also checks the counter against the generated crate's own structural byte counts of both tree forms.

use oxc_compare::heap::{self, CountingAlloc};
use oxc_compare::ours;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[test]
fn counts_only_the_bytes_the_result_keeps() {
    assert!(heap::is_installed());

    let (kept, bytes) = heap::retained_by(|| vec![0u64; 100]);
    assert_eq!(bytes, 800);
    drop(kept);

    let (kept, bytes) = heap::retained_by(|| {
        let scratch = vec![0u8; 4096];
        let mut kept = String::with_capacity(10);
        kept.push(char::from(scratch[0] + b'a'));
        kept
    });
    assert_eq!(bytes, 10);
    drop(kept);

    let source = "var a = [1, 'two', /3/g], o = {k: a};\nfunction f(x, y) { for (var i in o) x += y; return x; }\n";
    let (parsed, boxed_bytes) = heap::retained_by(|| ours::parse(source));
    let program = parsed.expect("valid ES5");
    assert_eq!(boxed_bytes, es5_ast::boxed_heap_bytes(&program));
    let (flat, flat_bytes) = heap::retained_by(|| ours::flatten(&program));
    assert_eq!(flat_bytes, flat.heap_bytes());
}
