//! The linter's findings: hand-checked on a small script, and the same over both trees on real libraries.

use std::path::PathBuf;

use es5_ast::LineIndex;
use es5_ast::flat::FlatAst;

/// Lints `source` over both trees, checks they agree, and renders the findings.
fn lint_both(path: &str, source: &str) -> Vec<String> {
    let program = es5_parser::parse(source).unwrap_or_else(|e| panic!("{path}:{e}"));
    let flat = es5_parser::parse_flat(source).unwrap_or_else(|e| panic!("{path}:{e}"));
    let boxed = es5_lint::boxed::lint(&program);
    assert_eq!(es5_lint::flat::lint(&flat), boxed, "{path}: flat and boxed findings differ");
    assert_eq!(es5_lint::flat::lint(&FlatAst::from_boxed(&program)), boxed, "{path}: via from_boxed");
    let lines = LineIndex::javascript(source);
    boxed.iter().map(|finding| finding.render(path, source, &lines)).collect()
}

const SCRIPT: &str = "\
function f(a) {
  var used = 1, unused = 2;
  if (a == used) { var inBlock; }
  x: for (;;) { break x; }
  var o = { key: 1 }; o.prop; o[computed];
  var computed, prop, key, x;
  return function g() { var deep; return function h() { return deep != 0; }; };
}
var top;
";

#[test]
fn a_small_script_gives_the_findings_a_reader_expects() {
    assert_eq!(
        lint_both("s.js", SCRIPT),
        [
            "s.js:2:17: unused-var: `unused` is declared with `var` and never referenced in its function",
            "s.js:3:7: eqeqeq: use `===` instead of `==`: `==` converts its operands",
            "s.js:3:24: unused-var: `inBlock` is declared with `var` and never referenced in its function",
            "s.js:6:17: unused-var: `prop` is declared with `var` and never referenced in its function",
            "s.js:6:23: unused-var: `key` is declared with `var` and never referenced in its function",
            "s.js:6:28: unused-var: `x` is declared with `var` and never referenced in its function",
            "s.js:7:42: deepest-function: functions nest 3 deep here, the deepest in this file",
            "s.js:7:64: eqeqeq: use `!==` instead of `!=`: `!=` converts its operands",
        ]
    );
}

fn library(name: &str) -> (String, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/js/node_modules").join(name);
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `npm ci --prefix tests/js`)", path.display()));
    (name.to_string(), source)
}

#[test]
fn real_libraries_give_the_same_findings_over_both_trees() {
    for name in ["lodash/lodash.js", "underscore/underscore-umd.js", "backbone/backbone.js"] {
        let (path, source) = library(name);
        let findings = lint_both(&path, &source);
        // Each library has a deepest function; lodash and underscore use `==` on purpose (`x == null`).
        assert!(findings.iter().any(|f| f.contains(": deepest-function: ")), "{path}: {findings:?}");
        if !name.starts_with("backbone") {
            assert!(findings.iter().any(|f| f.contains(": eqeqeq: ")), "{path}");
        }
    }
}

/// Where acorn (the reference parser, through Node.js) finds `==` and `!=`: `line:column` of each, 1-based, the
/// column in UTF-16 code units, in source order.
fn acorn_loose_equalities(path: &std::path::Path) -> Vec<String> {
    let js = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/js");
    let script = r#"
        const acorn = require(process.argv[1] + '/node_modules/acorn');
        const source = require('fs').readFileSync(process.argv[2], 'utf8');
        const found = [];
        (function walk(node) {
            if (node.type === 'BinaryExpression' && (node.operator === '==' || node.operator === '!=')) {
                found.push([node.start, node.loc.start.line + ':' + (node.loc.start.column + 1)]);
            }
            for (const value of Object.values(node)) {
                for (const child of Array.isArray(value) ? value : [value]) {
                    if (child && typeof child.type === 'string') walk(child);
                }
            }
        })(acorn.parse(source, { ecmaVersion: 5, locations: true }));
        found.sort((a, b) => a[0] - b[0]);
        console.log(found.map(f => f[1]).join('\n'));
    "#;
    let output = std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(&js)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("node: {e} (the test needs Node.js)"));
    assert!(output.status.success(), "node: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().map(str::to_string).collect()
}

#[test]
fn loose_equalities_are_where_acorn_finds_them() {
    for name in ["lodash/lodash.js", "underscore/underscore-umd.js", "backbone/backbone.js"] {
        let (path, source) = library(name);
        let ours: Vec<String> = lint_both(&path, &source)
            .iter()
            .filter(|f| f.contains(": eqeqeq: "))
            .map(|f| f.split(':').skip(1).take(2).collect::<Vec<_>>().join(":"))
            .collect();
        let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/js/node_modules").join(name);
        let acorn = acorn_loose_equalities(&full);
        assert!(!acorn.is_empty(), "{name}: acorn found no `==`");
        assert_eq!(ours, acorn, "{name}");
    }
}
