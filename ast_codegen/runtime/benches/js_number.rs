//! JavaScript number formatting, side by side in one run: `write_js_number` (ryu-js behind a safe-integer fast
//! path) against plain `ryu-js`, both appending to a reused `String` (what the ESTree writer does). Before ryu-js
//! replaced it, the first column was the hand-written formatter; that comparison's figures are in the commit message
//! that added this bench. Three inputs of 10,000 doubles each: integers as source code writes them, short decimals
//! (`m / 10^k`), and random finite bit patterns (long digit strings, large exponents). Criterion reports time per
//! input; divide by 10,000 for ns per number (the throughput line gives numbers per second).
//!
//! `cargo bench -p ast_runtime --all-features --bench js_number`

use std::hint::black_box;

use ast_runtime::json::write_js_number;
use ast_runtime::random::RandomSource;
use criterion::{Criterion, Throughput};

const COUNT: usize = 10_000;

fn inputs() -> Vec<(&'static str, Vec<f64>)> {
    // The runtime's seeded SplitMix64, so every run uses the same doubles.
    let mut rng = RandomSource::new(42, 0, 0);
    let integers = (0..COUNT).map(|_| (rng.next_u64() % 100_000) as f64).collect();
    let decimals =
        (0..COUNT).map(|_| (rng.next_u64() % 1_000_000) as f64 / 10f64.powi((rng.next_u64() % 6) as i32)).collect();
    let random_bits =
        std::iter::repeat_with(|| f64::from_bits(rng.next_u64())).filter(|x| x.is_finite()).take(COUNT).collect();
    vec![("integers", integers), ("short_decimals", decimals), ("random_bits", random_bits)]
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    for (name, values) in inputs() {
        let mut group = c.benchmark_group(format!("js_number/{name}"));
        group.throughput(Throughput::Elements(values.len() as u64));
        let mut out = String::with_capacity(64);
        group.bench_function("write_js_number", |b| {
            b.iter(|| {
                for &value in &values {
                    out.clear();
                    write_js_number(&mut out, black_box(value));
                    black_box(&out);
                }
            });
        });
        group.bench_function("ryu_js", |b| {
            let mut buffer = ryu_js::Buffer::new();
            b.iter(|| {
                for &value in &values {
                    out.clear();
                    out.push_str(buffer.format(black_box(value)));
                    black_box(&out);
                }
            });
        });
        group.finish();
    }
    c.final_summary();
}
