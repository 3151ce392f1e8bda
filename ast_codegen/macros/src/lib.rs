//! Procedural macros of the AST toolkit.
//!
//! - [`macro@ast`]: the attribute for node types written by hand in downstream crates. It gives them what the
//!   generator gives schema types: a fixed layout, no struct literals outside their crate, and `GetNodeId` /
//!   `GetSpan` (the same code the generator emits, from `ast_shape::derive`).
//! - [`macro@schema`]: the marker written `#[ast]` inside a schema crate. The generator reads schema crates with
//!   `syn`; the marker only lets the schema compile, by removing the schema's helper attributes (`#[json]`,
//!   `#[layout]`) that rustc would otherwise reject.
//!
//! The work is done in the `ast_shape` library (`ast_shape::ast_attribute`, `ast_shape::node_shape`), which the
//! generator uses too, so both share one set of rules and one implementation of the impls. This crate depends on
//! `ast_shape` and not on the generator, so expanding `#[ast]` builds only syn, quote and proc-macro2.

use proc_macro::TokenStream;

/// Makes a hand-written type a node type (import it as `use ast_macros::ast;`; the crate must also depend on
/// `ast_runtime`, which the emitted impls name).
///
/// - On a struct with named fields that declares `node_id: NodeId` and `span: Span`: adds `#[repr(C)]` and
///   `#[non_exhaustive]` (no struct literals outside the crate; give the crate constructor functions), moves
///   `node_id` first and makes it `pub(crate)` (it cannot be assigned outside the crate), and implements
///   `GetNodeId` and `GetSpan`. Doc comments and other attributes stay. Generic parameters are allowed.
/// - On an enum whose every variant holds one node (`Variant(Box<Node>)` or `Variant(Node)`): implements
///   `GetNodeId` and `GetSpan` by delegating to the node.
/// - On an enum whose every variant is fieldless: a leaf value, as the generator treats fieldless schema enums. It
///   gets `#[repr(u8)]` (unless it has a `#[repr]`) and whichever of `Clone, Copy, Debug, PartialEq, Eq, Hash` it
///   does not derive itself, and no `GetNodeId` / `GetSpan` (a leaf value has no ID).
/// - On a value enum whose variants carry values (`None`, `Int(String)`, `Float(f64)`, `Bytes(Vec<u8>)`): whichever
///   of `Clone, Debug, PartialEq` it does not derive itself. Its payloads must be surely values (primitives,
///   `String`, `Vec`, `Option`, `Box` of those): a named type might be a node, which one item cannot tell.
///
/// Anything else is a compile error on the offending tokens that says what to do: arguments (`#[ast(x)]`), a
/// union, a tuple or unit struct, a missing `node_id` or `span` or one of another type, a `#[repr]` on a node
/// struct, an empty enum, enum variants with named fields or several fields, and an enum that mixes node variants
/// with fieldless or value variants.
///
/// ```
/// use ast_macros::ast;
/// use ast_runtime::{GetNodeId, GetSpan, NodeId, Span};
///
/// /// A `let` binding. `node_id` may be declared anywhere: `#[ast]` moves it first.
/// #[ast]
/// pub struct LetBinding {
///     pub span: Span,
///     pub name: String,
///     node_id: NodeId,
/// }
///
/// /// A statement: each variant holds one node.
/// #[ast]
/// pub enum Statement {
///     Let(Box<LetBinding>),
/// }
///
/// // Inside the defining crate, constructors build the struct; other crates cannot (it is `#[non_exhaustive]`).
/// let binding = LetBinding { node_id: NodeId::from_u32(0), span: Span::new(0, 9), name: "x".into() };
/// let statement = Statement::Let(Box::new(binding));
/// assert_eq!((statement.node_id(), statement.span()), (NodeId::from_u32(0), Span::new(0, 9)));
/// ```
#[proc_macro_attribute]
pub fn ast(args: TokenStream, input: TokenStream) -> TokenStream {
    ast_shape::ast_attribute::expand(args.into(), input.into()).into()
}

/// Marks a node type inside a schema crate (import it as `use ast_macros::schema as ast;`).
///
/// Emits the item unchanged except that schema-only helper attributes are removed. The generator, not this macro,
/// gives schema types their meaning.
#[proc_macro_attribute]
pub fn schema(_args: TokenStream, input: TokenStream) -> TokenStream {
    let mut item = syn::parse_macro_input!(input as syn::Item);
    ast_shape::schema_attrs::strip_schema_attributes(&mut item);
    quote::quote!(#item).into()
}
