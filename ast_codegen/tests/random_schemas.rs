//! Random schemas (`ast_codegen::random_schema`) through the whole generator.
//!
//! - Valid ones: each is generated into a crate of one temporary workspace (so `ast_runtime` compiles once), with a
//!   test of its own; `cargo test --all-features` with warnings denied then builds every crate and runs, on random
//!   trees of its schema, boxed -> flat -> boxed, `from_parts(into_parts())`, parent fields three ways, skipping
//!   walks, `Visit` / `VisitMut` / `FlatVisit`
//!   events, renumbering, heap sizes, JSON both ways (ESTree's or CPython's style, read back to the same text), and
//!   the builder interface (the tree built again through `AstNodeBuilder` and `flat::FlatBuilder`, after a rewound
//!   one, equals the original), and flat edits: removals, and `Option<Vec<child>>` fields filled with copies of old
//!   subtrees and cleared.
//! - Mutated ones: every mutation of `random_schema::MUTATIONS` turns valid schemas into invalid ones, which the
//!   library refuses with located diagnostics and without a panic, and the binary refuses with exit code 1 without
//!   writing anything.
//!
//! `RANDOM_SCHEMAS=N` (default 3) sets how many valid schemas are built, `RANDOM_SCHEMAS_SEED=S` (default 0) the
//! first seed, `RANDOM_TREES=N` (default 200) the random trees per schema and `RANDOM_MUTANTS=N` (default 700) the
//! mutated schemas. Hundreds: `RANDOM_SCHEMAS=200 cargo test --release -p ast_codegen --test random_schemas`.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ast_codegen::random_schema::{self, MUTATIONS, RandomSchema};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Writes the schema crate of `schema` into `dir` (emptied first).
fn write_schema_crate(dir: &Path, schema: &RandomSchema) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), format!("[package]\nname = \"schema_{}\"\n", schema.seed)).unwrap();
    for (path, text) in schema.files() {
        std::fs::write(dir.join(path), text).unwrap();
    }
}

/// The test written into every generated crate: its own checks on random trees of its schema.
fn checks(crate_name: &str, schema: &RandomSchema, trees: u64) -> String {
    let visit_root = schema.root_visit_method();
    format!(
        r#"//! Checks of a generated crate on random trees of its schema (written by ast_codegen/tests/random_schemas.rs).

use {crate_name} as ast;

/// `enter_node` / `leave_node` events of any visitor, as (entered?, kind, id).
#[derive(Default)]
struct Events(Vec<(bool, ast::NodeKind, u32)>);

impl<'a> ast::Visit<'a> for Events {{
    fn enter_node(&mut self, kind: ast::AstKind<'a>) {{
        self.0.push((true, kind.kind(), kind.node_id().as_u32()));
    }}

    fn leave_node(&mut self, kind: ast::AstKind<'a>) {{
        self.0.push((false, kind.kind(), kind.node_id().as_u32()));
    }}
}}

impl ast::VisitMut for Events {{
    fn enter_node(&mut self, kind: ast::AstKind<'_>) {{
        self.0.push((true, kind.kind(), kind.node_id().as_u32()));
    }}

    fn leave_node(&mut self, kind: ast::AstKind<'_>) {{
        self.0.push((false, kind.kind(), kind.node_id().as_u32()));
    }}
}}

impl<'a> ast::FlatVisit<'a> for Events {{
    fn enter_node(&mut self, node: ast::flat::NodeRef<'a>) {{
        self.0.push((true, node.node_kind(), node.id.as_u32()));
    }}

    fn leave_node(&mut self, node: ast::flat::NodeRef<'a>) {{
        self.0.push((false, node.node_kind(), node.id.as_u32()));
    }}
}}

/// The parent field of each node in the order entered, from a stack of `enter_field` / `leave_field`.
#[derive(Default)]
struct Fields {{
    stack: Vec<ast::ParentField>,
    seen: Vec<Option<ast::ParentField>>,
}}

impl<'a> ast::Visit<'a> for Fields {{
    fn enter_field(&mut self, field: ast::ParentField) {{
        self.stack.push(field);
    }}

    fn leave_field(&mut self, field: ast::ParentField) {{
        assert_eq!(self.stack.pop(), Some(field));
    }}

    fn enter_node(&mut self, _: ast::AstKind<'a>) {{
        self.seen.push(self.stack.last().copied());
    }}
}}

/// Events of a walk that skips the children of every third node.
#[derive(Default)]
struct Skipping {{
    events: Events,
    control: ast::WalkControl,
}}

impl Skipping {{
    fn enter(&mut self, id: u32) {{
        if id % 3 == 0 {{
            self.control = ast::WalkControl::SkipChildren;
        }}
    }}
}}

impl<'a> ast::Visit<'a> for Skipping {{
    fn enter_node(&mut self, kind: ast::AstKind<'a>) {{
        ast::Visit::enter_node(&mut self.events, kind);
        self.enter(kind.node_id().as_u32());
    }}

    fn leave_node(&mut self, kind: ast::AstKind<'a>) {{
        ast::Visit::leave_node(&mut self.events, kind);
    }}

    fn walk_control(&mut self) -> ast::WalkControl {{
        std::mem::take(&mut self.control)
    }}
}}

impl<'a> ast::FlatVisit<'a> for Skipping {{
    fn enter_node(&mut self, node: ast::flat::NodeRef<'a>) {{
        ast::FlatVisit::enter_node(&mut self.events, node);
        self.enter(node.id.as_u32());
    }}

    fn leave_node(&mut self, node: ast::flat::NodeRef<'a>) {{
        ast::FlatVisit::leave_node(&mut self.events, node);
    }}

    fn walk_control(&mut self) -> ast::WalkControl {{
        std::mem::take(&mut self.control)
    }}
}}

fn random_tree(seed: u64) -> ast::{root} {{
    ast::random::RandomTree::new(seed, 1 + (seed % 150) as usize, 10).tree()
}}

#[test]
fn random_trees_convert_walk_and_write() {{
    let mut nodes = 0;
    let (mut maybe_filled, mut maybe_cleared) = (0, 0);
    for seed in 0..{trees}u64 {{
        let tree = random_tree(seed);
        let flat = ast::flat::FlatAst::from_boxed_exact(&tree).unwrap_or_else(|e| panic!("seed {{seed}}: {{e}}"));
        assert_eq!(flat.to_boxed(), tree, "seed {{seed}}: boxed -> flat -> boxed");
        assert_eq!(ast::flat::FlatAst::from_boxed(&tree), flat, "seed {{seed}}: from_boxed");
        let again = ast::flat::FlatAst::from_parts(flat.clone().into_parts())
            .unwrap_or_else(|e| panic!("seed {{seed}}: from_parts refused into_parts: {{e}}"));
        assert_eq!(again, flat, "seed {{seed}}: from_parts(into_parts())");
        nodes += flat.len();

        let mut boxed = Events::default();
        ast::Visit::{visit_root}(&mut boxed, &tree);
        let mut walked = Events::default();
        ast::walk_flat(&mut walked, &flat);
        assert_eq!(boxed.0.len(), 2 * flat.len(), "seed {{seed}}: an enter and a leave per node");
        assert_eq!(boxed.0, walked.0, "seed {{seed}}: Visit and FlatVisit events");
        let mut mutable = random_tree(seed);
        let mut mutated = Events::default();
        ast::VisitMut::{visit_root}(&mut mutated, &mut mutable);
        assert_eq!(boxed.0, mutated.0, "seed {{seed}}: Visit and VisitMut events");

        // Parent fields: the boxed `enter_field` hook, the boxed `ParentTable` and the flat tree agree.
        let table = ast::ParentTable::build(&tree).unwrap_or_else(|e| panic!("seed {{seed}}: {{e}}"));
        let mut fields = Fields::default();
        ast::Visit::{visit_root}(&mut fields, &tree);
        assert_eq!((fields.seen.len(), table.len()), (flat.len(), flat.len()), "seed {{seed}}: node counts");
        for (index, &field) in fields.seen.iter().enumerate() {{
            let id = ast::NodeId::from_usize(index);
            assert_eq!(flat.parent_field(id), field, "seed {{seed}}: flat parent field of node {{index}}");
            assert_eq!(table.parent_field(id), field, "seed {{seed}}: boxed parent field of node {{index}}");
            assert_eq!(table.parent(id), flat.parent(id), "seed {{seed}}: parent of node {{index}}");
            let parent_kind = flat.parent(id).and_then(|p| flat.node(p)).map(|p| p.kind());
            assert_eq!(field.map(ast::ParentField::parent_kind), parent_kind, "seed {{seed}}: node {{index}}");
            assert_eq!(flat.ancestors(id).last(), (index > 0).then_some(ast::NodeId::ROOT), "seed {{seed}}");
        }}
        // Skipping: the boxed and the flat walk skip the same subtrees.
        let mut boxed_skipping = Skipping::default();
        ast::Visit::{visit_root}(&mut boxed_skipping, &tree);
        let mut flat_skipping = Skipping::default();
        ast::walk_flat(&mut flat_skipping, &flat);
        assert_eq!(boxed_skipping.events.0, flat_skipping.events.0, "seed {{seed}}: skipping walks");

        assert_eq!(ast::AstNodeBuilder::new().renumber(&mut mutable), flat.len(), "seed {{seed}}");
        assert_eq!(mutable, tree, "seed {{seed}}: renumbering a preorder tree changes nothing");

        // The builder interface: the tree built again through both builders, after a tree built and rewound.
        let mut boxed_builder = ast::AstNodeBuilder::new();
        let root = ast::BuildCopy::build_copy(&tree, &mut boxed_builder);
        assert_eq!(ast::AstBuild::finish(&mut boxed_builder, root), tree, "seed {{seed}}: built boxed");
        let mut flat_builder = ast::flat::FlatBuilder::new();
        let checkpoint = ast::BuilderCore::checkpoint(&flat_builder);
        let _abandoned = ast::BuildCopy::build_copy(&random_tree(seed + 1), &mut flat_builder);
        ast::BuilderCore::rewind(&mut flat_builder, checkpoint);
        let root = ast::BuildCopy::build_copy(&tree, &mut flat_builder);
        assert_eq!(ast::BuilderCore::node_count(&flat_builder), flat.len(), "seed {{seed}}: rewound");
        assert_eq!(ast::AstBuild::finish(&mut flat_builder, root), flat, "seed {{seed}}: built flat");
        assert!(flat.heap_bytes() > 0 && ast::boxed_heap_bytes(&tree) < usize::MAX, "seed {{seed}}");

        // Structural edits: every third small list element removed (none inside another) and the tree committed. The
        // survivors keep their order, kinds, spans, parents and fields; the tree validates and equals its compacted
        // form, whose buffers differ.
        let listed: Vec<ast::NodeId> = (1..flat.len())
            .map(ast::NodeId::from_usize)
            .filter(|&id| flat.parent_field(id).is_some_and(ast::ParentField::is_list))
            .collect();
        let mut editor = ast::flat::Editor::new(&flat);
        let mut removed = vec![false; flat.len()];
        for &id in listed.iter().skip(1).step_by(3) {{
            // Small subtrees only, so that most of the tree survives and moves.
            if !removed[id.index()] && flat.subtree(id).len() * 8 <= flat.len() {{
                editor.remove(id).unwrap_or_else(|e| panic!("seed {{seed}}: {{e}}"));
                removed[flat.subtree(id)].iter_mut().for_each(|r| *r = true);
            }}
        }}
        let committed = editor.commit().unwrap_or_else(|e| panic!("seed {{seed}}: {{e}}"));
        let edited = committed.ast;
        assert_eq!(edited.len(), removed.iter().filter(|r| !**r).count(), "seed {{seed}}: nodes left");
        for old in (0..flat.len()).map(ast::NodeId::from_usize) {{
            let new = committed.ids[old].get();
            assert_eq!(new.is_none(), removed[old.index()], "seed {{seed}}: node {{old:?}} mapped");
            let Some(new) = new else {{ continue }};
            let (before, after) = (&flat.nodes()[old.index()], &edited.nodes()[new.index()]);
            assert_eq!((before.kind(), before.span), (after.kind(), after.span), "seed {{seed}}: node {{old:?}}");
            let parent = flat.parent(old).and_then(|p| committed.ids[p].get());
            assert_eq!(edited.parent(new), parent, "seed {{seed}}: parent of {{old:?}}");
            assert_eq!(edited.parent_field(new), flat.parent_field(old), "seed {{seed}}: field of {{old:?}}");
        }}
        let compacted = edited.compacted();
        assert!(edited == compacted, "seed {{seed}}: the committed tree and its compacted form");
        assert_eq!(edited.subtree_ends(), compacted.subtree_ends(), "seed {{seed}}: subtree ends");
        let valid = ast::flat::FlatAst::from_parts(edited.clone().into_parts());
        assert!(valid.is_ok_and(|again| again.same_layout(&edited)), "seed {{seed}}: the committed tree validates");

        let (filled, cleared) = fill_and_clear_maybe_lists(seed, &flat);
        (maybe_filled, maybe_cleared) = (maybe_filled + filled, maybe_cleared + cleared);

        // The `json` output both ways (the schema's root picks ESTree's or CPython's style; spans need a source
        // they fit in): the text is JSON, and what is read back writes the same text (`Some(None)` and `None`
        // both write `null`, so the text, not the tree, is what must come back).
        let source = " ".repeat(4 * flat.len() + 16);
        let text = ast::json::to_json(&tree, &source);
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("seed {{seed}}: invalid JSON ({{e}}): {{text}}"));
        assert!(value.is_object(), "seed {{seed}}: {{text}}");
        let back = ast::json::from_json(&text, &source).unwrap_or_else(|e| panic!("seed {{seed}}: {{e}}\n{{text}}"));
        assert_eq!(ast::json::to_json(&back, &source), text, "seed {{seed}}");
    }}
    assert!(nodes > {trees}u64 as usize, "random trees should have more than one node on average, got {{nodes}}");
    // Random trees may never reach a schema's `Option<Vec<_>>` fields: the runner sums these counts over schemas.
    let counts = format!("{{maybe_filled}} {{maybe_cleared}}");
    std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/{MAYBE_LIST_COUNTS}"), counts).expect("written");
}}
"#,
        root = ident(&schema.root),
    ) + MAYBE_LIST_CHECKS
}

/// The file each generated crate's checks write their counts of filled and cleared `Option<Vec<child>>` fields to.
const MAYBE_LIST_COUNTS: &str = "maybe_list_edits.txt";

/// The part of [`checks`] on lists that may be absent (`Option<Vec<child>>`): filled by `push_to_list` with copies
/// of old subtrees (`FlatBuilder::copy_subtree`), and cleared by `clear_optional`.
const MAYBE_LIST_CHECKS: &str = r#"
/// Every `Option<Vec<child>>` field of `flat`: (parent, field name, the list if present, the kinds it accepts).
fn maybe_lists(flat: &ast::flat::FlatAst) -> Vec<(ast::NodeId, &'static str, Option<ast::flat::IdRange>, fn(ast::NodeKind) -> bool)> {
    let mut out = Vec::new();
    for (index, node) in flat.nodes().iter().enumerate() {
        let id = ast::NodeId::from_usize(index);
        let _ = node.data.for_each_child_field(id, flat.overflow(), |info| -> Result<(), ()> {
            if let ast::flat::ChildField::MaybeList(list) = info.field {
                out.push((id, info.name, list, info.accepts));
            }
            Ok(())
        });
    }
    out
}

/// Field `name` of node `id`, when it is an `Option<Vec<child>>`.
fn maybe_list(flat: &ast::flat::FlatAst, id: ast::NodeId, name: &str) -> Option<Option<ast::flat::IdRange>> {
    maybe_lists(flat).into_iter().find(|l| l.0 == id && l.1 == name).map(|l| l.2)
}

/// What every commit must give: a valid tree, its compacted form equal with the same subtree ends, and the same
/// tree through boxed and back.
fn check_committed(seed: u64, edited: &ast::flat::FlatAst) {
    let valid = ast::flat::FlatAst::from_parts(edited.clone().into_parts());
    assert!(valid.is_ok_and(|again| again.same_layout(edited)), "seed {seed}: the committed tree validates");
    let compacted = edited.compacted();
    assert!(*edited == compacted, "seed {seed}: the committed tree and its compacted form");
    assert_eq!(edited.subtree_ends(), compacted.subtree_ends(), "seed {seed}: subtree ends");
    assert!(ast::flat::FlatAst::from_boxed(&edited.to_boxed()) == *edited, "seed {seed}: flat -> boxed -> flat");
}

/// Every absent `Option<Vec<child>>` gets a copy of the last node in preorder it accepts; then every present one
/// (outside the elements of another) is cleared. Returns how many were filled and cleared.
fn fill_and_clear_maybe_lists(seed: u64, flat: &ast::flat::FlatAst) -> (usize, usize) {
    let lists = maybe_lists(flat);
    let mut editor = ast::flat::Editor::new(flat);
    let mut filled = Vec::new();
    for &(parent, name, list, accepts) in &lists {
        let source = (1..flat.len()).rev().map(ast::NodeId::from_usize).find(|&id| accepts(flat.nodes()[id.index()].kind()));
        if let (None, Some(source)) = (list, source) {
            let copy = editor.builder().copy_subtree(flat, source).expect("a node of the tree");
            editor.push_to_list(parent, name, copy).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            filled.push((parent, name, source));
        }
    }
    let committed = editor.commit().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    let edited = &committed.ast;
    check_committed(seed, edited);
    let added: usize = filled.iter().map(|f| flat.subtree(f.2).len()).sum();
    assert_eq!(edited.len(), flat.len() + added, "seed {seed}: nodes after filling");
    for old in (0..flat.len()).map(ast::NodeId::from_usize) {
        let new = committed.ids[old].get().unwrap_or_else(|| panic!("seed {seed}: node {old:?} lost"));
        let (before, after) = (&flat.nodes()[old.index()], &edited.nodes()[new.index()]);
        assert_eq!((before.kind(), before.span), (after.kind(), after.span), "seed {seed}: node {old:?}");
        let parent = flat.parent(old).and_then(|p| committed.ids[p].get());
        assert_eq!(edited.parent(new), parent, "seed {seed}: parent of {old:?}");
    }
    for &(parent, name, source) in &filled {
        let parent = committed.ids[parent].get().expect("kept");
        let list = maybe_list(edited, parent, name).flatten().unwrap_or_else(|| panic!("seed {seed}: `{name}` absent"));
        let elements = edited.id_list(list);
        assert_eq!(elements.len(), 1, "seed {seed}: `{name}` holds the copy");
        let (original, copy) = (flat.subtree(source), edited.subtree(elements[0]));
        assert_eq!(original.len(), copy.len(), "seed {seed}: the copy's size");
        for (a, b) in original.zip(copy) {
            let (a, b) = (&flat.nodes()[a], &edited.nodes()[b]);
            assert_eq!((a.kind(), a.span), (b.kind(), b.span), "seed {seed}: a copied node");
        }
    }
    // Clearing a list something was appended to is a conflict, never a silent loss.
    if let Some(&(parent, name, source)) = filled.first() {
        let mut editor = ast::flat::Editor::new(flat);
        let copy = editor.builder().copy_subtree(flat, source).expect("a node of the tree");
        editor.push_to_list(parent, name, copy).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let error = editor.clear_optional(parent, name);
        assert_eq!(error, Err(ast::flat::EditError::Conflict { node: parent }), "seed {seed}");
    }

    let mut editor = ast::flat::Editor::new(flat);
    let mut removed = vec![false; flat.len()];
    let mut cleared = Vec::new();
    for &(parent, name, list, _) in &lists {
        let Some(list) = list else { continue };
        if removed[parent.index()] {
            continue;
        }
        editor.clear_optional(parent, name).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for &element in flat.id_list(list) {
            removed[flat.subtree(element)].iter_mut().for_each(|r| *r = true);
        }
        cleared.push((parent, name));
    }
    let committed = editor.commit().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    let edited = &committed.ast;
    check_committed(seed, edited);
    assert_eq!(edited.len(), removed.iter().filter(|r| !**r).count(), "seed {seed}: nodes after clearing");
    for old in (0..flat.len()).map(ast::NodeId::from_usize) {
        assert_eq!(committed.ids[old].is_none(), removed[old.index()], "seed {seed}: node {old:?} mapped");
    }
    for &(parent, name) in &cleared {
        let parent = committed.ids[parent].get().expect("kept");
        assert_eq!(maybe_list(edited, parent, name), Some(None), "seed {seed}: `{name}` cleared");
    }
    (filled.len(), cleared.len())
}
"#;

/// `name` as an identifier (raw where it is a keyword: type names here never are, but stay safe).
fn ident(name: &str) -> String {
    ast_codegen::emit::ident(name).to_string()
}

#[test]
fn random_schemas_generate_crates_that_build_and_pass_their_checks() {
    let count = env_number("RANDOM_SCHEMAS", 3);
    let first = env_number("RANDOM_SCHEMAS_SEED", 0);
    let trees = env_number("RANDOM_TREES", 200);
    let workspace = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("random_schemas");
    std::fs::create_dir_all(&workspace).unwrap();
    // Crates of an earlier run go; the target directory and lock file stay, so a rerun rebuilds only what changed.
    for entry in std::fs::read_dir(&workspace).unwrap().flatten() {
        if entry.file_name().to_string_lossy().starts_with("seed_") {
            std::fs::remove_dir_all(entry.path()).unwrap();
        }
    }
    let lock = workspace.join("Cargo.lock");
    if !lock.exists() {
        // The repository's lock file pins the versions this workspace already built and works offline.
        std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"), &lock).unwrap();
    }
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
    let started = Instant::now();
    let mut members = Vec::new();
    for seed in first..first + count {
        let schema = random_schema::schema(seed);
        let dir = workspace.join(format!("seed_{seed}"));
        write_schema_crate(&dir.join("schema"), &schema);
        let generated = catch_unwind(|| ast_codegen::generate(&dir.join("schema")))
            .unwrap_or_else(|_| panic!("seed {seed}: the generator panicked on {}", dir.join("schema").display()));
        let files = generated.unwrap_or_else(|d| panic!("seed {seed}: a valid random schema was refused:\n{d}"));
        let out = dir.join("generated");
        let crate_name = format!("random_schema_{seed}");
        std::fs::create_dir_all(out.join("tests")).unwrap();
        std::fs::write(
            out.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{crate_name}\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n\
                 ast_runtime = {{ path = {:?} }}\n\n[dev-dependencies]\nserde_json = \"1\"\n\n\
                 [features]\nrandom = []\njson = [\"ast_runtime/json\"]\n",
                runtime.display().to_string()
            ),
        )
        .unwrap();
        ast_codegen::write::apply(&out, &files, false).unwrap();
        std::fs::write(out.join("tests/checks.rs"), checks(&crate_name, &schema, trees)).unwrap();
        members.push(format!("\"seed_{seed}/generated\""));
    }
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    let generated_in = started.elapsed();
    let output = Command::new(env!("CARGO"))
        .current_dir(&workspace)
        .args(["test", "--offline", "--workspace", "--all-features", "--quiet"])
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "a generated crate failed to build without warnings or failed its checks (workspace kept at {}; rerun one \
         seed with RANDOM_SCHEMAS_SEED=S RANDOM_SCHEMAS=1):\n{}\n{}",
        workspace.display(),
        tail(&stderr, 20_000),
        tail(&stdout, 20_000)
    );
    let passed = stdout.matches("test result: ok. 1 passed").count();
    assert_eq!(passed as u64, count, "every generated crate runs its one test:\n{stdout}");
    let (mut filled, mut cleared) = (0, 0);
    for seed in first..first + count {
        let counts = workspace.join(format!("seed_{seed}/generated/{MAYBE_LIST_COUNTS}"));
        let counts = std::fs::read_to_string(&counts).unwrap();
        let counts: Vec<u64> = counts.split(' ').map(|n| n.parse().unwrap()).collect();
        (filled, cleared) = (filled + counts[0], cleared + counts[1]);
    }
    if count >= 3 && trees >= 100 {
        // A schema's trees may never reach its `Option<Vec<_>>` fields (a root list ahead of them takes the whole
        // budget), but among three schemas some do.
        assert!(filled > 0 && cleared > 0, "`Option<Vec<child>>` fields filled / cleared: {filled} / {cleared}");
    }
    eprintln!(
        "{count} random schemas (seeds {first}..{}): generated in {:.1} s, built and checked in {:.1} s",
        first + count,
        generated_in.as_secs_f64(),
        (started.elapsed() - generated_in).as_secs_f64()
    );
}

fn tail(text: &str, max: usize) -> &str {
    let start = text.len().saturating_sub(max);
    let start = (start..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
    &text[start..]
}

/// What `ast_codegen::generate` does with a mutated schema: `Ok(problem)` when it refuses it as it should,
/// `Err(problem)` otherwise.
fn check_refused(dir: &Path, mutant: &random_schema::Mutant) -> Result<(), String> {
    let result = catch_unwind(AssertUnwindSafe(|| ast_codegen::generate(dir)))
        .map_err(|_| "the generator panicked".to_string())?;
    let diagnostics = match result {
        Ok(_) => return Err("the schema was accepted".to_string()),
        Err(diagnostics) => diagnostics,
    };
    if diagnostics.0.is_empty() {
        return Err("refused without a diagnostic".to_string());
    }
    let files: BTreeMap<PathBuf, usize> =
        mutant.schema.files().into_iter().map(|(path, text)| (dir.join(path), text.lines().count())).collect();
    for d in &diagnostics.0 {
        let location = &d.location;
        let lines = files.get(&location.file).copied().or_else(|| {
            // A file the mutation names but does not write (a missing module) is reported where it is declared.
            (mutant.kind == "missing module file").then_some(usize::MAX)
        });
        let Some(lines) = lines else {
            return Err(format!("diagnostic `{}` names {}, not a schema file", d.message, location.file.display()));
        };
        if location.line < 1 || location.column < 1 || location.line > lines + 1 {
            return Err(format!("diagnostic `{}` has location {location} outside the file", d.message));
        }
        let rendered = d.to_string();
        if !rendered.contains(&format!("{location}")) || !rendered.contains("= help: ") {
            return Err(format!("diagnostic without `file:line:col` or help:\n{rendered}"));
        }
    }
    if !diagnostics.0.iter().any(|d| d.message.contains(mutant.expected) || d.help.contains(mutant.expected)) {
        return Err(format!("no diagnostic says `{}`:\n{diagnostics}", mutant.expected));
    }
    Ok(())
}

#[test]
fn mutated_schemas_are_refused_with_located_diagnostics_and_no_panic() {
    let count = env_number("RANDOM_MUTANTS", 700);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("random_mutants");
    let mut failures = Vec::new();
    let mut kinds = BTreeMap::new();
    for seed in 0..count {
        let mutant = random_schema::mutate(&random_schema::schema(seed), seed);
        *kinds.entry(mutant.kind).or_insert(0) += 1;
        write_schema_crate(&dir, &mutant.schema);
        if let Err(problem) = check_refused(&dir, &mutant) {
            failures.push(format!("seed {seed}, mutation `{}`: {problem}", mutant.kind));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{} of {count} mutated schemas:\n{}", failures.len(), failures.join("\n"));
    if count >= MUTATIONS.len() as u64 {
        assert_eq!(kinds.len(), MUTATIONS.len(), "every mutation was applied: {kinds:?}");
    }
}

/// Every file below `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn the_binary_refuses_every_mutation_with_exit_code_1_and_writes_nothing() {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("random_mutants_binary");
    let mut failures = Vec::new();
    for seed in 0..MUTATIONS.len() as u64 {
        let mutant = random_schema::mutate(&random_schema::schema(seed + 1000), seed);
        let (schema_dir, out) = (base.join("schema"), base.join("out"));
        write_schema_crate(&schema_dir, &mutant.schema);
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::write(out.join("Cargo.toml"), "# sentinel\n").unwrap();
        std::fs::write(out.join("src/lib.rs"), "// sentinel\n").unwrap();
        let before = snapshot(&out);
        let output = Command::new(env!("CARGO_BIN_EXE_ast_codegen"))
            .arg("--schema")
            .arg(&schema_dir)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let problem = if output.status.code() != Some(1) {
            Some(format!("exit code {:?} (101 is a panic)", output.status.code()))
        } else if !stderr.contains("nothing was written") || !stderr.contains(" --> ") {
            Some("no located diagnostic".to_string())
        } else if snapshot(&out) != before {
            Some("the output directory changed".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            failures.push(format!("mutation `{}` (seed {seed}): {problem}:\n{stderr}", mutant.kind));
        }
    }
    let _ = std::fs::remove_dir_all(&base);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
