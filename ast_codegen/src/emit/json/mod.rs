//! `json.rs`: JSON in both directions for any language, from the schema's `#[json]` knobs (serde's vocabulary,
//! [`knobs`]). `to_json(&node, source)` writes; `from_json(text, source)` reads a tree back through
//! `AstNodeBuilder` (dense IDs, renumbered in preorder) or fails with the JSON path of the offending value.
//!
//! ESTree is one use of it (the ES5 schema: `schema(tag = "type", span = "utf16_offsets")`, renames, added and
//! reordered members; byte-identical to acorn), CPython's `ast` as JSON another (the Python schema).
//!
//! Per struct: a `ToJson` and a `FromJson` impl writing and reading one object: its tag, its offsets, its members
//! ([`knobs::Member`]: fields, nested objects, added members) and its lines and columns. An enum of nodes
//! delegates to the node it holds (untagged) or wraps it in `{"Variant": ..}`; reading an untagged enum looks at
//! the tag of its structs to pick the variant, and tries the variants that share a tag in order. The value-level
//! work (numbers, strings, lists, options, spans, the JSON path) is the runtime's `ast_runtime::json`.
//!
//! Recursion: a node's impl calls its children's impls, so the stack depth is the tree's nesting depth, as for the
//! tree's own (recursive) `Drop`. An enum of nodes picks its node in a helper that returns before the node is
//! written, so unoptimised builds do not keep the match's per-variant temporaries alive across the subtree (test
//! `deep_trees_need_no_more_stack_than_drop` in `tests/tests/json_writer.rs`).

pub mod knobs;

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::diagnostics::Diagnostic;
use crate::model::{EnumDef, Schema, StructDef, TypeDef, TypeShape, VariantDef, struct_constructor_names};
use crate::prepare::Model;

pub use knobs::{AddField, AddValue, FormatPiece, Knobs, Member, Numbers, SpanStyle};

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
        let items = schema.types.iter().map(|def| match def {
            TypeDef::Struct(s) => self.emit_struct(s),
            TypeDef::Enum(e) if schema.is_node_enum(e) => self.emit_node_enum(schema, e),
            TypeDef::Enum(e) if e.is_fieldless() => self.emit_fieldless_enum(e),
            TypeDef::Enum(e) => self.emit_value_enum(e),
            // An external type brings its own `ToJson` / `FromJson` (the orphan rule allows them only in its crate).
            TypeDef::External(_) => TokenStream::new(),
        });
        let entry_points = self.emit_entry_points(model);
        quote! {
            //! JSON both ways, as the schema's `#[json]` attributes describe it.

            #entry_points
            #(#items)*
        }
    }
}

impl Json {
    fn emit_entry_points(&self, model: &Model) -> TokenStream {
        let rt = quote!(::ast_runtime::json);
        let root = ident(&model.root.name);
        let (numbers, numbers_doc) = match self.knobs.schema().numbers {
            Numbers::JavaScript => (quote!(JavaScript), "JavaScript's `JSON.stringify`"),
            Numbers::Python => (quote!(Python), "Python's `json.dumps`"),
        };
        let to_json_doc = [
            " The JSON of `node`, whose spans are byte offsets into `source` (spans written as UTF-16 offsets or as"
                .to_string(),
            " lines and columns are computed from it).".into(),
            String::new(),
            format!(" Numbers and string escapes are written as {numbers_doc} writes them, so the text can be"),
            " compared byte for byte with that tool's.".into(),
        ];
        quote! {
            pub use ::ast_runtime::json::{FromJson, JsonError, JsonReader, JsonText, JsonWriter, Numbers, ToJson};

            /// How this schema's JSON writes floats.
            pub const NUMBERS: #rt::Numbers = #rt::Numbers::#numbers;

            #(#[doc = #to_json_doc])*
            pub fn to_json<T: #rt::ToJson + ?Sized>(node: &T, source: &str) -> ::std::string::String {
                // The JSON of a tree is typically 4 to 10 times its source; reserving the low end saves most
                // reallocations.
                let mut writer = #rt::JsonWriter::new(source, NUMBERS, source.len() * 4);
                node.write_json(&mut writer);
                writer.into_string()
            }

            /// Reads a tree from its JSON (`source` is the text its positions refer to), building it with
            /// [`crate::AstNodeBuilder`]: IDs are dense and in preorder. A value that does not fit is an error with
            /// its JSON path.
            pub fn from_json(text: &str, source: &str) -> ::core::result::Result<crate::#root, #rt::JsonError> {
                let document = #rt::parse(text)?;
                let mut reader = #rt::JsonReader::new(source, NUMBERS);
                let mut builder = crate::AstNodeBuilder::new();
                let mut root = <crate::#root as #rt::FromJson<crate::AstNodeBuilder>>::read_json(document.root(), &mut reader, &mut builder)?;
                builder.renumber(&mut root);
                ::core::result::Result::Ok(root)
            }
        }
    }

    fn emit_struct(&self, s: &StructDef) -> TokenStream {
        let rt = quote!(::ast_runtime::json);
        let name = ident(&s.name);
        let type_name = self.knobs.type_name(&s.name);
        let members = self.knobs.members(&s.name);
        let tag = self.knobs.struct_tag(&s.name);
        let span = self.knobs.span_style(&s.name);

        let mut known: Vec<&str> = tag.into_iter().collect();
        known.extend(span.keys());
        known.extend(members.iter().map(Member::key));
        let (write_tag, read_tag) = match tag {
            Some(tag) => (quote!(w.key(#tag); w.string(#type_name);), quote!(r.expect_tag(object, #tag, #type_name)?;)),
            None => (quote!(), quote!()),
        };
        let (write_offsets, write_lines, read_span) = match span {
            SpanStyle::None => (quote!(), quote!(), quote!(::ast_runtime::Span::default())),
            SpanStyle::Offsets => (quote!(w.offsets_span(self.span);), quote!(), quote!(r.offsets_span(object)?)),
            SpanStyle::Utf16Offsets => (quote!(w.utf16_span(self.span);), quote!(), quote!(r.utf16_span(object)?)),
            SpanStyle::LineCol => (quote!(), quote!(w.line_col_span(self.span);), quote!(r.line_col_span(object)?)),
        };
        let writes = members.iter().map(|m| self.emit_write_member(s, m));
        let reads = members.iter().map(|m| self.emit_read_member(s, m));
        let locals = s.fields.iter().map(|f| crate::emit::field_ident("field", &f.name));
        let [_, constructor] = struct_constructor_names(&s.name).map(|n| ident(&n));
        let doc = format!(" Writes `{}` as a JSON object.", s.name);
        let read_doc = format!(" Reads `{}` from a JSON object, building it with the builder.", s.name);
        quote! {
            #[doc = #doc]
            impl #rt::ToJson for crate::#name {
                fn write_json(&self, w: &mut #rt::JsonWriter) {
                    w.begin_object();
                    #write_tag
                    #write_offsets
                    #(#writes)*
                    #write_lines
                    w.end_object();
                }
            }

            #[doc = #read_doc]
            impl #rt::FromJson<crate::AstNodeBuilder> for crate::#name {
                #[allow(unused_variables)]
                fn read_json(
                    value: #rt::Value<'_>,
                    r: &mut #rt::JsonReader,
                    b: &mut crate::AstNodeBuilder,
                ) -> ::core::result::Result<Self, #rt::JsonError> {
                    let object = r.object(value)?;
                    r.check_keys(object, &[#(#known),*])?;
                    #read_tag
                    let span = #read_span;
                    #(#reads)*
                    ::core::result::Result::Ok(b.#constructor(span #(, #locals)*))
                }
            }
        }
    }

    fn emit_write_member(&self, s: &StructDef, member: &Member) -> TokenStream {
        match member {
            Member::Field { key, field } => self.emit_write_field(s, key, *field),
            Member::Object { key, fields } => {
                let inner = fields.iter().map(|(key, field)| self.emit_write_field(s, key, *field));
                quote! {
                    w.key(#key);
                    w.begin_object();
                    #(#inner)*
                    w.end_object();
                }
            }
            Member::Added(add) => Self::emit_write_added(add),
        }
    }

    fn emit_write_field(&self, s: &StructDef, key: &str, field: usize) -> TokenStream {
        let field = &s.fields[field];
        let name = ident(&field.name);
        if self.knobs.of_field(&s.name, &field.name).skip_if_none {
            quote! {
                if let ::std::option::Option::Some(value) = &self.#name {
                    w.key(#key);
                    ::ast_runtime::json::ToJson::write_json(value, w);
                }
            }
        } else {
            quote! {
                w.key(#key);
                ::ast_runtime::json::ToJson::write_json(&self.#name, w);
            }
        }
    }

    fn emit_write_added(add: &AddField) -> TokenStream {
        let key = &add.name;
        match &add.value {
            AddValue::Json(json) => quote! {
                w.key(#key);
                w.raw_json(#json);
            },
            AddValue::Format(pieces) => {
                let pushes = pieces.iter().map(|piece| match piece {
                    FormatPiece::Text(piece) => match single_char(piece) {
                        Some(c) => quote!(text.push(#c);),
                        None => quote!(text.push_str(#piece);),
                    },
                    FormatPiece::Field(field) => {
                        let field = ident(field);
                        quote!(::ast_runtime::json::JsonText::push_text(&self.#field, &mut text, w.numbers());)
                    }
                });
                quote! {
                    w.key(#key);
                    {
                        let mut text = ::std::string::String::new();
                        #(#pushes)*
                        w.string(&text);
                    }
                }
            }
        }
    }

    /// Reading one member: fields into `field_<name>` locals, added members checked (a fixed value) or skipped.
    fn emit_read_member(&self, s: &StructDef, member: &Member) -> TokenStream {
        let rt = quote!(::ast_runtime::json);
        match member {
            Member::Field { key, field } => {
                let field = &s.fields[*field];
                let local = crate::emit::field_ident("field", &field.name);
                let read = if self.knobs.of_field(&s.name, &field.name).skip_if_none {
                    quote!(field_or_null)
                } else {
                    quote!(field)
                };
                quote!(let #local = r.#read(object, #key, |value, r| #rt::FromJson::read_json(value, r, b))?;)
            }
            Member::Object { key, fields } => {
                let locals = fields.iter().map(|(_, field)| crate::emit::field_ident("field", &s.fields[*field].name));
                let keys = fields.iter().map(|(key, _)| key);
                let inner_keys = keys.clone();
                quote! {
                    let (#(#locals,)*) = r.field(object, #key, |value, r| {
                        let object = r.object(value)?;
                        r.check_keys(object, &[#(#inner_keys),*])?;
                        ::core::result::Result::Ok((
                            #( r.field(object, #keys, |value, r| #rt::FromJson::read_json(value, r, b))?, )*
                        ))
                    })?;
                }
            }
            Member::Added(AddField { name, value: AddValue::Json(json) }) => {
                quote!(r.expect_json(object, #name, #json)?;)
            }
            // Computed from the fields when written; nothing to read.
            Member::Added(AddField { value: AddValue::Format(_), .. }) => quote!(),
        }
    }

    /// An enum of nodes: untagged (written as its node) or externally tagged (`{"Variant": node}`).
    fn emit_node_enum(&self, schema: &Schema, e: &EnumDef) -> TokenStream {
        let rt = quote!(::ast_runtime::json);
        let name = ident(&e.name);
        let untagged = self.knobs.of_type(&e.name).untagged;
        let arms = e.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let text = self.knobs.variant_name(&e.name, &v.name);
            // The payload itself, not its `Box`, so that unoptimised builds spend no extra frame per tree level.
            let node = match v.payload.as_ref().map(|p| schema.shape(p)) {
                Some(TypeShape::Box(_)) => quote!(&**node),
                _ => quote!(node),
            };
            if untagged {
                quote!(crate::#name::#variant(node) => #node,)
            } else {
                quote!(crate::#name::#variant(node) => (#text, #node),)
            }
        });
        let (pick, pick_type, write) = if untagged {
            (quote!(json_node), quote!(&dyn #rt::ToJson), quote!(#rt::ToJson::write_json(self.json_node(), w);))
        } else {
            (
                quote!(json_variant),
                quote!((&'static str, &dyn #rt::ToJson)),
                quote! {
                    let (variant, node) = self.json_variant();
                    w.begin_object();
                    w.key(variant);
                    node.write_json(w);
                    w.end_object();
                },
            )
        };
        let pick_doc = if untagged {
            " The node this enum holds, as something that can be written as JSON."
        } else {
            " The name of this enum's variant and the node it holds, as something that can be written as JSON."
        };
        let read = if untagged { self.emit_read_untagged(schema, e) } else { self.emit_read_externally_tagged(e) };
        let doc = format!(" Writes the node a `{}` holds.", e.name);
        quote! {
            #[doc = #doc]
            impl #rt::ToJson for crate::#name {
                fn write_json(&self, w: &mut #rt::JsonWriter) {
                    // Selecting the node in a function that returns before the node is written keeps the match's
                    // per-variant temporaries off the stack while the subtree is written: unoptimised builds would
                    // otherwise hold them for every level of the tree.
                    #write
                }
            }

            impl crate::#name {
                #[doc = #pick_doc]
                fn #pick(&self) -> #pick_type {
                    match self { #(#arms)* }
                }
            }

            impl #rt::FromJson<crate::AstNodeBuilder> for crate::#name {
                fn read_json(
                    value: #rt::Value<'_>,
                    r: &mut #rt::JsonReader,
                    b: &mut crate::AstNodeBuilder,
                ) -> ::core::result::Result<Self, #rt::JsonError> {
                    #read
                }
            }
        }
    }

    fn emit_read_externally_tagged(&self, e: &EnumDef) -> TokenStream {
        let rt = quote!(::ast_runtime::json);
        let name = ident(&e.name);
        let arms = e.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let text = self.knobs.variant_name(&e.name, &v.name);
            quote!(#text => crate::#name::#variant(r.field(object, #text, |value, r| #rt::FromJson::read_json(value, r, b))?),)
        });
        let what = format!("a variant of `{}`", self.knobs.type_name(&e.name));
        quote! {
            let object = r.object(value)?;
            ::core::result::Result::Ok(match r.only_key(object)? {
                #(#arms)*
                other => return ::core::result::Result::Err(r.unknown_tag("", other, #what)),
            })
        }
    }

    /// Reading an untagged enum of nodes: by the tag of the struct each variant leads to, when they all have one
    /// under the same key; variants sharing a tag value (or all of them, without tags) are tried in order.
    fn emit_read_untagged(&self, schema: &Schema, e: &EnumDef) -> TokenStream {
        let name = ident(&e.name);
        let what = format!("a variant of `{}`", self.knobs.type_name(&e.name));
        let Some((key, table)) = self.tag_table(schema, e) else {
            let tries = Self::emit_tries(&name, &e.variants.iter().collect::<Vec<_>>(), &what);
            return quote! {
                #tries
            };
        };
        // Tag values in first-seen order, each with the variants that can hold it: those whose struct has more
        // members of a fixed value (`add_field(json = ..)`, which tell structs with one tag apart) first.
        let mut values: Vec<(&str, Vec<(usize, &VariantDef)>)> = Vec::new();
        for (value, variant, fixed) in &table {
            let index = match values.iter().position(|(v, _)| v == value) {
                Some(index) => index,
                None => {
                    values.push((value.as_str(), Vec::new()));
                    values.len() - 1
                }
            };
            let variants = &mut values[index].1;
            match variants.iter_mut().find(|(_, v)| v.name == variant.name) {
                Some((most, _)) => *most = (*most).max(*fixed),
                None => variants.push((*fixed, *variant)),
            }
        }
        let values: Vec<(&str, Vec<&VariantDef>)> = values
            .into_iter()
            .map(|(value, mut variants)| {
                variants.sort_by_key(|(fixed, _)| std::cmp::Reverse(*fixed));
                (value, variants.into_iter().map(|(_, v)| v).collect())
            })
            .collect();
        let arms = values.iter().map(|(value, variants)| {
            let tries = Self::emit_tries(&name, variants, &what);
            quote!(#value => { #tries })
        });
        quote! {
            let object = r.object(value)?;
            match r.tag(object, #key)? {
                #(#arms)*
                other => ::core::result::Result::Err(r.unknown_tag(#key, other, #what)),
            }
        }
    }

    /// Reads `value` as each of `variants` in turn, the first that fits winning; when none fits, the error names
    /// what went wrong with each.
    fn emit_tries(name: &proc_macro2::Ident, variants: &[&VariantDef], what: &str) -> TokenStream {
        let rt = quote!(::ast_runtime::json);
        if let [only] = variants {
            let variant = ident(&only.name);
            return quote!(#rt::FromJson::read_json(value, r, b).map(crate::#name::#variant));
        }
        let tries = variants.iter().map(|v| {
            let variant = ident(&v.name);
            let text = &v.name;
            quote! {
                match r.attempt(|r| #rt::FromJson::read_json(value, r, b)) {
                    ::core::result::Result::Ok(node) => return ::core::result::Result::Ok(crate::#name::#variant(node)),
                    ::core::result::Result::Err(error) => errors.push((#text, error)),
                }
            }
        });
        quote! {
            let mut errors = ::std::vec::Vec::new();
            #(#tries)*
            ::core::result::Result::Err(r.none_fits(#what, errors))
        }
    }

    /// For an untagged enum of nodes whose variants all lead to tagged structs under one key: that key and every
    /// `(tag value, variant, fixed members of the struct)`, a nested untagged enum contributing all of its values
    /// to its variant.
    fn tag_table<'e>(&self, schema: &Schema, e: &'e EnumDef) -> Option<(String, Vec<TagCandidate<'e>>)> {
        let mut key: Option<String> = None;
        let mut table = Vec::new();
        for v in &e.variants {
            for (k, value, fixed) in self.tags_of_variant(schema, v, &mut vec![e.name.clone()])? {
                if key.get_or_insert_with(|| k.clone()) != &k {
                    return None;
                }
                table.push((value, v, fixed));
            }
        }
        Some((key?, table))
    }

    /// The `(tag key, tag value, fixed members)`s a variant's JSON can start with, or `None` when one of them has
    /// no tag.
    fn tags_of_variant(
        &self,
        schema: &Schema,
        v: &VariantDef,
        seen: &mut Vec<String>,
    ) -> Option<Vec<(String, String, usize)>> {
        match schema.shape(v.payload.as_ref()?).strip_box() {
            TypeShape::Struct(s) => {
                let key = self.knobs.struct_tag(s)?;
                let fixed = self
                    .knobs
                    .members(s)
                    .iter()
                    .filter(|m| matches!(m, Member::Added(AddField { value: AddValue::Json(_), .. })))
                    .count();
                Some(vec![(key.to_string(), self.knobs.type_name(s).to_string(), fixed)])
            }
            TypeShape::NodeEnum(inner) if self.knobs.of_type(inner).untagged && !seen.contains(inner) => {
                let Some(TypeDef::Enum(inner_def)) = schema.by_name(inner) else { return None };
                seen.push(inner.clone());
                let mut out = Vec::new();
                for v in &inner_def.variants {
                    out.extend(self.tags_of_variant(schema, v, seen)?);
                }
                Some(out)
            }
            _ => None,
        }
    }

    /// A fieldless enum: its variant's name, as a string or (tagged) as `{tag: "Variant"}`; as text for `format`.
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
                    w.string(self.json_name());
                    w.end_object();
                },
                quote! {
                    let object = r.object(value)?;
                    r.check_keys(object, &[#tag])?;
                    let text = r.tag(object, #tag)?;
                },
            ),
            None => (quote!(w.string(self.json_name());), quote!(let text = r.string(value)?;)),
        };
        let tag = self.knobs.of_type(&e.name).tag.clone().unwrap_or_default();
        let doc = format!(" Writes `{}` as its variant's name.", e.name);
        quote! {
            impl crate::#name {
                /// The name this variant is written as.
                pub fn json_name(&self) -> &'static str {
                    match self { #(crate::#name::#variants => #texts,)* }
                }
            }

            #[doc = #doc]
            impl #rt::ToJson for crate::#name {
                fn write_json(&self, w: &mut #rt::JsonWriter) {
                    #write
                }
            }

            impl #rt::JsonText for crate::#name {
                fn push_text(&self, out: &mut ::std::string::String, _: #rt::Numbers) {
                    out.push_str(self.json_name());
                }
            }

            impl<B> #rt::FromJson<B> for crate::#name {
                fn read_json(value: #rt::Value<'_>, r: &mut #rt::JsonReader, _: &mut B) -> ::core::result::Result<Self, #rt::JsonError> {
                    #read
                    ::core::result::Result::Ok(match text {
                        #(#texts => crate::#name::#variants,)*
                        other => return ::core::result::Result::Err(r.unknown_tag(#tag, other, #what)),
                    })
                }
            }
        }
    }

    /// A value enum with payloads: externally tagged (`{"Variant": value}`, a fieldless variant `"Variant"` or,
    /// with `content`, `{"Variant": <content>}`) but for `untagged` variants, written as their value alone and read
    /// by trying them in declaration order.
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
            match (v.payload.is_some(), knobs.untagged, &knobs.content) {
                (true, true, _) => {
                    write_arms.push(quote!(crate::#name::#variant(value) => { #write_value }));
                    untagged_tries.push(quote! {
                        if let ::core::result::Result::Ok(it) = r.attempt(|r| #read_value) {
                            return ::core::result::Result::Ok(crate::#name::#variant(it));
                        }
                    });
                }
                (true, false, _) => {
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
                (false, true, _) => {
                    write_arms.push(quote!(crate::#name::#variant => w.null(),));
                    untagged_tries.push(quote! {
                        if value.is_null() {
                            return ::core::result::Result::Ok(crate::#name::#variant);
                        }
                    });
                }
                (false, false, Some(content)) => {
                    write_arms.push(quote!(crate::#name::#variant => {
                        w.begin_object();
                        w.key(#text);
                        w.raw_json(#content);
                        w.end_object();
                    }));
                    tagged_arms.push(quote!(#text => {
                        r.expect_json(object, #text, #content)?;
                        return ::core::result::Result::Ok(crate::#name::#variant);
                    }));
                }
                (false, false, None) => {
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
                fn read_json(value: #rt::Value<'_>, r: &mut #rt::JsonReader, b: &mut B) -> ::core::result::Result<Self, #rt::JsonError> {
                    if let ::core::option::Option::Some(object) = value.as_object().filter(|o| o.len() == 1) {
                        match object.keys().next().unwrap_or_default() {
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

/// A variant an untagged enum of nodes reads for one tag value: the value, the variant, and how many members of a
/// fixed value its struct has (more are tried first).
type TagCandidate<'e> = (String, &'e VariantDef, usize);

/// The only character of `text`, if it has exactly one.
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    chars.next().filter(|_| chars.as_str().is_empty())
}
