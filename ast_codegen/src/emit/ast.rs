//! `ast.rs`: the boxed tree. One `#[repr(C)]`, `#[non_exhaustive]` struct per node struct (fields in memory order,
//! `node_id` first) and one enum per schema enum.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Model, StructSlot, docs, ident, memory_order, rust_type};
use crate::model::{EnumDef, StructDef, TypeDef};

/// Emits every schema type.
pub fn emit(model: &Model) -> TokenStream {
    let items = model.schema.types.iter().map(|def| match def {
        TypeDef::Struct(s) => emit_struct(model, s),
        TypeDef::Enum(e) if e.is_fieldless() => emit_value_enum(e),
        TypeDef::Enum(e) if model.schema.is_node_enum(e) => emit_node_enum(model, e),
        TypeDef::Enum(e) => emit_data_enum(model, e),
        TypeDef::External(_) => TokenStream::new(),
    });
    quote!(#(#items)*)
}

fn emit_struct(model: &Model, s: &StructDef) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs(&s.docs);
    let fields = memory_order(model, s).into_iter().map(|slot| match slot {
        StructSlot::NodeId => quote! {
            /// The node's ID, assigned by `AstNodeBuilder`; read it with `GetNodeId::node_id`.
            pub(crate) node_id: ::ast_runtime::NodeId,
        },
        StructSlot::Span => quote! {
            /// The node's source range.
            pub span: ::ast_runtime::Span,
        },
        StructSlot::Field(f) => {
            let doc = docs(&f.docs);
            let field = ident(&f.name);
            let ty = rust_type(model.schema, &f.ty);
            quote!(#doc pub #field: #ty,)
        }
    });
    quote! {
        #doc
        #[repr(C)]
        #[non_exhaustive]
        #[derive(Debug, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn emit_node_enum(model: &Model, e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let doc = docs(&e.docs);
    let variants = e.variants.iter().map(|v| {
        let doc = docs(&v.docs);
        let variant = ident(&v.name);
        let payload = v.payload.as_ref().map(|p| rust_type(model.schema, p));
        quote!(#doc #variant(#payload),)
    });
    quote! {
        #doc
        #[derive(Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// A value enum whose variants carry values: Rust's own layout (which the layout model computes), and only the
/// derives every payload allows (an `f64` has no `Eq`, a `String` no `Copy`).
fn emit_data_enum(model: &Model, e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let doc = docs(&e.docs);
    let variants = e.variants.iter().map(|v| {
        let doc = docs(&v.docs);
        let variant = ident(&v.name);
        match &v.payload {
            Some(p) => {
                let payload = rust_type(model.schema, p);
                quote!(#doc #variant(#payload),)
            }
            None => quote!(#doc #variant,),
        }
    });
    let arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let text = v.name.as_str();
        match v.payload {
            Some(_) => quote!(#name::#variant(_) => #text,),
            None => quote!(#name::#variant => #text,),
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The variant's name as declared in the schema.
            pub const fn name(&self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn emit_value_enum(e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let doc = docs(&e.docs);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_docs = e.variants.iter().map(|v| docs(&v.docs));
    let names = e.variants.iter().map(|v| v.name.as_str());
    let count = e.variants.len();
    let repr = if crate::flat_fields::fieldless_enum_bytes(count) == 1 { quote!(u8) } else { quote!(u16) };
    quote! {
        #doc
        #[repr(#repr)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #variants,)*
        }

        impl #name {
            /// Every variant, in declaration order.
            pub const ALL: [#name; #count] = [#(#name::#variants),*];

            /// The variant's name as declared in the schema.
            pub const fn name(self) -> &'static str {
                match self {
                    #(#name::#variants => #names,)*
                }
            }
        }
    }
}

/// The boxed tree: one Rust type per schema type (`ast.rs`).
pub struct Ast;

impl super::Output for Ast {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "ast",
            doc: "The boxed tree: one Rust type per schema type.",
            reexport: true,
            feature: None,
            source: module_path!(),
        }
    }

    fn generate(&self, model: &super::Model) -> TokenStream {
        emit(model)
    }
}
