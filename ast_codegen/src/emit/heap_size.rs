//! Emits `heap_size.rs`: the heap bytes a boxed tree owns, computed from the schema (boxes, `Vec` capacities, `String`
//! capacities), so that tools can report the memory of both forms without a counting allocator
//! (`FlatAst::heap_bytes` is the flat side).

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{ident, snake_ident};
use crate::flat_fields::{ChildType, Encoding, FlatField, Value, leaf_type};
use crate::model::{EnumDef, Schema, StructDef, TypeDef, TypeShape};

/// Emits `heap_size.rs`.
pub fn emit(model: &super::Model) -> TokenStream {
    let schema = model.schema;
    let structs: Vec<_> = model.structs_with_flat_fields().collect();
    let root = model.root;
    let struct_impls = structs.iter().map(|(def, fields)| struct_impl(schema, def, fields));
    let enum_impls = schema.node_enums().map(|e| enum_impl(schema, e));
    let value_impls = schema.value_enums().filter(|e| !e.is_fieldless()).map(|e| value_enum_impl(schema, e));
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

        #(#struct_impls)*
        #(#enum_impls)*
        #(#value_impls)*

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

fn field_bytes(schema: &Schema, f: &FlatField<'_>) -> TokenStream {
    let ident = &f.ident;
    match &f.encoding {
        Encoding::Value(Value::Plain { shape, .. }) => field_value_bytes(schema, shape, quote!(self.#ident)),
        Encoding::OptionalValue(Value::Plain { shape, .. }) => {
            field_value_bytes(schema, &TypeShape::Option(Box::new(shape.clone())), quote!(self.#ident))
        }
        Encoding::Value(Value::Wide(_)) | Encoding::OptionalValue(Value::Wide(_)) => None,
        _ => Some(node_field_bytes(f)),
    }
    .unwrap_or_else(|| quote!(0))
}

/// Bytes a field that holds children owns directly, or a string field.
fn node_field_bytes(f: &FlatField<'_>) -> TokenStream {
    let ident = &f.ident;
    // An inline struct child owns no allocation of its own (its fields are counted when it is visited).
    let inline = matches!(f.encoding.target(), Some(ChildType::Struct { boxed: false, .. }));
    match &f.encoding {
        Encoding::OptionalChild(_) if inline => quote!(0),
        Encoding::ChildList(_) | Encoding::OptionalChildList(_) if inline => {
            quote!(::ast_runtime::vec_heap_bytes(&self.#ident))
        }
        Encoding::MaybeChildList(_) if inline => quote!(self.#ident.as_ref().map_or(0, ::ast_runtime::vec_heap_bytes)),
        Encoding::MaybeChildList(t) => {
            let bytes = child_bytes(t, quote!(child));
            quote!(self.#ident.as_ref().map_or(0, |list| ::ast_runtime::vec_heap_bytes(list) + list.iter().map(|child| #bytes).sum::<usize>()))
        }
        Encoding::Child(t) => child_bytes(t, quote!(&self.#ident)),
        Encoding::OptionalChild(t) => {
            let bytes = child_bytes(t, quote!(child));
            quote!(self.#ident.as_ref().map_or(0, |child| #bytes))
        }
        Encoding::ChildList(t) => {
            let bytes = child_bytes(t, quote!(child));
            quote!(::ast_runtime::vec_heap_bytes(&self.#ident) + self.#ident.iter().map(|child| #bytes).sum::<usize>())
        }
        Encoding::OptionalChildList(t) => {
            let bytes = child_bytes(t, quote!(child));
            quote!(::ast_runtime::vec_heap_bytes(&self.#ident) + self.#ident.iter().flatten().map(|child| #bytes).sum::<usize>())
        }
        Encoding::Str => quote!(self.#ident.capacity()),
        Encoding::OptionalStr => quote!(self.#ident.as_ref().map_or(0, ::std::string::String::capacity)),
        Encoding::Value(_) | Encoding::OptionalValue(_) => quote!(0),
    }
}

/// Heap bytes a value of shape `shape` owns (its `String` and `Vec` buffers and its boxes, all the way down),
/// written over `it`, an identifier bound to a `&T`; `None` when no value of that shape owns any. External types own
/// none that the schema knows of.
pub fn value_bytes(schema: &Schema, shape: &TypeShape, it: TokenStream) -> Option<TokenStream> {
    match shape {
        TypeShape::String => Some(quote!(#it.capacity())),
        TypeShape::Vec(inner) => Some(match value_bytes(schema, inner, quote!(item)) {
            Some(items) => quote!(::ast_runtime::vec_heap_bytes(#it) + #it.iter().map(|item| #items).sum::<usize>()),
            None => quote!(::ast_runtime::vec_heap_bytes(#it)),
        }),
        TypeShape::Option(inner) => {
            value_bytes(schema, inner, quote!(value)).map(|bytes| quote!(#it.as_ref().map_or(0, |value| #bytes)))
        }
        TypeShape::Box(inner) => {
            let ty: TokenStream = leaf_type(schema, inner)?.parse().ok()?;
            let inner_bytes =
                value_bytes(schema, inner, quote!(inner)).map(|bytes| quote!(+ { let inner = &**#it; #bytes }));
            Some(quote!(::core::mem::size_of::<#ty>() #inner_bytes))
        }
        TypeShape::ValueEnum(name) => match schema.by_name(name) {
            Some(TypeDef::Enum(def)) if !def.is_fieldless() => Some(quote!(crate::HeapSize::own_heap_bytes(#it))),
            _ => None,
        },
        _ => None,
    }
}

/// [`value_bytes`] of a field `place` (`self.name`, `data.name`) holding a value of `shape`.
pub fn field_value_bytes(schema: &Schema, shape: &TypeShape, place: TokenStream) -> Option<TokenStream> {
    value_bytes(schema, shape, quote!(value)).map(|bytes| quote!({ let value = &#place; #bytes }))
}

/// A value enum whose variants carry values: the heap bytes of the value it holds.
fn value_enum_impl(schema: &Schema, e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let bytes = v.payload.as_ref().and_then(|p| value_bytes(schema, &schema.shape(p), quote!(it)));
        match (&v.payload, bytes) {
            (Some(_), Some(bytes)) => quote!(crate::#name::#variant(it) => #bytes,),
            (Some(_), None) => quote!(crate::#name::#variant(_) => 0,),
            (None, _) => quote!(crate::#name::#variant => 0,),
        }
    });
    quote! {
        impl HeapSize for crate::#name {
            #[allow(clippy::redundant_closure, unused_variables)]
            fn own_heap_bytes(&self) -> usize {
                match self { #(#arms)* }
            }
        }
    }
}

fn struct_impl(schema: &Schema, def: &StructDef, fields: &[FlatField<'_>]) -> TokenStream {
    let name = ident(&def.name);
    let terms = fields.iter().map(|f| field_bytes(schema, f));
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
            #[allow(clippy::redundant_closure, unused_variables)]
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
