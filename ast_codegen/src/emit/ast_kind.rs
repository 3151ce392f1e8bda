//! `ast_kind.rs`: `NodeKind`, a tag per node struct (one byte, two past 256 node structs), and `AstKind<'a>`, a
//! typed reference to any node.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Model, ident};

/// Emits `NodeKind` and `AstKind`.
pub fn emit(model: &Model) -> TokenStream {
    let names: Vec<&str> = model.schema.structs().map(|s| s.name.as_str()).collect();
    let kinds: Vec<_> = names.iter().map(|n| ident(n)).collect();
    let count = kinds.len();
    // The narrowest tag that numbers every node struct; `prepare` refuses more than a `u16` numbers.
    let (repr, width) = if count <= 256 { (quote!(u8), "one byte") } else { (quote!(u16), "two bytes") };
    let doc = format!(" The type of a node, {width}: one variant per node struct, in schema declaration order.");
    quote! {
        #[doc = #doc]
        #[repr(#repr)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum NodeKind {
            #(#[doc = concat!(" A `", #names, "`.")] #kinds,)*
        }

        impl NodeKind {
            /// How many node types there are.
            pub const COUNT: usize = #count;

            /// Every kind, in declaration order (`ALL[k as usize] == k`).
            pub const ALL: [NodeKind; #count] = [#(NodeKind::#kinds),*];

            /// The node type's name.
            pub const fn name(self) -> &'static str {
                match self {
                    #(NodeKind::#kinds => #names,)*
                }
            }

            /// The kind with this discriminant (`k as usize`), or `None` when out of range.
            pub const fn from_index(index: usize) -> ::core::option::Option<NodeKind> {
                if index < Self::COUNT {
                    ::core::option::Option::Some(Self::ALL[index])
                } else {
                    ::core::option::Option::None
                }
            }
        }

        /// A reference to any node, tagged with its type. Visitors receive it in `enter_node` / `leave_node`.
        #[derive(Debug, Clone, Copy)]
        pub enum AstKind<'a> {
            #(#[doc = concat!(" A `", #names, "`.")] #kinds(&'a crate::#kinds),)*
        }

        impl<'a> AstKind<'a> {
            /// The node's type.
            pub const fn kind(self) -> NodeKind {
                match self {
                    #(AstKind::#kinds(_) => NodeKind::#kinds,)*
                }
            }

            /// The node's ID.
            pub fn node_id(self) -> ::ast_runtime::NodeId {
                match self {
                    #(AstKind::#kinds(it) => ::ast_runtime::GetNodeId::node_id(it),)*
                }
            }

            /// The node's source range.
            pub fn span(self) -> ::ast_runtime::Span {
                match self {
                    #(AstKind::#kinds(it) => ::ast_runtime::GetSpan::span(it),)*
                }
            }
        }

        impl ::ast_runtime::GetNodeId for AstKind<'_> {
            fn node_id(&self) -> ::ast_runtime::NodeId {
                AstKind::node_id(*self)
            }
        }

        impl ::ast_runtime::GetSpan for AstKind<'_> {
            fn span(&self) -> ::ast_runtime::Span {
                AstKind::span(*self)
            }
        }

        #(
            impl<'a> ::core::convert::From<&'a crate::#kinds> for AstKind<'a> {
                fn from(node: &'a crate::#kinds) -> Self {
                    AstKind::#kinds(node)
                }
            }
        )*
    }
}

/// `NodeKind` and `AstKind` (`ast_kind.rs`).
pub struct AstKinds;

impl super::Output for AstKinds {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "ast_kind",
            doc: "`NodeKind` (one tag per node type) and `AstKind` (a reference to any node).",
            reexport: true,
            feature: None,
            source: module_path!(),
        }
    }

    fn generate(&self, model: &super::Model) -> TokenStream {
        emit(model)
    }
}
