//! `BuildCopy`: builds a boxed tree again through any `AstBuild`, children first, as a parser would. What the flat
//! builder is checked against (`FlatAst::from_boxed` of a tree equals its copy built flat), and a way to move a
//! tree into any representation.

use proc_macro2::TokenStream;
use quote::quote;

use super::interface::{Variant, variants};
use crate::emit::{Model, ident};
use crate::flat_fields::{Encoding, FlatField, Value};
use crate::model::{StructDef, snake_case};

/// Emits the trait and its impls.
pub fn emit(model: &Model<'_>) -> TokenStream {
    let structs = model.structs_with_flat_fields().map(|(s, fields)| struct_impl(s, fields));
    let variants = variants(model);
    let enums = model.schema.node_enums().map(|e| {
        let name = ident(&e.name);
        let arms = variants.iter().filter(|v| v.enum_def.name == e.name).map(enum_arm);
        quote! {
            impl BuildCopy for crate::#name {
                type Built<B: AstBuild> = <B as AstBuild>::#name;

                fn build_copy<B: AstBuild>(&self, builder: &mut B) -> <B as AstBuild>::#name {
                    match self { #(#arms)* }
                }
            }
        }
    });
    quote! {
        /// Builds a node and its subtree again through any [`AstBuild`], children first (in schema order) as a
        /// parser would, with the same spans and values: `tree.build_copy(&mut flat::FlatBuilder::new())` and
        /// `finish` give a flat tree equal to `FlatAst::from_boxed(&tree)`.
        ///
        /// Recursive, like the boxed tree's `Drop`: a tree nested deeper than the stack allows overflows here.
        pub trait BuildCopy {
            /// The builder's handle for this type.
            type Built<B: AstBuild>;

            /// Builds this node and its subtree through `builder`.
            fn build_copy<B: AstBuild>(&self, builder: &mut B) -> Self::Built<B>;
        }

        #(#structs)*
        #(#enums)*
    }
}

/// The local variable holding a field's built value: prefixed so that no field name shadows `builder`.
fn binding(f: &FlatField<'_>) -> proc_macro2::Ident {
    crate::emit::field_ident("field", &f.def.name)
}

fn struct_impl(s: &StructDef, fields: &[FlatField<'_>]) -> TokenStream {
    let name = ident(&s.name);
    let method = ident(&snake_case(&s.name));
    let lets = fields.iter().map(|f| {
        let (b, value) = (binding(f), field_value(f));
        quote!(let #b = #value;)
    });
    let args = fields.iter().map(binding);
    quote! {
        impl BuildCopy for crate::#name {
            type Built<B: AstBuild> = <B as AstBuild>::#name;

            fn build_copy<B: AstBuild>(&self, builder: &mut B) -> <B as AstBuild>::#name {
                #(#lets)*
                builder.#method(self.span, #(#args),*)
            }
        }
    }
}

/// The expression building (or copying) field `f` of `self`.
fn field_value(f: &FlatField<'_>) -> TokenStream {
    let field = &f.ident;
    let list = |items: TokenStream| {
        quote! {{
            let items: ::std::vec::Vec<_> = #items;
            ::ast_runtime::builder::BuilderCore::list_from(builder, items)
        }}
    };
    match &f.encoding {
        Encoding::Child(_) => quote!(self.#field.build_copy(builder)),
        Encoding::OptionalChild(_) => quote!(self.#field.as_ref().map(|it| it.build_copy(builder))),
        Encoding::ChildList(_) => list(quote!(self.#field.iter().map(|it| it.build_copy(builder)).collect())),
        Encoding::OptionalChildList(_) => list(quote! {
            self.#field.iter().map(|it| it.as_ref().map(|it| it.build_copy(builder))).collect()
        }),
        Encoding::MaybeChildList(_) => {
            let made = list(quote!(list.iter().map(|it| it.build_copy(builder)).collect()));
            quote!(self.#field.as_ref().map(|list| #made))
        }
        Encoding::Str => quote!(self.#field.as_str()),
        Encoding::OptionalStr => quote!(self.#field.as_deref()),
        Encoding::Value(v) => copied(v, quote!(self.#field)),
        Encoding::OptionalValue(v) => copied(v, quote!(self.#field)),
    }
}

/// A value field's copy: itself when `Copy`, else a clone.
fn copied(v: &Value, value: TokenStream) -> TokenStream {
    match v {
        Value::Plain { copy: false, .. } => quote!(::core::clone::Clone::clone(&#value)),
        _ => value,
    }
}

fn enum_arm(v: &Variant<'_>) -> TokenStream {
    let (e, variant, from) = (ident(&v.enum_def.name), ident(&v.def.name), &v.from);
    quote! {
        crate::#e::#variant(it) => {
            let built = it.build_copy(builder);
            builder.#from(built)
        }
    }
}
