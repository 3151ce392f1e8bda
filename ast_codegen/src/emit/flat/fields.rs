//! What validation, navigation and the walk iterate over: `NodeData::for_each_child_field`, `check_strings`, the
//! `accepts_*` functions and the child count of a node.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, accepts_fn, child_id, unboxed};
use crate::emit::ident;
use crate::emit::parent_field::ParentFields;
use crate::flat_fields::{ChildType, Encoding, FlatField, accepted_structs, payload_arm};
use crate::model::TypeShape;

impl<'m> Emitter<'m> {
    /// `NodeData::for_each_child_field` and `NodeData::check_strings`: what validation and navigation iterate over.
    pub(super) fn emit_child_fields(&self, parent_fields: &ParentFields<'_>) -> TokenStream {
        let child_arms = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let calls = fields.iter().filter_map(|f| {
                let target = f.encoding.target()?;
                let field_name = &f.def.name;
                let ident = &f.ident;
                let accepts = accepts_fn(target);
                let edge = parent_fields.path(&def.name, field_name);
                let slot = match &f.encoding {
                    Encoding::Child(_) => {
                        let child = child_id(f, &quote!(data), &quote!(id));
                        quote!(::ast_runtime::ChildField::One(#child))
                    }
                    Encoding::OptionalChild(_) => quote!(::ast_runtime::ChildField::Optional(data.#ident)),
                    Encoding::ChildList(_) => quote!(::ast_runtime::ChildField::List(data.#ident)),
                    Encoding::MaybeChildList(_) => quote!(::ast_runtime::ChildField::MaybeList(data.#ident)),
                    _ => quote!(::ast_runtime::ChildField::OptionalList(data.#ident)),
                };
                Some(quote!(f(ChildFieldInfo { name: #field_name, parent_field: #edge, field: #slot, accepts: #accepts })?;))
            });
            let calls: Vec<_> = calls.collect();
            let reads_data = fields.iter().any(|f| f.encoding.target().is_some() && !f.implied);
            if reads_data {
                let (pattern, bind) = payload_arm(&quote!(NodeData), def, fields, &quote!(overflow));
                quote!(#pattern => { #bind #(#calls)* })
            } else {
                quote!(NodeData::#name(_) => { #(#calls)* })
            }
        });
        let string_arms = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let checks: Vec<_> = fields
                .iter()
                .filter_map(|f| {
                    let ident = &f.ident;
                    let field_name = &f.def.name;
                    match f.encoding {
                        Encoding::Str => Some(quote! {
                            if data.#ident.get(strings).is_none() { return ::core::result::Result::Err(#field_name); }
                        }),
                        Encoding::OptionalStr => Some(quote! {
                            if data.#ident.get().is_some_and(|s| s.get(strings).is_none()) {
                                return ::core::result::Result::Err(#field_name);
                            }
                        }),
                        _ => None,
                    }
                })
                .collect();
            if checks.is_empty() {
                quote!(NodeData::#name(_) => {})
            } else {
                let (pattern, bind) = payload_arm(&quote!(NodeData), def, fields, &quote!(overflow));
                quote!(#pattern => { #bind #(#checks)* })
            }
        });
        let accept_fns = self.accept_fns();
        // Per kind, its child count when the fields fix it (only required children), else `u8::MAX`: the walk
        // looks most nodes up in this table and dispatches on the kind only for the rest.
        let fixed_counts = self.structs.iter().map(|(_, fields)| fixed_child_count(fields).unwrap_or(u8::MAX));
        let kinds = self.structs.len();
        let variable_arms =
            self.structs.iter().filter(|(_, fields)| fixed_child_count(fields).is_none()).map(|(def, fields)| {
                let count = child_count_expr(fields, &quote!(data), &quote!(ast));
                let (pattern, bind) = payload_arm(&quote!(NodeData), def, fields, &quote!(ast.overflow()));
                quote!(#pattern => { #bind #count })
            });
        quote! {
            /// Per node kind (by discriminant), its number of children when its type fixes it, `u8::MAX` when it
            /// depends on optional or list fields.
            const FIXED_CHILD_COUNTS: [u8; #kinds] = [#(#fixed_counts),*];

            /// Number of direct children of `node` (a node of `ast`): what counting the subtrees that end at each
            /// node needs, since nodes store no parent. A table lookup for the types whose children are all
            /// required (most nodes), one `match` for the rest.
            #[inline]
            fn child_count(ast: &FlatAst, node: &Node) -> usize {
                match FIXED_CHILD_COUNTS.get(node.kind() as usize) {
                    ::core::option::Option::Some(&fixed) if fixed != u8::MAX => usize::from(fixed),
                    _ => variable_child_count(ast, node),
                }
            }

            /// [`child_count`] of a node whose type does not fix it. Kept out of line: inlined, its `match`
            /// measured slower in the walk.
            #[allow(unreachable_patterns)]
            #[inline(never)]
            fn variable_child_count(ast: &FlatAst, node: &Node) -> usize {
                match &node.data {
                    #(#variable_arms)*
                    _ => 0,
                }
            }

            impl NodeData {
                /// Calls `f` with each field that holds children, in schema order (the order of the children in
                /// preorder), for node `id` whose large payloads are in `overflow`. Stops at the first error `f`
                /// returns.
                ///
                /// # Panics
                /// If the node's payload index is outside `overflow` (never in a [`FlatAst`], which is validated).
                #[allow(unused_variables)]
                pub fn for_each_child_field<E>(
                    &self,
                    id: ::ast_runtime::NodeId,
                    overflow: &Overflow,
                    mut f: impl FnMut(ChildFieldInfo) -> ::core::result::Result<(), E>,
                ) -> ::core::result::Result<(), E> {
                    match self { #(#child_arms)* }
                    ::core::result::Result::Ok(())
                }

                /// Checks that every string reference lies in `strings` on `char` boundaries; the error is the name
                /// of the first field that does not.
                ///
                /// # Panics
                /// If the node's payload index is outside `overflow` (never in a [`FlatAst`], which is validated).
                #[allow(unused_variables)]
                pub fn check_strings(&self, overflow: &Overflow, strings: &str) -> ::core::result::Result<(), &'static str> {
                    match self { #(#string_arms)* }
                    ::core::result::Result::Ok(())
                }
            }

            #accept_fns
        }
    }

    /// One `accepts_*` function per child type and per variant payload type: which node kinds a field of that type
    /// may hold.
    fn accept_fns(&self) -> TokenStream {
        let mut targets: Vec<ChildType> = Vec::new();
        let field_targets =
            self.structs.iter().flat_map(|(_, fields)| fields.iter().filter_map(|f| f.encoding.target()));
        // The flat builder's `e_into_v` / `e_is_v` test a node against a variant's payload type.
        let variant_targets = self.node_enums.iter().flat_map(|e| e.variants.iter()).filter_map(|v| {
            match self.schema.shape(v.payload.as_ref()?).strip_box() {
                TypeShape::Struct(name) => Some(ChildType::Struct { name: name.clone(), boxed: false }),
                TypeShape::NodeEnum(name) => Some(ChildType::Enum { name: name.clone(), boxed: false }),
                _ => None,
            }
        });
        for t in field_targets.map(unboxed).chain(variant_targets) {
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        let fns = targets.iter().map(|t| {
            let fn_name = accepts_fn(t);
            let kinds = accepted_structs(self.schema, t).into_iter().map(|s| {
                let s = ident(&s);
                quote!(crate::NodeKind::#s)
            });
            let doc = format!("True when a `{}` child may be a node of this kind.", t.name());
            quote! {
                #[doc = #doc]
                fn #fn_name(kind: crate::NodeKind) -> bool {
                    ::core::matches!(kind, #(#kinds)|*)
                }
            }
        });
        quote!(#(#fns)*)
    }
}

/// `crate::flat::view::Name` (without lifetime), for calling `from_id`.
/// The number of direct children of a node with these fields, as an expression over its payload `data` and its
/// tree `ast` (list lengths are read from their length slots).
pub(super) fn child_count_expr(fields: &[FlatField<'_>], data: &TokenStream, ast: &TokenStream) -> TokenStream {
    let terms: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let ident = &f.ident;
            match f.encoding {
                Encoding::Child(_) => Some(quote!(1)),
                Encoding::OptionalChild(_) => Some(quote!(usize::from(#data.#ident.is_some()))),
                Encoding::ChildList(_) => Some(quote!(#data.#ident.stored_len(#ast.child_ids()))),
                Encoding::MaybeChildList(_) => {
                    Some(quote!(#data.#ident.map_or(0, |range| range.stored_len(#ast.child_ids()))))
                }
                Encoding::OptionalChildList(_) => Some(quote! {
                    #ast.optional_id_list(#data.#ident).iter().filter(|id| id.is_some()).count()
                }),
                _ => None,
            }
        })
        .collect();
    if terms.is_empty() { quote!(0) } else { quote!(#(#terms)+*) }
}

/// The number of children of every node with these fields, when only required children hold them (and there are
/// fewer than 255); `None` when optional or list fields make it vary.
fn fixed_child_count(fields: &[FlatField<'_>]) -> Option<u8> {
    let mut count = 0u8;
    for f in fields.iter() {
        match f.encoding {
            Encoding::Child(_) => count = count.checked_add(1).filter(|&c| c < u8::MAX)?,
            _ if f.encoding.target().is_some() => return None,
            _ => {}
        }
    }
    Some(count)
}
