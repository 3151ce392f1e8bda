//! `lib.rs` of the generated crate: crate docs, module declarations and root re-exports. Not an [`Output`] of
//! the registry: it is written from the list of outputs.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Model, Output, docs, ident};

/// Where `lib.rs` is written from, for its header.
pub const SOURCE: &str = module_path!();

/// Emits `lib.rs` for the given outputs.
pub fn emit(model: &Model, outputs: &[Box<dyn Output>]) -> TokenStream {
    let crate_docs = model.schema.docs.iter().map(|line| format!(" {line}"));
    let decls = outputs.iter().map(|output| {
        let info = output.info();
        let name = ident(info.name);
        let doc = docs(&[info.doc.to_string()]);
        let cfg = info.feature.map(|feature| quote!(#[cfg(feature = #feature)]));
        let reexport = info.reexport.then(|| quote!(#cfg pub use #name::*;));
        // Generated modules are formatted by the generator (prettyplease), not by `cargo fmt`.
        quote! {
            #doc
            #cfg
            #[rustfmt::skip]
            pub mod #name;
            #reexport
        }
    });
    quote! {
        #(#![doc = #crate_docs])*
        #![forbid(unsafe_code)]

        // The generator formats this line (prettyplease); rustfmt, at another width, would undo it.
        #[rustfmt::skip]
        pub use ::ast_runtime::{GetNodeId, GetSpan, LineIndex, NodeId, NodeIdVec, OptionalNodeId, Span, Utf16Offsets};

        #(#decls)*
    }
}
