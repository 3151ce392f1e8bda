//! `OwnedNode` (one boxed node of any type, owned) and `drop_iteratively`.

use proc_macro2::TokenStream;
use quote::quote;

use super::Emitter;
use crate::emit::{ident, snake_ident};
use crate::flat_fields::Encoding;
use crate::model::{EnumDef, TypeShape};

impl<'m> Emitter<'m> {
    pub(super) fn emit_owned_node(&self) -> TokenStream {
        let variants = self.structs.iter().map(|(def, _)| {
            let name = ident(&def.name);
            let doc = format!("A [`crate::{}`].", def.name);
            quote!(#[doc = #doc] #name(::std::boxed::Box<crate::#name>),)
        });
        let kind_arms = self.structs.iter().map(|(def, _)| {
            let name = ident(&def.name);
            quote!(OwnedNode::#name(_) => crate::NodeKind::#name,)
        });
        let from_struct = self.structs.iter().map(|(def, _)| {
            let name = ident(&def.name);
            quote! {
                impl ::core::convert::From<crate::#name> for OwnedNode {
                    fn from(node: crate::#name) -> Self { OwnedNode::#name(::std::boxed::Box::new(node)) }
                }
                impl ::core::convert::From<::std::boxed::Box<crate::#name>> for OwnedNode {
                    fn from(node: ::std::boxed::Box<crate::#name>) -> Self { OwnedNode::#name(node) }
                }
            }
        });
        let enum_fns = self.node_enums.iter().map(|e| self.owned_enum_conversions(e));
        let dismantle_arms = self.structs.iter().map(|(def, fields)| {
            let name = ident(&def.name);
            let children: Vec<_> = fields.iter().filter(|f| f.encoding.target().is_some()).collect();
            if children.is_empty() {
                return quote!(OwnedNode::#name(_) => {});
            }
            // Each child is bound to `field_<index>`, never to its own name, which could be `child`, `stack` or
            // `node`, the locals of this loop.
            let bindings: Vec<_> = (0..children.len()).map(|i| quote::format_ident!("field_{i}")).collect();
            let names = children.iter().zip(&bindings).map(|(f, binding)| {
                let ident = &f.ident;
                quote!(#ident: #binding)
            });
            let pushes = children.iter().zip(&bindings).map(|(f, ident)| {
                let into = quote!(OwnedNode::from(child));
                match &f.encoding {
                    Encoding::Child(_) => quote!(let child = #ident; stack.push(#into);),
                    Encoding::OptionalChild(_) => {
                        quote!(if let ::core::option::Option::Some(child) = #ident { stack.push(#into); })
                    }
                    Encoding::ChildList(_) => quote!(stack.extend(#ident.into_iter().map(OwnedNode::from));),
                    Encoding::MaybeChildList(_) => {
                        quote!(stack.extend(#ident.into_iter().flatten().map(OwnedNode::from));)
                    }
                    _ => quote!(stack.extend(#ident.into_iter().flatten().map(OwnedNode::from));),
                }
            });
            quote! {
                OwnedNode::#name(node) => {
                    let crate::#name { #(#names,)* .. } = *node;
                    #(#pushes)*
                }
            }
        });
        quote! {
            /// One boxed node of any type, owned: the unit of the flat -> boxed value stack and of
            /// [`drop_iteratively`]. Every node struct and node enum converts into it with `From`.
            #[derive(Debug, PartialEq)]
            pub enum OwnedNode {
                #(#variants)*
            }

            impl OwnedNode {
                /// The node's type.
                pub fn kind(&self) -> crate::NodeKind {
                    match self { #(#kind_arms)* }
                }

                /// Moves the node's children onto `stack` and drops the node itself, which then holds no nodes.
                fn dismantle(self, stack: &mut ::std::vec::Vec<OwnedNode>) {
                    match self { #(#dismantle_arms)* }
                }
            }

            #(#from_struct)*
            #(#enum_fns)*

            /// Drops a boxed tree (any node and everything under it) without recursion, whatever its depth.
            ///
            /// The boxed types' own `Drop` recurses once per nesting level and overflows the stack on very deep
            /// trees; this takes the tree apart with an explicit stack instead.
            pub fn drop_iteratively(node: impl ::core::convert::Into<OwnedNode>) {
                let mut stack = ::std::vec![node.into()];
                while let ::core::option::Option::Some(node) = stack.pop() {
                    node.dismantle(&mut stack);
                }
            }
        }
    }

    /// `From<E> for OwnedNode` and `owned_into_e(OwnedNode) -> Result<E, OwnedNode>` for one node enum.
    fn owned_enum_conversions(&self, e: &EnumDef) -> TokenStream {
        let name = ident(&e.name);
        let into_fn = snake_ident("owned_into", &e.name);
        let mut from_arms = Vec::new();
        let mut direct_arms = Vec::new();
        let mut nested = Vec::new();
        for v in &e.variants {
            let Some(payload) = &v.payload else { continue };
            let variant = ident(&v.name);
            let shape = self.schema.shape(payload);
            let boxed = matches!(shape, TypeShape::Box(_));
            match shape.strip_box() {
                TypeShape::Struct(s) => {
                    let s = ident(s);
                    from_arms.push(quote!(crate::#name::#variant(it) => OwnedNode::from(it),));
                    let value = if boxed { quote!(it) } else { quote!(*it) };
                    direct_arms.push(
                        quote!(OwnedNode::#s(it) => return ::core::result::Result::Ok(crate::#name::#variant(#value)),),
                    );
                }
                TypeShape::NodeEnum(inner) => {
                    let inner_fn = snake_ident("owned_into", inner);
                    let unbox = if boxed { quote!(*it) } else { quote!(it) };
                    from_arms.push(quote!(crate::#name::#variant(it) => OwnedNode::from(#unbox),));
                    let wrap = if boxed { quote!(::std::boxed::Box::new(it)) } else { quote!(it) };
                    nested.push(quote! {
                        let owned = match #inner_fn(owned) {
                            ::core::result::Result::Ok(it) => return ::core::result::Result::Ok(crate::#name::#variant(#wrap)),
                            ::core::result::Result::Err(owned) => owned,
                        };
                    });
                }
                _ => {}
            }
        }
        let doc = format!("Wraps `owned` as a [`crate::{}`], or gives it back when no variant can hold it.", e.name);
        quote! {
            impl ::core::convert::From<crate::#name> for OwnedNode {
                fn from(node: crate::#name) -> Self {
                    match node { #(#from_arms)* }
                }
            }

            impl ::core::convert::From<::std::boxed::Box<crate::#name>> for OwnedNode {
                fn from(node: ::std::boxed::Box<crate::#name>) -> Self {
                    OwnedNode::from(*node)
                }
            }

            #[doc = #doc]
            // Unused when no field holds this enum (a schema may declare enums it does not use yet).
            #[allow(unreachable_patterns, clippy::needless_return, dead_code)]
            fn #into_fn(owned: OwnedNode) -> ::core::result::Result<crate::#name, OwnedNode> {
                let owned = match owned {
                    #(#direct_arms)*
                    other => other,
                };
                #(#nested)*
                ::core::result::Result::Err(owned)
            }
        }
    }
}
