//! Parser throughput: `parse/<file>/parse` (parse + preorder renumber; the tree is dropped outside the timing),
//! `parse_and_drop`, `parse_flat` (the same parser straight into the flat form, a new `FlatBuilder` per parse) and
//! `parse_flat_reused_builder` (one builder for every parse, its buffers kept); and `declarations/<form>/<n>`, scripts that declare n names in one scope, at two sizes
//! four times apart: the time must grow about fourfold (a clash check that compares each name with every earlier
//! one grows sixteenfold).
//!
//! Inputs: the files named in `PARSE_BENCH_FILES` (separated by `:`), else lodash, underscore and backbone from
//! `tests/js/node_modules` (installed with `npm ci --prefix tests/js`), else the acorn fixtures concatenated.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn inputs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let paths: Vec<PathBuf> = match std::env::var("PARSE_BENCH_FILES") {
        Ok(list) => list.split(':').map(PathBuf::from).collect(),
        Err(_) => ["lodash/lodash.js", "underscore/underscore-umd.js", "backbone/backbone.js"]
            .iter()
            .map(|p| root.join("tests/js/node_modules").join(p))
            .collect(),
    };
    let mut inputs: Vec<(String, String)> = paths
        .iter()
        .filter_map(|p| {
            let name = p.file_stem()?.to_string_lossy().to_string();
            std::fs::read_to_string(p).ok().map(|text| (name, text))
        })
        .collect();
    if inputs.is_empty() {
        eprintln!("parse bench: no input files found; using the acorn fixtures (valid ones) concatenated");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acorn");
        let mut names: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        let text: String = names
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| std::fs::read_to_string(p.with_extension("js")).unwrap() + "\n;\n")
            .collect();
        inputs.push(("fixtures".to_string(), text));
    }
    inputs
}

fn bench(c: &mut Criterion) {
    for (name, text) in inputs() {
        es5_parser::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut group = c.benchmark_group(format!("parse/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("parse", |b| {
            b.iter_with_large_drop(|| es5_parser::parse(black_box(&text)).unwrap());
        });
        group.bench_function("parse_and_drop", |b| {
            b.iter(|| drop(es5_parser::parse(black_box(&text)).unwrap()));
        });
        // The same parser built straight into the flat form, with a new builder per parse and with one reused.
        group.bench_function("parse_flat", |b| {
            b.iter_with_large_drop(|| es5_parser::parse_flat(black_box(&text)).unwrap());
        });
        let mut builder = es5_ast::flat::FlatBuilder::new();
        group.bench_function("parse_flat_reused_builder", |b| {
            b.iter_with_large_drop(|| es5_parser::parse_with(black_box(&text), &mut builder).unwrap());
        });
        group.finish();
    }
}

/// Scripts declaring `n` names in one scope, each form checked for clashes: the parameters of a strict function,
/// strict-mode functions in a block, and `var`s then functions in a block.
fn declaration_scripts(n: usize) -> [(&'static str, String); 3] {
    let params: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    let functions: String = (0..n).map(|i| format!("function f{i}() {{}}\n")).collect();
    let vars: String = (0..n).map(|i| format!("var v{i};\n")).collect();
    let more_functions: String = (0..n).map(|i| format!("function g{i}() {{}}\n")).collect();
    [
        ("strict_params", format!("function f({}) {{ \"use strict\"; }}", params.join(", "))),
        ("strict_block_functions", format!("\"use strict\";\n{{\n{functions}}}")),
        ("block_vars_then_functions", format!("{{\n{vars}{more_functions}}}")),
    ]
}

fn bench_declarations(c: &mut Criterion) {
    let mut group = c.benchmark_group("declarations");
    for n in [4_000, 16_000] {
        for (form, text) in declaration_scripts(n) {
            es5_parser::parse(&text).unwrap_or_else(|e| panic!("{form}: {e}"));
            group.throughput(Throughput::Elements(n as u64));
            group.bench_function(format!("{form}/{n}"), |b| {
                b.iter_with_large_drop(|| es5_parser::parse(black_box(&text)).unwrap());
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench, bench_declarations
}
criterion_main!(benches);
