//! Rust keywords as schema names: raw field names (`r#type`, `r#else`) and node types whose snake_case is a keyword
//! (`Return`, `If`, `Match`) generate a crate that compiles without a warning, with raw identifiers where needed
//! (`b.r#return(..)`, `it.r#else`). So do names of prelude items and fields named like methods.

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
pub struct Match { #[json(rename = "kind")] pub r#type: String, pub r#match: Box<Name> }
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

/// Node types named like prelude and derive items, value-enum variants named like `Option` / `Result` variants, and
/// fields named like the methods of views (`data`, `child_count`, `parent`, `node`, `ast`, `span`-like node-level
/// names: their accessors get a `_`) and of std traits, and fields with leading underscores.
const PRELUDE_AND_METHOD_NAMES: &str = r#"
#[ast]
pub struct Program {
    pub body: Vec<Stmt>,
    pub data: String,
    pub child_count: u32,
    pub parent: Option<Box<Default>>,
    pub _hidden: Vec<Stmt>,
    pub __twice: Option<String>,
    pub node: u8,
    pub ast: Vec<Iterator>,
    pub node_kind: u8,
    pub new: u8,
    pub len: u8,
    pub clone: u8,
    pub into_iter: u8,
    pub from: Option<Constant>,
    pub r#async: Vec<Constant>,
}
#[ast]
pub enum Stmt { Result(Box<Result>), Iterator(Iterator), Default(Box<Default>), Some(Box<Some>) }
#[ast]
pub struct Result { pub items: Vec<Iterator> }
#[ast]
pub struct Iterator { pub value: Option<Box<Default>> }
#[ast]
pub struct Default { pub names: Vec<String> }
#[ast]
pub struct Some {}
#[ast]
pub enum Constant { None, Some(u32), Ok(String), Err(f64) }
"#;

#[test]
fn prelude_names_and_method_like_fields_pass_clippy() {
    let generated = GeneratedCrate::new("prelude_names", PRELUDE_AND_METHOD_NAMES);
    let flat = generated.file("flat.rs");
    assert!(flat.contains("pub fn data_(&self) -> &'a str") && flat.contains("pub fn child_count_(&self) -> u32"));
    assert!(flat.contains("pub fn parent_(&self) -> Option<") && flat.contains("pub fn ast_ids(&self)"));
    assert!(flat.contains("pub fn node_(&self) -> u8") && flat.contains("pub fn node_kind_(&self) -> u8"));
    generated.clippy_all_features_without_warnings();
}
