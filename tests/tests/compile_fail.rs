//! Compile-fail tests (trybuild): what the type system forbids users of node types, and the errors of `#[ast]`.
//!
//! - `ui/fail`: each `#[ast]` misuse gives its own message (written by the macro, so the `.stderr` files do not
//!   depend on rustc's wording), and another crate cannot build a hand-written `#[ast]` node with a struct literal
//!   or overwrite its ID (`downstream_nodes` defines the nodes; the cases are separate crates).
//! - `ui/pass`: the supported paths compile and run: `#[ast]` types in their own crate, and another crate's nodes
//!   made with its constructors.
//! - `ui/generated`: the same two sides for the generated `es5_ast` crate: no struct literals or ID assignment
//!   outside it, and the `AstNodeBuilder` path compiles and runs.
//!
//! Regenerate the `.stderr` files with `TRYBUILD=overwrite cargo test -p tests --test compile_fail`, then review them.

#[test]
fn ast_attribute_and_downstream_nodes() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
    cases.pass("ui/pass/*.rs");
}

#[test]
fn generated_nodes() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/generated/fail/*.rs");
    cases.pass("ui/generated/pass/*.rs");
}
