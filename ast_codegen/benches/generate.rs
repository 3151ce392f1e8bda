//! How long the generator takes: on the ES5 schema, phase by phase, and on a synthetic schema of 1,000 node structs
//! and 100 node enums (`ast_codegen::synthetic`): `cargo bench -p ast_codegen`.

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

    let dir = std::env::temp_dir().join(format!("ast_codegen_bench_synthetic_{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"synthetic\"\n").unwrap();
    std::fs::write(dir.join("src/lib.rs"), ast_codegen::synthetic::schema_source(1000, 100)).unwrap();
    let mut group = c.benchmark_group("synthetic_1000_structs_100_enums");
    group.sample_size(10);
    group.bench_function("whole_generation", |b| b.iter(|| ast_codegen::generate(&dir).unwrap()));
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, generate);
criterion_main!(benches);
