//! Rust keywords as schema names: raw field names (`r#type`, `r#else`) and node types whose snake_case is a keyword
//! (`Return`, `If`, `Match`) generate a crate that compiles without a warning, with raw identifiers where needed
//! (`b.r#return(..)`, `it.r#else`).

mod support;

use support::GeneratedCrate;

const SCHEMA: &str = r#"//! Keywords everywhere.
#[ast]
pub struct Module { pub body: Vec<Stmt> }
#[ast]
pub enum Stmt { Return(Box<Return>), If(Box<If>), Match(Box<Match>) }
#[ast]
pub struct Return { pub value: Option<Box<Name>> }
#[ast]
pub struct If { pub test: Box<Name>, pub r#else: Vec<Stmt> }
#[ast]
pub struct Match { #[estree(rename = "kind")] pub r#type: String, pub r#match: Box<Name> }
#[ast]
pub struct Name { pub id: String }
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
