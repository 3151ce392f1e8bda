//! Parent fields, ancestors and walk control, for both languages and both representations:
//!
//! - the parent field of every node agrees three ways: the flat tree's lazily built table
//!   (`FlatAst::parent_field`), the boxed `ParentTable::build`, and a boxed `Visit` that keeps `enter_field` /
//!   `leave_field` on a stack; parents agree with the flat tree's too;
//! - hand-checked edges on a small ES5 program (`a.b`: `b` is `MemberExpressionProperty`);
//! - ancestors end at the root, one per level;
//! - `WalkControl::SkipChildren` / `Stop` give exactly the events of a full walk filtered by hand, in the flat walk
//!   (with and without leave events) and the boxed one;
//! - a boxed tree with IDs that are not dense gets an error, not a table.
//!
//! On lodash (parsed by the ES5 parser; fails without `npm ci --prefix tests/js`), random ES5 trees and random
//! Python trees.

use std::path::Path;

use ast_runtime::{NodeId, WalkControl};

/// One event of a walk: `(true, id)` for an enter, `(false, id)` for a leave.
type Event = (bool, u32);

/// What a controlled walk does: skip the children of the nodes in `skip`, stop after `stop`.
#[derive(Clone, Default)]
struct Plan {
    skip: std::collections::HashSet<u32>,
    stop: Option<Event>,
}

/// The events a walk obeying `plan` must produce, from the events of a full walk and the tree's parents: no event
/// of a node below a skipped node, and nothing after the stop event.
fn expected_events(full: &[Event], plan: &Plan, parent: impl Fn(u32) -> Option<u32>) -> Vec<Event> {
    let hidden = |id: u32| {
        let mut at = parent(id);
        while let Some(p) = at {
            if plan.skip.contains(&p) {
                return true;
            }
            at = parent(p);
        }
        false
    };
    let mut out = Vec::new();
    for &event in full.iter().filter(|(_, id)| !hidden(*id)) {
        out.push(event);
        if plan.stop == Some(event) {
            break;
        }
    }
    out
}

/// A few plans for a tree of `len` nodes whose full walk is `full`: every 7th node skipped, at any depth and only
/// at depth 4 or more (so that skipping a node near the root does not hide the whole tree); a stop at an enter and
/// at a leave in the middle; skips and stop together; every node skipped; a stop at the root.
fn plans(len: u32, full: &[Event], parent: impl Fn(u32) -> Option<u32>) -> Vec<Plan> {
    let depth = |id: u32| std::iter::successors(parent(id), |&p| parent(p)).count();
    let every_7th: std::collections::HashSet<u32> = (0..len).filter(|id| id % 7 == 3).collect();
    let deep_7th = every_7th.iter().copied().filter(|&id| depth(id) >= 4).collect();
    let middle = full.get(full.len() / 2).copied();
    let leave = full.iter().rev().find(|(enter, _)| !enter).copied();
    let enter_late = full.iter().rev().find(|(enter, id)| *enter && id % 7 != 3).copied();
    vec![
        Plan { skip: every_7th.clone(), stop: None },
        Plan { skip: deep_7th, stop: None },
        Plan { skip: Default::default(), stop: middle },
        Plan { skip: Default::default(), stop: leave },
        Plan { skip: every_7th, stop: enter_late },
        Plan { skip: (0..len).collect(), stop: None },
        Plan { skip: Default::default(), stop: Some((true, 0)) },
    ]
}

/// The checks, written once and instantiated for each generated crate.
macro_rules! checks_for {
    ($module:ident, $krate:ident, $root:ident, $visit_root:ident) => {
        mod $module {
            use ast_runtime::{NodeId, WalkControl};
            use $krate::flat::{FlatAst, NodeRef};
            use $krate::{AstKind, FlatVisit, ParentField, ParentTable, Visit, walk_flat};

            use super::{Event, Plan, expected_events, plans};

            /// Records, per node entered, the field on top of the `enter_field` stack; checks the same field is on
            /// top when the node is left.
            #[derive(Default)]
            pub struct FieldStack {
                stack: Vec<ParentField>,
                pub seen: Vec<(NodeId, Option<ParentField>)>,
                open: Vec<(NodeId, Option<ParentField>)>,
            }

            impl<'a> Visit<'a> for FieldStack {
                fn enter_field(&mut self, field: ParentField) {
                    self.stack.push(field);
                }

                fn leave_field(&mut self, field: ParentField) {
                    assert_eq!(self.stack.pop(), Some(field), "enter_field and leave_field do not pair up");
                }

                fn enter_node(&mut self, kind: AstKind<'a>) {
                    let entry = (kind.node_id(), self.stack.last().copied());
                    self.seen.push(entry);
                    self.open.push(entry);
                }

                fn leave_node(&mut self, kind: AstKind<'a>) {
                    let left = (kind.node_id(), self.stack.last().copied());
                    assert_eq!(
                        self.open.pop(),
                        Some(left),
                        "the parent field at leave_node is not the one at enter_node"
                    );
                }
            }

            /// Checks that the three ways to get parent fields agree on every node of `program`, and that
            /// ancestors end at the root; returns the flat tree.
            pub fn parent_fields_agree(program: &$krate::$root) -> FlatAst {
                let ast = FlatAst::from_boxed_exact(program).expect("the tree's IDs are preorder");
                let table = ParentTable::build(program).expect("the tree's IDs are dense");
                assert_eq!(table.len(), ast.len());
                let mut hook = FieldStack::default();
                Visit::$visit_root(&mut hook, program);
                assert_eq!(hook.seen.len(), ast.len());
                for (index, &(id, field)) in hook.seen.iter().enumerate() {
                    assert_eq!(id.index(), index, "the boxed walk is not in preorder");
                    assert_eq!(ast.parent_field(id), field, "flat vs the enter_field hook at node {index}");
                    assert_eq!(table.parent_field(id), field, "ParentTable vs the enter_field hook at node {index}");
                    assert_eq!(table.parent(id), ast.parent(id), "ParentTable vs flat parents at node {index}");
                    let parent_kind = ast.parent(id).and_then(|p| ast.node(p)).map(|p| p.kind());
                    assert_eq!(field.map(ParentField::parent_kind), parent_kind, "parent_kind at node {index}");
                    assert_eq!(field.is_none(), index == 0, "only the root has no parent field");
                    ancestors_end_at_the_root(&ast, &table, id);
                }
                ast
            }

            /// The ancestors of `id` are its parent chain, each one level up, ending at the root; the same from the
            /// flat tree, its `NodeRef` and the boxed table.
            fn ancestors_end_at_the_root(ast: &FlatAst, table: &ParentTable, id: NodeId) {
                let flat: Vec<NodeId> = ast.ancestors(id).collect();
                let mut chain = Vec::new();
                let mut at = ast.parent(id);
                while let Some(p) = at {
                    chain.push(p);
                    at = ast.parent(p);
                }
                assert_eq!(flat, chain);
                assert_eq!(flat.last().copied(), (id != NodeId::ROOT).then_some(NodeId::ROOT));
                assert!(table.ancestors(id).eq(flat.iter().copied()));
                let node: NodeRef<'_> = ast.node_ref(id).expect("the node exists");
                assert!(node.ancestors().map(|a| a.id).eq(flat.iter().copied()));
                assert_eq!(node.parent_field(), ast.parent_field(id));
            }

            /// A visitor of both trees that records events and obeys a [`Plan`].
            pub struct Controlled {
                plan: Plan,
                leaves: bool,
                control: WalkControl,
                pub events: Vec<Event>,
            }

            impl Controlled {
                pub fn new(plan: Plan, leaves: bool) -> Self {
                    Controlled { plan, leaves, control: WalkControl::Continue, events: Vec::new() }
                }

                fn enter(&mut self, id: u32) {
                    self.events.push((true, id));
                    if self.plan.stop == Some((true, id)) {
                        self.control = WalkControl::Stop;
                    } else if self.plan.skip.contains(&id) {
                        self.control = WalkControl::SkipChildren;
                    }
                }

                fn leave(&mut self, id: u32) {
                    self.events.push((false, id));
                    if self.plan.stop == Some((false, id)) {
                        self.control = WalkControl::Stop;
                    }
                }

                /// `Stop` stays; `SkipChildren` is answered once.
                fn answer(&mut self) -> WalkControl {
                    if self.control == WalkControl::Stop {
                        WalkControl::Stop
                    } else {
                        std::mem::take(&mut self.control)
                    }
                }
            }

            impl<'a> Visit<'a> for Controlled {
                fn enter_node(&mut self, kind: AstKind<'a>) {
                    self.enter(kind.node_id().as_u32());
                }

                fn leave_node(&mut self, kind: AstKind<'a>) {
                    self.leave(kind.node_id().as_u32());
                }

                fn walk_control(&mut self) -> WalkControl {
                    self.answer()
                }
            }

            impl<'a> FlatVisit<'a> for Controlled {
                fn enter_node(&mut self, node: NodeRef<'a>) {
                    self.enter(node.id.as_u32());
                }

                fn leave_node(&mut self, node: NodeRef<'a>) {
                    self.leave(node.id.as_u32());
                }

                fn wants_leave_events(&self) -> bool {
                    self.leaves
                }

                fn walk_control(&mut self) -> WalkControl {
                    self.answer()
                }
            }

            /// Every plan on `program`: the boxed walk, the flat walk with leave events and the flat walk without
            /// give the events of the full walk filtered by hand.
            pub fn walk_control_matches_filtering(program: &$krate::$root, ast: &FlatAst) {
                let mut full = Controlled::new(Plan::default(), true);
                Visit::$visit_root(&mut full, program);
                let full = full.events;
                let mut flat_full = Controlled::new(Plan::default(), true);
                walk_flat(&mut flat_full, ast);
                assert_eq!(flat_full.events, full, "full walks differ");
                let parent = |id: u32| ast.parent(NodeId::from_u32(id)).map(NodeId::as_u32);
                for plan in plans(ast.len() as u32, &full, parent) {
                    let expected = expected_events(&full, &plan, parent);
                    let mut boxed = Controlled::new(plan.clone(), true);
                    Visit::$visit_root(&mut boxed, program);
                    assert_eq!(boxed.events, expected, "boxed walk, stop {:?}", plan.stop);
                    let mut flat = Controlled::new(plan.clone(), true);
                    walk_flat(&mut flat, ast);
                    assert_eq!(flat.events, expected, "flat walk with leaves, stop {:?}", plan.stop);
                    let enters: Vec<Event> = expected_events(
                        &full,
                        &Plan { stop: plan.stop.filter(|(enter, _)| *enter), ..plan.clone() },
                        parent,
                    )
                    .into_iter()
                    .filter(|(enter, _)| *enter)
                    .collect();
                    let mut flat = Controlled::new(plan.clone(), false);
                    walk_flat(&mut flat, ast);
                    assert_eq!(flat.events, enters, "flat walk without leaves, stop {:?}", plan.stop);
                }
            }

            /// Random trees of a few sizes and depths: parent fields agree and walk control matches filtering.
            pub fn random_trees() {
                for seed in 0..12 {
                    let program =
                        $krate::random::RandomTree::new(seed, 50 + 200 * seed as usize, 3 + seed as u32).tree();
                    let ast = parent_fields_agree(&program);
                    walk_control_matches_filtering(&program, &ast);
                }
            }
        }
    };
}

// Per crate: the module of its checks, the crate, its root type and the root's `Visit` method.
checks_for!(es5, es5_ast, Program, visit_program);
checks_for!(python, python_ast, Module, visit_module);

/// lodash's source; fails (never skips) when the npm packages are not installed.
fn lodash() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/node_modules/lodash/lodash.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}; run `npm ci --prefix tests/js`", path.display()))
}

#[test]
fn lodash_parent_fields_agree_and_walk_control_matches_filtering() {
    let program = es5_parser::parse(&lodash()).expect("lodash parses");
    let ast = es5::parent_fields_agree(&program);
    es5::walk_control_matches_filtering(&program, &ast);
}

#[test]
fn random_es5_trees() {
    es5::random_trees();
}

#[test]
fn random_python_trees() {
    python::random_trees();
}

#[test]
fn hand_checked_es5_edges() {
    use es5_ast::flat::FlatAst;
    use es5_ast::{NodeKind, ParentField};

    let program = es5_parser::parse("a.b; function f(x) { return x; }").expect("parses");
    let ast = FlatAst::from_boxed(&program);
    let field = |kind: NodeKind, nth: usize| {
        let id = ast.ids_of_kind(kind).nth(nth).unwrap_or_else(|| panic!("no {kind:?} number {nth}"));
        ast.parent_field(id)
    };
    assert_eq!(ast.parent_field(NodeId::ROOT), None);
    assert_eq!(field(NodeKind::ExpressionStatement, 0), Some(ParentField::ProgramBody));
    assert_eq!(field(NodeKind::MemberExpression, 0), Some(ParentField::ExpressionStatementExpression));
    assert_eq!(field(NodeKind::Identifier, 0), Some(ParentField::MemberExpressionObject));
    assert_eq!(field(NodeKind::Identifier, 1), Some(ParentField::MemberExpressionProperty));
    assert_eq!(field(NodeKind::Identifier, 2), Some(ParentField::FunctionDeclarationId));
    assert_eq!(field(NodeKind::Identifier, 3), Some(ParentField::FunctionDeclarationParams));
    assert_eq!(field(NodeKind::Identifier, 4), Some(ParentField::ReturnStatementArgument));
    assert_eq!(field(NodeKind::BlockStatement, 0), Some(ParentField::FunctionDeclarationBody));

    let property = ParentField::MemberExpressionProperty;
    assert_eq!(property.parent_kind(), NodeKind::MemberExpression);
    assert_eq!(
        (property.field_name(), property.name(), property.is_list()),
        ("property", "MemberExpressionProperty", false)
    );
    assert!(ParentField::ProgramBody.is_list() && ParentField::FunctionDeclarationParams.is_list());
    assert_eq!(ParentField::ALL.len(), ParentField::COUNT);
    assert!(ParentField::ALL.iter().enumerate().all(|(i, f)| *f as usize == i));

    // `x` in `return x`: ReturnStatement, FunctionBody, FunctionDeclaration, Program.
    let x = ast.ids_of_kind(NodeKind::Identifier).nth(4).expect("the last x");
    let kinds: Vec<NodeKind> = ast.ancestors(x).filter_map(|id| ast.node(id)).map(|n| n.kind()).collect();
    assert_eq!(
        kinds,
        [NodeKind::ReturnStatement, NodeKind::BlockStatement, NodeKind::FunctionDeclaration, NodeKind::Program]
    );
}

#[test]
fn a_boxed_tree_without_dense_ids_has_no_parent_table() {
    use ast_runtime::Span;
    use es5_ast::{AstNodeBuilder, ParentTable, ParentTableError, SourceType};

    let span = Span::new(0, 1);
    // Nodes from two builders: both hand out ID 0.
    let (mut one, mut other) = (AstNodeBuilder::new(), AstNodeBuilder::new());
    let left = other.expression_identifier(span, "a".into());
    let right = one.expression_identifier(span, "b".into());
    let sum = one.expression_binary(span, es5_ast::BinaryOperator::Addition, left, right);
    let statement = one.statement_expression(span, sum, None);
    let program = one.program(span, vec![statement], SourceType::Script);
    assert_eq!(ParentTable::build(&program), Err(ParentTableError::Duplicate { id: NodeId::from_u32(0) }));

    // IDs past the node count: nodes built and thrown away first.
    let mut builder = AstNodeBuilder::new();
    for _ in 0..10 {
        drop(builder.expression_identifier(span, "unused".into()));
    }
    let name = builder.expression_identifier(span, "a".into());
    let statement = builder.statement_expression(span, name, None);
    let program = builder.program(span, vec![statement], SourceType::Script);
    let error = ParentTable::build(&program).expect_err("IDs 10.. in a tree of 3 nodes");
    assert!(matches!(error, ParentTableError::OutOfRange { node_count: 3, .. }), "{error:?}");

    // Dense IDs in construction order (children first) are fine: the table is by ID, not by position.
    let mut builder = AstNodeBuilder::new();
    let name = builder.expression_identifier(span, "a".into());
    let statement = builder.statement_expression(span, name, None);
    let program = builder.program(span, vec![statement], SourceType::Script);
    let table = ParentTable::build(&program).expect("dense IDs");
    assert_eq!(table.parent(NodeId::from_u32(0)), Some(NodeId::from_u32(1)));
    assert_eq!(table.parent_field(NodeId::from_u32(1)), Some(es5_ast::ParentField::ProgramBody));
    assert_eq!(table.parent(NodeId::from_u32(2)), None);
}

/// `WalkControl`'s default is `Continue`, so `mem::take` answers a skip once.
#[test]
fn walk_control_defaults_to_continue() {
    let mut control = WalkControl::SkipChildren;
    assert_eq!(std::mem::take(&mut control), WalkControl::SkipChildren);
    assert_eq!(control, WalkControl::Continue);
}
