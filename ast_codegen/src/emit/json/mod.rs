//! `json.rs`: JSON in both directions for any language, from the schema's `#[json]` knobs (serde's vocabulary,
//! [`knobs`]). `to_json(&node, source)` writes; `from_json(text, source)` reads a tree back through
//! `AstNodeBuilder` (dense IDs, renumbered in preorder) or fails with the JSON path of the offending value.
//!
//! Per struct: `write_json_fields` / `read_json_fields` (its members without braces or tag, so a tagged enum of
//! nodes can put its tag in front), and `ToJson` / `FromJson` for the struct alone. The value-level work (numbers,
//! strings, lists, options, spans as lines and columns, the JSON path) is the runtime's `ast_runtime::json`.

pub mod knobs;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use crate::diagnostics::Diagnostic;
use crate::model::{EnumDef, Schema, StructDef, TypeDef, struct_constructor_names};
use crate::prepare::Model;

pub use knobs::Knobs;

/// The JSON output: `json.rs`, from the `#[json]` knobs it reads and checks in `prepare`.
#[derive(Default)]
pub struct Json {
    knobs: Knobs,
}

impl super::Output for Json {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "json",
            doc: "JSON both ways: `to_json` and `from_json`, from the schema's `#[json]` attributes (serde's vocabulary).",
            reexport: false,
            feature: Some("json"),
            source: module_path!(),
        }
    }

    fn attrs(&self) -> &'static [&'static str] {
        &["json"]
    }

    fn prepare(&mut self, schema: &Schema) -> Result<(), Vec<Diagnostic>> {
        self.knobs = Knobs::parse(schema)?;
        Ok(())
    }

    fn generate(&self, model: &Model) -> TokenStream {
        let schema = model.schema;
        let root = ident(&model.root.name);
        let items = schema.types.iter().map(|def| match def {
            TypeDef::Struct(s) => self.emit_struct(s),
            TypeDef::Enum(e) if schema.is_node_enum(e) => self.emit_node_enum(schema, e),
            TypeDef::Enum(e) if e.is_fieldless() => self.emit_fieldless_enum(e),
            TypeDef::Enum(e) => self.emit_value_enum(e),
            // An external type brings its own `ToJson` / `FromJson` (the orphan rule allows them only in its crate).
            TypeDef::External(_) => TokenStream::new(),
        });
        let rt = quote!(::ast_runtime::json);
        quote! {
            //! JSON both ways, as the schema's `#[json]` attributes describe it.

            pub use ::ast_runtime::json::{FromJson, JsonError, JsonReader, JsonWriter, ToJson};

            /// The JSON of `node`, whose spans are byte offsets into `source` (spans written as lines and columns
            /// are computed from it).
            pub fn to_json<T: #rt::ToJson + ?Sized>(node: &T, source: &str) -> ::std::string::String {
                let mut writer = #rt::JsonWriter::new(source);
                node.write_json(&mut writer);
                writer.into_string()
            }

            /// Reads a tree from its JSON (`source` is the text its positions refer to), building it with
            /// [`crate::AstNodeBuilder`]: IDs are dense and in preorder. A value that does not fit is an error with
            /// its JSON path.
            pub fn from_json(text: &str, source: &str) -> ::core::result::Result<crate::#root, #rt::JsonError> {
                let value = #rt::parse(text)?;
                let mut reader = #rt::JsonReader::new(source);
                let mut builder = crate::AstNodeBuilder::new();
                let mut root = <crate::#root as #rt::FromJson<crate::AstNodeBuilder>>::read_json(&value, &mut reader, &mut builder)?;
                builder.renumber(&mut root);
                ::core::result::Result::Ok(root)
            }

            #(#items)*
        }
    }
}

impl Json {
    fn emit_struct(&self, s: &StructDef) -> TokenStream {
        let rt = quote!(::ast_runtime::json);
        let name = ident(&s.name);
        let knobs = self.knobs.of_type(&s.name);
        let type_name = self.knobs.type_name(&s.name);
        let keys: Vec<&str> = s.fields.iter().map(|f| self.knobs.field_key(&s.name, &f.name)).collect();
        let fields: Vec<_> = s.fields.iter().map(|f| ident(&f.name)).collect();
        let locals: Vec<_> = s.fields.iter().map(|f| format_ident!("field_{}", f.name)).collect();
        let write_span = knobs.line_col.then(|| quote!(w.line_col_span(self.span);));
        let read_span =
            if knobs.line_col { quote!(r.line_col_span(object)?) } else { quote!(::ast_runtime::Span::default()) };
        let mut known: Vec<&str> = knobs.tag.iter().map(String::as_str).collect();
        known.extend(keys.iter().copied());
        if knobs.line_col {
            known.extend(knobs::LINE_COL_KEYS);
        }
        let [_, constructor] = struct_constructor_names(&s.name).map(|n| ident(&n));
        let (write_tag, read_tag) = match &knobs.tag {
            Some(tag) => (quote!(w.key(#tag); w.string(#type_name);), quote!(r.expect_tag(object, #tag, #type_name)?;)),
            None => (quote!(), quote!()),
        };
        let doc = format!(" Writes `{}` as a JSON object.", s.name);
        quote! {
            impl crate::#name {
                /// The object's members after its tag, in order (no braces).
                #[allow(unused_variables)]
                fn write_json_fields(&self, w: &mut #rt::JsonWriter) {
                    #( w.key(#keys); #rt::ToJson::write_json(&self.#fields, w); )*
                    #write_span
                }

                /// Reads the members [`Self::write_json_fields`] writes; `known` keys besides them (a tag) are allowed.
                #[allow(unused_variables)]
                fn read_json_fields(
                    object: &#rt::Map,
                    r: &mut #rt::JsonReader,
                    b: &mut crate::AstNodeBuilder,
                ) -> ::core::result::Result<Self, #rt::JsonError> {
                    r.check_keys(object, &[#(#known),*])?;
                    #( let #locals = r.field(object, #keys, |value, r| #rt::FromJson::read_json(value, r, b))?; )*
                    let span = #read_span;
                    ::core::result::Result::Ok(b.#constructor(span #(, #locals)*))
                }
            }

            #[doc = #doc]
            impl #rt::ToJson for crate::#name {
                fn write_json(&self, w: &mut #rt::JsonWriter) {
                    w.begin_object();
                    #write_tag
                    self.write_json_fields(w);
                    w.end_object();
                }
            }

            impl #rt::FromJson<crate::AstNodeBuilder> for crate::#name {
                fn read_json(
                    value: &#rt::Value,
                    r: &mut #rt::JsonReader,
                    b: &mut crate::AstNodeBuilder,
                ) -> ::core::result::Result<Self, #rt::JsonError> {
                    let object = r.object(value)?;
                    #read_tag
                    Self::read_json_fields(object, r, b)
                }
            }
        }
    }

    /// An enum of nodes: internally tagged with a `tag` knob (`{tag: "Variant", ..the node's members}`), else
    /// externally tagged as serde writes enums (`{"Variant": node}`).
    fn emit_node_enum(&self, schema: &Schema, e: &EnumDef) -> TokenStream {
        let rt = quote!(::ast_runtime::json);
        let name = ident(&e.name);
        let tag = self.knobs.of_type(&e.name).tag.clone();
        let mut write_arms = Vec::new();
        let mut read_arms = Vec::new();
        for v in &e.variants {
            let variant = ident(&v.name);
            let text = self.knobs.variant_name(&e.name, &v.name);
            match (&tag, schema.variant_struct(v)) {
                (Some(_), Some((struct_name, boxed))) => {
                    let inner = ident(&struct_name);
                    write_arms
                        .push(quote!(crate::#name::#variant(it) => { w.string(#text); it.write_json_fields(w); }));
                    let read = quote!(crate::#inner::read_json_fields(object, r, b)?);
                    let value = if boxed { quote!(::std::boxed::Box::new(#read)) } else { read };
                    read_arms.push(quote!(#text => crate::#name::#variant(#value),));
                }
                // Checked in `prepare`: a tagged enum's variants hold structs.
                (Some(_), None) => {}
                (None, _) => {
                    write_arms
                        .push(quote!(crate::#name::#variant(it) => { w.key(#text); #rt::ToJson::write_json(it, w); }));
                    let read = quote!(r.field(object, #text, |value, r| #rt::FromJson::read_json(value, r, b))?);
                    read_arms.push(quote!(#text => crate::#name::#variant(#read),));
                }
            }
        }
        let what = format!("a variant of `{}`", self.knobs.type_name(&e.name));
        let (write_tag, read_variant) = match &tag {
            Some(tag) => (quote!(w.key(#tag);), quote!(r.tag(object, #tag)?)),
            None => (quote!(), quote!(r.only_key(object)?)),
        };
        let tag_text = tag.unwrap_or_default();
        quote! {
            impl #rt::ToJson for crate::#name {
                fn write_json(&self, w: &mut #rt::JsonWriter) {
                    w.begin_object();
                    #write_tag
                    match self { #(#write_arms)* }
                    w.end_object();
                }
            }

            impl #rt::FromJson<crate::AstNodeBuilder> for crate::#name {
                fn read_json(
                    value: &#rt::Value,
                    r: &mut #rt::JsonReader,
                    b: &mut crate::AstNodeBuilder,
                ) -> ::core::result::Result<Self, #rt::JsonError> {
                    let object = r.object(value)?;
                    ::core::result::Result::Ok(match #read_variant {
                        #(#read_arms)*
                        other => return ::core::result::Result::Err(r.unknown_tag(#tag_text, other, #what)),
                    })
                }
            }
        }
    }

    /// A fieldless enum: its variant's name, as a string or (tagged) as `{tag: "Variant"}`.
    fn emit_fieldless_enum(&self, e: &EnumDef) -> TokenStream {
        let rt = quote!(::ast_runtime::json);
        let name = ident(&e.name);
        let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
        let texts: Vec<&str> = e.variants.iter().map(|v| self.knobs.variant_name(&e.name, &v.name)).collect();
        let what = format!("a variant of `{}`", self.knobs.type_name(&e.name));
        let (write, read) = match &self.knobs.of_type(&e.name).tag {
            Some(tag) => (
                quote! {
                    w.begin_object();
                    w.key(#tag);
                    w.string(text);
                    w.end_object();
                },
                quote! {
                    let object = r.object(value)?;
                    r.check_keys(object, &[#tag])?;
                    let text = r.tag(object, #tag)?;
                },
            ),
            None => (quote!(w.string(text);), quote!(let text = r.string(value)?;)),
        };
        let tag = self.knobs.of_type(&e.name).tag.clone().unwrap_or_default();
        quote! {
            impl #rt::ToJson for crate::#name {
                fn write_json(&self, w: &mut #rt::JsonWriter) {
                    let text = match self { #(crate::#name::#variants => #texts,)* };
                    #write
                }
            }

            impl<B> #rt::FromJson<B> for crate::#name {
                fn read_json(value: &#rt::Value, r: &mut #rt::JsonReader, _: &mut B) -> ::core::result::Result<Self, #rt::JsonError> {
                    #read
                    ::core::result::Result::Ok(match text {
                        #(#texts => crate::#name::#variants,)*
                        other => return ::core::result::Result::Err(r.unknown_tag(#tag, other, #what)),
                    })
                }
            }
        }
    }

    /// A value enum with payloads: externally tagged (`{"Variant": value}`, a fieldless variant `"Variant"`) but
    /// for `untagged` variants, written as their value alone and read by trying them in declaration order.
    fn emit_value_enum(&self, e: &EnumDef) -> TokenStream {
        let rt = quote!(::ast_runtime::json);
        let name = ident(&e.name);
        let mut write_arms = Vec::new();
        let mut tagged_arms = Vec::new();
        let mut unit_arms = Vec::new();
        let mut untagged_tries = Vec::new();
        for v in &e.variants {
            let variant = ident(&v.name);
            let knobs = self.knobs.of_variant(&e.name, &v.name);
            let text = self.knobs.variant_name(&e.name, &v.name);
            let (write_value, read_value) = if knobs.hex {
                (quote!(#rt::write_hex(value, w);), quote!(#rt::read_hex(value, r)))
            } else {
                (quote!(#rt::ToJson::write_json(value, w);), quote!(#rt::FromJson::read_json(value, r, b)))
            };
            match (v.payload.is_some(), knobs.untagged) {
                (true, true) => {
                    write_arms.push(quote!(crate::#name::#variant(value) => { #write_value }));
                    untagged_tries.push(quote! {
                        if let ::core::result::Result::Ok(it) = r.attempt(|r| #read_value) {
                            return ::core::result::Result::Ok(crate::#name::#variant(it));
                        }
                    });
                }
                (true, false) => {
                    write_arms.push(quote!(crate::#name::#variant(value) => {
                        w.begin_object();
                        w.key(#text);
                        #write_value
                        w.end_object();
                    }));
                    tagged_arms.push(quote!(#text => {
                        let it = r.field(object, #text, |value, r| #read_value)?;
                        return ::core::result::Result::Ok(crate::#name::#variant(it));
                    }));
                }
                (false, true) => {
                    write_arms.push(quote!(crate::#name::#variant => w.null(),));
                    untagged_tries.push(quote! {
                        if value.is_null() {
                            return ::core::result::Result::Ok(crate::#name::#variant);
                        }
                    });
                }
                (false, false) => {
                    write_arms.push(quote!(crate::#name::#variant => w.string(#text),));
                    unit_arms.push(quote!(::core::option::Option::Some(#text) => return ::core::result::Result::Ok(crate::#name::#variant),));
                }
            }
        }
        let what = format!("a variant of `{}`", self.knobs.type_name(&e.name));
        quote! {
            impl #rt::ToJson for crate::#name {
                fn write_json(&self, w: &mut #rt::JsonWriter) {
                    match self { #(#write_arms)* }
                }
            }

            impl<B> #rt::FromJson<B> for crate::#name {
                #[allow(unused_variables, clippy::match_single_binding, clippy::single_match, unreachable_code)]
                fn read_json(value: &#rt::Value, r: &mut #rt::JsonReader, b: &mut B) -> ::core::result::Result<Self, #rt::JsonError> {
                    if let ::core::option::Option::Some(object) = value.as_object().filter(|o| o.len() == 1) {
                        match object.keys().next().map(::std::string::String::as_str).unwrap_or_default() {
                            #(#tagged_arms)*
                            _ => {}
                        }
                    }
                    match value.as_str() {
                        #(#unit_arms)*
                        _ => {}
                    }
                    #(#untagged_tries)*
                    ::core::result::Result::Err(r.error(::std::format!("expected {}", #what)))
                }
            }
        }
    }
}
