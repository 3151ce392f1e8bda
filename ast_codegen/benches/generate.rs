//! How long the generator takes on the ES5 schema, phase by phase: `cargo bench -p ast_codegen`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn generate(c: &mut Criterion) {
    let schema_dir = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("ast_schema");
    let schema = ast_codegen::load_schema(&schema_dir).unwrap();
    let mut group = c.benchmark_group("es5_schema");
    group.bench_function("load_parse_validate", |b| b.iter(|| ast_codegen::load_schema(&schema_dir).unwrap()));
    group.bench_function("emit_and_render", |b| b.iter(|| ast_codegen::render_all(&schema).unwrap()));
    group.bench_function("whole_generation", |b| b.iter(|| ast_codegen::generate(&schema_dir).unwrap()));
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
