//! `data::*` payloads, `NodeData` and `Overflow`: what a flat node stores.

use proc_macro2::TokenStream;
use quote::quote;

use super::Emitter;
use crate::emit::heap_size::field_value_bytes;
use crate::emit::{docs, ident};
use crate::flat_fields::{Encoding, FlatField, Value, overflow_table, overflows};
use crate::model::StructDef;
use crate::model::TypeShape;

impl<'m> Emitter<'m> {
    /// The node structs whose payload lives in an overflow table.
    fn overflowing(&self) -> impl Iterator<Item = &(&'m StructDef, &'m [FlatField<'m>])> {
        self.structs.iter().filter(|(_, fields)| overflows(fields))
    }

    /// `Overflow`: one table per node type whose payload does not fit inline.
    pub(super) fn emit_overflow(&self) -> TokenStream {
        let tables: Vec<_> = self
            .overflowing()
            .map(|(def, _)| {
                let (name, table) = (ident(&def.name), overflow_table(def));
                let doc = format!("Payloads of the [`crate::{}`] nodes.", def.name);
                (quote!(#[doc = #doc] pub #table: ::std::vec::Vec<data::#name>,), table, name)
            })
            .collect();
        let fields = tables.iter().map(|(field, ..)| field);
        let shrinks = tables.iter().map(|(_, table, _)| quote!(self.#table.shrink_to_fit();));
        let bytes = self.overflowing().map(|(def, fields)| {
            let table = overflow_table(def);
            let owned = fields.iter().filter_map(|f| self.owned_value_bytes(f));
            quote!(+ ::ast_runtime::vec_heap_bytes(&self.#table) #(+ self.#table.iter().map(|data| #owned).sum::<usize>())*)
        });
        let checks = self.overflowing().map(|(def, _)| {
            let (name, table) = (ident(&def.name), overflow_table(def));
            let kind = def.name.as_str();
            quote! {
                NodeData::#name(index) if index.index() >= self.#table.len() => {
                    ::core::result::Result::Err(#kind)
                }
            }
        });
        quote! {
            /// The payloads too large to sit inside a [`Node`] (over 8 bytes), one table per such node type; the
            /// node stores a 4-byte index into its table. Keeping the rare large payloads here keeps every node at
            /// 20 bytes.
            #[derive(Debug, Clone, Default, PartialEq)]
            pub struct Overflow {
                #(#fields)*
            }

            impl Overflow {
                fn shrink_to_fit(&mut self) {
                    #(#shrinks)*
                }

                /// Bytes the tables hold on the heap, with what the values kept in them own.
                #[allow(clippy::identity_op, clippy::redundant_closure, unused_variables)]
                fn heap_bytes(&self) -> usize {
                    0 #(#bytes)*
                }

                /// Checks that the payload index of `data` (when it has one) is inside its table; the error names
                /// the node type.
                #[allow(clippy::match_single_binding)]
                fn check(&self, data: &NodeData) -> ::core::result::Result<(), &'static str> {
                    match data {
                        #(#checks)*
                        _ => ::core::result::Result::Ok(()),
                    }
                }
            }
        }
    }

    /// The heap bytes the value stored in field `f` of a payload `data` owns (a `Vec<String>`, a value enum holding
    /// a `String`, ...), or `None` when it owns none: the flat tree keeps such values as the boxed tree does.
    fn owned_value_bytes(&self, f: &FlatField<'_>) -> Option<TokenStream> {
        let ident = &f.ident;
        match &f.encoding {
            Encoding::Value(Value::Plain { shape, .. }) => field_value_bytes(self.schema, shape, quote!(data.#ident)),
            Encoding::OptionalValue(Value::Plain { shape, .. }) => {
                field_value_bytes(self.schema, &TypeShape::Option(Box::new(shape.clone())), quote!(data.#ident))
            }
            _ => None,
        }
    }

    pub(super) fn emit_data_module(&self) -> TokenStream {
        let items = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let doc = format!(
                "The flat payload of a [`crate::{}`]: children as IDs, strings as buffer references (a first child \
                 that is always present is the next node, so it is not stored).",
                def.name
            );
            let copy = copy_derive(payload_is_copy(fields));
            let fields = fields.iter().filter(|f| !f.implied).map(|f| {
                let docs = docs(&f.def.docs);
                let ident = &f.ident;
                let ty = f.encoding.stored_type();
                quote!(#docs pub #ident: #ty,)
            });
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, #copy PartialEq)]
                pub struct #name { #(#fields)* }
            }
        });
        quote! {
            /// The per-type payloads of [`NodeData`].
            pub mod data {
                #(#items)*
            }
        }
    }

    pub(super) fn emit_node_data(&self) -> TokenStream {
        let variants = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            if overflows(fields) {
                let doc = format!("A [`crate::{}`]; its payload is in [`Overflow`].", def.name);
                quote!(#[doc = #doc] #name(::ast_runtime::OverflowIndex),)
            } else {
                let doc = format!("A [`crate::{}`].", def.name);
                quote!(#[doc = #doc] #name(data::#name),)
            }
        });
        let kind_arms = self.structs.iter().map(|(def, _)| {
            let name = ident(&def.name);
            quote!(NodeData::#name(_) => crate::NodeKind::#name,)
        });
        // `Copy` when every payload kept in the node is: a commit then copies untouched nodes as plain memory.
        let copy = copy_derive(self.structs.iter().all(|(_, fields)| overflows(fields) || payload_is_copy(fields)));
        quote! {
            /// What one flat node holds: its type (the discriminant, read by [`NodeData::kind`]) and its fields.
            #[derive(Debug, Clone, #copy PartialEq)]
            pub enum NodeData {
                #(#variants)*
            }

            impl NodeData {
                /// The node's type: the discriminant, not a stored tag.
                #[inline]
                pub fn kind(&self) -> crate::NodeKind {
                    match self { #(#kind_arms)* }
                }
            }
        }
    }
}

/// True when every stored field of a payload is `Copy`.
fn payload_is_copy(fields: &[FlatField<'_>]) -> bool {
    fields.iter().filter(|f| !f.implied).all(|f| f.encoding.is_copy())
}

/// `Copy,` for a derive list when `copy` holds.
fn copy_derive(copy: bool) -> TokenStream {
    if copy { quote!(Copy,) } else { TokenStream::new() }
}
