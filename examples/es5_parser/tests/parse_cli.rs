//! The `parse` binary: summary, `--json` / `--via-flat`, `--stats`, `FILE:line:col: message` with exit status 1 on
//! a syntax error, usage errors and unreadable files with status 2, `--help`; and `build_program`.

use std::process::Command;

fn write_temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("parse_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_syntax_error_is_reported_with_its_position_and_status_1() {
    let path = write_temp("bad.js", "var a = 1;\nvar = 2;\n");
    let out = Command::new(env!("CARGO_BIN_EXE_parse")).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.trim_end(), format!("{}:2:5: Unexpected token", path.display()));
}

/// A control character quoted in a message is printed as an escape: no NUL or terminal escape reaches stderr.
#[test]
fn a_control_character_in_an_error_is_printed_escaped() {
    let path = write_temp("control.js", "x = 1;\u{1b}[2J\0\n");
    let out = Command::new(env!("CARGO_BIN_EXE_parse")).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.trim_end(), format!("{}:1:7: Unexpected character '\\u001b'", path.display()));
    assert!(!stderr.trim_end().chars().any(char::is_control), "{stderr:?}");
}

/// A 100,000-term chain is a tree 100,000 levels deep: the JSON writer, the visitors of `--stats` and `Drop`
/// recurse over it, on a stack sized for the file (the main thread's 8 MiB is too little for the visitors in a
/// debug build).
#[test]
fn a_chain_of_100_000_terms_is_printed_and_measured() {
    let terms = 100_000;
    let path = write_temp("chain.js", &format!("a{}", "+a".repeat(terms - 1)));
    let run = |flag: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_parse")).arg(&path).arg(flag).output().unwrap();
        assert!(out.status.success(), "{flag}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let json = run("--json");
    assert_eq!(json.matches(r#""type":"BinaryExpression""#).count(), terms - 1);
    assert_eq!(json.matches(r#""name":"a""#).count(), terms);
    assert_eq!(run("--via-flat"), json);
    let nodes = 2 + (terms - 1) + terms;
    assert!(run("--stats").starts_with(&format!("nodes={nodes} ")));
}

#[test]
fn stats_is_one_line_of_key_value_pairs() {
    let path = write_temp("good.js", "function f(a) { return a * 2 }\nf(21);\n");
    let out = Command::new(env!("CARGO_BIN_EXE_parse")).arg(&path).arg("--stats").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let pairs: Vec<(&str, u128)> = stdout
        .trim_end()
        .split(' ')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k, v.parse().unwrap())
        })
        .collect();
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        keys,
        [
            "nodes",
            "node_size",
            "boxed_bytes",
            "flat_bytes",
            "parse_ns",
            "parse_flat_ns",
            "flatten_ns",
            "visit_boxed_ns",
            "visit_flat_ns",
            "parse_allocs",
            "parse_flat_allocs"
        ]
    );
    // Program, FunctionDeclaration, f, a, BlockStatement, ReturnStatement, a * 2 (3), ExpressionStatement, f(21) (3).
    assert_eq!(pairs[0].1, 13);
    assert_eq!(pairs[1].1, std::mem::size_of::<es5_ast::flat::Node>() as u128);
    assert!(pairs[2..].iter().all(|&(_, v)| v > 0), "{stdout}");
}

#[test]
fn json_and_via_flat_print_the_same_estree() {
    let src = "var x = { get a() { return /re/g }, 'b': [1, , 2] };\nlbl: for (;;) break lbl;\n";
    let path = write_temp("json.js", src);
    let run = |flag: &str| Command::new(env!("CARGO_BIN_EXE_parse")).arg(&path).arg(flag).output().unwrap();
    let (json, via_flat) = (run("--json"), run("--via-flat"));
    let flat = Command::new(env!("CARGO_BIN_EXE_parse")).arg(&path).args(["--json", "--flat"]).output().unwrap();
    assert!(json.status.success() && via_flat.status.success() && flat.status.success());
    assert_eq!(json.stdout, via_flat.stdout);
    assert_eq!(json.stdout, flat.stdout, "--json --flat (parsed straight into flat) differs from --json");
    let text = String::from_utf8(json.stdout).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["type"], "Program");
    assert_eq!(value["end"], src.len());
    assert_eq!(value["body"][0]["declarations"][0]["init"]["properties"][0]["kind"], "get");
}

#[test]
fn bad_usage_exits_with_status_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_parse")).arg("--bogus").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--bogus") && stderr.contains("Usage:"), "{stderr}");
}

#[test]
fn no_file_and_two_modes_are_usage_errors() {
    let path = write_temp("modes.js", "1;\n");
    let none = Command::new(env!("CARGO_BIN_EXE_parse")).output().unwrap();
    assert_eq!(none.status.code(), Some(2));
    let both = Command::new(env!("CARGO_BIN_EXE_parse")).arg(&path).args(["--json", "--stats"]).output().unwrap();
    assert_eq!(both.status.code(), Some(2));
    assert!(both.stdout.is_empty());
}

#[test]
fn an_unreadable_file_exits_with_status_2() {
    let dir = std::env::temp_dir().join(format!("parse_cli_{}", std::process::id()));
    let missing = dir.join("missing.js");
    let out = Command::new(env!("CARGO_BIN_EXE_parse")).arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with(&format!("{}: cannot read: ", missing.display())), "{stderr}");
}

#[test]
fn help_documents_every_flag() {
    let out = Command::new(env!("CARGO_BIN_EXE_parse")).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("parse <FILE> [--json [--flat] | --via-flat | --stats]"), "{help}");
    for flag in ["--json", "--flat", "--via-flat", "--stats", "--edit", "--edit-on"] {
        let line = help.lines().find(|l| l.trim_start().starts_with(flag)).unwrap_or_default();
        assert!(line.len() > flag.len() + 10, "{flag} has no description:\n{help}");
    }
}

#[test]
fn the_summary_is_one_line_with_the_node_count() {
    let path = write_temp("summary.js", "var a = 1;\n");
    let out = Command::new(env!("CARGO_BIN_EXE_parse")).arg(&path).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{}: 5 nodes\n", path.display()));
}

#[test]
fn build_program_prints_the_renumbered_program_and_rejects_arguments() {
    let out = Command::new(env!("CARGO_BIN_EXE_build_program")).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("built 17 nodes; the root got ID 16"), "{stdout}");
    assert!(stdout.contains("renumbered 17 nodes in preorder; the root is now 0"), "{stdout}");
    let extra = Command::new(env!("CARGO_BIN_EXE_build_program")).arg("extra").output().unwrap();
    assert_eq!(extra.status.code(), Some(2));
}

#[test]
fn flat_needs_json() {
    let path = write_temp("flat_alone.js", "var a = 1;\n");
    let out = Command::new(env!("CARGO_BIN_EXE_parse")).arg(&path).arg("--flat").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Parsing straight into the flat form allocates per buffer growth and per scope, not per node: on a script of
/// many nodes in one scope, far fewer allocations than nodes, and far fewer than the boxed parse makes.
#[test]
fn the_flat_parse_does_not_allocate_per_node() {
    let body: String = (0..2000).map(|i| format!("x{i} = [a, b + {i}, f(c, 'd')];\n")).collect();
    let path = write_temp("allocs.js", &body);
    let out = Command::new(env!("CARGO_BIN_EXE_parse")).arg(&path).arg("--stats").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let value = |key: &str| -> usize {
        let pair = stdout.split_whitespace().find(|kv| kv.starts_with(&format!("{key}="))).unwrap_or_default();
        pair.split_once('=').and_then(|(_, v)| v.parse().ok()).unwrap_or_else(|| panic!("no {key} in {stdout}"))
    };
    let (nodes, boxed, flat) = (value("nodes"), value("parse_allocs"), value("parse_flat_allocs"));
    assert!(nodes > 20_000, "{stdout}");
    assert!(boxed > nodes / 2, "the boxed parse allocates per node: {stdout}");
    assert!(flat > 0 && flat < 200, "{stdout}");
}
