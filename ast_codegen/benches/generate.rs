//! How long the generator takes: on the ES5 schema, phase by phase, and on synthetic schemas
//! (`ast_codegen::synthetic`) of 250 and 1,000 node structs with one node enum per ten structs, side by side in one
//! run: `cargo bench -p ast_codegen`. Criterion reports both as structs per second, so a pass quadratic in the
//! number of types shows as the larger schema's throughput falling (linear: about the same throughput; quadratic:
//! a quarter).

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn generate(c: &mut Criterion) {
    let schema_dir = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("ast_schema");
    let schema = ast_codegen::load_schema(&schema_dir).unwrap();
    let mut group = c.benchmark_group("es5_schema");
    group.bench_function("load_parse_validate", |b| b.iter(|| ast_codegen::load_schema(&schema_dir).unwrap()));
    group.bench_function("emit_and_render", |b| b.iter(|| ast_codegen::render_all(&schema).unwrap()));
    group.bench_function("whole_generation", |b| b.iter(|| ast_codegen::generate(&schema_dir).unwrap()));
    group.finish();

    let mut group = c.benchmark_group("synthetic");
    group.sample_size(10);
    for structs in [250, 1000] {
        let dir = std::env::temp_dir().join(format!("ast_codegen_bench_synthetic_{structs}_{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"synthetic\"\n").unwrap();
        std::fs::write(dir.join("src/lib.rs"), ast_codegen::synthetic::schema_source(structs, structs / 10)).unwrap();
        group.throughput(Throughput::Elements(structs as u64));
        group.bench_with_input(BenchmarkId::new("whole_generation", structs), &dir, |b, dir| {
            b.iter(|| ast_codegen::generate(dir).unwrap())
        });
        let _ = std::fs::remove_dir_all(&dir);
    }
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
