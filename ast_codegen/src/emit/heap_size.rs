//! Emits `heap_size.rs`: the heap bytes a boxed tree owns, computed from the schema (boxes, `Vec` capacities, `String`
//! capacities), so that tools can report the memory of both forms without a counting allocator
//! (`FlatAst::heap_bytes` is the flat side).

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{ident, snake_ident};
use crate::flat_fields::{ChildType, Encoding, FlatField};
use crate::model::{EnumDef, Schema, StructDef, TypeShape};

/// Emits `heap_size.rs`.
pub fn emit(model: &super::Model) -> TokenStream {
    let schema = model.schema;
    let structs: Vec<_> = model.structs_with_flat_fields().collect();
    let root = model.root;
    let struct_impls = structs.iter().map(|(def, fields)| struct_impl(def, fields));
    let enum_impls = schema.node_enums().map(|e| enum_impl(schema, e));
    let arms = structs.iter().map(|(def, _)| {
        let name = ident(&def.name);
        quote!(crate::AstKind::#name(it) => HeapSize::own_heap_bytes(it),)
    });
    let root_name = ident(&root.name);
    let visit_root = snake_ident("visit", &root.name);
    quote! {
        /// Heap bytes a boxed node owns through its own fields: the boxes of its children, the buffers of its `Vec`s
        /// and `String`s. Not its children's own buffers: [`boxed_heap_bytes`] adds those up over a tree.
        pub trait HeapSize {
            /// Bytes allocated for this node's fields (capacities, not lengths: what the allocator handed out).
            fn own_heap_bytes(&self) -> usize;
        }

        /// Bytes a `Vec`'s buffer takes.
        #[inline]
        fn vec_bytes<T>(v: &::std::vec::Vec<T>) -> usize {
            v.capacity() * ::core::mem::size_of::<T>()
        }

        #(#struct_impls)*
        #(#enum_impls)*

        /// Adds up [`HeapSize::own_heap_bytes`] over every node it is called on.
        struct Sum(usize);

        impl<'a> crate::Visit<'a> for Sum {
            fn enter_node(&mut self, kind: crate::AstKind<'a>) {
                self.0 += match kind { #(#arms)* };
            }
        }

        /// Heap bytes of a whole boxed tree (what dropping it frees; the root itself is not counted, it lives
        /// wherever the caller keeps it). Walks the tree with [`crate::Visit`], so it recurses once per nesting
        /// level like the boxed tree's `Drop`.
        pub fn boxed_heap_bytes(root: &crate::#root_name) -> usize {
            let mut sum = Sum(0);
            crate::Visit::#visit_root(&mut sum, root);
            sum.0
        }
    }
}

/// Bytes a child value `it` of type `t` owns directly (its box, and for an enum the box of its variant).
fn child_bytes(t: &ChildType, it: TokenStream) -> TokenStream {
    let ty = t.boxed_type();
    match t {
        ChildType::Struct { boxed: true, .. } => quote!(::core::mem::size_of::<#ty>()),
        ChildType::Struct { boxed: false, .. } => quote!(0),
        ChildType::Enum { boxed: true, .. } => quote!(::core::mem::size_of::<#ty>() + HeapSize::own_heap_bytes(&**#it)),
        ChildType::Enum { boxed: false, .. } => quote!(HeapSize::own_heap_bytes(#it)),
    }
}

fn field_bytes(f: &FlatField<'_>) -> TokenStream {
    let ident = &f.ident;
    // An inline struct child owns no allocation of its own (its fields are counted when it is visited).
    let inline = matches!(f.encoding.target(), Some(ChildType::Struct { boxed: false, .. }));
    match &f.encoding {
        Encoding::OptionalChild(_) if inline => quote!(0),
        Encoding::ChildList(_) | Encoding::OptionalChildList(_) if inline => quote!(vec_bytes(&self.#ident)),
        Encoding::MaybeChildList(_) if inline => quote!(self.#ident.as_ref().map_or(0, vec_bytes)),
        Encoding::MaybeChildList(t) => {
            let bytes = child_bytes(t, quote!(child));
            quote!(self.#ident.as_ref().map_or(0, |list| vec_bytes(list) + list.iter().map(|child| #bytes).sum::<usize>()))
        }
        Encoding::Child(t) => child_bytes(t, quote!(&self.#ident)),
        Encoding::OptionalChild(t) => {
            let bytes = child_bytes(t, quote!(child));
            quote!(self.#ident.as_ref().map_or(0, |child| #bytes))
        }
        Encoding::ChildList(t) => {
            let bytes = child_bytes(t, quote!(child));
            quote!(vec_bytes(&self.#ident) + self.#ident.iter().map(|child| #bytes).sum::<usize>())
        }
        Encoding::OptionalChildList(t) => {
            let bytes = child_bytes(t, quote!(child));
            quote!(vec_bytes(&self.#ident) + self.#ident.iter().flatten().map(|child| #bytes).sum::<usize>())
        }
        Encoding::Str => quote!(self.#ident.capacity()),
        Encoding::OptionalStr => quote!(self.#ident.as_ref().map_or(0, ::std::string::String::capacity)),
        // Leaf values own no heap memory that the schema knows of.
        Encoding::Value(_) | Encoding::OptionalValue(_) => quote!(0),
    }
}

fn struct_impl(def: &StructDef, fields: &[FlatField<'_>]) -> TokenStream {
    let name = ident(&def.name);
    let terms = fields.iter().map(field_bytes);
    quote! {
        impl HeapSize for crate::#name {
            #[allow(clippy::identity_op, clippy::redundant_closure, unused_variables)]
            fn own_heap_bytes(&self) -> usize {
                0 #(+ #terms)*
            }
        }
    }
}

fn enum_impl(schema: &Schema, e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let arms = e.variants.iter().filter_map(|v| {
        let variant = ident(&v.name);
        let shape = schema.shape(v.payload.as_ref()?);
        let boxed = matches!(shape, TypeShape::Box(_));
        let target = match shape.strip_box() {
            TypeShape::Struct(s) => ChildType::Struct { name: s.clone(), boxed },
            TypeShape::NodeEnum(inner) => ChildType::Enum { name: inner.clone(), boxed },
            _ => return None,
        };
        let bytes = child_bytes(&target, quote!(it));
        Some(quote!(crate::#name::#variant(it) => #bytes,))
    });
    quote! {
        impl HeapSize for crate::#name {
            #[allow(unused_variables)]
            fn own_heap_bytes(&self) -> usize {
                match self { #(#arms)* }
            }
        }
    }
}

/// `HeapSize` (`heap_size.rs`).
pub struct HeapSizes;

impl super::Output for HeapSizes {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "heap_size",
            doc: "`HeapSize` and `boxed_heap_bytes`: the heap bytes a boxed tree owns (for memory reports).",
            reexport: true,
            feature: None,
            source: module_path!(),
        }
    }

    fn generate(&self, model: &super::Model) -> TokenStream {
        emit(model)
    }
}
