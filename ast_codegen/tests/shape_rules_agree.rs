//! The generator (for schema types) and the `#[ast]` attribute (for hand-written types, through
//! `ast_codegen::node_shape`) must accept and reject the same item shapes. This test runs both on the same items
//! so that a rule changed in one place and not the other fails here.
//!
//! Known, intended differences are not listed: schema types may not be generic and may not number their variants
//! (the generator does), while hand-written types may; and a schema struct must not declare `node_id` / `span`
//! (`IdFields::Implied`), while a hand-written one must (`IdFields::Declared`). One difference comes from name
//! resolution, which only the generator has: whether a named payload of a value enum is a value. The last test
//! pins it down.

use std::path::PathBuf;

use ast_codegen::load::SourceFile;
use ast_codegen::node_shape::{self, IdFields, NodeTypeKind};

/// Declarations every case may refer to: a root and a node struct to hold.
const PRELUDE: &str = "#[ast] pub struct Program { pub body: Vec<Leaf> }\n#[ast] pub struct Leaf {}\n";

/// True when the generator's parse and validate phases accept the prelude plus `item`.
fn generator_accepts(item: &str) -> bool {
    let text = format!("{PRELUDE}{item}");
    let syntax = syn::parse_file(&text).expect("test schema is Rust");
    let files = [SourceFile { path: PathBuf::from("lib.rs"), syntax, text }];
    ast_codegen::parse::parse_schema(&files).and_then(|schema| ast_codegen::validate::validate(&schema)).is_ok()
}

/// True when the shared shape checks accept `item` as `#[ast]` does: the item's shape, and for a value enum with
/// payloads, payloads that are surely values.
fn shape_checks_accept(item: &str) -> bool {
    let item: syn::Item = syn::parse_str(item).expect("test item is Rust");
    match (node_shape::check_item(&item, IdFields::Implied), &item) {
        (Ok(NodeTypeKind::DataEnum), syn::Item::Enum(e)) => node_shape::check_payloads_are_values(e).is_empty(),
        (kind, _) => kind.is_ok(),
    }
}

fn assert_agree(item: &str, expected: bool) {
    assert_eq!(generator_accepts(item), expected, "generator on {item}");
    assert_eq!(shape_checks_accept(item), expected, "node_shape on {item}");
}

#[test]
fn both_accept_the_same_good_shapes() {
    for item in [
        "#[ast] pub struct A { pub name: String, pub leaf: Box<Leaf> }",
        "#[ast] pub struct A {}",
        "#[ast] pub enum E { A(Box<Leaf>) }",
        "#[ast] pub enum E { A(Leaf) }",
        "#[ast] pub enum Op { Add, Sub }",
        "#[ast] pub enum Constant { None, Bool(bool), Int(String), Float(f64), Bytes(Vec<u8>) }",
        "#[ast] pub enum Names { One(String), Many(Vec<String>), Maybe(Option<Box<Names>>) }",
    ] {
        assert_agree(item, true);
    }
}

#[test]
fn both_reject_the_same_bad_shapes() {
    for item in [
        "#[ast] pub struct A(pub u32);",
        "#[ast] pub struct A;",
        "#[ast] pub struct A { pub node_id: u32 }",
        "#[ast] pub struct A { pub span: u32 }",
        "#[ast] pub union U { pub a: u32 }",
        "#[ast] pub enum E {}",
        "#[ast] pub enum E { A(Box<Leaf>, Box<Leaf>) }",
        "#[ast] pub enum E { A { leaf: Box<Leaf> } }",
        "#[ast] pub enum E { A { value: f64 } }",
        "#[ast] pub enum E { A(f64, f64) }",
        "#[ast] pub enum E { A(Box<Leaf>), B }",
        "#[ast] pub enum E { A(Box<Leaf>), B(f64) }",
        "#[ast] pub enum E { A(Box<Leaf>), B(Vec<Leaf>) }",
        "#[ast] pub enum E { A(Box<Leaf>), B(Option<Box<Leaf>>) }",
        "#[ast] pub enum E { A(Box<Leaf>), B(String) }",
    ] {
        assert_agree(item, false);
    }
}

/// A value enum whose payload is a named type: the generator resolves the name (here an external type, a value);
/// `#[ast]` on a hand-written enum cannot, and refuses rather than guess.
#[test]
fn only_the_generator_resolves_a_named_value() {
    let item = "#[ast] pub enum Constant { None, Big(Num) }\n\
                #[ast(external = \"::core::num::NonZeroU64\")]\n\
                #[layout(size64 = 8, align64 = 8, size32 = 8, align32 = 4, niches = 1)]\npub struct Num;";
    assert!(generator_accepts(item), "generator on {item}");
    assert!(!shape_checks_accept("#[ast] pub enum Constant { None, Big(Num) }"));
}
