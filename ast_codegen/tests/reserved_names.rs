//! `validate::RESERVED_NAMES` must name every public type that an output puts at the generated crate's root (the
//! outputs `lib.rs` re-exports with `pub use module::*`), or a schema type of that name would collide with it.

use std::collections::HashSet;
use std::path::Path;

use ast_codegen::validate::RESERVED_NAMES;

#[test]
fn every_public_type_at_the_generated_root_is_reserved() {
    let schema_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ast_schema");
    let schema = ast_codegen::load_schema(&schema_dir).unwrap_or_else(|d| panic!("{d}"));
    let schema_types: HashSet<&str> = schema.types.iter().map(|t| t.name()).collect();
    let files = ast_codegen::render_all(&schema).unwrap_or_else(|d| panic!("{d}"));
    let mut missing = Vec::new();
    for output in ast_codegen::emit::registry().iter().filter(|o| o.info().reexport) {
        let name = format!("{}.rs", output.info().name);
        let file = files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{name} was not generated"));
        let syntax = syn::parse_file(&file.text).unwrap();
        for item in &syntax.items {
            let ident = match item {
                syn::Item::Struct(i) if matches!(i.vis, syn::Visibility::Public(_)) => &i.ident,
                syn::Item::Enum(i) if matches!(i.vis, syn::Visibility::Public(_)) => &i.ident,
                syn::Item::Trait(i) if matches!(i.vis, syn::Visibility::Public(_)) => &i.ident,
                syn::Item::Type(i) if matches!(i.vis, syn::Visibility::Public(_)) => &i.ident,
                _ => continue,
            };
            let ident = ident.to_string();
            if !schema_types.contains(ident.as_str()) && !RESERVED_NAMES.contains(&ident.as_str()) {
                missing.push(format!("{ident} (from {name})"));
            }
        }
    }
    assert!(missing.is_empty(), "not in validate::RESERVED_NAMES: {missing:?}");
}
