//! Rust keywords as schema names: raw field names (`r#type`, `r#else`) and node types whose snake_case is a keyword
//! (`Return`, `If`, `Match`) generate a crate that compiles without a warning, with raw identifiers where needed
//! (`b.r#return(..)`, `it.r#else`).

mod support;

use support::GeneratedCrate;

const SCHEMA: &str = r#"//! Keywords everywhere.
#[ast]
pub struct Module { pub body: Vec<Stmt> }
#[ast]
pub enum Stmt { Return(Box<Return>), If(Box<If>), Match(Box<Match>), Locals(Box<Locals>) }
#[ast]
pub struct Return { pub value: Option<Box<Name>> }
#[ast]
pub struct If { pub test: Box<Name>, pub r#else: Vec<Stmt> }
#[ast]
pub struct Match { #[estree(rename = "kind")] pub r#type: String, pub r#match: Box<Name> }
#[ast]
pub struct Name { pub id: String }
/// Fields named like the locals of generated code (found by the random schemas), and a nested optional value.
#[ast]
pub struct Locals { pub first: Box<Name>, pub child: Box<Name>, pub stack: Vec<Stmt>, pub node: Option<Box<Name>>, pub nested: Option<Option<i32>> }
"#;

#[test]
fn keyword_names_generate_a_crate_that_compiles_without_warnings() {
    let generated = GeneratedCrate::new("keywords", SCHEMA);
    let builder = generated.file("builder.rs");
    assert!(builder.contains("pub fn r#return("), "{builder}");
    let ast = generated.file("ast.rs");
    assert!(ast.contains("pub r#else: Vec<Stmt>,") && ast.contains("pub r#type: String,"), "{ast}");
    generated.check_all_features_without_warnings();
}

/// Node types named like items the generated modules define for themselves (`flat::Overflow`, `flat::Lang`, the
/// visit module's private `Dispatch`, ...), with every child an implied first child.
const GENERATED_ITEM_NAMES: &str = r#"
#[ast]
pub struct Module { pub body: Vec<Stmt> }
#[ast]
pub enum Stmt { Overflow(Box<Overflow>), AnyView(Box<AnyView>), Lang(Box<Lang>), Dispatch(Box<Dispatch>), OwnedNode(Box<OwnedNode>), NodeRef(Box<NodeRef>), FlatParts(Box<FlatParts>), Walker(Box<Walker>) }
#[ast]
pub struct Overflow { pub a: u32 }
#[ast]
pub struct AnyView { pub a: u32 }
#[ast]
pub struct Lang { pub a: u32 }
#[ast]
pub struct Dispatch { pub a: u32 }
#[ast]
pub struct OwnedNode { pub a: u32 }
#[ast]
pub struct NodeRef { pub a: u32 }
#[ast]
pub struct FlatParts { pub a: u32 }
#[ast]
pub struct Walker { pub a: u32 }
"#;

#[test]
fn names_of_the_generated_modules_own_items_compile_without_warnings() {
    GeneratedCrate::new("generated_item_names", GENERATED_ITEM_NAMES).check_all_features_without_warnings();
}
