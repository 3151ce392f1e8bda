//! How long a left-nested chain (`a+a+…`, `a||a||…`, `a.a.…`, `a[a][a]…`, `a(a)(a)…`) each operation on its tree
//! survives on a thread with an 8 MiB stack (the usual main-thread size). A chain of n links is a tree n levels
//! deep, so whatever recurses once per level overflows somewhere; this finds where.
//!
//! `cargo run --release -p es5_parser --example deep_chains [-- --stack-mib 8] [--ops drop,to_json]
//! [--forms +,.]` bisects, for every operation and chain form, the longest chain that survives, up to 1,048,576
//! links, running each try in a child process (a stack overflow aborts the process), and prints a table: the
//! number of links survived and the stack that takes per link. `-- --run OP FORM N` is one try (exit status 0:
//! survived; 3: the parser refused the input; killed by a signal: the stack overflowed).
//!
//! The trees are built with `AstNodeBuilder` in a loop (no recursion), as the parser builds them, except for `parse`,
//! which parses the chain's source text with `es5_parser::parse` and so also covers the parser's renumbering.

use std::process::{Command, ExitCode};

use es5_ast::flat::{FlatAst, NodeRef, drop_iteratively};
use es5_ast::{
    AstKind, AstNodeBuilder, BinaryOperator, FlatVisit, LogicalOperator, Program, SourceType, Span, Visit, VisitMut,
};

/// The longest chain tried.
const MAX_LINKS: usize = 1 << 20;

/// The chain forms: a name for the command line, and the text of one link after the first `a`.
const FORMS: [(&str, &str); 5] = [("+", "+a"), ("||", "||a"), (".", ".a"), ("[]", "[a]"), ("()", "(a)")];

/// The operations measured, in the order of the table.
const OPS: [&str; 13] = [
    "parse",
    "drop",
    "drop_iteratively",
    "renumber",
    "partial_eq",
    "debug",
    "visit",
    "visit_mut",
    "heap_bytes",
    "to_json",
    "from_boxed",
    "to_boxed",
    "walk_flat",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value_of = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let stack_mib: usize = value_of("--stack-mib").and_then(|v| v.parse().ok()).unwrap_or(8);
    if let Some(i) = args.iter().position(|a| a == "--run") {
        let (Some(op), Some(form), Some(links)) = (args.get(i + 1), args.get(i + 2), args.get(i + 3)) else {
            eprintln!("usage: deep_chains --run OP FORM LINKS [--stack-mib N]");
            return ExitCode::from(2);
        };
        let Some(links) = links.parse().ok() else {
            eprintln!("LINKS must be a number");
            return ExitCode::from(2);
        };
        return run_one(op, form, links, stack_mib << 20);
    }
    let list = |flag: &str, all: &[&str]| -> Vec<String> {
        value_of(flag).map_or_else(
            || all.iter().map(|s| (*s).to_string()).collect(),
            |v| v.split(',').map(String::from).collect(),
        )
    };
    let ops = list("--ops", &OPS);
    let forms = list("--forms", &FORMS.map(|(name, _)| name));
    let build = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!("links survived on a {stack_mib} MiB stack ({build} build; `>=` when the longest chain tried passed):");
    println!("| operation | {} |", forms.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(" | "));
    println!("| --- |{}", " --- |".repeat(forms.len()));
    for op in &ops {
        let cells: Vec<String> =
            forms.iter().map(|form| describe(longest_surviving(op, form, stack_mib), stack_mib)).collect();
        println!("| {op} | {} |", cells.join(" | "));
    }
    ExitCode::SUCCESS
}

/// What a bisection found.
enum Outcome {
    /// Every length tried passed.
    AtLeast(usize),
    /// The longest that passed; one link more (within 1%) overflowed.
    Overflows(usize),
    /// The longest that passed; longer ones were refused by the parser.
    Refused(usize),
}

fn describe(outcome: Outcome, stack_mib: usize) -> String {
    match outcome {
        Outcome::AtLeast(n) => format!(">= {n}"),
        Outcome::Overflows(n) => format!("{n} ({} B/link)", (stack_mib << 20) / n.max(1)),
        Outcome::Refused(n) => format!("{n} (refused beyond)"),
    }
}

/// Result of one try in a child process.
#[derive(PartialEq)]
enum Try {
    Survived,
    Refused,
    Overflowed,
}

fn try_in_child(op: &str, form: &str, links: usize, stack_mib: usize) -> Try {
    let status = Command::new(std::env::current_exe().expect("the example's own path"))
        .args(["--run", op, form, &links.to_string(), "--stack-mib", &stack_mib.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run a child");
    match status.code() {
        Some(0) => Try::Survived,
        Some(3) => Try::Refused,
        _ => Try::Overflowed,
    }
}

/// Doubles from 1,000 links until a try fails, then bisects to within 1%.
fn longest_surviving(op: &str, form: &str, stack_mib: usize) -> Outcome {
    let mut ok = 0;
    let mut bad = 1_000;
    let failure = loop {
        match try_in_child(op, form, bad, stack_mib) {
            Try::Survived if bad >= MAX_LINKS => return Outcome::AtLeast(bad),
            Try::Survived => (ok, bad) = (bad, (bad * 2).min(MAX_LINKS)),
            failed => break failed,
        }
    };
    while bad - ok > ok / 100 + 1 {
        let mid = ok + (bad - ok) / 2;
        match try_in_child(op, form, mid, stack_mib) {
            Try::Survived => ok = mid,
            _ => bad = mid,
        }
    }
    if failure == Try::Refused { Outcome::Refused(ok) } else { Outcome::Overflows(ok) }
}

/// The source of a chain of `links` links of `form`.
fn source(form: &str, links: usize) -> Option<String> {
    let (_, unit) = FORMS.iter().find(|(name, _)| *name == form)?;
    Some(format!("a{}", unit.repeat(links)))
}

/// The tree `es5_parser::parse` gives for [`source`], built in a loop with the builder (IDs in construction order,
/// not renumbered: renumbering recurses).
fn build(form: &str, links: usize) -> Program {
    let mut b = AstNodeBuilder::new();
    let unit_len = FORMS.iter().find(|(name, _)| *name == form).map_or(2, |(_, unit)| unit.len()) as u32;
    let leaf = |b: &mut AstNodeBuilder, start: u32| b.expression_identifier(Span::new(start, start + 1), "a".into());
    let mut chain = leaf(&mut b, 0);
    for i in 1..=links as u32 {
        let end = 1 + i * unit_len;
        let span = Span::new(0, end);
        chain = match form {
            "+" => {
                let right = leaf(&mut b, end - 1);
                b.expression_binary(span, BinaryOperator::Addition, chain, right)
            }
            "||" => {
                let right = leaf(&mut b, end - 1);
                b.expression_logical(span, LogicalOperator::Or, chain, right)
            }
            "." => {
                let property = leaf(&mut b, end - 1);
                b.expression_member(span, chain, property, false)
            }
            "[]" => {
                let property = leaf(&mut b, end - 2);
                b.expression_member(span, chain, property, true)
            }
            _ => {
                let argument = leaf(&mut b, end - 2);
                b.expression_call(span, chain, vec![argument])
            }
        };
    }
    let end = 1 + links as u32 * unit_len;
    let statement = b.statement_expression(Span::new(0, end), chain, None);
    b.program(Span::new(0, end), vec![statement], SourceType::Script)
}

/// Counts nodes, so that a visit has an effect.
#[derive(Default)]
struct Count(usize);

impl<'a> Visit<'a> for Count {
    fn enter_node(&mut self, _: AstKind<'a>) {
        self.0 += 1;
    }
}

impl VisitMut for Count {
    fn enter_node(&mut self, _: AstKind<'_>) {
        self.0 += 1;
    }
}

impl<'a> FlatVisit<'a> for Count {
    fn enter_node(&mut self, _: NodeRef<'a>) {
        self.0 += 1;
    }
}

/// One try: builds the input on this thread, runs `op` on a thread with `stack` bytes of stack, exits.
fn run_one(op: &str, form: &str, links: usize, stack: usize) -> ExitCode {
    let Some(text) = source(form, links) else {
        eprintln!("unknown form {form}");
        return ExitCode::from(2);
    };
    if !OPS.contains(&op) {
        eprintln!("unknown operation {op}");
        return ExitCode::from(2);
    }
    let op = op.to_string();
    let program = (op != "parse").then(|| build(form, links));
    let twin = (op == "partial_eq").then(|| build(form, links));
    let flat = (op == "to_boxed").then(|| program.as_ref().map(FlatAst::from_boxed)).flatten();
    let worker = std::thread::Builder::new().stack_size(stack).spawn(move || {
        // Every result that is itself a deep tree is dropped without recursion, so that only `op` is measured.
        let mut program = program;
        let effect = match (op.as_str(), program.as_mut()) {
            ("parse", _) => match es5_parser::parse(&text) {
                Ok(parsed) => {
                    drop_iteratively(parsed);
                    1
                }
                Err(e) => {
                    eprintln!("{e}");
                    return false;
                }
            },
            ("drop", Some(_)) => {
                drop(program.take());
                1
            }
            ("drop_iteratively", Some(_)) => {
                if let Some(program) = program.take() {
                    drop_iteratively(program);
                }
                1
            }
            ("renumber", Some(p)) => AstNodeBuilder::new().renumber(p),
            ("partial_eq", Some(p)) => usize::from(Some(&*p) == twin.as_ref()),
            ("debug", Some(p)) => format!("{p:?}").len(),
            ("visit", Some(p)) => {
                let mut count = Count::default();
                Visit::visit_program(&mut count, p);
                count.0
            }
            ("visit_mut", Some(p)) => {
                let mut count = Count::default();
                VisitMut::visit_program(&mut count, p);
                count.0
            }
            ("heap_bytes", Some(p)) => es5_ast::boxed_heap_bytes(p),
            ("to_json", Some(p)) => es5_ast::json::to_json(&*p, &text).len(),
            ("from_boxed", Some(p)) => FlatAst::from_boxed(p).len(),
            ("to_boxed", _) => match flat.as_ref().map(FlatAst::to_boxed) {
                Some(back) => {
                    drop_iteratively(back);
                    1
                }
                None => 0,
            },
            ("walk_flat", Some(p)) => {
                let flat = FlatAst::from_boxed(p);
                let mut count = Count::default();
                es5_ast::walk_flat(&mut count, &flat);
                count.0
            }
            _ => 0,
        };
        std::hint::black_box(effect);
        // The inputs are deep trees too: leave them to the end of the process rather than drop them here.
        std::mem::forget((program, twin));
        true
    });
    match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(true)) => ExitCode::SUCCESS,
        Ok(Ok(false)) => ExitCode::from(3),
        _ => ExitCode::from(1),
    }
}
