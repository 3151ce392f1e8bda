//! `get_node_id.rs`: `GetNodeId` and `GetSpan` for every struct and every node enum, produced by the same code as
//! the `#[ast]` attribute ([`crate::derive`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Model, ident};
use crate::derive::{enum_node_traits, struct_node_traits};

/// Emits the impls.
pub fn emit(model: &Model) -> TokenStream {
    let no_generics = syn::Generics::default();
    let structs = model.schema.structs().map(|s| struct_node_traits(&ident(&s.name), &no_generics));
    let enums = model.schema.node_enums().map(|e| {
        let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
        enum_node_traits(&ident(&e.name), &no_generics, &variants)
    });
    quote! {
        use crate::*;
        #(#structs)*
        #(#enums)*
    }
}

/// `GetNodeId` and `GetSpan` impls (`get_node_id.rs`).
pub struct GetNodeIdImpls;

impl super::Output for GetNodeIdImpls {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "get_node_id",
            doc: "`GetNodeId` and `GetSpan` for every struct and enum.",
            reexport: false,
            feature: None,
            source: module_path!(),
        }
    }

    fn generate(&self, model: &super::Model) -> TokenStream {
        emit(model)
    }
}
