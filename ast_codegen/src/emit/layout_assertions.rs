//! `layout_assertions.rs`: the layout model's figures as compile-time assertions, so that a model that disagrees
//! with rustc fails the build of the generated crate instead of printing wrong numbers.
//!
//! One block per pointer width. 32-bit x86 System V aligns `u64`/`f64` to 4 where other 32-bit targets align them
//! to 8; when that changes any figure, the 32-bit block branches on `align_of::<u64>()` (a constant, so the other
//! branch is never evaluated).

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, rust_type, EmitContext};
use crate::layout::{Target, TypeLayout};
use crate::model::TypeRef;

/// The assertions module.
pub fn emit(ctx: &EmitContext) -> TokenStream {
    let bits64 = assertions(ctx, Target::BITS64);
    let (bits32, bits32_x86) = (assertions(ctx, Target::BITS32), assertions(ctx, Target::BITS32_X86));
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
fn assertions(ctx: &EmitContext, target: Target) -> TokenStream {
    ctx.layouts
        .types()
        .iter()
        .map(|layout| type_assertions(&rust_type(ctx.schema, &TypeRef::Named(layout.name.clone())), layout, target))
        .collect()
}

/// `size_of`, `align_of` and, for a struct, `offset_of!` of every field.
fn type_assertions(ty: &TokenStream, layout: &TypeLayout, target: Target) -> TokenStream {
    let figures = layout.layouts[target.index()];
    let (size, align) = (figures.size as usize, figures.align as usize);
    let what = format!("layout model is wrong about `{}` on {} targets", layout.name, target.name);
    let offsets = layout.fields.iter().flat_map(|s| &s.fields).map(|field| {
        let name = ident(&field.name);
        let offset = field.offsets[target.index()] as usize;
        quote!(assert!(::core::mem::offset_of!(#ty, #name) == #offset, #what);)
    });
    quote! {
        assert!(::core::mem::size_of::<#ty>() == #size, #what);
        assert!(::core::mem::align_of::<#ty>() == #align, #what);
        #(#offsets)*
    }
}
