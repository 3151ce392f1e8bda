//! The Python schema against the `ast` module of the machine's `python3`, and the generated `python_ast` crate
//! through its representations.
//!
//! `python_schema/src/lib.rs` is written by `python_schema/from_cpython.py` from the installed `ast` module; the
//! first test runs the script again and compares, so the schema is what CPython's grammar says (every node type,
//! field, optional and list field), or the test names the first line that differs. Without `python3` it says so
//! and passes: CI installs nothing for it, the machine has CPython.

use std::path::{Path, PathBuf};
use std::process::Command;

use python_ast::flat::{FlatAst, NodeRef};
use python_ast::random::RandomTree;
use python_ast::{AstKind, FlatVisit, Module, NodeKind, Visit, walk_flat};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn the_schema_is_what_the_installed_cpython_defines() {
    let root = workspace_root();
    let output = match Command::new("python3").arg(root.join("python_schema/from_cpython.py")).output() {
        Ok(output) => output,
        Err(e) => {
            eprintln!("python3 is not available ({e}); the schema was not compared with CPython");
            return;
        }
    };
    assert!(output.status.success(), "from_cpython.py failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let expected = String::from_utf8(output.stdout).unwrap();
    let committed = std::fs::read_to_string(root.join("python_schema/src/lib.rs")).unwrap();
    let version = expected.lines().next().unwrap_or_default();
    // The first line names the CPython version the schema was written from; the rest is the grammar.
    if committed.lines().next() != Some(version) {
        eprintln!("the schema was written from another CPython; this machine's: {version}");
    }
    for (line, (want, have)) in expected.lines().zip(committed.lines()).enumerate().skip(1) {
        assert_eq!(have, want, "python_schema/src/lib.rs:{} differs from what CPython's ast module gives", line + 1);
    }
    assert_eq!(committed.lines().count(), expected.lines().count(), "python_schema/src/lib.rs has another length");
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

fn random_module(seed: u64) -> Module {
    RandomTree::new(seed, 1 + (seed % 400) as usize, 12).tree()
}

#[test]
fn random_python_trees_round_trip_and_visit_alike() {
    let mut nodes = 0;
    for seed in 0..2_000 {
        let tree = random_module(seed);
        let flat = FlatAst::from_boxed_exact(&tree).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(flat.to_boxed(), tree, "seed {seed}");
        let again = FlatAst::from_parts(flat.clone().into_parts()).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(again, flat, "seed {seed}");
        let (mut boxed, mut flat_events) = (Events::default(), Events::default());
        Visit::visit_module(&mut boxed, &tree);
        walk_flat(&mut flat_events, &flat);
        assert_eq!(boxed.0, flat_events.0, "seed {seed}");
        nodes += flat.len();
    }
    assert!(nodes > 100_000, "the random trees are not trivial: {nodes} nodes");
}
