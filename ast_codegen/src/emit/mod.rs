//! Phase 5, emit: the outputs, one module (or folder) per generated file, each an [`Output`] listed in
//! [`registry`] that reads only the prepared [`Model`]. Helpers shared by the emitters (names, docs, Rust types)
//! live here.

pub mod ast;
pub mod ast_kind;
pub mod builder;
pub mod flat;
pub mod get_node_id;
pub mod heap_size;
pub mod json;
pub mod layout_assertions;
pub mod lib_rs;
pub mod parent_field;
pub mod random;
pub mod visit;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::diagnostics::Diagnostic;
use crate::layout::{NODE_ID_FIELD, SPAN_FIELD};
use crate::model::{FieldDef, Schema, StructDef, TypeDef, TypeRef};
pub use crate::prepare::Model;

/// What `lib.rs` says about an output's module, and where the output's code is.
#[derive(Clone, Copy, Debug)]
pub struct OutputInfo {
    /// The module name: the file `src/<name>.rs` of the generated crate.
    pub name: &'static str,
    /// What the module is for; its doc line in `lib.rs`.
    pub doc: &'static str,
    /// True when `lib.rs` re-exports the module's items at the crate root.
    pub reexport: bool,
    /// The cargo feature of the generated crate that enables the module; `None` for always compiled.
    pub feature: Option<&'static str>,
    /// The Rust module of the generator that writes it (`module_path!()`), named in the file's header.
    pub source: &'static str,
}

/// One output of the generator: a module of the generated crate, the schema attributes it owns, their checks, and
/// its code. Adding an output is a module that implements this trait and one line in [`registry`].
pub trait Output {
    /// The module it writes and what `lib.rs` says about it.
    fn info(&self) -> &'static OutputInfo;

    /// The helper attributes this output owns (`#[json(..)]` for the JSON output). They must be listed in
    /// `schema_attrs::HELPER_ATTRIBUTES`, which the schema marker macro strips.
    fn attrs(&self) -> &'static [&'static str] {
        &[]
    }

    /// Reads and checks this output's attributes on the validated schema, keeping what it needs for
    /// [`Output::generate`]. Runs beside the derivation of the [`Model`] (their diagnostics are reported together)
    /// and before any output generates, so a bad attribute stops the generator before it writes anything.
    fn prepare(&mut self, _schema: &Schema) -> Result<(), Vec<Diagnostic>> {
        Ok(())
    }

    /// The module's code.
    fn generate(&self, model: &Model) -> TokenStream;
}

/// Every output, in the order `lib.rs` declares their modules.
pub fn registry() -> Vec<Box<dyn Output>> {
    vec![
        Box::new(ast::Ast),
        Box::new(get_node_id::GetNodeIdImpls),
        Box::new(ast_kind::AstKinds),
        Box::new(parent_field::ParentFieldOutput),
        Box::new(builder::Builder),
        Box::new(layout_assertions::LayoutAssertions),
        Box::new(json::Json::default()),
        Box::new(flat::Flat),
        Box::new(visit::Visitors),
        Box::new(heap_size::HeapSizes),
        Box::new(random::RandomTrees),
    ]
}

/// The one identifier helper: a schema name as an identifier token, raw (`r#type`) where the name is a keyword.
pub use ast_shape::ident;

/// `prefix_snake_case(name)`, or `snake_case(name)` when `prefix` is empty: the names of per-type methods
/// (`visit_binary_expression`, `walk_program`) and fields (`overflow.numeric_literal`).
pub fn snake_ident(prefix: &str, name: &str) -> proc_macro2::Ident {
    let snake = crate::model::snake_case(name);
    if prefix.is_empty() { ident(&snake) } else { ident(&format!("{prefix}_{snake}")) }
}

/// An identifier made of `prefix` and a field name (`field_body`, `set_operator`), snake_case for every name the
/// schema allows: a name with `k` leading underscores gives `{prefix}{k}_{rest}` (`_x` gives `field1_x`), since
/// `field__x` would trip `non_snake_case` and `field_x` could be another field's.
pub fn field_ident(prefix: &str, field: &str) -> proc_macro2::Ident {
    let rest = field.trim_start_matches('_');
    match field.len() - rest.len() {
        0 => ident(&format!("{prefix}_{field}")),
        underscores => ident(&format!("{prefix}{underscores}_{rest}")),
    }
}

/// The Rust type of a primitive.
pub fn primitive_type(p: crate::model::Primitive) -> TokenStream {
    ident(p.rust_name()).into_token_stream()
}

/// `#[doc = "..."]` attributes for doc comment lines, each with the one leading space `///` comments have.
pub fn docs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| format!(" {line}"));
    quote!(#(#[doc = #lines])*)
}

/// The fully qualified Rust type for a schema type.
pub fn rust_type(schema: &Schema, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Primitive(p) => {
            let p = ident(p.rust_name());
            quote!(#p)
        }
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Named(name) => match schema.by_name(name) {
            // `parse` accepted the external path only if it is a Rust path, so the fallback is never taken.
            Some(TypeDef::External(x)) => match syn::parse_str::<syn::Path>(&x.path) {
                Ok(path) => quote!(#path),
                Err(_) => ident(name).into_token_stream(),
            },
            _ => {
                let name = ident(name);
                quote!(crate::#name)
            }
        },
        TypeRef::Box(inner) => {
            let inner = rust_type(schema, inner);
            quote!(::std::boxed::Box<#inner>)
        }
        TypeRef::Vec(inner) => {
            let inner = rust_type(schema, inner);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Option(inner) => {
            let inner = rust_type(schema, inner);
            quote!(::core::option::Option<#inner>)
        }
    }
}

/// One field of a generated node struct: an implied one or a declared one.
#[derive(Clone, Copy, Debug)]
pub enum StructSlot<'a> {
    /// The implied `node_id`.
    NodeId,
    /// The implied `span`.
    Span,
    /// A declared field.
    Field(&'a FieldDef),
}

/// The fields of a generated struct in memory order (the order written in the generated struct), as chosen by
/// the layout pass.
pub fn memory_order<'a>(model: &Model, s: &'a StructDef) -> Vec<StructSlot<'a>> {
    model
        .layouts
        .memory_order(&s.name)
        .into_iter()
        .filter_map(|name| match name {
            NODE_ID_FIELD => Some(StructSlot::NodeId),
            SPAN_FIELD => Some(StructSlot::Span),
            field => s.fields.iter().find(|f| f.name == field).map(StructSlot::Field),
        })
        .collect()
}
