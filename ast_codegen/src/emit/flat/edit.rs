//! Editing flat trees, the per-type half (the generic half is `ast_runtime::flat_ast::edit`): typed mutable views
//! (`view_mut::X`, a setter per value and string field, `set_span`), the mutable visitor `FlatVisitMut` driven by a
//! linear scan (`walk_flat_mut` in preorder, `walk_flat_mut_rev` children before parents), the aliases of the
//! runtime's `Editor`, and the `copy_overflow` hook a commit calls per node. Child fields get no setters: changing
//! them changes the tree's shape, which is the `Editor`'s job.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Emitter;
use crate::emit::{docs, ident, snake_ident};
use crate::flat_fields::{Encoding, FlatField, Value, overflow_table, overflows};
use crate::model::StructDef;

impl<'m> Emitter<'m> {
    pub(super) fn emit_edit(&self) -> TokenStream {
        let views = self.structs.iter().map(|(def, fields)| view_mut(def, fields));
        let visit_methods = self.structs.iter().map(|(def, _)| {
            let (name, method) = (ident(&def.name), snake_ident("visit", &def.name));
            let doc = format!("Called with every [`crate::{}`] node.", def.name);
            quote! {
                #[doc = #doc]
                #[inline]
                fn #method(&mut self, it: view_mut::#name<'_>) {}
            }
        });
        let dispatch_arms = self.structs.iter().map(|(def, _)| {
            let (name, method) = (ident(&def.name), snake_ident("visit", &def.name));
            quote!(crate::NodeKind::#name => visitor.#method(view_mut::#name { ast, id }),)
        });
        let copy_arms = self.structs.iter().filter(|(_, fields)| overflows(fields)).map(|(def, _)| {
            let (name, table) = (ident(&def.name), overflow_table(def));
            quote! {
                NodeData::#name(index) => match from.#table.get(index.index()) {
                    ::core::option::Option::Some(payload) => {
                        *index = ::ast_runtime::OverflowIndex::push(&mut to.#table, ::core::clone::Clone::clone(payload));
                        true
                    }
                    ::core::option::Option::None => false,
                },
            }
        });
        let rt = quote!(::ast_runtime::flat_ast);
        quote! {
            /// Typed write access to a flat tree, in place: one mutable view per node type, with a setter per value
            /// and string field and `set_span`. What changes the tree's shape is the [`Editor`]'s job.
            pub mod view_mut {
                // Setters are named after the schema's fields, whatever those names mean to clippy.
                #![allow(clippy::wrong_self_convention, clippy::should_implement_trait)]

                #(#views)*
            }

            /// The mutable view of a node type: [`FlatAst::view_mut`] produces it.
            pub use #rt::FlatViewMut;
            /// Structural edits of a [`FlatAst`], pending until `commit`; see [`ast_runtime::flat_ast::Editor`].
            pub type Editor<'a> = #rt::Editor<'a, Lang>;
            /// What [`Editor::commit`] gives: the new tree and the old -> new ID map.
            pub type Committed = #rt::Committed<Lang>;
            pub use #rt::EditError;

            /// A visitor that edits nodes in place: one method per node type, each given the node's mutable view.
            /// Driven by [`walk_flat_mut`] (preorder: parents before children) or [`walk_flat_mut_rev`] (children
            /// before parents, for bottom-up transforms): one linear scan over the nodes, no recursion.
            #[allow(unused_variables)]
            pub trait FlatVisitMut {
                #(#visit_methods)*
            }

            /// Calls `visitor` on every node of `ast` in preorder.
            pub fn walk_flat_mut<V: FlatVisitMut + ?::core::marker::Sized>(ast: &mut FlatAst, visitor: &mut V) {
                for index in 0..ast.len() {
                    visit_mut_one(ast, ::ast_runtime::NodeId::from_usize(index), visitor);
                }
            }

            /// Calls `visitor` on every node of `ast` in reverse preorder: every node after all its descendants.
            pub fn walk_flat_mut_rev<V: FlatVisitMut + ?::core::marker::Sized>(ast: &mut FlatAst, visitor: &mut V) {
                for index in (0..ast.len()).rev() {
                    visit_mut_one(ast, ::ast_runtime::NodeId::from_usize(index), visitor);
                }
            }

            /// Calls the `visitor` method of node `id`'s type with its mutable view.
            #[inline]
            fn visit_mut_one<V: FlatVisitMut + ?::core::marker::Sized>(
                ast: &mut FlatAst,
                id: ::ast_runtime::NodeId,
                visitor: &mut V,
            ) {
                let ::core::option::Option::Some(node) = ast.node(id) else { return };
                match node.kind() {
                    #(#dispatch_arms)*
                }
            }

            /// Committing edits, one node: a payload kept in an overflow table is copied to the end of the same
            /// table in `to`, and `data` points at the copy.
            #[allow(unused_variables, unreachable_patterns, clippy::match_single_binding, clippy::single_match)]
            fn copy_overflow(data: &mut NodeData, from: &Overflow, to: &mut Overflow) -> bool {
                match data {
                    #(#copy_arms)*
                    _ => true,
                }
            }
        }
    }
}

/// The mutable view of one node type.
fn view_mut(def: &StructDef, fields: &[FlatField<'_>]) -> TokenStream {
    let name = ident(&def.name);
    let doc = format!(
        "A flat [`crate::{}`] to edit in place: setters for its values, strings and span; `view()` reads it.",
        def.name
    );
    let setters = fields.iter().filter_map(|f| setter(def, fields, f));
    let expect = "a mutable view is made for a node of its type only";
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub struct #name<'a> {
            pub(crate) ast: &'a mut super::FlatAst,
            pub(crate) id: ::ast_runtime::NodeId,
        }

        impl<'a> super::FlatViewMut<'a> for #name<'a> {
            type Lang = super::Lang;

            #[inline]
            fn from_id_mut(ast: &'a mut super::FlatAst, id: ::ast_runtime::NodeId) -> ::core::option::Option<Self> {
                match ast.node(id)?.kind() {
                    crate::NodeKind::#name => ::core::option::Option::Some(#name { ast, id }),
                    #[allow(unreachable_patterns)]
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl<'a> #name<'a> {
            /// The node's ID.
            #[inline]
            pub fn node_id(&self) -> ::ast_runtime::NodeId {
                self.id
            }

            /// The node's read-only view.
            #[inline]
            pub fn view(&self) -> super::view::#name<'_> {
                <super::view::#name<'_> as super::FlatView<'_>>::from_id(self.ast, self.id).expect(#expect)
            }

            /// The tree the node is in.
            #[inline]
            pub fn ast(&self) -> &super::FlatAst {
                self.ast
            }

            /// The node's source range.
            #[inline]
            pub fn span(&self) -> ::ast_runtime::Span {
                self.ast.node(self.id).map(|node| node.span).unwrap_or_default()
            }

            /// Sets the node's source range.
            #[inline]
            pub fn set_span(&mut self, span: ::ast_runtime::Span) {
                self.ast.set_span(self.id, span);
            }

            #(#setters)*
        }
    }
}

/// The setter of one value or string field (`None` for child fields).
fn setter(def: &StructDef, fields: &[FlatField<'_>], f: &FlatField<'_>) -> Option<TokenStream> {
    let field = &f.ident;
    let method = crate::emit::field_ident("set", &f.def.name);
    let field_docs = docs(&f.def.docs);
    let (param, store) = match &f.encoding {
        Encoding::Str => (quote!(&str), quote!(::ast_runtime::StrRef::push(strings, value))),
        Encoding::OptionalStr => (
            quote!(::core::option::Option<&str>),
            quote!(value.map_or(::ast_runtime::OptionalStrRef::NONE, |value| {
                ::ast_runtime::OptionalStrRef::some(::ast_runtime::StrRef::push(strings, value))
            })),
        ),
        Encoding::Value(v) => (v.boxed_type(), stored(v, false)),
        Encoding::OptionalValue(v) => {
            let ty = v.boxed_type();
            (quote!(::core::option::Option<#ty>), stored(v, true))
        }
        _ => return None,
    };
    let name = ident(&def.name);
    let arm = if overflows(fields) {
        let table = overflow_table(def);
        quote! {
            super::NodeData::#name(index) => {
                if let ::core::option::Option::Some(data) = overflow.#table.get_mut(index.index()) {
                    data.#field = #store;
                }
            }
        }
    } else {
        quote!(super::NodeData::#name(data) => data.#field = #store,)
    };
    let doc = format!(
        "Sets `{}`{}.",
        f.def.name,
        if matches!(f.encoding, Encoding::Str | Encoding::OptionalStr) {
            " (the text is appended to the string buffer; the old text stays until the next commit compacts it)"
        } else {
            ""
        }
    );
    Some(quote! {
        #[doc = #doc]
        ///
        #field_docs
        #[allow(unused_variables, unreachable_patterns, clippy::match_single_binding, clippy::single_match)]
        pub fn #method(&mut self, value: #param) {
            self.ast.edit_node(self.id, |data, _, overflow, strings| match data {
                #arm
                _ => {}
            });
        }
    })
}

/// The stored form of `value` (of the boxed type, or its `Option` when `optional`), moved rather than cloned.
fn stored(v: &Value, optional: bool) -> TokenStream {
    match (v, optional) {
        (Value::Plain { .. }, _) => quote!(value),
        (Value::Wide(p), false) => {
            let from = format_ident!("from_{}", p.rust_name());
            quote!(::ast_runtime::Bits64::#from(value))
        }
        (Value::Wide(p), true) => {
            let from = format_ident!("from_{}", p.rust_name());
            quote!(value.map(::ast_runtime::Bits64::#from))
        }
    }
}
