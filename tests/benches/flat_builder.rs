//! Building the flat tree directly against building the boxed tree and flattening it, side by side in one run, and
//! the two candidate ways of reaching preorder when the flat builder finishes.
//!
//! - `build/<input>`: the same calls (a tree built again through `BuildCopy`, children first as a parser builds)
//!   into `AstNodeBuilder` then `FlatAst::from_boxed`, against into `flat::FlatBuilder` then `finish` (a new
//!   builder each time, and one kept across runs).
//! - `toy_parse/<n>`: the toy backtracking parser of `tests/tests/toy` over a generated program, both ways.
//! - `finish/<input>`: only the finishing pass, [`PreorderPass::DepthFirst`] against [`PreorderPass::TwoPass`],
//!   each on a freshly built builder (building is not timed), with `FlatAst::from_boxed` of the same tree beside.
//!
//! Inputs: lodash and backbone parsed by the ES5 parser (after `npm ci --prefix tests/js`; skipped otherwise) and a
//! random tree of 200k nodes. `cargo bench -p tests --bench flat_builder`.

use std::path::Path;

use ast_runtime::flat_ast::PreorderPass;
use criterion::{BatchSize, Criterion};
use es5_ast::flat::{FlatAst, FlatBuilder};
use es5_ast::random::RandomTree;
use es5_ast::{AstBuild, AstNodeBuilder, BuildCopy, Program};

#[path = "../tests/toy/mod.rs"]
mod toy;

/// Real files, parsed by the ES5 parser: (name, path under `tests/js/node_modules`).
const FILES: [(&str, &str); 2] = [("lodash", "lodash/lodash.js"), ("backbone", "backbone/backbone.js")];

fn inputs() -> Vec<(&'static str, Program)> {
    let mut inputs = Vec::new();
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/node_modules");
    for (name, path) in FILES {
        match std::fs::read_to_string(modules.join(path)) {
            Ok(source) => inputs.push((name, es5_parser::parse(&source).expect("the library parses"))),
            Err(_) => println!("{name}: not installed (run `npm ci --prefix tests/js`), skipped"),
        }
    }
    inputs.push(("random_200k", RandomTree::new(11, 200_000, 40).tree()));
    inputs
}

/// The tree built through the boxed builder, then flattened.
fn via_boxed(tree: &Program) -> FlatAst {
    let mut builder = AstNodeBuilder::new();
    let root = tree.build_copy(&mut builder);
    let boxed = builder.finish(root);
    FlatAst::from_boxed(&boxed)
}

/// The tree built through `builder`, finished by `pass`.
fn direct(tree: &Program, builder: &mut FlatBuilder, pass: PreorderPass) -> FlatAst {
    let root = tree.build_copy(builder);
    builder.finish_with(root, pass)
}

fn bench_build(c: &mut Criterion, inputs: &[(&'static str, Program)]) {
    for (name, tree) in inputs {
        assert_eq!(via_boxed(tree), direct(tree, &mut FlatBuilder::new(), PreorderPass::DepthFirst));
        let mut group = c.benchmark_group(format!("build/{name}"));
        group.bench_function("boxed_then_from_boxed", |b| b.iter_with_large_drop(|| via_boxed(tree)));
        group.bench_function("flat_builder", |b| {
            b.iter_with_large_drop(|| direct(tree, &mut FlatBuilder::new(), PreorderPass::DepthFirst))
        });
        let mut kept = FlatBuilder::new();
        group.bench_function("flat_builder_kept", |b| {
            b.iter_with_large_drop(|| direct(tree, &mut kept, PreorderPass::DepthFirst))
        });
        group.finish();
    }
}

fn bench_toy(c: &mut Criterion) {
    for statements in [2_000, 20_000] {
        let src = toy::random_program(3, statements);
        let mut group = c.benchmark_group(format!("toy_parse/{statements}"));
        group.bench_function("boxed_then_from_boxed", |b| {
            b.iter_with_large_drop(|| {
                let mut parser = toy::Toy::new(&src, AstNodeBuilder::new(), true);
                let root = parser.program().expect("the generated program parses");
                FlatAst::from_boxed(&parser.b.finish(root))
            })
        });
        group.bench_function("flat_builder", |b| {
            b.iter_with_large_drop(|| {
                let mut parser = toy::Toy::new(&src, FlatBuilder::new(), true);
                let root = parser.program().expect("the generated program parses");
                parser.b.finish(root)
            })
        });
        group.finish();
    }
}

fn bench_finish(c: &mut Criterion, inputs: &[(&'static str, Program)]) {
    for (name, tree) in inputs {
        let mut group = c.benchmark_group(format!("finish/{name}"));
        for pass in [PreorderPass::DepthFirst, PreorderPass::TwoPass] {
            group.bench_function(format!("{pass:?}"), |b| {
                b.iter_batched(
                    || {
                        let mut builder = FlatBuilder::new();
                        let root = tree.build_copy(&mut builder);
                        (builder, root)
                    },
                    // The builder is returned so that freeing its buffers is not timed.
                    |(mut builder, root)| {
                        let flat = builder.finish_with(root, pass);
                        (builder, flat)
                    },
                    BatchSize::LargeInput,
                )
            });
        }
        group.bench_function("from_boxed", |b| b.iter_with_large_drop(|| FlatAst::from_boxed(tree)));
        group.finish();
    }
}

fn main() {
    let inputs = inputs();
    let mut c = Criterion::default().configure_from_args();
    bench_finish(&mut c, &inputs);
    bench_build(&mut c, &inputs);
    bench_toy(&mut c);
    c.final_summary();
}
