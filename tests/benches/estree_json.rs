//! How fast the generated ESTree JSON is both ways on real libraries, parsed once up front: `es5_ast::json::to_json`
//! (`estree_to_json`) and `es5_ast::json::from_json` of that text, which is acorn's (`estree_from_json`).
//! `cargo bench -p tests --bench estree_json` (needs `npm ci --prefix tests/js` for the library files).

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The libraries of the conformance test, as `(name, path under tests/js/node_modules)`.
const LIBRARIES: [(&str, &str); 3] = [
    ("lodash", "lodash/lodash.js"),
    ("underscore", "underscore/underscore-umd.js"),
    ("backbone", "backbone/backbone.js"),
];

/// The sources of the libraries that are installed.
fn sources() -> Vec<(&'static str, String)> {
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/node_modules");
    let mut out = Vec::new();
    for (name, path) in LIBRARIES {
        match std::fs::read_to_string(modules.join(path)) {
            Ok(source) => out.push((name, source)),
            Err(_) => eprintln!("{}: missing; run `npm ci --prefix tests/js`", modules.join(path).display()),
        }
    }
    out
}

fn to_json(c: &mut Criterion) {
    let mut group = c.benchmark_group("estree_to_json");
    for (name, source) in sources() {
        let program = es5_parser::parse(&source).expect("the library parses");
        // Throughput in source bytes: how fast a parsed file becomes JSON.
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_function(name, |b| b.iter(|| es5_ast::json::to_json(&program, &source)));
    }
    group.finish();
}

fn from_json(c: &mut Criterion) {
    let mut group = c.benchmark_group("estree_from_json");
    for (name, source) in sources() {
        let program = es5_parser::parse(&source).expect("the library parses");
        let json = es5_ast::json::to_json(&program, &source);
        // Throughput in source bytes, as for writing.
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_function(name, |b| b.iter(|| es5_ast::json::from_json(&json, &source)));
    }
    group.finish();
}

criterion_group!(benches, to_json, from_json);
criterion_main!(benches);
