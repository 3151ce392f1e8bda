//! The `AstBuild` interface: the flat builder against `FlatAst::from_boxed` of the boxed tree the same calls build
//! (random ES5 and Python trees built again through both builders), and what the flat builder refuses.

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
        assert_eq!(flat, FlatAst::from_boxed(&tree), "seed {seed}");
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
        let root = python_ast::BuildCopy::build_copy(&tree, &mut flat_builder);
        let flat = python_ast::AstBuild::finish(&mut flat_builder, root);
        assert_eq!(flat, python_ast::flat::FlatAst::from_boxed(&tree), "seed {seed}");
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
