//! `layout_assertions.rs`: the layout model's figures as compile-time assertions, so that a model that disagrees
//! with rustc fails the build of the generated crate instead of printing wrong numbers.
//!
//! One block per pointer width. 32-bit x86 System V aligns `u64`/`f64` to 4 where other 32-bit targets align them
//! to 8; when that changes any figure, the 32-bit block branches on `align_of::<u64>()` (a constant, so the other
//! branch is never evaluated).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Model, ident, rust_type};
use crate::layout::{Target, TypeLayout};
use crate::model::TypeRef;

/// The assertions module.
pub fn emit(model: &Model) -> TokenStream {
    let bits64 = assertions(model, Target::BITS64);
    let (bits32, bits32_x86) = (assertions(model, Target::BITS32), assertions(model, Target::BITS32_X86));
    let bits32_block = if bits32.to_string() == bits32_x86.to_string() {
        bits32
    } else {
        quote! {
            if ::core::mem::align_of::<u64>() == 8 { #bits32 } else { #bits32_x86 }
        }
    };
    quote! {
        #[cfg(target_pointer_width = "64")]
        const _: () = { #bits64 };
        #[cfg(target_pointer_width = "32")]
        const _: () = { #bits32_block };
    }
}

/// Every assertion for one target, in schema order.
fn assertions(model: &Model, target: Target) -> TokenStream {
    model
        .layouts
        .types()
        .iter()
        .map(|layout| type_assertions(&rust_type(model.schema, &TypeRef::Named(layout.name.clone())), layout, target))
        .collect()
}

/// `size_of`, `align_of` and, for a struct, `offset_of!` of every field, in a block of their own that names the
/// type `T` (so the checks read as plain code and the messages name the type).
fn type_assertions(ty: &TokenStream, layout: &TypeLayout, target: Target) -> TokenStream {
    let figures = layout.layouts[target.index()];
    let size = Literal::u64_unsuffixed(figures.size);
    let align = Literal::u64_unsuffixed(figures.align);
    let wrong = |what: String| format!("layout model is wrong: {what} on {} targets", target.name);
    let size_msg = wrong(format!("size_of::<{}>()", layout.name));
    let align_msg = wrong(format!("align_of::<{}>()", layout.name));
    let offsets = layout.fields.iter().flat_map(|s| &s.fields).map(|field| {
        let name = ident(&field.name);
        let offset = Literal::u64_unsuffixed(field.offsets[target.index()]);
        let msg = wrong(format!("offset_of!({}, {})", layout.name, field.name));
        quote!(if ::core::mem::offset_of!(T, #name) != #offset { panic!(#msg) })
    });
    quote! {
        {
            type T = #ty;
            if ::core::mem::size_of::<T>() != #size { panic!(#size_msg) }
            if ::core::mem::align_of::<T>() != #align { panic!(#align_msg) }
            #(#offsets)*
        }
    }
}

/// The layout assertions (`layout_assertions.rs`).
pub struct LayoutAssertions;

impl super::Output for LayoutAssertions {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "layout_assertions",
            doc: "Compile-time checks of the generator's layout model: size, alignment and field offsets.",
            reexport: false,
            feature: None,
            source: module_path!(),
        }
    }

    fn generate(&self, model: &super::Model) -> TokenStream {
        emit(model)
    }
}
