//! Editing the flat tree, on lodash, underscore and backbone (after `npm ci --prefix tests/js`; skipped otherwise).
//!
//! - `rename/<file>`: every `Identifier` named `_` renamed: in place on the flat tree (`FlatVisitMut`, a linear
//!   scan) against flat -> boxed -> `VisitMut` -> flat. The flat side edits a fresh clone each time (cloning is not timed).
//! - `fold/<file>`: constant folding of `+ - *` on numeric literals (three foldable expressions appended to the
//!   file, so that the flat side commits): flat (`Editor`, one commit) against flat -> boxed -> `VisitMut` -> flat;
//!   `fold_nothing/<file>`: the same on the file as it is, where nothing folds (the flat side only scans).
//! - `commit/<file>`: committing structural edits (every `EmptyStatement` of a list removed and every 50th
//!   statement of a list, by position, removed) against `FlatAst::from_boxed` of the same, unedited, tree; the same
//!   edits with one wrap added; and `compacted()` of the committed tree, which rewrites it in `from_boxed`'s layout.
//!
//! `cargo bench -p tests --bench flat_edit`.

use std::hint::black_box;
use std::path::Path;

use criterion::Criterion;
use es5_ast::flat::{Editor, FlatAst, view};
use es5_ast::{NodeId, Program};
use es5_parser::transform::{Transform, fold_flat, rename_flat};

const FILES: [(&str, &str); 3] =
    [("lodash", "lodash/lodash.js"), ("underscore", "underscore/underscore.js"), ("backbone", "backbone/backbone.js")];

/// Three foldable expressions, appended to a file so that the flat fold has something to commit.
const FOLDABLE: &str = "\nvar folded = [1 + 2 * 3 - 4, 0.1 * 3, 2 * 1e308 + 1];";

fn inputs() -> Vec<(&'static str, String)> {
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/node_modules");
    FILES
        .iter()
        .filter_map(|&(name, path)| match std::fs::read_to_string(modules.join(path)) {
            Ok(source) => Some((name, source)),
            Err(_) => {
                println!("{name}: not installed (run `npm ci --prefix tests/js`), skipped");
                None
            }
        })
        .collect()
}

fn via_boxed(flat: &FlatAst, edit: &Transform) -> FlatAst {
    let mut boxed: Program = flat.to_boxed();
    edit.apply_boxed(&mut boxed);
    FlatAst::from_boxed(&boxed)
}

/// The structural edits of `commit/<file>`.
fn structural_edits(ast: &FlatAst) -> Editor<'_> {
    let mut editor = Editor::new(ast);
    let mut lists: Vec<&[NodeId]> = vec![ast.root().body_ids()];
    lists.extend(ast.iter_views::<view::BlockStatement<'_>>().map(|block| block.body_ids()));
    lists.extend(ast.iter_views::<view::SwitchCase<'_>>().map(|case| case.consequent_ids()));
    let mut ids: Vec<NodeId> = lists.into_iter().flatten().copied().collect();
    ids.sort_unstable();
    // Nothing inside a removed statement is removed again: that would be an error.
    let mut removed_end = 0;
    for (n, id) in ids.into_iter().enumerate() {
        let empty = ast.node(id).is_some_and(|node| node.kind() == es5_ast::NodeKind::EmptyStatement);
        if id.index() >= removed_end && (empty || n % 50 == 49) {
            editor.remove(id).expect("a list element, removed once");
            removed_end = ast.subtree(id).end;
        }
    }
    editor
}

/// `editor` with the last identifier of the tree also wrapped in `!`.
fn with_a_wrap(mut editor: Editor<'_>) -> Editor<'_> {
    let ast = editor.ast();
    let last = ast.ids_of_kind(es5_ast::NodeKind::Identifier).last().expect("the library has identifiers");
    let span = ast.nodes()[last.index()].span;
    editor
        .wrap(last, move |b, inner: es5_ast::flat::Built<es5_ast::Expression>| {
            let not = es5_ast::AstBuild::unary_expression(b, span, es5_ast::UnaryOperator::LogicalNot, inner);
            es5_ast::AstBuild::expression_from_unary(b, not)
        })
        .expect("not removed");
    editor
}

fn bench(c: &mut Criterion) {
    for (name, source) in inputs() {
        let boxed = es5_parser::parse(&source).expect("the library parses");
        let flat = FlatAst::from_boxed(&boxed);
        let rename = Transform::Rename { old: "_".into(), new: "lodash_".into() };

        let mut group = c.benchmark_group(format!("rename/{name}"));
        group.bench_function("flat_in_place", |b| {
            b.iter_batched(
                || flat.clone(),
                |mut ast| {
                    rename_flat(&mut ast, "_", "lodash_");
                    ast
                },
                criterion::BatchSize::LargeInput,
            )
        });
        group.bench_function("via_boxed_visit_mut", |b| b.iter(|| via_boxed(black_box(&flat), &rename)));
        group.finish();

        // The file as it is: nothing folds, so the flat fold only scans.
        let mut group = c.benchmark_group(format!("fold_nothing/{name}"));
        group.bench_function("flat_editor", |b| b.iter(|| fold_flat(black_box(&flat)).expect("accepted").is_none()));
        group.bench_function("via_boxed_visit_mut", |b| b.iter(|| via_boxed(black_box(&flat), &Transform::Fold)));
        group.finish();

        let foldable = FlatAst::from_boxed(&es5_parser::parse(&format!("{source}{FOLDABLE}")).expect("parses"));
        let mut group = c.benchmark_group(format!("fold/{name}"));
        group.bench_function("flat_editor", |b| b.iter(|| fold_flat(black_box(&foldable)).expect("accepted")));
        group.bench_function("via_boxed_visit_mut", |b| b.iter(|| via_boxed(black_box(&foldable), &Transform::Fold)));
        group.finish();

        let start = std::time::Instant::now();
        let committed = structural_edits(&flat).commit().expect("commits");
        println!(
            "{name}: {} nodes, {} after the structural edits (one commit: {:?})",
            flat.len(),
            committed.ast.len(),
            start.elapsed()
        );
        let mut group = c.benchmark_group(format!("commit/{name}"));
        group.bench_function("editor_commit", |b| {
            b.iter_batched(
                || structural_edits(&flat),
                |editor| editor.commit().expect("commits"),
                criterion::BatchSize::LargeInput,
            )
        });
        group.bench_function("editor_commit_with_a_wrap", |b| {
            b.iter_batched(
                || with_a_wrap(structural_edits(&flat)),
                |editor| editor.commit().expect("commits"),
                criterion::BatchSize::LargeInput,
            )
        });
        group.bench_function("compacted", |b| b.iter(|| black_box(&committed.ast).compacted()));
        group.bench_function("from_boxed", |b| b.iter(|| FlatAst::from_boxed(black_box(&boxed))));
        group.finish();
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
