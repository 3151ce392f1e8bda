//! Every kind of bad schema gets a diagnostic that names `file:line:col`, says what is wrong and how to fix it;
//! the binary then exits non-zero and writes nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A schema crate in a fresh temporary directory, with `lib_rs` as its `src/lib.rs`.
fn schema_crate(tag: &str, lib_rs: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ast_codegen_bad_{tag}_{}", std::process::id()));
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

/// Asserts that `text` reports `message` at `line:col` of the schema's lib.rs, rustc-style, and carries a help
/// line.
fn assert_reports(text: &str, line_col: &str, message: &str) {
    let located = format!("lib.rs:{line_col}\n");
    assert!(text.contains(&located), "expected a diagnostic at {line_col}, got:\n{text}");
    assert!(text.contains(&format!("error: {message}")), "expected `{message}`, got:\n{text}");
    assert!(text.contains("= help: "), "expected a help line, got:\n{text}");
}

const ROOT: &str = "#[ast]\npub struct Program { pub body: Vec<Statement> }\n";

#[test]
fn unknown_type_name_suggests_the_closest() {
    let text = diagnose(
        "unknown",
        &format!(
            "{ROOT}#[ast]\npub struct Statement {{ pub e: Box<Expresion> }}\n#[ast]\npub struct Expression {{}}\n"
        ),
    );
    assert_reports(&text, "4:28", "unknown type name `Expresion` in `Box<Expresion>`");
    assert!(text.contains("did you mean `Expression`?"), "{text}");
}

#[test]
fn duplicate_type_name() {
    let text = diagnose(
        "duplicate",
        &format!("{ROOT}#[ast]\npub struct Statement {{}}\n#[ast]\npub enum Statement {{ A }}\n"),
    );
    assert_reports(&text, "6:10", "duplicate type name `Statement`; first declared at");
}

#[test]
fn infinite_size_cycle_without_indirection() {
    let text = diagnose(
        "cycle",
        &format!(
            "{ROOT}#[ast]\npub struct Statement {{ pub inner: Option<Inner> }}\n#[ast]\npub struct Inner {{ pub outer: Statement }}\n"
        ),
    );
    assert_reports(&text, "4:28", "type `Statement` has infinite size: Statement contains Inner contains Statement");
    assert!(text.contains("Box<T>"), "{text}");
    assert_eq!(text.matches("infinite size").count(), 1, "one cycle, one error:\n{text}");
}

#[test]
fn box_breaks_a_cycle() {
    let dir = schema_crate(
        "boxed_cycle",
        &format!("{ROOT}#[ast]\npub struct Statement {{ pub inner: Option<Box<Statement>> }}\n"),
    );
    let result = ast_codegen::generate(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(result.is_ok(), "{}", result.err().unwrap());
}

#[test]
fn unsupported_field_types() {
    for (tag, ty, message) in [
        ("tuple", "(u32, u32)", "unsupported field type: a tuple"),
        ("reference", "&'static str", "unsupported field type: a reference"),
        ("pointer", "*const u8", "unsupported field type: a raw pointer"),
        ("array", "[u8; 4]", "unsupported field type: an array or slice"),
    ] {
        let text = diagnose(tag, &format!("{ROOT}#[ast]\npub struct Statement {{ pub x: {ty} }}\n"));
        assert_reports(&text, "4:31", message);
    }
}

#[test]
fn generic_node_type_and_generic_field() {
    let text = diagnose("generic", &format!("{ROOT}#[ast]\npub struct Statement<T> {{ pub x: T }}\n"));
    assert_reports(&text, "4:21", "node type `Statement` is generic");
    assert_reports(&text, "4:34", "unsupported field type: generic parameter `T`");
}

#[test]
fn declared_node_id_or_span() {
    let text = diagnose("node_id", &format!("{ROOT}#[ast]\npub struct Statement {{ pub node_id: u32 }}\n"));
    assert_reports(
        &text,
        "4:28",
        "schema struct `Statement` declares `node_id`, which every node struct gets implicitly",
    );
    let text = diagnose("span", &format!("{ROOT}#[ast]\npub struct Statement {{ pub span: u32 }}\n"));
    assert_reports(&text, "4:28", "schema struct `Statement` declares `span`, which every node struct gets implicitly");
}

#[test]
fn variant_with_more_than_one_field() {
    let text = diagnose(
        "two_fields",
        &format!("{ROOT}#[ast]\npub enum Statement {{ Pair(Box<A>, Box<A>) }}\n#[ast]\npub struct A {{}}\n"),
    );
    assert_reports(
        &text,
        "4:22",
        "variant `Statement::Pair` has 2 fields; a variant holds exactly one node or one value",
    );
}

#[test]
fn empty_enum() {
    let text = diagnose("empty_enum", &format!("{ROOT}#[ast]\npub enum Statement {{}}\n"));
    assert_reports(&text, "4:10", "#[ast] enum `Statement` has no variants");
}

#[test]
fn variant_holding_a_value_is_not_a_node() {
    let text = diagnose(
        "value_variant",
        &format!("{ROOT}#[ast]\npub enum Statement {{ A(Box<A>), N(u32) }}\n#[ast]\npub struct A {{}}\n"),
    );
    assert_reports(
        &text,
        "4:33",
        "variant `Statement::N` holds `u32`, which is not a node, but `Statement::A` holds a node",
    );
}

#[test]
fn fieldless_variant_beside_node_variants() {
    let text = diagnose(
        "unit_variant",
        &format!("{ROOT}#[ast]\npub enum Statement {{ A(Box<A>), Empty }}\n#[ast]\npub struct A {{}}\n"),
    );
    assert_reports(&text, "4:33", "variant `Statement::Empty` holds nothing, but `Statement::A` holds a node");
}

#[test]
fn value_enum_holding_nodes() {
    let text = diagnose(
        "value_enum_nodes",
        &format!(
            "{ROOT}#[ast]\npub enum Constant {{ None, Items(Vec<A>) }}\n#[ast]\npub struct A {{}}\n\
             #[ast]\npub struct Statement {{}}\n"
        ),
    );
    assert_reports(&text, "4:27", "variant `Constant::Items` of value enum `Constant` holds nodes (`Vec<A>`)");
}

#[test]
fn tuple_struct_and_union() {
    let text = diagnose("tuple_struct", &format!("{ROOT}#[ast]\npub struct Statement(u32);\n"));
    assert_reports(&text, "4:12", "#[ast] struct `Statement` is a tuple struct");
    let text = diagnose("union", &format!("{ROOT}#[ast]\npub union Statement {{ a: u32 }}\n"));
    assert_reports(&text, "4:5", "#[ast] cannot be used on union `Statement`");
}

#[test]
fn reserved_name() {
    let text =
        diagnose("reserved", &format!("{ROOT}#[ast]\npub struct Statement {{}}\n#[ast]\npub struct NodeKind {{}}\n"));
    assert_reports(&text, "6:12", "type name `NodeKind` is reserved");
}

#[test]
fn missing_module_file_and_syntax_error() {
    let text = diagnose("missing_mod", &format!("mod nodes;\n{ROOT}"));
    assert_reports(&text, "1:5", "module file");
    let text = diagnose("syntax", "#[ast]\npub struct Program { pub body: Vec<u32> \n");
    assert!(text.contains("lib.rs:"), "{text}");
    assert!(text.contains("schema file is not valid Rust"), "{text}");
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let text = diagnose("many", &format!("{ROOT}#[ast]\npub struct Statement {{ pub a: Foo, pub b: Bar }}\n"));
    assert!(text.contains("`Foo`") && text.contains("`Bar`"), "{text}");
}

#[test]
fn binary_exits_non_zero_and_writes_nothing() {
    let schema = schema_crate("binary", &format!("{ROOT}#[ast]\npub struct Statement {{ pub x: Missing }}\n"));
    let out = std::env::temp_dir().join(format!("ast_codegen_bad_binary_out_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let output = Command::new(env!("CARGO_BIN_EXE_ast_codegen"))
        .args(["--schema", path_str(&schema), "--out", path_str(&out)])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: unknown type name `Missing`"), "{stderr}");
    assert!(stderr.contains("lib.rs:4:28\n"), "{stderr}");
    assert!(stderr.contains("4 | pub struct Statement { pub x: Missing }"), "the source line is shown:\n{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out.exists(), "the output directory must not be created");
    let _ = std::fs::remove_dir_all(&schema);
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn field_without_a_flat_encoding() {
    let text =
        diagnose("no_flat", &format!("{ROOT}#[ast]\npub struct Statement {{ pub groups: Vec<Vec<Statement>> }}\n"));
    assert!(text.contains("lib.rs:4:28\n"), "at the field:\n{text}");
    assert!(text.contains("`Statement.groups`"), "the message names the field:\n{text}");
    assert!(text.contains("= help: hold children as `N`, `Box<N>`"), "the help names shapes that work:\n{text}");
}

#[test]
fn external_path_that_is_not_a_rust_path() {
    let text = diagnose(
        "external_path",
        &format!(
            "{ROOT}#[ast]\npub struct Statement {{ pub n: Num }}\n\
             #[ast(external = \"std::num::\")]\n#[layout(size64 = 4, align64 = 4, size32 = 4, align32 = 4)]\npub struct Num;\n"
        ),
    );
    assert_reports(&text, "5:18", "`std::num::` is not a Rust path");
}

#[test]
fn type_names_whose_snake_case_clashes() {
    let text = diagnose(
        "snake_clash",
        &format!(
            "{ROOT}#[ast]\npub enum Statement {{ A(Box<HtmlElement>), B(Box<HTMLElement>) }}\n#[ast]\npub struct HtmlElement {{}}\n#[ast]\npub struct HTMLElement {{}}\n"
        ),
    );
    assert_reports(&text, "8:12", "type names `HtmlElement` (at ");
    assert!(text.contains("and `HTMLElement` generate the same method names (`visit_html_element`, ...)"), "{text}");
}

#[test]
fn items_the_generator_cannot_read_are_refused() {
    let macro_call = diagnose("macro_call", &format!("{ROOT}make_nodes!(Statement);\n"));
    assert_reports(&macro_call, "3:1", "a macro invocation among the schema's items");
    let private = diagnose("private", &format!("{ROOT}#[ast]\nstruct Statement {{}}\n"));
    assert_reports(&private, "4:8", "schema type `Statement` is not `pub`");
    let cfg = diagnose("cfg", &format!("{ROOT}#[ast]\npub struct Statement {{ #[cfg(test)] pub x: u32 }}\n"));
    assert_reports(&cfg, "4:24", "`#[cfg]` in schema type `Statement`: the generator does not evaluate configurations");
}

#[test]
fn a_module_with_a_path_attribute_is_refused() {
    let text = diagnose(
        "path_attr",
        &format!("#[path = \"other.rs\"]\nmod nodes;\n{ROOT}#[ast]\npub struct Statement {{}}\n"),
    );
    assert_reports(&text, "2:5", "`mod nodes` has a `#[path]` attribute, which the generator does not follow");
}

#[test]
fn inline_modules_are_read() {
    let dir = schema_crate(
        "inline_mod",
        &format!("{ROOT}mod statements {{\n    #[ast]\n    pub struct Statement {{ pub x: u32 }}\n}}\n"),
    );
    let result = ast_codegen::load_schema(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let schema = result.unwrap_or_else(|d| panic!("{d}"));
    assert!(schema.by_name("Statement").is_some(), "the node type inside `mod statements {{ .. }}` was skipped");
}

#[test]
fn type_named_like_a_type_the_schema_syntax_reads() {
    for name in ["Box", "Vec", "Option", "String", "u32"] {
        let text = diagnose(
            &format!("syntax_name_{name}"),
            &format!("{ROOT}#[ast]\npub struct {name} {{}}\n#[ast]\npub enum Statement {{ A(Box<Program>) }}\n"),
        );
        assert_reports(&text, "4:12", &format!("type name `{name}` is Rust's own type in a schema"));
    }
}

#[test]
fn field_named_like_the_renamed_accessor_of_another() {
    let text = diagnose(
        "accessor_clash",
        &format!("{ROOT}#[ast]\npub struct Statement {{ pub data: u32, pub data_: u32 }}\n"),
    );
    assert_reports(&text, "4:43", "field `Statement.data_` has the view method `data_()`, which field `data` has too");
}

#[test]
fn types_whose_builder_methods_clash_or_cannot_be_spelled() {
    let with = |tag: &str, name: &str| {
        diagnose(
            tag,
            &format!(
                "{ROOT}#[ast]\npub struct {name} {{}}\n#[ast]\npub struct S {{}}\n#[ast]\npub enum Statement {{ A(Box<S>) }}\n"
            ),
        )
    };
    let text = with("builder_new", "New");
    assert_reports(&text, "4:12", "struct `New` would get the builder method `new`, which `AstNodeBuilder` itself has");
    let text = with("builder_crate", "Crate");
    assert_reports(&text, "4:12", "struct `Crate` would get the builder method `crate`, a name Rust cannot spell");
    let text = with("builder_boxed", "BoxedS");
    assert_reports(&text, "6:12", "struct `S` would get the builder method `boxed_s`, which struct `BoxedS` has");
    let text = with("builder_finish", "Finish");
    assert_reports(
        &text,
        "4:12",
        "struct `Finish` would get the builder method `finish`, which the `AstBuild` interface itself has",
    );
    // `Statement::A` gets `statement_from_a` (a built `S` as the enum), which this struct's constructor would be.
    let text = with("builder_wrap", "StatementFromA");
    assert_reports(
        &text,
        "8:22",
        "variant `Statement::A` would get the builder method `statement_from_a`, which struct `StatementFromA` has",
    );
}

#[test]
fn field_names_that_are_not_snake_case_are_refused_with_the_name_to_use() {
    let text = diagnose(
        "camel_field",
        &format!("{ROOT}#[ast]\npub struct Statement {{ pub fooBar: u32, pub a__b: u32, pub _ok: u32 }}\n"),
    );
    assert_reports(&text, "4:28", "field `Statement.fooBar` is not snake_case");
    assert!(text.contains("rename it to `foo_bar`"), "{text}");
    assert_reports(&text, "4:45", "field `Statement.a__b` is not snake_case");
    assert!(!text.contains("`Statement._ok`"), "a leading underscore is snake_case: {text}");
}

#[test]
fn fields_that_differ_only_by_leading_underscores_are_refused() {
    let text =
        diagnose("underscore_twins", &format!("{ROOT}#[ast]\npub struct Statement {{ pub x: u32, pub _x: u32 }}\n"));
    assert_reports(&text, "4:40", "fields `Statement.x` and `_x` differ only by leading underscores");
}
