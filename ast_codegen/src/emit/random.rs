//! Emits `random.rs` (behind the generated crate's `random` feature): a seeded generator of random trees over the
//! schema, for property tests and benchmarks.
//!
//! Trees are schema-valid, not semantically valid source. IDs are assigned in preorder (schema field order), so a
//! generated tree is already renumbered. Generation stops growing once a node budget is spent: from then on every
//! optional child is `None`, every list empty, and every enum picks a variant of least "minimum height", so the tree
//! closes off quickly. The minimum height of each type is computed here from the schema.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{ident, primitive_type, snake_ident};
use crate::flat_fields::{ChildType, Encoding, FlatField, Value};
use crate::model::{EnumDef, Primitive, Schema, StructDef, TypeDef, TypeShape};

/// Emits `random.rs`.
pub fn emit(model: &super::Model) -> TokenStream {
    let schema = model.schema;
    let structs: Vec<_> = model.structs_with_flat_fields().collect();
    let root = model.root;
    let heights = min_heights(schema, &structs);
    let struct_fns = structs.iter().map(|(def, fields)| struct_fn(schema, def, fields));
    let enum_fns = schema.node_enums().map(|e| enum_fn(schema, e, &heights));
    let value_fns = schema.value_enums().map(|e| match e.is_fieldless() {
        true => value_enum_fn(e),
        false => data_enum_fn(schema, e),
    });
    let root_name = ident(&root.name);
    let root_fn = snake_ident("gen", &root.name);
    quote! {
        //! Seeded random trees over the schema (feature `random`), for property tests and benchmarks. The same seed
        //! and budget always give the same tree. Numbers are finite, strings mix ASCII and multi-byte characters.
        // Generators of leaf-only types ignore `depth`; the leaf helpers a schema does not use stay unused.
        #![allow(clippy::too_many_lines, clippy::match_same_arms, clippy::match_single_binding, unused_variables, dead_code)]

        /// A seeded generator of random trees.
        #[derive(Debug, Clone)]
        pub struct RandomTree {
            source: ::ast_runtime::random::RandomSource,
        }

        impl RandomTree {
            /// A generator seeded with `seed` that stops growing trees after about `budget` nodes and nests at most
            /// `max_depth` levels before closing off (closing off may add a few levels).
            pub fn new(seed: u64, budget: usize, max_depth: u32) -> Self {
                RandomTree { source: ::ast_runtime::random::RandomSource::new(seed, budget, max_depth) }
            }

            /// A random tree of about `budget` nodes; its IDs are preorder indices from 0, as after renumbering.
            pub fn tree(&mut self) -> crate::#root_name {
                self.source.restart();
                self.#root_fn(0)
            }

            #(#struct_fns)*
            #(#enum_fns)*
            #(#value_fns)*
        }
    }
}

/// The fewest nesting levels a value of each struct / enum needs when every optional child is absent and every
/// list empty (`u32::MAX` for a type that cannot close, which a sound schema does not have).
fn min_heights(schema: &Schema, structs: &[(&StructDef, &[FlatField<'_>])]) -> HashMap<String, u32> {
    let mut heights: HashMap<String, u32> = HashMap::new();
    for _ in 0..=schema.types.len() {
        let mut changed = false;
        for (def, fields) in structs {
            let required = fields.iter().filter_map(|f| match &f.encoding {
                Encoding::Child(t) => Some(*heights.get(t.name()).unwrap_or(&u32::MAX)),
                _ => None,
            });
            let height = required.max().unwrap_or(0).saturating_add(1);
            changed |= heights.insert(def.name.clone(), height) != Some(height);
        }
        for e in schema.node_enums() {
            let height = e
                .variants
                .iter()
                .filter_map(|v| payload_name(schema, v.payload.as_ref()?))
                .map(|name| *heights.get(&name).unwrap_or(&u32::MAX))
                .min()
                .unwrap_or(u32::MAX);
            changed |= heights.insert(e.name.clone(), height) != Some(height);
        }
        if !changed {
            break;
        }
    }
    heights
}

fn payload_name(schema: &Schema, payload: &crate::model::TypeRef) -> Option<String> {
    match schema.shape(payload).strip_box() {
        TypeShape::Struct(name) | TypeShape::NodeEnum(name) => Some(name.clone()),
        _ => None,
    }
}

fn struct_fn(schema: &Schema, def: &StructDef, fields: &[FlatField<'_>]) -> TokenStream {
    let name = ident(&def.name);
    let fn_name = snake_ident("gen", &def.name);
    let lets = fields.iter().map(|f| {
        let binding = crate::emit::field_ident("field", &f.def.name);
        let value = field_value(schema, &f.encoding);
        quote!(let #binding = #value;)
    });
    let names = fields.iter().map(|f| {
        let (field, binding) = (&f.ident, crate::emit::field_ident("field", &f.def.name));
        quote!(#field: #binding)
    });
    quote! {
        fn #fn_name(&mut self, depth: u32) -> crate::#name {
            // ID first, then the fields in schema order: preorder IDs.
            let node_id = self.source.id();
            let span = self.source.span();
            #(#lets)*
            crate::#name { node_id, span, #(#names),* }
        }
    }
}

fn field_value(schema: &Schema, encoding: &Encoding) -> TokenStream {
    match encoding {
        Encoding::Child(t) => child_value(t),
        Encoding::OptionalChild(t) => {
            let child = child_value(t);
            quote!(if self.source.present(depth) { ::core::option::Option::Some(#child) } else { ::core::option::Option::None })
        }
        Encoding::ChildList(t) => {
            let child = child_value(t);
            quote! {{
                let mut items = ::std::vec::Vec::new();
                let mut remaining = self.source.list_len(depth);
                while self.source.more(depth, &mut remaining) {
                    items.push(#child);
                }
                items
            }}
        }
        Encoding::MaybeChildList(t) => {
            let child = child_value(t);
            quote! {
                if self.source.present(depth) {
                    let mut items = ::std::vec::Vec::new();
                    let mut remaining = self.source.list_len(depth);
                    while self.source.more(depth, &mut remaining) {
                        items.push(#child);
                    }
                    ::core::option::Option::Some(items)
                } else {
                    ::core::option::Option::None
                }
            }
        }
        Encoding::OptionalChildList(t) => {
            let child = child_value(t);
            quote! {{
                let mut items = ::std::vec::Vec::new();
                let mut remaining = self.source.list_len(depth);
                while self.source.more(depth, &mut remaining) {
                    items.push(if self.source.below(4) == 0 { ::core::option::Option::None } else { ::core::option::Option::Some(#child) });
                }
                items
            }}
        }
        Encoding::Str => quote!(self.source.gen_string()),
        Encoding::OptionalStr => {
            quote!(if self.source.gen_bool() {
                ::core::option::Option::Some(self.source.gen_string())
            } else {
                ::core::option::Option::None
            })
        }
        Encoding::Value(v) => leaf_value(schema, v),
        Encoding::OptionalValue(v) => {
            let value = leaf_value(schema, v);
            quote!(if self.source.gen_bool() { ::core::option::Option::Some(#value) } else { ::core::option::Option::None })
        }
    }
}

fn child_value(t: &ChildType) -> TokenStream {
    let fn_name = snake_ident("gen", t.name());
    if t.boxed() { quote!(::std::boxed::Box::new(self.#fn_name(depth + 1))) } else { quote!(self.#fn_name(depth + 1)) }
}

fn leaf_value(schema: &Schema, v: &Value) -> TokenStream {
    match v {
        Value::Wide(p) => shaped_value(schema, &TypeShape::Primitive(*p)),
        Value::Plain { shape, .. } => shaped_value(schema, shape),
    }
}

/// An expression making a random value of `shape` (a value type: no node inside). `depth` (in scope) closes
/// lists, and value enums that hold themselves, as it closes the tree.
fn shaped_value(schema: &Schema, shape: &TypeShape) -> TokenStream {
    match shape {
        TypeShape::Primitive(Primitive::Bool) => quote!(self.source.gen_bool()),
        TypeShape::Primitive(Primitive::Char) => quote!(self.source.gen_char()),
        TypeShape::Primitive(Primitive::F32) => quote!(self.source.gen_f32()),
        TypeShape::Primitive(Primitive::F64) => quote!(self.source.gen_f64()),
        TypeShape::Primitive(Primitive::U64) => quote!(self.source.next_u64()),
        TypeShape::Primitive(p) => {
            let ty = primitive_type(*p);
            quote!(self.source.next_u64() as #ty)
        }
        TypeShape::String => quote!(self.source.gen_string()),
        TypeShape::ValueEnum(name) => {
            let fn_name = snake_ident("gen", name);
            match schema.by_name(name) {
                Some(TypeDef::Enum(def)) if def.is_fieldless() => quote!(self.#fn_name()),
                _ => quote!(self.#fn_name(depth + 1)),
            }
        }
        TypeShape::Option(inner) => {
            let value = shaped_value(schema, inner);
            quote!(if self.source.gen_bool() { ::core::option::Option::Some(#value) } else { ::core::option::Option::None })
        }
        TypeShape::Vec(inner) => {
            let value = shaped_value(schema, inner);
            quote! {{
                let mut items = ::std::vec::Vec::new();
                let mut remaining = self.source.list_len(depth);
                while self.source.more(depth, &mut remaining) {
                    items.push(#value);
                }
                items
            }}
        }
        TypeShape::Box(inner) => {
            let value = shaped_value(schema, inner);
            quote!(::std::boxed::Box::new(#value))
        }
        // External types: the generator cannot invent values, so it uses their default. (Nodes and unknown names
        // never reach here: they are not values.)
        _ => quote!(::core::default::Default::default()),
    }
}

/// True when a value of `shape` cannot hold a value enum with payloads, so making one never recurses.
fn is_shallow(schema: &Schema, shape: &TypeShape) -> bool {
    match shape {
        TypeShape::ValueEnum(name) => matches!(schema.by_name(name), Some(TypeDef::Enum(def)) if def.is_fieldless()),
        TypeShape::Option(inner) | TypeShape::Vec(inner) | TypeShape::Box(inner) => is_shallow(schema, inner),
        _ => true,
    }
}

/// A value enum whose variants carry values: a random variant with a random value; once the tree closes, only
/// variants that cannot recurse (when there are any).
fn data_enum_fn(schema: &Schema, e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let mut values = Vec::new();
    let mut shallow = Vec::new();
    for (index, v) in e.variants.iter().enumerate() {
        let variant = ident(&v.name);
        let shape = v.payload.as_ref().map(|p| schema.shape(p));
        if shape.as_ref().is_none_or(|shape| is_shallow(schema, shape)) {
            shallow.push(index as u64);
        }
        values.push(match shape {
            Some(shape) => {
                let value = shaped_value(schema, &shape);
                quote!(crate::#name::#variant(#value))
            }
            None => quote!(crate::#name::#variant),
        });
    }
    if shallow.is_empty() {
        shallow = (0..values.len() as u64).collect();
    }
    variant_fn(e, values, &shallow)
}

/// `gen_<enum>(depth)`: one of `values` (one per variant) at random, or once the tree closes one of those at the
/// indices in `closing`.
fn variant_fn(e: &EnumDef, mut values: Vec<TokenStream>, closing: &[u64]) -> TokenStream {
    let name = ident(&e.name);
    let fn_name = snake_ident("gen", &e.name);
    let count = values.len() as u64;
    let closing_count = closing.len();
    // The last variant is the catch-all arm, so the match over `u64` is exhaustive.
    let Some(last) = values.pop() else {
        return quote!();
    };
    let arms = values.iter().enumerate().map(|(i, value)| {
        let i = i as u64;
        quote!(#i => #value,)
    });
    quote! {
        fn #fn_name(&mut self, depth: u32) -> crate::#name {
            const CLOSING: [u64; #closing_count] = [#(#closing),*];
            let choice = if self.source.closing(depth) {
                CLOSING[self.source.below(CLOSING.len() as u64) as usize]
            } else {
                self.source.below(#count)
            };
            match choice {
                #(#arms)*
                _ => #last,
            }
        }
    }
}

fn enum_fn(schema: &Schema, e: &EnumDef, heights: &HashMap<String, u32>) -> TokenStream {
    let name = ident(&e.name);
    let mut values = Vec::new();
    let mut shortest = Vec::new();
    let best = heights.get(&e.name).copied().unwrap_or(u32::MAX);
    for v in &e.variants {
        let Some(payload) = &v.payload else { continue };
        let boxed = matches!(schema.shape(payload), TypeShape::Box(_));
        let Some(payload_name) = payload_name(schema, payload) else { continue };
        let variant = ident(&v.name);
        let inner = snake_ident("gen", &payload_name);
        let value = if boxed { quote!(::std::boxed::Box::new(self.#inner(depth))) } else { quote!(self.#inner(depth)) };
        if heights.get(&payload_name).copied().unwrap_or(u32::MAX) == best {
            shortest.push(values.len() as u64);
        }
        values.push(quote!(crate::#name::#variant(#value)));
    }
    variant_fn(e, values, &shortest)
}

fn value_enum_fn(e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let fn_name = snake_ident("gen", &e.name);
    let count = e.variants.len() as u64;
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let Some((last, rest)) = variants.split_last() else {
        return quote!();
    };
    let arms = rest.iter().enumerate().map(|(i, v)| {
        let i = i as u64;
        quote!(#i => crate::#name::#v,)
    });
    quote! {
        fn #fn_name(&mut self) -> crate::#name {
            match self.source.below(#count) {
                #(#arms)*
                _ => crate::#name::#last,
            }
        }
    }
}

/// Seeded random trees (`random.rs`, feature `random`).
pub struct RandomTrees;

impl super::Output for RandomTrees {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "random",
            doc: "Seeded random trees over the schema, for property tests and benchmarks (feature `random`).",
            reexport: false,
            feature: Some("random"),
            source: module_path!(),
        }
    }

    fn generate(&self, model: &super::Model) -> TokenStream {
        emit(model)
    }
}
