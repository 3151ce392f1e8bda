//! Python trees from CPython's parser, flat against boxed, side by side in one run: reading the JSON into the
//! boxed tree (and parsing it alone, into the runtime's document and into serde_json's `Value`), boxed -> flat, and
//! a full visit of each form; then the node count and bytes per node of each form.
//! `cargo bench -p python_example --bench python_trees` (needs `python3`; files from its standard library).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::Criterion;
use python_ast::flat::{FlatAst, NodeRef};
use python_ast::{AstKind, FlatVisit, Visit, walk_flat};

/// Standard-library files, by their path under the `stdlib` folder: large and varied.
const FILES: [&str; 3] = ["_pydecimal.py", "typing.py", "argparse.py"];

/// Counts nodes and adds up spans: the same small work per node in both forms.
#[derive(Default)]
struct Tally(usize, u64);

impl<'a> Visit<'a> for Tally {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        self.0 += 1;
        self.1 += u64::from(python_ast::GetSpan::span(&kind).start);
    }
}

impl<'a> FlatVisit<'a> for Tally {
    fn enter_node(&mut self, node: NodeRef<'a>) {
        self.0 += 1;
        self.1 += u64::from(node.span().start);
    }
}

fn stdlib() -> Option<PathBuf> {
    let output = std::process::Command::new("python3")
        .args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])
        .output()
        .ok()?;
    Some(PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
}

fn main() {
    let Some(root) = stdlib() else {
        println!("python3 is not available: nothing to measure");
        return;
    };
    let mut c = Criterion::default().configure_from_args();
    let mut summary = Vec::new();
    for name in FILES {
        let file = root.join(name);
        let (Ok(json), Ok(source)) = (python_example::dump(&file), python_example::source(&file)) else {
            println!("{name}: cannot be read, skipped");
            continue;
        };
        let module = python_ast::json::from_json(&json, &source).expect("CPython's JSON reads");
        let flat = FlatAst::from_boxed(&module);
        let mut group = c.benchmark_group(name);
        group.bench_function("from_json", |b| b.iter(|| python_ast::json::from_json(black_box(&json), &source)));
        // Parsing alone, into the runtime's document and, for comparison, into serde_json's `Value`.
        group.bench_function("parse_document", |b| {
            b.iter(|| ast_runtime::json::parse(black_box(&json)).map(|d| d.root().kind()))
        });
        group.bench_function("parse_serde_value", |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).map(|v| v.is_object()))
        });
        group.bench_function("to_flat", |b| b.iter(|| FlatAst::from_boxed(black_box(&module))));
        group.bench_function("visit_boxed", |b| {
            b.iter(|| {
                let mut tally = Tally::default();
                Visit::visit_module(&mut tally, black_box(&module));
                black_box(tally.1)
            })
        });
        group.bench_function("visit_flat", |b| {
            b.iter(|| {
                let mut tally = Tally::default();
                walk_flat(&mut tally, black_box(&flat));
                black_box(tally.1)
            })
        });
        group.finish();
        let nodes = flat.len();
        let boxed = std::mem::size_of_val(&module) + python_ast::boxed_heap_bytes(&module);
        summary.push(format!(
            "{name}: {nodes} nodes, bytes per node boxed {:.1}, flat {:.1} ({:.2}x)",
            boxed as f64 / nodes as f64,
            flat.heap_bytes() as f64 / nodes as f64,
            flat.heap_bytes() as f64 / boxed as f64
        ));
    }
    c.final_summary();
    for line in summary {
        println!("{line}");
    }
}
