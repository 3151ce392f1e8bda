//! A loop of parses of one file, for a profiler: `cargo build --release --example profile_parse` (with
//! `CARGO_PROFILE_RELEASE_DEBUG=true` for symbols), then `perf record -g target/release/examples/profile_parse
//! ours_flat` (or `oxc`). Ours parses straight into the flat tree through one builder, oxc into one reset arena,
//! as the table's columns do.
//!
//! Arguments: `ours_flat` or `oxc`, then optionally the file (default: lodash from `tests/js/node_modules`) and the
//! number of parses (default 400).

use std::process::ExitCode;

use oxc_allocator::Allocator;
use oxc_compare::{ours, oxc_side};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let side = args.next().ok_or("usage: profile_parse ours_flat|oxc [FILE] [RUNS]")?;
    let path = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/js/node_modules/lodash/lodash.js").to_owned()
    });
    let runs: usize = args.next().map_or(Ok(400), |n| n.parse())?;
    let source = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    match side.as_str() {
        "ours_flat" => {
            let mut builder = es5_ast::flat::FlatBuilder::new();
            for _ in 0..runs {
                let tree = ours::parse_flat_with(&source, &mut builder)?;
                std::hint::black_box(tree.len());
            }
        }
        "oxc" => {
            let mut allocator = Allocator::default();
            for _ in 0..runs {
                allocator.reset();
                let program = oxc_side::parse(&allocator, &source)?;
                std::hint::black_box(program.body.len());
            }
        }
        other => return Err(format!("unknown side {other:?}: ours_flat or oxc").into()),
    }
    Ok(())
}
