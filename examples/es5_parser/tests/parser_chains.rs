//! Left-associative chains are not nesting: 100,000-term chains of every binary and logical operator, of member
//! accesses (`.a`, `[a]`), of calls and of the three mixed, parse on a thread with an 8 MiB stack (the usual
//! main-thread size) into the left-nested tree acorn gives for short chains, with preorder IDs, and convert to the
//! flat form and back. Nothing here recurses over the 100,000-level trees: they are checked level by level in a
//! loop, compared and visited through the flat form, and dropped with `drop_iteratively`.
//!
//! The boxed tree's own `Drop`, `PartialEq`, visitors, heap bytes, `renumber` and ESTree writer do recurse once per
//! level; `recursive_operations_survive_the_documented_chain_lengths` runs each at the length the README gives for
//! this build (debug or release) on the same stack.

use es5_ast::flat::{FlatAst, NodeRef, drop_iteratively};
use es5_ast::{AstKind, AstNodeBuilder, Expression, FlatVisit, GetSpan, Program, Statement, Visit, VisitMut};
use es5_parser::parse;

/// Terms in each chain: one more than its links.
const TERMS: usize = 100_000;

/// The stack of the threads the tests run on: the usual size of a main thread.
const STACK: usize = 8 << 20;

/// How one link is written: text before the second operand, then after it. The link of `a + a` is `(" + ", "")`,
/// of `a[a]` `("[", "]")`.
type Link = (String, &'static str);

/// Every chain form: the binary operators (ES5's 21), the logical ones, member accesses, calls, and mixes.
fn chain_forms() -> Vec<Vec<Link>> {
    let binary = [
        "==",
        "!=",
        "===",
        "!==",
        "<",
        "<=",
        ">",
        ">=",
        "<<",
        ">>",
        ">>>",
        "+",
        "-",
        "*",
        "/",
        "%",
        "|",
        "^",
        "&",
        "in",
        "instanceof",
    ];
    let mut forms: Vec<Vec<Link>> =
        binary.iter().chain(&["&&", "||"]).map(|op| vec![(format!(" {op} "), "")]).collect();
    let link = |before: &str, after| (before.to_string(), after);
    forms.extend([
        vec![link(".", "")],
        vec![link("[", "]")],
        vec![link("(", ")")],
        vec![link(".", ""), link("(", ")"), link("[", "]")],
        vec![link("(", ")"), link("(", ")"), link(".", "")],
    ]);
    forms
}

/// `a` followed by `TERMS - 1` links cycling through `form`.
fn chain_source(form: &[Link], terms: usize) -> String {
    let mut src = String::from("a");
    for (before, after) in form.iter().cycle().take(terms - 1) {
        src.push_str(before);
        src.push('a');
        src.push_str(after);
    }
    src.push(';');
    src
}

/// Runs `f` on a thread with an 8 MiB stack.
fn on_8_mib_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let worker = std::thread::Builder::new().stack_size(STACK).spawn(f).expect("a thread");
    worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// One level of the chain: (the chain below it, its second operand). `None` for anything but a chain link.
fn link_of(e: &Expression) -> Option<(&Expression, &Expression)> {
    match e {
        Expression::Binary(b) => Some((&b.left, &b.right)),
        Expression::Logical(l) => Some((&l.left, &l.right)),
        Expression::Member(m) => Some((&m.object, &m.property)),
        Expression::Call(c) if c.arguments.len() == 1 => Some((&c.callee, &c.arguments[0])),
        _ => None,
    }
}

/// Checks, in a loop from the top, that `program` is the left-nested chain written in `src`: every level starts at
/// 0 and is its chain below, the link's text, `a`, and the link's closing text, in that order; the last link is at
/// the top. Returns the number of levels.
fn check_left_nested_chain(src: &str, program: &Program, form: &[Link]) -> usize {
    let Some(Statement::Expression(statement)) = program.body.first() else { panic!("one expression statement") };
    let text = |span: es5_ast::Span| &src[span.start as usize..span.end as usize];
    let mut expression = &statement.expression;
    let mut levels = 0;
    while let Some((below, operand)) = link_of(expression) {
        // The top level is the last link written; going down, the links come in reverse order.
        let (before, after) = &form[(TERMS - 2 - levels) % form.len()];
        let (span, below_span, operand_span) = (expression.span(), below.span(), operand.span());
        assert_eq!(span.start, 0, "level {levels} starts the chain");
        assert_eq!(below_span.start, 0);
        assert!(matches!(operand, Expression::Identifier(id) if id.name == "a"), "level {levels}: operand `a`");
        assert_eq!(&src[below_span.end as usize..operand_span.start as usize], before, "level {levels}");
        assert_eq!(&src[operand_span.end as usize..span.end as usize], *after, "level {levels}");
        expression = below;
        levels += 1;
    }
    assert!(matches!(expression, Expression::Identifier(id) if text(id.span) == "a"), "the chain starts with `a`");
    levels
}

/// Counts nodes and the deepest level a walk reaches.
#[derive(Default)]
struct Depth {
    nodes: usize,
    open: usize,
    deepest: usize,
}

impl<'a> FlatVisit<'a> for Depth {
    fn enter_node(&mut self, _: NodeRef<'a>) {
        self.nodes += 1;
        self.open += 1;
        self.deepest = self.deepest.max(self.open);
    }

    fn leave_node(&mut self, _: NodeRef<'a>) {
        self.open -= 1;
    }
}

impl<'a> Visit<'a> for Depth {
    fn enter_node(&mut self, _: AstKind<'a>) {
        self.nodes += 1;
        self.open += 1;
        self.deepest = self.deepest.max(self.open);
    }

    fn leave_node(&mut self, _: AstKind<'a>) {
        self.open -= 1;
    }
}

impl VisitMut for Depth {
    fn enter_node(&mut self, _: AstKind<'_>) {
        self.nodes += 1;
        self.open += 1;
        self.deepest = self.deepest.max(self.open);
    }

    fn leave_node(&mut self, _: AstKind<'_>) {
        self.open -= 1;
    }
}

#[test]
fn chains_of_100_000_terms_of_every_form_parse_and_convert_on_an_8_mib_stack() {
    on_8_mib_stack(|| {
        for form in chain_forms() {
            let src = chain_source(&form, TERMS);
            let head: String = src.chars().take(24).collect();
            let program = parse(&src).unwrap_or_else(|e| panic!("{head}…: {e}"));
            assert_eq!(check_left_nested_chain(&src, &program, &form), TERMS - 1, "{head}…");

            // `from_boxed_exact` accepts only a tree numbered in preorder, as `parse` promises.
            let flat = FlatAst::from_boxed_exact(&program).unwrap_or_else(|e| panic!("{head}…: {e}"));
            // Program, statement, a node per link, an `a` per term.
            assert_eq!(flat.len(), 2 + (TERMS - 1) + TERMS, "{head}…");
            let mut walk = Depth::default();
            es5_ast::walk_flat(&mut walk, &flat);
            assert_eq!((walk.nodes, walk.deepest, walk.open), (flat.len(), 2 + (TERMS - 1) + 1, 0), "{head}…");

            // Boxed -> flat -> boxed keeps IDs, spans and values: the same flat tree again.
            let back = flat.to_boxed();
            assert!(FlatAst::from_boxed_exact(&back).is_ok_and(|again| again.same_layout(&flat)), "{head}…");
            // Parsed straight into the flat form (on the big stack too, finished without recursion): the same.
            let direct = es5_parser::parse_flat(&src).unwrap_or_else(|e| panic!("{head}…: {e}"));
            assert!(direct.same_layout(&flat), "{head}…: parse_flat differs");
            drop_iteratively(back);
            drop_iteratively(program);
        }
    });
}

/// A chain as long as `MAX_HEIGHT` allows, nested in brackets as deep as `MAX_DEPTH` allows, parses; the parser
/// renumbers it through the flat form.
#[test]
fn the_longest_chain_inside_the_deepest_nesting_parses() {
    on_8_mib_stack(|| {
        let depth = es5_parser::MAX_DEPTH as usize - 2;
        let links = es5_parser::MAX_HEIGHT as usize - depth - 10;
        let src = format!("{}a{}{};", "[".repeat(depth), ".a".repeat(links), "]".repeat(depth));
        let program = parse(&src).unwrap_or_else(|e| panic!("{e}"));
        let flat = FlatAst::from_boxed_exact(&program).expect("preorder IDs");
        // Program, statement, the arrays, a member expression per link and a name per term.
        assert_eq!(flat.len(), 2 + depth + links + links + 1);
        assert!(es5_parser::parse_flat(&src).is_ok_and(|direct| direct.same_layout(&flat)), "parse_flat differs");
        drop_iteratively(program);
    });
}

/// Chain length that each recursive operation survives on an 8 MiB stack in this build, from `cargo run -p
/// es5_parser --example deep_chains` (debug) and with `--release`, rounded down by at least a fifth; the README
/// gives the measured figures.
struct Survives {
    drop: usize,
    renumber: usize,
    partial_eq: usize,
    visit: usize,
    heap_bytes: usize,
    to_json: usize,
}

const SURVIVES: Survives = if cfg!(debug_assertions) {
    // Measured: 65,000, 29,000, 16,250, 16,250 (calls; 17,375 the others), 16,250, 104,000.
    Survives { drop: 50_000, renumber: 20_000, partial_eq: 12_000, visit: 12_000, heap_bytes: 12_000, to_json: 80_000 }
} else {
    // Measured: 130,000, 174,000, 260,000, 260,000, 130,000, 174,000: all past the 100,000 terms asked for.
    Survives {
        drop: 100_000,
        renumber: 100_000,
        partial_eq: 100_000,
        visit: 100_000,
        heap_bytes: 100_000,
        to_json: 100_000,
    }
};

#[test]
fn recursive_operations_survive_the_documented_chain_lengths() {
    for form in chain_forms().into_iter().filter(|form| matches!(form[0].0.as_str(), " + " | " || " | "." | "(")) {
        let tree = |terms: usize| {
            let src = chain_source(&form, terms);
            let program = parse(&src).unwrap_or_else(|e| panic!("{e}"));
            (src, program)
        };
        let (_, program) = tree(SURVIVES.drop);
        on_8_mib_stack(move || drop(program));

        let (_, mut program) = tree(SURVIVES.renumber);
        let nodes = on_8_mib_stack(move || {
            let nodes = AstNodeBuilder::new().renumber(&mut program);
            drop_iteratively(program);
            nodes
        });
        assert_eq!(nodes, 2 * SURVIVES.renumber + 1);

        let ((_, program), (_, twin)) = (tree(SURVIVES.partial_eq), tree(SURVIVES.partial_eq));
        assert!(on_8_mib_stack(move || {
            let equal = program == twin;
            drop_iteratively(program);
            drop_iteratively(twin);
            equal
        }));

        let (_, mut program) = tree(SURVIVES.visit);
        let (nodes, nodes_mut) = on_8_mib_stack(move || {
            let (mut walk, mut walk_mut) = (Depth::default(), Depth::default());
            Visit::visit_program(&mut walk, &program);
            VisitMut::visit_program(&mut walk_mut, &mut program);
            drop_iteratively(program);
            (walk.nodes, walk_mut.nodes)
        });
        assert_eq!((nodes, nodes_mut), (2 * SURVIVES.visit + 1, 2 * SURVIVES.visit + 1));

        let (_, program) = tree(SURVIVES.heap_bytes);
        assert!(
            on_8_mib_stack(move || {
                let bytes = es5_ast::boxed_heap_bytes(&program);
                drop_iteratively(program);
                bytes
            }) > 0
        );

        let (src, program) = tree(SURVIVES.to_json);
        let json = on_8_mib_stack(move || {
            let json = es5_ast::json::to_json(&program, &src);
            drop_iteratively(program);
            json
        });
        assert_eq!(json.matches(r#""name":"a""#).count(), SURVIVES.to_json);
    }
}
