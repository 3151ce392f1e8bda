//! How each schema field is stored in the flat encoding. `prepare` applies these rules once per struct; the
//! outputs of `flat.rs`, `visit.rs`, `heap_size.rs` and `random.rs` read the result from the `Model`.
//!
//! A child (a node struct, boxed or inline, or an enum of nodes) becomes a `NodeId`; an optional child an
//! `OptionalNodeId` (4 bytes); a list of children a 4-byte `IdRange` into one shared list; a string a 4-byte
//! `StrRef` into one shared buffer; small leaf values stay inline, with 8-byte primitives split into two `u32`
//! halves (`Bits64`) so a node needs only 4-byte alignment. A value that owns heap memory or is wider (a `Vec` of
//! values, a value enum whose variants carry values, an external type) is kept as the boxed tree keeps it, in the
//! overflow table of its node type.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::diagnostics::Diagnostic;
use crate::model::{FieldDef, Primitive, Schema, StructDef, TypeDef, TypeShape, snake_case};

/// The node type a child field refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChildType {
    /// A node struct.
    Struct {
        /// The struct name.
        name: String,
        /// True when the boxed tree holds it as `Box<S>`, false when inline.
        boxed: bool,
    },
    /// An enum of nodes.
    Enum {
        /// The enum name.
        name: String,
        /// True when the boxed tree holds it as `Box<E>`.
        boxed: bool,
    },
}

impl ChildType {
    /// The schema type name.
    pub fn name(&self) -> &str {
        match self {
            ChildType::Struct { name, .. } | ChildType::Enum { name, .. } => name,
        }
    }

    /// True when the boxed tree holds the child in a `Box`.
    pub fn boxed(&self) -> bool {
        match self {
            ChildType::Struct { boxed, .. } | ChildType::Enum { boxed, .. } => *boxed,
        }
    }

    /// `crate::Name`.
    pub fn boxed_type(&self) -> TokenStream {
        let name = crate::emit::ident(self.name());
        quote!(crate::#name)
    }

    /// The flat view type: `crate::flat::view::Name<'a>`.
    pub fn view_type(&self) -> TokenStream {
        let name = crate::emit::ident(self.name());
        quote!(crate::flat::view::#name<'a>)
    }

    /// `snake_case` of the name, for visitor and helper function names.
    pub fn snake(&self) -> String {
        snake_case(self.name())
    }
}

/// A leaf value: a field with no node inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Stored as its own type (`bool`, `u32`, a value enum, an external type, a `Vec<String>`, ...).
    Plain {
        /// The Rust type.
        ty: String,
        /// An upper bound of its size in bytes.
        size: u64,
        /// True for `Copy` types (primitives, fieldless enums, `Option`s of those); others are cloned.
        copy: bool,
        /// The value's shape, for outputs that build or measure it part by part.
        shape: TypeShape,
    },
    /// An 8-byte primitive stored as `ast_runtime::Bits64`.
    Wide(Primitive),
}

impl Value {
    /// An upper bound of the stored size in bytes.
    pub fn stored_size(&self) -> u64 {
        match self {
            Value::Wide(_) => 8,
            Value::Plain { size, .. } => *size,
        }
    }

    /// True when the stored type is `Copy`.
    pub fn is_copy(&self) -> bool {
        match self {
            Value::Plain { copy, .. } => *copy,
            Value::Wide(_) => true,
        }
    }

    /// The stored type.
    pub fn stored_type(&self) -> TokenStream {
        match self {
            Value::Plain { ty, .. } => ty.parse().unwrap_or_else(|_| quote!(())),
            Value::Wide(_) => quote!(::ast_runtime::Bits64),
        }
    }

    /// The boxed tree's type.
    pub fn boxed_type(&self) -> TokenStream {
        match self {
            Value::Plain { ty, .. } => ty.parse().unwrap_or_else(|_| quote!(())),
            Value::Wide(p) => crate::emit::primitive_type(*p),
        }
    }

    /// Converts `value` (an expression of the boxed type) to the stored type.
    pub fn to_stored(&self, value: TokenStream) -> TokenStream {
        match self {
            Value::Plain { copy: true, .. } => value,
            Value::Plain { copy: false, .. } => quote!(::core::clone::Clone::clone(&#value)),
            Value::Wide(p) => {
                let from = format_ident!("from_{}", p.rust_name());
                quote!(::ast_runtime::Bits64::#from(#value))
            }
        }
    }

    /// Converts `value` (an expression of type `Option<boxed type>`) to `Option<stored type>`.
    pub fn optional_to_stored(&self, value: TokenStream) -> TokenStream {
        match self {
            Value::Plain { copy: true, .. } => value,
            Value::Plain { copy: false, .. } => quote!(::core::clone::Clone::clone(&#value)),
            Value::Wide(p) => {
                let from = format_ident!("from_{}", p.rust_name());
                quote!(#value.map(::ast_runtime::Bits64::#from))
            }
        }
    }

    /// Converts `stored` (an expression of type `Option<stored type>`) to `Option<boxed type>`.
    pub fn optional_to_boxed(&self, stored: TokenStream) -> TokenStream {
        match self {
            Value::Plain { copy: true, .. } => stored,
            Value::Plain { copy: false, .. } => quote!(::core::clone::Clone::clone(&#stored)),
            Value::Wide(_) => {
                let convert = self.to_boxed(quote!(value));
                quote!(#stored.map(|value| #convert))
            }
        }
    }

    /// Converts `stored` (an expression of the stored type) back to the boxed type.
    pub fn to_boxed(&self, stored: TokenStream) -> TokenStream {
        match self {
            Value::Plain { copy: true, .. } => stored,
            Value::Plain { copy: false, .. } => quote!(::core::clone::Clone::clone(&#stored)),
            Value::Wide(p) => {
                let to = format_ident!("to_{}", p.rust_name());
                quote!(#stored.#to())
            }
        }
    }
}

/// How one field is stored in a flat node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// A required child: `NodeId`.
    Child(ChildType),
    /// An optional child: `OptionalNodeId`.
    OptionalChild(ChildType),
    /// A list of children: `IdRange` into the shared `NodeId` list.
    ChildList(ChildType),
    /// A list of optional children: `IdRange` into the shared `OptionalNodeId` list.
    OptionalChildList(ChildType),
    /// An optional list of children (`Option<Vec<child>>`): `Option<IdRange>` into the shared `NodeId` list.
    MaybeChildList(ChildType),
    /// A string: `StrRef` into the shared buffer.
    Str,
    /// An optional string: `OptionalStrRef`.
    OptionalStr,
    /// A leaf value, inline.
    Value(Value),
    /// An optional leaf value, inline.
    OptionalValue(Value),
}

impl Encoding {
    /// True when the stored type is `Copy` (references always are; values when their type is).
    pub fn is_copy(&self) -> bool {
        match self {
            Encoding::Value(v) | Encoding::OptionalValue(v) => v.is_copy(),
            _ => true,
        }
    }

    /// The field type in the flat node's data struct.
    pub fn stored_type(&self) -> TokenStream {
        let rt = quote!(::ast_runtime);
        match self {
            Encoding::Child(_) => quote!(#rt::NodeId),
            Encoding::OptionalChild(_) => quote!(#rt::OptionalNodeId),
            Encoding::ChildList(_) | Encoding::OptionalChildList(_) => quote!(#rt::IdRange),
            Encoding::MaybeChildList(_) => quote!(::core::option::Option<#rt::IdRange>),
            Encoding::Str => quote!(#rt::StrRef),
            Encoding::OptionalStr => quote!(#rt::OptionalStrRef),
            Encoding::Value(v) => v.stored_type(),
            Encoding::OptionalValue(v) => {
                let t = v.stored_type();
                quote!(::core::option::Option<#t>)
            }
        }
    }

    /// The child type, when the field holds children.
    pub fn target(&self) -> Option<&ChildType> {
        match self {
            Encoding::Child(t)
            | Encoding::OptionalChild(t)
            | Encoding::ChildList(t)
            | Encoding::OptionalChildList(t)
            | Encoding::MaybeChildList(t) => Some(t),
            _ => None,
        }
    }

    /// An upper bound of the bytes the stored field takes.
    pub fn stored_size(&self) -> u64 {
        match self {
            Encoding::Child(_) | Encoding::OptionalChild(_) => 4,
            Encoding::ChildList(_) | Encoding::OptionalChildList(_) | Encoding::Str | Encoding::OptionalStr => 4,
            Encoding::MaybeChildList(_) => 8,
            Encoding::Value(v) => v.stored_size(),
            // An `Option` adds at most one alignment unit (its tag) to its payload.
            Encoding::OptionalValue(v) => 2 * v.stored_size(),
        }
    }
}

/// A field with its encoding.
pub struct FlatField<'s> {
    /// The schema field.
    pub def: &'s FieldDef,
    /// Its identifier in Rust code.
    pub ident: Ident,
    /// How it is stored.
    pub encoding: Encoding,
    /// True for the first child field of a node when it holds exactly one child: in preorder that child is always
    /// the next node (`id + 1`), so its ID is implied and not stored.
    pub implied: bool,
}

/// The payload bytes a flat node holds inline, after its one-byte kind. Payloads up to this size (with 4-byte
/// alignment) keep `Node` at 20 bytes (kind + 3 bytes of small fields + 8 + span); a node type with a larger
/// payload keeps it in an overflow table of the tree and stores a 4-byte index instead.
pub const INLINE_PAYLOAD_BYTES: u64 = 8;

/// True when the payload of a node with these fields (implied children excluded) does not fit inline
/// ([`INLINE_PAYLOAD_BYTES`]) and lives in the tree's overflow table for its type. A plain value over 4 bytes (an
/// external type, a nested `Option` of a wide value) may need 8-byte alignment, which would widen every node, so it
/// is stored aside too.
pub fn overflows(fields: &[FlatField<'_>]) -> bool {
    let (mut words, mut small) = (0, 0);
    for f in fields.iter().filter(|f| !f.implied) {
        let size = f.encoding.stored_size();
        let wide_plain = match &f.encoding {
            Encoding::Value(Value::Plain { size, .. }) => *size > 4,
            Encoding::OptionalValue(Value::Plain { size, .. }) => *size > 4,
            _ => false,
        };
        if wide_plain {
            return true;
        }
        if size >= 4 {
            words += size.div_ceil(4) * 4;
        } else {
            small += size;
        }
    }
    words + small.div_ceil(4) * 4 > INLINE_PAYLOAD_BYTES
}

/// The methods every struct view has besides its field accessors (and the names kept for node-level methods still
/// to come, so that adding one never renames a field's accessor).
pub const VIEW_METHODS: [&str; 14] = [
    "ast",
    "data",
    "child_count",
    "node",
    "node_id",
    "node_kind",
    "span",
    "parent",
    "parent_as",
    "parent_field",
    "ancestors",
    "from_node",
    "from_id",
    "view",
];

/// The name of a field's view accessor: the field's name, with a `_` appended when a view has a method of that
/// name (`data_()` for a field `data`).
pub fn view_accessor(field: &str) -> Ident {
    if VIEW_METHODS.contains(&field) { crate::emit::ident(&format!("{field}_")) } else { crate::emit::ident(field) }
}

/// The name of the view method that lends a list field's IDs: `body_ids()` (`self_ids()` for a field `self_`, so
/// that no name has a double underscore).
pub fn ids_accessor(field: &str) -> Ident {
    if field.ends_with('_') {
        crate::emit::ident(&format!("{field}ids"))
    } else {
        crate::emit::ident(&format!("{field}_ids"))
    }
}

/// The fields of `def` in schema order with their encodings, or a diagnostic for the first field the flat
/// encoding cannot store, or whose view methods would be named like another's.
pub fn flat_fields<'s>(schema: &Schema, def: &'s StructDef) -> Result<Vec<FlatField<'s>>, Diagnostic> {
    let mut fields = stored_fields(schema, def)?;
    check_view_methods(def, &fields)?;
    if let Some(first) = fields.iter_mut().find(|f| f.encoding.target().is_some()) {
        first.implied = matches!(first.encoding, Encoding::Child(_));
    }
    Ok(fields)
}

/// Every view method a field gets (its accessor, and `*_ids` for a list) must differ from every other field's and
/// from the view's own methods.
fn check_view_methods(def: &StructDef, fields: &[FlatField<'_>]) -> Result<(), Diagnostic> {
    let mut taken: Vec<(String, Option<&FieldDef>)> = VIEW_METHODS.iter().map(|m| (m.to_string(), None)).collect();
    for f in fields {
        let mut names = vec![view_accessor(&f.def.name).to_string()];
        if matches!(f.encoding, Encoding::ChildList(_) | Encoding::MaybeChildList(_) | Encoding::OptionalChildList(_)) {
            names.push(ids_accessor(&f.def.name).to_string());
        }
        for name in names {
            if let Some((_, owner)) = taken.iter().find(|(taken, _)| *taken == name) {
                let owner = owner.map_or("the view itself".to_string(), |o| format!("field `{}`", o.name));
                return Err(Diagnostic::new(
                    f.def.location.clone(),
                    format!(
                        "field `{}.{}` has the view method `{name}()`, which {owner} has too",
                        def.name, f.def.name
                    ),
                    format!("rename field `{}`", f.def.name),
                ));
            }
            taken.push((name, Some(f.def)));
        }
    }
    Ok(())
}

fn stored_fields<'s>(schema: &Schema, def: &'s StructDef) -> Result<Vec<FlatField<'s>>, Diagnostic> {
    def.fields
        .iter()
        .map(|field| {
            let encoding = encoding(schema, &schema.shape(&field.ty)).ok_or_else(|| {
                Diagnostic::new(
                    field.location.clone(),
                    format!(
                        "field `{}.{}` of type `{}` holds nodes in a shape no representation can number",
                        def.name, field.name, field.ty
                    ),
                    "hold children as `N`, `Box<N>`, `Option<N>`, `Vec<N>`, `Vec<Option<N>>` or `Option<Vec<N>>` \
                     (`N` a node struct or node enum); for a deeper shape, hold a node struct that holds the inner \
                     part (`Vec<Group>` with `#[ast] pub struct Group { pub items: Vec<N> }`). Values (no node \
                     inside) may take any shape",
                )
            })?;
            Ok(FlatField { def: field, ident: crate::emit::ident(&field.name), encoding, implied: false })
        })
        .collect()
}

/// The encoding of one field shape, if it has one.
pub fn encoding(schema: &Schema, shape: &TypeShape) -> Option<Encoding> {
    if !shape.contains_node() {
        return match shape {
            TypeShape::String => Some(Encoding::Str),
            TypeShape::Option(inner) if **inner == TypeShape::String => Some(Encoding::OptionalStr),
            TypeShape::Option(inner) => value(schema, inner).map(Encoding::OptionalValue),
            other => value(schema, other).map(Encoding::Value),
        };
    }
    if let Some(target) = target(shape) {
        return Some(Encoding::Child(target));
    }
    match shape {
        TypeShape::Option(inner) => match &**inner {
            TypeShape::Vec(element) => target(element).map(Encoding::MaybeChildList),
            inner => target(inner).map(Encoding::OptionalChild),
        },
        TypeShape::Vec(inner) => match &**inner {
            TypeShape::Option(element) => target(element).map(Encoding::OptionalChildList),
            element => target(element).map(Encoding::ChildList),
        },
        _ => None,
    }
}

fn target(shape: &TypeShape) -> Option<ChildType> {
    let boxed = matches!(shape, TypeShape::Box(_));
    match shape.strip_box() {
        TypeShape::Struct(name) => Some(ChildType::Struct { name: name.clone(), boxed }),
        TypeShape::NodeEnum(name) => Some(ChildType::Enum { name: name.clone(), boxed }),
        _ => None,
    }
}

/// The size bound of a value that is kept aside, in the overflow table: any bound over 4 bytes sends it there.
const ASIDE: u64 = 24;

fn value(schema: &Schema, shape: &TypeShape) -> Option<Value> {
    let plain = |ty: String, size: u64, copy: bool| Some(Value::Plain { ty, size, copy, shape: shape.clone() });
    match shape {
        TypeShape::Primitive(p @ (Primitive::F64 | Primitive::U64 | Primitive::I64)) => Some(Value::Wide(*p)),
        TypeShape::Primitive(p) => plain(p.rust_name().to_string(), primitive_size(*p), true),
        TypeShape::ValueEnum(name) => {
            let Some(TypeDef::Enum(def)) = schema.by_name(name) else { return None };
            let ty = leaf_type(schema, shape)?;
            match def.is_fieldless() {
                true => plain(ty, fieldless_enum_bytes(def.variants.len()), true),
                false => plain(ty, ASIDE, false),
            }
        }
        TypeShape::External(name) => match schema.by_name(name) {
            Some(TypeDef::External(x)) => plain(x.path.clone(), x.layout.size64.max(1), false),
            _ => None,
        },
        TypeShape::String | TypeShape::Vec(_) | TypeShape::Box(_) => plain(leaf_type(schema, shape)?, ASIDE, false),
        // A nested optional value (`Option<Option<T>>`): stored as the boxed tree stores it.
        TypeShape::Option(inner) => {
            let ty = leaf_type(schema, shape)?;
            match value(schema, inner)? {
                Value::Plain { size, copy, .. } => plain(ty, 2 * size, copy),
                Value::Wide(_) => plain(ty, 16, true),
            }
        }
        _ => None,
    }
}

/// The Rust type of a value shape (no node inside), as the boxed tree writes it.
pub fn leaf_type(schema: &Schema, shape: &TypeShape) -> Option<String> {
    Some(match shape {
        TypeShape::Primitive(p) => p.rust_name().to_string(),
        TypeShape::String => "::std::string::String".into(),
        TypeShape::ValueEnum(name) => format!("crate::{}", crate::emit::ident(name)),
        TypeShape::External(name) => match schema.by_name(name) {
            Some(TypeDef::External(x)) => x.path.clone(),
            _ => return None,
        },
        TypeShape::Option(inner) => format!("::core::option::Option<{}>", leaf_type(schema, inner)?),
        TypeShape::Vec(inner) => format!("::std::vec::Vec<{}>", leaf_type(schema, inner)?),
        TypeShape::Box(inner) => format!("::std::boxed::Box<{}>", leaf_type(schema, inner)?),
        TypeShape::Struct(_) | TypeShape::NodeEnum(_) | TypeShape::Unknown(_) => return None,
    })
}

/// The bytes of a fieldless enum of `variants` variants: `#[repr(u8)]` up to 256 variants, `#[repr(u16)]` past that.
pub fn fieldless_enum_bytes(variants: usize) -> u64 {
    if variants > 256 { 2 } else { 1 }
}

/// The size of a primitive in bytes.
fn primitive_size(p: Primitive) -> u64 {
    match p {
        Primitive::Bool | Primitive::U8 | Primitive::I8 => 1,
        Primitive::U16 | Primitive::I16 => 2,
        Primitive::Char | Primitive::U32 | Primitive::I32 | Primitive::F32 => 4,
        Primitive::U64 | Primitive::I64 | Primitive::F64 => 8,
    }
}

/// The field of `Overflow` that holds the payloads of `def`.
pub fn overflow_table(def: &StructDef) -> Ident {
    crate::emit::snake_ident("", &def.name)
}

/// The pattern matching a node of type `def` in `NodeData` (named by `path`), binding its payload, and the
/// statement that makes `data` the payload: a payload kept in the overflow tables is read from `overflow` (an
/// expression of type `Overflow`, indexed without a check: only validated trees are read this way).
pub fn payload_arm(
    path: &TokenStream,
    def: &StructDef,
    fields: &[FlatField<'_>],
    overflow: &TokenStream,
) -> (TokenStream, TokenStream) {
    let name = crate::emit::ident(&def.name);
    if overflows(fields) {
        let table = overflow_table(def);
        (quote!(#path::#name(index)), quote!(let data = &#overflow.#table[index.index()];))
    } else {
        (quote!(#path::#name(data)), quote!())
    }
}

/// A whole `match` arm over `NodeData` (named by `path`) for nodes of type `def` that runs `body` with `data` bound
/// to the payload. Unlike [`payload_arm`] it cannot panic: a payload index outside `overflow` skips `body`. That
/// keeps the arm free of side effects, so the compiler can drop the whole `match` when `body` does nothing.
pub fn payload_arm_or_skip(
    path: &TokenStream,
    def: &StructDef,
    fields: &[FlatField<'_>],
    overflow: &TokenStream,
    body: TokenStream,
) -> TokenStream {
    let name = crate::emit::ident(&def.name);
    if overflows(fields) {
        let table = overflow_table(def);
        quote! {
            #path::#name(index) => {
                if let ::core::option::Option::Some(data) = #overflow.#table.get(index.index()) { #body }
            }
        }
    } else {
        quote!(#path::#name(data) => { #body })
    }
}

/// The node structs an enum of nodes can hold (nested enums flattened): what a child of that type may be.
pub fn accepted_structs(schema: &Schema, target: &ChildType) -> Vec<String> {
    match target {
        ChildType::Struct { name, .. } => vec![name.clone()],
        ChildType::Enum { name, .. } => match schema.by_name(name) {
            Some(TypeDef::Enum(e)) => schema.enum_node_structs(e),
            _ => Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        crate::schema_from_source(
            "#[ast] pub struct Node {
                 child: Box<Node>,
                 maybe: Option<Any>,
                 list: Vec<Any>,
                 holes: Vec<Option<Any>>,
                 name: String,
                 value: f64,
                 flag: Option<bool>,
                 nested: Vec<Vec<Any>>,
             }
             #[ast] pub enum Any { Node(Box<Node>) }",
        )
    }

    #[test]
    fn every_supported_shape_gets_its_compact_encoding() {
        let schema = schema();
        let TypeDef::Struct(node) = &schema.types[0] else { unreachable!() };
        let encodings: Vec<Option<Encoding>> =
            node.fields.iter().map(|f| encoding(&schema, &schema.shape(&f.ty))).collect();
        let any = ChildType::Enum { name: "Any".into(), boxed: false };
        assert_eq!(encodings[0], Some(Encoding::Child(ChildType::Struct { name: "Node".into(), boxed: true })));
        assert_eq!(encodings[1], Some(Encoding::OptionalChild(any.clone())));
        assert_eq!(encodings[2], Some(Encoding::ChildList(any.clone())));
        assert_eq!(encodings[3], Some(Encoding::OptionalChildList(any)));
        assert_eq!(encodings[4], Some(Encoding::Str));
        assert_eq!(encodings[5], Some(Encoding::Value(Value::Wide(Primitive::F64))));
        assert_eq!(
            encodings[6],
            Some(Encoding::OptionalValue(Value::Plain {
                ty: "bool".into(),
                size: 1,
                copy: true,
                shape: TypeShape::Primitive(Primitive::Bool)
            }))
        );
        assert_eq!(encodings[7], None, "a list of lists of nodes has no flat encoding");
        let names = TypeShape::Vec(Box::new(TypeShape::String));
        let Some(Encoding::Value(Value::Plain { ty, copy: false, .. })) = encoding(&schema, &names) else {
            panic!("a list of strings is a value")
        };
        assert_eq!(ty, "::std::vec::Vec<::std::string::String>");
    }

    #[test]
    fn unsupported_fields_are_reported_with_their_name() {
        let schema = schema();
        let TypeDef::Struct(node) = &schema.types[0] else { unreachable!() };
        let Err(err) = flat_fields(&schema, node) else { panic!("`Vec<Vec<Any>>` was accepted") };
        assert!(err.message.contains("`Node.nested`"), "{err:?}");
        assert!(err.help.contains("`Option<Vec<N>>`"), "the help names shapes that work: {err:?}");
    }

    #[test]
    fn only_a_required_first_child_is_implied_and_large_payloads_overflow() {
        let schema = crate::schema_from_source(
            "#[ast] pub struct Pair { op: bool, left: Any, right: Any }
             #[ast] pub struct Later { maybe: Option<Any>, then: Any }
             #[ast] pub struct Wide { first: Any, a: Any, b: Any, c: Any }
             #[ast] pub struct Number { value: f64, raw: String }
             #[ast] pub enum Any { Pair(Box<Pair>), Later(Box<Later>), Wide(Box<Wide>), Number(Box<Number>) }",
        );
        let fields = |i: usize| {
            let TypeDef::Struct(def) = &schema.types[i] else { unreachable!() };
            flat_fields(&schema, def).unwrap_or_default()
        };
        let implied = |i: usize| fields(i).iter().map(|f| f.implied).collect::<Vec<_>>();
        assert_eq!(implied(0), [false, true, false], "the first child field, after a value");
        assert_eq!(implied(1), [false, false], "an optional first child may be absent, so it is stored");
        // `Pair` keeps 1 + 4 bytes, `Wide` 12 (its first child implied), `Number` 12 (an f64 and a string).
        assert_eq!((0..4).map(|i| overflows(&fields(i))).collect::<Vec<_>>(), [false, false, true, true]);
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(crate::emit::ident("type").to_string(), "r#type");
        assert_eq!(crate::emit::ident("left").to_string(), "left");
    }
}
