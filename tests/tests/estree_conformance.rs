//! ESTree conformance: our JSON (`es5_ast::json::to_json` on the tree `es5_parser::parse` builds) must be
//! byte-identical to `JSON.stringify(acorn.parse(src, {ecmaVersion: 5}))`, on real libraries from npm (lodash,
//! underscore, backbone) and on the hand-written cases in `tests/js/cases/`, both directly and after a round trip
//! through the flat encoding (boxed → flat → boxed) and when parsed straight into the flat form
//! (`es5_parser::parse_flat`, which must also equal `FlatAst::from_boxed` of the boxed parse); and acorn's JSON, read with `es5_ast::json::from_json`, must
//! give the same tree as our parser (IDs included).
//!
//! Needs `node`. When the pinned npm packages are missing, the test installs them once with
//! `npm ci --prefix tests/js` (the lockfile pins every version), so `cargo test --workspace` works on a fresh
//! machine that has Node.js. Without node, or when the install fails, the tests fail (never pass silently) and say so.

use ast_codegen::emit::json::Knobs;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// `tests/js`, where `package.json`, `acorn_json.js` and the cases live.
fn js_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("js")
}

/// Fails with instructions unless `node` runs and the npm packages are installed.
fn require_node_tooling() {
    let node = Command::new("node").arg("--version").output();
    match node {
        Ok(out) if out.status.success() => {}
        _ => panic!(
            "`node` is not installed or does not run: the ESTree conformance test needs Node.js (>= 18) to run \
             acorn. Install Node.js, then run `npm ci --prefix tests/js`."
        ),
    }
    let acorn = js_dir().join("node_modules/acorn/package.json");
    install_packages_once(&acorn);
    assert!(
        acorn.is_file(),
        "{} is missing: run `npm ci --prefix tests/js` to install acorn and the libraries the conformance test \
         parses",
        acorn.display()
    );
}

/// Runs `npm ci --prefix tests/js` when `marker` is missing; one test at a time (the tests run in parallel threads).
fn install_packages_once(marker: &Path) {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if marker.is_file() {
        return;
    }
    let status = Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(js_dir()).status();
    assert!(
        matches!(status, Ok(s) if s.success()),
        "`npm ci --prefix tests/js` failed ({status:?}): install npm, or run it by hand and read its error"
    );
}

/// acorn's JSON for `file`.
fn acorn_json(file: &Path) -> String {
    let out = Command::new("node")
        .arg(js_dir().join("acorn_json.js"))
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}"));
    assert!(out.status.success(), "acorn rejected {}: {}", file.display(), String::from_utf8_lossy(&out.stderr));
    let mut json = String::from_utf8(out.stdout).expect("acorn's output is UTF-8");
    if json.ends_with('\n') {
        json.pop();
    }
    json
}

/// The result of comparing one file.
struct Outcome {
    nodes: usize,
    failures: Vec<String>,
}

/// Parses `file` with our parser, writes ESTree JSON directly, via the flat encoding and from the tree parsed
/// straight into flat, and compares them with acorn's text.
fn check_file(file: &Path) -> Outcome {
    let source = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let expected = acorn_json(file);
    let nodes = count_nodes(&expected);
    let program = match es5_parser::parse(&source) {
        Ok(program) => program,
        Err(e) => return Outcome { nodes, failures: vec![format!("{}: our parser failed: {e:?}", file.display())] },
    };
    let mut failures = Vec::new();
    let direct = es5_ast::json::to_json(&program, &source);
    if let Some(diff) = first_difference(&direct, &expected) {
        failures.push(format!("{} (direct): {diff}", file.display()));
    }
    // The parser written once builds the flat form directly too: the same tree as the boxed build converted.
    match es5_parser::parse_flat(&source) {
        Ok(flat) => {
            let from_flat = es5_ast::json::to_json(&flat.to_boxed(), &source);
            if let Some(diff) = first_difference(&from_flat, &expected) {
                failures.push(format!("{} (parsed straight into flat): {diff}", file.display()));
            }
            if flat != es5_ast::flat::FlatAst::from_boxed(&program) {
                failures
                    .push(format!("{} (parsed straight into flat): not FlatAst::from_boxed(parse)", file.display()));
            }
        }
        Err(e) => failures.push(format!("{} (parsed straight into flat): our parser failed: {e:?}", file.display())),
    }
    let round_tripped = flat_round_trip(&program);
    let via_flat = es5_ast::json::to_json(&round_tripped, &source);
    if let Some(diff) = first_difference(&via_flat, &expected) {
        failures.push(format!("{} (boxed -> flat -> boxed): {diff}", file.display()));
    }
    match es5_ast::json::from_json(&expected, &source) {
        Ok(read) if read == program => {}
        Ok(_) => failures.push(format!("{} (read from acorn's JSON): a different tree", file.display())),
        Err(e) => failures.push(format!("{} (read from acorn's JSON): {e}", file.display())),
    }
    Outcome { nodes, failures }
}

/// The tree after boxed → flat → boxed.
fn flat_round_trip(program: &es5_ast::Program) -> es5_ast::Program {
    let flat = es5_ast::flat::FlatAst::from_boxed(program);
    flat.to_boxed()
}

/// Number of ESTree nodes (objects with a `type`) in a JSON text.
fn count_nodes(json: &str) -> usize {
    fn walk(value: &Value) -> usize {
        match value {
            Value::Object(map) => usize::from(map.contains_key("type")) + map.values().map(walk).sum::<usize>(),
            Value::Array(items) => items.iter().map(walk).sum(),
            _ => 0,
        }
    }
    serde_json::from_str(json).map(|v| walk(&v)).unwrap_or(0)
}

/// `None` when the texts are identical; otherwise where and how they first differ: the first differing JSON path
/// with both values, or, when the values are equal, the first differing byte (key order or number spelling).
fn first_difference(ours: &str, expected: &str) -> Option<String> {
    if ours == expected {
        return None;
    }
    let ours_value: Value = match serde_json::from_str(ours) {
        Ok(v) => v,
        Err(e) => return Some(format!("our output is not valid JSON: {e}; {}", text_context(ours, expected))),
    };
    let expected_value: Value = serde_json::from_str(expected).expect("acorn's output is JSON");
    match value_difference(&ours_value, &expected_value, "$") {
        Some(diff) => Some(diff),
        None => Some(format!("same values, different text (key order or spelling): {}", text_context(ours, expected))),
    }
}

/// The first path where two JSON values differ, with both values (abbreviated).
fn value_difference(ours: &Value, expected: &Value, path: &str) -> Option<String> {
    match (ours, expected) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = b.keys().collect();
            keys.extend(a.keys().filter(|k| !b.contains_key(*k)));
            for key in keys {
                let child = format!("{path}.{key}{}", node_label(b.get(key).or(a.get(key))));
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => {
                        if let Some(diff) = value_difference(x, y, &child) {
                            return Some(diff);
                        }
                    }
                    (x, y) => return Some(mismatch(&child, x, y)),
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                if let Some(diff) = value_difference(x, y, &format!("{path}[{i}]{}", node_label(Some(y)))) {
                    return Some(diff);
                }
            }
            (a.len() != b.len()).then(|| format!("at {path}: ours has {} elements, acorn {}", a.len(), b.len()))
        }
        (x, y) if x == y => None,
        (x, y) => Some(mismatch(path, Some(x), Some(y))),
    }
}

/// `(Type@start)` for a node, to make paths readable.
fn node_label(value: Option<&Value>) -> String {
    match value {
        Some(Value::Object(map)) => match (map.get("type"), map.get("start")) {
            (Some(Value::String(t)), Some(start)) => format!("({t}@{start})"),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

fn mismatch(path: &str, ours: Option<&Value>, expected: Option<&Value>) -> String {
    let show = |v: Option<&Value>| v.map_or_else(|| "<missing>".to_string(), |v| abbreviate(&v.to_string()));
    format!("at {path}: ours {} but acorn {}", show(ours), show(expected))
}

fn abbreviate(text: &str) -> String {
    const MAX: usize = 300;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// Both texts around their first differing byte.
fn text_context(ours: &str, expected: &str) -> String {
    let at = ours.bytes().zip(expected.bytes()).take_while(|(a, b)| a == b).count();
    let window = |text: &str| {
        let mut start = at.saturating_sub(80);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (at + 80).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        text[start..end].to_string()
    };
    format!("first differing byte {at}: ours `{}`, acorn `{}`", window(ours), window(expected))
}

/// Checks every file and fails with one line per mismatch.
fn check_files(files: &[PathBuf]) {
    require_node_tooling();
    let mut failures = Vec::new();
    let mut identical_nodes = 0;
    for file in files {
        let outcome = check_file(file);
        if outcome.failures.is_empty() {
            identical_nodes += outcome.nodes;
        }
        println!("{}: {} nodes, {}", file.display(), outcome.nodes, status(&outcome));
        failures.extend(outcome.failures);
    }
    println!("{} files, {identical_nodes} nodes identical to acorn (direct and via the flat form)", files.len());
    assert!(failures.is_empty(), "ESTree JSON differs from acorn's:\n{}", failures.join("\n"));
}

fn status(outcome: &Outcome) -> &'static str {
    if outcome.failures.is_empty() { "identical" } else { "DIFFERENT" }
}

fn library(path: &str) -> Vec<PathBuf> {
    vec![js_dir().join("node_modules").join(path)]
}

fn case_files() -> Vec<PathBuf> {
    let dir = js_dir().join("cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "js"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {}", dir.display());
    files
}

#[test]
fn lodash_matches_acorn() {
    check_files(&library("lodash/lodash.js"));
}

#[test]
fn underscore_matches_acorn() {
    // `underscore-umd.js` is the ES5 script build (`underscore.js` is the same file); the others are modules.
    check_files(&library("underscore/underscore-umd.js"));
}

#[test]
fn backbone_matches_acorn() {
    check_files(&library("backbone/backbone.js"));
}

#[test]
fn hand_written_cases_match_acorn() {
    check_files(&case_files());
}

/// The hand-written cases must exercise every ESTree node type the schema writes and every value of every
/// fieldless enum (operators, property kinds, ...) in the field that holds it. The expectations come from the
/// schema itself, so a node type or operator added to the schema fails here until a case covers it.
#[test]
fn hand_written_cases_cover_every_node_type_and_operator() {
    require_node_tooling();
    let schema_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ast_schema");
    let schema = ast_codegen::load_schema(&schema_dir).unwrap_or_else(|e| panic!("schema does not load:\n{e}"));
    let knobs = Knobs::parse(&schema).unwrap_or_else(|e| panic!("the #[json] knobs do not parse: {e:?}"));
    let mut seen = Seen::default();
    for file in case_files() {
        let json: Value = serde_json::from_str(&acorn_json(&file)).expect("acorn's output is JSON");
        seen.collect(&json);
    }
    let mut missing = Vec::new();
    for def in schema.structs() {
        let type_name = knobs.type_name(&def.name).to_string();
        if !seen.types.contains(&type_name) {
            missing.push(format!("no `{type_name}` node (schema type `{}`)", def.name));
        }
        for field in &def.fields {
            let ast_codegen::model::TypeShape::ValueEnum(enum_name) = schema.shape(&field.ty) else { continue };
            let Some(ast_codegen::model::TypeDef::Enum(values)) = schema.by_name(&enum_name) else { continue };
            let key = knobs.of_field(&def.name, &field.name).rename.clone().unwrap_or_else(|| field.name.clone());
            for variant in &values.variants {
                let text = knobs.variant_name(&values.name, &variant.name).to_string();
                if !seen.values.contains(&(type_name.clone(), key.clone(), text.clone())) {
                    missing.push(format!("no `{type_name}` with `{key}: {text:?}` ({enum_name}::{})", variant.name));
                }
            }
        }
    }
    assert!(missing.is_empty(), "tests/js/cases/*.js do not cover:\n{}", missing.join("\n"));
}

/// Node types and `(node type, key, string value)` triples found in ESTree JSON.
#[derive(Default)]
struct Seen {
    types: BTreeSet<String>,
    values: BTreeSet<(String, String, String)>,
}

impl Seen {
    fn collect(&mut self, value: &Value) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(type_name)) = map.get("type") {
                    self.types.insert(type_name.clone());
                    for (key, member) in map {
                        if let Value::String(text) = member {
                            self.values.insert((type_name.clone(), key.clone(), text.clone()));
                        }
                    }
                }
                map.values().for_each(|member| self.collect(member));
            }
            Value::Array(items) => items.iter().for_each(|item| self.collect(item)),
            _ => {}
        }
    }
}
