//! Criterion benchmarks, per input file: `parse/{oxc,ours,ours_flat}`, `visit/{oxc,ours_boxed,ours_flat,ours_flat_enter_leave}`,
//! `flatten/ours`.
//! Before timing, prints the memory table (bytes per node of each form), which criterion cannot measure.
//!
//! Run from `examples/oxc_compare`: `cargo bench` (inputs from `tests/js/node_modules`; `npm ci --prefix tests/js`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use oxc_allocator::Allocator;
use oxc_compare::inputs::{self, Input};
use oxc_compare::{oxc_side, report};

/// Loads the inputs or stops the benchmark with the message telling how to install them.
fn load_inputs() -> Vec<Input> {
    inputs::load_all().unwrap_or_else(|error| panic!("{error}"))
}

fn print_memory_table(inputs: &[Input]) {
    let rows: Vec<_> = inputs
        .iter()
        .map(|input| report::measure(input, 1).unwrap_or_else(|error| panic!("{}: {error}", input.name)))
        .collect();
    eprintln!("{}", report::render_memory_table(&rows));
}

fn parse(c: &mut Criterion, inputs: &[Input]) {
    let mut group = c.benchmark_group("parse");
    for input in inputs {
        group.throughput(Throughput::Bytes(input.source.len() as u64));
        group.bench_with_input(BenchmarkId::new("oxc", input.id), &input.source, |b, source| {
            let mut allocator = Allocator::default();
            b.iter(|| {
                allocator.reset();
                let program = oxc_side::parse(&allocator, black_box(source)).expect("oxc parses the input");
                black_box(program.body.len())
            });
        });
        ours::parse(&mut group, input);
    }
    group.finish();
}

fn visit(c: &mut Criterion, inputs: &[Input]) {
    let mut group = c.benchmark_group("visit");
    for input in inputs {
        let allocator = Allocator::default();
        let program = oxc_side::parse(&allocator, &input.source).expect("oxc parses the input");
        group.bench_with_input(BenchmarkId::new("oxc", input.id), &program, |b, program| {
            b.iter(|| oxc_side::visit_count(black_box(program)));
        });
        ours::visit(&mut group, input);
    }
    group.finish();
}

fn flatten(c: &mut Criterion, inputs: &[Input]) {
    let mut group = c.benchmark_group("flatten");
    for input in inputs {
        ours::flatten(&mut group, input);
    }
    group.finish();
}

fn compare(c: &mut Criterion) {
    let inputs = load_inputs();
    print_memory_table(&inputs);
    parse(c, &inputs);
    visit(c, &inputs);
    flatten(c, &inputs);
}

/// Our side's benchmarks, registered into the same groups as oxc's.
mod ours {
    use criterion::measurement::WallTime;
    use criterion::{BenchmarkGroup, BenchmarkId};
    use oxc_compare::inputs::Input;
    use oxc_compare::ours;
    use std::hint::black_box;
    use std::time::{Duration, Instant};

    /// Total time of `iters` runs of `work`, each result dropped outside the timed region before the next run,
    /// so the allocator reuses warm memory, as oxc's reset arena does. (`iter_with_large_drop` would keep every
    /// result alive until the end, timing page faults on fresh memory instead.)
    fn time_without_drop<T>(iters: u64, mut work: impl FnMut() -> T) -> Duration {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            let out = black_box(work());
            total += start.elapsed();
            drop(out);
        }
        total
    }

    /// `parse/ours/<file>` (the boxed tree) and `parse/ours_flat/<file>` (straight into the flat tree, one
    /// builder kept across iterations as oxc's arena is); freeing the tree is not timed (freeing oxc's tree is an
    /// O(1) arena reset).
    pub fn parse(group: &mut BenchmarkGroup<'_, WallTime>, input: &Input) {
        group.bench_with_input(BenchmarkId::new("ours", input.id), &input.source, |b, source| {
            b.iter_custom(|iters| time_without_drop(iters, || ours::parse(black_box(source))));
        });
        let mut builder = es5_ast::flat::FlatBuilder::new();
        group.bench_with_input(BenchmarkId::new("ours_flat", input.id), &input.source, |b, source| {
            b.iter_custom(|iters| time_without_drop(iters, || es5_parser::parse_with(black_box(source), &mut builder)));
        });
    }

    /// `visit/ours_boxed/<file>`, `visit/ours_flat/<file>` (enter events only: the plain scan) and
    /// `visit/ours_flat_enter_leave/<file>`: full visits counting every node entered (and left).
    pub fn visit(group: &mut BenchmarkGroup<'_, WallTime>, input: &Input) {
        let program = ours::parse(&input.source).expect("our parser parses the input");
        let flat = ours::flatten(&program);
        group.bench_with_input(BenchmarkId::new("ours_boxed", input.id), &program, |b, program| {
            b.iter(|| ours::visit_boxed_count(black_box(program)));
        });
        group.bench_with_input(BenchmarkId::new("ours_flat", input.id), &flat, |b, flat| {
            b.iter(|| ours::visit_flat_count(black_box(flat)));
        });
        group.bench_with_input(BenchmarkId::new("ours_flat_enter_leave", input.id), &flat, |b, flat| {
            b.iter(|| ours::visit_flat_enter_leave_count(black_box(flat)));
        });
    }

    /// `flatten/ours/<file>`: boxed -> flat; freeing the flat tree is not timed.
    pub fn flatten(group: &mut BenchmarkGroup<'_, WallTime>, input: &Input) {
        let program = ours::parse(&input.source).expect("our parser parses the input");
        group.bench_with_input(BenchmarkId::new("ours", input.id), &program, |b, program| {
            b.iter_custom(|iters| time_without_drop(iters, || ours::flatten(black_box(program))));
        });
    }
}

/// Short runs: the machine is small and shared, and the differences measured are large.
fn config() -> Criterion {
    Criterion::default().sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = compare
}
criterion_main!(benches);
