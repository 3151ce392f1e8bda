//! Phase 5, emit: one module per generated file, each a `pub fn emit(ctx: &EmitContext) -> TokenStream` that reads
//! only the model. Helpers shared by the emitters (names, docs, Rust types) live here.

pub mod ast;
pub mod ast_kind;
pub mod builder;
pub mod estree;
pub mod flat;
pub mod flat_fields;
pub mod get_node_id;
pub mod heap_size;
pub mod layout_assertions;
pub mod lib_rs;
pub mod random;
pub mod visit;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::layout::{Layouts, NODE_ID_FIELD, SPAN_FIELD};
use crate::model::{FieldDef, Schema, StructDef, TypeDef, TypeRef};

/// Everything an emitter may read.
pub struct EmitContext<'a> {
    /// The validated schema.
    pub schema: &'a Schema,
    /// Every type's layout and every struct's memory order.
    pub layouts: &'a Layouts,
}

/// One generated module: a file `generated/src/<module>.rs`.
pub struct Output {
    /// The module name (file name without `.rs`).
    pub module: &'static str,
    /// True when `lib.rs` re-exports the module's items at the crate root.
    pub reexport: bool,
    /// The cargo feature of the generated crate that enables the module; `None` for always compiled.
    pub feature: Option<&'static str>,
    /// What the module is for; becomes its `//!` doc in `lib.rs`.
    pub doc: &'static str,
    /// The module's tokens.
    pub tokens: TokenStream,
}

/// Every generated module except `lib.rs`, in a fixed order.
pub fn modules(ctx: &EmitContext) -> Vec<Output> {
    vec![
        Output { module: "ast", reexport: true, feature: None, doc: "The boxed tree: one Rust type per schema type.", tokens: ast::emit(ctx) },
        Output {
            module: "get_node_id",
            reexport: false,
            feature: None,
            doc: "`GetNodeId` and `GetSpan` for every struct and enum.",
            tokens: get_node_id::emit(ctx),
        },
        Output {
            module: "ast_kind",
            reexport: true,
            feature: None,
            doc: "`NodeKind` (one byte per node type) and `AstKind` (a reference to any node).",
            tokens: ast_kind::emit(ctx),
        },
        Output {
            module: "builder",
            reexport: true,
            feature: None,
            doc: "`AstNodeBuilder`, the only way to construct nodes, and preorder renumbering.",
            tokens: builder::emit(ctx),
        },
        Output {
            module: "layout_assertions",
            reexport: false,
            feature: None,
            doc: "Compile-time checks of the generator's layout model: size, alignment and field offsets.",
            tokens: layout_assertions::emit(ctx),
        },
        Output {
            module: "estree",
            reexport: false,
            feature: None,
            doc: "ESTree JSON: `to_json` and a `ToEstree` impl for every type, from the schema's `#[estree]` attributes.",
            tokens: estree::emit(ctx),
        },
        Output {
            module: "flat",
            reexport: false,
            feature: None,
            doc: "The flat encoding: `FlatAst` (nodes in preorder, `NodeId` == index), conversions both ways, typed views.",
            tokens: flat::emit(ctx),
        },
        Output {
            module: "visit",
            reexport: true,
            feature: None,
            doc: "`Visit` and `VisitMut` for the boxed tree, `FlatVisit` for the flat tree.",
            tokens: visit::emit(ctx),
        },
        Output {
            module: "heap_size",
            reexport: true,
            feature: None,
            doc: "`HeapSize` and `boxed_heap_bytes`: the heap bytes a boxed tree owns (for memory reports).",
            tokens: heap_size::emit(ctx),
        },
        Output {
            module: "random",
            reexport: false,
            feature: Some("random"),
            doc: "Seeded random trees over the schema, for property tests and benchmarks (feature `random`).",
            tokens: random::emit(ctx),
        },
    ]
}

/// An identifier token for a schema name.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = "..."]` attributes for doc comment lines.
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
            Some(TypeDef::External(x)) => x.path.parse().unwrap_or_else(|_| {
                let name = ident(name);
                quote!(#name)
            }),
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
pub fn memory_order<'a>(ctx: &EmitContext, s: &'a StructDef) -> Vec<StructSlot<'a>> {
    let order = ctx.layouts.memory_order(&s.name);
    if order.len() != s.fields.len() + 2 {
        // Only a context built without the layout pass gets here; schema order still compiles.
        let mut slots = vec![StructSlot::NodeId, StructSlot::Span];
        slots.extend(s.fields.iter().map(StructSlot::Field));
        return slots;
    }
    order
        .into_iter()
        .filter_map(|name| match name {
            NODE_ID_FIELD => Some(StructSlot::NodeId),
            SPAN_FIELD => Some(StructSlot::Span),
            field => s.fields.iter().find(|f| f.name == field).map(StructSlot::Field),
        })
        .collect()
}
