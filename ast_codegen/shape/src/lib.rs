//! `ast_shape`: what the `#[ast]` attribute and the generator must agree on, in a crate light enough for a proc
//! macro to depend on (syn, quote and proc-macro2 only).
//!
//! - [`node_shape`]: the shape rules of node types (which structs and enums are nodes, with which errors), checked
//!   by `#[ast]` on hand-written types and by the generator's parse phase on schema types.
//! - [`derive`](mod@derive): the `GetNodeId` / `GetSpan` impls, emitted by `#[ast]` and by the generator alike.
//! - [`ast_attribute`]: the whole expansion of `#[ast]`; the `ast_macros` crate only forwards to it.
//! - [`schema_attrs`]: the schema's helper attributes, read by the generator and removed by the `#[schema]` marker.
//! - [`Primitive`]: the primitive leaf types (never a node).
//! - [`ident()`]: the one keyword-aware way to make an identifier token.
//!
//! The generator (`ast_codegen`) re-exports these modules under its own name, so its code and its users keep
//! writing `ast_codegen::node_shape` and so on.

pub mod ast_attribute;
pub mod derive;
mod ident;
pub mod node_shape;
mod primitive;
pub mod schema_attrs;

pub use ident::{NotAnIdentifier, ident, try_ident};
pub use primitive::Primitive;
