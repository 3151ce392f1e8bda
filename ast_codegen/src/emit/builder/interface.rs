//! The `AstBuild` trait: the builder interface a parser is written against once, with the handles of each
//! representation as associated types, and its implementation for the boxed tree's `AstNodeBuilder`. The flat
//! output implements it for `flat::FlatBuilder` (`emit/flat/build.rs`) with the same helpers.
//!
//! The constructors have `AstNodeBuilder`'s names and parameters in schema order, with every node replaced by its
//! handle (`Self::Expression`), every list by `BuilderCore::List` of handles, and strings borrowed (`&str`), so
//! that the flat builder stores them without an allocation of their own.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{Model, docs, ident};
use crate::flat_fields::{ChildType, Encoding, FlatField, Value};
use crate::model::{
    EnumDef, StructDef, TypeShape, VariantDef, snake_case, struct_constructor_names, variant_constructor_name,
    variant_handle_names,
};

/// The runtime half of the interface.
pub(crate) fn core_trait() -> TokenStream {
    quote!(::ast_runtime::builder::BuilderCore)
}

/// Names of `BuilderCore`'s associated types: a schema type named like one is qualified (`<Self as AstBuild>::List`).
const CORE_TYPES: [&str; 2] = ["List", "Tree"];

/// The handle type of schema type `name` inside the trait and its impls: `Self::Name`.
pub(crate) fn handle(name: &str) -> TokenStream {
    let ty = ident(name);
    if CORE_TYPES.contains(&name) { quote!(<Self as crate::AstBuild>::#ty) } else { quote!(Self::#ty) }
}

/// `BuilderCore::List<item>`.
fn list_of(item: TokenStream) -> TokenStream {
    let core = core_trait();
    quote!(<Self as #core>::List<#item>)
}

/// The parameter type of a field in the interface's constructors.
pub(crate) fn param_type(f: &FlatField<'_>) -> TokenStream {
    match &f.encoding {
        Encoding::Child(t) => handle(t.name()),
        Encoding::OptionalChild(t) => {
            let h = handle(t.name());
            quote!(::core::option::Option<#h>)
        }
        Encoding::ChildList(t) => list_of(handle(t.name())),
        Encoding::OptionalChildList(t) => {
            let h = handle(t.name());
            list_of(quote!(::core::option::Option<#h>))
        }
        Encoding::MaybeChildList(t) => {
            let list = list_of(handle(t.name()));
            quote!(::core::option::Option<#list>)
        }
        Encoding::Str => quote!(&str),
        Encoding::OptionalStr => quote!(::core::option::Option<&str>),
        Encoding::Value(v) => v.boxed_type(),
        Encoding::OptionalValue(v) => {
            let t = v.boxed_type();
            quote!(::core::option::Option<#t>)
        }
    }
}

/// `span: Span, field: Type, ...`: a constructor's parameters.
pub(crate) fn params(fields: &[FlatField<'_>]) -> TokenStream {
    let params = fields.iter().map(|f| {
        let (name, ty) = (&f.ident, param_type(f));
        quote!(#name: #ty)
    });
    quote!(span: ::ast_runtime::Span, #(#params),*)
}

/// The field names, as the arguments of a call passing each parameter on.
pub(crate) fn args(fields: &[FlatField<'_>]) -> TokenStream {
    let args = fields.iter().map(|f| &f.ident);
    quote!(span, #(#args),*)
}

/// One variant of a node enum, with what the interface calls it.
pub(crate) struct Variant<'m> {
    pub(crate) enum_def: &'m EnumDef,
    pub(crate) def: &'m VariantDef,
    /// The node struct or node enum the variant holds.
    pub(crate) payload: ChildType,
    /// `e_from_v`, `e_into_v`, `e_is_v`.
    pub(crate) from: proc_macro2::Ident,
    pub(crate) into: proc_macro2::Ident,
    pub(crate) is: proc_macro2::Ident,
}

/// Every variant of every node enum, in declaration order.
pub(crate) fn variants<'m>(model: &'m Model<'_>) -> Vec<Variant<'m>> {
    let schema = model.schema;
    let mut out = Vec::new();
    for e in schema.node_enums() {
        for v in &e.variants {
            let Some(payload) = v.payload.as_ref() else { continue };
            let shape = schema.shape(payload);
            let boxed = matches!(shape, TypeShape::Box(_));
            let payload = match shape.strip_box() {
                TypeShape::Struct(name) => ChildType::Struct { name: name.clone(), boxed },
                TypeShape::NodeEnum(name) => ChildType::Enum { name: name.clone(), boxed },
                _ => continue,
            };
            let [from, into, is] = variant_handle_names(&e.name, &v.name).map(|name| ident(&name));
            out.push(Variant { enum_def: e, def: v, payload, from, into, is });
        }
    }
    out
}

/// The schema types that have a handle: node structs and node enums, in declaration order.
pub(crate) fn handle_types<'m>(model: &'m Model<'_>) -> impl Iterator<Item = &'m str> + 'm {
    let schema = model.schema;
    schema.types.iter().filter_map(move |t| match t {
        crate::model::TypeDef::Struct(s) => Some(s.name.as_str()),
        crate::model::TypeDef::Enum(e) if schema.is_node_enum(e) => Some(e.name.as_str()),
        _ => None,
    })
}

/// Emits the trait, its implementation for `AstNodeBuilder`, and `BuilderCore` for `AstNodeBuilder`.
pub fn emit(model: &Model<'_>) -> TokenStream {
    let variants = variants(model);
    let handle_types = handle_types(model).map(|name| {
        let ty = ident(name);
        let doc = format!(
            "A built [`{name}`](crate::{name}): what its constructor returns and its parent's constructor takes."
        );
        quote!(#[doc = #doc] type #ty: ::ast_runtime::GetNodeId + ::core::fmt::Debug;)
    });
    let constructors = model.structs_with_flat_fields().map(|(s, fields)| trait_constructor(s, fields));
    let variant_constructors = variants.iter().filter_map(|v| variant_constructor(model, v));
    let variant_methods = variants.iter().map(variant_methods);
    let root = handle(&model.root.name);
    let core = core_trait();
    let trait_doc = docs(&[
        "The builder interface: one constructor per node type, as [`AstNodeBuilder`] has, with each".into(),
        "representation's handles as associated types. A parser written once against it builds the boxed tree".into(),
        "([`AstNodeBuilder`]) or the flat one directly (`flat::FlatBuilder`); the same calls give equal trees".into(),
        "(`FlatAst::from_boxed` of the one is `==` the other) with the same IDs.".into(),
        String::new(),
        "Children are built first and handed to their parent's constructor; a list is made of handles with".into(),
        "[`BuilderCore::list_from`](::ast_runtime::builder::BuilderCore::list_from), strings are borrowed. A parser"
            .into(),
        "that tries one reading and backtracks takes a".into(),
        "[`checkpoint`](::ast_runtime::builder::BuilderCore::checkpoint) and".into(),
        "[`rewind`](::ast_runtime::builder::BuilderCore::rewind)s to it: everything built since is discarded and"
            .into(),
        "IDs stay dense. `finish` makes the tree: renumbered to preorder, or flat.".into(),
        String::new(),
        "`e_v` builds a struct as variant `V` of enum `E`; `e_from_v` / `e_into_v` / `e_is_v` wrap a built node".into(),
        "as the enum, unwrap it and test it.".into(),
    ]);
    let boxed_impl = boxed_impl(model, &variants);
    quote! {
        /// The runtime half of [`AstBuild`]: lists, checkpoints, the node count, and the finished tree's type.
        pub use ::ast_runtime::builder::{BuilderCore, Checkpoint, ListItem};

        #trait_doc
        #[allow(clippy::wrong_self_convention, clippy::type_complexity)]
        pub trait AstBuild: #core {
            #(#handle_types)*

            #(#constructors)*
            #(#variant_constructors)*
            #(#variant_methods)*

            /// Finishes the tree under `root`: the boxed root renumbered to preorder, or the flat tree.
            fn finish(&mut self, root: #root) -> <Self as #core>::Tree;
        }

        #boxed_impl
    }
}

fn trait_constructor(s: &StructDef, fields: &[FlatField<'_>]) -> TokenStream {
    let method = ident(&snake_case(&s.name));
    let params = params(fields);
    let ret = handle(&s.name);
    let doc = format!("Builds a [`{}`](crate::{}).", s.name, s.name);
    quote! {
        #[doc = #doc]
        fn #method(&mut self, #params) -> #ret;
    }
}

/// `e_v(span, ..)`: a default method building the struct and wrapping it.
fn variant_constructor(model: &Model<'_>, v: &Variant<'_>) -> Option<TokenStream> {
    let ChildType::Struct { name, .. } = &v.payload else { return None };
    let s = model.schema.structs().find(|s| &s.name == name)?;
    let fields = model.flat_fields(s);
    let method = ident(&variant_constructor_name(&v.enum_def.name, &v.def.name));
    let inner = ident(&struct_constructor_names(name)[1]);
    let (params, args, ret, from) = (params(fields), args(fields), handle(&v.enum_def.name), &v.from);
    let (e, variant) = (&v.enum_def.name, &v.def.name);
    let doc = format!("Builds a [`{name}`](crate::{name}) as [`{e}::{variant}`](crate::{e}::{variant}).");
    Some(quote! {
        #[doc = #doc]
        #[inline]
        fn #method(&mut self, #params) -> #ret {
            let built = self.#inner(#args);
            self.#from(built)
        }
    })
}

fn variant_methods(v: &Variant<'_>) -> TokenStream {
    let (e, variant, payload) = (&v.enum_def.name, &v.def.name, v.payload.name());
    let (enum_handle, payload_handle) = (handle(e), handle(payload));
    let (from, into, is) = (&v.from, &v.into, &v.is);
    let link = format!("[`{e}::{variant}`](crate::{e}::{variant})");
    let from_doc = format!("A built [`{payload}`](crate::{payload}) as {link}.");
    let into_doc = format!("The [`{payload}`](crate::{payload}) when `it` is {link}, else `it` back.");
    let is_doc = format!("True when `it` is {link}.");
    quote! {
        #[doc = #from_doc]
        fn #from(&self, it: #payload_handle) -> #enum_handle;
        #[doc = #into_doc]
        fn #into(&self, it: #enum_handle) -> ::core::result::Result<#payload_handle, #enum_handle>;
        #[doc = #is_doc]
        fn #is(&self, it: &#enum_handle) -> bool;
    }
}

/// `impl AstBuild for AstNodeBuilder` and `impl BuilderCore for AstNodeBuilder`: each constructor converts its
/// arguments to the boxed field types and calls the inherent constructor of the same name.
fn boxed_impl(model: &Model<'_>, variants: &[Variant<'_>]) -> TokenStream {
    let types = handle_types(model).map(|name| {
        let ty = ident(name);
        quote!(type #ty = crate::#ty;)
    });
    let constructors = model.structs_with_flat_fields().map(|(s, fields)| {
        let method = ident(&snake_case(&s.name));
        let (params, ret) = (params(fields), handle(&s.name));
        let converted = fields.iter().map(|f| boxed_argument(model, f));
        quote! {
            #[inline]
            fn #method(&mut self, #params) -> #ret {
                AstNodeBuilder::#method(self, span, #(#converted),*)
            }
        }
    });
    let variant_methods = variants.iter().map(|v| {
        let (e, variant) = (ident(&v.enum_def.name), ident(&v.def.name));
        let (enum_handle, payload_handle) = (handle(&v.enum_def.name), handle(v.payload.name()));
        let (from, into, is) = (&v.from, &v.into, &v.is);
        let (wrap, unwrap) = if v.payload.boxed() {
            (quote!(::std::boxed::Box::new(it)), quote!(*payload))
        } else {
            (quote!(it), quote!(payload))
        };
        quote! {
            #[inline]
            fn #from(&self, it: #payload_handle) -> #enum_handle {
                crate::#e::#variant(#wrap)
            }
            #[inline]
            fn #into(&self, it: #enum_handle) -> ::core::result::Result<#payload_handle, #enum_handle> {
                match it {
                    crate::#e::#variant(payload) => ::core::result::Result::Ok(#unwrap),
                    other => ::core::result::Result::Err(other),
                }
            }
            #[inline]
            fn #is(&self, it: &#enum_handle) -> bool {
                ::core::matches!(it, crate::#e::#variant(_))
            }
        }
    });
    let root = ident(&model.root.name);
    let core = core_trait();
    quote! {
        /// The boxed tree: handles are the nodes themselves, lists `Vec`s; `finish` renumbers to preorder.
        #[allow(clippy::wrong_self_convention, clippy::type_complexity, unreachable_patterns)]
        impl AstBuild for AstNodeBuilder {
            #(#types)*
            #(#constructors)*
            #(#variant_methods)*

            fn finish(&mut self, root: crate::#root) -> crate::#root {
                let mut root = root;
                self.renumber(&mut root);
                root
            }
        }

        /// Lists are `Vec`s, made exactly sized; a checkpoint is the ID counter.
        impl #core for AstNodeBuilder {
            type List<T> = ::std::vec::Vec<T>;
            type Tree = crate::#root;

            #[inline]
            fn list_from<T: ::ast_runtime::builder::ListItem>(
                &mut self,
                items: impl ::core::iter::IntoIterator<Item = T>,
            ) -> ::std::vec::Vec<T> {
                items.into_iter().collect()
            }

            fn checkpoint(&self) -> ::ast_runtime::builder::Checkpoint {
                self.ids.checkpoint()
            }

            fn rewind(&mut self, checkpoint: ::ast_runtime::builder::Checkpoint) {
                self.ids.rewind(checkpoint);
            }

            fn node_count(&self) -> usize {
                self.ids.count()
            }
        }
    }
}

/// A constructor's argument converted from the interface's type to the boxed field's.
fn boxed_argument(model: &Model<'_>, f: &FlatField<'_>) -> TokenStream {
    let name = &f.ident;
    match &f.encoding {
        Encoding::Str => quote!(::std::string::String::from(#name)),
        Encoding::OptionalStr => quote!(#name.map(::std::string::String::from)),
        Encoding::Value(_) | Encoding::OptionalValue(_) => quote!(#name),
        _ => node_to_boxed(quote!(#name), &model.schema.shape(&f.def.ty)),
    }
}

/// `expr` (handles shaped like `shape`, unboxed) in the boxed field's shape: `Box::new` where the field boxes.
fn node_to_boxed(expr: TokenStream, shape: &TypeShape) -> TokenStream {
    if !boxes(shape) {
        return expr;
    }
    match shape {
        TypeShape::Box(inner) => {
            let inner = node_to_boxed(expr, inner);
            quote!(::std::boxed::Box::new(#inner))
        }
        TypeShape::Option(inner) => {
            let f = element_to_boxed(inner);
            quote!(#expr.map(#f))
        }
        TypeShape::Vec(inner) => {
            let f = element_to_boxed(inner);
            quote!(#expr.into_iter().map(#f).collect())
        }
        _ => expr,
    }
}

/// The function `node_to_boxed` maps over an `Option` or a `Vec` whose elements have this shape: `Box::new` itself
/// where that is all it does (a closure around it is one clippy refuses).
fn element_to_boxed(shape: &TypeShape) -> TokenStream {
    match shape {
        TypeShape::Box(inner) if !boxes(inner) => quote!(::std::boxed::Box::new),
        _ => {
            let inner = node_to_boxed(quote!(it), shape);
            quote!(|it| #inner)
        }
    }
}

/// True when a field of this shape boxes a node somewhere.
fn boxes(shape: &TypeShape) -> bool {
    match shape {
        TypeShape::Box(_) => true,
        TypeShape::Option(inner) | TypeShape::Vec(inner) => boxes(inner),
        _ => false,
    }
}

/// `value` of a field passed by value into the flat tree's stored type (`Bits64` for an 8-byte primitive).
pub(crate) fn stored_value(v: &Value, value: TokenStream) -> TokenStream {
    match v {
        Value::Plain { .. } => value,
        Value::Wide(p) => {
            let from = quote::format_ident!("from_{}", p.rust_name());
            quote!(::ast_runtime::Bits64::#from(#value))
        }
    }
}

/// An optional `value` into the stored type.
pub(crate) fn stored_optional_value(v: &Value, value: TokenStream) -> TokenStream {
    match v {
        Value::Plain { .. } => value,
        Value::Wide(p) => {
            let from = quote::format_ident!("from_{}", p.rust_name());
            quote!(#value.map(::ast_runtime::Bits64::#from))
        }
    }
}
