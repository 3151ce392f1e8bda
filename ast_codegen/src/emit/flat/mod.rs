//! Emits `flat.rs`: the per-schema half of the flat encoding. The schema-independent half (`FlatAst`, `FlatParts`,
//! `Node`, navigation, validation, the drivers of both conversions, the walk) is hand-written in the runtime
//! (`ast_runtime::flat_ast`), generic over a `Language`; this emits the marker type `Lang`, its `impl Language`
//! and the aliases (`FlatAst = ast_runtime::flat_ast::FlatAst<Lang>`, ...) that keep the crate's names.
//!
//! The encoding (see `flat_fields`): every node is one 20-byte `Node { data: NodeData, span }` in a `Vec` in
//! preorder (no stored parent: `FlatAst::parents` derives the table on demand), so `NodeId` == index, root = 0 and
//! every subtree is contiguous. `NodeData` has one variant per node struct holding a `data::S` payload in which
//! children are IDs, lists are 4-byte handles into one shared ID list (length slot, then the IDs) and strings 4-byte
//! handles into one shared buffer (length header, then the text; equal strings stored once). A first child that is
//! always present is not stored: in preorder it is the next node. A payload still over 8 bytes lives in the tree's
//! `Overflow` table for its type and the variant holds its index. Nothing here names a node type: everything comes
//! from the schema.
//!
//! One module per job: `data` (payloads, `NodeData`, `Overflow`), `fields` (child fields, string checks, accepted
//! kinds, child counts), `from_boxed` and `to_boxed` (the per-node steps of the conversions), `owned` (`OwnedNode`,
//! `drop_iteratively`), `views` (typed views, `AnyView`), `edit` (mutable views, `FlatVisitMut`, the `Editor` aliases). Nothing emitted recurses on the call stack along the tree.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

mod build;
mod data;
mod edit;
mod fields;
mod from_boxed;
mod owned;
mod to_boxed;
mod views;

use crate::emit::{ident, snake_ident};
use crate::flat_fields::{ChildType, FlatField, INLINE_PAYLOAD_BYTES};
use crate::model::{EnumDef, Schema, StructDef};

/// The size of a flat `Node`: the `NodeData` tag and the small fields in its padding (4 bytes), the inline payload,
/// the span (8 bytes).
const NODE_BYTES: u64 = 4 + INLINE_PAYLOAD_BYTES + 8;

/// Emits `flat.rs`.
pub fn emit(model: &super::Model) -> TokenStream {
    Emitter::new(model).emit(model)
}

/// What the per-job modules of this output read: the schema and each struct's flat fields.
struct Emitter<'m> {
    schema: &'m Schema,
    structs: Vec<(&'m StructDef, &'m [FlatField<'m>])>,
    node_enums: Vec<&'m EnumDef>,
    root: &'m StructDef,
}

impl<'m> Emitter<'m> {
    fn new(model: &'m super::Model) -> Self {
        let schema = model.schema;
        let structs = model.structs_with_flat_fields().collect();
        Emitter { schema, structs, node_enums: schema.node_enums().collect(), root: model.root }
    }

    fn emit(&self, model: &super::Model) -> TokenStream {
        let parts = [
            self.emit_data_module(),
            self.emit_node_data(),
            self.emit_overflow(),
            language_items(&ident(&self.root.name)),
            self.size_assertion(),
            self.emit_child_fields(&crate::emit::parent_field::ParentFields::new(model)),
            self.emit_from_boxed(),
            self.emit_to_boxed(),
            self.emit_owned_node(),
            self.emit_views(),
            self.emit_build(model),
            self.emit_edit(),
        ];
        quote! {
            //! The flat encoding of the tree: every node in one `Vec` in preorder (`NodeId` == index, root = 0, every
            //! subtree contiguous, no stored parent), 20 bytes each: children as IDs (a first child that is always
            //! present is the next node and is not stored), lists as 4-byte handles into one shared ID list, strings
            //! as 4-byte handles into one shared buffer (equal strings stored once), and the few payloads over 8 bytes
            //! in per-type [`Overflow`] tables.
            //!
            //! - [`FlatAst::from_boxed`] / [`FlatAst::to_boxed`] convert losslessly both ways (spans, IDs, values,
            //!   list order); neither recurses, so trees of any depth convert.
            //! - [`FlatAst::from_parts`] validates a tree that came from outside: a bad tree is an error, never a
            //!   panic.
            //! - [`view`] has a typed view per node type with a method per field; [`FlatAst::iter_views`] scans the
            //!   nodes of one type linearly.
            //! - [`FlatBuilder`] builds a tree directly through the [`AstBuild`](crate::AstBuild) interface, with no
            //!   allocation per node, list or string, and finishes it in preorder, equal to `from_boxed` of the same
            //!   boxed tree.
            //! - [`drop_iteratively`] drops a boxed tree without recursion. The boxed tree's own `Drop` recurses once
            //!   per nesting level; see the crate README for how deep that goes.
            #![allow(clippy::too_many_lines, clippy::match_same_arms, clippy::needless_lifetimes)]
            #(#parts)*
        }
    }

    /// `size_of::<Node>()` at most `NODE_BYTES`, asserted at compile time. Every payload stored inline fits in
    /// `INLINE_PAYLOAD_BYTES` with 4-byte alignment (larger ones go to the overflow tables), so `NodeData` is the
    /// one-byte tag with its padding plus that, and `Node` adds the span; it holds no pointers, so every target
    /// agrees.
    fn size_assertion(&self) -> TokenStream {
        let node_bytes = proc_macro2::Literal::u64_unsuffixed(NODE_BYTES);
        let message = format!(
            "flat Node exceeds {NODE_BYTES} bytes: a NodeData payload stored inline is larger than \
             {INLINE_PAYLOAD_BYTES} bytes"
        );
        quote! {
            // The generator stored every larger payload in an overflow table; this keeps it honest.
            const _: () = ::core::assert!(::core::mem::size_of::<Node>() <= #node_bytes, #message);
        }
    }
}

/// The local variable holding a field's value while a node is built: prefixed so that no field name can shadow
/// the builder's own variables (`id`, `it`, `data`, `stack`, ...).
fn binding(f: &FlatField<'_>) -> proc_macro2::Ident {
    crate::emit::field_ident("field", &f.def.name)
}

/// `crate::AstKind` of a child expression (`&Box<S>`, `&S` or `&E`).
fn ast_kind_expr(t: &ChildType, expr: TokenStream) -> TokenStream {
    match t {
        ChildType::Struct { name, .. } => {
            let name = ident(name);
            quote!(crate::AstKind::#name(#expr))
        }
        ChildType::Enum { name, .. } => {
            let fn_name = snake_ident("ast_kind_of", name);
            quote!(#fn_name(#expr))
        }
    }
}

/// The `accepts_*` function of a child type.
fn accepts_fn(t: &ChildType) -> proc_macro2::Ident {
    format_ident!("accepts_{}", t.snake())
}

/// The target without its box: which kinds it accepts does not depend on boxing.
fn unboxed(t: &ChildType) -> ChildType {
    match t {
        ChildType::Struct { name, .. } => ChildType::Struct { name: name.clone(), boxed: false },
        ChildType::Enum { name, .. } => ChildType::Enum { name: name.clone(), boxed: false },
    }
}

/// The ID of the field's child when it is implied (the node after `id`), else `data.field`.
fn child_id(f: &FlatField<'_>, data: &TokenStream, id: &TokenStream) -> TokenStream {
    let ident = &f.ident;
    if f.implied { quote!(#id.next()) } else { quote!(#data.#ident) }
}

/// The aliases that name the runtime's generic flat tree for this schema, and `impl Language`: the hooks the
/// runtime's drivers call, each one `match` over the node types (or a call of the function that has it).
fn language_items(root: &proc_macro2::Ident) -> TokenStream {
    let rt = quote!(::ast_runtime::flat_ast);
    quote! {
        /// This schema's flat encoding, as the runtime's generic flat tree knows it: the types it stores and the
        /// per-type steps its drivers call. Uninhabited: only a type-level name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Lang {}

        /// A whole tree in the flat encoding: nodes in preorder (`NodeId` == index, root = 0, every subtree
        /// contiguous), one shared child list, one shared string buffer; see [`ast_runtime::flat_ast::FlatAst`].
        pub type FlatAst = #rt::FlatAst<Lang>;
        /// The parts of a [`FlatAst`], public so that a tree can be stored, sent and rebuilt elsewhere.
        pub type FlatParts = #rt::FlatParts<Lang>;
        /// One node of a [`FlatAst`]: its [`NodeData`] and its span (20 bytes).
        pub type Node = #rt::Node<Lang>;
        /// An untyped handle to one node of a tree: what the flat visitor's `enter_node` / `leave_node` receive.
        pub type NodeRef<'a> = #rt::NodeRef<'a, Lang>;
        /// One child-holding field of a node: its name, what it stores, and which kinds its children may have.
        pub type ChildFieldInfo = #rt::ChildFieldInfo<Lang>;
        pub use #rt::FlatView;
        /// What the stored fields of [`data`] are made of, and what validating a tree reports.
        pub use ::ast_runtime::{Bits64, ChildField, FlatError, FlatErrorKind, IdRange, OptionalStrRef, StrRef};
        /// The state of boxed -> flat that [`flatten_node`] queues children on.
        type Flattener<'a> = #rt::Flattener<'a, Lang>;

        impl #rt::Language for Lang {
            type Data = NodeData;
            type Kind = crate::NodeKind;
            type Overflow = Overflow;
            type Root = crate::#root;
            type Borrowed<'a> = crate::AstKind<'a>;
            type Owned = OwnedNode;
            type AnyView<'a> = AnyView<'a>;
            type RootView<'a> = view::#root<'a>;
            type ParentField = crate::ParentField;

            const ROOT_KIND: crate::NodeKind = crate::NodeKind::#root;

            #[inline]
            fn kind(data: &NodeData) -> crate::NodeKind {
                data.kind()
            }

            fn kind_name(kind: crate::NodeKind) -> &'static str {
                kind.name()
            }

            #[inline]
            fn for_each_child_field<E>(
                data: &NodeData,
                id: ::ast_runtime::NodeId,
                overflow: &Overflow,
                f: impl FnMut(ChildFieldInfo) -> ::core::result::Result<(), E>,
            ) -> ::core::result::Result<(), E> {
                data.for_each_child_field(id, overflow, f)
            }

            fn check_strings(
                data: &NodeData,
                overflow: &Overflow,
                strings: &str,
            ) -> ::core::result::Result<(), &'static str> {
                data.check_strings(overflow, strings)
            }

            fn check_overflow(overflow: &Overflow, data: &NodeData) -> ::core::result::Result<(), &'static str> {
                overflow.check(data)
            }

            #[inline]
            fn child_count(ast: &FlatAst, node: &Node) -> usize {
                child_count(ast, node)
            }

            fn overflow_heap_bytes(overflow: &Overflow) -> usize {
                overflow.heap_bytes()
            }

            fn shrink_overflow(overflow: &mut Overflow) {
                overflow.shrink_to_fit();
            }

            #[inline]
            fn borrow_root(root: &crate::#root) -> crate::AstKind<'_> {
                crate::AstKind::#root(root)
            }

            #[inline]
            fn flatten_node<'a>(out: &mut Flattener<'a>, id: ::ast_runtime::NodeId, node: crate::AstKind<'a>) -> NodeData {
                flatten_node(out, id, node)
            }

            #[inline]
            fn patch_field(data: &mut NodeData, overflow: &mut Overflow, field: u8, id: ::ast_runtime::NodeId) {
                patch_field(data, overflow, field, id);
            }

            #[inline]
            fn rebuild(
                ast: &FlatAst,
                id: ::ast_runtime::NodeId,
                node: &Node,
                stack: &mut ::std::vec::Vec<OwnedNode>,
            ) -> ::core::option::Option<OwnedNode> {
                rebuild(ast, id, node, stack)
            }

            fn into_root(owned: OwnedNode) -> ::core::option::Option<crate::#root> {
                match owned {
                    OwnedNode::#root(root) => ::core::option::Option::Some(*root),
                    #[allow(unreachable_patterns)]
                    _ => ::core::option::Option::None,
                }
            }

            #[inline]
            fn any_view<'a>(ast: &'a FlatAst, id: ::ast_runtime::NodeId, node: &'a Node) -> AnyView<'a> {
                AnyView::new(ast, id, node)
            }

            #[inline]
            fn relocate<R: #rt::Relocate<Lang>>(data: &mut NodeData, overflow: &mut Overflow, to: &mut R) {
                relocate(data, overflow, to);
            }

            fn truncate_overflow(overflow: &mut Overflow, data: &NodeData) {
                truncate_overflow(overflow, data);
            }

            fn copy_overflow(data: &mut NodeData, from: &Overflow, to: &mut Overflow) -> bool {
                copy_overflow(data, from, to)
            }

            fn reorder_overflow(nodes: &mut [Node], overflow: &mut Overflow) {
                reorder_overflow(nodes, overflow);
            }
        }
    }
}

/// The flat encoding (`flat.rs`): its per-type half; the generic half is `ast_runtime::flat_ast`.
pub struct Flat;

impl super::Output for Flat {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "flat",
            doc: "The flat encoding: `FlatAst` (nodes in preorder, `NodeId` == index), conversions both ways, typed views.",
            reexport: false,
            feature: None,
            source: module_path!(),
        }
    }

    fn generate(&self, model: &super::Model) -> TokenStream {
        emit(model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TypeDef, TypeRef};

    /// A two-type schema: a root with a list of `Item`s, where `Item` holds optional boxed children and a string.
    fn schema() -> Schema {
        crate::schema_from_source(
            "#[ast] pub struct Root { items: Vec<Any> }
             #[ast] pub struct Item { next: Option<Box<Item>>, name: String, value: f64 }
             #[ast] pub enum Any { Item(Box<Item>) }",
        )
    }

    #[test]
    fn emitted_module_is_valid_rust_without_type_names_in_the_emitter() {
        let schema = schema();
        let model = crate::prepare::prepare(&schema).unwrap_or_else(|d| panic!("{d}"));
        let file = syn::parse2::<syn::File>(emit(&model)).expect("flat.rs parses");
        let text = prettyplease::unparse(&file);
        assert!(text.contains("pub enum NodeData"), "{text}");
        assert!(text.contains("Root(data::Root)"));
        assert!(text.contains("pub value: ::ast_runtime::Bits64"));
    }

    #[test]
    fn unsupported_field_is_a_diagnostic_before_any_output_runs() {
        let mut schema = schema();
        if let TypeDef::Struct(s) = &mut schema.types[1] {
            let child = TypeRef::Named(s.name.clone());
            s.fields[1].ty = TypeRef::Vec(Box::new(TypeRef::Vec(Box::new(child))));
        }
        let Err(diagnostics) = crate::prepare::prepare(&schema) else { panic!("a Vec<Vec<Item>> field was accepted") };
        assert!(diagnostics.0[0].message.contains("Item.name"), "{diagnostics:?}");
    }
}
