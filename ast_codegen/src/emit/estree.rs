//! `estree.rs`: the ESTree JSON serialiser, one `ToEstree` impl per schema type.
//!
//! Everything the output needs is read from the schema's `#[estree(...)]` attributes (see [`EstreeStruct`],
//! [`EstreeField`], [`EstreeVariant`]); no type is named here. The impls call the hand-written JSON writer in
//! `ast_runtime::estree`, which also converts byte spans to the UTF-16 offsets JavaScript tools report.
//!
//! Per struct the JSON object is `type`, `start`, `end`, then the *members* ([`members`]): declared fields (minus
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
use quote::{format_ident, quote};

use crate::diagnostics::Diagnostic;
use crate::model::{
    EnumDef, EstreeAddField, EstreeAddValue, FieldDef, Schema, Shape, StructDef, TypeDef, TypeRef,
};

/// One JSON member of a struct's object, after `type` / `start` / `end`.
#[derive(Clone, Debug)]
pub enum Member<'a> {
    /// A declared field, written under `key`.
    Field {
        /// The JSON key.
        key: String,
        /// The field.
        field: &'a FieldDef,
    },
    /// A nested object (`in_object = "key"`) holding the fields that name it, in schema order.
    Object {
        /// The JSON key of the nested object.
        key: String,
        /// `(JSON key, field)` of each member of the nested object.
        fields: Vec<(String, &'a FieldDef)>,
    },
    /// An `add_field`: a value the schema does not store.
    Added(&'a EstreeAddField),
}

impl Member<'_> {
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
pub fn field_key(field: &FieldDef) -> String {
    field.estree.rename.clone().unwrap_or_else(|| field.name.clone())
}

/// The members of `def`'s JSON object, in the order they are written.
///
/// # Errors
/// When `field_order` does not list every written key exactly once, or names a key that is not written.
pub fn members(def: &StructDef) -> Result<Vec<Member<'_>>, String> {
    let default = default_members(def);
    if def.estree.field_order.is_empty() {
        return Ok(default);
    }
    order_members(default, &def.estree.field_order)
}

fn default_members(def: &StructDef) -> Vec<Member<'_>> {
    let mut out: Vec<Member<'_>> = Vec::new();
    for field in def.fields.iter().filter(|f| !f.estree.skip) {
        let entry = (field_key(field), field);
        match &field.estree.in_object {
            None => out.push(Member::Field { key: entry.0, field }),
            Some(object) => match out.iter_mut().find(|m| matches!(m, Member::Object { key, .. } if key == object)) {
                Some(Member::Object { fields, .. }) => fields.push(entry),
                _ => out.push(Member::Object { key: object.clone(), fields: vec![entry] }),
            },
        }
    }
    out.extend(def.estree.add_fields.iter().map(Member::Added));
    out
}

fn order_members<'a>(mut default: Vec<Member<'a>>, order: &[String]) -> Result<Vec<Member<'a>>, String> {
    let mut ordered = Vec::with_capacity(default.len());
    for key in order {
        let Some(index) = default.iter().position(|m| m.key() == key) else {
            let known: Vec<&str> = ordered.iter().chain(default.iter()).map(Member::key).collect();
            return Err(if ordered.iter().any(|m: &Member<'_>| m.key() == key) {
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

/// Checks every struct's `#[estree]` attributes against its fields: `field_order`, `add_field` format strings
/// (every `{field}` names a leaf field), `skip_if_none` only on `Option` fields, and no key written twice.
pub fn check(schema: &Schema) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for def in schema.structs() {
        check_struct(schema, def, &mut out);
    }
    out
}

fn check_struct(schema: &Schema, def: &StructDef, out: &mut Vec<Diagnostic>) {
    let error = |message: String, help: &str| Diagnostic::new(def.location.clone(), message, help);
    for field in &def.fields {
        if field.estree.skip_if_none && !matches!(field.ty, TypeRef::Option(_)) {
            out.push(Diagnostic::new(
                field.location.clone(),
                format!("`{}.{}` has `#[estree(skip_if_none)]` but is not an `Option`", def.name, field.name),
                "remove `skip_if_none`, or make the field an `Option<T>`",
            ));
        }
    }
    for add in &def.estree.add_fields {
        let format = match &add.value {
            EstreeAddValue::Json(json) => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(json) {
                    out.push(error(
                        format!("`{}`: add_field `{}`: `{json}` is not JSON ({e})", def.name, add.name),
                        "write the value as JSON text: `json = \"null\"`, `json = \"\\\"text\\\"\"`",
                    ));
                }
                continue;
            }
            EstreeAddValue::Format(format) => format,
        };
        match parse_format(format) {
            Err(message) => out.push(error(
                format!("`{}`: add_field `{}`: {message}", def.name, add.name),
                "write `format = \"text {field} text\"`",
            )),
            Ok(pieces) => check_format_fields(schema, def, add, &pieces, out),
        }
    }
    match members(def) {
        Err(message) => out.push(error(
            format!("`{}`: {message}", def.name),
            "`#[estree(field_order = \"a, b, c\")]` lists each JSON key once, in output order",
        )),
        Ok(members) => check_duplicate_keys(def, &members, out),
    }
}

fn check_format_fields(
    schema: &Schema,
    def: &StructDef,
    add: &EstreeAddField,
    pieces: &[FormatPiece],
    out: &mut Vec<Diagnostic>,
) {
    for piece in pieces {
        let FormatPiece::Field(name) = piece else { continue };
        let field = def.fields.iter().find(|f| &f.name == name);
        let problem = match field {
            None => format!("names `{{{name}}}`, which is not a field of `{}`", def.name),
            Some(field) if !is_text_leaf(&schema.shape(&field.ty)) => {
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

fn check_duplicate_keys(def: &StructDef, members: &[Member<'_>], out: &mut Vec<Diagnostic>) {
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
fn is_text_leaf(shape: &Shape) -> bool {
    matches!(shape.strip_box(), Shape::Primitive(_) | Shape::String | Shape::ValueEnum(_))
}

/// Emits `estree.rs` for the validated schema.
pub fn emit(ctx: &super::EmitContext) -> TokenStream {
    emit_schema(ctx.schema)
}

/// The whole `estree.rs`: the public entry points and one impl per schema type.
///
/// Structs whose attributes [`check`] rejects are skipped here (the generator stops on [`check`]'s diagnostics
/// before writing anything), so this never panics on bad input.
pub fn emit_schema(schema: &Schema) -> TokenStream {
    let header = emit_entry_points(schema);
    let impls = schema.types.iter().map(|def| match def {
        TypeDef::Struct(def) => emit_struct(def),
        TypeDef::Enum(def) if def.is_fieldless() => emit_value_enum(def),
        TypeDef::Enum(def) => emit_node_enum(schema, def),
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
        " `start` / `end` are written in UTF-16 code units, as JavaScript tools count them; the text is what".into(),
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

fn emit_struct(def: &StructDef) -> TokenStream {
    let Ok(members) = members(def) else { return TokenStream::new() };
    let name = format_ident!("{}", def.name);
    let type_name = def.estree.type_name.clone().unwrap_or_else(|| def.name.clone());
    let writes = members.iter().map(|m| emit_member(def, m));
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

fn emit_member(def: &StructDef, member: &Member<'_>) -> TokenStream {
    match member {
        Member::Field { key, field } => emit_field(key, field),
        Member::Object { key, fields } => {
            let inner = fields.iter().map(|(key, field)| emit_field(key, field));
            quote! {
                w.key(#key);
                w.begin_object();
                #(#inner)*
                w.end_object();
            }
        }
        Member::Added(add) => emit_added(def, add),
    }
}

fn emit_field(key: &str, field: &FieldDef) -> TokenStream {
    let name = format_ident!("{}", field.name);
    if field.estree.skip_if_none {
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

fn emit_added(def: &StructDef, add: &EstreeAddField) -> TokenStream {
    let key = &add.name;
    match &add.value {
        EstreeAddValue::Json(json) => quote! {
            w.key(#key);
            w.raw_json(#json);
        },
        EstreeAddValue::Format(format) => {
            let Ok(pieces) = parse_format(format) else { return TokenStream::new() };
            let pushes = pieces.iter().map(|piece| match piece {
                FormatPiece::Text(piece) => match single_char(piece) {
                    Some(c) => quote!(text.push(#c);),
                    None => quote!(text.push_str(#piece);),
                },
                FormatPiece::Field(field) if def.fields.iter().any(|f| &f.name == field) => {
                    let field = format_ident!("{}", field);
                    quote!(::ast_runtime::estree::EstreeText::push_text(&self.#field, &mut text);)
                }
                FormatPiece::Field(_) => TokenStream::new(), // rejected by `check`
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

fn emit_value_enum(def: &EnumDef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let arms = def.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.name);
        let text = v.estree.rename.clone().unwrap_or_else(|| v.name.clone());
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

fn emit_node_enum(schema: &Schema, def: &EnumDef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let arms = def.variants.iter().filter_map(|v| {
        let shape = schema.shape(v.payload.as_ref()?);
        let variant = format_ident!("{}", v.name);
        // The payload itself, not its `Box`, so that unoptimised builds spend no extra frame per tree level.
        let node = match shape {
            Shape::Box(_) => quote!(&**node),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EstreeField, EstreeStruct, Location};

    fn field(name: &str, in_object: Option<&str>) -> FieldDef {
        FieldDef {
            name: name.into(),
            docs: Vec::new(),
            ty: TypeRef::String,
            estree: EstreeField { in_object: in_object.map(Into::into), ..EstreeField::default() },
            location: Location::default(),
        }
    }

    fn strukt(fields: Vec<FieldDef>, estree: EstreeStruct) -> StructDef {
        StructDef { name: "S".into(), docs: Vec::new(), fields, estree, location: Location::default() }
    }

    fn added(name: &str) -> EstreeAddField {
        EstreeAddField { name: name.into(), value: EstreeAddValue::Json("null".into()) }
    }

    fn keys(def: &StructDef) -> Result<Vec<String>, String> {
        members(def).map(|m| m.iter().map(|m| m.key().to_string()).collect())
    }

    #[test]
    fn default_order_groups_objects_and_appends_added_fields() {
        let def = strukt(
            vec![field("a", Some("obj")), field("b", None), field("c", Some("obj"))],
            EstreeStruct { add_fields: vec![added("x")], ..EstreeStruct::default() },
        );
        assert_eq!(keys(&def).unwrap(), ["obj", "b", "x"]);
        let Member::Object { fields, .. } = &members(&def).unwrap()[0] else { panic!("not an object") };
        assert_eq!(fields.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["a", "c"]);
    }

    #[test]
    fn field_order_reorders_and_must_list_every_key_once() {
        let estree = |order: &[&str]| EstreeStruct {
            add_fields: vec![added("x")],
            field_order: order.iter().map(|s| s.to_string()).collect(),
            ..EstreeStruct::default()
        };
        let def = strukt(vec![field("a", None), field("b", None)], estree(&["b", "x", "a"]));
        assert_eq!(keys(&def).unwrap(), ["b", "x", "a"]);
        let missing = strukt(vec![field("a", None), field("b", None)], estree(&["b", "x"]));
        assert!(keys(&missing).unwrap_err().contains("does not list `a`"));
        let twice = strukt(vec![field("a", None), field("b", None)], estree(&["b", "b", "x", "a"]));
        assert!(keys(&twice).unwrap_err().contains("twice"));
        let unknown = strukt(vec![field("a", None)], estree(&["a", "x", "zz"]));
        assert!(keys(&unknown).unwrap_err().contains("`zz`"));
    }

    #[test]
    fn check_reports_bad_attributes() {
        let mut bool_field = field("flag", None);
        bool_field.ty = TypeRef::Primitive(crate::model::Primitive::Bool);
        bool_field.estree.skip_if_none = true;
        let estree = EstreeStruct {
            add_fields: vec![
                EstreeAddField { name: "j".into(), value: EstreeAddValue::Json("{oops".into()) },
                EstreeAddField { name: "f".into(), value: EstreeAddValue::Format("{nope}-{a}".into()) },
                EstreeAddField { name: "a".into(), value: EstreeAddValue::Json("1".into()) },
            ],
            ..EstreeStruct::default()
        };
        let schema = Schema {
            docs: Vec::new(),
            types: vec![TypeDef::Struct(strukt(vec![field("a", None), bool_field], estree))],
        };
        let messages: Vec<String> = check(&schema).into_iter().map(|d| d.message).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(messages[0].contains("skip_if_none"));
        assert!(messages[1].contains("is not JSON"));
        assert!(messages[2].contains("`{nope}`"));
        assert!(messages[3].contains("`a` twice"));
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
