//! What linting costs, side by side in one run, per library: `parse` (into the boxed tree), `parse_flat` (straight
//! into the flat tree), `flatten` (boxed -> flat), `lint_boxed` (the rules with `Visit`) and `lint_flat` (the rules
//! with `FlatVisit` and views, including the parent table the first `parent_field` builds, on a fresh tree each run)
//! and `lint_flat_table_built` (the same, the table built beforehand).
//!
//! `npm ci --prefix tests/js` installs the libraries; `cargo bench -p es5_lint --bench lint`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use es5_ast::flat::FlatAst;

fn libraries() -> Vec<(&'static str, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/js/node_modules");
    [
        ("lodash", "lodash/lodash.js"),
        ("underscore", "underscore/underscore-umd.js"),
        ("backbone", "backbone/backbone.js"),
    ]
    .into_iter()
    .filter_map(|(name, path)| Some((name, std::fs::read_to_string(root.join(path)).ok()?)))
    .collect()
}

fn lint(c: &mut Criterion) {
    for (name, source) in libraries() {
        let Ok(program) = es5_parser::parse(&source) else { continue };
        let mut group = c.benchmark_group(format!("lint/{name}"));
        group.bench_function("parse", |b| b.iter(|| es5_parser::parse(black_box(&source))));
        group.bench_function("parse_flat", |b| b.iter(|| es5_parser::parse_flat(black_box(&source))));
        group.bench_function("flatten", |b| b.iter(|| FlatAst::from_boxed(black_box(&program))));
        group.bench_function("lint_boxed", |b| b.iter(|| es5_lint::boxed::lint(black_box(&program))));
        // The parent table is built lazily by the first `parent_field`: a fresh tree per run counts it.
        group.bench_function("lint_flat", |b| {
            b.iter_batched(
                || FlatAst::from_boxed(&program),
                |flat| es5_lint::flat::lint(black_box(&flat)),
                BatchSize::LargeInput,
            )
        });
        // The same with the parent table built beforehand: what the rules cost beside the table.
        group.bench_function("lint_flat_table_built", |b| {
            b.iter_batched(
                || {
                    let flat = FlatAst::from_boxed(&program);
                    flat.parent_table();
                    flat
                },
                |flat| es5_lint::flat::lint(black_box(&flat)),
                BatchSize::LargeInput,
            )
        });
        group.finish();
    }
}

criterion_group!(benches, lint);
criterion_main!(benches);
