//! Typed views: one per node type with a method per field, one enum per node enum, and `AnyView`.

use proc_macro2::TokenStream;
use quote::quote;

use super::fields::child_count_expr;
use super::{Emitter, child_id};
use crate::emit::{docs, ident};
use crate::flat_fields::{ChildType, Encoding, FlatField, Value, ids_accessor, leaf_type, payload_arm, view_accessor};
use crate::model::{EnumDef, Schema, StructDef, TypeShape};

impl<'m> Emitter<'m> {
    pub(super) fn emit_views(&self) -> TokenStream {
        let struct_views = self.structs.iter().map(|(def, fields)| self.struct_view(def, fields));
        let enum_views = self.node_enums.iter().map(|e| self.enum_view(e));
        let dispatch_arms = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let (pattern, bind) = payload_arm(&quote!(NodeData), def, fields, &quote!(ast.overflow()));
            quote!(#pattern => { #bind AnyView::#name(view::#name { ast, id, data }) })
        });
        let any_variants = self.structs.iter().map(|(def, _)| {
            let name = ident(&def.name);
            let doc = format!("A [`view::{}`].", def.name);
            quote!(#[doc = #doc] #name(view::#name<'a>),)
        });
        let any_node_arms = self.structs.iter().map(|(def, _)| {
            let name = ident(&def.name);
            quote!(AnyView::#name(it) => ::ast_runtime::flat_ast::FlatView::node(it),)
        });
        let common = common_methods(&quote!(crate::flat), None);
        quote! {
            /// Typed read access to a flat tree: one view per node type with a method per field (the flat
            /// counterpart of the boxed structs), and one view enum per node enum.
            pub mod view {
                // Accessors are named after the schema's fields, whatever those names mean to clippy.
                #![allow(
                    clippy::new_ret_no_self,
                    clippy::len_without_is_empty,
                    clippy::should_implement_trait,
                    clippy::wrong_self_convention
                )]

                #(#struct_views)*
                #(#enum_views)*
            }

            /// A typed view of any node: what the flat visitor dispatches on.
            #[derive(Debug, Clone, Copy)]
            pub enum AnyView<'a> {
                #(#any_variants)*
            }

            impl<'a> AnyView<'a> {
                /// The view of node `id` of `ast`, whatever its type.
                #[inline]
                pub fn new(ast: &'a FlatAst, id: ::ast_runtime::NodeId, node: &'a Node) -> Self {
                    match &node.data { #(#dispatch_arms)* }
                }

                /// The untyped handle of the node.
                #[inline]
                pub fn node(&self) -> NodeRef<'a> {
                    match self { #(#any_node_arms)* }
                }

                #common
            }
        }
    }

    fn struct_view(&self, def: &StructDef, fields: &[FlatField<'_>]) -> TokenStream {
        let name = ident(&def.name);
        let doc = format!("A flat [`crate::{}`]: reads its fields from the tree.", def.name);
        let methods = fields.iter().map(|f| view_method(self.schema, f));
        let (pattern, bind) = payload_arm(&quote!(super::NodeData), def, fields, &quote!(ast.overflow()));
        let count = child_count_expr(fields, &quote!(self.data), &quote!(self.ast));
        let common = common_methods(&quote!(super), Some(&name));
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy)]
            pub struct #name<'a> {
                pub(crate) ast: &'a super::FlatAst,
                pub(crate) id: ::ast_runtime::NodeId,
                pub(crate) data: &'a super::data::#name,
            }

            impl<'a> super::FlatView<'a> for #name<'a> {
                type Lang = super::Lang;

                const KIND: crate::NodeKind = crate::NodeKind::#name;

                #[inline]
                fn from_node(
                    ast: &'a super::FlatAst,
                    id: ::ast_runtime::NodeId,
                    node: &'a super::Node,
                ) -> ::core::option::Option<Self> {
                    match &node.data {
                        #pattern => {
                            #bind
                            ::core::option::Option::Some(#name { ast, id, data })
                        }
                        #[allow(unreachable_patterns)]
                        _ => ::core::option::Option::None,
                    }
                }

                #[inline]
                fn node_id(&self) -> ::ast_runtime::NodeId {
                    self.id
                }

                #[inline]
                fn ast(&self) -> &'a super::FlatAst {
                    self.ast
                }
            }

            impl<'a> #name<'a> {
                /// The untyped handle of the node.
                #[inline]
                pub fn node(&self) -> super::NodeRef<'a> {
                    super::FlatView::node(self)
                }

                #common

                /// The stored payload.
                #[inline]
                pub fn data(&self) -> &'a super::data::#name {
                    self.data
                }

                /// Number of direct children (what the flat walk counts down to find the end of the subtree).
                #[inline]
                pub fn child_count(&self) -> usize {
                    #count
                }

                #(#methods)*
            }
        }
    }

    fn enum_view(&self, e: &EnumDef) -> TokenStream {
        let name = ident(&e.name);
        let doc = format!("A flat [`crate::{}`]: the view of whichever node it holds.", e.name);
        let mut variants = Vec::new();
        let mut direct = Vec::new();
        let mut nested = Vec::new();
        let mut node_arms = Vec::new();
        for v in &e.variants {
            let Some(payload) = &v.payload else { continue };
            let variant = ident(&v.name);
            let vdoc = docs(&v.docs);
            match self.schema.shape(payload).strip_box() {
                TypeShape::Struct(s) => {
                    let Some((def, fields)) = self.structs.iter().find(|(def, _)| def.name == *s) else { continue };
                    let (pattern, bind) = payload_arm(&quote!(super::NodeData), def, fields, &quote!(ast.overflow()));
                    let s = ident(s);
                    variants.push(quote!(#vdoc #variant(#s<'a>),));
                    direct.push(quote! {
                        #pattern => {
                            #bind
                            return ::core::option::Option::Some(#name::#variant(#s { ast, id, data }));
                        }
                    });
                    node_arms.push(quote!(#name::#variant(it) => super::FlatView::node(it),));
                }
                TypeShape::NodeEnum(inner) => {
                    let inner = ident(inner);
                    variants.push(quote!(#vdoc #variant(#inner<'a>),));
                    nested.push(quote! {
                        if let ::core::option::Option::Some(it) = #inner::from_node(ast, id, node) {
                            return ::core::option::Option::Some(#name::#variant(it));
                        }
                    });
                    node_arms.push(quote!(#name::#variant(it) => it.node(),));
                }
                _ => {}
            }
        }
        let common = common_methods(&quote!(super), None);
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy)]
            pub enum #name<'a> {
                #(#variants)*
            }

            impl<'a> #name<'a> {
                /// The view of `node` (node `id` of `ast`) when its type is one this enum holds.
                #[allow(unreachable_patterns, clippy::needless_return, clippy::single_match)]
                pub fn from_node(
                    ast: &'a super::FlatAst,
                    id: ::ast_runtime::NodeId,
                    node: &'a super::Node,
                ) -> ::core::option::Option<Self> {
                    match &node.data {
                        #(#direct)*
                        _ => {}
                    }
                    #(#nested)*
                    ::core::option::Option::None
                }

                /// The view of node `id` of `ast` when it exists and its type is one this enum holds.
                pub fn from_id(ast: &'a super::FlatAst, id: ::ast_runtime::NodeId) -> ::core::option::Option<Self> {
                    Self::from_node(ast, id, ast.node(id)?)
                }

                /// The untyped handle of the held node.
                #[inline]
                pub fn node(&self) -> super::NodeRef<'a> {
                    match self { #(#node_arms)* }
                }

                #common
            }
        }
    }
}

/// The node-level methods every view has (struct views, view enums and `AnyView`), besides `node()`: the same names
/// and meanings as on `NodeRef`, so that no import is needed and a field accessor never hides one
/// ([`crate::flat_fields::VIEW_METHODS`] renames a field named like them). `flat` is the path of the flat module;
/// `direct` names the node type of a struct view, which reads its ID, kind and tree without a look at the node.
fn common_methods(flat: &TokenStream, direct: Option<&proc_macro2::Ident>) -> TokenStream {
    let (id, kind, ast) = match direct {
        Some(name) => (quote!(self.id), quote!(crate::NodeKind::#name), quote!(self.ast)),
        None => (quote!(self.node().node_id()), quote!(self.node().node_kind()), quote!(self.node().ast)),
    };
    quote! {
        /// The node's ID.
        #[inline]
        pub fn node_id(&self) -> ::ast_runtime::NodeId {
            #id
        }

        /// The node's type.
        #[inline]
        pub fn node_kind(&self) -> crate::NodeKind {
            #kind
        }

        /// The node's source range.
        #[inline]
        pub fn span(&self) -> ::ast_runtime::Span {
            self.node().span()
        }

        /// The parent's view (`None` for the root); the first call builds the parent table (`FlatAst::parents`).
        #[inline]
        pub fn parent(&self) -> ::core::option::Option<#flat::AnyView<'a>> {
            self.node().parent().map(|parent| parent.view())
        }

        /// The field of its parent that holds the node (`None` for the root): `ParentField::MemberExpressionProperty`
        /// for `b` in `a.b`. Same table as `parent()`.
        #[inline]
        pub fn parent_field(&self) -> ::core::option::Option<crate::ParentField> {
            self.node().parent_field()
        }

        /// The ancestors' views, nearest first, ending at the root. Same table as `parent()`.
        #[inline]
        pub fn ancestors(&self) -> impl ::core::iter::Iterator<Item = #flat::AnyView<'a>> + use<'a> {
            self.node().ancestors().map(|ancestor| ancestor.view())
        }

        /// The parent's typed view when the parent has type `V` (`None` for the root and for other parents).
        #[inline]
        pub fn parent_as<V: #flat::FlatView<'a, Lang = #flat::Lang>>(&self) -> ::core::option::Option<V> {
            self.node().parent_as()
        }

        /// The tree the node is in.
        #[inline]
        pub fn ast(&self) -> &'a #flat::FlatAst {
            #ast
        }
    }
}

/// The view accessor of one field.
fn view_method(schema: &Schema, f: &FlatField<'_>) -> TokenStream {
    let ident = &f.ident;
    let method = view_accessor(&f.def.name);
    let docs = docs(&f.def.docs);
    let rt = quote!(::ast_runtime);
    let expect = "a FlatAst is validated on construction, so a child has a kind its field accepts";
    match &f.encoding {
        Encoding::Child(t) => {
            let view = t.view_type();
            let view_path = view_path(t);
            let child = child_id(f, &quote!(self.data), &quote!(self.id));
            quote! {
                #docs
                pub fn #method(&self) -> #view {
                    #view_path::from_id(self.ast, #child).expect(#expect)
                }
            }
        }
        Encoding::OptionalChild(t) => {
            let view = t.view_type();
            let view_path = view_path(t);
            quote! {
                #docs
                pub fn #method(&self) -> ::core::option::Option<#view> {
                    self.data.#ident.get().map(|id| #view_path::from_id(self.ast, id).expect(#expect))
                }
            }
        }
        Encoding::ChildList(t) => {
            let view = t.view_type();
            let view_path = view_path(t);
            let ids = ids_accessor(&f.def.name);
            quote! {
                #docs
                pub fn #method(&self) -> impl ::core::iter::ExactSizeIterator<Item = #view> + 'a {
                    let ast = self.ast;
                    self.#ids().iter().map(move |&id| #view_path::from_id(ast, id).expect(#expect))
                }

                /// The IDs of the children in this list, in order.
                pub fn #ids(&self) -> &'a [#rt::NodeId] {
                    self.ast.id_list(self.data.#ident)
                }
            }
        }
        Encoding::MaybeChildList(t) => {
            let view = t.view_type();
            let view_path = view_path(t);
            let ids = ids_accessor(&f.def.name);
            quote! {
                #docs
                pub fn #method(&self) -> ::core::option::Option<impl ::core::iter::ExactSizeIterator<Item = #view> + 'a> {
                    let ast = self.ast;
                    self.#ids().map(move |ids| ids.iter().map(move |&id| #view_path::from_id(ast, id).expect(#expect)))
                }

                /// The IDs of the children in this list, in order, when the list is present.
                pub fn #ids(&self) -> ::core::option::Option<&'a [#rt::NodeId]> {
                    let ast = self.ast;
                    self.data.#ident.map(|range| ast.id_list(range))
                }
            }
        }
        Encoding::OptionalChildList(t) => {
            let view = t.view_type();
            let view_path = view_path(t);
            let ids = ids_accessor(&f.def.name);
            quote! {
                #docs
                pub fn #method(&self) -> impl ::core::iter::ExactSizeIterator<Item = ::core::option::Option<#view>> + 'a {
                    let ast = self.ast;
                    self.#ids()
                        .iter()
                        .map(move |id| id.get().map(|id| #view_path::from_id(ast, id).expect(#expect)))
                }

                /// The IDs of the entries of this list, in order (`None` for an absent entry).
                pub fn #ids(&self) -> &'a [#rt::OptionalNodeId] {
                    self.ast.optional_id_list(self.data.#ident)
                }
            }
        }
        Encoding::Str => quote! {
            #docs
            pub fn #method(&self) -> &'a str {
                self.ast.string(self.data.#ident)
            }
        },
        Encoding::OptionalStr => quote! {
            #docs
            pub fn #method(&self) -> ::core::option::Option<&'a str> {
                self.data.#ident.get().map(|s| self.ast.string(s))
            }
        },
        // A value that is not `Copy` is lent, not cloned: the view lives as long as the tree.
        Encoding::Value(v @ Value::Plain { copy: false, shape, .. }) => {
            // A boxed value is lent as what the box holds.
            let ty = match shape {
                TypeShape::Box(inner) => leaf_type(schema, inner).and_then(|ty| ty.parse().ok()),
                _ => None,
            }
            .unwrap_or_else(|| v.boxed_type());
            quote! {
                #docs
                pub fn #method(&self) -> &'a #ty {
                    &self.data.#ident
                }
            }
        }
        Encoding::OptionalValue(v @ Value::Plain { copy: false, .. }) => {
            let ty = v.boxed_type();
            quote! {
                #docs
                pub fn #method(&self) -> ::core::option::Option<&'a #ty> {
                    self.data.#ident.as_ref()
                }
            }
        }
        Encoding::Value(v) => {
            let ty = v.boxed_type();
            let value = v.to_boxed(quote!(self.data.#ident));
            quote! {
                #docs
                pub fn #method(&self) -> #ty {
                    #value
                }
            }
        }
        Encoding::OptionalValue(v) => {
            let ty = v.boxed_type();
            let value = v.optional_to_boxed(quote!(self.data.#ident));
            quote! {
                #docs
                pub fn #method(&self) -> ::core::option::Option<#ty> {
                    #value
                }
            }
        }
    }
}

fn view_path(t: &ChildType) -> TokenStream {
    let name = ident(t.name());
    match t {
        ChildType::Struct { .. } => quote!(<crate::flat::view::#name<'a> as crate::flat::FlatView<'a>>),
        ChildType::Enum { .. } => quote!(crate::flat::view::#name),
    }
}
