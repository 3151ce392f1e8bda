//! `lib.rs` of the generated crate: crate docs, module declarations and root re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, EmitContext, Output};

/// Emits `lib.rs` for the given modules.
pub fn emit(ctx: &EmitContext, modules: &[Output]) -> TokenStream {
    let crate_docs = ctx.schema.docs.iter().map(|line| format!(" {line}"));
    let decls = modules.iter().map(|m| {
        let name = ident(m.module);
        let doc = format!(" {}", m.doc);
        let cfg = m.feature.map(|feature| quote!(#[cfg(feature = #feature)]));
        let reexport = m.reexport.then(|| quote!(#cfg pub use #name::*;));
        quote! {
            #[doc = #doc]
            #cfg
            pub mod #name;
            #reexport
        }
    });
    quote! {
        #(#![doc = #crate_docs])*
        #![forbid(unsafe_code)]

        pub use ::ast_runtime::{GetNodeId, GetSpan, NodeId, NodeIdVec, Span};

        #(#decls)*
    }
}
