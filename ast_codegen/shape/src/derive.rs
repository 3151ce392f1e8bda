//! The `GetNodeId` / `GetSpan` impls, written once and used by both the generator (for schema types) and the
//! `#[ast]` attribute (for hand-written node types in downstream crates).
//!
//! Both read the ID and span the same way: a struct from its `node_id` / `span` fields, an enum by delegating to
//! the node its variant holds.

use proc_macro2::TokenStream;
use quote::quote;

/// The path of the runtime crate in emitted code. Fully qualified so that emitted code does not depend on the
/// `use` items around it.
pub fn runtime_path() -> TokenStream {
    quote!(::ast_runtime)
}

/// `impl GetNodeId` and `impl GetSpan` for a node struct with `node_id` and `span` fields.
pub fn struct_node_traits(name: &syn::Ident, generics: &syn::Generics) -> TokenStream {
    let rt = runtime_path();
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        impl #impl_generics #rt::GetNodeId for #name #ty_generics #where_clause {
            #[inline]
            fn node_id(&self) -> #rt::NodeId {
                self.node_id
            }
        }
        impl #impl_generics #rt::GetSpan for #name #ty_generics #where_clause {
            #[inline]
            fn span(&self) -> #rt::Span {
                self.span
            }
        }
    }
}

/// `impl GetNodeId` and `impl GetSpan` for an enum whose every variant holds one node: each delegates to the
/// node its variant holds.
pub fn enum_node_traits(name: &syn::Ident, generics: &syn::Generics, variants: &[syn::Ident]) -> TokenStream {
    let rt = runtime_path();
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let arms_id = variants.iter().map(|v| quote!(#name::#v(it) => #rt::GetNodeId::node_id(it),));
    let arms_span = variants.iter().map(|v| quote!(#name::#v(it) => #rt::GetSpan::span(it),));
    quote! {
        impl #impl_generics #rt::GetNodeId for #name #ty_generics #where_clause {
            #[inline]
            fn node_id(&self) -> #rt::NodeId {
                match self { #(#arms_id)* }
            }
        }
        impl #impl_generics #rt::GetSpan for #name #ty_generics #where_clause {
            #[inline]
            fn span(&self) -> #rt::Span {
                match self { #(#arms_span)* }
            }
        }
    }
}
