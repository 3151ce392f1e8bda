//! `builder.rs`: `AstNodeBuilder`, the only way to construct node structs outside the generated crate, and the
//! `Renumber` trait behind its preorder renumbering; the `AstBuild` interface with its boxed implementation
//! (`interface`) and `BuildCopy` (`copy`).

mod copy;
pub(crate) mod interface;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Model, docs, ident, rust_type};
use crate::model::{EnumDef, StructDef, VariantDef, snake_case, struct_constructor_names, variant_constructor_name};

/// Emits the builder and `Renumber`.
pub fn emit(model: &Model) -> TokenStream {
    let constructors = model.schema.structs().map(|s| struct_constructors(model, s));
    let variant_constructors =
        model.schema.node_enums().flat_map(|e| e.variants.iter().filter_map(move |v| variant_constructor(model, e, v)));
    let renumber_structs = model.schema.structs().map(|s| renumber_struct(model, s));
    let renumber_enums = model.schema.node_enums().map(renumber_enum);
    let interface = interface::emit(model);
    let copy = copy::emit(model);
    // A constructor takes one parameter per field, however many fields the schema declares.
    quote! {
        #![allow(clippy::too_many_arguments)]

        /// Builds nodes and hands out their IDs.
        ///
        /// IDs come from a counter, densely from 0, in construction order (children before parents). Once the tree
        /// is complete, [`AstNodeBuilder::renumber`] re-assigns them in preorder (root = 0, no gaps), the order
        /// the flat encoding stores nodes in, so one side table serves both forms.
        #[derive(Debug, Default)]
        pub struct AstNodeBuilder {
            ids: ::ast_runtime::builder::IdCounter,
        }

        impl AstNodeBuilder {
            /// A builder whose first node gets ID 0.
            pub fn new() -> Self {
                AstNodeBuilder { ids: ::ast_runtime::builder::IdCounter::new() }
            }

            /// A builder for nodes that a transform adds to `tree`: its first ID follows the highest ID in the tree,
            /// so no new node shares an ID with a node already there (a builder from [`AstNodeBuilder::new`] would
            /// hand out the root's ID again). Side tables of the tree stay valid for the old nodes; renumber
            /// (or convert with `FlatAst::from_boxed_with_old_ids`) once the transform is done. Check a tree with
            /// [`AstNodeBuilder::check_unique_ids`].
            ///
            /// Recursive, like [`AstNodeBuilder::renumber`].
            pub fn continuing<N: Renumber + ?Sized>(tree: &N) -> Self {
                let next = ::ast_runtime::builder::next_free_id(tree);
                AstNodeBuilder { ids: ::ast_runtime::builder::IdCounter::starting_at(next) }
            }

            /// Checks that no two nodes under `tree` share an ID and returns the number of nodes (a debug check for
            /// transforms: O(n log n), 4 bytes per node).
            ///
            /// Recursive, like [`AstNodeBuilder::renumber`].
            pub fn check_unique_ids<N: Renumber + ?Sized>(
                tree: &N,
            ) -> ::core::result::Result<usize, ::ast_runtime::builder::DuplicateNodeId> {
                ::ast_runtime::builder::check_unique_ids(tree)
            }

            /// How many IDs have been handed out (after `renumber`: the number of nodes in the tree).
            pub fn node_count(&self) -> usize {
                self.ids.count()
            }

            /// The next ID.
            ///
            /// # Panics
            /// After `u32::MAX` nodes.
            #[inline]
            fn next_node_id(&mut self) -> ::ast_runtime::NodeId {
                self.ids.next_id()
            }

            /// Re-assigns the IDs of the tree under `root` in preorder (root = 0, children in schema field order)
            /// and returns the number of nodes; the builder's counter continues from there.
            ///
            /// Recursive: a tree nested deeper than the stack allows overflows here as it would when dropped.
            pub fn renumber<N: Renumber + ?Sized>(&mut self, root: &mut N) -> usize {
                self.ids.renumber(root)
            }

            #(#constructors)*
            #(#variant_constructors)*
        }

        /// Preorder renumbering, implemented for every node type here and for `Box`, `Vec` and `Option` of them in
        /// the runtime.
        pub use ::ast_runtime::builder::Renumber;

        #(#renumber_structs)*
        #(#renumber_enums)*

        #interface
        #copy
    }
}

/// The parameter list (`span`, then the fields in schema order) and the struct literal of a constructor.
fn constructor_parts(model: &Model, s: &StructDef) -> (Vec<TokenStream>, Vec<TokenStream>, TokenStream) {
    let params: Vec<_> = s
        .fields
        .iter()
        .map(|f| {
            let name = ident(&f.name);
            let ty = rust_type(model.schema, &f.ty);
            quote!(#name: #ty)
        })
        .collect();
    let args: Vec<_> = s
        .fields
        .iter()
        .map(|f| {
            let name = ident(&f.name);
            quote!(#name)
        })
        .collect();
    let name = ident(&s.name);
    let literal = quote!(crate::#name { node_id: self.next_node_id(), span, #(#args,)* });
    (params, args, literal)
}

fn struct_constructors(model: &Model, s: &StructDef) -> TokenStream {
    let name = ident(&s.name);
    let [boxed, method] = struct_constructor_names(&s.name).map(|name| ident(&name));
    let (params, args, literal) = constructor_parts(model, s);
    let doc = docs(&[format!("Builds a [`{}`](crate::{}) with the next ID.", s.name, s.name)]);
    let boxed_doc = docs(&[format!("Builds a boxed [`{}`](crate::{}) with the next ID.", s.name, s.name)]);
    quote! {
        #doc
        #[inline]
        pub fn #method(&mut self, span: ::ast_runtime::Span, #(#params),*) -> crate::#name {
            #literal
        }

        #boxed_doc
        #[inline]
        pub fn #boxed(&mut self, span: ::ast_runtime::Span, #(#params),*) -> ::std::boxed::Box<crate::#name> {
            ::std::boxed::Box::new(self.#method(span, #(#args),*))
        }
    }
}

/// `expression_binary(span, ..) -> Expression` for a variant holding (a box of) a node struct.
fn variant_constructor(model: &Model, e: &EnumDef, v: &VariantDef) -> Option<TokenStream> {
    let (struct_name, boxed) = model.schema.variant_struct(v)?;
    let Some(crate::model::TypeDef::Struct(s)) = model.schema.by_name(&struct_name) else { return None };
    let (params, args, _) = constructor_parts(model, s);
    let method = ident(&variant_constructor_name(&e.name, &v.name));
    let inner = ident(&snake_case(&s.name));
    let enum_name = ident(&e.name);
    let variant = ident(&v.name);
    let value = if boxed {
        quote!(::std::boxed::Box::new(self.#inner(span, #(#args),*)))
    } else {
        quote!(self.#inner(span, #(#args),*))
    };
    let doc = docs(&[format!(
        "Builds a [`{}`](crate::{}) as [`{}::{}`](crate::{}::{}).",
        s.name, s.name, e.name, v.name, e.name, v.name
    )]);
    Some(quote! {
        #doc
        #[inline]
        pub fn #method(&mut self, span: ::ast_runtime::Span, #(#params),*) -> crate::#enum_name {
            crate::#enum_name::#variant(#value)
        }
    })
}

fn renumber_struct(model: &Model, s: &StructDef) -> TokenStream {
    let name = ident(&s.name);
    let children: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| model.schema.shape(&f.ty).contains_node())
        .map(|f| {
            let field = ident(&f.name);
            quote!(Renumber::renumber_preorder(&mut self.#field, next);)
        })
        .collect();
    let scans: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| model.schema.shape(&f.ty).contains_node())
        .map(|f| {
            let field = ident(&f.name);
            quote!(Renumber::for_each_node_id(&self.#field, f);)
        })
        .collect();
    // A leaf (no node children) only stores its ID: inlined into the enum match instead of a call per leaf,
    // which are most of the nodes (identifiers, literals).
    let inline = if children.is_empty() { quote!(#[inline]) } else { quote!() };
    quote! {
        impl Renumber for crate::#name {
            #inline
            fn renumber_preorder(&mut self, next: &mut u32) {
                self.node_id = ::ast_runtime::NodeId::from_u32(*next);
                *next += 1;
                #(#children)*
            }

            #inline
            fn for_each_node_id(&self, f: &mut dyn FnMut(::ast_runtime::NodeId)) {
                f(self.node_id);
                #(#scans)*
            }
        }
    }
}

fn renumber_enum(e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        quote!(crate::#name::#variant(it) => Renumber::renumber_preorder(it, next),)
    });
    let scan_arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        quote!(crate::#name::#variant(it) => Renumber::for_each_node_id(it, f),)
    });
    quote! {
        impl Renumber for crate::#name {
            fn renumber_preorder(&mut self, next: &mut u32) {
                match self { #(#arms)* }
            }

            fn for_each_node_id(&self, f: &mut dyn FnMut(::ast_runtime::NodeId)) {
                match self { #(#scan_arms)* }
            }
        }
    }
}

/// `AstNodeBuilder` and `Renumber` (`builder.rs`).
pub struct Builder;

impl super::Output for Builder {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "builder",
            doc: "`AstNodeBuilder`, the only way to construct nodes, preorder renumbering, and the `AstBuild` interface.",
            reexport: true,
            feature: None,
            source: module_path!(),
        }
    }

    fn generate(&self, model: &super::Model) -> TokenStream {
        emit(model)
    }
}
