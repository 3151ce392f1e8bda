//! The flat encoding against the boxed tree: lossless round trips over random trees, validation of corrupted trees,
//! 1,000,000-deep trees without stack overflow, visitors that agree, and typed views / navigation.

use es5_ast::flat::{FlatAst, FlatParts, NodeRef, drop_iteratively, view};
use es5_ast::random::RandomTree;
use es5_ast::{
    AstKind, AstNodeBuilder, FlatVisit, GetNodeId, GetSpan, NodeId, NodeKind, Program, SourceType, Span, UnaryOperator,
    Visit, VisitMut, walk_flat,
};

/// A random tree: seeded, a few to a few hundred nodes, shallow enough for the boxed tree's recursive helpers.
fn random_tree(seed: u64) -> Program {
    let budget = 1 + (seed % 300) as usize;
    RandomTree::new(seed, budget, 14).tree()
}

#[test]
fn ten_thousand_random_trees_round_trip_exactly() {
    let mut total_nodes = 0;
    for seed in 0..10_000 {
        let tree = random_tree(seed);
        // Random trees have preorder IDs already, so the exact conversion must accept them.
        let flat = FlatAst::from_boxed_exact(&tree).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let back = flat.to_boxed();
        // `PartialEq` on the boxed types compares IDs, spans, values and list order.
        assert_eq!(back, tree, "seed {seed}");
        total_nodes += flat.len();
    }
    assert!(total_nodes > 500_000, "the generator should produce sizeable trees, got {total_nodes} nodes");
}

#[test]
fn flat_ids_are_the_builder_renumbering() {
    for seed in 0..200 {
        // Same seed, same tree: renumber one copy and compare with the flat IDs of the other.
        let original = random_tree(seed);
        let mut renumbered = random_tree(seed);
        let count = AstNodeBuilder::new().renumber(&mut renumbered);
        assert_eq!(renumbered, original, "seed {seed}: renumbering changed a preorder tree");
        assert_eq!(FlatAst::from_boxed(&original).len(), count);
    }
}

#[test]
fn a_tree_that_was_not_renumbered_is_renumbered_on_the_fly_or_refused() {
    let mut b = AstNodeBuilder::new();
    let left = b.expression_identifier(Span::new(0, 1), "a".into());
    let right = b.expression_identifier(Span::new(4, 5), "b".into());
    let sum = b.expression_binary(Span::new(0, 5), es5_ast::BinaryOperator::Addition, left, right);
    let stmt = b.statement_expression(Span::new(0, 6), sum, None);
    let mut program = b.program(Span::new(0, 6), vec![stmt], SourceType::Script);
    // The builder numbers children first, so the root is 4, not 0.
    assert_eq!(program.node_id().as_u32(), 4);
    assert!(FlatAst::from_boxed_exact(&program).is_err());
    let flat = FlatAst::from_boxed(&program);
    b.renumber(&mut program);
    assert_eq!(flat.to_boxed(), program, "on-the-fly IDs equal the renumbering's");
    assert!(FlatAst::from_boxed_exact(&program).is_ok());
}

#[test]
fn valid_parts_validate() {
    for seed in 0..500 {
        let flat = FlatAst::from_boxed(&random_tree(seed));
        let again = FlatAst::from_parts(flat.clone().into_parts()).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(again, flat);
        // `from_parts` derives the per-node subtree-end counts itself; walks with leave events depend on them.
        for index in 0..flat.len() {
            let id = NodeId::from_usize(index);
            assert_eq!(again.subtrees_ending_at(id), flat.subtrees_ending_at(id), "seed {seed}, node {index}");
        }
    }
}

/// A small deterministic RNG for corruptions (independent of the tree generator).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    fn any_u32(&mut self, around: usize) -> u32 {
        match self.below(4) {
            0 => u32::MAX,
            1 => u32::MAX - 1,
            _ => self.below(around + 3) as u32,
        }
    }
}

/// One random corruption of `parts`. Some leave the tree valid (e.g. a span change); most do not.
fn corrupt(parts: &mut FlatParts, rng: &mut Rng) {
    let n = parts.nodes.len();
    if n == 0 {
        return; // an earlier corruption emptied the tree
    }
    let i = rng.below(n);
    match rng.below(11) {
        0 => {
            parts.nodes.remove(i);
        }
        1 => {
            // A child listed twice (once in place of another): preorder must catch it.
            let len = parts.child_ids.len();
            if len > 0 {
                let (k, j) = (rng.below(len), rng.below(len));
                parts.child_ids[k] = parts.child_ids[j];
            }
        }
        2 => {
            let j = rng.below(n);
            parts.nodes[i].data = parts.nodes[j].data;
        }
        3 => {
            let j = rng.below(n);
            parts.nodes.swap(i, j);
        }
        4 => parts.nodes.truncate(i),
        5 => {
            let len = parts.child_ids.len();
            if len > 0 {
                let k = rng.below(len);
                parts.child_ids[k] = NodeId::from_u32(rng.any_u32(n));
            }
        }
        6 => {
            let len = parts.child_ids.len();
            parts.child_ids.truncate(rng.below(len + 1));
        }
        7 => {
            let cut = rng.below(parts.strings.len() + 1);
            // Cut on a char boundary so the buffer stays a `String`; references past the end must be caught.
            let cut = (0..=cut).rev().find(|&c| parts.strings.is_char_boundary(c)).unwrap_or(0);
            parts.strings.truncate(cut);
        }
        9 => {
            // Overflow payloads lost: nodes keeping theirs there now point past the end of their tables.
            parts.overflow = es5_ast::flat::Overflow::default();
        }
        8 => {
            let len = parts.optional_child_ids.len();
            if len > 0 {
                let k = rng.below(len);
                parts.optional_child_ids[k] = ast_runtime::OptionalNodeId::from(Some(NodeId::from_u32(rng.any_u32(n))));
            }
        }
        _ => {
            let node = parts.nodes[i];
            parts.nodes.insert(rng.below(n), node);
        }
    }
}

#[test]
fn corrupted_trees_give_errors_never_panics() {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let (mut rejected, mut accepted) = (0, 0);
    for seed in 0..3_000 {
        let mut parts = FlatAst::from_boxed(&random_tree(seed)).into_parts();
        for _ in 0..=rng.below(3) {
            corrupt(&mut parts, &mut rng);
        }
        match FlatAst::from_parts(parts) {
            Err(e) => {
                assert!(!e.to_string().is_empty());
                rejected += 1;
            }
            // Whatever validation accepts must be fully usable. (Its buffers may differ from a fresh conversion's,
            // e.g. unused string bytes, so compare the trees.)
            Ok(flat) => {
                let back = flat.to_boxed();
                assert_eq!(FlatAst::from_boxed(&back).to_boxed(), back);
                assert_eq!(FlatAst::from_boxed(&back).len(), flat.len());
                accepted += 1;
            }
        }
    }
    assert!(rejected > 2 * accepted, "most corruptions must be caught: {rejected} rejected, {accepted} accepted");
}

#[test]
fn hand_built_parts_with_a_child_before_its_parent_are_rejected() {
    let mut parts = FlatAst::from_boxed(&random_tree(7)).into_parts();
    parts.nodes.reverse();
    assert!(FlatAst::from_parts(parts).is_err());
    assert!(FlatAst::from_parts(FlatParts::default()).is_err(), "an empty tree has no root");
}

/// `!!!…!x;` nested `depth` times, built bottom-up with the builder (not renumbered: that would recurse).
fn deep_program(depth: usize) -> Program {
    let mut b = AstNodeBuilder::new();
    let mut expr = b.expression_identifier(Span::new(depth as u32, depth as u32 + 1), "x".into());
    for level in (0..depth).rev() {
        expr = b.expression_unary(Span::new(level as u32, depth as u32 + 1), UnaryOperator::LogicalNot, expr);
    }
    let stmt = b.statement_expression(Span::new(0, depth as u32 + 2), expr, None);
    b.program(Span::new(0, depth as u32 + 2), vec![stmt], SourceType::Script)
}

/// Counts nodes and leave events, and checks that every `leave_node` closes the latest open node.
#[derive(Default)]
struct Counter {
    entered: usize,
    open: Vec<NodeId>,
    max_open: usize,
}

impl<'a> FlatVisit<'a> for Counter {
    fn enter_node(&mut self, node: NodeRef<'a>) {
        self.entered += 1;
        self.open.push(node.id);
        self.max_open = self.max_open.max(self.open.len());
    }

    fn leave_node(&mut self, node: NodeRef<'a>) {
        assert_eq!(self.open.pop(), Some(node.id));
    }
}

#[test]
fn a_million_deep_expression_converts_visits_and_drops_without_overflow() {
    const DEPTH: usize = 1_000_000;
    // Test threads have 2 MiB stacks: any recursion per level would overflow long before a million levels.
    let program = deep_program(DEPTH);
    let flat = FlatAst::from_boxed(&program);
    drop_iteratively(program);
    assert_eq!(flat.len(), DEPTH + 3, "program, statement, {DEPTH} unary expressions, identifier");
    assert_eq!(flat.subtree(NodeId::ROOT), 0..DEPTH + 3);
    // The identifier at the bottom ends every subtree: a count too large for the per-node byte.
    assert_eq!(flat.subtrees_ending_at(NodeId::from_usize(DEPTH + 2)), DEPTH as u32 + 3);

    let mut counter = Counter::default();
    walk_flat(&mut counter, &flat);
    assert_eq!(counter.entered, DEPTH + 3);
    assert!(counter.open.is_empty());
    assert_eq!(counter.max_open, DEPTH + 3);

    let back = flat.to_boxed();
    assert_eq!(back.node_id(), NodeId::ROOT);
    let flat_again = FlatAst::from_boxed_exact(&back).expect("to_boxed gives preorder IDs");
    assert_eq!(flat_again, flat);
    drop_iteratively(back);
    let parts = flat_again.into_parts();
    let flat = FlatAst::from_parts(parts).expect("a deep tree validates without recursion");
    drop(flat);
}

/// Records `enter_node` / `leave_node` events of either form as (entered?, kind, id).
#[derive(Default)]
struct Events(Vec<(bool, NodeKind, u32)>);

impl<'a> Visit<'a> for Events {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        self.0.push((true, kind.kind(), kind.node_id().as_u32()));
    }

    fn leave_node(&mut self, kind: AstKind<'a>) {
        self.0.push((false, kind.kind(), kind.node_id().as_u32()));
    }
}

impl<'a> FlatVisit<'a> for Events {
    fn enter_node(&mut self, node: NodeRef<'a>) {
        self.0.push((true, node.node_kind(), node.id.as_u32()));
    }

    fn leave_node(&mut self, node: NodeRef<'a>) {
        self.0.push((false, node.node_kind(), node.id.as_u32()));
    }
}

/// Records only `enter_node` and opts out of leave events: `walk_flat` takes its plain-scan path.
#[derive(Default)]
struct EnterOnly(Vec<(bool, NodeKind, u32)>);

impl<'a> FlatVisit<'a> for EnterOnly {
    fn enter_node(&mut self, node: NodeRef<'a>) {
        self.0.push((true, node.node_kind(), node.id.as_u32()));
    }

    fn wants_leave_events(&self) -> bool {
        false
    }
}

#[test]
fn a_visitor_without_leave_events_sees_every_enter_in_order() {
    for seed in 0..100 {
        let flat = FlatAst::from_boxed(&random_tree(seed));
        let mut all = Events::default();
        walk_flat(&mut all, &flat);
        let mut enters = EnterOnly::default();
        walk_flat(&mut enters, &flat);
        let expected: Vec<_> = all.0.into_iter().filter(|e| e.0).collect();
        assert_eq!(enters.0, expected, "seed {seed}");
    }
}

#[test]
fn boxed_and_flat_visitors_see_the_same_events() {
    for seed in 0..300 {
        let tree = random_tree(seed);
        let flat = FlatAst::from_boxed(&tree);
        let mut boxed_events = Events::default();
        Visit::visit_program(&mut boxed_events, &tree);
        let mut flat_events = Events::default();
        walk_flat(&mut flat_events, &flat);
        assert_eq!(boxed_events.0.len(), 2 * flat.len());
        assert_eq!(boxed_events.0, flat_events.0, "seed {seed}");
    }
}

#[test]
fn every_subtree_ends_exactly_once_where_its_last_node_is() {
    for seed in 0..100 {
        let flat = FlatAst::from_boxed(&random_tree(seed));
        let ids = (0..flat.len()).map(NodeId::from_usize);
        let total: usize = ids.clone().map(|id| flat.subtrees_ending_at(id) as usize).sum();
        assert_eq!(total, flat.len(), "seed {seed}: one end per node");
        for id in ids {
            let last = NodeId::from_usize(flat.subtree(id).end - 1);
            let leaf = flat.children(id).is_empty();
            assert_eq!(flat.subtrees_ending_at(id) > 0, leaf, "seed {seed}: only leaves end subtrees");
            assert!(flat.subtrees_ending_at(last) > 0, "seed {seed}: the subtree of {id} ends at {last}");
        }
    }
}

#[test]
fn subtree_walks_balance_enter_and_leave() {
    for seed in [7, 8] {
        let flat = FlatAst::from_boxed(&random_tree(seed));
        let mut all = Events::default();
        walk_flat(&mut all, &flat);
        for index in (0..flat.len()).step_by(37) {
            let id = NodeId::from_usize(index);
            let mut events = Events::default();
            es5_ast::walk_flat_subtree(&mut events, &flat, id);
            // The subtree's events are the full walk's from entering `id` to leaving it.
            let kind = flat.nodes()[index].kind();
            let start = all.0.iter().position(|&e| e == (true, kind, id.as_u32())).expect("entered");
            let end = all.0.iter().position(|&e| e == (false, kind, id.as_u32())).expect("left");
            assert_eq!(events.0, all.0[start..=end], "seed {seed}, node {index}");
        }
    }
}

/// Renames every identifier: `VisitMut` reaches every node and can change it.
struct Rename(usize);

impl VisitMut for Rename {
    fn visit_identifier(&mut self, it: &mut es5_ast::Identifier) {
        it.name = format!("v{}", self.0);
        self.0 += 1;
    }
}

/// Collects identifier names in visiting order.
#[derive(Default)]
struct Names(Vec<String>);

impl<'a> Visit<'a> for Names {
    fn visit_identifier(&mut self, it: &'a es5_ast::Identifier) {
        self.0.push(it.name.clone());
    }
}

#[test]
fn visit_mut_changes_the_tree_and_views_read_it_back() {
    let mut tree = random_tree(42);
    let mut rename = Rename(0);
    rename.visit_program(&mut tree);
    let mut names = Names::default();
    names.visit_program(&tree);
    assert_eq!(names.0.len(), rename.0);
    assert!(names.0.iter().enumerate().all(|(i, n)| *n == format!("v{i}")));

    // The same names, by a linear scan of the flat tree's identifiers.
    let flat = FlatAst::from_boxed(&tree);
    let flat_names: Vec<&str> = flat.iter_views::<view::Identifier>().map(|id| id.name()).collect();
    assert_eq!(flat_names, names.0);
    assert_eq!(flat.ids_of_kind(NodeKind::Identifier).count(), names.0.len());
}

/// Call expressions of the boxed tree, with their argument counts.
#[derive(Default)]
struct Calls(Vec<(u32, usize)>);

impl<'a> Visit<'a> for Calls {
    fn visit_call_expression(&mut self, it: &'a es5_ast::CallExpression) {
        self.0.push((it.node_id().as_u32(), it.arguments.len()));
        es5_ast::walk::walk_call_expression(self, it);
    }
}

#[test]
fn typed_views_and_navigation_agree_with_the_boxed_tree() {
    for seed in 0..200 {
        let tree = random_tree(seed);
        let flat = FlatAst::from_boxed(&tree);
        let mut calls = Calls::default();
        calls.visit_program(&tree);
        let flat_calls: Vec<(u32, usize)> = flat
            .iter_views::<view::CallExpression>()
            .map(|call| (call.node_id().as_u32(), call.arguments().len()))
            .collect();
        assert_eq!(flat_calls, calls.0, "seed {seed}");
        assert_eq!(flat.root().body().len(), tree.body.len());
        assert_eq!(flat.root().span(), tree.span());
        // Parents are derived on demand: the table costs nothing until asked for, then 5 bytes per node (the
        // parent's ID and a one-byte parent field).
        let before = flat.heap_bytes();
        assert_eq!(flat.parent(NodeId::ROOT), None);
        assert_eq!(std::mem::size_of::<Option<es5_ast::ParentField>>(), 1);
        assert_eq!(flat.heap_bytes(), before + 5 * flat.len());
        assert_eq!(flat.parents().iter().filter(|(_, p)| p.is_none()).count(), 1, "only the root has no parent");

        for index in 0..flat.len() {
            let id = NodeId::from_usize(index);
            let subtree = flat.subtree(id);
            let children = flat.children(id);
            // Children follow their parent and tile its subtree in order.
            let mut next = index + 1;
            for &child in &children {
                assert_eq!(flat.parent(child), Some(id));
                assert_eq!(child.index(), next);
                next = flat.subtree(child).end;
            }
            assert_eq!(subtree, index..next, "seed {seed}, node {index}");
        }
    }
}

#[test]
fn flat_nodes_are_20_bytes() {
    assert!(std::mem::size_of::<es5_ast::flat::Node>() <= 32, "the issue's bound");
    assert_eq!(std::mem::size_of::<es5_ast::flat::Node>(), 20, "update the README when this changes");
}
