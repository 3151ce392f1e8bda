//! What a lint or transform author uses first: the node-level methods every view has (`node_id`, `node_kind`,
//! `span`, `parent`, `parent_as`) agreeing with the tree on real code, field accessors that keep the schema's
//! names, and builders that continue a tree without reusing its IDs.

use std::path::PathBuf;

use es5_ast::flat::{AnyView, FlatAst, view};
use es5_ast::random::RandomTree;
use es5_ast::{AstNodeBuilder, GetNodeId, NodeId, NodeIdVec, NodeKind, Program, PropertyKind, Span, Statement, Visit};

fn lodash() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("js/node_modules/lodash/lodash.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `npm ci --prefix tests/js`)", path.display()))
}

#[test]
fn every_view_answers_node_level_questions_like_the_tree() {
    let flat = es5_parser::parse_flat(&lodash()).unwrap();
    let parents = flat.parents();
    for (index, node) in flat.nodes().iter().enumerate() {
        let id = NodeId::from_usize(index);
        let any = flat.node_ref(id).unwrap().view();
        assert_eq!(any.node_id(), id);
        assert_eq!(any.node_kind(), node.kind());
        assert_eq!(any.span(), node.span);
        assert_eq!(any.parent().map(|p| p.node_id()), parents[id].get());
        assert!(std::ptr::eq(any.ast(), &flat));
        // The view enums a field returns answer the same.
        if let Some(expression) = view::Expression::from_id(&flat, id) {
            assert_eq!((expression.node_id(), expression.node_kind(), expression.span()), (id, node.kind(), node.span));
            assert_eq!(expression.parent().map(|p| p.node_id()), parents[id].get());
        }
    }
}

#[test]
fn parent_as_gives_the_typed_parent_only_when_it_has_that_type() {
    let flat = es5_parser::parse_flat("a.b; f(c); var d = e;").unwrap();
    let mut seen = Vec::new();
    for ident in flat.iter_views::<view::Identifier>() {
        let member = ident.parent_as::<view::MemberExpression>();
        let call = ident.parent_as::<view::CallExpression>();
        let declarator = ident.parent_as::<view::VariableDeclarator>();
        seen.push((ident.name(), member.is_some(), call.is_some(), declarator.is_some()));
        if let Some(member) = member {
            assert_eq!(Some(member.node_id()), ident.parent().map(|p| p.node_id()));
            assert!(matches!(ident.parent(), Some(AnyView::MemberExpression(_))));
        }
    }
    assert_eq!(
        seen,
        [
            ("a", true, false, false),
            ("b", true, false, false),
            ("f", false, true, false),
            ("c", false, true, false),
            ("d", false, false, true),
            ("e", false, false, true),
        ]
    );
    assert!(flat.root().parent().is_none() && flat.root().parent_as::<view::Program>().is_none());
}

#[test]
fn field_accessors_keep_the_schema_names_beside_the_node_methods() {
    let flat = es5_parser::parse_flat("function f() {} var v = { get g() {} };").unwrap();
    let function = flat.iter_views::<view::FunctionDeclaration>().next().unwrap();
    // `id()` is the field (the function's name), `node_id()` the node's own ID.
    assert_eq!(function.id().name(), "f");
    assert_ne!(function.id().node_id(), function.node_id());
    assert_eq!(function.id().parent().map(|p| p.node_id()), Some(function.node_id()));
    let declarator = flat.iter_views::<view::VariableDeclarator>().next().unwrap();
    assert_eq!(declarator.id().name(), "v");
    // `kind()` is the property's kind, `node_kind()` the node type.
    let property = flat.iter_views::<view::Property>().next().unwrap();
    assert_eq!(property.kind(), PropertyKind::Get);
    assert_eq!(property.node_kind(), NodeKind::Property);
}

/// Collects every node's ID through the boxed visitor.
#[derive(Default)]
struct Ids(Vec<NodeId>);

impl<'a> Visit<'a> for Ids {
    fn enter_node(&mut self, kind: es5_ast::AstKind<'a>) {
        self.0.push(kind.node_id());
    }
}

/// Inserts `statement` in front of the program's body.
fn prepend(program: &mut Program, statement: Statement) {
    program.body.insert(0, statement);
}

#[test]
fn a_continuing_builder_never_reuses_an_id_and_the_duplicate_check_finds_it_when_it_would() {
    for seed in 0..200 {
        let random = || RandomTree::new(seed, 1 + (seed % 200) as usize, 12).tree();
        let tree = random();
        let count = AstNodeBuilder::check_unique_ids(&tree).unwrap();
        let mut ids = Ids::default();
        ids.visit_program(&tree);
        assert_eq!(count, ids.0.len());

        // A fresh builder hands out the root's ID again: the check names it.
        let mut reused = random();
        let mut fresh = AstNodeBuilder::new();
        let empty = fresh.statement_empty(Span::new(0, 0));
        prepend(&mut reused, empty);
        assert_eq!(AstNodeBuilder::check_unique_ids(&reused).unwrap_err().0, NodeId::ROOT);

        // A continuing builder starts after the highest ID.
        let mut continued = random();
        let mut builder = AstNodeBuilder::continuing(&continued);
        let empty = builder.statement_empty(Span::new(0, 0));
        assert_eq!(empty.node_id().index(), count, "random trees carry dense preorder IDs");
        prepend(&mut continued, empty);
        assert_eq!(AstNodeBuilder::check_unique_ids(&continued), Ok(count + 1));
    }
}

#[test]
fn side_tables_of_a_renumbered_boxed_tree_are_carried_to_the_flat_tree() {
    for seed in 0..200 {
        let random = || RandomTree::new(seed, 1 + (seed % 200) as usize, 12).tree();
        let tree = random();
        let (same, old_ids) = FlatAst::from_boxed_with_old_ids(&tree);
        assert!(old_ids.is_none(), "seed {seed}: a renumbered tree keeps every ID");
        assert_eq!(same, FlatAst::from_boxed(&tree));

        // A transform adds a node in front: every later node moves in preorder.
        let mut edited = random();
        let mut builder = AstNodeBuilder::continuing(&edited);
        let added = builder.statement_empty(Span::new(1, 2));
        let added_id = added.node_id();
        prepend(&mut edited, added);
        // A side table of the boxed tree, indexed by its IDs: each node's span.
        let mut spans = NodeIdVec::with_len(builder.node_count(), Span::new(0, 0));
        let mut ids = Ids::default();
        ids.visit_program(&edited);
        SpanTable(&mut spans).visit_program(&edited);
        let (flat, old_ids) = FlatAst::from_boxed_with_old_ids(&edited);
        let Some(old_ids) = old_ids else {
            // Only an empty program keeps its IDs: the added statement gets ID 1 and is node 1.
            assert_eq!(flat.len(), 2, "seed {seed}: the added node renumbers its successors");
            continue;
        };
        assert_eq!(old_ids.as_slice(), ids.0.as_slice(), "seed {seed}: old IDs in preorder");
        assert_eq!(old_ids[NodeId::from_u32(1)], added_id, "the added statement is the root's first child");
        let carried = spans.gather(&old_ids).unwrap();
        for (id, node) in flat.nodes().iter().enumerate() {
            assert_eq!(carried[NodeId::from_usize(id)], node.span, "seed {seed}");
        }
        assert!(FlatAst::from_boxed_exact(&edited).is_err());
        // A table too short for the old IDs cannot be carried.
        assert!(NodeIdVec::with_len(1, 0u8).gather(&old_ids).is_none());
    }
}

/// Fills a table indexed by boxed IDs with each node's span.
struct SpanTable<'t>(&'t mut NodeIdVec<Span>);

impl<'a> Visit<'a> for SpanTable<'_> {
    fn enter_node(&mut self, kind: es5_ast::AstKind<'a>) {
        self.0[kind.node_id()] = kind.span();
    }
}
