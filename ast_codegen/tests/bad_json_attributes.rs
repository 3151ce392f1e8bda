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

/// `lib.rs` with one root struct carrying `attrs` and `fields`.
fn root(attrs: &str, fields: &str) -> String {
    format!("#[ast]\n{attrs}\npub struct Root {{ {fields} }}\n")
}

#[test]
fn unknown_keys_and_span_styles_are_refused_where_they_are_written() {
    let text = diagnose("unknown_key", "#[ast]\n#[json(tagg = \"_type\")]\npub struct Root { pub a: u32 }\n");
    assert_reports(&text, "2:8", "unknown #[json] key on a struct");
    let text = diagnose("span_style", "#[ast]\n#[json(span = \"columns\")]\npub struct Root { pub a: u32 }\n");
    assert_reports(&text, "2:15", "span styles: \"offsets\", \"utf16_offsets\", \"line_col\", \"none\"");
    let text = diagnose(
        "schema_not_root",
        "#[ast]\npub struct Root { pub a: A }\n#[ast]\n#[json(schema(tag = \"type\"))]\npub struct A {}\n",
    );
    assert_reports(&text, "4:8", "put it on the root struct");
    let text = diagnose("numbers", "#[ast]\n#[json(schema(numbers = \"c\"))]\npub struct Root {}\n");
    assert_reports(&text, "2:25", "number styles: \"js\", \"python\"");
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
        "field `Root.lineno` is written under the JSON key `lineno`, which `Root` already writes (its tag or span)",
    );
    let text = diagnose(
        "schema_tag",
        "#[ast]\n#[json(schema(tag = \"type\", span = \"offsets\"))]\npub struct Root {\n    #[json(rename = \"end\")]\n    pub a: u32,\n}\n",
    );
    assert_reports(&text, "5:9", "field `Root.a` is written under the JSON key `end`, which `Root` already writes");
    let text = diagnose("added_twice", &root(r#"#[json(add_field(name = "a", json = "1"))]"#, FIELDS));
    assert_reports(&text, "3:12", "`Root` is written under the JSON key `a`, twice");
}

const FIELDS: &str = "pub a: String, pub b: bool";

#[test]
fn field_order_must_list_every_written_key_once() {
    let unknown = diagnose("order_unknown", &root(r#"#[json(field_order = "b, a, zz")]"#, FIELDS));
    assert_reports(&unknown, "3:12", "`field_order` lists `zz`, which is not written");
    let missing = diagnose("order_missing", &root(r#"#[json(field_order = "b")]"#, FIELDS));
    assert_reports(&missing, "3:12", "`field_order` does not list `a`");
    let twice = diagnose("order_twice", &root(r#"#[json(field_order = "a, a, b")]"#, FIELDS));
    assert_reports(&twice, "3:12", "`field_order` lists `a` twice");
}

#[test]
fn add_field_values_must_be_json_or_name_leaf_fields() {
    let json = diagnose("json", &root(r#"#[json(add_field(name = "x", json = "nul"))]"#, FIELDS));
    assert_reports(&json, "2:37", "`nul` is not JSON");
    let unknown = diagnose("format_unknown", &root(r#"#[json(add_field(name = "x", format = "{c}"))]"#, FIELDS));
    assert_reports(&unknown, "3:12", "names `{c}`, which is not a field of `Root`");
    let node =
        diagnose("format_node", &root(r#"#[json(add_field(name = "x", format = "{c}"))]"#, "pub c: Vec<String>"));
    assert_reports(&node, "3:12", "uses `{c}` of type `Vec<String>`");
    let unclosed = diagnose("format_unclosed", &root(r#"#[json(add_field(name = "x", format = "{a"))]"#, FIELDS));
    assert_reports(&unclosed, "2:39", "`{` must be followed by a field name");
}

#[test]
fn skip_serializing_if_is_for_options() {
    let text = diagnose("not_option", &root("", r#"#[json(skip_serializing_if = "Option::is_none")] pub a: String"#));
    assert_reports(
        &text,
        "3:48",
        "`skip_serializing_if = \"Option::is_none\"` is the one predicate, on an `Option` field",
    );
}

#[test]
fn hex_is_for_bytes_and_enums_of_nodes_have_no_tag_of_their_own() {
    let text = diagnose(
        "hex",
        "#[ast]\npub struct Root { pub c: C }\n#[ast]\npub enum C {\n    None,\n    #[json(with = \"hex\")]\n    Text(String),\n}\n",
    );
    assert_reports(&text, "6:19", "`with = \"hex\"` is the one codec, for a `Vec<u8>`");
    let text = diagnose(
        "node_enum_tag",
        "#[ast]\npub struct Root { pub e: Outer }\n#[ast]\n#[json(tag = \"type\")]\npub enum Outer {\n    Leaf(Box<Leaf>),\n}\n\
         #[ast]\npub struct Leaf {}\n",
    );
    assert_reports(&text, "4:8", "an enum of nodes is written `untagged`");
}
