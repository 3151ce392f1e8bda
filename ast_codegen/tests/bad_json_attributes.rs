//! `#[json(...)]` attributes that cannot produce the JSON they describe are rejected before anything is written,
//! with a diagnostic at the attribute or field, the problem and the fix.

use std::path::PathBuf;

/// A schema crate in a fresh temporary directory whose `lib.rs` is `lib_rs`.
fn schema_crate(tag: &str, lib_rs: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ast_codegen_json_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"bad\"\n").unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib_rs).unwrap();
    dir
}

/// The rendered diagnostics for a schema that must be rejected.
fn diagnose(tag: &str, lib_rs: &str) -> String {
    let dir = schema_crate(tag, lib_rs);
    let result = ast_codegen::generate(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(_) => panic!("schema `{tag}` was accepted:\n{lib_rs}"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

fn assert_reports(text: &str, line_col: &str, message: &str) {
    assert!(text.contains(&format!("lib.rs:{line_col}\n")), "expected a diagnostic at {line_col}, got:\n{text}");
    assert!(text.contains(message), "expected `{message}`, got:\n{text}");
    assert!(text.contains("= help: "), "expected a help line, got:\n{text}");
}

#[test]
fn unknown_keys_and_span_styles_are_refused_where_they_are_written() {
    let text = diagnose("unknown_key", "#[ast]\n#[json(tagg = \"_type\")]\npub struct Root { pub a: u32 }\n");
    assert_reports(&text, "2:8", "unknown #[json] key on a struct");
    let text = diagnose("span_style", "#[ast]\n#[json(span = \"columns\")]\npub struct Root { pub a: u32 }\n");
    assert_reports(&text, "2:15", "the one span style is \"line_col\"");
}

#[test]
fn a_member_written_twice_is_refused_at_the_field() {
    let text = diagnose(
        "clash",
        "#[ast]\n#[json(tag = \"kind\", span = \"line_col\")]\npub struct Root {\n    pub lineno: u32,\n}\n",
    );
    assert_reports(
        &text,
        "4:9",
        "field `Root.lineno` is written under the JSON key `lineno`, which `Root` already writes",
    );
}

#[test]
fn hex_is_for_bytes_and_tagged_enums_hold_structs() {
    let text = diagnose(
        "hex",
        "#[ast]\npub struct Root { pub c: C }\n#[ast]\npub enum C {\n    None,\n    #[json(with = \"hex\")]\n    Text(String),\n}\n",
    );
    assert_reports(&text, "6:19", "`with = \"hex\"` is the one codec, for a `Vec<u8>`");
    let text = diagnose(
        "nested_tagged",
        "#[ast]\npub struct Root { pub e: Outer }\n#[ast]\n#[json(tag = \"type\")]\npub enum Outer {\n    Inner(Inner),\n}\n\
         #[ast]\npub enum Inner {\n    Leaf(Box<Leaf>),\n}\n#[ast]\npub struct Leaf {}\n",
    );
    assert_reports(&text, "6:5", "variant `Outer::Inner` of a tagged enum holds no node struct");
}
