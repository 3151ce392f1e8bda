//! Past 256 node structs `NodeKind` widens to two bytes by itself, and the generated crate still compiles without a
//! warning.

mod support;

use support::GeneratedCrate;

#[test]
fn node_kind_widens_past_256_node_structs_and_the_crate_compiles() {
    let generated = GeneratedCrate::new("many", &ast_codegen::synthetic::schema_source(300, 10));
    assert!(generated.file("ast_kind.rs").contains("#[repr(u16)]\n"), "NodeKind did not widen");
    generated.check_all_features_without_warnings();
}
