//! Building flat trees directly: `FlatBuilder` (the runtime's `FlatBuilder<Lang>`), its implementation of the
//! `AstBuild` interface (each constructor takes its children's handles, interns its strings and pushes its data,
//! no allocation of its own), and the hooks the runtime's finishing pass and rewind call per node type
//! (`relocate`, `truncate_overflow`, `reorder_overflow`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, accepts_fn, binding, unboxed};
use crate::emit::builder::interface::{self, Variant, handle_types, params, stored_optional_value, stored_value};
use crate::emit::{ident, snake_ident};
use crate::flat_fields::{Encoding, FlatField, overflow_table, overflows};
use crate::model::StructDef;

/// The runtime's flat builder's methods, called as `Self::take(self, ..)`: a path resolves to the inherent method
/// before a trait's, so a constructor named like one (a struct `Take`) is never taken for it.
fn rt_builder() -> TokenStream {
    quote!(Self)
}

impl<'m> Emitter<'m> {
    pub(super) fn emit_build(&self, model: &crate::emit::Model<'_>) -> TokenStream {
        let interface = self.emit_build_interface(model);
        let hooks = self.emit_build_hooks();
        quote! {
            /// Builds a [`FlatAst`] directly through the [`AstBuild`](crate::AstBuild) interface: nodes go into
            /// growing buffers as they are built (children before parents), names into a string table (each
            /// distinct string once), with no heap allocation per node, list or string; `finish` writes the tree
            /// in preorder, equal to [`FlatAst::from_boxed`] of the boxed tree the same calls build. Checkpoints
            /// and rewinds discard what was built since, and IDs stay dense. See
            /// [`ast_runtime::flat_ast::FlatBuilder`].
            pub type FlatBuilder = ::ast_runtime::flat_ast::FlatBuilder<Lang>;

            /// A node built by a [`FlatBuilder`]: four bytes, used once.
            pub type Built<T> = ::ast_runtime::flat_ast::Built<T>;

            #interface
            #hooks
        }
    }

    fn emit_build_interface(&self, model: &crate::emit::Model<'_>) -> TokenStream {
        let types = handle_types(model).map(|name| {
            let ty = ident(name);
            quote!(type #ty = Built<crate::#ty>;)
        });
        let constructors = self.structs.iter().map(|(def, fields)| self.flat_constructor(def, fields));
        let variants = interface::variants(model);
        let variant_methods = variants.iter().map(|v| self.flat_variant_methods(v));
        let root = ident(&self.root.name);
        quote! {
            /// Handles are [`Built`] IDs; lists live in the builder's shared buffers.
            #[allow(clippy::wrong_self_convention, clippy::type_complexity, clippy::too_many_arguments)]
            impl crate::AstBuild for FlatBuilder {
                #(#types)*
                #(#constructors)*
                #(#variant_methods)*

                fn finish(&mut self, root: Built<crate::#root>) -> FlatAst {
                    ::ast_runtime::flat_ast::FlatBuilder::finish(self, root)
                }
            }
        }
    }

    fn flat_constructor(&self, def: &StructDef, fields: &[FlatField<'_>]) -> TokenStream {
        let name = ident(&def.name);
        let method = snake_ident("", &def.name);
        let params = params(fields);
        let rt = rt_builder();
        let lets = fields.iter().map(|f| {
            let (field, b) = (&f.ident, binding(f));
            let value = match &f.encoding {
                Encoding::Child(_) if f.implied => return quote!(#rt::take_implied(self, #field);),
                Encoding::Child(_) => quote!(#rt::take(self, #field)),
                Encoding::OptionalChild(_) => quote!(#rt::take_optional(self, #field)),
                Encoding::ChildList(_) | Encoding::OptionalChildList(_) => quote!(#rt::take_list(self, #field)),
                Encoding::MaybeChildList(_) => quote!(#rt::take_maybe_list(self, #field)),
                Encoding::Str => quote!(#rt::intern(self, #field)),
                Encoding::OptionalStr => quote!(#rt::intern_optional(self, #field)),
                Encoding::Value(v) => stored_value(v, quote!(#field)),
                Encoding::OptionalValue(v) => stored_optional_value(v, quote!(#field)),
            };
            quote!(let #b = #value;)
        });
        let inits = fields.iter().filter(|f| !f.implied).map(|f| {
            let (field, b) = (&f.ident, binding(f));
            quote!(#field: #b)
        });
        let payload = quote!(data::#name { #(#inits),* });
        let data = if overflows(fields) {
            let table = overflow_table(def);
            quote!(NodeData::#name(::ast_runtime::OverflowIndex::push(&mut #rt::overflow_mut(self).#table, #payload)))
        } else {
            quote!(NodeData::#name(#payload))
        };
        quote! {
            #[inline]
            fn #method(&mut self, #params) -> Built<crate::#name> {
                #(#lets)*
                let data = #data;
                #rt::push(self, data, span)
            }
        }
    }

    fn flat_variant_methods(&self, v: &Variant<'_>) -> TokenStream {
        let (enum_name, payload) = (ident(&v.enum_def.name), ident(v.payload.name()));
        let (from, into, is) = (&v.from, &v.into, &v.is);
        let accepts = accepts_fn(&unboxed(&v.payload));
        let rt = rt_builder();
        quote! {
            #[inline]
            fn #from(&self, it: Built<crate::#payload>) -> Built<crate::#enum_name> {
                it.cast()
            }
            #[inline]
            fn #into(
                &self,
                it: Built<crate::#enum_name>,
            ) -> ::core::result::Result<Built<crate::#payload>, Built<crate::#enum_name>> {
                #rt::downcast(self, it, #accepts)
            }
            #[inline]
            fn #is(&self, it: &Built<crate::#enum_name>) -> bool {
                #rt::kind_of(self, it).is_some_and(#accepts)
            }
        }
    }

    /// `relocate`, `truncate_overflow` and `reorder_overflow`, which `impl Language` hands to the runtime.
    fn emit_build_hooks(&self) -> TokenStream {
        let relocate_arms = self.structs.iter().map(|(def, fields)| self.relocate_arm(def, fields));
        let overflowing: Vec<_> = self.structs.iter().filter(|(_, fields)| overflows(fields)).collect();
        let truncate_arms = overflowing.iter().map(|(def, _)| {
            let (name, table) = (ident(&def.name), overflow_table(def));
            quote!(NodeData::#name(index) => overflow.#table.truncate(index.index()),)
        });
        let tables: Vec<_> = overflowing.iter().map(|(def, _)| (ident(&def.name), overflow_table(def))).collect();
        let reorder = if tables.is_empty() {
            quote!()
        } else {
            // Prefixed, so that no table name shadows `nodes` or `overflow`.
            let order = |table: &proc_macro2::Ident| quote::format_ident!("order_{}", table);
            let orders = tables.iter().map(|(_, table)| {
                let local = order(table);
                quote!(let mut #local = ::ast_runtime::flat_ast::OverflowOrder::new(overflow.#table.len());)
            });
            let arms = tables.iter().map(|(name, table)| {
                let local = order(table);
                quote!(NodeData::#name(index) => #local.assign(index),)
            });
            let applies = tables.iter().map(|(_, table)| {
                let local = order(table);
                quote!(#local.apply(&mut overflow.#table);)
            });
            let empty = tables.iter().map(|(_, table)| quote!(overflow.#table.is_empty()));
            quote! {
                if #(#empty)&&* {
                    return;
                }
                #(#orders)*
                for node in nodes.iter_mut() {
                    match &mut node.data {
                        #(#arms)*
                        _ => {}
                    }
                }
                #(#applies)*
            }
        };
        quote! {
            /// Finishing a [`FlatBuilder`], one node: maps the child IDs, lists and strings of `data` (a payload in
            /// `overflow` in place) through `to`, in schema order.
            #[allow(unused_variables, clippy::match_single_binding)]
            fn relocate<R: ::ast_runtime::flat_ast::Relocate<Lang>>(data: &mut NodeData, overflow: &mut Overflow, to: &mut R) {
                match data { #(#relocate_arms)* }
            }

            /// Rewinding a [`FlatBuilder`]: drops the overflow payload of the discarded `data` and every later one of
            /// its table.
            #[allow(unused_variables, unreachable_patterns, clippy::match_single_binding, clippy::single_match)]
            fn truncate_overflow(overflow: &mut Overflow, data: &NodeData) {
                match data {
                    #(#truncate_arms)*
                    _ => {}
                }
            }

            /// Finishing a [`FlatBuilder`]: every overflow table in the preorder of the nodes holding its payloads.
            #[allow(unused_variables, unreachable_patterns, clippy::match_single_binding, clippy::single_match)]
            fn reorder_overflow(nodes: &mut [Node], overflow: &mut Overflow) {
                #reorder
            }
        }
    }

    fn relocate_arm(&self, def: &StructDef, fields: &[FlatField<'_>]) -> TokenStream {
        let name = ident(&def.name);
        let steps: Vec<TokenStream> = fields
            .iter()
            .filter_map(|f| {
                let field = &f.ident;
                let accepts = f.encoding.target().map(|t| accepts_fn(&unboxed(t)));
                Some(match &f.encoding {
                    Encoding::Child(_) if f.implied => quote!(to.implied(#accepts);),
                    Encoding::Child(_) => quote!(data.#field = to.child(data.#field, #accepts);),
                    Encoding::OptionalChild(_) => quote!(data.#field = to.optional_child(data.#field, #accepts);),
                    Encoding::ChildList(_) => quote!(data.#field = to.list(data.#field, #accepts);),
                    Encoding::OptionalChildList(_) => quote!(data.#field = to.optional_list(data.#field, #accepts);),
                    Encoding::MaybeChildList(_) => quote!(data.#field = to.maybe_list(data.#field, #accepts);),
                    Encoding::Str => quote!(data.#field = to.string(data.#field);),
                    Encoding::OptionalStr => quote!(data.#field = to.optional_string(data.#field);),
                    Encoding::Value(_) | Encoding::OptionalValue(_) => return None,
                })
            })
            .collect();
        if steps.is_empty() {
            return quote!(NodeData::#name(_) => {});
        }
        if overflows(fields) {
            let table = overflow_table(def);
            let kind = format!("a {} payload outside its overflow table", def.name);
            return quote! {
                NodeData::#name(index) => {
                    let ::core::option::Option::Some(data) = overflow.#table.get_mut(index.index()) else {
                        ::ast_runtime::flat_ast::bad_reference(#kind)
                    };
                    #(#steps)*
                }
            };
        }
        let binds_data =
            fields.iter().any(|f| !f.implied && !matches!(f.encoding, Encoding::Value(_) | Encoding::OptionalValue(_)));
        let pattern = if binds_data { quote!(data) } else { quote!(_) };
        quote!(NodeData::#name(#pattern) => { #(#steps)* })
    }
}
