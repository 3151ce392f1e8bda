//! The `#[json(..)]` attribute of the JSON output, in serde's vocabulary where serde has a word for it: what each
//! knob means, how it is read from the schema, and its checks.
//!
//! | on | knob | meaning |
//! | --- | --- | --- |
//! | root struct | `schema(tag = "type", span = "utf16_offsets", numbers = "js")` | defaults for the whole schema: every struct's `tag` and `span` unless it sets its own, and how floats are written (`"js"`: as `JSON.stringify`, the default; `"python"`: as `json.dumps`) |
//! | struct | `tag = "type"` | written as an object whose first member `type` holds the struct's name (`untagged`: no tag, despite a schema default) |
//! | struct, enum, variant, field | `rename = "name"` | the name written (as tag value, variant key or object key) |
//! | struct | `span = "..."` | how the span is written: `"offsets"` (`start`, `end` after the tag, UTF-8 bytes), `"utf16_offsets"` (the same in UTF-16 code units, as JavaScript tools count), `"line_col"` (after the fields: `lineno`, `col_offset`, `end_lineno`, `end_col_offset`, as CPython's `ast`), `"none"` |
//! | struct | `add_field(name = "k", json = "false")` | a member the schema does not store, with a fixed JSON value (checked when read) |
//! | struct | `add_field(name = "k", format = "/{pattern}/{flags}")` | a string member made from fields (ignored when read) |
//! | struct | `field_order = "a, b, c"` | the members after the tag and offsets, in this order (every written key once) |
//! | field | `in_object = "regex"` | written inside a nested object under this key, with the struct's other fields that name it |
//! | field | `skip_serializing_if = "Option::is_none"` | an `Option` left out when `None` (read as `None` when missing) |
//! | enum of nodes | `untagged` | written as the node it holds (its struct's own tag tells them apart when read) |
//! | fieldless enum | `tag = "_type"` | `{"_type": "Variant"}` instead of `"Variant"` |
//! | variant of a value enum | `untagged` | written as its value alone (a fieldless variant: `null`); read by trying the untagged variants in order |
//! | variant of a value enum | `with = "hex"` | a `Vec<u8>` written as a lowercase hex string |
//! | fieldless variant of a value enum | `content = "true"` | written as `{"Variant": true}` (a fixed JSON value) instead of `"Variant"` |
//!
//! Defaults follow serde: a struct is an object of its fields, a fieldless enum a string, an enum of nodes and a
//! value enum externally tagged (`{"Binary": {..}}`, `{"Int": 1}`, `"None"`).

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::load::location_of;
use crate::model::{
    EnumDef, FieldDef, Location, Primitive, Schema, StructDef, TypeDef, TypeRef, TypeShape, VariantDef,
};

/// The span keys `span = "line_col"` writes, in order.
pub const LINE_COL_KEYS: [&str; 4] = ["lineno", "col_offset", "end_lineno", "end_col_offset"];

/// The span keys `span = "offsets"` and `"utf16_offsets"` write, in order.
pub const OFFSET_KEYS: [&str; 2] = ["start", "end"];

/// How a struct's span is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SpanStyle {
    /// Not written; read back as an empty span.
    #[default]
    None,
    /// `start`, `end` after the tag, byte offsets.
    Offsets,
    /// `start`, `end` after the tag, UTF-16 code units.
    Utf16Offsets,
    /// `lineno`, `col_offset`, `end_lineno`, `end_col_offset` after the fields.
    LineCol,
}

impl SpanStyle {
    /// The JSON keys this style writes.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            SpanStyle::None => &[],
            SpanStyle::Offsets | SpanStyle::Utf16Offsets => &OFFSET_KEYS,
            SpanStyle::LineCol => &LINE_COL_KEYS,
        }
    }

    fn parse(text: &syn::LitStr) -> syn::Result<SpanStyle> {
        Ok(match text.value().as_str() {
            "none" => SpanStyle::None,
            "offsets" => SpanStyle::Offsets,
            "utf16_offsets" => SpanStyle::Utf16Offsets,
            "line_col" => SpanStyle::LineCol,
            _ => {
                return Err(syn::Error::new(
                    text.span(),
                    "span styles: \"offsets\", \"utf16_offsets\", \"line_col\", \"none\"",
                ));
            }
        })
    }
}

/// How floats are written (`schema(numbers = ..)`), mirroring `ast_runtime::json::Numbers`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Numbers {
    /// `JSON.stringify`.
    #[default]
    JavaScript,
    /// Python's `json.dumps`.
    Python,
}

/// `schema(...)` on the root struct.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemaKnobs {
    /// The tag key of every struct that does not say otherwise.
    pub tag: Option<String>,
    /// The span style of every struct that does not say otherwise.
    pub span: SpanStyle,
    /// How floats are written.
    pub numbers: Numbers,
}

/// `#[json]` on a struct or enum.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeKnobs {
    /// `tag = "key"`.
    pub tag: Option<String>,
    /// `untagged`.
    pub untagged: bool,
    /// `rename = "name"`.
    pub rename: Option<String>,
    /// `span = "..."`.
    pub span: Option<SpanStyle>,
    /// `add_field(..)`s, in order.
    pub add_fields: Vec<AddField>,
    /// `field_order = ".."`, split at commas; empty means the default order.
    pub field_order: Vec<String>,
}

/// `#[json]` on a field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldKnobs {
    /// `rename = "key"`.
    pub rename: Option<String>,
    /// `skip_serializing_if = "Option::is_none"`.
    pub skip_if_none: bool,
    /// `in_object = "key"`.
    pub in_object: Option<String>,
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
    /// `content = "<JSON>"`: a fieldless variant written as `{"Variant": <JSON>}`.
    pub content: Option<String>,
}

/// One `add_field(...)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddField {
    /// The JSON key.
    pub name: String,
    /// The value.
    pub value: AddValue,
}

/// The value of an added member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddValue {
    /// `json = "null"`: a fixed JSON text, written as is.
    Json(String),
    /// `format = "/{pattern}/{flags}"`: a JSON string made from the struct's fields, split into its pieces.
    Format(Vec<FormatPiece>),
}

/// One piece of an `add_field(format = "...")` string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatPiece {
    /// Text copied as is.
    Text(String),
    /// `{name}`: the named field's value as text.
    Field(String),
}

/// One member of a struct's object after its tag and offsets. Fields are named by their index in
/// [`StructDef::fields`].
#[derive(Clone, Debug)]
pub enum Member {
    /// A declared field, written under `key`.
    Field {
        /// The JSON key.
        key: String,
        /// The field's index.
        field: usize,
    },
    /// A nested object (`in_object = "key"`) holding the fields that name it, in schema order.
    Object {
        /// The JSON key of the nested object.
        key: String,
        /// `(JSON key, field index)` of each member of the nested object.
        fields: Vec<(String, usize)>,
    },
    /// An `add_field`: a value the schema does not store.
    Added(AddField),
}

impl Member {
    /// The JSON key of this member.
    pub fn key(&self) -> &str {
        match self {
            Member::Field { key, .. } | Member::Object { key, .. } => key,
            Member::Added(add) => &add.name,
        }
    }
}

/// Every `#[json]` knob of a schema, checked, with each struct's members in the order they are written.
#[derive(Clone, Debug, Default)]
pub struct Knobs {
    schema: SchemaKnobs,
    types: HashMap<String, TypeKnobs>,
    fields: HashMap<(String, String), FieldKnobs>,
    variants: HashMap<(String, String), VariantKnobs>,
    members: HashMap<String, Vec<Member>>,
}

static DEFAULT_TYPE: TypeKnobs =
    TypeKnobs { tag: None, untagged: false, rename: None, span: None, add_fields: Vec::new(), field_order: Vec::new() };
static DEFAULT_FIELD: FieldKnobs = FieldKnobs { rename: None, skip_if_none: false, in_object: None };
static DEFAULT_VARIANT: VariantKnobs = VariantKnobs { rename: None, untagged: false, hex: false, content: None };

impl Knobs {
    /// Reads and checks every `#[json]` attribute of `schema`; each problem is a diagnostic at its location.
    pub fn parse(schema: &Schema) -> Result<Knobs, Vec<Diagnostic>> {
        let mut knobs = Knobs::default();
        let mut errors = Vec::new();
        let root = schema.root().map(|r| r.name.clone());
        for def in &schema.types {
            match def {
                TypeDef::Struct(s) => knobs.read_struct(s, root.as_deref() == Some(&s.name), &mut errors),
                TypeDef::Enum(e) => knobs.read_enum(schema, e, &mut errors),
                TypeDef::External(_) => {}
            }
        }
        if errors.is_empty() {
            for def in schema.structs() {
                if let Some(members) = knobs.check_struct(schema, def, &mut errors) {
                    knobs.members.insert(def.name.clone(), members);
                }
            }
        }
        if errors.is_empty() { Ok(knobs) } else { Err(errors) }
    }

    /// The schema-wide knobs.
    pub fn schema(&self) -> &SchemaKnobs {
        &self.schema
    }

    /// The knobs of a struct or enum.
    pub fn of_type(&self, name: &str) -> &TypeKnobs {
        self.types.get(name).unwrap_or(&DEFAULT_TYPE)
    }

    /// The JSON name of a struct or enum: its `rename`, else its name.
    pub fn type_name<'a>(&'a self, name: &'a str) -> &'a str {
        self.of_type(name).rename.as_deref().unwrap_or(name)
    }

    /// The tag key struct `name` writes its name under, if any: its own `tag`, else the schema's, unless `untagged`.
    pub fn struct_tag(&self, name: &str) -> Option<&str> {
        let knobs = self.of_type(name);
        if knobs.untagged { None } else { knobs.tag.as_deref().or(self.schema.tag.as_deref()) }
    }

    /// How struct `name` writes its span.
    pub fn span_style(&self, name: &str) -> SpanStyle {
        self.of_type(name).span.unwrap_or(self.schema.span)
    }

    /// The members of struct `name` after its tag and offsets, in the order they are written.
    pub fn members(&self, name: &str) -> &[Member] {
        self.members.get(name).map_or(&[], Vec::as_slice)
    }

    /// The knobs of a field.
    pub fn of_field(&self, owner: &str, field: &str) -> &FieldKnobs {
        self.fields.get(&(owner.to_string(), field.to_string())).unwrap_or(&DEFAULT_FIELD)
    }

    /// The knobs of a variant.
    pub fn of_variant(&self, owner: &str, variant: &str) -> &VariantKnobs {
        self.variants.get(&(owner.to_string(), variant.to_string())).unwrap_or(&DEFAULT_VARIANT)
    }

    /// The name a variant is written as: its `rename`, else its name.
    pub fn variant_name<'a>(&'a self, owner: &str, variant: &'a str) -> &'a str {
        self.of_variant(owner, variant).rename.as_deref().unwrap_or(variant)
    }

    fn read_struct(&mut self, s: &StructDef, is_root: bool, errors: &mut Vec<Diagnostic>) {
        let mut out = TypeKnobs::default();
        for attr in json_attrs(&s.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("schema") {
                    if !is_root {
                        return Err(meta.error("`schema(..)` sets defaults for the whole schema: put it on the root struct (the first one declared)"));
                    }
                    self.read_schema(&meta)
                } else if meta.path.is_ident("tag") {
                    out.tag = Some(string(&meta)?);
                    Ok(())
                } else if meta.path.is_ident("untagged") {
                    out.untagged = true;
                    Ok(())
                } else if meta.path.is_ident("rename") {
                    out.rename = Some(string(&meta)?);
                    Ok(())
                } else if meta.path.is_ident("span") {
                    out.span = Some(SpanStyle::parse(&meta.value()?.parse()?)?);
                    Ok(())
                } else if meta.path.is_ident("add_field") {
                    out.add_fields.push(read_add_field(&meta)?);
                    Ok(())
                } else if meta.path.is_ident("field_order") {
                    out.field_order = string(&meta)?.split(',').map(|key| key.trim().to_string()).collect();
                    Ok(())
                } else {
                    Err(meta.error("unknown #[json] key on a struct"))
                }
            });
            report(
                &s.location.file,
                result,
                "struct keys: `tag = \"key\"`, `untagged`, `rename = \"name\"`, `span = \"offsets\" | \"utf16_offsets\" | \"line_col\" | \"none\"`, \
                 `add_field(name = \"k\", json = \"<JSON>\")`, `add_field(name = \"k\", format = \"text {field}\")`, `field_order = \"a, b\"`; \
                 on the root also `schema(tag = .., span = .., numbers = \"js\" | \"python\")`",
                errors,
            );
        }
        for field in &s.fields {
            self.read_field(s, field, errors);
        }
        if out != TypeKnobs::default() {
            self.types.insert(s.name.clone(), out);
        }
    }

    fn read_schema(&mut self, meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
        meta.parse_nested_meta(|inner| {
            if inner.path.is_ident("tag") {
                self.schema.tag = Some(string(&inner)?);
            } else if inner.path.is_ident("span") {
                self.schema.span = SpanStyle::parse(&inner.value()?.parse()?)?;
            } else if inner.path.is_ident("numbers") {
                let text: syn::LitStr = inner.value()?.parse()?;
                self.schema.numbers = match text.value().as_str() {
                    "js" => Numbers::JavaScript,
                    "python" => Numbers::Python,
                    _ => return Err(syn::Error::new(text.span(), "number styles: \"js\", \"python\"")),
                };
            } else {
                return Err(inner.error("unknown key in `schema(..)`: `tag`, `span`, `numbers`"));
            }
            Ok(())
        })
    }

    fn read_field(&mut self, s: &StructDef, field: &FieldDef, errors: &mut Vec<Diagnostic>) {
        let mut out = FieldKnobs::default();
        for attr in json_attrs(&field.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    out.rename = Some(string(&meta)?);
                } else if meta.path.is_ident("in_object") {
                    out.in_object = Some(string(&meta)?);
                } else if meta.path.is_ident("skip_serializing_if") {
                    let predicate: syn::LitStr = meta.value()?.parse()?;
                    if predicate.value() != "Option::is_none" || !matches!(field.ty, TypeRef::Option(_)) {
                        return Err(syn::Error::new(
                            predicate.span(),
                            "`skip_serializing_if = \"Option::is_none\"` is the one predicate, on an `Option` field",
                        ));
                    }
                    out.skip_if_none = true;
                } else {
                    return Err(meta.error("unknown #[json] key on a field"));
                }
                Ok(())
            });
            let help =
                "field keys: `rename = \"key\"`, `in_object = \"key\"`, `skip_serializing_if = \"Option::is_none\"`";
            report(&field.location.file, result, help, errors);
        }
        if out != FieldKnobs::default() {
            self.fields.insert((s.name.clone(), field.name.clone()), out);
        }
    }

    fn read_enum(&mut self, schema: &Schema, e: &EnumDef, errors: &mut Vec<Diagnostic>) {
        let mut out = TypeKnobs::default();
        let of_nodes = schema.is_node_enum(e);
        let fieldless = e.is_fieldless();
        for attr in json_attrs(&e.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("tag") && fieldless {
                    out.tag = Some(string(&meta)?);
                } else if meta.path.is_ident("untagged") && of_nodes {
                    out.untagged = true;
                } else if meta.path.is_ident("rename") {
                    out.rename = Some(string(&meta)?);
                } else if meta.path.is_ident("tag") && of_nodes {
                    return Err(meta.error(
                        "an enum of nodes is written `untagged` (as the node it holds, whose struct writes its own `tag`) or externally tagged (`{\"Variant\": node}`), not with a tag of its own",
                    ));
                } else {
                    return Err(meta.error("unknown #[json] key on this enum"));
                }
                Ok(())
            });
            let help = if of_nodes {
                "keys of an enum of nodes: `untagged`, `rename = \"name\"`; to tag the nodes, give their structs `tag = \"key\"` (or the root `schema(tag = \"key\")`)"
            } else if fieldless {
                "keys of a fieldless enum: `tag = \"key\"`, `rename = \"name\"`"
            } else {
                "keys of a value enum with payloads: `rename = \"name\"` (its variants take `rename`, `untagged`, `with`, `content`)"
            };
            report(&e.location.file, result, help, errors);
        }
        let value_with_payloads = !fieldless && !of_nodes;
        for variant in &e.variants {
            self.read_variant(schema, e, variant, value_with_payloads, errors);
        }
        if out != TypeKnobs::default() {
            self.types.insert(e.name.clone(), out);
        }
    }

    fn read_variant(
        &mut self,
        schema: &Schema,
        e: &EnumDef,
        variant: &VariantDef,
        value_with_payloads: bool,
        errors: &mut Vec<Diagnostic>,
    ) {
        let mut knobs = VariantKnobs::default();
        for attr in json_attrs(&variant.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    knobs.rename = Some(string(&meta)?);
                } else if meta.path.is_ident("untagged") && value_with_payloads {
                    knobs.untagged = true;
                } else if meta.path.is_ident("with") && value_with_payloads {
                    let codec: syn::LitStr = meta.value()?.parse()?;
                    let bytes = variant.payload.as_ref().map(|p| schema.shape(p))
                        == Some(TypeShape::Vec(Box::new(TypeShape::Primitive(Primitive::U8))));
                    if codec.value() != "hex" || !bytes {
                        return Err(syn::Error::new(
                            codec.span(),
                            "`with = \"hex\"` is the one codec, for a `Vec<u8>`",
                        ));
                    }
                    knobs.hex = true;
                } else if meta.path.is_ident("content") && value_with_payloads && variant.payload.is_none() {
                    let json: syn::LitStr = meta.value()?.parse()?;
                    knobs.content = Some(compact_json(&json.value()).map_err(|e| syn::Error::new(json.span(), e))?);
                } else {
                    return Err(meta.error("unknown #[json] key on this variant"));
                }
                Ok(())
            });
            let help = "variant keys: `rename = \"name\"`; in a value enum with payloads also `untagged`, `with = \"hex\"`, and on a fieldless variant `content = \"<JSON>\"`";
            report(&variant.location.file, result, help, errors);
        }
        if knobs.untagged && knobs.content.is_some() {
            errors.push(Diagnostic::new(
                variant.location.clone(),
                format!("`{}::{}` is both `untagged` and written with `content`", e.name, variant.name),
                "keep one: `untagged` writes `null`, `content` writes `{\"Variant\": <JSON>}`",
            ));
        }
        if knobs != VariantKnobs::default() {
            self.variants.insert((e.name.clone(), variant.name.clone()), knobs);
        }
    }

    /// Checks a struct's members (`field_order`, `add_field` values, no key written twice) and returns them in
    /// the order they are written.
    fn check_struct(&self, schema: &Schema, def: &StructDef, out: &mut Vec<Diagnostic>) -> Option<Vec<Member>> {
        let error = |message: String, help: &str| Diagnostic::new(def.location.clone(), message, help);
        for add in &self.of_type(&def.name).add_fields {
            if let AddValue::Format(pieces) = &add.value {
                check_format_fields(schema, def, add, pieces, out);
            }
        }
        match self.ordered_members(def) {
            Err(message) => {
                out.push(error(
                    format!("`{}`: {message}", def.name),
                    "`#[json(field_order = \"a, b, c\")]` lists each JSON key once, in output order",
                ));
                None
            }
            Ok(members) => {
                self.check_duplicate_keys(def, &members, out);
                Some(members)
            }
        }
    }

    fn ordered_members(&self, def: &StructDef) -> Result<Vec<Member>, String> {
        let default = self.default_members(def);
        let order = &self.of_type(&def.name).field_order;
        if order.is_empty() { Ok(default) } else { order_members(default, order) }
    }

    /// Declared fields in schema order (an `in_object` group where its first field is), then the `add_field`s.
    fn default_members(&self, def: &StructDef) -> Vec<Member> {
        let mut out: Vec<Member> = Vec::new();
        for (index, field) in def.fields.iter().enumerate() {
            let knobs = self.of_field(&def.name, &field.name);
            let key = knobs.rename.clone().unwrap_or_else(|| field.name.clone());
            match &knobs.in_object {
                None => out.push(Member::Field { key, field: index }),
                Some(object) => match out.iter_mut().find(|m| matches!(m, Member::Object { key, .. } if key == object))
                {
                    Some(Member::Object { fields, .. }) => fields.push((key, index)),
                    _ => out.push(Member::Object { key: object.clone(), fields: vec![(key, index)] }),
                },
            }
        }
        out.extend(self.of_type(&def.name).add_fields.iter().cloned().map(Member::Added));
        out
    }

    /// No two members of a struct's object (tag and span keys included) may have the same key; a clash is reported
    /// at the field when a field makes it.
    fn check_duplicate_keys(&self, def: &StructDef, members: &[Member], out: &mut Vec<Diagnostic>) {
        let mut seen: Vec<&str> = self.struct_tag(&def.name).into_iter().collect();
        seen.extend(self.span_style(&def.name).keys());
        let reserved = seen.len();
        let mut check = |key: &str, seen: &[&str], reserved: usize, at: Option<usize>| {
            let location = at.map_or(&def.location, |i| &def.fields[i].location).clone();
            let why = match seen.iter().position(|k| *k == key) {
                Some(i) if i < reserved => format!("which `{}` already writes (its tag or span)", def.name),
                Some(_) => "twice".to_string(),
                None => return,
            };
            let what = at
                .map_or_else(|| format!("`{}`", def.name), |i| format!("field `{}.{}`", def.name, def.fields[i].name));
            out.push(Diagnostic::new(
                location,
                format!("{what} is written under the JSON key `{key}`, {why}"),
                "rename it with `#[json(rename = \"...\")]`",
            ));
        };
        for member in members {
            let field = match member {
                Member::Field { field, .. } => Some(*field),
                _ => None,
            };
            check(member.key(), &seen, reserved, field);
            seen.push(member.key());
            if let Member::Object { fields, .. } = member {
                let mut inner: Vec<&str> = Vec::new();
                for (key, field) in fields {
                    check(key, &inner, 0, Some(*field));
                    inner.push(key);
                }
            }
        }
    }
}

fn order_members(mut default: Vec<Member>, order: &[String]) -> Result<Vec<Member>, String> {
    let mut ordered = Vec::with_capacity(default.len());
    for key in order {
        let Some(index) = default.iter().position(|m| m.key() == key) else {
            let known: Vec<&str> = ordered.iter().chain(default.iter()).map(Member::key).collect();
            return Err(if ordered.iter().any(|m: &Member| m.key() == key) {
                format!("`field_order` lists `{key}` twice")
            } else {
                format!("`field_order` lists `{key}`, which is not written; the written keys are {known:?}")
            });
        };
        ordered.push(default.remove(index));
    }
    if let Some(missing) = default.first() {
        return Err(format!("`field_order` does not list `{}`; list every written key once", missing.key()));
    }
    Ok(ordered)
}

/// `add_field(name = "k", json = "..")` or `add_field(name = "k", format = "..")`.
fn read_add_field(meta: &syn::meta::ParseNestedMeta) -> syn::Result<AddField> {
    let mut name = None;
    let mut value = None;
    meta.parse_nested_meta(|inner| {
        let text: syn::LitStr = inner.value()?.parse()?;
        if inner.path.is_ident("name") {
            name = Some(text.value());
        } else if inner.path.is_ident("json") {
            value = Some(AddValue::Json(compact_json(&text.value()).map_err(|e| syn::Error::new(text.span(), e))?));
        } else if inner.path.is_ident("format") {
            value = Some(AddValue::Format(parse_format(&text.value()).map_err(|e| syn::Error::new(text.span(), e))?));
        } else {
            return Err(inner.error("unknown add_field key"));
        }
        Ok(())
    })?;
    match (name, value) {
        (Some(name), Some(value)) => Ok(AddField { name, value }),
        _ => Err(meta.error("add_field needs `name` and one of `json` or `format`")),
    }
}

/// `text` as compact JSON (no spaces), the form it is written in.
///
/// # Errors
/// When `text` is not JSON.
fn compact_json(text: &str) -> Result<String, String> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => Ok(value.to_string()),
        Err(e) => Err(format!("`{text}` is not JSON ({e}); write e.g. `\"null\"`, `\"false\"`, `\"\\\"text\\\"\"`")),
    }
}

/// Splits an `add_field` format string into text and `{field}` pieces; `{{` and `}}` stand for braces.
///
/// # Errors
/// On an unclosed `{`, a lone `}` or an empty `{}`.
pub fn parse_format(format: &str) -> Result<Vec<FormatPiece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    name.push(c);
                }
                if !closed || name.is_empty() || name.contains('{') {
                    return Err(format!("`{format}`: `{{` must be followed by a field name and `}}`"));
                }
                if !text.is_empty() {
                    pieces.push(FormatPiece::Text(std::mem::take(&mut text)));
                }
                pieces.push(FormatPiece::Field(name));
            }
            '}' => return Err(format!("`{format}`: a lone `}}` (write `}}}}` for a brace)")),
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(FormatPiece::Text(text));
    }
    Ok(pieces)
}

fn check_format_fields(
    schema: &Schema,
    def: &StructDef,
    add: &AddField,
    pieces: &[FormatPiece],
    out: &mut Vec<Diagnostic>,
) {
    for piece in pieces {
        let FormatPiece::Field(name) = piece else { continue };
        let field = def.fields.iter().find(|f| &f.name == name);
        let problem = match field {
            None => format!("names `{{{name}}}`, which is not a field of `{}`", def.name),
            Some(field) if !is_text_leaf(schema, &schema.shape(&field.ty)) => {
                format!("uses `{{{name}}}` of type `{}`; only strings, primitives and fieldless enums", field.ty)
            }
            Some(_) => continue,
        };
        out.push(Diagnostic::new(
            def.location.clone(),
            format!("`{}`: add_field `{}` {problem}", def.name, add.name),
            "use `{field}` with a field of type String, bool, a number or a fieldless enum",
        ));
    }
}

/// True when a value of this shape can be turned into text by `ast_runtime::json::JsonText`.
fn is_text_leaf(schema: &Schema, shape: &TypeShape) -> bool {
    match shape.strip_box() {
        TypeShape::Primitive(_) | TypeShape::String => true,
        TypeShape::ValueEnum(name) => matches!(schema.by_name(name), Some(TypeDef::Enum(e)) if e.is_fieldless()),
        _ => false,
    }
}

fn string(meta: &syn::meta::ParseNestedMeta) -> syn::Result<String> {
    Ok(meta.value()?.parse::<syn::LitStr>()?.value())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The knobs of a schema written as source.
    fn knobs_of(source: &str) -> Result<Knobs, Vec<String>> {
        let schema = crate::schema_from_source(source);
        Knobs::parse(&schema).map_err(|errors| errors.into_iter().map(|d| d.message).collect())
    }

    fn keys(knobs: &Knobs) -> Vec<&str> {
        knobs.members("S").iter().map(Member::key).collect()
    }

    #[test]
    fn default_order_groups_objects_and_appends_added_fields() {
        let knobs = knobs_of(
            r#"#[ast] #[json(add_field(name = "x", json = "null"))]
               pub struct S { #[json(in_object = "obj")] a: String, b: String, #[json(in_object = "obj")] c: String }"#,
        )
        .unwrap();
        assert_eq!(keys(&knobs), ["obj", "b", "x"]);
        let Member::Object { fields, .. } = &knobs.members("S")[0] else { panic!("not an object") };
        assert_eq!(fields.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["a", "c"]);
    }

    #[test]
    fn field_order_reorders_and_must_list_every_key_once() {
        let with_order = |order: &str| {
            knobs_of(&format!(
                r#"#[ast] #[json(add_field(name = "x", json = "null"), field_order = "{order}")]
                   pub struct S {{ a: String, b: String }}"#
            ))
        };
        assert_eq!(keys(&with_order("b, x, a").unwrap()), ["b", "x", "a"]);
        assert!(with_order("b, x").unwrap_err()[0].contains("does not list `a`"));
        assert!(with_order("b, b, x, a").unwrap_err()[0].contains("twice"));
        assert!(with_order("a, x, zz, b").unwrap_err()[0].contains("`zz`"));
    }

    #[test]
    fn schema_defaults_apply_to_every_struct_unless_it_says_otherwise() {
        let knobs = knobs_of(
            r#"#[ast] #[json(schema(tag = "type", span = "utf16_offsets", numbers = "python"))] pub struct S { t: T, u: U }
               #[ast] #[json(untagged, span = "line_col")] pub struct T {}
               #[ast] pub struct U {}"#,
        )
        .unwrap();
        assert_eq!((knobs.struct_tag("S"), knobs.span_style("S")), (Some("type"), SpanStyle::Utf16Offsets));
        assert_eq!((knobs.struct_tag("T"), knobs.span_style("T")), (None, SpanStyle::LineCol));
        assert_eq!((knobs.struct_tag("U"), knobs.span_style("U")), (Some("type"), SpanStyle::Utf16Offsets));
        assert_eq!(knobs.schema().numbers, Numbers::Python);
    }

    #[test]
    fn fixed_values_are_kept_compact() {
        let knobs =
            knobs_of(r#"#[ast] #[json(add_field(name = "x", json = "{ \"a\" : [1, 2] }"))] pub struct S {}"#).unwrap();
        let [Member::Added(AddField { value: AddValue::Json(json), .. })] = knobs.members("S") else { panic!() };
        assert_eq!(json, r#"{"a":[1,2]}"#);
    }

    #[test]
    fn format_strings_split_into_text_and_fields() {
        assert_eq!(
            parse_format("/{pattern}/{flags}").unwrap(),
            [
                FormatPiece::Text("/".into()),
                FormatPiece::Field("pattern".into()),
                FormatPiece::Text("/".into()),
                FormatPiece::Field("flags".into()),
            ]
        );
        assert_eq!(parse_format("{{x}}").unwrap(), [FormatPiece::Text("{x}".into())]);
        assert!(parse_format("{open").is_err());
        assert!(parse_format("{}").is_err());
        assert!(parse_format("a}b").is_err());
    }
}
