//! The `--edit` transforms done on the flat tree (in-place and structural edits) equal the same transforms done on
//! the boxed tree with `VisitMut`: equal trees (`FlatAst::from_boxed` of the boxed result against the flat one,
//! and buffer for buffer once compacted) and equal JSON, on the three real libraries and on small cases. Fails (never skips) when
//! `tests/js/node_modules` is missing (`npm ci --prefix tests/js`).

use es5_ast::flat::FlatAst;
use es5_parser::transform::{Transform, js_string};

fn library(path: &str) -> String {
    let full = format!("{}/../../tests/js/node_modules/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e} (run `npm ci --prefix tests/js`)"))
}

const LIBRARIES: [&str; 3] = ["lodash/lodash.js", "underscore/underscore.js", "backbone/backbone.js"];

/// Applies `edits` both ways and checks that the trees and their JSON agree; returns the flat result.
fn both_ways(source: &str, edits: &[Transform]) -> FlatAst {
    let mut boxed = es5_parser::parse(source).expect("the source parses");
    let mut flat = FlatAst::from_boxed(&boxed);
    for edit in edits {
        edit.apply_boxed(&mut boxed);
        edit.apply_flat(&mut flat).expect("the transform's edits are accepted");
    }
    let expected = FlatAst::from_boxed(&boxed);
    assert!(flat == expected, "flat and boxed transforms {edits:?} differ");
    // Replaced names and removed nodes stay in the buffers until the tree is compacted.
    assert!(flat.compacted().same_layout(&expected), "compacted, the buffers are from_boxed's");
    assert_eq!(es5_ast::json::to_json(&flat.to_boxed(), source), es5_ast::json::to_json(&boxed, source));
    flat
}

fn rename(old: &str, new: &str) -> Transform {
    Transform::Rename { old: old.into(), new: new.into() }
}

#[test]
fn transforms_agree_on_the_real_libraries() {
    for path in LIBRARIES {
        let source = library(path);
        let original = FlatAst::from_boxed(&es5_parser::parse(&source).expect("parses"));
        for edits in [
            vec![rename("_", "lodash_")],
            vec![rename("value", "v")],
            vec![Transform::DropEmpty],
            vec![Transform::Fold],
            vec![Transform::Fold, Transform::DropEmpty, rename("undefined", "void0"), Transform::Fold],
        ] {
            let edited = both_ways(&source, &edits);
            if edits == [rename("_", "lodash_")] {
                assert!(edited != original, "{path}: {edits:?} changed nothing, so the test proves nothing");
            }
        }
        // The libraries hold no arithmetic on two literals: add some, so that fold has work in a large tree.
        let extended = format!("{source}\nvar folded = [1 + 2 * 3 - 4, 0.1 * 3, 2 * 1e308 + 1];;; {{;}}");
        let unfolded = FlatAst::from_boxed(&es5_parser::parse(&extended).expect("parses"));
        let folded = both_ways(&extended, &[Transform::Fold]);
        assert_eq!(unfolded.len() - folded.len(), 6 + 2, "{path}: fold removed other nodes");
        let dropped = both_ways(&extended, &[Transform::DropEmpty, Transform::Fold]);
        assert!(folded.len() - dropped.len() >= 3, "{path}: drop-empty missed the three added");
    }
}

#[test]
fn fold_is_bottom_up_and_writes_raw_as_javascript_does() {
    let source = "x = 1 + 2 * 3; y = (0 - 1) * 0; z = 0.1 * 3; w = 1e21 * 1; v = 1e308 * 10 + 1; u = a + 1 + 2;";
    let flat = both_ways(source, &[Transform::Fold]);
    let json = es5_ast::json::to_json(&flat.to_boxed(), source);
    for raw in ["\"raw\":\"7\"", "\"raw\":\"0\"", "\"raw\":\"0.30000000000000004\"", "\"raw\":\"1e+21\""] {
        assert!(json.contains(raw), "{raw} missing in {json}");
    }
    // Not finite: the inner product stays, so the sum stays too; `a + 1 + 2` is `(a + 1) + 2`.
    assert_eq!(json.matches("BinaryExpression").count(), 4, "{json}");
    assert_eq!(js_string(-0.0), "0");
    assert_eq!(js_string(1e-7), "1e-7");
}

#[test]
fn drop_empty_keeps_required_empty_bodies() {
    let source = ";; if (a); else ; while (b); function f() { ; switch (c) { case 1: ; } }";
    let flat = both_ways(source, &[Transform::DropEmpty]);
    let json = es5_ast::json::to_json(&flat.to_boxed(), source);
    // `if (a); else ;` keeps both, `while (b);` its body; the rest go.
    assert_eq!(json.matches("EmptyStatement").count(), 3, "{json}");
}

#[test]
fn rename_reaches_every_identifier_role() {
    let source = "var a = a.a; function a(a) { a: for (;;) { break a; } return {a: a}; } try {} catch (a) {}";
    let flat = both_ways(source, &[rename("a", "b")]);
    let json = es5_ast::json::to_json(&flat.to_boxed(), source);
    assert!(!json.contains("\"name\":\"a\""), "{json}");
    assert_eq!(json.matches("\"name\":\"b\"").count(), 10, "{json}");
}

#[test]
fn edits_parse_and_refuse_unknown_ones() {
    assert_eq!("fold".parse::<Transform>(), Ok(Transform::Fold));
    assert_eq!("rename:a=b".parse::<Transform>(), Ok(rename("a", "b")));
    assert!("rename:a".parse::<Transform>().is_err());
    assert!("rename:=b".parse::<Transform>().is_err());
    assert!("inline".parse::<Transform>().is_err());
}

/// `parse FILE --json --edit ...` prints the same JSON with `--edit-on flat` and `--edit-on boxed`, on the real
/// libraries, and not the unedited JSON; a bad edit is a usage error.
#[test]
fn the_parse_command_gives_the_same_json_on_either_tree() {
    use std::process::Command;
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_parse")).args(args).output().expect("parse runs");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    for path in LIBRARIES {
        let file = format!("{}/../../tests/js/node_modules/{path}", env!("CARGO_MANIFEST_DIR"));
        let edits = ["--edit", "fold", "--edit", "drop-empty", "--edit", "rename:_=lodash_", "--edit", "rename:root=r"];
        let flat = run(&[&[file.as_str(), "--json"][..], &edits[..], &["--edit-on", "flat"][..]].concat());
        let boxed = run(&[&[file.as_str(), "--json"][..], &edits[..], &["--edit-on", "boxed"][..]].concat());
        let default = run(&[&[file.as_str(), "--json"][..], &edits[..]].concat());
        assert!(flat == boxed && flat == default, "{path}: the JSON depends on the tree edited");
        assert!(flat != run(&[file.as_str(), "--json"]), "{path}: the edits changed nothing");
    }
    let file = format!("{}/../../tests/js/cases/asi.js", env!("CARGO_MANIFEST_DIR"));
    let bad = Command::new(env!("CARGO_BIN_EXE_parse")).args([&file, "--json", "--edit", "inline"]).output();
    assert_eq!(bad.expect("parse runs").status.code(), Some(2));
}
