//! Procedural macros of the AST toolkit.
//!
//! - [`macro@schema`]: the marker written `#[ast]` inside a schema crate. The generator reads schema crates with
//!   `syn`; the marker only lets the schema compile, by removing the schema's helper attributes (`#[estree]`,
//!   `#[layout]`) that rustc would otherwise reject.

use proc_macro::TokenStream;

/// Marks a node type inside a schema crate (import it as `use ast_macros::schema as ast;`).
///
/// Emits the item unchanged except that schema-only helper attributes are removed. The generator, not this macro,
/// gives schema types their meaning.
#[proc_macro_attribute]
pub fn schema(_args: TokenStream, input: TokenStream) -> TokenStream {
    let mut item = syn::parse_macro_input!(input as syn::Item);
    ast_codegen::schema_attrs::strip_schema_attributes(&mut item);
    quote::quote!(#item).into()
}
