//! The `#[estree(..)]` attribute: its knobs, how they are read from the schema, and their checks.
//!
//! The ESTree output owns this attribute; the schema model only carries it unparsed ([`StructDef::attrs`], ...).
//! [`Knobs::parse`] reads every `#[estree]` of the schema in the validate phase, and [`check`] checks the knobs
//! against the fields they name, so a bad knob is a diagnostic before anything is emitted.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::load::location_of;
use crate::model::{EnumDef, FieldDef, Location, Schema, StructDef, TypeDef, TypeRef, TypeShape, VariantDef};

/// Every `#[estree]` knob of a schema, by type, field and variant name; absent means the defaults.
#[derive(Clone, Debug, Default)]
pub struct Knobs {
    structs: HashMap<String, StructKnobs>,
    fields: HashMap<(String, String), FieldKnobs>,
    variants: HashMap<(String, String), VariantKnobs>,
}

/// The knobs of a type, field or variant that has no `#[estree]` attribute.
static DEFAULT_STRUCT: StructKnobs = StructKnobs { type_name: None, add_fields: Vec::new(), field_order: Vec::new() };
static DEFAULT_FIELD: FieldKnobs = FieldKnobs { rename: None, skip: false, skip_if_none: false, in_object: None };
static DEFAULT_VARIANT: VariantKnobs = VariantKnobs { rename: None };

impl Knobs {
    /// Reads every `#[estree]` attribute of `schema`; each malformed one is a diagnostic at its location.
    pub fn parse(schema: &Schema) -> Result<Knobs, Vec<Diagnostic>> {
        let mut knobs = Knobs::default();
        let mut errors = Vec::new();
        for def in &schema.types {
            match def {
                TypeDef::Struct(s) => knobs.read_struct(s, &mut errors),
                TypeDef::Enum(e) => knobs.read_enum(e, &mut errors),
                TypeDef::External(_) => {}
            }
        }
        if errors.is_empty() { Ok(knobs) } else { Err(errors) }
    }

    fn read_struct(&mut self, s: &StructDef, errors: &mut Vec<Diagnostic>) {
        let file = &s.location.file;
        let mut out = StructKnobs::default();
        for attr in estree_attrs(&s.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("type") {
                    out.type_name = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                } else if meta.path.is_ident("add_field") {
                    let mut name = None;
                    let mut value = None;
                    meta.parse_nested_meta(|inner| {
                        let text = inner.value()?.parse::<syn::LitStr>()?.value();
                        if inner.path.is_ident("name") {
                            name = Some(text);
                        } else if inner.path.is_ident("json") {
                            value = Some(AddValue::Json(text));
                        } else if inner.path.is_ident("format") {
                            let pieces = parse_format(&text).map_err(|message| inner.error(message))?;
                            value = Some(AddValue::Format(pieces));
                        } else {
                            return Err(inner.error("unknown add_field key"));
                        }
                        Ok(())
                    })?;
                    match (name, value) {
                        (Some(name), Some(value)) => out.add_fields.push(AddField { name, value }),
                        _ => return Err(meta.error("add_field needs `name` and one of `json` or `format`")),
                    }
                } else if meta.path.is_ident("field_order") {
                    let list = meta.value()?.parse::<syn::LitStr>()?.value();
                    out.field_order = list.split(',').map(|key| key.trim().to_string()).collect();
                } else {
                    return Err(meta.error("unknown #[estree] key on a struct"));
                }
                Ok(())
            });
            report(
                file,
                result,
                "struct keys: `type = \"Name\"`, `add_field(name = \"k\", json = \"<JSON>\")`, \
                 `add_field(name = \"k\", format = \"text with {field}\")`, `field_order = \"a, b, c\"`",
                errors,
            );
        }
        for field in &s.fields {
            self.read_field(s, field, errors);
        }
        if out != StructKnobs::default() {
            self.structs.insert(s.name.clone(), out);
        }
    }

    fn read_field(&mut self, s: &StructDef, field: &FieldDef, errors: &mut Vec<Diagnostic>) {
        let mut out = FieldKnobs::default();
        for attr in estree_attrs(&field.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    out.rename = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                } else if meta.path.is_ident("in_object") {
                    out.in_object = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                } else if meta.path.is_ident("skip") {
                    out.skip = true;
                } else if meta.path.is_ident("skip_if_none") {
                    out.skip_if_none = true;
                } else {
                    return Err(meta.error("unknown #[estree] key on a field"));
                }
                Ok(())
            });
            let help = "field keys: `rename = \"key\"`, `in_object = \"key\"`, `skip`, `skip_if_none`";
            report(&field.location.file, result, help, errors);
        }
        if out != FieldKnobs::default() {
            self.fields.insert((s.name.clone(), field.name.clone()), out);
        }
    }

    fn read_enum(&mut self, e: &EnumDef, errors: &mut Vec<Diagnostic>) {
        for variant in &e.variants {
            self.read_variant(e, variant, errors);
        }
    }

    fn read_variant(&mut self, e: &EnumDef, variant: &VariantDef, errors: &mut Vec<Diagnostic>) {
        let mut out = VariantKnobs::default();
        for attr in estree_attrs(&variant.attrs) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    out.rename = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                    Ok(())
                } else {
                    Err(meta.error("unknown #[estree] key on a variant"))
                }
            });
            report(&variant.location.file, result, "variant keys: `rename = \"text\"`", errors);
        }
        if out != VariantKnobs::default() {
            self.variants.insert((e.name.clone(), variant.name.clone()), out);
        }
    }

    /// The knobs of struct `def`.
    pub fn of_struct(&self, def: &StructDef) -> &StructKnobs {
        self.structs.get(&def.name).unwrap_or(&DEFAULT_STRUCT)
    }

    /// The knobs of `field` of struct `def`.
    pub fn of_field(&self, def: &StructDef, field: &FieldDef) -> &FieldKnobs {
        self.fields.get(&(def.name.clone(), field.name.clone())).unwrap_or(&DEFAULT_FIELD)
    }

    /// The knobs of `variant` of enum `def`.
    pub fn of_variant(&self, def: &EnumDef, variant: &VariantDef) -> &VariantKnobs {
        self.variants.get(&(def.name.clone(), variant.name.clone())).unwrap_or(&DEFAULT_VARIANT)
    }
}

/// The `#[estree]` attributes among a definition's helper attributes.
fn estree_attrs(attrs: &[syn::Attribute]) -> impl Iterator<Item = &syn::Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("estree"))
}

/// Records a malformed attribute as a diagnostic at the token syn points at.
fn report(file: &Path, result: syn::Result<()>, help: &str, errors: &mut Vec<Diagnostic>) {
    if let Err(err) = result {
        let location: Location = location_of(file, err.span());
        errors.push(Diagnostic::new(location, err.to_string(), help));
    }
}

/// `#[estree(...)]` on a struct.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StructKnobs {
    /// `type = "Literal"`: the ESTree `type` written for this struct (default: the struct name).
    pub type_name: Option<String>,
    /// `add_field(name = .., json = ..)` / `add_field(name = .., format = ..)`: fields ESTree has that the schema
    /// does not store.
    pub add_fields: Vec<AddField>,
    /// `field_order = "left, operator, right"`: the JSON keys after `type` / `start` / `end`, in the order they are
    /// written, when that differs from the default (declared fields in schema order, an `in_object` group where its
    /// first field is, then the `add_field`s). Lists every written key once; empty means the default.
    pub field_order: Vec<String>,
}

/// One `add_field(...)` of [`StructKnobs`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddField {
    /// The JSON key.
    pub name: String,
    /// The value.
    pub value: AddValue,
}

/// The value of an added ESTree field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddValue {
    /// `json = "null"`: a fixed JSON text, written as is.
    Json(String),
    /// `format = "/{pattern}/{flags}"`: a JSON string made from the struct's fields (`{name}` is replaced by the
    /// field's value as text), split into its pieces.
    Format(Vec<FormatPiece>),
}

/// `#[estree(...)]` on a field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldKnobs {
    /// `rename = "sourceType"`: the JSON key (default: the field name).
    pub rename: Option<String>,
    /// `skip`: not written.
    pub skip: bool,
    /// `skip_if_none`: an `Option` field that is left out (rather than written as `null`) when `None`.
    pub skip_if_none: bool,
    /// `in_object = "regex"`: written inside a nested JSON object with this key, together with the struct's other
    /// fields that name the same object.
    pub in_object: Option<String>,
}

/// `#[estree(...)]` on a variant of a fieldless enum.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VariantKnobs {
    /// `rename = "+"`: the JSON string written for this variant (default: the variant name).
    pub rename: Option<String>,
}

/// One JSON member of a struct's object, after `type` / `start` / `end`. Fields are named by their index in
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

/// One piece of an `add_field(format = "...")` string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatPiece {
    /// Text copied as is.
    Text(String),
    /// `{name}`: the named field's value as text.
    Field(String),
}

/// The JSON key a field is written under: its `rename`, or its name.
pub fn field_key(knobs: &FieldKnobs, field: &FieldDef) -> String {
    knobs.rename.clone().unwrap_or_else(|| field.name.clone())
}

/// The members of `def`'s JSON object, in the order they are written.
///
/// # Errors
/// When `field_order` does not list every written key exactly once, or names a key that is not written.
pub fn members(knobs: &Knobs, def: &StructDef) -> Result<Vec<Member>, String> {
    let default = default_members(knobs, def);
    let order = &knobs.of_struct(def).field_order;
    if order.is_empty() {
        return Ok(default);
    }
    order_members(default, order)
}

fn default_members(knobs: &Knobs, def: &StructDef) -> Vec<Member> {
    let mut out: Vec<Member> = Vec::new();
    for (index, field) in def.fields.iter().enumerate() {
        let field_knobs = knobs.of_field(def, field);
        if field_knobs.skip {
            continue;
        }
        let entry = (field_key(field_knobs, field), index);
        match &field_knobs.in_object {
            None => out.push(Member::Field { key: entry.0, field: index }),
            Some(object) => match out.iter_mut().find(|m| matches!(m, Member::Object { key, .. } if key == object)) {
                Some(Member::Object { fields, .. }) => fields.push(entry),
                _ => out.push(Member::Object { key: object.clone(), fields: vec![entry] }),
            },
        }
    }
    out.extend(knobs.of_struct(def).add_fields.iter().cloned().map(Member::Added));
    out
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

/// Checks every struct's `#[estree]` knobs against its fields (`field_order`, `add_field` values (every `{field}`
/// names a leaf field), `skip_if_none` only on `Option` fields, no key written twice) and returns each struct's
/// JSON members in the order they are written.
pub fn check(schema: &Schema, knobs: &Knobs) -> Result<HashMap<String, Vec<Member>>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut all = HashMap::new();
    for def in schema.structs() {
        if let Some(members) = check_struct(schema, knobs, def, &mut errors) {
            all.insert(def.name.clone(), members);
        }
    }
    if errors.is_empty() { Ok(all) } else { Err(errors) }
}

fn check_struct(schema: &Schema, knobs: &Knobs, def: &StructDef, out: &mut Vec<Diagnostic>) -> Option<Vec<Member>> {
    let error = |message: String, help: &str| Diagnostic::new(def.location.clone(), message, help);
    for field in &def.fields {
        if knobs.of_field(def, field).skip_if_none && !matches!(field.ty, TypeRef::Option(_)) {
            out.push(Diagnostic::new(
                field.location.clone(),
                format!("`{}.{}` has `#[estree(skip_if_none)]` but is not an `Option`", def.name, field.name),
                "remove `skip_if_none`, or make the field an `Option<T>`",
            ));
        }
    }
    for add in &knobs.of_struct(def).add_fields {
        match &add.value {
            AddValue::Json(json) => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(json) {
                    out.push(error(
                        format!("`{}`: add_field `{}`: `{json}` is not JSON ({e})", def.name, add.name),
                        "write the value as JSON text: `json = \"null\"`, `json = \"\\\"text\\\"\"`",
                    ));
                }
            }
            AddValue::Format(pieces) => check_format_fields(schema, def, add, pieces, out),
        }
    }
    match members(knobs, def) {
        Err(message) => {
            out.push(error(
                format!("`{}`: {message}", def.name),
                "`#[estree(field_order = \"a, b, c\")]` lists each JSON key once, in output order",
            ));
            None
        }
        Ok(members) => {
            check_duplicate_keys(def, &members, out);
            Some(members)
        }
    }
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

fn check_duplicate_keys(def: &StructDef, members: &[Member], out: &mut Vec<Diagnostic>) {
    let reserved = ["type", "start", "end"];
    let mut seen: Vec<&str> = Vec::new();
    for member in members {
        let key = member.key();
        let problem = if reserved.contains(&key) {
            format!("`{}` writes the JSON key `{key}`, which every node already has (`type`, `start`, `end`)", def.name)
        } else if seen.contains(&key) {
            format!("`{}` writes the JSON key `{key}` twice", def.name)
        } else {
            seen.push(key);
            continue;
        };
        out.push(Diagnostic::new(
            def.location.clone(),
            problem,
            "rename a field with `#[estree(rename = \"...\")]`, or `skip` it",
        ));
    }
}

/// True when a value of this shape can be turned into text by `ast_runtime::estree::EstreeText`.
fn is_text_leaf(schema: &Schema, shape: &TypeShape) -> bool {
    match shape.strip_box() {
        TypeShape::Primitive(_) | TypeShape::String => true,
        TypeShape::ValueEnum(name) => matches!(schema.by_name(name), Some(TypeDef::Enum(e)) if e.is_fieldless()),
        _ => false,
    }
}
