//! Emits `flat.rs`: the flat encoding of the tree (`NodeData`, `Node`, `FlatAst`), both conversions, typed views,
//! navigation, validation and a drop that does not recurse.
//!
//! The encoding (see `flat_fields`): every node is one 20-byte `Node { data: NodeData, span }` in a `Vec` in
//! preorder (no stored parent: `FlatAst::parents` derives the table on demand), so `NodeId` == index, root = 0 and
//! every subtree is contiguous. `NodeData` has one variant per node struct holding a `data::S` payload in which
//! children are IDs, lists are 4-byte handles into one shared ID list (length slot, then the IDs) and strings 4-byte
//! handles into one shared buffer (length header, then the text; equal strings stored once). A first child that is
//! always present is not stored: in preorder it is the next node. A payload still over 8 bytes lives in the tree's
//! `Overflow` table for its type and the variant holds its index. Beside the nodes, one byte per node counts the
//! subtrees that end there, which is all a walk needs for leave events. Nothing here names a node type: everything
//! comes from the schema.
//!
//! Nothing emitted recurses on the call stack along the tree: boxed -> flat walks an explicit work stack, flat ->
//! boxed builds bottom-up by scanning the preorder array backwards with a value stack, validation is an explicit
//! depth-first walk, and `drop_iteratively` takes a boxed tree apart with an explicit stack.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::flat_fields::{
    Encoding, FlatField, INLINE_PAYLOAD_BYTES, Target, accepted_structs, doc_attrs, flat_fields, ident, overflow_table,
    overflows, payload_arm, snake_ident,
};
use crate::model::{EnumDef, Schema, Shape, StructDef};

/// The size of a flat `Node`: the `NodeData` tag and the small fields in its padding (4 bytes), the inline payload,
/// the span (8 bytes).
const NODE_BYTES: u64 = 4 + INLINE_PAYLOAD_BYTES + 8;

/// Emits `flat.rs`.
pub fn emit(ctx: &super::EmitContext) -> TokenStream {
    emit_schema(ctx.schema)
}

/// The whole `flat.rs` module, or `compile_error!` naming the first field the flat encoding cannot store.
pub fn emit_schema(schema: &Schema) -> TokenStream {
    match Emitter::new(schema) {
        Ok(emitter) => emitter.emit(),
        Err(message) => quote!(::core::compile_error!(#message);),
    }
}

struct Emitter<'s> {
    schema: &'s Schema,
    structs: Vec<(&'s StructDef, Vec<FlatField<'s>>)>,
    node_enums: Vec<&'s EnumDef>,
    root: &'s StructDef,
}

impl<'s> Emitter<'s> {
    fn new(schema: &'s Schema) -> Result<Self, String> {
        let root = schema.root().ok_or("the schema declares no node struct, so the flat tree has no root")?;
        let structs = schema
            .structs()
            .map(|s| flat_fields(schema, s).map(|fields| (s, fields)))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Emitter { schema, structs, node_enums: schema.node_enums().collect(), root })
    }

    fn emit(&self) -> TokenStream {
        let parts = [
            self.emit_data_module(),
            self.emit_node_data(),
            self.emit_overflow(),
            fixed_items(&ident(&self.root.name)),
            self.size_assertion(),
            self.emit_child_fields(),
            self.emit_from_boxed(),
            self.emit_to_boxed(),
            self.emit_owned_node(),
            self.emit_views(),
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

    /// The node structs whose payload lives in an overflow table.
    fn overflowing(&self) -> impl Iterator<Item = &(&'s StructDef, Vec<FlatField<'s>>)> {
        self.structs.iter().filter(|(_, fields)| overflows(fields))
    }

    /// `Overflow`: one table per node type whose payload does not fit inline.
    fn emit_overflow(&self) -> TokenStream {
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
        let bytes = tables
            .iter()
            .map(|(_, table, name)| quote!(+ self.#table.capacity() * ::core::mem::size_of::<data::#name>()));
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

                /// Bytes the tables hold on the heap.
                #[allow(clippy::identity_op)]
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

    fn emit_data_module(&self) -> TokenStream {
        let items = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let doc = format!(
                "The flat payload of a [`crate::{}`]: children as IDs, strings as buffer references (a first child \
                 that is always present is the next node, so it is not stored).",
                def.name
            );
            let fields = fields.iter().filter(|f| !f.implied).map(|f| {
                let docs = doc_attrs(&f.def.docs);
                let ident = &f.ident;
                let ty = f.encoding.stored_type();
                quote!(#docs pub #ident: #ty,)
            });
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
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

    fn emit_node_data(&self) -> TokenStream {
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
        quote! {
            /// What one flat node holds: its type (the discriminant, read by [`NodeData::kind`]) and its fields.
            #[derive(Debug, Clone, PartialEq)]
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

    /// `NodeData::for_each_child_field` and `NodeData::check_strings`: what validation and navigation iterate over.
    fn emit_child_fields(&self) -> TokenStream {
        let child_arms = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let calls = fields.iter().filter_map(|f| {
                let target = f.encoding.target()?;
                let field_name = &f.def.name;
                let ident = &f.ident;
                let accepts = accepts_fn(target);
                let slot = match &f.encoding {
                    Encoding::Child(_) => {
                        let child = child_id(f, &quote!(data), &quote!(id));
                        quote!(::ast_runtime::ChildField::One(#child))
                    }
                    Encoding::OptionalChild(_) => quote!(::ast_runtime::ChildField::Optional(data.#ident)),
                    Encoding::ChildList(_) => quote!(::ast_runtime::ChildField::List(data.#ident)),
                    Encoding::MaybeChildList(_) => {
                        // An absent list has no children; a present one is an ordinary list.
                        return Some(quote! {
                            if let ::core::option::Option::Some(range) = data.#ident {
                                f(ChildFieldInfo { name: #field_name, field: ::ast_runtime::ChildField::List(range), accepts: #accepts })?;
                            }
                        });
                    }
                    _ => quote!(::ast_runtime::ChildField::OptionalList(data.#ident)),
                };
                Some(quote!(f(ChildFieldInfo { name: #field_name, field: #slot, accepts: #accepts })?;))
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
                let count = child_count_expr(fields, &quote!(data), &quote!(self));
                let (pattern, bind) = payload_arm(&quote!(NodeData), def, fields, &quote!(self.overflow));
                quote!(#pattern => { #bind #count })
            });
        quote! {
            /// Per node kind (by discriminant), its number of children when its type fixes it, `u8::MAX` when it
            /// depends on optional or list fields.
            const FIXED_CHILD_COUNTS: [u8; #kinds] = [#(#fixed_counts),*];

            impl FlatAst {
                /// Number of direct children of `node` (a node of this tree): what the flat walk counts down to
                /// know when a subtree ends, since nodes store no parent. A table lookup for the types whose
                /// children are all required (most nodes), one `match` for the rest.
                #[inline]
                pub fn child_count(&self, node: &Node) -> usize {
                    match FIXED_CHILD_COUNTS.get(node.kind() as usize) {
                        ::core::option::Option::Some(&fixed) if fixed != u8::MAX => usize::from(fixed),
                        _ => self.variable_child_count(node),
                    }
                }

                /// [`FlatAst::child_count`] of a node whose type does not fix it. Kept out of line: inlined, its
                /// `match` measured slower in the walk.
                #[allow(unreachable_patterns)]
                #[inline(never)]
                fn variable_child_count(&self, node: &Node) -> usize {
                    match &node.data {
                        #(#variable_arms)*
                        _ => 0,
                    }
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

    /// One `accepts_*` function per child type: which node kinds a field of that type may hold.
    fn accept_fns(&self) -> TokenStream {
        let mut targets: Vec<Target> = Vec::new();
        for (_, fields) in &self.structs {
            for f in fields {
                if let Some(t) = f.encoding.target() {
                    let t = unboxed(t);
                    if !targets.contains(&t) {
                        targets.push(t);
                    }
                }
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

    fn emit_from_boxed(&self) -> TokenStream {
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
                quote!(NodeData::#name(::ast_runtime::OverflowIndex::push(&mut self.ast.overflow.#table, #payload)))
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
                    Shape::Struct(s) => {
                        let s = ident(s);
                        quote!(crate::AstKind::#s(it))
                    }
                    Shape::NodeEnum(inner) => {
                        let inner_fn = snake_ident("ast_kind_of", inner);
                        quote!(#inner_fn(it))
                    }
                    _ => return None,
                };
                Some(quote!(crate::#name::#variant(it) => #body,))
            });
            let doc = format!("The node a [`crate::{}`] holds, as an `AstKind`.", e.name);
            quote! {
                #[doc = #doc]
                fn #fn_name<'a>(it: &'a crate::#name) -> crate::AstKind<'a> {
                    match it { #(#arms)* }
                }
            }
        });
        let root = ident(&self.root.name);
        quote! {
            impl<'a> Flattener<'a> {
                /// Appends the node of `work` at the next preorder index and queues its children.
                fn enter(&mut self, work: Work<'a>) {
                    let id = ::ast_runtime::NodeId::from_usize(self.ast.nodes.len());
                    self.patch(work.slot, id);
                    if work.node.node_id() != id && self.first_renumbered.is_none() {
                        self.first_renumbered = ::core::option::Option::Some((work.node.node_id(), id));
                    }
                    let span = work.node.span();
                    let queued = self.stack.len();
                    let data = match work.node { #(#enter_arms)* };
                    self.ast.nodes.push(Node { data, span });
                    // Children were queued in schema order; the stack pops the last first, so reverse them to visit
                    // the first child next (preorder).
                    self.stack[queued..].reverse();
                    self.ends.enter(self.stack.len() - queued);
                }

                /// Writes `id` where the parent holds this child.
                fn patch(&mut self, slot: Slot, id: ::ast_runtime::NodeId) {
                    match slot {
                        Slot::Root | Slot::Implied => {}
                        Slot::Field { parent, field } => {
                            if let ::core::option::Option::Some(node) = self.ast.nodes.get_mut(parent as usize) {
                                patch_field(&mut node.data, &mut self.ast.overflow, field, id);
                            }
                        }
                        Slot::List(index) => {
                            if let ::core::option::Option::Some(entry) = self.ast.child_ids.get_mut(index as usize) {
                                *entry = id;
                            }
                        }
                        Slot::OptionalList(index) => {
                            if let ::core::option::Option::Some(entry) =
                                self.ast.optional_child_ids.get_mut(index as usize)
                            {
                                *entry = ::ast_runtime::OptionalNodeId::some(id);
                            }
                        }
                    }
                }

                /// Queues a child of the node being entered.
                fn queue(&mut self, node: crate::AstKind<'a>, slot: Slot) {
                    self.stack.push(Work { node, slot });
                }

                /// Converts the whole tree.
                fn run(mut self, root: &'a crate::#root) -> (FlatAst, ::core::option::Option<(::ast_runtime::NodeId, ::ast_runtime::NodeId)>) {
                    self.stack.push(Work {
                        node: crate::AstKind::#root(root),
                        slot: Slot::Root,
                    });
                    while let ::core::option::Option::Some(work) = self.stack.pop() {
                        self.enter(work);
                    }
                    (self.ast.ends, self.ast.long_ends) = self.ends.finish();
                    self.ast.shrink_to_fit();
                    (self.ast, self.first_renumbered)
                }
            }

            /// Writes `id` into child field number `field` (schema order) of `data`, whose payload may be in
            /// `overflow`.
            #[allow(unreachable_patterns, clippy::single_match, unused_variables)]
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
                quote!(self.queue(#kind, Slot::Implied);)
            }
            Encoding::Child(t) => {
                let kind = ast_kind_expr(t, quote!(&it.#ident));
                quote! {
                    self.queue(#kind, Slot::Field { parent: id.as_u32(), field: #field_index });
                    let #b = UNPATCHED;
                }
            }
            Encoding::OptionalChild(t) => {
                let kind = ast_kind_expr(t, quote!(child));
                quote! {
                    let #b = match &it.#ident {
                        ::core::option::Option::Some(child) => {
                            self.queue(#kind, Slot::Field { parent: id.as_u32(), field: #field_index });
                            #rt::OptionalNodeId::some(UNPATCHED)
                        }
                        ::core::option::Option::None => #rt::OptionalNodeId::NONE,
                    };
                }
            }
            Encoding::ChildList(t) => {
                let kind = ast_kind_expr(t, quote!(child));
                quote! {
                    let #b = #rt::IdRange::reserve(&mut self.ast.child_ids, it.#ident.len(), UNPATCHED);
                    for (index, child) in (#b.entries_start()..).zip(it.#ident.iter()) {
                        self.queue(#kind, Slot::List(index));
                    }
                }
            }
            Encoding::MaybeChildList(t) => {
                let kind = ast_kind_expr(t, quote!(child));
                quote! {
                    let #b = it.#ident.as_ref().map(|list| {
                        let range = #rt::IdRange::reserve(&mut self.ast.child_ids, list.len(), UNPATCHED);
                        for (index, child) in (range.entries_start()..).zip(list.iter()) {
                            self.queue(#kind, Slot::List(index));
                        }
                        range
                    });
                }
            }
            Encoding::OptionalChildList(t) => {
                let kind = ast_kind_expr(t, quote!(child));
                quote! {
                    let #b = #rt::IdRange::reserve(
                        &mut self.ast.optional_child_ids,
                        it.#ident.len(),
                        #rt::OptionalNodeId::NONE,
                    );
                    for (index, child) in (#b.entries_start()..).zip(it.#ident.iter()) {
                        if let ::core::option::Option::Some(child) = child {
                            self.queue(#kind, Slot::OptionalList(index));
                        }
                    }
                }
            }
            Encoding::Str => quote!(let #b = self.interner.intern(&mut self.ast.strings, &it.#ident);),
            Encoding::OptionalStr => {
                quote!(let #b = #rt::OptionalStrRef::intern(&mut self.interner, &mut self.ast.strings, it.#ident.as_deref());)
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

    fn emit_to_boxed(&self) -> TokenStream {
        let arms = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let lets = fields.iter().map(|f| to_boxed_field(f));
            let names = fields.iter().map(|f| {
                let (field, binding) = (&f.ident, binding(f));
                quote!(#field: #binding)
            });
            let reads_data = fields.iter().any(|f| !matches!(f.encoding, Encoding::Child(_)));
            let (pattern, bind) = if reads_data {
                payload_arm(&quote!(NodeData), def, fields, &quote!(self.overflow))
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
        let root = ident(&self.root.name);
        quote! {
            impl FlatAst {
                /// Rebuilds the node at `index` from its children, which are on top of `stack` (first child on top).
                fn rebuild(
                    &self,
                    index: usize,
                    node: &Node,
                    stack: &mut ::std::vec::Vec<OwnedNode>,
                ) -> ::core::option::Option<OwnedNode> {
                    let node_id = ::ast_runtime::NodeId::from_usize(index);
                    let span = node.span;
                    ::core::option::Option::Some(match &node.data { #(#arms)* })
                }

                /// Builds the boxed tree bottom-up: scanning the preorder array backwards visits every node after
                /// its children, and leaves a node's children on the value stack first child on top.
                fn try_to_boxed(&self) -> ::core::option::Option<crate::#root> {
                    let mut stack: ::std::vec::Vec<OwnedNode> = ::std::vec::Vec::new();
                    for (index, node) in self.nodes.iter().enumerate().rev() {
                        let owned = self.rebuild(index, node, &mut stack)?;
                        stack.push(owned);
                    }
                    match stack.pop()? {
                        OwnedNode::#root(root) if stack.is_empty() => ::core::option::Option::Some(*root),
                        _ => ::core::option::Option::None,
                    }
                }
            }
        }
    }

    fn emit_owned_node(&self) -> TokenStream {
        let variants = self.structs.iter().map(|(def, _)| {
            let name = ident(&def.name);
            let doc = format!("A [`crate::{}`].", def.name);
            quote!(#[doc = #doc] #name(::std::boxed::Box<crate::#name>),)
        });
        let kind_arms = self.structs.iter().map(|(def, _)| {
            let name = ident(&def.name);
            quote!(OwnedNode::#name(_) => crate::NodeKind::#name,)
        });
        let from_struct = self.structs.iter().map(|(def, _)| {
            let name = ident(&def.name);
            quote! {
                impl ::core::convert::From<crate::#name> for OwnedNode {
                    fn from(node: crate::#name) -> Self { OwnedNode::#name(::std::boxed::Box::new(node)) }
                }
                impl ::core::convert::From<::std::boxed::Box<crate::#name>> for OwnedNode {
                    fn from(node: ::std::boxed::Box<crate::#name>) -> Self { OwnedNode::#name(node) }
                }
            }
        });
        let enum_fns = self.node_enums.iter().map(|e| self.owned_enum_conversions(e));
        let dismantle_arms = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let children: Vec<_> = fields.iter().filter(|f| f.encoding.target().is_some()).collect();
            if children.is_empty() {
                return quote!(OwnedNode::#name(_) => {});
            }
            let names = children.iter().map(|f| &f.ident);
            let pushes = children.iter().map(|f| {
                let ident = &f.ident;
                let into = quote!(OwnedNode::from(child));
                match &f.encoding {
                    Encoding::Child(_) => quote!(let child = #ident; stack.push(#into);),
                    Encoding::OptionalChild(_) => {
                        quote!(if let ::core::option::Option::Some(child) = #ident { stack.push(#into); })
                    }
                    Encoding::ChildList(_) => quote!(stack.extend(#ident.into_iter().map(OwnedNode::from));),
                    Encoding::MaybeChildList(_) => {
                        quote!(stack.extend(#ident.into_iter().flatten().map(OwnedNode::from));)
                    }
                    _ => quote!(stack.extend(#ident.into_iter().flatten().map(OwnedNode::from));),
                }
            });
            quote! {
                OwnedNode::#name(node) => {
                    let crate::#name { #(#names,)* .. } = *node;
                    #(#pushes)*
                }
            }
        });
        quote! {
            /// One boxed node of any type, owned: the unit of the flat -> boxed value stack and of
            /// [`drop_iteratively`]. Every node struct and node enum converts into it with `From`.
            #[derive(Debug, PartialEq)]
            pub enum OwnedNode {
                #(#variants)*
            }

            impl OwnedNode {
                /// The node's type.
                pub fn kind(&self) -> crate::NodeKind {
                    match self { #(#kind_arms)* }
                }

                /// Moves the node's children onto `stack` and drops the node itself, which then holds no nodes.
                fn dismantle(self, stack: &mut ::std::vec::Vec<OwnedNode>) {
                    match self { #(#dismantle_arms)* }
                }
            }

            #(#from_struct)*
            #(#enum_fns)*

            /// Drops a boxed tree (any node and everything under it) without recursion, whatever its depth.
            ///
            /// The boxed types' own `Drop` recurses once per nesting level and overflows the stack on very deep
            /// trees; this takes the tree apart with an explicit stack instead.
            pub fn drop_iteratively(node: impl ::core::convert::Into<OwnedNode>) {
                let mut stack = ::std::vec![node.into()];
                while let ::core::option::Option::Some(node) = stack.pop() {
                    node.dismantle(&mut stack);
                }
            }
        }
    }

    /// `From<E> for OwnedNode` and `owned_into_e(OwnedNode) -> Result<E, OwnedNode>` for one node enum.
    fn owned_enum_conversions(&self, e: &EnumDef) -> TokenStream {
        let name = ident(&e.name);
        let into_fn = snake_ident("owned_into", &e.name);
        let mut from_arms = Vec::new();
        let mut direct_arms = Vec::new();
        let mut nested = Vec::new();
        for v in &e.variants {
            let Some(payload) = &v.payload else { continue };
            let variant = ident(&v.name);
            let shape = self.schema.shape(payload);
            let boxed = matches!(shape, Shape::Box(_));
            match shape.strip_box() {
                Shape::Struct(s) => {
                    let s = ident(s);
                    from_arms.push(quote!(crate::#name::#variant(it) => OwnedNode::from(it),));
                    let value = if boxed { quote!(it) } else { quote!(*it) };
                    direct_arms.push(
                        quote!(OwnedNode::#s(it) => return ::core::result::Result::Ok(crate::#name::#variant(#value)),),
                    );
                }
                Shape::NodeEnum(inner) => {
                    let inner_fn = snake_ident("owned_into", inner);
                    let unbox = if boxed { quote!(*it) } else { quote!(it) };
                    from_arms.push(quote!(crate::#name::#variant(it) => OwnedNode::from(#unbox),));
                    let wrap = if boxed { quote!(::std::boxed::Box::new(it)) } else { quote!(it) };
                    nested.push(quote! {
                        let owned = match #inner_fn(owned) {
                            ::core::result::Result::Ok(it) => return ::core::result::Result::Ok(crate::#name::#variant(#wrap)),
                            ::core::result::Result::Err(owned) => owned,
                        };
                    });
                }
                _ => {}
            }
        }
        let doc = format!("Wraps `owned` as a [`crate::{}`], or gives it back when no variant can hold it.", e.name);
        quote! {
            impl ::core::convert::From<crate::#name> for OwnedNode {
                fn from(node: crate::#name) -> Self {
                    match node { #(#from_arms)* }
                }
            }

            impl ::core::convert::From<::std::boxed::Box<crate::#name>> for OwnedNode {
                fn from(node: ::std::boxed::Box<crate::#name>) -> Self {
                    OwnedNode::from(*node)
                }
            }

            #[doc = #doc]
            #[allow(unreachable_patterns, clippy::needless_return)]
            fn #into_fn(owned: OwnedNode) -> ::core::result::Result<crate::#name, OwnedNode> {
                let owned = match owned {
                    #(#direct_arms)*
                    other => other,
                };
                #(#nested)*
                ::core::result::Result::Err(owned)
            }
        }
    }

    fn emit_views(&self) -> TokenStream {
        let struct_views = self.structs.iter().map(|(def, fields)| self.struct_view(def, fields));
        let enum_views = self.node_enums.iter().map(|e| self.enum_view(e));
        let dispatch_arms = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let (pattern, bind) = payload_arm(&quote!(NodeData), def, fields, &quote!(ast.overflow));
            quote!(#pattern => { #bind AnyView::#name(view::#name { ast, id, data }) })
        });
        let any_variants = self.structs.iter().map(|(def, _)| {
            let name = ident(&def.name);
            let doc = format!("A [`view::{}`].", def.name);
            quote!(#[doc = #doc] #name(view::#name<'a>),)
        });
        quote! {
            /// Typed read access to a flat tree: one view per node type with a method per field (the flat
            /// counterpart of the boxed structs), and one view enum per node enum.
            pub mod view {
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
            }
        }
    }

    fn struct_view(&self, def: &StructDef, fields: &[FlatField<'_>]) -> TokenStream {
        let name = ident(&def.name);
        let doc = format!("A flat [`crate::{}`]: reads its fields from the tree.", def.name);
        let methods = fields.iter().map(view_method);
        let (pattern, bind) = payload_arm(&quote!(super::NodeData), def, fields, &quote!(ast.overflow));
        let count = child_count_expr(fields, &quote!(self.data), &quote!(self.ast));
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy)]
            pub struct #name<'a> {
                pub(crate) ast: &'a super::FlatAst,
                pub(crate) id: ::ast_runtime::NodeId,
                pub(crate) data: &'a super::data::#name,
            }

            impl<'a> super::FlatView<'a> for #name<'a> {
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
                fn id(&self) -> ::ast_runtime::NodeId {
                    self.id
                }

                #[inline]
                fn ast(&self) -> &'a super::FlatAst {
                    self.ast
                }
            }

            impl<'a> #name<'a> {
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
        let mut id_arms = Vec::new();
        for v in &e.variants {
            let Some(payload) = &v.payload else { continue };
            let variant = ident(&v.name);
            let vdoc = doc_attrs(&v.docs);
            match self.schema.shape(payload).strip_box() {
                Shape::Struct(s) => {
                    let Some((def, fields)) = self.structs.iter().find(|(def, _)| def.name == *s) else { continue };
                    let (pattern, bind) = payload_arm(&quote!(super::NodeData), def, fields, &quote!(ast.overflow));
                    let s = ident(s);
                    variants.push(quote!(#vdoc #variant(#s<'a>),));
                    direct.push(quote! {
                        #pattern => {
                            #bind
                            return ::core::option::Option::Some(#name::#variant(#s { ast, id, data }));
                        }
                    });
                    id_arms.push(quote!(#name::#variant(it) => super::FlatView::id(it),));
                }
                Shape::NodeEnum(inner) => {
                    let inner = ident(inner);
                    variants.push(quote!(#vdoc #variant(#inner<'a>),));
                    nested.push(quote! {
                        if let ::core::option::Option::Some(it) = #inner::from_node(ast, id, node) {
                            return ::core::option::Option::Some(#name::#variant(it));
                        }
                    });
                    id_arms.push(quote!(#name::#variant(it) => it.id(),));
                }
                _ => {}
            }
        }
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

                /// The held node's ID.
                pub fn id(&self) -> ::ast_runtime::NodeId {
                    match self { #(#id_arms)* }
                }
            }
        }
    }
}

/// The view accessor of one field.
fn view_method(f: &FlatField<'_>) -> TokenStream {
    let ident = &f.ident;
    let docs = doc_attrs(&f.def.docs);
    let rt = quote!(::ast_runtime);
    let expect = "a FlatAst is validated on construction, so a child has a kind its field accepts";
    match &f.encoding {
        Encoding::Child(t) => {
            let view = t.view_type();
            let view_path = view_path(t);
            let child = child_id(f, &quote!(self.data), &quote!(self.id));
            quote! {
                #docs
                pub fn #ident(&self) -> #view {
                    #view_path::from_id(self.ast, #child).expect(#expect)
                }
            }
        }
        Encoding::OptionalChild(t) => {
            let view = t.view_type();
            let view_path = view_path(t);
            quote! {
                #docs
                pub fn #ident(&self) -> ::core::option::Option<#view> {
                    self.data.#ident.get().map(|id| #view_path::from_id(self.ast, id).expect(#expect))
                }
            }
        }
        Encoding::ChildList(t) => {
            let view = t.view_type();
            let view_path = view_path(t);
            let ids = format_ident!("{}_ids", f.def.name);
            quote! {
                #docs
                pub fn #ident(&self) -> impl ::core::iter::ExactSizeIterator<Item = #view> + 'a {
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
            let ids = format_ident!("{}_ids", f.def.name);
            quote! {
                #docs
                pub fn #ident(&self) -> ::core::option::Option<impl ::core::iter::ExactSizeIterator<Item = #view> + 'a> {
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
            let ids = format_ident!("{}_ids", f.def.name);
            quote! {
                #docs
                pub fn #ident(&self) -> impl ::core::iter::ExactSizeIterator<Item = ::core::option::Option<#view>> + 'a {
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
            pub fn #ident(&self) -> &'a str {
                self.ast.string(self.data.#ident)
            }
        },
        Encoding::OptionalStr => quote! {
            #docs
            pub fn #ident(&self) -> ::core::option::Option<&'a str> {
                self.data.#ident.get().map(|s| self.ast.string(s))
            }
        },
        Encoding::Value(v) => {
            let ty = v.boxed_type();
            let value = v.to_boxed(quote!(self.data.#ident));
            quote! {
                #docs
                pub fn #ident(&self) -> #ty {
                    #value
                }
            }
        }
        Encoding::OptionalValue(v) => {
            let ty = v.boxed_type();
            let value = v.optional_to_boxed(quote!(self.data.#ident));
            quote! {
                #docs
                pub fn #ident(&self) -> ::core::option::Option<#ty> {
                    #value
                }
            }
        }
    }
}

/// `crate::flat::view::Name` (without lifetime), for calling `from_id`.
/// The number of direct children of a node with these fields, as an expression over its payload `data` and its
/// tree `ast` (list lengths are read from their length slots).
fn child_count_expr(fields: &[FlatField<'_>], data: &TokenStream, ast: &TokenStream) -> TokenStream {
    let terms: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let ident = &f.ident;
            match f.encoding {
                Encoding::Child(_) => Some(quote!(1)),
                Encoding::OptionalChild(_) => Some(quote!(usize::from(#data.#ident.is_some()))),
                Encoding::ChildList(_) => Some(quote!(#data.#ident.stored_len(&#ast.child_ids))),
                Encoding::MaybeChildList(_) => {
                    Some(quote!(#data.#ident.map_or(0, |range| range.stored_len(&#ast.child_ids))))
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
    for f in fields {
        match f.encoding {
            Encoding::Child(_) => count = count.checked_add(1).filter(|&c| c < u8::MAX)?,
            _ if f.encoding.target().is_some() => return None,
            _ => {}
        }
    }
    Some(count)
}

fn view_path(t: &Target) -> TokenStream {
    let name = ident(t.name());
    match t {
        Target::Struct { .. } => quote!(<crate::flat::view::#name<'a> as crate::flat::FlatView<'a>>),
        Target::Enum { .. } => quote!(crate::flat::view::#name),
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
                let len = self.id_list(data.#ident).len();
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
                        let len = self.id_list(range).len();
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
                let entries = self.optional_id_list(data.#ident);
                let mut #b = ::std::vec::Vec::with_capacity(entries.len());
                for entry in entries {
                    #b.push(if entry.is_some() { ::core::option::Option::Some(#take) } else { ::core::option::Option::None });
                }
            }
        }
        Encoding::Str => quote!(let #b = ::std::string::String::from(self.string(data.#ident));),
        Encoding::OptionalStr => quote! {
            let #b = data.#ident.get().map(|s| ::std::string::String::from(self.string(s)));
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
fn take_child(t: &Target) -> TokenStream {
    let name = ident(t.name());
    match t {
        Target::Struct { boxed: true, .. } => quote! {
            match stack.pop()? { OwnedNode::#name(it) => it, _ => return ::core::option::Option::None }
        },
        Target::Struct { boxed: false, .. } => quote! {
            match stack.pop()? { OwnedNode::#name(it) => *it, _ => return ::core::option::Option::None }
        },
        Target::Enum { name: enum_name, boxed } => {
            let into_fn = snake_ident("owned_into", enum_name);
            if *boxed {
                quote!(::std::boxed::Box::new(#into_fn(stack.pop()?).ok()?))
            } else {
                quote!(#into_fn(stack.pop()?).ok()?)
            }
        }
    }
}

/// The local variable holding a field's value while a node is built: prefixed so that no field name can shadow
/// the builder's own variables (`id`, `it`, `data`, `stack`, ...).
fn binding(f: &FlatField<'_>) -> proc_macro2::Ident {
    format_ident!("field_{}", f.def.name)
}

/// `crate::AstKind` of a child expression (`&Box<S>`, `&S` or `&E`).
fn ast_kind_expr(t: &Target, expr: TokenStream) -> TokenStream {
    match t {
        Target::Struct { name, .. } => {
            let name = ident(name);
            quote!(crate::AstKind::#name(#expr))
        }
        Target::Enum { name, .. } => {
            let fn_name = snake_ident("ast_kind_of", name);
            quote!(#fn_name(#expr))
        }
    }
}

/// The `accepts_*` function of a child type.
fn accepts_fn(t: &Target) -> proc_macro2::Ident {
    format_ident!("accepts_{}", t.snake())
}

/// The target without its box: which kinds it accepts does not depend on boxing.
fn unboxed(t: &Target) -> Target {
    match t {
        Target::Struct { name, .. } => Target::Struct { name: name.clone(), boxed: false },
        Target::Enum { name, .. } => Target::Enum { name: name.clone(), boxed: false },
    }
}

/// The ID of the field's child when it is implied (the node after `id`), else `data.field`.
fn child_id(f: &FlatField<'_>, data: &TokenStream, id: &TokenStream) -> TokenStream {
    let ident = &f.ident;
    if f.implied { quote!(#id.next()) } else { quote!(#data.#ident) }
}

/// The schema-independent part: `Node`, `FlatAst`, `FlatParts`, navigation, validation, the conversion drivers.
fn fixed_items(root: &proc_macro2::Ident) -> TokenStream {
    quote! {
        /// One node of a [`FlatAst`]: what it is and holds ([`NodeData`]) and where it is in the source. The node's
        /// own ID is its index; its subtree is the index range [`FlatAst::subtree`]. The parent is not stored (it
        /// would cost 4 of every node's bytes): [`FlatAst::parent`] and [`FlatAst::parents`] derive it.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Node {
            /// The node's type and fields.
            pub data: NodeData,
            /// The node's source range.
            pub span: ::ast_runtime::Span,
        }

        impl Node {
            /// The node's type: the discriminant of its data.
            #[inline]
            pub fn kind(&self) -> crate::NodeKind {
                self.data.kind()
            }
        }


        /// One child-holding field of a node: its name, what it stores, and which kinds its children may have.
        #[derive(Clone, Copy, Debug)]
        pub struct ChildFieldInfo {
            /// The schema field name.
            pub name: &'static str,
            /// The stored child, optional child or list.
            pub field: ::ast_runtime::ChildField,
            /// True for the kinds this field may hold.
            pub accepts: fn(crate::NodeKind) -> bool,
        }

        /// The parts of a [`FlatAst`], public so that a tree can be stored, sent and rebuilt elsewhere;
        /// [`FlatAst::from_parts`] validates them.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct FlatParts {
            /// The nodes in preorder; index == `NodeId`.
            pub nodes: ::std::vec::Vec<Node>,
            /// The shared list that list fields point into: per list a length slot, then its IDs.
            pub child_ids: ::std::vec::Vec<::ast_runtime::NodeId>,
            /// The same for lists of optional children.
            pub optional_child_ids: ::std::vec::Vec<::ast_runtime::OptionalNodeId>,
            /// The shared buffer every string lives in, each behind its length header.
            pub strings: ::std::string::String,
            /// The payloads too large to sit inline in their nodes.
            pub overflow: Overflow,
        }

        /// A whole tree in the flat encoding: nodes in preorder (`NodeId` == index, root = 0, every subtree
        /// contiguous), one shared child list, one shared string buffer. Always valid: made by
        /// [`FlatAst::from_boxed`] or validated by [`FlatAst::from_parts`]. Dropping it never recurses.
        #[derive(Debug, Clone)]
        pub struct FlatAst {
            nodes: ::std::vec::Vec<Node>,
            child_ids: ::std::vec::Vec<::ast_runtime::NodeId>,
            optional_child_ids: ::std::vec::Vec<::ast_runtime::OptionalNodeId>,
            strings: ::std::string::String,
            pub(crate) overflow: Overflow,
            /// Per node, how many subtrees end at it (its own when it is a leaf, then those of the ancestors it
            /// completes), `u8::MAX` when that is 255 or more (then `long_ends` has the count): what lets a walk
            /// emit leave events without looking at node types. One byte per node, derived on construction.
            pub(crate) ends: ::std::vec::Vec<u8>,
            /// `(node, count)` for the nodes whose `ends` is `u8::MAX`, by node.
            long_ends: ::std::vec::Vec<(u32, u32)>,
            /// The parent table, built by the first [`FlatAst::parent`] / [`FlatAst::parents`] call: derived data,
            /// so trees that never ask for parents do not pay 4 bytes per node for them.
            parents: ::std::sync::OnceLock<::ast_runtime::NodeIdVec<::ast_runtime::OptionalNodeId>>,
        }

        /// Equal trees have equal buffers; whether either has built its parent table does not matter.
        impl ::core::cmp::PartialEq for FlatAst {
            fn eq(&self, other: &Self) -> bool {
                self.nodes == other.nodes
                    && self.child_ids == other.child_ids
                    && self.optional_child_ids == other.optional_child_ids
                    && self.strings == other.strings
                    && self.overflow == other.overflow
            }
        }

        /// Where boxed -> flat writes a child's ID once the child has one.
        #[derive(Clone, Copy)]
        enum Slot {
            Root,
            /// A first child whose ID is implied (its parent's + 1): nothing to write.
            Implied,
            Field { parent: u32, field: u8 },
            List(u32),
            OptionalList(u32),
        }

        /// A node waiting for its preorder index in boxed -> flat.
        struct Work<'a> {
            node: crate::AstKind<'a>,
            slot: Slot,
        }

        /// The placeholder a child ID has until the child is entered; never left in a finished tree.
        const UNPATCHED: ::ast_runtime::NodeId = ::ast_runtime::NodeId::from_u32(u32::MAX);

        /// The state of boxed -> flat.
        struct Flattener<'a> {
            ast: FlatAst,
            stack: ::std::vec::Vec<Work<'a>>,
            /// Equal strings are stored once.
            interner: ::ast_runtime::StrInterner<'a>,
            /// How many subtrees end at each node, counted as the nodes are entered.
            ends: ::ast_runtime::SubtreeEnds,
            first_renumbered: ::core::option::Option<(::ast_runtime::NodeId, ::ast_runtime::NodeId)>,
        }

        impl FlatAst {
            /// Converts a boxed tree. Node `i` of the result is the `i`-th node of the tree in preorder (fields in
            /// schema order, lists in order), so when the tree was renumbered (`AstNodeBuilder::renumber`) every
            /// node keeps its ID and side tables serve both forms. A tree that was not renumbered is renumbered on
            /// the fly: the flat IDs are the IDs renumbering would give ([`FlatAst::from_boxed_exact`] refuses such
            /// a tree instead). Does not recurse: any depth converts.
            ///
            /// # Panics
            /// If the tree has `u32::MAX` nodes or more, or more than 4 GiB of strings.
            pub fn from_boxed(root: &crate::#root) -> FlatAst {
                Self::flatten(root).0
            }

            /// Like [`FlatAst::from_boxed`], but an error when a node's ID is not its preorder index (the tree was
            /// not renumbered), so that IDs from side tables of the boxed tree stay valid.
            pub fn from_boxed_exact(root: &crate::#root) -> ::core::result::Result<FlatAst, ::ast_runtime::FlatError> {
                match Self::flatten(root) {
                    (ast, ::core::option::Option::None) => ::core::result::Result::Ok(ast),
                    (_, ::core::option::Option::Some((found, expected))) => ::core::result::Result::Err(
                        ::ast_runtime::FlatError::at(
                            expected,
                            ::ast_runtime::FlatErrorKind::NotPreorder {
                                field: "node_id",
                                expected: expected.as_u32(),
                                found: found.as_u32(),
                            },
                        ),
                    ),
                }
            }

            fn flatten(root: &crate::#root) -> (FlatAst, ::core::option::Option<(::ast_runtime::NodeId, ::ast_runtime::NodeId)>) {
                let flattener = Flattener {
                    ast: FlatAst {
                        nodes: ::std::vec::Vec::new(),
                        child_ids: ::std::vec::Vec::new(),
                        optional_child_ids: ::std::vec::Vec::new(),
                        strings: ::std::string::String::new(),
                        overflow: Overflow::default(),
                        ends: ::std::vec::Vec::new(),
                        long_ends: ::std::vec::Vec::new(),
                        parents: ::std::sync::OnceLock::new(),
                    },
                    stack: ::std::vec::Vec::new(),
                    // Room for 256 distinct strings up front: small trees never rehash, large ones rehash less.
                    interner: ::ast_runtime::StrInterner::with_capacity(256),
                    ends: ::ast_runtime::SubtreeEnds::default(),
                    first_renumbered: ::core::option::Option::None,
                };
                let (ast, renumbered) = flattener.run(root);
                assert!(ast.nodes.len() < u32::MAX as usize, "a flat tree holds fewer than u32::MAX nodes");
                (ast, renumbered)
            }

            /// Converts back to the boxed tree: same IDs (node `i` gets `NodeId(i)`), spans, values and list order.
            /// Builds bottom-up without recursion. Drop a very deep result with [`drop_iteratively`].
            pub fn to_boxed(&self) -> crate::#root {
                self.try_to_boxed().expect("a FlatAst is validated on construction, so it converts")
            }

            /// Validates `parts` (from deserialisation, another process, hand-building) and makes a tree of them.
            /// Checks that every index and range is in bounds, strings lie on `char` boundaries, the nodes are in
            /// preorder with children after their parents and every subtree contiguous, and every child has a kind its field accepts.
            pub fn from_parts(parts: FlatParts) -> ::core::result::Result<FlatAst, ::ast_runtime::FlatError> {
                validate(&parts)?;
                let FlatParts { nodes, child_ids, optional_child_ids, strings, overflow } = parts;
                let mut ast = FlatAst {
                    nodes,
                    child_ids,
                    optional_child_ids,
                    strings,
                    overflow,
                    ends: ::std::vec::Vec::new(),
                    long_ends: ::std::vec::Vec::new(),
                    parents: ::std::sync::OnceLock::new(),
                };
                ast.count_subtree_ends();
                ::core::result::Result::Ok(ast)
            }

            /// The parts, for storing or sending the tree.
            pub fn into_parts(self) -> FlatParts {
                let FlatAst { nodes, child_ids, optional_child_ids, strings, overflow, .. } = self;
                FlatParts { nodes, child_ids, optional_child_ids, strings, overflow }
            }

            fn shrink_to_fit(&mut self) {
                self.nodes.shrink_to_fit();
                self.child_ids.shrink_to_fit();
                self.optional_child_ids.shrink_to_fit();
                self.strings.shrink_to_fit();
                self.overflow.shrink_to_fit();
            }

            /// Bytes the tree holds on the heap (capacities of its buffers and overflow tables, plus the parent table once
            /// [`FlatAst::parent`] or [`FlatAst::parents`] has built it): what dropping it frees.
            pub fn heap_bytes(&self) -> usize {
                let parents = self.parents.get().map_or(0, |table| ::core::mem::size_of_val(table.as_slice()));
                self.nodes.capacity() * ::core::mem::size_of::<Node>()
                    + self.child_ids.capacity() * ::core::mem::size_of::<::ast_runtime::NodeId>()
                    + self.optional_child_ids.capacity() * ::core::mem::size_of::<::ast_runtime::OptionalNodeId>()
                    + self.strings.capacity()
                    + self.overflow.heap_bytes()
                    + self.ends.capacity()
                    + self.long_ends.capacity() * ::core::mem::size_of::<(u32, u32)>()
                    + parents
            }

            /// How many subtrees end at node `id`: 1 for a leaf plus one per ancestor whose last descendant it is,
            /// 0 for a node with children (0 for IDs outside the tree). A walk that pushes every node it enters
            /// pops this many after it to emit leave events.
            pub fn subtrees_ending_at(&self, id: ::ast_runtime::NodeId) -> u32 {
                ::ast_runtime::SubtreeEnds::lookup(&self.ends, &self.long_ends, id.index())
            }

            /// Derives `ends` and `long_ends` from the nodes of a tree that came from outside.
            fn count_subtree_ends(&mut self) {
                let mut ends = ::ast_runtime::SubtreeEnds::with_capacity(self.nodes.len());
                for node in &self.nodes {
                    ends.enter(self.child_count(node));
                }
                (self.ends, self.long_ends) = ends.finish();
            }

            /// Number of nodes.
            #[inline]
            pub fn len(&self) -> usize {
                self.nodes.len()
            }

            /// Always false: a tree has at least its root.
            #[inline]
            pub fn is_empty(&self) -> bool {
                self.nodes.is_empty()
            }

            /// All nodes in preorder; index `i` is `NodeId(i)`.
            #[inline]
            pub fn nodes(&self) -> &[Node] {
                &self.nodes
            }

            /// The node with this ID, if it exists.
            #[inline]
            pub fn node(&self, id: ::ast_runtime::NodeId) -> ::core::option::Option<&Node> {
                self.nodes.get(id.index())
            }

            /// The root's view.
            pub fn root(&self) -> view::#root<'_> {
                self.view(::ast_runtime::NodeId::ROOT).expect("a FlatAst's root has the root type")
            }

            /// The typed view of node `id`, if it exists and has type `V`.
            #[inline]
            pub fn view<'a, V: FlatView<'a>>(&'a self, id: ::ast_runtime::NodeId) -> ::core::option::Option<V> {
                V::from_node(self, id, self.nodes.get(id.index())?)
            }

            /// The untyped handle of node `id`, if it exists.
            pub fn node_ref(&self, id: ::ast_runtime::NodeId) -> ::core::option::Option<NodeRef<'_>> {
                self.node(id).map(|node| NodeRef { ast: self, id, node })
            }

            /// Every node of type `V`, in preorder, by one linear scan (no recursion, no child lists).
            pub fn iter_views<'a, V: FlatView<'a>>(&'a self) -> impl ::core::iter::Iterator<Item = V> + 'a {
                self.nodes
                    .iter()
                    .enumerate()
                    .filter_map(move |(i, node)| V::from_node(self, ::ast_runtime::NodeId::from_usize(i), node))
            }

            /// The IDs of every node of `kind`, in preorder, by one linear scan.
            pub fn ids_of_kind(&self, kind: crate::NodeKind) -> impl ::core::iter::Iterator<Item = ::ast_runtime::NodeId> + '_ {
                self.nodes
                    .iter()
                    .enumerate()
                    .filter(move |(_, node)| node.kind() == kind)
                    .map(|(i, _)| ::ast_runtime::NodeId::from_usize(i))
            }

            /// The parent of `id` (`None` for the root and for IDs outside the tree). Parents are not stored in
            /// the nodes: the first call builds the parent table ([`FlatAst::parents`], one linear pass, 4 bytes
            /// per node), later calls are one lookup.
            #[inline]
            pub fn parent(&self, id: ::ast_runtime::NodeId) -> ::core::option::Option<::ast_runtime::NodeId> {
                self.parents().get(id)?.get()
            }

            /// The parent of every node (`NONE` for the root), indexed by `NodeId`. Built on the first call by one
            /// linear pass over the nodes (each node writes its own ID into its children's entries) and kept, so
            /// later calls are free.
            pub fn parents(&self) -> &::ast_runtime::NodeIdVec<::ast_runtime::OptionalNodeId> {
                self.parents.get_or_init(|| self.build_parents())
            }

            /// The parent table if [`FlatAst::parents`] has built it already (never builds it).
            #[inline]
            pub fn cached_parents(&self) -> ::core::option::Option<&::ast_runtime::NodeIdVec<::ast_runtime::OptionalNodeId>> {
                self.parents.get()
            }

            fn build_parents(&self) -> ::ast_runtime::NodeIdVec<::ast_runtime::OptionalNodeId> {
                let mut table = ::std::vec![::ast_runtime::OptionalNodeId::NONE; self.nodes.len()];
                let mut children = ::std::vec::Vec::new();
                for (index, node) in self.nodes.iter().enumerate() {
                    let parent = ::ast_runtime::OptionalNodeId::some(::ast_runtime::NodeId::from_usize(index));
                    children.clear();
                    let id = ::ast_runtime::NodeId::from_usize(index);
                    let _ = node.data.for_each_child_field(id, &self.overflow, |info| -> ::core::result::Result<(), ()> {
                        self.push_children(info.field, &mut children);
                        ::core::result::Result::Ok(())
                    });
                    for child in &children {
                        if let ::core::option::Option::Some(entry) = table.get_mut(child.index()) {
                            *entry = parent;
                        }
                    }
                }
                ::ast_runtime::NodeIdVec::from_vec(table)
            }


            /// The direct children of `id` in order (empty for IDs outside the tree).
            pub fn children(&self, id: ::ast_runtime::NodeId) -> ::std::vec::Vec<::ast_runtime::NodeId> {
                let mut out = ::std::vec::Vec::new();
                if let ::core::option::Option::Some(node) = self.node(id) {
                    let _ = node.data.for_each_child_field(id, &self.overflow, |info| -> ::core::result::Result<(), ()> {
                        self.push_children(info.field, &mut out);
                        ::core::result::Result::Ok(())
                    });
                }
                out
            }

            fn push_children(&self, field: ::ast_runtime::ChildField, out: &mut ::std::vec::Vec<::ast_runtime::NodeId>) {
                match field {
                    ::ast_runtime::ChildField::One(id) => out.push(id),
                    ::ast_runtime::ChildField::Optional(id) => out.extend(id.get()),
                    ::ast_runtime::ChildField::List(range) => out.extend_from_slice(self.id_list(range)),
                    ::ast_runtime::ChildField::OptionalList(range) => {
                        out.extend(self.optional_id_list(range).iter().filter_map(|id| id.get()));
                    }
                }
            }

            /// The index range of the subtree of `id` (the node and all its descendants): `id..end`. Found by
            /// following last children down, so it costs the depth of the subtree's rightmost path.
            pub fn subtree(&self, id: ::ast_runtime::NodeId) -> ::core::ops::Range<usize> {
                if self.node(id).is_none() {
                    return id.index()..id.index();
                }
                let mut last = id;
                while let ::core::option::Option::Some(child) = self.last_child(last) {
                    last = child;
                }
                id.index()..last.index() + 1
            }

            /// The last child of `id` in preorder, if it has children.
            pub fn last_child(&self, id: ::ast_runtime::NodeId) -> ::core::option::Option<::ast_runtime::NodeId> {
                let node = self.node(id)?;
                let mut last: ::core::option::Option<::ast_runtime::NodeId> = ::core::option::Option::None;
                let _ = node.data.for_each_child_field(id, &self.overflow, |info| -> ::core::result::Result<(), ()> {
                    let candidate = match info.field {
                        ::ast_runtime::ChildField::One(id) => ::core::option::Option::Some(id),
                        ::ast_runtime::ChildField::Optional(id) => id.get(),
                        ::ast_runtime::ChildField::List(range) => self.id_list(range).last().copied(),
                        ::ast_runtime::ChildField::OptionalList(range) => {
                            self.optional_id_list(range).iter().rev().find_map(|id| id.get())
                        }
                    };
                    last = candidate.or(last);
                    ::core::result::Result::Ok(())
                });
                last
            }

            /// The entries of a list field (empty if the range is out of bounds, which a valid tree never has).
            #[inline]
            pub fn id_list(&self, range: ::ast_runtime::IdRange) -> &[::ast_runtime::NodeId] {
                range.slice(&self.child_ids).unwrap_or(&[])
            }

            /// The entries of a list-of-optional-children field.
            #[inline]
            pub fn optional_id_list(&self, range: ::ast_runtime::IdRange) -> &[::ast_runtime::OptionalNodeId] {
                range.slice(&self.optional_child_ids).unwrap_or(&[])
            }

            /// The text of a string field (empty if the reference is bad, which a valid tree never has).
            #[inline]
            pub fn string(&self, s: ::ast_runtime::StrRef) -> &str {
                s.get(&self.strings).unwrap_or("")
            }
        }

        /// A typed view of one node type: [`FlatAst::view`] and [`FlatAst::iter_views`] produce it.
        pub trait FlatView<'a>: Sized + Copy {
            /// The node type viewed.
            const KIND: crate::NodeKind;

            /// The view of `node` (node `id` of `ast`) when it has this type.
            fn from_node(ast: &'a FlatAst, id: ::ast_runtime::NodeId, node: &'a Node) -> ::core::option::Option<Self>;

            /// The view of node `id` of `ast` when it exists and has this type.
            #[inline]
            fn from_id(ast: &'a FlatAst, id: ::ast_runtime::NodeId) -> ::core::option::Option<Self> {
                Self::from_node(ast, id, ast.node(id)?)
            }

            /// The node's ID.
            fn id(&self) -> ::ast_runtime::NodeId;

            /// The tree.
            fn ast(&self) -> &'a FlatAst;

            /// The node's source range.
            #[inline]
            fn span(&self) -> ::ast_runtime::Span {
                self.ast().nodes[self.id().index()].span
            }

            /// The parent's ID (`None` for the root); see [`FlatAst::parent`] for its cost.
            #[inline]
            fn parent(&self) -> ::core::option::Option<::ast_runtime::NodeId> {
                self.ast().parent(self.id())
            }
        }

        /// An untyped handle to one node of a tree: what the flat visitor's `enter_node` / `leave_node` receive.
        #[derive(Debug, Clone, Copy)]
        pub struct NodeRef<'a> {
            /// The tree.
            pub ast: &'a FlatAst,
            /// The node's ID.
            pub id: ::ast_runtime::NodeId,
            /// The node.
            pub node: &'a Node,
        }

        impl<'a> NodeRef<'a> {
            /// The node's type.
            #[inline]
            pub fn kind(&self) -> crate::NodeKind {
                self.node.kind()
            }

            /// The node's source range.
            #[inline]
            pub fn span(&self) -> ::ast_runtime::Span {
                self.node.span
            }

            /// The typed view, whatever the type.
            #[inline]
            pub fn view(&self) -> AnyView<'a> {
                AnyView::new(self.ast, self.id, self.node)
            }
        }

        /// The checks of [`FlatAst::from_parts`]: an explicit depth-first walk from the root that expects each
        /// child at the next preorder index. Never panics and never recurses; stops at the first problem.
        fn validate(parts: &FlatParts) -> ::core::result::Result<(), ::ast_runtime::FlatError> {
            use ::ast_runtime::{ChildField, FlatError, FlatErrorKind, NodeId};
            let total = parts.nodes.len();
            let root = parts.nodes.first().ok_or(FlatError { node: ::core::option::Option::None, kind: FlatErrorKind::Empty })?;
            if total >= u32::MAX as usize {
                return ::core::result::Result::Err(FlatError { node: ::core::option::Option::None, kind: FlatErrorKind::TooManyNodes });
            }
            if root.kind() != crate::NodeKind::#root {
                return ::core::result::Result::Err(FlatError::at(NodeId::ROOT, FlatErrorKind::WrongRootKind { found: root.kind().name() }));
            }
            // (child, the field holding it) waiting to be visited, next sibling on top.
            let mut stack: ::std::vec::Vec<(u32, &'static str)> = ::std::vec![(0, "root")];
            let mut next: u32 = 0;
            while let ::core::option::Option::Some((index, field)) = stack.pop() {
                let at = NodeId::from_u32(index);
                if index != next {
                    return ::core::result::Result::Err(FlatError::at(at, FlatErrorKind::NotPreorder { field, expected: next, found: index }));
                }
                let node = &parts.nodes[index as usize];
                next += 1;
                if let ::core::result::Result::Err(kind) = parts.overflow.check(&node.data) {
                    return ::core::result::Result::Err(FlatError::at(at, FlatErrorKind::OverflowOutOfRange { kind }));
                }
                if let ::core::result::Result::Err(field) = node.data.check_strings(&parts.overflow, &parts.strings) {
                    return ::core::result::Result::Err(FlatError::at(at, FlatErrorKind::BadString { field }));
                }
                let queued = stack.len();
                node.data.for_each_child_field(at, &parts.overflow, |info| {
                    let mut push = |child: NodeId| -> ::core::result::Result<(), FlatError> {
                        let ::core::option::Option::Some(child_node) = parts.nodes.get(child.index()) else {
                            return ::core::result::Result::Err(FlatError::at(at, FlatErrorKind::ChildOutOfRange { field: info.name, child: child.as_u32() }));
                        };
                        if !(info.accepts)(child_node.kind()) {
                            return ::core::result::Result::Err(FlatError::at(at, FlatErrorKind::KindMismatch { field: info.name, found: child_node.kind().name() }));
                        }
                        // A valid tree never has more pending children than unvisited nodes; this bounds the work
                        // a corrupt tree (one huge list shared by many nodes) can cause.
                        if stack.len() >= total - next as usize {
                            return ::core::result::Result::Err(FlatError::at(at, FlatErrorKind::TooManyChildren { field: info.name }));
                        }
                        stack.push((child.as_u32(), info.name));
                        ::core::result::Result::Ok(())
                    };
                    match info.field {
                        ChildField::One(child) => push(child),
                        ChildField::Optional(child) => child.get().map_or(::core::result::Result::Ok(()), &mut push),
                        ChildField::List(range) => {
                            let list = range.slice(&parts.child_ids).ok_or(FlatError::at(at, FlatErrorKind::ListOutOfRange { field: info.name }))?;
                            list.iter().try_for_each(|&child| push(child))
                        }
                        ChildField::OptionalList(range) => {
                            let list = range.slice(&parts.optional_child_ids).ok_or(FlatError::at(at, FlatErrorKind::ListOutOfRange { field: info.name }))?;
                            list.iter().filter_map(|child| child.get()).try_for_each(&mut push)
                        }
                    }
                })?;
                stack[queued..].reverse();
            }
            if next as usize != total {
                return ::core::result::Result::Err(FlatError { node: ::core::option::Option::None, kind: FlatErrorKind::UnreachableNodes { reachable: next, total: total as u32 } });
            }
            ::core::result::Result::Ok(())
        }
    }
}

/// The flat encoding (`flat.rs`).
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
        let tokens = emit_schema(&schema());
        let file = syn::parse2::<syn::File>(tokens).expect("flat.rs parses");
        let text = prettyplease::unparse(&file);
        assert!(text.contains("pub enum NodeData"), "{text}");
        assert!(text.contains("Root(data::Root)"));
        assert!(text.contains("pub value: ::ast_runtime::Bits64"));
        assert!(!text.contains("compile_error"));
    }

    #[test]
    fn unsupported_field_becomes_a_compile_error_naming_it() {
        let mut schema = schema();
        if let TypeDef::Struct(s) = &mut schema.types[1] {
            s.fields[1].ty = TypeRef::Vec(Box::new(TypeRef::String));
        }
        let text = emit_schema(&schema).to_string();
        assert!(text.contains("compile_error") && text.contains("Item.name"), "{text}");
    }
}
