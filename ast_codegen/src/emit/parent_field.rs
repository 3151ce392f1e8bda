//! `parent_field.rs`: `ParentField`, one variant per (node struct, child-holding field) edge of the schema
//! (`ParentField::MemberExpressionProperty`), and `ParentTable`, the runtime's parent table with it.
//!
//! Its own output rather than part of `ast_kind`: `NodeKind` / `AstKind` say what a node is, this says where it
//! sits, and three outputs use it (the flat tree's `Language`, the boxed visitors' `enter_field`, the boxed parent
//! table), none of which is `ast_kind`. The variant names are computed here once ([`ParentFields`]) and looked up
//! by the other emitters, so every file spells an edge the same way.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Model, ident};
use crate::flat_fields::{Encoding, FlatField};

/// One edge: a child-holding field of a node struct, and its `ParentField` variant.
struct Edge<'m> {
    parent: &'m str,
    field: &'m FlatField<'m>,
    variant: Ident,
}

/// The `ParentField` variant of every (struct, field) edge, in schema order (structs, then fields).
pub struct ParentFields<'m> {
    edges: Vec<Edge<'m>>,
    by_edge: HashMap<(&'m str, &'m str), usize>,
}

impl<'m> ParentFields<'m> {
    /// Names every edge of the model: `UpperCamel(struct) + UpperCamel(field)`, made unique by a number where two
    /// edges would meet on one name (`A.b_c` and `AB.c` are `ABC` and `ABC2`), and `StructField<n>` where the
    /// concatenation is no identifier.
    pub fn new(model: &'m Model) -> Self {
        let mut edges = Vec::new();
        let mut used = HashSet::new();
        for (def, fields) in model.structs_with_flat_fields() {
            for (index, field) in fields.iter().enumerate().filter(|(_, f)| f.encoding.target().is_some()) {
                let plain = format!("{}{}", upper_camel(&def.name), upper_camel(&field.def.name));
                let candidate =
                    if is_identifier(&plain) { plain } else { format!("{}Field{index}", upper_camel(&def.name)) };
                let name = unique(candidate, &mut used);
                edges.push(Edge { parent: &def.name, field, variant: ident(&name) });
            }
        }
        let by_edge = edges.iter().enumerate().map(|(i, e)| ((e.parent, e.field.def.name.as_str()), i)).collect();
        ParentFields { edges, by_edge }
    }

    /// `crate::ParentField::<Variant>` of field `field` of struct `parent` (a child-holding field).
    pub fn path(&self, parent: &str, field: &str) -> TokenStream {
        let variant = match self.by_edge.get(&(parent, field)).and_then(|&i| self.edges.get(i)) {
            Some(edge) => edge.variant.clone(),
            // Every child-holding field is an edge, so this is never taken; the plain name is the best guess.
            None => ident(&format!("{}{}", upper_camel(parent), upper_camel(field))),
        };
        quote!(crate::ParentField::#variant)
    }
}

/// `snake_case` or `CamelCase` → `CamelCase`: each `_`-separated part with its first letter upper-cased.
fn upper_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for part in name.split('_') {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// True when `name` is an identifier that needs no `r#` (a variant cannot be a raw `Self`).
fn is_identifier(name: &str) -> bool {
    syn::parse_str::<Ident>(name).is_ok_and(|i| i == name)
}

/// `name`, or `name2`, `name3`, ... the first one not in `used`; marks it used.
fn unique(name: String, used: &mut HashSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// Emits `ParentField` with its methods and the `ParentTable` alias.
pub fn emit(model: &Model) -> TokenStream {
    let names = ParentFields::new(model);
    let edges = &names.edges;
    let variants: Vec<&Ident> = edges.iter().map(|e| &e.variant).collect();
    let count = edges.len();
    let parents: Vec<Ident> = edges.iter().map(|e| ident(e.parent)).collect();
    let fields: Vec<&str> = edges.iter().map(|e| e.field.def.name.as_str()).collect();
    let variant_names: Vec<String> = variants.iter().map(ToString::to_string).collect();
    let lists: Vec<bool> = edges.iter().map(|e| is_list(&e.field.encoding)).collect();
    let docs = edges.iter().map(|e| format!(" A child in `{}.{}`.", e.parent, e.field.def.name));
    // An enum without variants takes no `repr` (rustc refuses one): a schema whose nodes hold no children.
    let repr = match count {
        0 => quote!(),
        1..=256 => quote!(#[repr(u8)]),
        _ => quote!(#[repr(u16)]),
    };
    quote! {
        //! Where a node sits: [`ParentField`] names every (node type, child field) edge of the schema, so that a
        //! visitor or a lookup can tell, for example, a property name from a reference. The flat tree answers
        //! `FlatAst::parent_field(id)`; the boxed visitors announce it in `Visit::enter_field`; [`ParentTable`]
        //! holds it for a boxed tree, built in one walk.

        /// A (node type, child field) edge: which field of which node type holds a child. A node's parent field
        /// is the edge from its parent to it; the root has none.
        #[doc = ""]
        #[doc = " Variant names are the node type and the field in `UpperCamelCase`, numbered where two would meet."]
        #repr
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ParentField {
            #(#[doc = #docs] #variants,)*
        }

        impl ParentField {
            /// How many edges there are.
            pub const COUNT: usize = #count;

            /// Every edge, in schema order (node types, then their fields).
            pub const ALL: [ParentField; #count] = [#(ParentField::#variants),*];

            /// The type of the parent: the node type that has the field.
            pub const fn parent_kind(self) -> crate::NodeKind {
                match self {
                    #(ParentField::#variants => crate::NodeKind::#parents,)*
                }
            }

            /// The field's name in the schema (`"property"`).
            pub const fn field_name(self) -> &'static str {
                match self {
                    #(ParentField::#variants => #fields,)*
                }
            }

            /// The variant's name (`"MemberExpressionProperty"`), for messages.
            pub const fn name(self) -> &'static str {
                match self {
                    #(ParentField::#variants => #variant_names,)*
                }
            }

            /// True when the field holds a list of children (so siblings share the edge).
            pub const fn is_list(self) -> bool {
                match self {
                    #(ParentField::#variants => #lists,)*
                }
            }
        }

        /// Every node's parent and parent field, indexed by `NodeId`. For a boxed tree,
        /// `ParentTable::build(&root)` builds it in one walk (an error when the IDs are not dense, as
        /// `AstNodeBuilder::renumber` leaves them); a flat tree builds its own lazily (`FlatAst::parent_table`).
        pub type ParentTable = ::ast_runtime::ParentTable<ParentField>;

        pub use ::ast_runtime::{ParentTableError, WalkControl};
    }
}

/// True for the encodings of a list of children.
fn is_list(encoding: &Encoding) -> bool {
    matches!(encoding, Encoding::ChildList(_) | Encoding::OptionalChildList(_) | Encoding::MaybeChildList(_))
}

/// `ParentField` and `ParentTable` (`parent_field.rs`).
pub struct ParentFieldOutput;

impl super::Output for ParentFieldOutput {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "parent_field",
            doc: "`ParentField` (one variant per node type and child field) and the boxed `ParentTable`.",
            reexport: true,
            feature: None,
            source: module_path!(),
        }
    }

    fn generate(&self, model: &Model) -> TokenStream {
        emit(model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(source: &str) -> Vec<String> {
        let schema = crate::schema_from_source(source);
        let model = crate::prepare::prepare(&schema).unwrap_or_else(|d| panic!("{d}"));
        ParentFields::new(&model).edges.iter().map(|e| e.variant.to_string()).collect()
    }

    #[test]
    fn variants_are_struct_and_field_in_upper_camel_case() {
        let names = names(
            "#[ast] pub struct Root { items: Vec<Item>, first_item: Option<Box<Item>>, name: String }
             #[ast] pub struct Item { r#type: Option<Box<Item>>, größe: Vec<Item> }",
        );
        assert_eq!(names, ["RootItems", "RootFirstItem", "ItemType", "ItemGröße"]);
    }

    #[test]
    fn clashing_concatenations_are_numbered() {
        let names = names(
            "#[ast] pub struct A { b_c: Vec<AB>, bc: Option<Box<AB>> }
             #[ast] pub struct AB { c: Option<Box<AB>> }",
        );
        assert_eq!(names, ["ABC", "ABc", "ABC2"]);
    }

    #[test]
    fn a_schema_without_children_has_an_empty_enum_without_repr() {
        let schema = crate::schema_from_source("#[ast] pub struct Root { name: String }");
        let model = crate::prepare::prepare(&schema).unwrap_or_else(|d| panic!("{d}"));
        let text = emit(&model).to_string();
        assert!(text.contains("pub enum ParentField { }"), "{text}");
        assert!(!text.contains("repr"), "{text}");
    }
}
