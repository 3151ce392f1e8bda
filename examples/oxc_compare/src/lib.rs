//! Side-by-side comparison of the generated ES5 AST (`es5_ast`, boxed and flat) against oxc, the fastest
//! JavaScript AST in Rust, on the same real files: parse time, memory of the whole tree, and a full visit.
//!
//! Whole files are compared, not per-node figures: oxc's tree has more, smaller nodes than ESTree's.
//! `cargo run --release` prints the table ([`report`]); `cargo bench` runs the criterion benchmarks.
#![forbid(unsafe_code)]

pub mod inputs;
pub mod ours;
pub mod oxc_side;
pub mod report;
pub mod timing;
