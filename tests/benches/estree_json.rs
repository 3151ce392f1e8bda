//! How fast the generated ESTree writer is: `es5_ast::json::to_json` on real libraries, parsed once up front.
//! `cargo bench -p tests --bench estree_json` (needs `npm ci --prefix tests/js` for the library files).

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The libraries of the conformance test, as `(name, path under tests/js/node_modules)`.
const LIBRARIES: [(&str, &str); 3] = [
    ("lodash", "lodash/lodash.js"),
    ("underscore", "underscore/underscore-umd.js"),
    ("backbone", "backbone/backbone.js"),
];

fn to_json(c: &mut Criterion) {
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/node_modules");
    let mut group = c.benchmark_group("estree_to_json");
    for (name, path) in LIBRARIES {
        let Ok(source) = std::fs::read_to_string(modules.join(path)) else {
            eprintln!("{}: missing; run `npm ci --prefix tests/js`", modules.join(path).display());
            continue;
        };
        let program = es5_parser::parse(&source).expect("the library parses");
        // Throughput in source bytes: how fast a parsed file becomes JSON.
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_function(name, |b| b.iter(|| es5_ast::json::to_json(&program, &source)));
    }
    group.finish();
}

criterion_group!(benches, to_json);
criterion_main!(benches);
