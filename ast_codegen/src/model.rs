//! The schema model: what a schema crate declares, independent of how it was written down.
//!
//! The `parse` phase builds a [`Schema`] from syn items; `validate` checks it; `layout` computes memory layouts from
//! it; [`crate::prepare`] derives the facts every output reads. Nothing here knows about any particular language or
//! output: a knob that one output needs is a schema attribute owned by that output, carried here unparsed
//! ([`StructDef::attrs`], ...) and read by the output itself, never a type name in an emitter.

use std::fmt;
use std::path::PathBuf;
use std::sync::OnceLock;

use indexmap::IndexMap;

/// A position in a schema source file, for diagnostics (`path:line:col`, 1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Location {
    /// The file, as given to the loader (relative to the working directory when the schema path was relative).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Where the offending tokens end (1-based line and column, exclusive), when known: the diagnostic underlines
    /// up to there. `(0, 0)` underlines one character.
    pub end: (usize, usize),
}

impl Location {
    /// The start of `file` (line 1, column 1): for problems of a whole file.
    pub fn file_start(file: impl Into<PathBuf>) -> Location {
        Location { file: file.into(), line: 1, column: 1, end: (0, 0) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// A whole schema: every `#[ast]` type, in declaration order (files in `mod` order, items in file order).
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// The crate-level docs (`//!` of `lib.rs`), carried to the generated crate.
    pub docs: Vec<String>,
    /// The schema crate's `lib.rs` (line 1, column 1): where whole-schema problems are reported.
    pub location: Location,
    /// All declared types, in declaration order. A [`TypeId`] indexes this list.
    pub types: Vec<TypeDef>,
    /// Each name's first declaration, built on the first lookup (the parse phase has filled `types` by then), so
    /// that looking a type up by name does not scan the list.
    names: OnceLock<IndexMap<String, TypeId>>,
    /// Per type, true for an enum of nodes: computed once, on the first question, from every enum's payloads.
    node_enums: OnceLock<Vec<bool>>,
}

/// Index of a type in [`Schema::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// One declared type.
#[derive(Clone, Debug)]
pub enum TypeDef {
    /// A node struct: gets `node_id` and `span`.
    Struct(StructDef),
    /// An enum: an enum of nodes (every variant holds one node) or a value enum (no node inside: fieldless
    /// variants, or variants that carry one value each).
    Enum(EnumDef),
    /// A type from outside the schema, used as a leaf value, with its layout declared on the schema.
    External(ExternalDef),
}

/// A node struct. `node_id` and `span` are implied and not listed in [`StructDef::fields`].
#[derive(Clone, Debug)]
pub struct StructDef {
    /// The type name.
    pub name: String,
    /// Doc comment lines (without the `///`).
    pub docs: Vec<String>,
    /// The declared fields, in schema order.
    pub fields: Vec<FieldDef>,
    /// The helper attributes that outputs own (`#[json(..)]`, ...), parsed by the output that owns them.
    pub attrs: Vec<syn::Attribute>,
    /// Where the struct is declared.
    pub location: Location,
}

/// One declared field of a node struct.
#[derive(Clone, Debug)]
pub struct FieldDef {
    /// The field name.
    pub name: String,
    /// Doc comment lines.
    pub docs: Vec<String>,
    /// The field type.
    pub ty: TypeRef,
    /// The helper attributes that outputs own, parsed by the output that owns them.
    pub attrs: Vec<syn::Attribute>,
    /// Where the field is declared.
    pub location: Location,
}

/// An enum: an enum of nodes (every variant holds one node), or a value enum: a leaf value such as an operator
/// (every variant fieldless) or a constant (`Int(String)`, `Float(f64)`, `None`: each variant carries at most one
/// value, and no node). [`Schema::is_node_enum`] tells which.
#[derive(Clone, Debug)]
pub struct EnumDef {
    /// The type name.
    pub name: String,
    /// Doc comment lines.
    pub docs: Vec<String>,
    /// The variants, in schema order.
    pub variants: Vec<VariantDef>,
    /// The helper attributes that outputs own, parsed by the output that owns them.
    pub attrs: Vec<syn::Attribute>,
    /// Where the enum is declared.
    pub location: Location,
}

impl EnumDef {
    /// True when no variant has a payload: the enum is a leaf value (`#[repr(u8)]`, or `u16` past 256 variants).
    pub fn is_fieldless(&self) -> bool {
        self.variants.iter().all(|v| v.payload.is_none())
    }
}

/// One enum variant.
#[derive(Clone, Debug)]
pub struct VariantDef {
    /// The variant name.
    pub name: String,
    /// Doc comment lines.
    pub docs: Vec<String>,
    /// The one payload type: in an enum of nodes `Box<Struct>`, an inline struct or another node enum; in a value
    /// enum a value type. `None` when fieldless.
    pub payload: Option<TypeRef>,
    /// The helper attributes that outputs own, parsed by the output that owns them.
    pub attrs: Vec<syn::Attribute>,
    /// Where the variant is declared.
    pub location: Location,
}

/// A type from outside the schema. Declared in the schema as a unit struct marked `#[ast(external = "path")]`
/// with `#[layout(...)]`, so the generator can lay out the structs that use it.
#[derive(Clone, Debug)]
pub struct ExternalDef {
    /// The name used in the schema.
    pub name: String,
    /// Doc comment lines.
    pub docs: Vec<String>,
    /// The fully qualified Rust path used in generated code.
    pub path: String,
    /// Its declared layout.
    pub layout: DeclaredLayout,
    /// Where the declaration is.
    pub location: Location,
}

/// A layout declared with `#[layout(size64 = .., align64 = .., size32 = .., align32 = .., niches = ..)]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct DeclaredLayout {
    /// Size on 64-bit targets, in bytes.
    pub size64: u64,
    /// Alignment on 64-bit targets.
    pub align64: u64,
    /// Size on 32-bit targets.
    pub size32: u64,
    /// Alignment on 32-bit targets.
    pub align32: u64,
    /// How many invalid bit patterns (niche values) the type has; 0 when unknown.
    pub niches: u64,
}

/// A field or payload type as written in the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// `bool`, `u32`, `f64`, ...
    Primitive(Primitive),
    /// `String`.
    String,
    /// A schema type (struct, enum or external) by name; `validate` checks that it exists.
    Named(String),
    /// `Box<T>`.
    Box(Box<TypeRef>),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `Option<T>`.
    Option(Box<TypeRef>),
}

impl TypeRef {
    /// The schema type name at the bottom of this type, if any (`Option<Box<Expression>>` → `Expression`).
    pub fn innermost_name(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Box(inner) | TypeRef::Vec(inner) | TypeRef::Option(inner) => inner.innermost_name(),
            TypeRef::Primitive(_) | TypeRef::String => None,
        }
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::Primitive(p) => f.write_str(p.rust_name()),
            TypeRef::String => f.write_str("String"),
            TypeRef::Named(name) => f.write_str(name),
            TypeRef::Box(inner) => write!(f, "Box<{inner}>"),
            TypeRef::Vec(inner) => write!(f, "Vec<{inner}>"),
            TypeRef::Option(inner) => write!(f, "Option<{inner}>"),
        }
    }
}

/// The primitive types a schema may use as leaf values; defined in `ast_shape`, whose shape rules (shared with
/// `#[ast]`) need them too.
pub use ast_shape::Primitive;

impl Schema {
    /// The type with this name.
    pub fn type_id(&self, name: &str) -> Option<TypeId> {
        let names = self.names.get_or_init(|| {
            let mut names = IndexMap::with_capacity(self.types.len());
            for (index, def) in self.types.iter().enumerate() {
                names.entry(def.name().to_string()).or_insert(TypeId(index));
            }
            names
        });
        names.get(name).copied()
    }

    /// The type with this ID.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The type with this name.
    pub fn by_name(&self, name: &str) -> Option<&TypeDef> {
        self.type_id(name).map(|id| self.get(id))
    }

    /// Every node struct, in declaration order.
    pub fn structs(&self) -> impl Iterator<Item = &StructDef> + '_ {
        self.types.iter().filter_map(|t| match t {
            TypeDef::Struct(s) => Some(s),
            _ => None,
        })
    }

    /// Every enum, in declaration order.
    pub fn enums(&self) -> impl Iterator<Item = &EnumDef> + '_ {
        self.types.iter().filter_map(|t| match t {
            TypeDef::Enum(e) => Some(e),
            _ => None,
        })
    }

    /// Every enum of nodes, in declaration order.
    pub fn node_enums(&self) -> impl Iterator<Item = &EnumDef> + '_ {
        self.enums().filter(|e| self.is_node_enum(e))
    }

    /// Every value enum (fieldless, or with variants that carry values), in declaration order.
    pub fn value_enums(&self) -> impl Iterator<Item = &EnumDef> + '_ {
        self.enums().filter(|e| !self.is_node_enum(e))
    }

    /// True when `def` is an enum of nodes: some variant holds a node struct or an enum of nodes (under any number
    /// of `Box`es). Every other enum is a value enum; `validate` checks that no enum mixes the two.
    pub fn is_node_enum(&self, def: &EnumDef) -> bool {
        let flags = self.node_enums.get_or_init(|| self.classify_enums());
        self.type_id(&def.name).is_some_and(|id| flags.get(id.0).copied().unwrap_or(false))
    }

    /// Per type, whether it is an enum of nodes. A fixed point: an enum is one when a variant holds a struct, or an
    /// enum already found to be one; each round visits every variant once, and the rounds are bounded by how deeply
    /// enums nest inside enums.
    fn classify_enums(&self) -> Vec<bool> {
        let mut node = vec![false; self.types.len()];
        let holds_node = |payload: &TypeRef, node: &[bool]| {
            let mut ty = payload;
            while let TypeRef::Box(inner) = ty {
                ty = inner;
            }
            let TypeRef::Named(name) = ty else { return false };
            self.type_id(name).is_some_and(|id| match self.get(id) {
                TypeDef::Struct(_) => true,
                TypeDef::Enum(_) => node[id.0],
                TypeDef::External(_) => false,
            })
        };
        loop {
            let mut changed = false;
            for (index, def) in self.types.iter().enumerate() {
                let TypeDef::Enum(e) = def else { continue };
                if !node[index] && e.variants.iter().filter_map(|v| v.payload.as_ref()).any(|p| holds_node(p, &node)) {
                    node[index] = true;
                    changed = true;
                }
            }
            if !changed {
                return node;
            }
        }
    }

    /// Every external type, in declaration order.
    pub fn externals(&self) -> impl Iterator<Item = &ExternalDef> + '_ {
        self.types.iter().filter_map(|t| match t {
            TypeDef::External(x) => Some(x),
            _ => None,
        })
    }

    /// The root node struct: the first struct declared (the schema declares its root first).
    pub fn root(&self) -> Option<&StructDef> {
        self.structs().next()
    }

    /// How a field or payload type is shaped, seen from the emitters.
    pub fn shape(&self, ty: &TypeRef) -> TypeShape {
        match ty {
            TypeRef::Primitive(p) => TypeShape::Primitive(*p),
            TypeRef::String => TypeShape::String,
            TypeRef::Named(name) => match self.by_name(name) {
                Some(TypeDef::Struct(_)) => TypeShape::Struct(name.clone()),
                Some(TypeDef::Enum(e)) if self.is_node_enum(e) => TypeShape::NodeEnum(name.clone()),
                Some(TypeDef::Enum(_)) => TypeShape::ValueEnum(name.clone()),
                Some(TypeDef::External(_)) => TypeShape::External(name.clone()),
                None => TypeShape::Unknown(name.clone()),
            },
            TypeRef::Box(inner) => TypeShape::Box(Box::new(self.shape(inner))),
            TypeRef::Vec(inner) => TypeShape::Vec(Box::new(self.shape(inner))),
            TypeRef::Option(inner) => TypeShape::Option(Box::new(self.shape(inner))),
        }
    }

    /// The node struct a variant of a node enum holds inline or in one `Box`, and whether boxed: the variants that
    /// `AstNodeBuilder` has a constructor for ([`variant_constructor_name`]).
    pub fn variant_struct(&self, variant: &VariantDef) -> Option<(String, bool)> {
        match self.shape(variant.payload.as_ref()?) {
            TypeShape::Struct(name) => Some((name, false)),
            TypeShape::Box(inner) => match *inner {
                TypeShape::Struct(name) => Some((name, true)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The node structs an enum of nodes can hold, with nested node enums flattened, in declaration order of the
    /// variants (each struct once).
    pub fn enum_node_structs(&self, enum_def: &EnumDef) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_enum_node_structs(enum_def, &mut out, &mut Vec::new());
        out
    }

    fn collect_enum_node_structs(&self, enum_def: &EnumDef, out: &mut Vec<String>, seen: &mut Vec<String>) {
        if seen.contains(&enum_def.name) {
            return; // a cycle between enums is reported by `validate`; do not loop here
        }
        seen.push(enum_def.name.clone());
        for variant in &enum_def.variants {
            let Some(payload) = &variant.payload else { continue };
            match self.shape(payload).strip_box() {
                TypeShape::Struct(name) if !out.contains(name) => out.push(name.clone()),
                TypeShape::NodeEnum(name) => {
                    if let Some(TypeDef::Enum(inner)) = self.by_name(name) {
                        self.collect_enum_node_structs(inner, out, seen);
                    }
                }
                _ => {}
            }
        }
    }
}

impl TypeDef {
    /// The type name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::External(x) => &x.name,
        }
    }

    /// Where the type is declared.
    pub fn location(&self) -> &Location {
        match self {
            TypeDef::Struct(s) => &s.location,
            TypeDef::Enum(e) => &e.location,
            TypeDef::External(x) => &x.location,
        }
    }

    /// Doc comment lines.
    pub fn docs(&self) -> &[String] {
        match self {
            TypeDef::Struct(s) => &s.docs,
            TypeDef::Enum(e) => &e.docs,
            TypeDef::External(x) => &x.docs,
        }
    }
}

/// A type seen from the emitters: what kind of thing each level is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeShape {
    /// A primitive leaf value.
    Primitive(Primitive),
    /// A `String` leaf value.
    String,
    /// A node struct, inline.
    Struct(String),
    /// An enum of nodes, inline (it holds its own boxes).
    NodeEnum(String),
    /// A value enum (fieldless, or with variants that carry values): a leaf value.
    ValueEnum(String),
    /// An external leaf value.
    External(String),
    /// A name `validate` will reject.
    Unknown(String),
    /// `Box<T>`.
    Box(Box<TypeShape>),
    /// `Vec<T>`.
    Vec(Box<TypeShape>),
    /// `Option<T>`.
    Option(Box<TypeShape>),
}

impl TypeShape {
    /// The shape under any number of `Box`es.
    pub fn strip_box(&self) -> &TypeShape {
        match self {
            TypeShape::Box(inner) => inner.strip_box(),
            other => other,
        }
    }

    /// True when this shape is (a box of) a node: a node struct or an enum of nodes.
    pub fn is_node(&self) -> bool {
        matches!(self.strip_box(), TypeShape::Struct(_) | TypeShape::NodeEnum(_))
    }

    /// True when this shape, at any depth, contains a node (so a visitor or converter must descend into it).
    pub fn contains_node(&self) -> bool {
        match self {
            TypeShape::Struct(_) | TypeShape::NodeEnum(_) => true,
            TypeShape::Box(inner) | TypeShape::Vec(inner) | TypeShape::Option(inner) => inner.contains_node(),
            _ => false,
        }
    }
}

/// The names of `AstNodeBuilder`'s two constructors of a node struct: `binary_expression`,
/// `boxed_binary_expression` (without `r#`: the emitter writes raw identifiers where needed).
pub fn struct_constructor_names(struct_name: &str) -> [String; 2] {
    let method = snake_case(struct_name);
    [format!("boxed_{method}"), method]
}

/// The name of `AstNodeBuilder`'s constructor for a variant of a node enum that holds a struct:
/// `expression_binary` for `Expression::Binary`.
pub fn variant_constructor_name(enum_name: &str, variant_name: &str) -> String {
    format!("{}_{}", snake_case(enum_name), snake_case(variant_name))
}

/// The names of the `AstBuild` methods for a variant `V` of a node enum `E`: `e_from_v` (a built payload as the
/// enum), `e_into_v` (the payload back, when the enum is that variant) and `e_is_v` (whether it is).
pub fn variant_handle_names(enum_name: &str, variant_name: &str) -> [String; 3] {
    let (e, v) = (snake_case(enum_name), snake_case(variant_name));
    [format!("{e}_from_{v}"), format!("{e}_into_{v}"), format!("{e}_is_{v}")]
}

/// `CamelCase` → `snake_case`, the naming rule for builder methods and visitor methods.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower = i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enum_is_an_enum_of_nodes_when_a_variant_holds_a_node_at_any_nesting() {
        let schema = crate::schema_from_source(
            "#[ast] pub struct Program { pub body: Vec<Outer> }
             #[ast] pub enum Outer { Inner(Inner) }
             #[ast] pub enum Inner { Program(Box<Box<Program>>) }
             #[ast] pub enum Op { Add, Sub }
             #[ast] pub enum Json { Null, List(Vec<Json>), Boxed(Box<Json>), Op(Op) }",
        );
        let kinds: Vec<(&str, bool)> = schema.enums().map(|e| (e.name.as_str(), schema.is_node_enum(e))).collect();
        assert_eq!(kinds, [("Outer", true), ("Inner", true), ("Op", false), ("Json", false)]);
        assert_eq!(schema.shape(&TypeRef::Named("Json".into())), TypeShape::ValueEnum("Json".into()));
        assert_eq!(schema.value_enums().count(), 2);
    }

    #[test]
    fn snake_case_splits_words_and_acronyms() {
        assert_eq!(snake_case("BinaryExpression"), "binary_expression");
        assert_eq!(snake_case("RegExpLiteral"), "reg_exp_literal");
        assert_eq!(snake_case("ForIn"), "for_in");
        assert_eq!(snake_case("JSXElement"), "jsx_element");
        assert_eq!(snake_case("Program"), "program");
    }
}
