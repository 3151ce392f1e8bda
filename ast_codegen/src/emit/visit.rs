//! Emits `visit.rs`: `Visit` and `VisitMut` for the boxed tree (`visit_*` methods whose defaults call the `walk_*`
//! functions, plus `enter_node` / `leave_node` hooks with `AstKind`), and `FlatVisit` for the flat tree with the same
//! hooks, driven by a linear scan instead of recursion.
//!
//! Children are visited in schema field order, lists in order: the same order as the flat tree's preorder, so both
//! forms produce the same sequence of `enter_node` / `leave_node` events.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::parent_field::ParentFields;
use crate::emit::{ident, snake_ident};
use crate::flat_fields::{Encoding, FlatField, payload_arm_or_skip};
use crate::model::{EnumDef, Schema, StructDef, TypeShape};

/// Emits `visit.rs`.
pub fn emit(model: &super::Model) -> TokenStream {
    let schema = model.schema;
    let structs: Vec<_> = model.structs_with_flat_fields().collect();
    let enums: Vec<&EnumDef> = schema.node_enums().collect();
    let edges = ParentFields::new(model);
    let visit = emit_visit(schema, &structs, &enums, &edges, false);
    let visit_mut = emit_visit(schema, &structs, &enums, &edges, true);
    let flat = emit_flat_visit(&structs);
    let report_parents = emit_report_parents(&ident(&model.root.name), &snake_ident("walk", &model.root.name));
    quote! {
        //! Visitors. [`Visit`] and [`VisitMut`] walk the boxed tree: override `visit_*` to act on a node type
        //! (call the matching `walk::walk_*` / `walk_mut::walk_*` to keep descending), or `enter_node` /
        //! `leave_node` to act on every node. [`FlatVisit`] has the same hooks for the flat tree; [`walk_flat`]
        //! drives it by one linear scan of the preorder array, so it works on trees of any depth.
        //!
        //! Which field of its parent a node is in: override `enter_field` (and `leave_field`, to keep a stack) of
        //! the boxed visitors; on the flat tree ask `NodeRef::parent_field`.
        //!
        //! Skipping and stopping: every visitor has `walk_control`, asked after each `enter_node` (and the
        //! `visit_*` of the flat walk) and after each leave. Return `WalkControl::SkipChildren` to skip the
        //! descendants of the node just entered (it still gets its `leave_node`) and `WalkControl::Stop` to end the
        //! walk (no more events). The default returns `Continue`, a constant, so the checks compile away.
        //!
        //! The boxed walks recurse once per nesting level (a few hundred bytes of stack per level in release
        //! builds, more in debug builds); see the crate README for the depth at which that becomes a limit.
        #![allow(clippy::needless_lifetimes, unused_variables)]
        #visit
        #visit_mut
        #flat
        #report_parents
    }
}

/// `Visit` + `mod walk` (shared refs), or `VisitMut` + `mod walk_mut` (mutable refs).
fn emit_visit(
    schema: &Schema,
    structs: &[(&StructDef, &[FlatField<'_>])],
    enums: &[&EnumDef],
    edges: &ParentFields<'_>,
    mutable: bool,
) -> TokenStream {
    let (trait_name, module) =
        if mutable { (quote!(VisitMut), quote!(walk_mut)) } else { (quote!(Visit), quote!(walk)) };
    let lifetime = if mutable { quote!() } else { quote!(<'a>) };
    let reference = |ty: TokenStream| if mutable { quote!(&mut #ty) } else { quote!(&'a #ty) };
    let bound = if mutable { quote!(super::VisitMut) } else { quote!(super::Visit<'a>) };
    let generics = if mutable { quote!(<V: #bound + ?Sized>) } else { quote!(<'a, V: #bound + ?Sized>) };
    let kind_lifetime = if mutable { quote!('_) } else { quote!('a) };

    let mut methods = Vec::new();
    let mut walks = Vec::new();
    for (def, fields) in structs {
        let name = ident(&def.name);
        let visit_fn = snake_ident("visit", &def.name);
        let walk_fn = snake_ident("walk", &def.name);
        let ty = reference(quote!(crate::#name));
        let doc = format!("Visits a [`crate::{}`]; the default walks its children.", def.name);
        methods.push(quote! {
            #[doc = #doc]
            #[inline]
            fn #visit_fn(&mut self, it: #ty) {
                #module::#walk_fn(self, it);
            }
        });
        let kind = if mutable { quote!(crate::AstKind::#name(&*it)) } else { quote!(crate::AstKind::#name(it)) };
        let children: Vec<_> =
            fields.iter().filter_map(|f| visit_field(f, &edges.path(&def.name, &f.def.name), mutable)).collect();
        let wdoc = format!(
            "Calls `enter_node`, visits the children of a [`crate::{}`] in order (each between `enter_field` and \
             `leave_field`), calls `leave_node`; obeys `walk_control`.",
            def.name
        );
        // A node without children has nothing to skip: only `Stop` matters, and its leave event is all that is left.
        let after_enter = if children.is_empty() {
            quote!(if let ::ast_runtime::WalkControl::Stop = visitor.walk_control() {
                return;
            })
        } else {
            quote! {
                match visitor.walk_control() {
                    ::ast_runtime::WalkControl::Continue => {}
                    ::ast_runtime::WalkControl::SkipChildren => {
                        visitor.leave_node(#kind);
                        return;
                    }
                    ::ast_runtime::WalkControl::Stop => return,
                }
            }
        };
        walks.push(quote! {
            #[doc = #wdoc]
            pub fn #walk_fn #generics(visitor: &mut V, it: #ty) {
                visitor.enter_node(#kind);
                #after_enter
                #(#children)*
                visitor.leave_node(#kind);
            }
        });
    }
    for e in enums {
        let name = ident(&e.name);
        let visit_fn = snake_ident("visit", &e.name);
        let walk_fn = snake_ident("walk", &e.name);
        let ty = reference(quote!(crate::#name));
        let doc = format!("Visits a [`crate::{}`]; the default visits the node it holds.", e.name);
        methods.push(quote! {
            #[doc = #doc]
            #[inline]
            fn #visit_fn(&mut self, it: #ty) {
                #module::#walk_fn(self, it);
            }
        });
        let arms = e.variants.iter().filter_map(|v| {
            let variant = ident(&v.name);
            let shape = schema.shape(v.payload.as_ref()?);
            let inner = match shape.strip_box() {
                TypeShape::Struct(s) | TypeShape::NodeEnum(s) => snake_ident("visit", s),
                _ => return None,
            };
            Some(quote!(crate::#name::#variant(it) => visitor.#inner(it),))
        });
        let wdoc = format!("Visits the node a [`crate::{}`] holds.", e.name);
        walks.push(quote! {
            #[doc = #wdoc]
            pub fn #walk_fn #generics(visitor: &mut V, it: #ty) {
                match it { #(#arms)* }
            }
        });
    }
    let trait_doc = if mutable {
        "A visitor of the boxed tree that may change it. Hooks see each node as an `AstKind` borrowed for the call."
    } else {
        "A visitor of the boxed tree. `'a` is the tree's lifetime, so a visitor may keep references to nodes."
    };
    let module_doc = if mutable {
        "The default traversals of [`VisitMut`]: call them from an overridden `visit_*` to keep descending."
    } else {
        "The default traversals of [`Visit`]: call them from an overridden `visit_*` to keep descending."
    };
    quote! {
        #[doc = #trait_doc]
        pub trait #trait_name #lifetime {
            /// Called before a node's children are visited.
            #[inline]
            fn enter_node(&mut self, kind: crate::AstKind<#kind_lifetime>) {}

            /// Called after a node's children are visited.
            #[inline]
            fn leave_node(&mut self, kind: crate::AstKind<#kind_lifetime>) {}

            /// Called right before a child is visited, with the field of the current node that holds it: the next
            /// `visit_*` / `enter_node` is that child's (lists: once per element). Never called for the root. Keep
            /// the last value to know, in `enter_node` or a `visit_*`, which field of its parent a node is in.
            #[inline]
            fn enter_field(&mut self, field: crate::ParentField) {}

            /// Called right after the child announced by `enter_field` has been visited (after its `leave_node`).
            /// Push in `enter_field` and pop here, and the top of the stack is the current node's parent field in
            /// `leave_node` too.
            #[inline]
            fn leave_field(&mut self, field: crate::ParentField) {}

            /// Asked after each `enter_node` and after each child's visit: `SkipChildren` right after an
            /// `enter_node` skips that node's children (its `leave_node` still comes), `Stop` ends the walk with no
            /// further events (keep returning it: each level asks again on the way out). A visitor decides in a
            /// hook and answers here, e.g. `core::mem::take(&mut self.control)`.
            #[inline]
            fn walk_control(&mut self) -> ::ast_runtime::WalkControl {
                ::ast_runtime::WalkControl::Continue
            }

            #(#methods)*
        }

        #[doc = #module_doc]
        pub mod #module {
            #(#walks)*
        }
    }
}

/// The statement visiting one child-holding field (`None` for leaf fields), `edge` its `ParentField`: each child
/// between `enter_field` and `leave_field`, and the walk ends there when the visitor says `Stop`.
fn visit_field(f: &FlatField<'_>, edge: &TokenStream, mutable: bool) -> Option<TokenStream> {
    let ident = &f.ident;
    let (borrow, iter) = if mutable { (quote!(&mut), quote!(iter_mut)) } else { (quote!(&), quote!(iter)) };
    let target = f.encoding.target()?;
    let v = snake_ident("visit", target.name());
    let visit = |child: TokenStream| {
        quote! {
            visitor.enter_field(#edge);
            visitor.#v(#child);
            if let ::ast_runtime::WalkControl::Stop = visitor.walk_control() { return; }
            visitor.leave_field(#edge);
        }
    };
    Some(match &f.encoding {
        Encoding::Child(_) => visit(quote!(#borrow it.#ident)),
        Encoding::OptionalChild(_) => {
            let body = visit(quote!(child));
            quote!(if let ::core::option::Option::Some(child) = #borrow it.#ident { #body })
        }
        Encoding::ChildList(_) => {
            let body = visit(quote!(child));
            quote!(for child in it.#ident.#iter() { #body })
        }
        _ => {
            let body = visit(quote!(child));
            quote!(for child in it.#ident.#iter().flatten() { #body })
        }
    })
}

/// `impl ReportParents` for the root: the boxed tree's parent table (`ParentTable::build(&root)`), built by one
/// `Visit` walk that forwards `enter_field` / `enter_node` / `leave_node` to the runtime's builder.
fn emit_report_parents(root: &proc_macro2::Ident, walk_root: &proc_macro2::Ident) -> TokenStream {
    quote! {
        /// Forwards a walk's events to the runtime's parent table builder.
        struct ParentReporter<'b>(&'b mut ::ast_runtime::ParentTableBuilder<crate::ParentField>);

        impl<'a> Visit<'a> for ParentReporter<'_> {
            #[inline]
            fn enter_node(&mut self, kind: crate::AstKind<'a>) {
                self.0.enter_node(kind.node_id());
            }

            #[inline]
            fn leave_node(&mut self, kind: crate::AstKind<'a>) {
                self.0.leave_node();
            }

            #[inline]
            fn enter_field(&mut self, field: crate::ParentField) {
                self.0.enter_field(field);
            }
        }

        /// `ParentTable::build(&root)`: one walk of the boxed tree.
        impl ::ast_runtime::ReportParents for crate::#root {
            type Field = crate::ParentField;

            fn report_parents(&self, builder: &mut ::ast_runtime::ParentTableBuilder<crate::ParentField>) {
                walk::#walk_root(&mut ParentReporter(builder), self);
            }
        }
    }
}

/// `FlatVisit`, `walk_flat` and `walk_flat_subtree`.
fn emit_flat_visit(structs: &[(&StructDef, &[FlatField<'_>])]) -> TokenStream {
    let methods = structs.iter().map(|(def, _)| {
        let name = ident(&def.name);
        let visit_fn = snake_ident("visit", &def.name);
        let doc = format!(
            "Called for each [`crate::flat::view::{}`] right after its `enter_node`; its children follow.",
            def.name
        );
        quote! {
            #[doc = #doc]
            #[inline]
            fn #visit_fn(&mut self, it: crate::flat::view::#name<'a>) {}
        }
    });
    // The walk is the runtime's `flat_ast::walk_range`; the per-type dispatch is this `match` in `Dispatch::enter`,
    // which is `#[inline(always)]` so that it lands in both of the walk's loops (the enter-only scan and the loop with
    // leave events) once the generic walk is monomorphized here. One `match` on the node's data builds the typed view
    // in place (no `AnyView` in between, which the compiler does not inline at this size) and calls its `visit_*`.
    // When the visitor overrides no `visit_*`, the compiler removes the whole `match`, so the walk costs no dispatch
    // per node. (A helper that was not inlined into each loop measured 1.8x slower on the enter-only scan: lodash
    // 10.4 -> 18.7 µs.)
    let arms: Vec<TokenStream> = structs
        .iter()
        .map(|(def, fields)| {
            let name = ident(&def.name);
            let visit_fn = snake_ident("visit", &def.name);
            let visit = quote!(visitor.#visit_fn(crate::flat::view::#name { ast, id: this.id, data }););
            payload_arm_or_skip(&quote!(crate::flat::NodeData), def, fields, &quote!(ast.overflow()), visit)
        })
        .collect();
    quote! {
        /// A visitor of the flat tree, with the hooks of [`Visit`]: `enter_node` / `leave_node` for every node
        /// (given as a [`crate::flat::NodeRef`]) and a `visit_*` per node type (given as its typed view). The
        /// traversal is [`walk_flat`], a linear scan, so a `visit_*` does not walk children itself; the events come
        /// in the same order as [`Visit`]'s on the boxed tree.
        pub trait FlatVisit<'a> {
            /// Called when the scan reaches a node, before its descendants.
            #[inline]
            fn enter_node(&mut self, node: crate::flat::NodeRef<'a>) {}

            /// Called after a node's descendants (only when [`FlatVisit::wants_leave_events`] is true).
            #[inline]
            fn leave_node(&mut self, node: crate::flat::NodeRef<'a>) {}

            /// Return false from a visitor that does not override `leave_node`: [`walk_flat`] then skips tracking
            /// which subtrees are open and is a plain scan of the node array (no data-dependent inner loop).
            #[inline]
            fn wants_leave_events(&self) -> bool {
                true
            }

            /// Asked after each node's `enter_node` and `visit_*`, and after each `leave_node`: `SkipChildren`
            /// after an enter jumps the scan past the node's subtree (the node still gets its `leave_node`),
            /// `Stop` ends the walk with no further events. Set a flag in a hook and answer it here, e.g.
            /// `core::mem::take(&mut self.control)`. The default is a constant `Continue`: the checks compile away.
            #[inline]
            fn walk_control(&mut self) -> ::ast_runtime::WalkControl {
                ::ast_runtime::WalkControl::Continue
            }

            #(#methods)*
        }

        /// Visits the whole flat tree: one pass over the preorder array, with an explicit stack of open nodes for
        /// the `leave_node` events. No recursion, so any depth works.
        pub fn walk_flat<'a, V: FlatVisit<'a> + ?Sized>(visitor: &mut V, ast: &'a crate::flat::FlatAst) {
            ::ast_runtime::flat_ast::walk_range(&mut Dispatch(visitor), ast, 0..ast.len());
        }

        /// Visits the subtree of `root` (the contiguous index range [`crate::flat::FlatAst::subtree`]).
        pub fn walk_flat_subtree<'a, V: FlatVisit<'a> + ?Sized>(
            visitor: &mut V,
            ast: &'a crate::flat::FlatAst,
            root: ::ast_runtime::NodeId,
        ) {
            ::ast_runtime::flat_ast::walk_range(&mut Dispatch(visitor), ast, ast.subtree(root));
        }

        /// What the runtime's walk drives: a [`FlatVisit`] visitor, with the per-type dispatch after `enter_node`.
        struct Dispatch<'v, V: ?Sized>(&'v mut V);

        impl<'a, V: FlatVisit<'a> + ?Sized> ::ast_runtime::flat_ast::Walker<'a, crate::flat::Lang> for Dispatch<'_, V> {
            #[inline]
            fn wants_leave_events(&self) -> bool {
                self.0.wants_leave_events()
            }

            #[inline(always)]
            fn enter(&mut self, this: crate::flat::NodeRef<'a>) {
                let (visitor, ast) = (&mut *self.0, this.ast);
                visitor.enter_node(this);
                match &this.node.data { #(#arms)* }
            }

            #[inline]
            fn leave(&mut self, this: crate::flat::NodeRef<'a>) {
                self.0.leave_node(this);
            }

            #[inline(always)]
            fn control(&mut self) -> ::ast_runtime::WalkControl {
                self.0.walk_control()
            }
        }
    }
}

/// The visitors (`visit.rs`).
pub struct Visitors;

impl super::Output for Visitors {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "visit",
            doc: "`Visit` and `VisitMut` for the boxed tree, `FlatVisit` for the flat tree.",
            reexport: true,
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
    use crate::model::{FieldDef, Location, TypeDef, TypeRef};

    #[test]
    fn emitted_module_is_valid_rust() {
        let named = |n: &str| TypeRef::Named(n.into());
        let item = StructDef {
            name: "Item".into(),
            docs: vec![],
            fields: vec![
                FieldDef {
                    name: "next".into(),
                    docs: vec![],
                    ty: TypeRef::Option(Box::new(TypeRef::Box(Box::new(named("Item"))))),
                    attrs: Vec::new(),
                    location: Location::default(),
                },
                FieldDef {
                    name: "all".into(),
                    docs: vec![],
                    ty: TypeRef::Vec(Box::new(TypeRef::Option(Box::new(named("Item"))))),
                    attrs: Vec::new(),
                    location: Location::default(),
                },
            ],
            attrs: Vec::new(),
            location: Location::default(),
        };
        let mut schema = Schema::default();
        schema.types.push(TypeDef::Struct(item));
        let model = crate::prepare::prepare(&schema).unwrap_or_else(|d| panic!("{d}"));
        let file = syn::parse2::<syn::File>(emit(&model)).expect("visit.rs parses");
        let text = prettyplease::unparse(&file);
        assert!(text.contains("fn visit_item(&mut self, it: &'a crate::Item)"), "{text}");
        assert!(text.contains("fn visit_item(&mut self, it: &mut crate::Item)"), "{text}");
        assert!(text.contains("for child in it.all.iter_mut().flatten()"), "{text}");
    }
}
