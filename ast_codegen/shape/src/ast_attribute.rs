//! The expansion of the `#[ast]` attribute for hand-written node types in downstream crates. It lives in this
//! library (the `ast_macros` proc-macro crate only forwards to [`expand`]) so it shares the shape rules
//! ([`crate::node_shape`]) and the `GetNodeId` / `GetSpan` impls ([`crate::derive`]) with the generator, and so it
//! can be unit-tested without a compiler run.
//!
//! What `#[ast]` does:
//! - on a node struct (named fields, including `node_id: NodeId` and `span: Span`): adds `#[repr(C)]` and
//!   `#[non_exhaustive]` (so the struct cannot be built with a struct literal outside its crate), moves `node_id`
//!   first and makes it `pub(crate)` (so it cannot be assigned outside the crate), and implements `GetNodeId` and
//!   `GetSpan` by reading the fields;
//! - on an enum whose variants each hold one node: implements `GetNodeId` and `GetSpan` by delegating to the node;
//! - on an enum whose variants are all fieldless: treats it as a leaf value, like the generator treats fieldless
//!   schema enums: adds `#[repr(u8)]` (unless the enum has a `#[repr]`) and derives whichever of `Clone, Copy,
//!   Debug, PartialEq, Eq, Hash` it does not derive already. A leaf value has no ID or span, so it gets no
//!   `GetNodeId` / `GetSpan`.
//!
//! Misuse is a compile error on the offending tokens that says what to do; the item is then emitted unchanged so
//! the user sees only the errors that matter.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;

use crate::derive::{enum_node_traits, struct_node_traits};
use crate::node_shape::{self, IdFields, NodeTypeKind, ShapeError};

/// The derives every leaf value enum gets, the same set the generator gives fieldless schema enums.
const VALUE_ENUM_DERIVES: [&str; 6] = ["Clone", "Copy", "Debug", "PartialEq", "Eq", "Hash"];

/// The derives every value enum with payloads gets, the set the generator gives such schema enums (a payload may
/// be a `String` or an `f64`, so neither `Copy` nor `Eq`).
const DATA_ENUM_DERIVES: [&str; 3] = ["Clone", "Debug", "PartialEq"];

/// Expands `#[ast(args)] item`: the rewritten item and its impls, or the item unchanged plus compile errors.
pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let parsed: syn::Item = match syn::parse2(item.clone()) {
        Ok(parsed) => parsed,
        Err(error) => return with_errors(item, error),
    };
    let mut errors: Vec<ShapeError> = node_shape::check_no_arguments(&args).err().into_iter().collect();
    let shape = match node_shape::check_item(&parsed, IdFields::Declared) {
        Ok(shape) => Some(shape),
        Err(shape_errors) => {
            errors.extend(shape_errors);
            None
        }
    };
    match (&parsed, &shape) {
        (syn::Item::Struct(s), _) => errors.extend(check_no_repr(s)),
        (syn::Item::Enum(e), Some(NodeTypeKind::DataEnum)) => errors.extend(node_shape::check_payloads_are_values(e)),
        _ => {}
    }
    match (node_shape::combine_errors(&errors), shape, parsed) {
        (Some(error), _, _) => with_errors(item, error),
        (None, Some(NodeTypeKind::Struct), syn::Item::Struct(s)) => expand_struct(s),
        (None, Some(NodeTypeKind::NodeEnum(variants)), syn::Item::Enum(e)) => expand_node_enum(e, &variants),
        (None, Some(NodeTypeKind::ValueEnum), syn::Item::Enum(e)) => expand_value_enum(e),
        (None, Some(NodeTypeKind::DataEnum), syn::Item::Enum(e)) => with_derives(e, &DATA_ENUM_DERIVES),
        // `check_item` only accepts structs and enums and reports everything else, so this is unreachable; emit
        // the item unchanged rather than panic inside the user's compile.
        (None, _, other) => other.into_token_stream(),
    }
}

/// The item unchanged, plus the errors: the item still exists, so its uses do not add errors of their own.
fn with_errors(item: TokenStream, error: syn::Error) -> TokenStream {
    let error = error.to_compile_error();
    quote!(#error #item)
}

/// `#[ast]` chooses the struct's representation itself; a user `#[repr]` would conflict with it.
fn check_no_repr(item: &syn::ItemStruct) -> Option<ShapeError> {
    let repr = item.attrs.iter().find(|a| a.path().is_ident("repr"))?;
    Some(ShapeError {
        tokens: repr.to_token_stream(),
        message: format!(
            "#[ast] struct `{}` has its own `#[repr]`; #[ast] makes node structs `#[repr(C)]`",
            item.ident
        ),
        help: "remove the `#[repr(..)]` attribute".to_owned(),
    })
}

fn expand_struct(mut item: syn::ItemStruct) -> TokenStream {
    if let syn::Fields::Named(fields) = &mut item.fields {
        fields.named = node_id_first(std::mem::take(&mut fields.named));
    }
    item.attrs.push(syn::parse_quote!(#[repr(C)]));
    if !item.attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        item.attrs.push(syn::parse_quote!(#[non_exhaustive]));
    }
    let impls = struct_node_traits(&item.ident, &item.generics);
    quote!(#item #impls)
}

/// The fields with `node_id` moved first and made `pub(crate)`, the others in their order.
fn node_id_first(fields: Punctuated<syn::Field, syn::Token![,]>) -> Punctuated<syn::Field, syn::Token![,]> {
    let (mut ids, others): (Vec<syn::Field>, Vec<syn::Field>) =
        fields.into_iter().partition(|f| f.ident.as_ref().is_some_and(|i| i == "node_id"));
    for id in &mut ids {
        id.vis = syn::parse_quote!(pub(crate));
    }
    ids.into_iter().chain(others).collect()
}

fn expand_node_enum(item: syn::ItemEnum, variants: &[syn::Ident]) -> TokenStream {
    let impls = enum_node_traits(&item.ident, &item.generics, variants);
    quote!(#item #impls)
}

fn expand_value_enum(mut item: syn::ItemEnum) -> TokenStream {
    if !item.attrs.iter().any(|a| a.path().is_ident("repr")) {
        item.attrs.push(syn::parse_quote!(#[repr(u8)]));
    }
    with_derives(item, &VALUE_ENUM_DERIVES)
}

/// The enum with whichever of `derives` it does not derive itself.
fn with_derives(mut item: syn::ItemEnum, derives: &[&str]) -> TokenStream {
    let derived = derived_names(&item.attrs);
    let missing: Vec<syn::Ident> = derives
        .iter()
        .filter(|name| !derived.iter().any(|d| d == *name))
        .map(|name| syn::Ident::new(name, proc_macro2::Span::call_site()))
        .collect();
    if !missing.is_empty() {
        item.attrs.push(syn::parse_quote!(#[derive(#(#missing),*)]));
    }
    item.into_token_stream()
}

/// The last path segment of every trait in the item's `#[derive(..)]` attributes (`std::fmt::Debug` → `Debug`).
fn derived_names(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .filter_map(|a| a.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated).ok())
        .flatten()
        .filter_map(|path| path.segments.last().map(|s| s.ident.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_item(args: TokenStream, item: TokenStream) -> syn::File {
        syn::parse2(expand(args, item)).expect("the expansion is valid Rust")
    }

    fn to_text(tokens: impl ToTokens) -> String {
        tokens.to_token_stream().to_string()
    }

    #[test]
    fn node_struct_gets_repr_non_exhaustive_and_node_id_first() {
        let file = expand_item(
            TokenStream::new(),
            quote! {
                /// Docs stay.
                #[derive(Debug)]
                pub struct Foo { pub name: String, pub span: Span, pub node_id: NodeId }
            },
        );
        let syn::Item::Struct(s) = &file.items[0] else { panic!("first item is the struct") };
        let attrs: Vec<String> = s.attrs.iter().map(to_text).collect();
        assert!(attrs.iter().any(|a| a.contains("doc")), "{attrs:?}");
        assert!(attrs.contains(&"# [derive (Debug)]".to_owned()), "{attrs:?}");
        assert!(attrs.contains(&"# [repr (C)]".to_owned()), "{attrs:?}");
        assert!(attrs.contains(&"# [non_exhaustive]".to_owned()), "{attrs:?}");
        let fields: Vec<String> = s.fields.iter().map(|f| f.ident.as_ref().unwrap().to_string()).collect();
        assert_eq!(fields, ["node_id", "name", "span"]);
        assert_eq!(to_text(&s.fields.iter().next().unwrap().vis), "pub (crate)");
        let impls: Vec<String> = file.items[1..].iter().map(to_text).collect();
        assert_eq!(impls.len(), 2);
        assert!(impls[0].contains("GetNodeId for Foo"), "{impls:?}");
        assert!(impls[1].contains("GetSpan for Foo"), "{impls:?}");
    }

    #[test]
    fn generic_struct_impls_carry_the_generics() {
        let file = expand_item(
            TokenStream::new(),
            quote! { pub struct Foo<'a, T: Clone> where T: Copy { node_id: NodeId, span: Span, x: &'a T } },
        );
        let impl_text = to_text(&file.items[1]);
        assert!(impl_text.contains("impl < 'a , T : Clone > :: ast_runtime :: GetNodeId for Foo < 'a , T >"));
        assert!(impl_text.contains("where T : Copy"), "{impl_text}");
    }

    #[test]
    fn existing_non_exhaustive_is_not_repeated() {
        let file =
            expand_item(TokenStream::new(), quote! { #[non_exhaustive] struct Foo { node_id: NodeId, span: Span } });
        let syn::Item::Struct(s) = &file.items[0] else { panic!() };
        assert_eq!(s.attrs.iter().filter(|a| a.path().is_ident("non_exhaustive")).count(), 1);
    }

    #[test]
    fn node_enum_delegates_to_its_variants() {
        let file = expand_item(TokenStream::new(), quote! { pub enum E { A(Box<A>), B(B) } });
        assert_eq!(to_text(&file.items[0]), "pub enum E { A (Box < A >) , B (B) }");
        let impl_text = to_text(&file.items[1]);
        assert!(impl_text.contains("E :: A (it) => :: ast_runtime :: GetNodeId :: node_id (it)"), "{impl_text}");
        assert!(impl_text.contains("E :: B (it)"), "{impl_text}");
    }

    #[test]
    fn value_enum_gets_repr_u8_and_the_missing_derives() {
        let file =
            expand_item(TokenStream::new(), quote! { #[derive(Debug, std::hash::Hash)] pub enum Op { Add, Sub } });
        assert_eq!(file.items.len(), 1, "a leaf value has no GetNodeId / GetSpan");
        let syn::Item::Enum(e) = &file.items[0] else { panic!() };
        let attrs: Vec<String> = e.attrs.iter().map(to_text).collect();
        assert!(attrs.contains(&"# [repr (u8)]".to_owned()), "{attrs:?}");
        assert!(attrs.contains(&"# [derive (Clone , Copy , PartialEq , Eq)]".to_owned()), "{attrs:?}");
    }

    #[test]
    fn value_enum_keeps_its_own_repr() {
        let file = expand_item(TokenStream::new(), quote! { #[repr(u16)] enum Op { Add = 300 } });
        let syn::Item::Enum(e) = &file.items[0] else { panic!() };
        assert_eq!(e.attrs.iter().filter(|a| a.path().is_ident("repr")).count(), 1);
    }

    #[test]
    fn misuse_emits_the_item_unchanged_and_the_errors() {
        let item = quote! { #[repr(C)] struct Foo { x: u8 } };
        let text = expand(quote!(bad), item.clone()).to_string();
        assert!(text.ends_with(&item.to_string()), "{text}");
        for expected in ["takes no arguments", "has no `node_id` field", "has no `span` field", "its own `#[repr]`"] {
            assert!(text.contains(expected), "missing {expected:?} in {text}");
        }
    }
}
