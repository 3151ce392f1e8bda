//! Boxed -> flat: the per-type step `flatten_node` that the runtime's `Flattener` calls for every node, and
//! `patch_field`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, ast_kind_expr, binding};
use crate::emit::{ident, snake_ident};
use crate::flat_fields::{Encoding, FlatField, overflow_table, overflows};
use crate::model::TypeShape;

impl<'m> Emitter<'m> {
    pub(super) fn emit_from_boxed(&self) -> TokenStream {
        let enter_arms = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let lets = fields.iter().enumerate().map(|(index, f)| Self::flatten_field(index, f));
            let inits = fields.iter().filter(|f| !f.implied).map(|f| {
                let (field, binding) = (&f.ident, binding(f));
                quote!(#field: #binding)
            });
            let it = if fields.is_empty() { quote!(_) } else { quote!(it) };
            let payload = quote!(data::#name { #(#inits),* });
            let data = if overflows(fields) {
                let table = overflow_table(def);
                quote!(NodeData::#name(::ast_runtime::OverflowIndex::push(&mut out.overflow_mut().#table, #payload)))
            } else {
                quote!(NodeData::#name(#payload))
            };
            quote! {
                crate::AstKind::#name(#it) => {
                    #(#lets)*
                    #data
                }
            }
        });
        let patch_arms = self.structs.iter().filter_map(|(def, fields)| {
            let name = ident(&def.name);
            let arms: Vec<_> = fields
                .iter()
                .enumerate()
                .filter(|(_, f)| !f.implied)
                .filter_map(|(index, f)| {
                    let index = u8::try_from(index).ok()?;
                    let ident = &f.ident;
                    match f.encoding {
                        Encoding::Child(_) => Some(quote!(#index => data.#ident = id,)),
                        Encoding::OptionalChild(_) => {
                            Some(quote!(#index => data.#ident = ::ast_runtime::OptionalNodeId::some(id),))
                        }
                        _ => None,
                    }
                })
                .collect();
            if arms.is_empty() {
                return None;
            }
            if overflows(fields) {
                let table = overflow_table(def);
                return Some(quote! {
                    NodeData::#name(index) => {
                        if let ::core::option::Option::Some(data) = overflow.#table.get_mut(index.index()) {
                            match field { #(#arms)* _ => {} }
                        }
                    }
                });
            }
            Some(quote!(NodeData::#name(data) => match field { #(#arms)* _ => {} },))
        });
        let enum_kind_fns = self.node_enums.iter().map(|e| {
            let name = ident(&e.name);
            let fn_name = snake_ident("ast_kind_of", &e.name);
            let arms = e.variants.iter().filter_map(|v| {
                let variant = ident(&v.name);
                let payload = self.schema.shape(v.payload.as_ref()?);
                let body = match payload.strip_box() {
                    TypeShape::Struct(s) => {
                        let s = ident(s);
                        quote!(crate::AstKind::#s(it))
                    }
                    TypeShape::NodeEnum(inner) => {
                        let inner_fn = snake_ident("ast_kind_of", inner);
                        quote!(#inner_fn(it))
                    }
                    _ => return None,
                };
                Some(quote!(crate::#name::#variant(it) => #body,))
            });
            let doc = format!("The node a [`crate::{}`] holds, as an `AstKind`.", e.name);
            // Unused when no field holds this enum (a schema may declare enums it does not use yet).
            quote! {
                #[doc = #doc]
                #[allow(dead_code)]
                fn #fn_name<'a>(it: &'a crate::#name) -> crate::AstKind<'a> {
                    match it { #(#arms)* }
                }
            }
        });
        quote! {
            /// Boxed -> flat, one node: queues the children of `node` (which gets `id`) on `out` in schema order and
            /// returns its data. (`id` goes unused in a schema whose every child is an implied first child.)
            #[inline]
            #[allow(unused_variables)]
            fn flatten_node<'a>(out: &mut Flattener<'a>, id: ::ast_runtime::NodeId, node: crate::AstKind<'a>) -> NodeData {
                match node { #(#enter_arms)* }
            }

            /// Writes `id` into child field number `field` (schema order) of `data`, whose payload may be in
            /// `overflow`.
            #[allow(unreachable_patterns, clippy::single_match, clippy::match_single_binding, unused_variables)]
            fn patch_field(data: &mut NodeData, overflow: &mut Overflow, field: u8, id: ::ast_runtime::NodeId) {
                match data {
                    #(#patch_arms)*
                    _ => {}
                }
            }

            #(#enum_kind_fns)*
        }
    }

    /// `let field = ...;` computing one stored field while entering a node in boxed -> flat.
    fn flatten_field(index: usize, f: &FlatField<'_>) -> TokenStream {
        let ident = &f.ident;
        let b = binding(f);
        let field_index = u8::try_from(index).unwrap_or(u8::MAX);
        let rt = quote!(::ast_runtime);
        match &f.encoding {
            Encoding::Child(t) if f.implied => {
                let kind = ast_kind_expr(t, quote!(&it.#ident));
                // The first child is entered right after this node, so its ID is this ID + 1: nothing to patch.
                quote!(out.queue(#kind, ::ast_runtime::flat_ast::Slot::Implied);)
            }
            Encoding::Child(t) => {
                let kind = ast_kind_expr(t, quote!(&it.#ident));
                quote! {
                    out.queue(#kind, ::ast_runtime::flat_ast::Slot::Field { parent: id.as_u32(), field: #field_index });
                    let #b = Flattener::UNPATCHED;
                }
            }
            Encoding::OptionalChild(t) => {
                let kind = ast_kind_expr(t, quote!(child));
                quote! {
                    let #b = match &it.#ident {
                        ::core::option::Option::Some(child) => {
                            out.queue(#kind, ::ast_runtime::flat_ast::Slot::Field { parent: id.as_u32(), field: #field_index });
                            #rt::OptionalNodeId::some(Flattener::UNPATCHED)
                        }
                        ::core::option::Option::None => #rt::OptionalNodeId::NONE,
                    };
                }
            }
            Encoding::ChildList(t) => {
                let kind = ast_kind_expr(t, quote!(child));
                quote! {
                    let #b = out.reserve_list(it.#ident.len());
                    for (index, child) in (#b.entries_start()..).zip(it.#ident.iter()) {
                        out.queue(#kind, ::ast_runtime::flat_ast::Slot::List(index));
                    }
                }
            }
            Encoding::MaybeChildList(t) => {
                let kind = ast_kind_expr(t, quote!(child));
                quote! {
                    let #b = it.#ident.as_ref().map(|list| {
                        let range = out.reserve_list(list.len());
                        for (index, child) in (range.entries_start()..).zip(list.iter()) {
                            out.queue(#kind, ::ast_runtime::flat_ast::Slot::List(index));
                        }
                        range
                    });
                }
            }
            Encoding::OptionalChildList(t) => {
                let kind = ast_kind_expr(t, quote!(child));
                quote! {
                    let #b = out.reserve_optional_list(it.#ident.len());
                    for (index, child) in (#b.entries_start()..).zip(it.#ident.iter()) {
                        if let ::core::option::Option::Some(child) = child {
                            out.queue(#kind, ::ast_runtime::flat_ast::Slot::OptionalList(index));
                        }
                    }
                }
            }
            Encoding::Str => quote!(let #b = out.intern(&it.#ident);),
            Encoding::OptionalStr => {
                quote!(let #b = out.intern_optional(it.#ident.as_deref());)
            }
            Encoding::Value(v) => {
                let value = v.to_stored(quote!(it.#ident));
                quote!(let #b = #value;)
            }
            Encoding::OptionalValue(v) => {
                let value = v.optional_to_stored(quote!(it.#ident));
                quote!(let #b = #value;)
            }
        }
    }
}
