//! `estree.rs`: the ESTree JSON serialiser, one `ToEstree` impl per schema type.
//!
//! Everything the output needs is read from the schema's `#[estree(...)]` attributes, which this output owns
//! ([`knobs`]: [`StructKnobs`], [`FieldKnobs`], [`VariantKnobs`]); no type is named here. The impls call the hand-written JSON writer in
//! `ast_runtime::estree`, which also converts byte spans to the UTF-16 offsets JavaScript tools report.
//!
//! Per struct the JSON object is `type`, `start`, `end`, then the *members* ([`knobs::members`]): declared fields (minus
//! `skip`), `in_object` groups written as one nested object, and `add_field`s, in the default order or the one
//! `field_order` gives. Node enums delegate to the node they hold; fieldless enums are strings.
//!
//! Recursion: a node's impl calls its children's impls, so the writer's stack depth is the tree's nesting depth,
//! as for the tree's own (recursive) `Drop`, `PartialEq` and `Debug`. Per level it needs no more stack than
//! `Drop` (a node enum picks its node in a helper that returns before the node is written, so unoptimised builds
//! do not keep the match's per-variant temporaries alive across the subtree). Measured on a 1 MiB thread with a
//! `!!…!a` chain: unoptimised, `Drop` manages ~11,000 levels and the writer ~12,000+; optimised ~21,000 and
//! ~30,000+ (test `deep_trees_need_no_more_stack_than_drop` in `tests/tests/estree_writer.rs`).

use proc_macro2::TokenStream;
use quote::quote;

pub mod knobs;

use super::ident;
use crate::diagnostics::Diagnostic;
use crate::model::{EnumDef, FieldDef, Schema, StructDef, TypeDef, TypeShape};
use crate::prepare::Model;

pub use knobs::{AddField, AddValue, FieldKnobs, FormatPiece, Knobs, Member, StructKnobs, VariantKnobs};
use std::collections::HashMap;

/// The ESTree JSON output: `estree.rs`, from the `#[estree]` knobs it reads and checks in `prepare`.
#[derive(Default)]
pub struct Estree {
    knobs: Knobs,
    /// Each struct's JSON members in the order they are written, by struct name.
    members: HashMap<String, Vec<Member>>,
}

impl super::Output for Estree {
    fn info(&self) -> &'static super::OutputInfo {
        &super::OutputInfo {
            name: "estree",
            doc: "ESTree JSON: `to_json` and a `ToEstree` impl for every type, from the schema's `#[estree]` attributes.",
            reexport: false,
            feature: None,
            source: module_path!(),
        }
    }

    fn attrs(&self) -> &'static [&'static str] {
        &["estree"]
    }

    fn prepare(&mut self, schema: &Schema) -> Result<(), Vec<Diagnostic>> {
        self.knobs = Knobs::parse(schema)?;
        self.members = knobs::check(schema, &self.knobs)?;
        Ok(())
    }

    fn generate(&self, model: &Model) -> TokenStream {
        self.emit_schema(model.schema)
    }
}

impl Estree {
    /// The whole `estree.rs`: the public entry points and one impl per schema type.
    ///
    /// Runs after [`knobs::check`] accepted the knobs, so every field a member names exists.
    fn emit_schema(&self, schema: &Schema) -> TokenStream {
        let header = Self::emit_entry_points(schema);
        let impls = schema.types.iter().map(|def| match def {
            TypeDef::Struct(def) => self.emit_struct(def),
            TypeDef::Enum(def) if def.is_fieldless() => self.emit_value_enum(def),
            TypeDef::Enum(def) if schema.is_node_enum(def) => Self::emit_node_enum(schema, def),
            TypeDef::Enum(def) => self.emit_data_enum(def),
            // An external type brings its own `ToEstree` impl (the orphan rule allows it only in its crate).
            TypeDef::External(_) => TokenStream::new(),
        });
        quote! {
            #header
            #(#impls)*
        }
    }

    fn emit_entry_points(schema: &Schema) -> TokenStream {
        let root_doc = match schema.root() {
            Some(root) => format!(" Usually called on the root, `{}`.", root.name),
            None => String::new(),
        };
        let to_json_doc = [
            format!(" The ESTree JSON of `node`, whose spans are byte offsets into `source`.{root_doc}"),
            String::new(),
            " `start` / `end` are written in UTF-16 code units, as JavaScript tools count them; the text is what"
                .into(),
            " `JSON.stringify` gives for the same tree (numbers and string escapes included).".into(),
        ];
        quote! {
            pub use ::ast_runtime::estree::{EstreeText, EstreeWriter, ToEstree};

            #(#[doc = #to_json_doc])*
            pub fn to_json<T: ::ast_runtime::estree::ToEstree + ?Sized>(node: &T, source: &str) -> ::std::string::String {
                // ESTree JSON is typically 4-8 times the source; reserving the low end saves most reallocations.
                let mut writer = ::ast_runtime::estree::EstreeWriter::with_capacity(source, source.len() * 4);
                node.write_estree(&mut writer);
                writer.into_string()
            }
        }
    }

    fn emit_struct(&self, def: &StructDef) -> TokenStream {
        let members = self.members.get(&def.name).map_or(&[][..], Vec::as_slice);
        let name = ident(&def.name);
        let type_name = self.knobs.of_struct(def).type_name.clone().unwrap_or_else(|| def.name.clone());
        let writes = members.iter().map(|m| self.emit_member(def, m));
        let doc = format!(" Writes `{}` as an ESTree `{type_name}` object.", def.name);
        quote! {
            #[doc = #doc]
            impl ::ast_runtime::estree::ToEstree for crate::#name {
                fn write_estree(&self, w: &mut ::ast_runtime::estree::EstreeWriter) {
                    w.begin_node(#type_name, self.span);
                    #(#writes)*
                    w.end_node();
                }
            }
        }
    }

    fn emit_member(&self, def: &StructDef, member: &Member) -> TokenStream {
        match member {
            Member::Field { key, field } => self.emit_field(key, def, &def.fields[*field]),
            Member::Object { key, fields } => {
                let inner = fields.iter().map(|(key, field)| self.emit_field(key, def, &def.fields[*field]));
                quote! {
                    w.key(#key);
                    w.begin_object();
                    #(#inner)*
                    w.end_object();
                }
            }
            Member::Added(add) => Self::emit_added(add),
        }
    }

    fn emit_field(&self, key: &str, def: &StructDef, field: &FieldDef) -> TokenStream {
        let name = ident(&field.name);
        if self.knobs.of_field(def, field).skip_if_none {
            quote! {
                if let ::std::option::Option::Some(value) = &self.#name {
                    w.key(#key);
                    ::ast_runtime::estree::ToEstree::write_estree(value, w);
                }
            }
        } else {
            quote! {
                w.key(#key);
                ::ast_runtime::estree::ToEstree::write_estree(&self.#name, w);
            }
        }
    }

    fn emit_added(add: &AddField) -> TokenStream {
        let key = &add.name;
        match &add.value {
            AddValue::Json(json) => quote! {
                w.key(#key);
                w.raw_json(#json);
            },
            AddValue::Format(pieces) => {
                let pushes = pieces.iter().map(|piece| match piece {
                    FormatPiece::Text(piece) => match Self::single_char(piece) {
                        Some(c) => quote!(text.push(#c);),
                        None => quote!(text.push_str(#piece);),
                    },
                    FormatPiece::Field(field) => {
                        let field = ident(field);
                        quote!(::ast_runtime::estree::EstreeText::push_text(&self.#field, &mut text);)
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

    /// The only character of `text`, if it has exactly one.
    fn single_char(text: &str) -> Option<char> {
        let mut chars = text.chars();
        chars.next().filter(|_| chars.as_str().is_empty())
    }

    fn emit_value_enum(&self, def: &EnumDef) -> TokenStream {
        let name = ident(&def.name);
        let arms = def.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let text = self.knobs.of_variant(def, v).rename.clone().unwrap_or_else(|| v.name.clone());
            quote!(crate::#name::#variant => #text,)
        });
        let arms_text = arms.clone();
        let doc = format!(" Writes `{}` as a JSON string.", def.name);
        let text_doc = format!(" The ESTree text of `{}`, for `add_field` format strings.", def.name);
        quote! {
            #[doc = #doc]
            impl ::ast_runtime::estree::ToEstree for crate::#name {
                fn write_estree(&self, w: &mut ::ast_runtime::estree::EstreeWriter) {
                    w.string(match self { #(#arms)* });
                }
            }

            #[doc = #text_doc]
            impl ::ast_runtime::estree::EstreeText for crate::#name {
                fn push_text(&self, out: &mut ::std::string::String) {
                    out.push_str(match self { #(#arms_text)* });
                }
            }
        }
    }

    /// A value enum whose variants carry values, as serde writes an externally tagged enum: a fieldless variant as
    /// its name (a JSON string), a variant with a value as `{"Name": value}`. `rename` renames the variant.
    fn emit_data_enum(&self, def: &EnumDef) -> TokenStream {
        let name = ident(&def.name);
        let arms = def.variants.iter().map(|v| {
            let variant = ident(&v.name);
            let text = self.knobs.of_variant(def, v).rename.clone().unwrap_or_else(|| v.name.clone());
            match v.payload {
                Some(_) => quote! {
                    crate::#name::#variant(value) => {
                        w.begin_object();
                        w.key(#text);
                        ::ast_runtime::estree::ToEstree::write_estree(value, w);
                        w.end_object();
                    }
                },
                None => quote!(crate::#name::#variant => w.string(#text),),
            }
        });
        let doc = format!(" Writes `{}` as serde writes an externally tagged enum.", def.name);
        quote! {
            #[doc = #doc]
            impl ::ast_runtime::estree::ToEstree for crate::#name {
                fn write_estree(&self, w: &mut ::ast_runtime::estree::EstreeWriter) {
                    match self { #(#arms)* }
                }
            }
        }
    }

    fn emit_node_enum(schema: &Schema, def: &EnumDef) -> TokenStream {
        let name = ident(&def.name);
        let arms = def.variants.iter().filter_map(|v| {
            let shape = schema.shape(v.payload.as_ref()?);
            let variant = ident(&v.name);
            // The payload itself, not its `Box`, so that unoptimised builds spend no extra frame per tree level.
            let node = match shape {
                TypeShape::Box(_) => quote!(&**node),
                _ if shape.is_node() => quote!(node),
                _ => return None,
            };
            Some(quote!(crate::#name::#variant(node) => #node,))
        });
        let doc = format!(" Writes the node a `{}` holds.", def.name);
        quote! {
            #[doc = #doc]
            impl ::ast_runtime::estree::ToEstree for crate::#name {
                fn write_estree(&self, w: &mut ::ast_runtime::estree::EstreeWriter) {
                    // Selecting the node in a function that returns before the node is written keeps the match's
                    // per-variant temporaries off the stack while the subtree is written: unoptimised builds would
                    // otherwise hold them for every level of the tree.
                    ::ast_runtime::estree::ToEstree::write_estree(self.estree_node(), w);
                }
            }

            impl crate::#name {
                /// The node this enum holds, as something that can be written as ESTree JSON.
                fn estree_node(&self) -> &dyn ::ast_runtime::estree::ToEstree {
                    match self { #(#arms)* }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::knobs::{check, members};
    use super::*;

    /// The knobs of a schema written as source, and its first struct.
    fn knobs_of(source: &str) -> (Schema, Knobs) {
        let schema = crate::schema_from_source(source);
        let knobs = Knobs::parse(&schema).unwrap_or_else(|errors| panic!("{errors:?}"));
        (schema, knobs)
    }

    fn keys(schema: &Schema, knobs: &Knobs) -> Result<Vec<String>, String> {
        let def = schema.structs().next().unwrap();
        members(knobs, def).map(|m| m.iter().map(|m| m.key().to_string()).collect())
    }

    #[test]
    fn default_order_groups_objects_and_appends_added_fields() {
        let (schema, knobs) = knobs_of(
            r#"#[ast] #[estree(add_field(name = "x", json = "null"))]
               pub struct S { #[estree(in_object = "obj")] a: String, b: String, #[estree(in_object = "obj")] c: String }"#,
        );
        assert_eq!(keys(&schema, &knobs).unwrap(), ["obj", "b", "x"]);
        let def = schema.structs().next().unwrap();
        let Member::Object { fields, .. } = &members(&knobs, def).unwrap()[0] else { panic!("not an object") };
        assert_eq!(fields.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["a", "c"]);
    }

    #[test]
    fn field_order_reorders_and_must_list_every_key_once() {
        let with_order = |order: &str| {
            knobs_of(&format!(
                r#"#[ast] #[estree(add_field(name = "x", json = "null"), field_order = "{order}")]
                   pub struct S {{ a: String, b: String }}"#
            ))
        };
        let (schema, knobs) = with_order("b, x, a");
        assert_eq!(keys(&schema, &knobs).unwrap(), ["b", "x", "a"]);
        let (schema, knobs) = with_order("b, x");
        assert!(keys(&schema, &knobs).unwrap_err().contains("does not list `a`"));
        let (schema, knobs) = with_order("b, b, x, a");
        assert!(keys(&schema, &knobs).unwrap_err().contains("twice"));
        let (schema, knobs) = with_order("a, x, zz, b");
        assert!(keys(&schema, &knobs).unwrap_err().contains("`zz`"));
    }

    #[test]
    fn check_reports_bad_attributes() {
        let (schema, knobs) = knobs_of(
            r#"#[ast]
               #[estree(add_field(name = "j", json = "{oops"), add_field(name = "f", format = "{nope}-{a}"),
                        add_field(name = "a", json = "1"))]
               pub struct S { a: String, #[estree(skip_if_none)] flag: bool }"#,
        );
        let messages: Vec<String> = check(&schema, &knobs).unwrap_err().into_iter().map(|d| d.message).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(messages[0].contains("skip_if_none"));
        assert!(messages[1].contains("is not JSON"));
        assert!(messages[2].contains("`{nope}`"));
        assert!(messages[3].contains("`a` twice"));
    }

    #[test]
    fn format_strings_split_into_text_and_fields() {
        assert_eq!(
            knobs::parse_format("/{pattern}/{flags}").unwrap(),
            [
                FormatPiece::Text("/".into()),
                FormatPiece::Field("pattern".into()),
                FormatPiece::Text("/".into()),
                FormatPiece::Field("flags".into()),
            ]
        );
        assert_eq!(knobs::parse_format("{{x}}").unwrap(), [FormatPiece::Text("{x}".into())]);
        assert!(knobs::parse_format("{open").is_err());
        assert!(knobs::parse_format("{}").is_err());
        assert!(knobs::parse_format("a}b").is_err());
    }
}
