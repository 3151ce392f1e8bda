//! The shape rules of node types, checked on syn items: shared by the `#[ast]` attribute (hand-written node types
//! in downstream crates) and the generator (schema types), so both accept and reject the same things with the same
//! words.
//!
//! The rules:
//! - a node type is a struct with named fields or an enum; never a union, a tuple struct or a unit struct;
//! - a node struct has `node_id: NodeId` and `span: Span` ([`IdFields::Declared`], hand-written types) or must
//!   not declare them because the generator adds them ([`IdFields::Implied`], schema types);
//! - an enum has at least one variant, each fieldless or holding exactly one type in a tuple variant, never named
//!   fields or several fields. It is a value enum when every variant is fieldless (an operator) or when any
//!   variant is fieldless or holds a value that is surely no node (a primitive, `String`, a `Vec`, an `Option`:
//!   a constant such as `Int(String)`, `None`); otherwise an enum of nodes (`V(Box<Node>)`). Whether a named
//!   payload is a node is not decided here: the generator resolves schema names (an enum of nodes mixed with
//!   values is its error), and for hand-written types rustc does.
//!
//! Each broken rule is a [`ShapeError`] that says what is wrong and how to fix it. Every error of an item is
//! reported, not only the first, so one compile shows the user all they must change.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};

use crate::Primitive;

/// Whether a node struct declares its `node_id` and `span` fields itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdFields {
    /// Schema types: the generator adds `node_id` and `span`, so declaring either is an error.
    Implied,
    /// Hand-written `#[ast]` types: the struct declares `node_id: NodeId` and `span: Span`, so leaving either
    /// out (or giving it another type) is an error.
    Declared,
}

/// What kind of node type an item is, once it passed the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeTypeKind {
    /// A node struct: carries its own ID and span.
    Struct,
    /// An enum whose every variant holds one node; the variant names in declaration order.
    NodeEnum(Vec<syn::Ident>),
    /// An enum whose every variant is fieldless: a leaf value (an operator, a kind), not a node.
    ValueEnum,
    /// A value enum whose variants carry values (`Int(String)`, `Float(f64)`, `None`): a leaf value, not a node.
    DataEnum,
}

/// One broken shape rule: the offending tokens, what is wrong and what to do.
#[derive(Clone, Debug)]
pub struct ShapeError {
    /// The offending piece of source (an item's name, a field, a variant), for the error's location.
    pub tokens: TokenStream,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl ShapeError {
    fn new(tokens: impl ToTokens, message: impl Into<String>, help: impl Into<String>) -> Self {
        ShapeError { tokens: tokens.into_token_stream(), message: message.into(), help: help.into() }
    }

    /// Where the error starts: the first offending token (for the generator's `path:line:col` diagnostics).
    pub fn span(&self) -> Span {
        self.tokens.clone().into_iter().next().map_or_else(Span::call_site, |t| t.span())
    }

    /// The whole sentence shown to the user: what is wrong, then what to do.
    pub fn text(&self) -> String {
        format!("{}; {}", self.message, self.help)
    }

    /// The error as a `syn::Error` covering the offending tokens, for a compile error.
    pub fn to_syn_error(&self) -> syn::Error {
        syn::Error::new_spanned(&self.tokens, self.text())
    }
}

/// All errors of an item as one `syn::Error` (rustc shows each at its own place), or `None` when there are none.
pub fn combine_errors(errors: &[ShapeError]) -> Option<syn::Error> {
    let mut iter = errors.iter().map(ShapeError::to_syn_error);
    let mut first = iter.next()?;
    for error in iter {
        first.combine(error);
    }
    Some(first)
}

/// The arguments of `#[ast(...)]`: the attribute takes none.
pub fn check_no_arguments(args: &TokenStream) -> Result<(), ShapeError> {
    if args.is_empty() {
        return Ok(());
    }
    Err(ShapeError::new(args, format!("#[ast] takes no arguments, found `{args}`"), "write `#[ast]` alone"))
}

/// Checks an item marked `#[ast]` and tells what kind of node type it is.
pub fn check_item(item: &syn::Item, ids: IdFields) -> Result<NodeTypeKind, Vec<ShapeError>> {
    match item {
        syn::Item::Struct(s) => check_struct(s, ids).map(|()| NodeTypeKind::Struct),
        syn::Item::Enum(e) => check_enum(e),
        syn::Item::Union(u) => Err(vec![ShapeError::new(
            {
                let (union_token, ident) = (&u.union_token, &u.ident);
                quote!(#union_token #ident)
            },
            format!("#[ast] cannot be used on union `{}`", u.ident),
            "a node is a struct with named fields or an enum whose variants each hold one node; use one of those",
        )]),
        other => Err(vec![ShapeError::new(
            other,
            "#[ast] can only be used on a struct or an enum",
            "put #[ast] on a node struct (named fields) or on an enum of nodes",
        )]),
    }
}

/// Checks a node struct: named fields, and `node_id` / `span` as `ids` requires.
pub fn check_struct(item: &syn::ItemStruct, ids: IdFields) -> Result<(), Vec<ShapeError>> {
    let name = &item.ident;
    let fields = match &item.fields {
        syn::Fields::Named(named) => named,
        syn::Fields::Unnamed(_) => return Err(vec![tuple_struct_error(item, ids)]),
        syn::Fields::Unit => return Err(vec![unit_struct_error(item, ids)]),
    };
    let errors: Vec<ShapeError> = [ID_FIELD, SPAN_FIELD]
        .iter()
        .filter_map(|required| match ids {
            IdFields::Declared => check_declared_field(name, fields, required),
            IdFields::Implied => check_implied_field(name, fields, required),
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// A field every node struct has: its name and the last segment of its type's path.
struct RequiredField {
    name: &'static str,
    type_name: &'static str,
    /// Said after "add `name: Type`" so the user knows where to write it.
    where_it_goes: &'static str,
}

const ID_FIELD: RequiredField = RequiredField {
    name: "node_id",
    type_name: "NodeId",
    where_it_goes: " anywhere in the struct (the #[ast] attribute moves it first)",
};
const SPAN_FIELD: RequiredField = RequiredField { name: "span", type_name: "Span", where_it_goes: "" };

/// The field called `name`, if the struct has one.
pub fn find_field<'a>(fields: &'a syn::FieldsNamed, name: &str) -> Option<&'a syn::Field> {
    fields.named.iter().find(|f| f.ident.as_ref().is_some_and(|i| i == name))
}

fn check_declared_field(
    struct_name: &syn::Ident,
    fields: &syn::FieldsNamed,
    required: &RequiredField,
) -> Option<ShapeError> {
    let (field_name, type_name) = (required.name, required.type_name);
    let Some(field) = find_field(fields, field_name) else {
        // A field of the right type under another name (`id: NodeId`) is most likely the one meant.
        if let Some(other) = fields.named.iter().find(|f| type_ends_with(&f.ty, type_name)) {
            let other_name = other.ident.as_ref().map(ToString::to_string).unwrap_or_default();
            return Some(ShapeError::new(
                other.ident.as_ref(),
                format!(
                    "#[ast] struct `{struct_name}` has no `{field_name}` field, but `{other_name}` is a `{type_name}`"
                ),
                format!(
                    "did you mean `{field_name}`? rename `{other_name}`: the derived traits read the field by that name"
                ),
            ));
        }
        return Some(ShapeError::new(
            struct_name,
            format!("#[ast] struct `{struct_name}` has no `{field_name}` field"),
            format!("add `{field_name}: {type_name}`{}", required.where_it_goes),
        ));
    };
    if type_ends_with(&field.ty, type_name) {
        return None;
    }
    Some(ShapeError::new(
        &field.ty,
        format!(
            "field `{field_name}` of #[ast] struct `{struct_name}` has type `{}`, not `{type_name}`",
            type_text(&field.ty)
        ),
        format!("declare it as `{field_name}: {type_name}` (from `ast_runtime`)"),
    ))
}

fn check_implied_field(
    struct_name: &syn::Ident,
    fields: &syn::FieldsNamed,
    required: &RequiredField,
) -> Option<ShapeError> {
    let field = find_field(fields, required.name)?;
    Some(ShapeError::new(
        field.ident.as_ref(),
        format!("schema struct `{struct_name}` declares `{}`, which every node struct gets implicitly", required.name),
        format!("remove the `{}` field; the generator adds `{}: {}`", required.name, required.name, required.type_name),
    ))
}

/// True when `ty` is a path whose last segment is `name` with no generic arguments (`NodeId`,
/// `ast_runtime::NodeId`, `es5_ast::NodeId`).
fn type_ends_with(ty: &syn::Type, name: &str) -> bool {
    let syn::Type::Path(path) = ty else { return false };
    path.qself.is_none() && path.path.segments.last().is_some_and(|s| s.ident == name && s.arguments.is_none())
}

fn struct_fix(name: &syn::Ident, ids: IdFields) -> String {
    match ids {
        IdFields::Declared => format!("`struct {name} {{ node_id: NodeId, span: Span, .. }}`"),
        IdFields::Implied => format!("`struct {name} {{ .. }}`"),
    }
}

fn tuple_struct_error(item: &syn::ItemStruct, ids: IdFields) -> ShapeError {
    let (name, fields) = (&item.ident, &item.fields);
    ShapeError::new(
        quote!(#name #fields),
        format!("#[ast] struct `{name}` is a tuple struct; node fields must have names"),
        format!("use named fields: {}", struct_fix(name, ids)),
    )
}

fn unit_struct_error(item: &syn::ItemStruct, ids: IdFields) -> ShapeError {
    let (name, semi) = (&item.ident, &item.semi_token);
    ShapeError::new(
        quote!(#name #semi),
        format!("#[ast] struct `{name}` is a unit struct; a node carries its ID and span in named fields"),
        format!("use named fields: {}", struct_fix(name, ids)),
    )
}

/// Checks an enum: at least one variant, each fieldless or holding one type, and tells which kind of enum it is.
pub fn check_enum(item: &syn::ItemEnum) -> Result<NodeTypeKind, Vec<ShapeError>> {
    let name = &item.ident;
    if item.variants.is_empty() {
        return Err(vec![ShapeError::new(
            name,
            format!("#[ast] enum `{name}` has no variants"),
            "add variants that each hold one node (`Variant(Box<Node>)`), or variants for a leaf value (`Add`, \
             `Int(String)`)",
        )]);
    }
    let errors: Vec<ShapeError> = item.variants.iter().filter_map(|v| check_variant_fields(name, v)).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let payloads: Vec<Option<&syn::Type>> = item.variants.iter().map(variant_payload).collect();
    if payloads.iter().all(Option::is_none) {
        Ok(NodeTypeKind::ValueEnum)
    } else if payloads.iter().any(|p| p.is_none_or(is_surely_value)) {
        Ok(NodeTypeKind::DataEnum)
    } else {
        Ok(NodeTypeKind::NodeEnum(item.variants.iter().map(|v| v.ident.clone()).collect()))
    }
}

/// `#[ast]` on a hand-written value enum (see [`NodeTypeKind::DataEnum`]): a payload that may be a node (a named
/// type) is refused, since only name resolution could tell, and the attribute sees one item. (The generator, which
/// resolves schema names, accepts named value types there.)
pub fn check_payloads_are_values(item: &syn::ItemEnum) -> Vec<ShapeError> {
    let name = &item.ident;
    item.variants
        .iter()
        .filter_map(|v| {
            let payload = variant_payload(v).filter(|ty| !is_surely_value(ty))?;
            let variant = &v.ident;
            let text = type_text(payload);
            Some(ShapeError::new(
                payload,
                format!(
                    "variant `{name}::{variant}` holds `{text}` beside variants that hold values or nothing; #[ast] \
                     cannot tell whether `{text}` is a node"
                ),
                format!(
                    "if it is a node, give every variant one node (`Variant(Box<Node>)`); if `{name}` is a value, \
                     remove #[ast] from it: a hand-written value enum needs none"
                ),
            ))
        })
        .collect()
}

/// The one type a tuple variant holds; `None` for a fieldless variant.
fn variant_payload(variant: &syn::Variant) -> Option<&syn::Type> {
    match &variant.fields {
        syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => Some(&fields.unnamed[0].ty),
        _ => None,
    }
}

/// A variant is fieldless or a tuple variant with exactly one field.
fn check_variant_fields(enum_name: &syn::Ident, variant: &syn::Variant) -> Option<ShapeError> {
    let v = &variant.ident;
    match &variant.fields {
        syn::Fields::Unit => None,
        syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => None,
        syn::Fields::Unnamed(fields) => Some(ShapeError::new(
            variant,
            format!(
                "variant `{enum_name}::{v}` has {} fields; a variant holds exactly one node or one value",
                fields.unnamed.len()
            ),
            format!(
                "make a node struct of the fields and hold it (`{v}(Box<{v}Node>)`), or hold one value such as a \
                 `Vec<..>`"
            ),
        )),
        syn::Fields::Named(_) => Some(ShapeError::new(
            variant,
            format!("variant `{enum_name}::{v}` has named fields; a variant holds exactly one node or one value"),
            format!("move the fields into an #[ast] struct and hold it: `{v}(Box<{v}Node>)`"),
        )),
    }
}

/// True when a type is surely no node (a primitive, a string, a list, an optional value, a tuple, ...). Decided on
/// the syntax alone: a named type may be a node or a value, which only name resolution tells.
fn is_surely_value(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else { return false };
            let name = last.ident.to_string();
            if name == "Box" {
                return boxed_type(&last.arguments).is_some_and(is_surely_value);
            }
            Primitive::from_name(&name).is_some()
                || matches!(name.as_str(), "String" | "str" | "Vec" | "Option" | "NodeId" | "Span")
        }
        syn::Type::Paren(inner) => is_surely_value(&inner.elem),
        syn::Type::Tuple(_) | syn::Type::Array(_) | syn::Type::Slice(_) => true,
        syn::Type::Ptr(_) | syn::Type::FnPtr(_) | syn::Type::Never(_) => true,
        _ => false,
    }
}

/// A type as the user wrote it, without the spaces token printing puts around `<`, `>`, `::`, `,` and `&`.
fn type_text(ty: &syn::Type) -> String {
    let spaced = ty.to_token_stream().to_string();
    [(" <", "<"), ("< ", "<"), (" >", ">"), (" ::", "::"), (":: ", "::"), (" ,", ","), ("& ", "&")]
        .iter()
        .fold(spaced, |text, (from, to)| text.replace(from, to))
}

/// `T` of `Box<T>`.
fn boxed_type(arguments: &syn::PathArguments) -> Option<&syn::Type> {
    let syn::PathArguments::AngleBracketed(args) = arguments else { return None };
    args.args.iter().find_map(|arg| match arg {
        syn::GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn errors(item: syn::Item, ids: IdFields) -> Vec<String> {
        match check_item(&item, ids) {
            Ok(shape) => panic!("expected errors, got {shape:?}"),
            Err(errors) => errors.iter().map(ShapeError::text).collect(),
        }
    }

    fn one_error(item: syn::Item, ids: IdFields) -> String {
        let mut all = errors(item, ids);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn declared_struct_with_id_and_span_is_a_node_struct() {
        let item: syn::Item = parse_quote! { pub struct Foo { pub span: Span, node_id: ast_runtime::NodeId, x: u8 } };
        assert_eq!(check_item(&item, IdFields::Declared).unwrap(), NodeTypeKind::Struct);
    }

    #[test]
    fn a_node_id_under_another_name_gets_a_did_you_mean() {
        let text = one_error(parse_quote! { struct Foo { id: ast_runtime::NodeId, span: Span } }, IdFields::Declared);
        assert!(text.starts_with("#[ast] struct `Foo` has no `node_id` field, but `id` is a `NodeId`"), "{text}");
        assert!(text.contains("did you mean `node_id`? rename `id`"), "{text}");
        let text = one_error(parse_quote! { struct Foo { node_id: NodeId, at: Span } }, IdFields::Declared);
        assert!(text.starts_with("#[ast] struct `Foo` has no `span` field, but `at` is a `Span`"), "{text}");
    }

    #[test]
    fn declared_struct_without_node_id_says_to_add_it() {
        let text = one_error(parse_quote! { struct Foo { span: Span } }, IdFields::Declared);
        assert!(text.starts_with("#[ast] struct `Foo` has no `node_id` field; add `node_id: NodeId`"), "{text}");
    }

    #[test]
    fn declared_struct_without_either_field_reports_both() {
        let all = errors(parse_quote! { struct Foo { x: u8 } }, IdFields::Declared);
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all[0].contains("no `node_id` field"));
        assert!(all[1].contains("no `span` field; add `span: Span`"));
    }

    #[test]
    fn declared_field_of_wrong_type_names_both_types() {
        let text = one_error(parse_quote! { struct Foo { node_id: u32, span: Span } }, IdFields::Declared);
        assert!(text.contains("has type `u32`, not `NodeId`"), "{text}");
        let text = one_error(parse_quote! { struct Foo { node_id: NodeId, span: Span<u8> } }, IdFields::Declared);
        assert!(text.contains("not `Span`"), "{text}");
    }

    #[test]
    fn implied_struct_must_not_declare_id_fields() {
        let item: syn::Item = parse_quote! { pub struct Foo { pub name: String } };
        assert_eq!(check_item(&item, IdFields::Implied).unwrap(), NodeTypeKind::Struct);
        let text = one_error(parse_quote! { struct Foo { node_id: NodeId } }, IdFields::Implied);
        assert!(text.contains("remove the `node_id` field"), "{text}");
    }

    #[test]
    fn tuple_and_unit_structs_are_rejected() {
        let text = one_error(parse_quote! { struct Foo(NodeId, Span); }, IdFields::Declared);
        assert!(text.contains("is a tuple struct"), "{text}");
        let text = one_error(parse_quote! { struct Foo; }, IdFields::Declared);
        assert!(text.contains("is a unit struct"), "{text}");
    }

    #[test]
    fn unions_and_other_items_are_rejected() {
        let text = one_error(parse_quote! { union Foo { a: u32 } }, IdFields::Declared);
        assert!(text.starts_with("#[ast] cannot be used on union `Foo`"), "{text}");
        let text = one_error(parse_quote! { fn foo() {} }, IdFields::Declared);
        assert!(text.starts_with("#[ast] can only be used on a struct or an enum"), "{text}");
    }

    #[test]
    fn enum_of_nodes_lists_its_variants() {
        let item: syn::Item = parse_quote! { enum E { A(Box<A>), B(B) } };
        let NodeTypeKind::NodeEnum(variants) = check_item(&item, IdFields::Declared).unwrap() else { panic!() };
        assert_eq!(variants, ["A", "B"]);
    }

    #[test]
    fn fieldless_enum_is_a_value_enum() {
        let item: syn::Item = parse_quote! { enum Op { Add, Sub = 3 } };
        assert_eq!(check_item(&item, IdFields::Declared).unwrap(), NodeTypeKind::ValueEnum);
    }

    #[test]
    fn bad_enums_say_what_a_variant_must_hold() {
        let text = one_error(parse_quote! { enum E {} }, IdFields::Declared);
        assert!(text.contains("has no variants"), "{text}");
        let text = one_error(parse_quote! { enum E { A(A, B) } }, IdFields::Declared);
        assert!(text.contains("`E::A` has 2 fields"), "{text}");
        let text = one_error(parse_quote! { enum E { A { a: A } } }, IdFields::Declared);
        assert!(text.contains("`E::A` has named fields"), "{text}");
    }

    #[test]
    fn an_enum_with_a_fieldless_variant_or_a_surely_value_payload_is_a_value_enum() {
        for item in [
            parse_quote! { enum Constant { None, Int(String), Float(f64), Bytes(Vec<u8>), Big(BigInt) } },
            parse_quote! { enum E { A(A), B } },
            parse_quote! { enum E { A(Box<f64>) } },
            parse_quote! { enum E { A(Option<Box<A>>) } },
        ] {
            assert_eq!(check_item(&item, IdFields::Declared).unwrap(), NodeTypeKind::DataEnum, "{item:?}");
        }
    }

    #[test]
    fn payloads_that_may_be_nodes_make_an_enum_of_nodes() {
        let item: syn::Item = parse_quote! { enum E<'a> { A(&'a A), B(Box<b::B>), C(Box<Box<C>>), D((D)) } };
        assert!(matches!(check_item(&item, IdFields::Declared), Ok(NodeTypeKind::NodeEnum(_))));
    }

    #[test]
    fn arguments_are_rejected() {
        assert!(check_no_arguments(&TokenStream::new()).is_ok());
        let text = check_no_arguments(&quote::quote!(foo)).unwrap_err().text();
        assert_eq!(text, "#[ast] takes no arguments, found `foo`; write `#[ast]` alone");
    }

    #[test]
    fn combined_errors_keep_every_message() {
        let errors = check_item(&parse_quote! { struct Foo { x: u8 } }, IdFields::Declared).unwrap_err();
        let combined = combine_errors(&errors).unwrap();
        assert_eq!(combined.into_iter().count(), 2);
        assert!(combine_errors(&[]).is_none());
    }
}
