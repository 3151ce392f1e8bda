//! `#[estree(...)]` attributes that cannot produce the JSON they describe are rejected before anything is written,
//! with a diagnostic naming the struct's location, the problem and the fix. (The struct is not called `Node`: that
//! name is reserved, and a schema with a reserved name stops at validation, before the outputs read their attributes.)

use std::path::PathBuf;

/// A schema crate in a fresh temporary directory with one struct carrying `attrs` and `fields`.
fn schema_crate(tag: &str, attrs: &str, fields: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ast_codegen_estree_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"bad\"\n").unwrap();
    let lib_rs = format!("#[ast]\n{attrs}\npub struct Root {{ {fields} }}\n");
    std::fs::write(dir.join("src/lib.rs"), lib_rs).unwrap();
    dir
}

/// The rendered diagnostics for a schema that must be rejected.
fn diagnose(tag: &str, attrs: &str, fields: &str) -> String {
    let dir = schema_crate(tag, attrs, fields);
    let result = ast_codegen::generate(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(_) => panic!("schema `{tag}` was accepted: {attrs} {fields}"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

fn assert_reports(text: &str, message: &str) {
    assert!(text.contains("lib.rs:"), "expected a location, got:\n{text}");
    assert!(text.contains(message), "expected `{message}`, got:\n{text}");
    assert!(text.contains("= help: "), "expected a help line, got:\n{text}");
}

const FIELDS: &str = "pub a: String, pub b: bool";

#[test]
fn field_order_must_list_every_written_key_once() {
    let unknown = diagnose("order_unknown", r#"#[estree(field_order = "b, a, zz")]"#, FIELDS);
    assert_reports(&unknown, "`field_order` lists `zz`, which is not written");
    let missing = diagnose("order_missing", r#"#[estree(field_order = "b")]"#, FIELDS);
    assert_reports(&missing, "`field_order` does not list `a`");
    let twice = diagnose("order_twice", r#"#[estree(field_order = "a, a, b")]"#, FIELDS);
    assert_reports(&twice, "`field_order` lists `a` twice");
}

#[test]
fn add_field_values_must_be_json_or_name_leaf_fields() {
    let json = diagnose("json", r#"#[estree(add_field(name = "x", json = "nul"))]"#, FIELDS);
    assert_reports(&json, "add_field `x`: `nul` is not JSON");
    let unknown = diagnose("format_unknown", r#"#[estree(add_field(name = "x", format = "{c}"))]"#, FIELDS);
    assert_reports(&unknown, "names `{c}`, which is not a field of `Root`");
    let node = diagnose("format_node", r#"#[estree(add_field(name = "x", format = "{c}"))]"#, "pub c: Vec<String>");
    assert_reports(&node, "uses `{c}` of type `Vec<String>`");
    let unclosed = diagnose("format_unclosed", r#"#[estree(add_field(name = "x", format = "{a"))]"#, FIELDS);
    assert_reports(&unclosed, "`{` must be followed by a field name");
}

#[test]
fn keys_are_written_once_and_skip_if_none_needs_an_option() {
    let clash = diagnose("clash", r#"#[estree(add_field(name = "a", json = "1"))]"#, FIELDS);
    assert_reports(&clash, "`Root` writes the JSON key `a` twice");
    let reserved = diagnose("reserved", "", "#[estree(rename = \"type\")] pub a: String");
    assert_reports(&reserved, "writes the JSON key `type`, which every node already has");
    let not_option = diagnose("not_option", "", "#[estree(skip_if_none)] pub a: String");
    assert_reports(&not_option, "`Root.a` has `#[estree(skip_if_none)]` but is not an `Option`");
}
