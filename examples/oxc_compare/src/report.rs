//! Measures each input on both sides and prints the comparison as Markdown tables (the README quotes them).

use std::fmt::Write as _;
use std::time::Duration;

use oxc_allocator::Allocator;

use crate::inputs::Input;
use crate::{ours, oxc_side, timing};

/// How many runs each best-of timing takes in the printed table.
pub const RUNS: usize = 30;

/// The goals from the issue, per file: flat bytes and flat visit time at most this fraction of oxc's.
pub const FLAT_GOAL_FRACTION: f64 = 0.5;
/// The goal for our parser: its time at most this multiple of oxc_parser's (within 2x of its throughput).
pub const PARSE_GOAL_MULTIPLE: f64 = 2.0;
/// Goal: parsing straight into the flat tree takes at most oxc's parse time.
pub const FLAT_PARSE_GOAL_MULTIPLE: f64 = 1.0;

/// oxc's figures for one file.
#[derive(Debug, Clone)]
pub struct OxcFigures {
    /// Nodes entered by a full `Visit` (`enter_node` calls).
    pub nodes: usize,
    /// Arena bytes used by the parsed program (`Allocator::used_bytes`).
    pub arena_used: usize,
    /// Arena bytes reserved from the system (`Allocator::capacity`).
    pub arena_capacity: usize,
    /// Best parse time (reused, reset arena: oxc's own recommended pattern).
    pub parse: Duration,
    /// Best full-visit time.
    pub visit: Duration,
}

/// Measures oxc on `input`, each timing best of `runs`.
pub fn measure_oxc(input: &Input, runs: usize) -> Result<OxcFigures, oxc_side::OxcError> {
    let allocator = Allocator::default();
    let program = oxc_side::parse(&allocator, &input.source)?;
    let nodes = oxc_side::visit_count(&program);
    let visit = timing::best_of(runs, || oxc_side::visit_count(&program));
    let arena_used = oxc_side::arena_used_bytes(&allocator);
    let arena_capacity = oxc_side::arena_capacity_bytes(&allocator);
    // The parse time is measured by `measure_parses`, interleaved with ours.
    Ok(OxcFigures { nodes, arena_used, arena_capacity, parse: Duration::ZERO, visit })
}

/// Best parse times of one file, each side and form measured in turn in every round
/// ([`timing::best_of_interleaved`]).
#[derive(Debug, Clone, Copy)]
pub struct ParseTimes {
    /// oxc, its arena reset and reused between runs, so every run parses into warm memory (oxc's own pattern).
    pub oxc: Duration,
    /// Ours into the boxed tree.
    pub boxed: Duration,
    /// Ours straight into the flat tree, one `FlatBuilder` kept across runs: the like of oxc's reused arena.
    pub flat: Duration,
    /// Ours straight into the flat tree, a new builder per run (`es5_parser::parse_flat`).
    pub flat_fresh: Duration,
}

/// Measures the parse times of `source`, best of `runs` rounds.
pub fn measure_parses(source: &str, runs: usize) -> ParseTimes {
    let mut allocator = Allocator::default();
    let mut builder = es5_ast::flat::FlatBuilder::new();
    let [oxc, boxed, flat, flat_fresh] = timing::best_of_interleaved(
        runs,
        [
            &mut || {
                allocator.reset();
                timing::best_of(1, || oxc_side::parse(&allocator, source).map(|p| p.body.len()))
            },
            &mut || timing::best_of(1, || ours::parse(source)),
            &mut || timing::best_of(1, || ours::parse_flat_with(source, &mut builder)),
            &mut || timing::best_of(1, || es5_parser::parse_flat(source)),
        ],
    );
    ParseTimes { oxc, boxed, flat, flat_fresh }
}

/// Everything measured for one file.
#[derive(Debug)]
pub struct Row {
    /// Display name of the file.
    pub name: &'static str,
    /// Source size in bytes.
    pub source_bytes: usize,
    /// oxc's figures.
    pub oxc: OxcFigures,
    /// Ours.
    pub ours: ours::Figures,
}

/// Measures one file on both sides, each timing best of `runs`.
pub fn measure(input: &Input, runs: usize) -> Result<Row, Box<dyn std::error::Error>> {
    let mut oxc = measure_oxc(input, runs)?;
    let mut ours = ours::measure(&input.source, runs)?;
    let parses = measure_parses(&input.source, runs);
    oxc.parse = parses.oxc;
    ours.parse = Some(parses.boxed);
    ours.parse_flat = Some(parses.flat);
    ours.parse_flat_fresh = Some(parses.flat_fresh);
    Ok(Row { name: input.name, source_bytes: input.source.len(), oxc, ours })
}

/// Renders all rows as three Markdown tables: memory, time (best of `runs`), and the goals.
pub fn render(rows: &[Row], runs: usize) -> String {
    let mut out = String::new();
    render_memory(&mut out, rows);
    render_time(&mut out, rows, runs);
    render_goals(&mut out, rows);
    out
}

/// Renders the memory table alone (the benchmark prints it: criterion measures time, not bytes).
pub fn render_memory_table(rows: &[Row]) -> String {
    let mut out = String::new();
    render_memory(&mut out, rows);
    out
}

fn render_memory(out: &mut String, rows: &[Row]) {
    out.push_str("Memory (whole tree; bytes/node in parentheses)\n\n");
    out.push_str("| file | source | oxc nodes | oxc arena used | ours nodes | ours boxed heap | ours flat heap |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    for row in rows {
        let ours = &row.ours;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.name,
            kib(row.source_bytes),
            group_digits(row.oxc.nodes),
            bytes_per_node(Some(row.oxc.arena_used), Some(row.oxc.nodes)),
            opt(ours.nodes),
            bytes_per_node(ours.boxed_bytes, ours.nodes),
            bytes_per_node(ours.flat_bytes, ours.nodes),
        );
    }
    out.push('\n');
}

fn render_time(out: &mut String, rows: &[Row], runs: usize) {
    let _ = writeln!(out, "Time (best of {runs} runs; parse throughput in MB/s in parentheses)\n");
    out.push_str(
        "| file | oxc parse | ours parse | ours parse into flat | ours parse into flat, new builder | oxc visit | ours boxed visit | ours flat visit | ours flat visit, enter+leave | ours boxed -> flat |\n",
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for row in rows {
        let ours = &row.ours;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.name,
            parse_time(Some(row.oxc.parse), row.source_bytes),
            parse_time(ours.parse, row.source_bytes),
            parse_time(ours.parse_flat, row.source_bytes),
            parse_time(ours.parse_flat_fresh, row.source_bytes),
            time(Some(row.oxc.visit)),
            time(ours.visit_boxed),
            time(ours.visit_flat),
            time(ours.visit_flat_leave),
            time(ours.flatten),
        );
    }
    out.push('\n');
}

fn render_goals(out: &mut String, rows: &[Row]) {
    out.push_str("Goals (ours / oxc, per file)\n\n");
    out.push_str(
        "| file | flat bytes <= 0.5x oxc arena | flat visit <= 0.5x oxc visit | flat visit, enter+leave <= 0.5x oxc \
         visit | parse <= 2x oxc parse | parse into flat <= 1x oxc parse |\n",
    );
    out.push_str("|---|---|---|---|---|---|\n");
    for row in rows {
        let ours = &row.ours;
        let oxc_visit = row.oxc.visit.as_secs_f64();
        let bytes = ratio(ours.flat_bytes.map(|b| b as f64), row.oxc.arena_used as f64);
        let visit = ratio(ours.visit_flat.map(|d| d.as_secs_f64()), oxc_visit);
        let visit_leave = ratio(ours.visit_flat_leave.map(|d| d.as_secs_f64()), oxc_visit);
        let parse = ratio(ours.parse.map(|d| d.as_secs_f64()), row.oxc.parse.as_secs_f64());
        let parse_flat = ratio(ours.parse_flat.map(|d| d.as_secs_f64()), row.oxc.parse.as_secs_f64());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.name,
            verdict(bytes, FLAT_GOAL_FRACTION),
            verdict(visit, FLAT_GOAL_FRACTION),
            verdict(visit_leave, FLAT_GOAL_FRACTION),
            verdict(parse, PARSE_GOAL_MULTIPLE),
            verdict(parse_flat, FLAT_PARSE_GOAL_MULTIPLE),
        );
    }
}

/// `ours / oxc`, if ours was measured.
fn ratio(ours: Option<f64>, oxc: f64) -> Option<f64> {
    ours.map(|value| value / oxc)
}

fn verdict(ratio: Option<f64>, limit: f64) -> String {
    match ratio {
        Some(r) if r <= limit => format!("{r:.2}x (met)"),
        Some(r) => format!("{r:.2}x (MISSED)"),
        None => NOT_WIRED.to_owned(),
    }
}

/// Shown where our side has not been wired in yet.
const NOT_WIRED: &str = "not wired";

fn opt(value: Option<usize>) -> String {
    value.map_or_else(|| NOT_WIRED.to_owned(), group_digits)
}

fn kib(bytes: usize) -> String {
    format!("{:.0} KiB", bytes as f64 / 1024.0)
}

fn bytes_per_node(bytes: Option<usize>, nodes: Option<usize>) -> String {
    match (bytes, nodes) {
        (Some(bytes), Some(nodes)) if nodes > 0 => {
            format!("{} ({:.1})", group_digits(bytes), bytes as f64 / nodes as f64)
        }
        (Some(bytes), _) => group_digits(bytes),
        (None, _) => NOT_WIRED.to_owned(),
    }
}

fn time(duration: Option<Duration>) -> String {
    duration.map_or_else(|| NOT_WIRED.to_owned(), |d| format!("{:.3} ms", d.as_secs_f64() * 1e3))
}

fn parse_time(duration: Option<Duration>, source_bytes: usize) -> String {
    match duration {
        Some(d) => format!("{} ({:.0})", time(Some(d)), source_bytes as f64 / d.as_secs_f64() / 1e6),
        None => NOT_WIRED.to_owned(),
    }
}

/// `1234567` as `1,234,567`.
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_in_threes() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(1_234_567), "1,234,567");
    }

    #[test]
    fn verdict_compares_against_the_limit() {
        assert_eq!(verdict(Some(0.4), 0.5), "0.40x (met)");
        assert_eq!(verdict(Some(0.6), 0.5), "0.60x (MISSED)");
        assert_eq!(verdict(None, 0.5), NOT_WIRED);
    }
}
