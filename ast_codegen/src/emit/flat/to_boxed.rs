//! Flat -> boxed: the per-type step `rebuild` that the runtime's backwards scan calls for every node.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, binding};
use crate::emit::{ident, snake_ident};
use crate::flat_fields::{ChildType, Encoding, FlatField, payload_arm};

impl<'m> Emitter<'m> {
    pub(super) fn emit_to_boxed(&self) -> TokenStream {
        let arms = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let lets = fields.iter().map(|f| to_boxed_field(f));
            let names = fields.iter().map(|f| {
                let (field, binding) = (&f.ident, binding(f));
                quote!(#field: #binding)
            });
            let reads_data = fields.iter().any(|f| !matches!(f.encoding, Encoding::Child(_)));
            let (pattern, bind) = if reads_data {
                payload_arm(&quote!(NodeData), def, fields, &quote!(ast.overflow()))
            } else {
                (quote!(NodeData::#name(_)), quote!())
            };
            quote! {
                #pattern => {
                    #bind
                    #(#lets)*
                    OwnedNode::#name(::std::boxed::Box::new(crate::#name { node_id, span, #(#names),* }))
                }
            }
        });
        quote! {
            /// Flat -> boxed, one node: rebuilds node `id` of `ast` from its children, which are on top of `stack`
            /// (first child on top). `None` when the stack does not hold what the node needs (never in a valid tree).
            // With one node type, the catch-all arm of a child's match is unreachable.
            #[allow(unreachable_patterns)]
            fn rebuild(
                ast: &FlatAst,
                id: ::ast_runtime::NodeId,
                node: &Node,
                stack: &mut ::std::vec::Vec<OwnedNode>,
            ) -> ::core::option::Option<OwnedNode> {
                let node_id = id;
                let span = node.span;
                ::core::option::Option::Some(match &node.data { #(#arms)* })
            }
        }
    }
}

/// `let field = ...;` rebuilding one boxed field in flat -> boxed; children come off `stack` in schema order.
fn to_boxed_field(f: &FlatField<'_>) -> TokenStream {
    let ident = &f.ident;
    let b = binding(f);
    match &f.encoding {
        Encoding::Child(t) => {
            let take = take_child(t);
            quote!(let #b = #take;)
        }
        Encoding::OptionalChild(t) => {
            let take = take_child(t);
            quote! {
                let #b = if data.#ident.is_some() { ::core::option::Option::Some(#take) } else { ::core::option::Option::None };
            }
        }
        Encoding::ChildList(t) => {
            let take = take_child(t);
            quote! {
                let len = ast.id_list(data.#ident).len();
                let mut #b = ::std::vec::Vec::with_capacity(len);
                for _ in 0..len {
                    #b.push(#take);
                }
            }
        }
        Encoding::MaybeChildList(t) => {
            let take = take_child(t);
            quote! {
                let #b = match data.#ident {
                    ::core::option::Option::Some(range) => {
                        let len = ast.id_list(range).len();
                        let mut list = ::std::vec::Vec::with_capacity(len);
                        for _ in 0..len {
                            list.push(#take);
                        }
                        ::core::option::Option::Some(list)
                    }
                    ::core::option::Option::None => ::core::option::Option::None,
                };
            }
        }
        Encoding::OptionalChildList(t) => {
            let take = take_child(t);
            quote! {
                let entries = ast.optional_id_list(data.#ident);
                let mut #b = ::std::vec::Vec::with_capacity(entries.len());
                for entry in entries {
                    #b.push(if entry.is_some() { ::core::option::Option::Some(#take) } else { ::core::option::Option::None });
                }
            }
        }
        Encoding::Str => quote!(let #b = ::std::string::String::from(ast.string(data.#ident));),
        Encoding::OptionalStr => quote! {
            let #b = data.#ident.get().map(|s| ::std::string::String::from(ast.string(s)));
        },
        Encoding::Value(v) => {
            let value = v.to_boxed(quote!(data.#ident));
            quote!(let #b = #value;)
        }
        Encoding::OptionalValue(v) => {
            let value = v.optional_to_boxed(quote!(data.#ident));
            quote!(let #b = #value;)
        }
    }
}

/// Pops the next child off the value stack as the field's boxed type (`None` from the enclosing function when the
/// stack does not hold a node of that type, which a valid tree never does).
fn take_child(t: &ChildType) -> TokenStream {
    let name = ident(t.name());
    match t {
        ChildType::Struct { boxed: true, .. } => quote! {
            match stack.pop()? { OwnedNode::#name(it) => it, _ => return ::core::option::Option::None }
        },
        ChildType::Struct { boxed: false, .. } => quote! {
            match stack.pop()? { OwnedNode::#name(it) => *it, _ => return ::core::option::Option::None }
        },
        ChildType::Enum { name: enum_name, boxed } => {
            let into_fn = snake_ident("owned_into", enum_name);
            if *boxed {
                quote!(::std::boxed::Box::new(#into_fn(stack.pop()?).ok()?))
            } else {
                quote!(#into_fn(stack.pop()?).ok()?)
            }
        }
    }
}
