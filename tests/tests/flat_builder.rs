//! The `AstBuild` interface: the flat builder against `FlatAst::from_boxed` of the boxed tree the same calls build
//! (random ES5 and Python trees built again through both builders), and what the flat builder refuses.

use ast_runtime::flat_ast::PreorderPass;
use es5_ast::flat::{Built, FlatAst, FlatBuilder};
use es5_ast::random::RandomTree;
use es5_ast::{AstBuild, AstNodeBuilder, BuildCopy, BuilderCore, GetNodeId, Program, SourceType, Span};

/// A random tree: seeded, a few to a few hundred nodes.
fn random_tree(seed: u64) -> Program {
    RandomTree::new(seed, 1 + (seed % 300) as usize, 14).tree()
}

#[test]
fn random_es5_trees_built_flat_equal_the_flattened_boxed_build() {
    let mut flat_builder = FlatBuilder::new();
    let mut nodes = 0;
    for seed in 0..3000 {
        let tree = random_tree(seed);
        let mut boxed_builder = AstNodeBuilder::new();
        let boxed_root = tree.build_copy(&mut boxed_builder);
        assert_eq!(boxed_builder.node_count(), flat_nodes_before_finish(&tree, &mut FlatBuilder::new()));
        let boxed = boxed_builder.finish(boxed_root);
        // Random trees carry preorder IDs, so the renumbered copy is the tree itself.
        assert_eq!(boxed, tree, "seed {seed}");
        // One flat builder for every tree: `finish` leaves it empty and ready, with its buffers.
        let root = tree.build_copy(&mut flat_builder);
        let flat = flat_builder.finish(root);
        let flattened = FlatAst::from_boxed(&tree);
        assert!(flat.same_layout(&flattened), "seed {seed}: {flat:?} vs {flattened:?}");
        assert_eq!(flat.heap_bytes(), flattened.heap_bytes(), "seed {seed}: the same bytes, no spare capacity");
        assert_eq!(flat.to_boxed(), tree, "seed {seed}");
        assert_eq!(flat_builder.node_count(), 0);
        nodes += flat.len();
    }
    assert!(nodes > 200_000, "the trees should be sizeable, got {nodes} nodes");
}

/// How many nodes `builder` holds after building `tree` (before `finish`).
fn flat_nodes_before_finish(tree: &Program, builder: &mut FlatBuilder) -> usize {
    let _root: Built<Program> = tree.build_copy(builder);
    builder.node_count()
}

#[test]
fn random_python_trees_built_flat_equal_the_flattened_boxed_build() {
    use python_ast::random::RandomTree;
    let mut flat_builder = python_ast::flat::FlatBuilder::new();
    for seed in 0..1000 {
        let tree = RandomTree::new(seed, 1 + (seed % 300) as usize, 14).tree();
        let mut boxed_builder = python_ast::AstNodeBuilder::new();
        let root = python_ast::BuildCopy::build_copy(&tree, &mut boxed_builder);
        assert_eq!(python_ast::AstBuild::finish(&mut boxed_builder, root), tree, "seed {seed}");
        let expected = python_ast::flat::FlatAst::from_boxed(&tree);
        let root = python_ast::BuildCopy::build_copy(&tree, &mut flat_builder);
        assert!(python_ast::AstBuild::finish(&mut flat_builder, root).same_layout(&expected), "seed {seed}");
        let root = python_ast::BuildCopy::build_copy(&tree, &mut flat_builder);
        assert!(
            flat_builder.finish_with(root, PreorderPass::TwoPass).same_layout(&expected),
            "seed {seed}, two passes"
        );
    }
}

#[test]
fn a_handle_kept_past_a_rewind_is_refused_when_used_again() {
    let result = std::panic::catch_unwind(|| {
        let mut b = FlatBuilder::new();
        let checkpoint = b.checkpoint();
        let stale = b.expression_identifier(Span::new(0, 1), "a");
        b.rewind(checkpoint);
        let fresh = b.expression_identifier(Span::new(0, 1), "b");
        assert_eq!(stale.node_id(), fresh.node_id(), "the rewound ID is handed out again");
        let first = b.statement_expression(Span::new(0, 1), fresh, None);
        let second = b.statement_expression(Span::new(0, 1), stale, None);
        let body = b.list_from([first, second]);
        let root = b.program(Span::new(0, 1), body, SourceType::Script);
        b.finish(root)
    });
    let message = result.expect_err("a stale handle must not build a tree");
    let message = message.downcast_ref::<&str>().copied().unwrap_or_default();
    assert!(message.contains("used twice, or after a rewind"), "{message}");
}

mod toy;

/// Every node ID of a boxed tree, in visiting order.
#[derive(Default)]
struct Ids(Vec<u32>);

impl<'a> es5_ast::Visit<'a> for Ids {
    fn enter_node(&mut self, kind: es5_ast::AstKind<'a>) {
        self.0.push(kind.node_id().as_u32());
    }
}

/// True when the IDs of `tree` are exactly `0..count`, each once: dense, no gap.
fn ids_are_dense(tree: &Program, count: usize) -> bool {
    let mut ids = Ids::default();
    es5_ast::Visit::visit_program(&mut ids, tree);
    ids.0.sort_unstable();
    ids.0.len() == count && ids.0.iter().enumerate().all(|(i, &id)| id as usize == i)
}

/// Parses `src` with the toy parser into the boxed tree, checks that its construction-order IDs are dense, and
/// returns it renumbered; then parses it flat and compares.
fn parse_both_ways(src: &str) -> FlatAst {
    let mut boxed = toy::Toy::new(src, AstNodeBuilder::new(), true);
    let root = boxed.program().unwrap_or_else(|e| panic!("{e:?} in {src}"));
    assert!(ids_are_dense(&root, boxed.b.node_count()), "boxed IDs have a gap: {src}");
    let tree = boxed.b.finish(root);
    let mut flat = toy::Toy::new(src, FlatBuilder::new(), true);
    let root = flat.program().unwrap_or_else(|e| panic!("{e:?} in {src}"));
    let built = flat.b.node_count();
    let flat = flat.b.finish(root);
    assert_eq!(flat.len(), built, "the flat builder kept an abandoned node: {src}");
    assert!(flat.same_layout(&FlatAst::from_boxed(&tree)), "{src}");
    flat
}

#[test]
fn a_backtracking_parser_leaves_no_gap_in_either_builder() {
    let flat = parse_both_ways("(a, x) => a + x * 3; (b); (1, [2, , c(d)]) + (() => 1);");
    // Each function was read as a sequence first (the second failed at `)`): what that built left nothing behind.
    assert_eq!(flat.len(), 27);
    assert_eq!(flat.iter_views::<es5_ast::flat::view::FunctionExpression>().count(), 2);
    parse_both_ways("f((a) => (b, c) => a + b * c, 1); ((q) => q);");
    let mut nodes = 0;
    for seed in 0..300 {
        nodes += parse_both_ways(&toy::random_program(seed, 1 + seed as usize % 20)).len();
    }
    assert!(nodes > 10_000, "the random programs should be sizeable, got {nodes} nodes");
}

#[test]
fn without_rewinding_the_abandoned_reading_leaves_gaps() {
    // The check of the test above can fail: a parser that drops the first reading without rewinding leaves its
    // IDs unused.
    let src = "(a, b) => a;";
    let mut boxed = toy::Toy::new(src, AstNodeBuilder::new(), false);
    let root = boxed.program().unwrap();
    assert!(!ids_are_dense(&root, boxed.b.node_count()));
    let tree = boxed.b.finish(root);
    // The flat builder leaves the abandoned nodes out all the same, at the cost of their buffer space.
    let mut flat = toy::Toy::new(src, FlatBuilder::new(), false);
    let root = flat.program().unwrap();
    let built = flat.b.node_count();
    let flat = flat.b.finish(root);
    assert!(flat.same_layout(&FlatAst::from_boxed(&tree)));
    assert_eq!(built, flat.len() + 2, "`a` and `b`, read as expressions, were built and abandoned");
}

/// One step of a random build, taken between two statements of the tree really built.
#[derive(Clone, Copy, Debug)]
enum Step {
    /// Take a checkpoint (pushed on a stack).
    Checkpoint,
    /// Build the random tree of this seed, and drop it.
    Garbage(u64),
    /// Rewind to the checkpoint at this depth of the stack (those above it are forgotten; it stays).
    Rewind(usize),
    /// Forget the top checkpoint without rewinding (its reading is kept, to be discarded by an outer one).
    Forget,
}

/// Per statement of the tree, the steps taken before it is built (after a checkpoint of its own), and whether the
/// builder rewinds to that checkpoint at the end (when not, the garbage stays, held by no node).
fn random_plan(seed: u64, statements: usize, rewind_all: bool) -> Vec<(Vec<Step>, bool)> {
    let mut rng = toy::Rng(seed);
    (0..statements)
        .map(|_| {
            let mut depth = 1;
            let steps = (0..rng.below(7))
                .map(|_| match rng.below(5) {
                    0 => {
                        depth += 1;
                        Step::Checkpoint
                    }
                    1 | 2 => Step::Garbage(rng.below(1_000_000)),
                    3 => {
                        let to = rng.below(depth as u64) as usize;
                        depth = to + 1;
                        Step::Rewind(to)
                    }
                    _ if depth > 1 => {
                        depth -= 1;
                        Step::Forget
                    }
                    _ => Step::Garbage(rng.below(1_000_000)),
                })
                .collect();
            (steps, rewind_all || rng.below(4) > 0)
        })
        .collect()
}

/// What a builder saw while following a plan: its node count after every step and the ID of every statement.
#[derive(Debug, PartialEq)]
struct Trace {
    counts: Vec<usize>,
    statement_ids: Vec<u32>,
}

/// Builds `tree`'s statements through `b` with the plan's garbage and rewinds in between, then its root.
fn follow_plan<B: AstBuild>(b: &mut B, tree: &Program, plan: &[(Vec<Step>, bool)], trace: &mut Trace) -> B::Program {
    let mut statements = Vec::new();
    for (statement, (steps, rewind)) in tree.body.iter().zip(plan) {
        let mut checkpoints = vec![b.checkpoint()];
        for step in steps {
            match *step {
                Step::Checkpoint => checkpoints.push(b.checkpoint()),
                Step::Garbage(seed) => drop(RandomTree::new(seed, 1 + (seed % 60) as usize, 8).tree().build_copy(b)),
                Step::Rewind(depth) => {
                    checkpoints.truncate(depth + 1);
                    b.rewind(checkpoints[depth]);
                }
                Step::Forget => drop(checkpoints.pop()),
            }
            trace.counts.push(b.node_count());
        }
        if *rewind {
            b.rewind(checkpoints[0]);
        }
        let built = statement.build_copy(b);
        trace.statement_ids.push(built.node_id().as_u32());
        statements.push(built);
    }
    let body = b.list_from(statements);
    b.program(tree.span, body, tree.source_type)
}

#[test]
fn random_builds_with_checkpoints_and_rewinds_match_the_boxed_reference() {
    for seed in 0..400 {
        let tree = RandomTree::new(seed, 50 + (seed % 400) as usize, 12).tree();
        let rewind_all = seed % 3 != 0;
        let plan = random_plan(seed, tree.body.len(), rewind_all);
        let mut boxed_trace = Trace { counts: Vec::new(), statement_ids: Vec::new() };
        let mut boxed_builder = AstNodeBuilder::new();
        let boxed_root = follow_plan(&mut boxed_builder, &tree, &plan, &mut boxed_trace);
        if rewind_all {
            assert!(ids_are_dense(&boxed_root, boxed_builder.node_count()), "seed {seed}: a gap in the boxed IDs");
        }
        let boxed = boxed_builder.finish(boxed_root);
        assert_eq!(boxed, tree, "seed {seed}: the boxed reference is the tree");

        let mut flat_trace = Trace { counts: Vec::new(), statement_ids: Vec::new() };
        let mut flat_builder = FlatBuilder::new();
        let flat_root = follow_plan(&mut flat_builder, &tree, &plan, &mut flat_trace);
        assert_eq!(flat_trace, boxed_trace, "seed {seed}: both builders hand out the same IDs");
        let built = flat_builder.node_count();
        // Both ways of reaching preorder give the same tree.
        let pass = if seed % 2 == 0 { PreorderPass::DepthFirst } else { PreorderPass::TwoPass };
        let flat = flat_builder.finish_with(flat_root, pass);
        assert!(flat.same_layout(&FlatAst::from_boxed(&tree)), "seed {seed}, {pass:?}");
        if rewind_all {
            assert_eq!(built, flat.len(), "seed {seed}: nothing abandoned is left in the flat builder");
        }
    }
}

/// Builds `[a, 1]; a;` through `b`, testing and unwrapping handles on the way; returns the root and what the tests
/// answered.
fn wrap_and_unwrap<B: AstBuild>(b: &mut B) -> (B::Program, Vec<bool>) {
    let mut answers = Vec::new();
    let name = b.identifier(Span::new(1, 2), "a");
    let a = b.expression_from_identifier(name);
    let one = b.expression_numeric_literal(Span::new(4, 5), 1.0, "1");
    answers.extend([b.expression_is_identifier(&a), b.expression_is_identifier(&one), b.expression_is_binary(&a)]);
    // A wrong unwrap gives the handle back; a right one gives the payload.
    let one = b.expression_into_identifier(one).expect_err("a number is not an identifier");
    let name = b.expression_into_identifier(a).expect("an identifier");
    let a = b.expression_from_identifier(name);
    let elements = b.list_from([Some(a), None, Some(one)]);
    let array = b.expression_array(Span::new(0, 6), elements);
    let first = b.statement_expression(Span::new(0, 7), array, None);
    let again = b.expression_identifier(Span::new(8, 9), "a");
    let second = b.statement_expression(Span::new(8, 10), again, Some("use strict"));
    answers.push(b.statement_is_expression(&second));
    let body = b.list_from([first, second]);
    (b.program(Span::new(0, 10), body, SourceType::Script), answers)
}

#[test]
fn wrapping_testing_and_unwrapping_handles_agree_between_the_builders() {
    let mut boxed_builder = AstNodeBuilder::new();
    let (root, boxed_answers) = wrap_and_unwrap(&mut boxed_builder);
    let tree = boxed_builder.finish(root);
    let mut flat_builder = FlatBuilder::new();
    let (root, flat_answers) = wrap_and_unwrap(&mut flat_builder);
    assert_eq!(boxed_answers, [true, false, false, true]);
    assert_eq!(flat_answers, boxed_answers);
    let flat = flat_builder.finish(root);
    assert!(flat.same_layout(&FlatAst::from_boxed(&tree)));
    assert_eq!(flat.len(), 7);
    assert_eq!(flat.strings().matches('a').count(), 1, "`a` is stored once");
}

/// The message of the panic `build` ends in.
fn panic_message(build: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(build).expect_err("the build should have been refused");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn the_flat_builder_refuses_a_cast_to_the_wrong_type_and_a_stale_checkpoint() {
    let message = panic_message(|| {
        let mut b = FlatBuilder::new();
        let name = b.identifier(Span::new(0, 1), "a");
        // An identifier is no statement: the cast changes the type only, and `finish` checks the kinds.
        let statement: Built<es5_ast::Statement> = name.cast();
        let body = b.list_from([statement]);
        let root = b.program(Span::new(0, 1), body, SourceType::Script);
        b.finish(root);
    });
    assert!(message.contains("a child of a kind its field does not hold"), "{message}");

    let message = panic_message(|| {
        let mut b = FlatBuilder::new();
        let name = b.identifier(Span::new(0, 1), "a");
        b.finish(name);
    });
    assert!(message.contains("not a node of the root type"), "{message}");

    let message = panic_message(|| {
        let mut b = FlatBuilder::new();
        let outer = b.checkpoint();
        let _abandoned = b.this_expression(Span::new(0, 4));
        let inner = b.checkpoint();
        b.rewind(outer);
        b.rewind(inner);
    });
    assert!(message.contains("ahead of the builder"), "{message}");
}

/// The README's example: one function for both builders.
fn sum<B: AstBuild>(b: &mut B) -> B::Tree {
    let left = b.expression_identifier(Span::new(0, 1), "a");
    let right = b.expression_identifier(Span::new(4, 5), "b");
    let sum = b.expression_binary(Span::new(0, 5), es5_ast::BinaryOperator::Addition, left, right);
    let statement = b.statement_expression(Span::new(0, 6), sum, None);
    let body = b.list_from([statement]);
    let root = b.program(Span::new(0, 6), body, SourceType::Script);
    b.finish(root)
}

#[test]
fn the_readme_example_builds_equal_trees() {
    let boxed = sum(&mut AstNodeBuilder::new());
    let flat = sum(&mut FlatBuilder::new());
    assert!(flat.same_layout(&FlatAst::from_boxed(&boxed)));
    assert_eq!(boxed.node_id().as_u32(), 0, "renumbered: the root is 0");
    assert_eq!(flat.len(), 5);
}
