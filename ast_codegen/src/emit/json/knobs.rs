//! The `#[json(..)]` attribute of the JSON output, in serde's vocabulary: what each knob means, how it is read
//! from the schema, and its checks.
//!
//! | on | knob | meaning |
//! | --- | --- | --- |
//! | struct | `tag = "_type"` | written as an object whose first key `_type` holds its name |
//! | struct, enum, variant, field | `rename = "name"` | the name written (as tag value, variant key or object key) |
//! | struct | `span = "line_col"` | the span is written after the fields as `lineno`, `col_offset`, `end_lineno`, `end_col_offset` (1-based line, 0-based column in UTF-8 bytes, as CPython's `ast`) |
//! | enum of nodes, fieldless enum | `tag = "_type"` | internally tagged: `{"_type": "Variant", ..fields of the node}` (fieldless: `{"_type": "Variant"}`) |
//! | variant of a value enum | `untagged` | written as its value alone (a fieldless variant: `null`); read by trying the untagged variants in order |
//! | variant of a value enum | `with = "hex"` | a `Vec<u8>` written as a lowercase hex string |
//!
//! Defaults follow serde: a struct is an object of its fields, a fieldless enum a string, an enum of nodes and a
//! value enum externally tagged (`{"Binary": {..}}`, `{"Int": 1}`, `"None"`).

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::load::location_of;
use crate::model::{EnumDef, Location, Schema, StructDef, TypeDef, TypeShape};

/// The span keys `span = "line_col"` writes, in order.
pub const LINE_COL_KEYS: [&str; 4] = ["lineno", "col_offset", "end_lineno", "end_col_offset"];

/// Every `#[json]` knob of a schema; absent means serde's defaults.
#[derive(Clone, Debug, Default)]
pub struct Knobs {
    types: HashMap<String, TypeKnobs>,
    fields: HashMap<(String, String), String>,
    variants: HashMap<(String, String), VariantKnobs>,
}

/// `#[json]` on a struct or enum.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeKnobs {
    /// `tag = "key"`.
    pub tag: Option<String>,
    /// `rename = "name"`.
    pub rename: Option<String>,
    /// `span = "line_col"`.
    pub line_col: bool,
}

/// `#[json]` on a variant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VariantKnobs {
    /// `rename = "name"`.
    pub rename: Option<String>,
    /// `untagged`.
    pub untagged: bool,
    /// `with = "hex"`.
    pub hex: bool,
}

static DEFAULT_TYPE: TypeKnobs = TypeKnobs { tag: None, rename: None, line_col: false };
static DEFAULT_VARIANT: VariantKnobs = VariantKnobs { rename: None, untagged: false, hex: false };

impl Knobs {
    /// Reads and checks every `#[json]` attribute of `schema`; each problem is a diagnostic at its location.
    pub fn parse(schema: &Schema) -> Result<Knobs, Vec<Diagnostic>> {
        let mut knobs = Knobs::default();
        let mut errors = Vec::new();
        for def in &schema.types {
            match def {
                TypeDef::Struct(s) => knobs.read_struct(s, &mut errors),
                TypeDef::Enum(e) => knobs.read_enum(schema, e, &mut errors),
                TypeDef::External(_) => {}
            }
        }
        for e in schema.node_enums() {
            knobs.check_node_enum(schema, e, &mut errors);
        }
        if errors.is_empty() { Ok(knobs) } else { Err(errors) }
    }

    /// The knobs of a struct or enum.
    pub fn of_type(&self, name: &str) -> &TypeKnobs {
        self.types.get(name).unwrap_or(&DEFAULT_TYPE)
    }

    /// The JSON name of a struct or enum: its `rename`, else its name.
    pub fn type_name<'a>(&'a self, name: &'a str) -> &'a str {
        self.of_type(name).rename.as_deref().unwrap_or(name)
    }

    /// The key a field is written under.
    pub fn field_key<'a>(&'a self, owner: &str, field: &'a str) -> &'a str {
        self.fields.get(&(owner.to_string(), field.to_string())).map_or(field, String::as_str)
    }

    /// The knobs of a variant.
    pub fn of_variant(&self, owner: &str, variant: &str) -> &VariantKnobs {
        self.variants.get(&(owner.to_string(), variant.to_string())).unwrap_or(&DEFAULT_VARIANT)
    }

    /// The name a variant is written as: its `rename`, else its name.
    pub fn variant_name<'a>(&'a self, owner: &str, variant: &'a str) -> &'a str {
        self.of_variant(owner, variant).rename.as_deref().unwrap_or(variant)
    }

    fn read_struct(&mut self, s: &StructDef, errors: &mut Vec<Diagnostic>) {
        let mut out = TypeKnobs::default();
        for attr in json_attrs(&s.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("tag") {
                    out.tag = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                } else if meta.path.is_ident("rename") {
                    out.rename = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                } else if meta.path.is_ident("span") {
                    let style = meta.value()?.parse::<syn::LitStr>()?;
                    if style.value() != "line_col" {
                        return Err(syn::Error::new(style.span(), "the one span style is \"line_col\""));
                    }
                    out.line_col = true;
                } else {
                    return Err(meta.error("unknown #[json] key on a struct"));
                }
                Ok(())
            });
            report(
                &s.location.file,
                result,
                "struct keys: `tag = \"key\"`, `rename = \"name\"`, `span = \"line_col\"`",
                errors,
            );
        }
        for field in &s.fields {
            for attr in json_attrs(&field.attrs) {
                let result = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("rename") {
                        let key = meta.value()?.parse::<syn::LitStr>()?.value();
                        self.fields.insert((s.name.clone(), field.name.clone()), key);
                        Ok(())
                    } else {
                        Err(meta.error("unknown #[json] key on a field"))
                    }
                });
                report(&field.location.file, result, "field keys: `rename = \"key\"`", errors);
            }
        }
        self.check_keys(s, &out, errors);
        if out != TypeKnobs::default() {
            self.types.insert(s.name.clone(), out);
        }
    }

    /// No two members of a struct's object may have the same key.
    fn check_keys(&self, s: &StructDef, knobs: &TypeKnobs, errors: &mut Vec<Diagnostic>) {
        let mut keys: Vec<&str> = knobs.tag.iter().map(String::as_str).collect();
        if knobs.line_col {
            keys.extend(LINE_COL_KEYS);
        }
        for field in &s.fields {
            let key = self.field_key(&s.name, &field.name);
            if keys.contains(&key) {
                errors.push(Diagnostic::new(
                    field.location.clone(),
                    format!(
                        "field `{}.{}` is written under the JSON key `{key}`, which `{}` already writes",
                        s.name, field.name, s.name
                    ),
                    "rename it with `#[json(rename = \"...\")]`",
                ));
            }
            keys.push(key);
        }
    }

    fn read_enum(&mut self, schema: &Schema, e: &EnumDef, errors: &mut Vec<Diagnostic>) {
        let mut out = TypeKnobs::default();
        let value_with_payloads = !e.is_fieldless() && !schema.is_node_enum(e);
        for attr in json_attrs(&e.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("tag") && !value_with_payloads {
                    out.tag = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                } else if meta.path.is_ident("rename") {
                    out.rename = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                } else {
                    return Err(meta.error("unknown #[json] key on this enum"));
                }
                Ok(())
            });
            let help = if value_with_payloads {
                "keys of a value enum with payloads: `rename = \"name\"` (its variants take `rename`, `untagged`, `with`)"
            } else {
                "enum keys: `tag = \"key\"`, `rename = \"name\"`"
            };
            report(&e.location.file, result, help, errors);
        }
        for variant in &e.variants {
            let mut knobs = VariantKnobs::default();
            for attr in json_attrs(&variant.attrs) {
                let result = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("rename") {
                        knobs.rename = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                    } else if meta.path.is_ident("untagged") && value_with_payloads {
                        knobs.untagged = true;
                    } else if meta.path.is_ident("with") && value_with_payloads {
                        let codec = meta.value()?.parse::<syn::LitStr>()?;
                        let bytes = variant.payload.as_ref().map(|p| schema.shape(p))
                            == Some(TypeShape::Vec(Box::new(TypeShape::Primitive(crate::model::Primitive::U8))));
                        if codec.value() != "hex" || !bytes {
                            return Err(syn::Error::new(
                                codec.span(),
                                "`with = \"hex\"` is the one codec, for a `Vec<u8>`",
                            ));
                        }
                        knobs.hex = true;
                    } else {
                        return Err(meta.error("unknown #[json] key on this variant"));
                    }
                    Ok(())
                });
                let help = "variant keys: `rename = \"name\"`; in a value enum with payloads also `untagged`, `with = \"hex\"`";
                report(&variant.location.file, result, help, errors);
            }
            if knobs != VariantKnobs::default() {
                self.variants.insert((e.name.clone(), variant.name.clone()), knobs);
            }
        }
        if out != TypeKnobs::default() {
            self.types.insert(e.name.clone(), out);
        }
    }

    /// A tagged enum of nodes puts its tag among the members of the node its variant holds, so every variant must
    /// hold a node struct (a nested enum of nodes would bring its own tag).
    fn check_node_enum(&self, schema: &Schema, e: &EnumDef, errors: &mut Vec<Diagnostic>) {
        if self.of_type(&e.name).tag.is_none() {
            return;
        }
        for v in &e.variants {
            if schema.variant_struct(v).is_none() {
                errors.push(Diagnostic::new(
                    v.location.clone(),
                    format!(
                        "variant `{}::{}` of a tagged enum holds no node struct (inline or in one `Box`), so it has no members to put the tag among",
                        e.name, v.name
                    ),
                    "hold the node struct directly, or drop the enum's `tag` (it is then written as `{\"Variant\": node}`)",
                ));
            }
        }
    }
}

fn json_attrs(attrs: &[syn::Attribute]) -> impl Iterator<Item = &syn::Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("json"))
}

/// Records a malformed attribute as a diagnostic at the token syn points at.
fn report(file: &Path, result: syn::Result<()>, help: &str, errors: &mut Vec<Diagnostic>) {
    if let Err(err) = result {
        let location: Location = location_of(file, err.span());
        errors.push(Diagnostic::new(location, err.to_string(), help));
    }
}
