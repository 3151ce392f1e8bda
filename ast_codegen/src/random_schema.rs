//! Seeded random schemas, for tests of the whole generator (`ast_codegen/tests/random_schemas.rs`): a generator of
//! valid schema crates that uses every field shape the generator supports and the names that are hard to get right
//! (keywords as raw field names, type names whose snake_case is a keyword, names of prelude and runtime items,
//! Unicode and very long names, odd doc comments), and a mutator that turns a valid schema into one the generator
//! must refuse with a diagnostic.
//!
//! The same seed always gives the same schema. A schema is kept as a small model ([`RandomSchema::items`]) so the
//! mutator can change it before it is written out as Rust source ([`RandomSchema::files`]).

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;

use crate::model::snake_case;

/// Whether the generator also produces value shapes beyond primitives and strings: value enums whose variants carry
/// one value (`enum Constant { None, Bool(bool), Int(String), Bytes(Vec<u8>) }`), `Vec<String>`, `Vec<u8>`,
/// `Vec<primitive>`, `Vec<ValueEnum>`, `Option<Vec<String>>` and `Vec<Option<String>>`. [`Config::default`]
/// follows it.
pub const VALUE_SHAPES: bool = true;

/// What a random schema may contain and how large it gets.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Produce the value shapes behind [`VALUE_SHAPES`].
    pub value_shapes: bool,
    /// At most this many node structs, the root included (at least 1: a root-only schema is one of the cases).
    pub max_structs: usize,
    /// At most this many fields per node struct.
    pub max_fields: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config { value_shapes: VALUE_SHAPES, max_structs: 10, max_fields: 7 }
    }
}

/// SplitMix64, as the runtime's `RandomSource` uses: small, seeded, deterministic everywhere.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % (n.max(1) as u64)) as usize
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// A random element of `items` (`None` when it is empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() { None } else { items.get(self.below(items.len())) }
    }
}

/// Where an item is written: in `src/lib.rs`, in an inline `mod` block of it, or in a module file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// `src/lib.rs` itself.
    Lib,
    /// `mod inline_N { .. }` in `src/lib.rs`.
    Inline(usize),
    /// `src/part_N.rs`, declared with `mod part_N;` in `src/lib.rs`.
    File(usize),
}

/// A field or payload type, as written in the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// A primitive (`u32`, `f64`, ...).
    Prim(&'static str),
    /// `String`.
    String,
    /// A schema type by name, written as `written` (which may be a raw identifier, `r#Name`).
    Named {
        /// The name.
        name: String,
        /// How the schema writes it.
        written: String,
    },
    /// `Box<T>`.
    Box(Box<Ty>),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `Option<T>`.
    Option(Box<Ty>),
    /// Source text written as is (for the mutator).
    Verbatim(String),
}

impl Ty {
    fn named(name: &str) -> Ty {
        Ty::Named { name: name.to_string(), written: name.to_string() }
    }

    fn boxed(self) -> Ty {
        Ty::Box(Box::new(self))
    }

    fn vec(self) -> Ty {
        Ty::Vec(Box::new(self))
    }

    fn option(self) -> Ty {
        Ty::Option(Box::new(self))
    }

    /// The Rust source of the type.
    pub fn source(&self) -> String {
        match self {
            Ty::Prim(p) => (*p).to_string(),
            Ty::String => "String".to_string(),
            Ty::Named { written, .. } => written.clone(),
            Ty::Box(inner) => format!("Box<{}>", inner.source()),
            Ty::Vec(inner) => format!("Vec<{}>", inner.source()),
            Ty::Option(inner) => format!("Option<{}>", inner.source()),
            Ty::Verbatim(text) => text.clone(),
        }
    }
}

/// One field of a node struct.
#[derive(Clone, Debug)]
pub struct Field {
    /// Doc comment lines.
    pub docs: Vec<String>,
    /// Attributes, as source text (`#[json(rename = "..")]`).
    pub attrs: Vec<String>,
    /// The name as written (`r#type` for a keyword).
    pub name: String,
    /// The type.
    pub ty: Ty,
}

/// One enum variant.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Doc comment lines.
    pub docs: Vec<String>,
    /// Attributes, as source text.
    pub attrs: Vec<String>,
    /// The name as written.
    pub name: String,
    /// The payload: `None` for a fieldless variant; else the source text between the parentheses (or braces,
    /// for the mutator's named-field variants, which include them).
    pub payload: Option<String>,
}

/// What an item declares.
#[derive(Clone, Debug)]
pub enum Body {
    /// A node struct with named fields.
    Struct {
        /// The type name.
        name: String,
        /// The fields.
        fields: Vec<Field>,
    },
    /// An enum: of nodes, fieldless, or of values.
    Enum {
        /// The type name.
        name: String,
        /// The variants.
        variants: Vec<Variant>,
    },
    /// An external type: `#[ast(external = "path")] #[layout(..)] pub struct Name;`.
    External {
        /// The type name.
        name: String,
        /// The Rust path in `#[ast(external = "..")]`.
        path: String,
        /// The `#[layout(..)]` attribute, as source text (empty for none).
        layout: String,
    },
    /// Source text written as is (for the mutator).
    Verbatim(String),
}

/// One item of a schema.
#[derive(Clone, Debug)]
pub struct Item {
    /// Doc comment lines.
    pub docs: Vec<String>,
    /// Attributes other than `#[ast]`, as source text.
    pub attrs: Vec<String>,
    /// Whether it is marked `#[ast]` (the `#[ast]` of an external type is part of its body).
    pub ast: bool,
    /// Whether it is `pub`.
    pub public: bool,
    /// Where it is written.
    pub place: Place,
    /// What it declares.
    pub body: Body,
}

impl Item {
    /// The declared type name, if the item declares a type.
    pub fn name(&self) -> Option<&str> {
        match &self.body {
            Body::Struct { name, .. } | Body::Enum { name, .. } | Body::External { name, .. } => Some(name),
            Body::Verbatim(_) => None,
        }
    }
}

/// A random schema crate.
#[derive(Clone, Debug)]
pub struct RandomSchema {
    /// The seed it was made from.
    pub seed: u64,
    /// The crate docs (`//!` lines of `lib.rs`).
    pub crate_docs: Vec<String>,
    /// The items, in declaration order (the root first).
    pub items: Vec<Item>,
    /// The name of the root node struct.
    pub root: String,
    /// Extra lines at the top of `lib.rs` after the crate docs (for the mutator: `mod missing;`).
    pub lib_prelude: Vec<String>,
    /// The shapes it uses (`"Vec<Option<child>>"`, `"raw field name"`, ...), for coverage checks.
    pub shapes: BTreeSet<&'static str>,
    /// The JSON keys every node struct writes besides its fields (its tag and span keys), by the root's
    /// `#[json(schema(..))]`.
    pub node_keys: &'static [&'static str],
}

/// The JSON keys of ESTree's style: tag and offsets.
const ESTREE_KEYS: &[&str] = &["type", "start", "end"];

/// The JSON keys of CPython's style: tag and positions.
const PYTHON_KEYS: &[&str] = &["_type", "lineno", "col_offset", "end_lineno", "end_col_offset"];

/// Keyword field names, written raw.
const KEYWORD_FIELDS: &[&str] = &[
    "r#type",
    "r#match",
    "r#fn",
    "r#in",
    "r#loop",
    "r#yield",
    "r#async",
    "r#await",
    "r#dyn",
    "r#gen",
    "r#try",
    "r#box",
    "r#const",
    "r#static",
    "r#ref",
    "r#mut",
    "r#move",
    "r#use",
    "r#where",
    "r#impl",
    "r#trait",
    "r#enum",
    "r#struct",
    "r#let",
    "r#as",
    "r#else",
    "r#if",
    "r#return",
    "r#for",
    "r#while",
    "r#break",
    "r#continue",
    "r#pub",
    "r#mod",
    "r#unsafe",
    "r#extern",
    "r#true",
    "r#false",
    "r#abstract",
    "r#final",
    "r#macro",
    "r#virtual",
    "r#override",
    "r#priv",
    "r#typeof",
    "r#unsized",
    "r#become",
    "r#do",
];

/// Field names that the generated code might also use for its own locals, parameters and fields, and weak
/// keywords, which are plain identifiers.
const TRICKY_FIELDS: &[&str] = &[
    "data",
    "child_count",
    "self_",
    "it",
    "index",
    "depth",
    "items",
    "remaining",
    "visitor",
    "v",
    "w",
    "writer",
    "source",
    "out",
    "id",
    "ids",
    "kind",
    "node",
    "value",
    "values",
    "child",
    "children",
    "next",
    "parent",
    "flat",
    "ast",
    "parts",
    "len",
    "range",
    "tree",
    "state",
    "result",
    "b",
    "f",
    "x",
    "builder",
    "overflow",
    "ends",
    "strings",
    "nodes",
    "child_ids",
    "optional_child_ids",
    "walker",
    "dispatch",
    "lang",
    "field",
    "field_x",
    "union",
    "raw",
    "safe",
    "macro_rules",
    "auto",
    "default",
    "start",
    "end",
    "r#value",
    "loc",
    "new",
    "clone",
    "to_string",
    "_x",
    "__hidden",
];

/// Plain field names.
const PLAIN_FIELDS: &[&str] = &["name", "left", "right", "body", "flag", "count", "op", "test", "label", "arguments"];

/// Unicode field names.
const UNICODE_FIELDS: &[&str] = &["größe", "naïve", "日本", "café", "ñandú"];

/// Type names whose snake_case is a keyword.
const KEYWORD_TYPES: &[&str] = &[
    "Return", "If", "Match", "Type", "Fn", "Impl", "Const", "Loop", "While", "For", "In", "Let", "Mod", "Use", "Where",
    "Async", "Await", "Dyn", "Move", "Ref", "Static", "Struct", "Enum", "Trait", "Unsafe", "Extern", "Yield", "Try",
    "Gen", "Abstract", "Become", "Final", "Macro", "Override", "Priv", "Typeof", "Unsized", "Virtual", "Do", "Break",
    "Continue", "Else", "False", "True", "As", "Pub", "Mut",
];

/// Type names of prelude, std and runtime items and of the generated modules' own items.
const CLASHING_TYPES: &[&str] = &[
    "Result",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Iterator",
    "IntoIterator",
    "Drop",
    "Send",
    "Sync",
    "Sized",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Hash",
    "From",
    "Into",
    "ToString",
    "ToOwned",
    "Extend",
    "FnMut",
    "FnOnce",
    "Unpin",
    "AsRef",
    "AsMut",
    "Display",
    "Formatter",
    "Error",
    "Write",
    "Range",
    "Ordering",
    "Any",
    "Str",
    "Bool",
    "Char",
    "U32",
    "F64",
    "Lang",
    "Overflow",
    "Dispatch",
    "Walker",
    "ParentReporter",
    "ParentTableBuilder",
    "ReportParents",
    "Ancestors",
    "OwnedNode",
    "NodeRef",
    "FlatParts",
    "AnyView",
    "RandomTree",
    "RandomSource",
    "ToJson",
    "FromJson",
    "JsonWriter",
    "JsonReader",
    "JsonText",
    "JsonError",
    "Numbers",
    "Bits64",
    "IdRange",
    "StrRef",
    "OptionalNodeId",
    "OptionalStrRef",
    "StrInterner",
    "ListEntry",
    "OverflowIndex",
    "SubtreeEnds",
    "ChildField",
    "FlatError",
    "Language",
    "FlatView",
    "IdCounter",
    "Utf16Offsets",
    "ChildFieldInfo",
    "Flattener",
    "View",
    "Data",
    "Walk",
    "WalkMut",
    "Json",
    "Random",
    "Flat",
    "Ast",
    "Program",
    "Tree",
    "Builder",
];

/// Unicode type names.
const UNICODE_TYPES: &[&str] = &["Größe", "Ñandú", "Café", "Übung", "Ærø", "日本語", "Straße"];

/// Plain type-name stems (a number is appended).
const PLAIN_TYPES: &[&str] = &["Node", "Expr", "Stmt", "Decl", "XMLHttpRequest", "JSXElement", "Item", "Pat"];

/// Value enum variant names.
const VALUE_VARIANTS: &[&str] = &[
    "None", "Some", "Ok", "Err", "Default", "Type", "Fn", "Return", "Plus", "Minus", "Größe", "A", "B", "Self_",
    "Clone", "Equal", "NotEqual", "Lt", "In",
];

/// Odd doc comment lines.
const DOCS: &[&str] = &[
    "*/ /* not a comment",
    "\"quoted\" and 'single' and `code`",
    "backslash \\ and {braces} {{}} and {0}",
    "#[not_an_attribute] and #![inner]",
    "<html> &amp; é 漢 😀",
    "",
    "   leading spaces",
    "trailing spaces   ",
    "`unclosed backtick",
    "[link](https://example.com) and [`Intra`] and [broken]",
    "# Heading",
    "tab\there",
    "r#\"raw\"# and b'x' and 'c'",
    "// a line comment inside a doc",
];

/// Primitive field types.
const PRIMITIVES: &[&str] = &["bool", "char", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64"];

/// Rust types an external schema type may stand for: with `Default` (for random trees), `ToJson`, `PartialEq`,
/// `Debug` and `Clone`, and the `#[layout]` they have.
const EXTERNALS: &[(&str, &str)] = &[
    ("::core::primitive::u32", "#[layout(size64 = 4, align64 = 4, size32 = 4, align32 = 4)]"),
    ("::core::primitive::u16", "#[layout(size64 = 2, align64 = 2, size32 = 2, align32 = 2)]"),
    ("::core::primitive::bool", "#[layout(size64 = 1, align64 = 1, size32 = 1, align32 = 1, niches = 254)]"),
];

/// The kind of a node type while a schema is made: structs and node enums get ranks, and a type may hold another
/// inline (or require it) only if that one's rank is lower, so no type contains itself and every type has a finite
/// smallest tree.
#[derive(Clone, Debug)]
struct NodeType {
    name: String,
    rank: usize,
    is_enum: bool,
    /// For enums: the node structs it holds, nested enums flattened.
    structs: Vec<String>,
}

struct Maker {
    rng: Rng,
    config: Config,
    names: HashSet<String>,
    snakes: HashSet<String>,
    /// The node types some field or variant refers to.
    referenced: HashSet<String>,
    shapes: BTreeSet<&'static str>,
    /// The JSON style of the schema: ESTree's (`tag = "type"`, UTF-16 offsets) or CPython's (`tag = "_type"`, lines
    /// and columns, Python's numbers).
    python_json: bool,
}

impl Maker {
    /// A fresh type name: tricky most of the time, never reserved, never a snake_case clash.
    fn type_name(&mut self) -> String {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let candidate = match (attempt > 20, self.rng.below(6)) {
                (false, 0) => self.rng.pick(KEYWORD_TYPES).map(|s| s.to_string()),
                (false, 1) => self.rng.pick(CLASHING_TYPES).map(|s| s.to_string()),
                (false, 2) => self.rng.pick(UNICODE_TYPES).map(|s| s.to_string()),
                (false, 3) if self.rng.one_in(4) => Some(format!(
                    "AVeryLongNodeTypeNameThatGoesOnAndOnForQuiteSomeTimeBeyondEightyCharactersInTotal{}",
                    self.rng.below(100)
                )),
                _ => self.rng.pick(PLAIN_TYPES).map(|s| format!("{s}{}", self.rng.below(1000))),
            };
            let Some(name) = candidate else { continue };
            let snake = snake_case(&name);
            if crate::validate::RESERVED_NAMES.contains(&name.as_str())
                || self.names.contains(&name)
                || self.snakes.contains(&snake)
            {
                continue;
            }
            match name.as_str() {
                n if KEYWORD_TYPES.contains(&n) => self.shapes.insert("keyword type name"),
                n if CLASHING_TYPES.contains(&n) => self.shapes.insert("prelude or runtime type name"),
                n if !n.is_ascii() => self.shapes.insert("unicode type name"),
                n if n.len() > 60 => self.shapes.insert("long type name"),
                _ => false,
            };
            self.names.insert(name.clone());
            self.snakes.insert(snake);
            return name;
        }
    }

    /// How a reference to `name` is written: sometimes as a raw identifier.
    fn reference(&mut self, name: &str) -> Ty {
        self.referenced.insert(name.to_string());
        if name.is_ascii() && self.rng.one_in(8) {
            self.shapes.insert("raw type reference");
            Ty::Named { name: name.to_string(), written: format!("r#{name}") }
        } else {
            Ty::named(name)
        }
    }

    fn docs(&mut self) -> Vec<String> {
        let count = self.rng.below(3);
        (0..count).filter_map(|_| self.rng.pick(DOCS).map(|d| d.to_string())).collect()
    }

    fn field_name(&mut self, used: &mut HashSet<String>) -> String {
        loop {
            let name = match self.rng.below(5) {
                0 => self.rng.pick(KEYWORD_FIELDS).map(|s| s.to_string()),
                1 | 2 => self.rng.pick(TRICKY_FIELDS).map(|s| s.to_string()),
                3 if self.rng.one_in(3) => self.rng.pick(UNICODE_FIELDS).map(|s| s.to_string()),
                3 if self.rng.one_in(3) => Some(format!(
                    "a_very_long_field_name_that_goes_on_and_on_for_quite_some_time_{}",
                    self.rng.below(100)
                )),
                _ => self.rng.pick(PLAIN_FIELDS).map(|s| format!("{s}{}", self.rng.below(10))),
            };
            let Some(name) = name else { continue };
            // Fields may not differ only by leading underscores (the validator refuses `x` beside `_x`).
            let unraw = name.trim_start_matches("r#").trim_start_matches('_').to_string();
            if used.insert(unraw) {
                match name.as_str() {
                    n if n.starts_with("r#") => self.shapes.insert("raw field name"),
                    n if !n.is_ascii() => self.shapes.insert("unicode field name"),
                    _ => false,
                };
                return name;
            }
        }
    }
}

/// A valid random schema for `seed` with the default [`Config`].
pub fn schema(seed: u64) -> RandomSchema {
    schema_with(seed, Config::default())
}

/// A valid random schema for `seed`: the root struct first, then node structs, node enums (variants of `Box<S>`,
/// inline `S` and nested node enums), fieldless value enums and sometimes an external type, spread over `lib.rs`,
/// inline modules and module files.
pub fn schema_with(seed: u64, config: Config) -> RandomSchema {
    let mut m = Maker {
        rng: Rng::new(seed),
        config,
        names: HashSet::new(),
        snakes: HashSet::new(),
        referenced: HashSet::new(),
        shapes: BTreeSet::new(),
        python_json: false,
    };
    m.python_json = m.rng.one_in(2);
    let struct_count = 1 + m.rng.below(config.max_structs.max(1));
    let enum_count = 1 + m.rng.below(3);
    let value_enum_count = m.rng.below(3);
    let data_enum_count = if config.value_shapes { 1 + m.rng.below(2) } else { 0 };
    let external = if m.rng.one_in(3) { m.rng.pick(EXTERNALS).copied() } else { None };

    // Ranks: a random order of all node types with a struct lowest.
    let mut nodes: Vec<NodeType> = (0..struct_count + enum_count)
        .map(|i| NodeType { name: m.type_name(), rank: 0, is_enum: i >= struct_count, structs: Vec::new() })
        .collect();
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, m.rng.below(i + 1));
    }
    if let Some(lowest_struct) = order.iter().position(|&i| i < struct_count) {
        order.swap(0, lowest_struct);
    }
    for (rank, &i) in order.iter().enumerate() {
        nodes[i].rank = rank;
    }
    let value_enums: Vec<String> = (0..value_enum_count).map(|_| m.type_name()).collect();
    let data_enums: Vec<String> = (0..data_enum_count).map(|_| m.type_name()).collect();
    let external_name = external.map(|_| m.type_name());

    // Node enums, lowest rank first, so nested enums are known before the enums that hold them.
    let mut enum_items: Vec<(usize, Item)> = Vec::new();
    let mut by_rank: Vec<usize> = (struct_count..nodes.len()).collect();
    by_rank.sort_by_key(|&i| nodes[i].rank);
    for i in by_rank {
        let item = node_enum(&mut m, &mut nodes, i);
        enum_items.push((i, item));
    }

    let leaves = Leaves { value_enums: &value_enums, data_enums: &data_enums, external: external_name.as_deref() };
    let mut items = Vec::new();
    for i in 0..struct_count {
        items.push(node_struct(&mut m, &nodes, i, i == 0, &leaves));
    }
    // A node enum that nothing refers to stays unreferenced: the generated crate must compile without warnings.
    enum_items.sort_by_key(|(i, _)| *i);
    items.extend(enum_items.into_iter().map(|(_, item)| item));
    for name in &value_enums {
        items.push(value_enum(&mut m, name));
    }
    for name in &data_enums {
        items.push(data_enum(&mut m, name));
    }
    if let (Some(name), Some((path, layout))) = (external_name, external) {
        m.shapes.insert("external type");
        items.push(Item {
            docs: m.docs(),
            attrs: Vec::new(),
            ast: false,
            public: true,
            place: Place::Lib,
            body: Body::External { name, path: path.to_string(), layout: layout.to_string() },
        });
    }
    // Everything but the root may move to an inline module or a module file; shuffle the rest a little.
    for i in 1..items.len() {
        let j = 1 + m.rng.below(items.len() - 1);
        items.swap(i, j);
    }
    for item in items.iter_mut().skip(1) {
        item.place = match m.rng.below(8) {
            0 => Place::Inline(m.rng.below(2)),
            1 => Place::File(m.rng.below(2)),
            _ => Place::Lib,
        };
        if item.place != Place::Lib {
            m.shapes.insert("module");
        }
    }
    let crate_docs = vec!["A random schema.".to_string(), m.rng.pick(DOCS).map_or_else(String::new, |d| d.to_string())];
    let node_keys = if m.python_json { PYTHON_KEYS } else { ESTREE_KEYS };
    RandomSchema {
        seed,
        crate_docs,
        root: nodes[0].name.clone(),
        items,
        lib_prelude: Vec::new(),
        shapes: m.shapes,
        node_keys,
    }
}

/// The leaf types a struct's fields may use.
struct Leaves<'a> {
    value_enums: &'a [String],
    data_enums: &'a [String],
    external: Option<&'a str>,
}

fn node_enum(m: &mut Maker, nodes: &mut [NodeType], index: usize) -> Item {
    let rank = nodes[index].rank;
    let variant_count = 1 + m.rng.below(5);
    let mut covered: Vec<String> = Vec::new();
    let mut used_names: HashSet<String> = HashSet::new();
    let mut variants = Vec::new();
    for v in 0..variant_count * 2 {
        if variants.len() == variant_count {
            break;
        }
        // The first variant holds a lower-ranked type, so the enum has a finite smallest tree.
        let candidates: Vec<usize> = (0..nodes.len())
            .filter(|&j| j != index && (v > 0 || nodes[j].rank < rank))
            .filter(|&j| !nodes[j].is_enum || (nodes[j].rank < rank && !nodes[j].structs.is_empty()))
            .collect();
        let Some(&target) = m.rng.pick(&candidates) else { continue };
        let held: Vec<String> =
            if nodes[target].is_enum { nodes[target].structs.clone() } else { vec![nodes[target].name.clone()] };
        if held.iter().any(|s| covered.contains(s)) {
            continue;
        }
        let lower = nodes[target].rank < rank;
        let inline = lower && m.rng.one_in(3);
        let reference = m.reference(&nodes[target].name);
        let payload = if inline { reference } else { reference.boxed() };
        m.shapes.insert(match (nodes[target].is_enum, inline) {
            (true, _) => "nested node enum variant",
            (false, true) => "inline struct variant",
            (false, false) => "boxed struct variant",
        });
        let name = if m.rng.one_in(4) {
            m.rng.pick(VALUE_VARIANTS).map_or_else(|| nodes[target].name.clone(), |s| s.to_string())
        } else {
            nodes[target].name.clone()
        };
        if !used_names.insert(name.clone()) {
            continue;
        }
        covered.extend(held);
        variants.push(Variant { docs: m.docs(), attrs: Vec::new(), name, payload: Some(payload.source()) });
    }
    nodes[index].structs = covered;
    let attrs = if m.rng.one_in(2) {
        m.shapes.insert("untagged node enum");
        vec!["#[json(untagged)]".to_string()]
    } else {
        Vec::new()
    };
    Item {
        docs: m.docs(),
        attrs,
        ast: true,
        public: true,
        place: Place::Lib,
        body: Body::Enum { name: nodes[index].name.clone(), variants },
    }
}

fn value_enum(m: &mut Maker, name: &str) -> Item {
    m.shapes.insert("value enum");
    let count = 1 + m.rng.below(6);
    let mut seen = HashSet::new();
    let variants = (0..count)
        .filter_map(|_| m.rng.pick(VALUE_VARIANTS).map(|s| s.to_string()))
        .filter(|v| seen.insert(v.clone()))
        .map(|name| Variant { docs: Vec::new(), attrs: Vec::new(), name, payload: None })
        .collect();
    Item {
        docs: m.docs(),
        attrs: Vec::new(),
        ast: true,
        public: true,
        place: Place::Lib,
        body: Body::Enum { name: name.to_string(), variants },
    }
}

/// A value enum whose variants carry one value or none (behind [`VALUE_SHAPES`]).
fn data_enum(m: &mut Maker, name: &str) -> Item {
    m.shapes.insert("value enum with values");
    let payloads = ["bool", "String", "f64", "Vec<u8>", "u32", "i64", "char"];
    let mut variants = vec![Variant { docs: Vec::new(), attrs: Vec::new(), name: "None".to_string(), payload: None }];
    let mut seen: HashSet<String> = HashSet::from(["None".to_string()]);
    for _ in 0..1 + m.rng.below(5) {
        let Some(payload) = m.rng.pick(&payloads).copied() else { continue };
        let Some(name) = m.rng.pick(VALUE_VARIANTS).map(|s| s.to_string()) else { continue };
        if seen.insert(name.clone()) {
            variants.push(Variant { docs: m.docs(), attrs: Vec::new(), name, payload: Some(payload.to_string()) });
        }
    }
    Item {
        docs: m.docs(),
        attrs: Vec::new(),
        ast: true,
        public: true,
        place: Place::Lib,
        body: Body::Enum { name: name.to_string(), variants },
    }
}

fn node_struct(m: &mut Maker, nodes: &[NodeType], index: usize, root: bool, leaves: &Leaves<'_>) -> Item {
    let rank = nodes[index].rank;
    let field_count = m.rng.below(m.config.max_fields + 1);
    let mut used = HashSet::new();
    let mut fields = Vec::new();
    if root {
        // The root holds a list, so random trees grow to their budget.
        let target = m.rng.below(nodes.len());
        let reference = m.reference(&nodes[target].name);
        let name = m.field_name(&mut used);
        fields.push(field(m, name, reference.vec()));
    }
    for _ in 0..field_count {
        let Some(ty) = field_type(m, nodes, rank, leaves) else { continue };
        let name = m.field_name(&mut used);
        fields.push(field(m, name, ty));
    }
    let attrs = match (root, m.python_json) {
        (false, _) => Vec::new(),
        (true, false) => vec![r#"#[json(schema(tag = "type", span = "utf16_offsets"))]"#.to_string()],
        (true, true) => vec![r#"#[json(schema(tag = "_type", span = "line_col", numbers = "python"))]"#.to_string()],
    };
    Item {
        docs: m.docs(),
        attrs,
        ast: true,
        public: true,
        place: Place::Lib,
        body: Body::Struct { name: nodes[index].name.clone(), fields },
    }
}

/// A field named `name`: the JSON keys every node writes (`type`, `start`, `end`, or CPython's `_type` and
/// positions) are renamed.
fn field(m: &mut Maker, name: String, ty: Ty) -> Field {
    let unraw = name.trim_start_matches("r#");
    let reserved = if m.python_json { PYTHON_KEYS } else { ESTREE_KEYS };
    let attrs = if reserved.contains(&unraw) {
        m.shapes.insert("json rename");
        vec![format!("#[json(rename = \"{unraw}Key\")]")]
    } else {
        Vec::new()
    };
    Field { docs: m.docs(), attrs, name, ty }
}

/// A random field type for a struct of rank `rank`.
fn field_type(m: &mut Maker, nodes: &[NodeType], rank: usize, leaves: &Leaves<'_>) -> Option<Ty> {
    let prim = Ty::Prim(m.rng.pick(PRIMITIVES)?);
    let target = m.rng.below(nodes.len());
    let lower = nodes[target].rank < rank;
    let target = nodes[target].name.clone();
    let node = |m: &mut Maker| m.reference(&target);
    let value_shapes = m.config.value_shapes;
    let (shape, ty) = match m.rng.below(if value_shapes { 24 } else { 17 }) {
        0 => ("primitive", prim),
        1 => ("String", Ty::String),
        2 | 3 if lower => {
            if m.rng.one_in(2) {
                ("inline child", node(m))
            } else {
                ("Box<child>", node(m).boxed())
            }
        }
        2 | 3 => return None,
        4 if lower && m.rng.one_in(2) => ("Option<child>", node(m).option()),
        4 => ("Option<Box<child>>", node(m).boxed().option()),
        5 => ("Vec<child>", if m.rng.one_in(4) { node(m).boxed().vec() } else { node(m).vec() }),
        6 => ("Vec<Option<child>>", node(m).option().vec()),
        7 => ("Option<Vec<child>>", node(m).vec().option()),
        8 => ("Option<String>", Ty::String.option()),
        9 => ("Option<primitive>", prim.option()),
        10 if m.rng.one_in(3) => ("Option<Option<primitive>>", prim.option().option()),
        10 => ("Option<primitive>", prim.option()),
        11 | 12 => match m.rng.pick(leaves.value_enums) {
            Some(e) => {
                let e = m.reference(e);
                if m.rng.one_in(2) { ("value enum", e) } else { ("Option<value enum>", e.option()) }
            }
            None => ("primitive", prim),
        },
        13 => match leaves.external {
            Some(x) if m.rng.one_in(2) => ("external", Ty::named(x)),
            Some(x) => ("Option<external>", Ty::named(x).option()),
            None => ("String", Ty::String),
        },
        14..=16 => ("Vec<child>", node(m).vec()),
        // Behind `VALUE_SHAPES`.
        17 => ("Vec<String>", Ty::String.vec()),
        18 => ("Vec<u8>", Ty::Prim("u8").vec()),
        19 => ("Vec<primitive>", prim.vec()),
        20 => match m.rng.pick(leaves.value_enums) {
            Some(e) => ("Vec<value enum>", Ty::named(e).vec()),
            None => ("Vec<primitive>", prim.vec()),
        },
        21 => ("Option<Vec<String>>", Ty::String.vec().option()),
        22 => ("Vec<Option<String>>", Ty::String.option().vec()),
        _ => match m.rng.pick(leaves.data_enums) {
            Some(e) if m.rng.one_in(2) => ("value enum with values", Ty::named(e)),
            Some(e) => ("Option<value enum with values>", Ty::named(e).option()),
            None => ("Vec<String>", Ty::String.vec()),
        },
    };
    m.shapes.insert(shape);
    Some(ty)
}

impl RandomSchema {
    /// The schema crate's source files: `(path relative to the crate, text)`, `src/lib.rs` first.
    pub fn files(&self) -> Vec<(String, String)> {
        let mut lib = String::new();
        for line in &self.crate_docs {
            let _ = writeln!(lib, "//! {line}");
        }
        for line in &self.lib_prelude {
            let _ = writeln!(lib, "{line}");
        }
        let mut inline_written: BTreeSet<usize> = BTreeSet::new();
        let mut files: Vec<usize> = Vec::new();
        for item in &self.items {
            match item.place {
                Place::Lib => render_item(&mut lib, item, ""),
                Place::Inline(n) if inline_written.insert(n) => {
                    let _ = writeln!(lib, "mod inline_{n} {{");
                    for inner in self.items.iter().filter(|i| i.place == Place::Inline(n)) {
                        render_item(&mut lib, inner, "    ");
                    }
                    lib.push_str("}\n");
                }
                Place::File(n) if !files.contains(&n) => files.push(n),
                _ => {}
            }
        }
        let mut out = Vec::new();
        for &n in &files {
            let _ = writeln!(lib, "mod part_{n};");
        }
        out.push(("src/lib.rs".to_string(), lib));
        for n in files {
            let mut text = String::from("//! Part of a random schema.\n");
            for item in self.items.iter().filter(|i| i.place == Place::File(n)) {
                render_item(&mut text, item, "");
            }
            out.push((format!("src/part_{n}.rs"), text));
        }
        out
    }

    /// The name of the visitor method for the root (`visit_` and the root's snake_case).
    pub fn root_visit_method(&self) -> String {
        format!("visit_{}", snake_case(&self.root))
    }
}

fn render_item(out: &mut String, item: &Item, indent: &str) {
    for line in &item.docs {
        let _ = writeln!(out, "{indent}/// {line}");
    }
    if item.ast {
        let _ = writeln!(out, "{indent}#[ast]");
    }
    for attr in &item.attrs {
        let _ = writeln!(out, "{indent}{attr}");
    }
    let vis = if item.public { "pub " } else { "" };
    match &item.body {
        Body::Struct { name, fields } => {
            let _ = writeln!(out, "{indent}{vis}struct {name} {{");
            for f in fields {
                for line in &f.docs {
                    let _ = writeln!(out, "{indent}    /// {line}");
                }
                for attr in &f.attrs {
                    let _ = writeln!(out, "{indent}    {attr}");
                }
                let _ = writeln!(out, "{indent}    pub {}: {},", f.name, f.ty.source());
            }
            let _ = writeln!(out, "{indent}}}");
        }
        Body::Enum { name, variants } => {
            let _ = writeln!(out, "{indent}{vis}enum {name} {{");
            for v in variants {
                for line in &v.docs {
                    let _ = writeln!(out, "{indent}    /// {line}");
                }
                for attr in &v.attrs {
                    let _ = writeln!(out, "{indent}    {attr}");
                }
                match &v.payload {
                    Some(p) if p.starts_with('{') => {
                        let _ = writeln!(out, "{indent}    {} {p},", v.name);
                    }
                    Some(p) => {
                        let _ = writeln!(out, "{indent}    {}({p}),", v.name);
                    }
                    None => {
                        let _ = writeln!(out, "{indent}    {},", v.name);
                    }
                }
            }
            let _ = writeln!(out, "{indent}}}");
        }
        Body::External { name, path, layout } => {
            let _ = writeln!(out, "{indent}#[ast(external = \"{path}\")]");
            if !layout.is_empty() {
                let _ = writeln!(out, "{indent}{layout}");
            }
            let _ = writeln!(out, "{indent}{vis}struct {name};");
        }
        Body::Verbatim(text) => {
            let _ = writeln!(out, "{indent}{text}");
        }
    }
}

/// A valid schema turned invalid by one mutation, with what the generator must say about it.
#[derive(Clone, Debug)]
pub struct Mutant {
    /// The name of the mutation.
    pub kind: &'static str,
    /// Text that one of the diagnostics must contain.
    pub expected: &'static str,
    /// The invalid schema.
    pub schema: RandomSchema,
}

/// The names of the mutations [`mutate`] applies, in the order `mutate` picks them (`seed % MUTATIONS.len()`).
pub const MUTATIONS: &[&str] = &[
    "unknown type name",
    "duplicate type",
    "snake_case clash",
    "reserved name",
    "field node_id",
    "field span",
    "infinite-size inline cycle",
    "node enum variant holding a value",
    "fieldless variant in a node enum",
    "empty enum",
    "tuple struct",
    "unit struct without external",
    "Vec<Vec<child>>",
    "unsupported field type",
    "bad #[layout]",
    "external without #[layout]",
    "macro invocation item",
    "#[cfg] on a type",
    "#[cfg] on a field",
    "non-pub type",
    "#[path] module",
    "missing module file",
    "syntax error",
    "no node struct",
    "generic node type",
    "explicit discriminant",
    "variant with two fields",
    "variant with named fields",
    "union",
    "node struct under two variants",
    "generic arguments on a node type",
    "Option without an argument",
    "external path that is not a path",
    "unknown #[ast] argument",
    "JSON key every node has",
];

/// Applies mutation number `seed % MUTATIONS.len()` to a copy of `schema`, with its details drawn from `seed`.
pub fn mutate(schema: &RandomSchema, seed: u64) -> Mutant {
    let mut rng = Rng::new(seed ^ 0x5EED_5EED_5EED_5EED);
    let index = (seed % MUTATIONS.len() as u64) as usize;
    let kind = MUTATIONS[index];
    let mut s = schema.clone();
    let place = if rng.one_in(3) { Place::File(rng.below(2)) } else { Place::Lib };
    let verbatim = |text: String| Item {
        docs: Vec::new(),
        attrs: Vec::new(),
        ast: false,
        public: true,
        place,
        body: Body::Verbatim(text),
    };
    let struct_names: Vec<String> = s
        .items
        .iter()
        .filter_map(|i| match &i.body {
            Body::Struct { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect();
    let some_struct = rng.pick(&struct_names).cloned().unwrap_or_else(|| s.root.clone());
    let new_struct = |name: &str, fields: &str| verbatim(format!("#[ast]\npub struct {name} {{ {fields} }}"));
    let expected = match kind {
        "unknown type name" => {
            let field = Field { docs: Vec::new(), attrs: Vec::new(), name: "mutant".into(), ty: Ty::named("Nowhere") };
            let ty = match rng.below(4) {
                0 => field.ty,
                1 => field.ty.boxed(),
                2 => field.ty.vec(),
                _ => field.ty.option(),
            };
            add_field(&mut s, &mut rng, Field { ty, ..field });
            "unknown type name `Nowhere`"
        }
        "duplicate type" => {
            let index = 1 + rng.below(s.items.len().saturating_sub(1));
            if let Some(mut copy) = s.items.get(index.min(s.items.len() - 1)).cloned() {
                copy.place = place;
                s.items.push(copy);
            }
            "duplicate type name"
        }
        "snake_case clash" => {
            s.items.push(new_struct("HtmlMutant", ""));
            s.items.push(new_struct("HTMLMutant", ""));
            "generate the same method names"
        }
        "reserved name" => {
            let name = rng.pick(&crate::validate::RESERVED_NAMES).copied().unwrap_or("NodeId");
            s.items.push(new_struct(name, "pub x: u32"));
            "is reserved"
        }
        "field node_id" | "field span" => {
            let name = if kind == "field node_id" { "node_id" } else { "span" };
            add_field(
                &mut s,
                &mut rng,
                Field { docs: Vec::new(), attrs: Vec::new(), name: name.into(), ty: Ty::Prim("u32") },
            );
            "which every node struct gets implicitly"
        }
        "infinite-size inline cycle" => {
            if rng.one_in(2) {
                let ty = if rng.one_in(2) { Ty::named(&some_struct) } else { Ty::named(&some_struct).option() };
                add_field_to(
                    &mut s,
                    &some_struct,
                    Field { docs: Vec::new(), attrs: Vec::new(), name: "myself".into(), ty },
                );
            } else {
                s.items.push(new_struct("CycleA", "pub b: Option<CycleB>"));
                s.items.push(new_struct("CycleB", "pub a: CycleA"));
            }
            "has infinite size"
        }
        "node enum variant holding a value" => {
            let payload = rng.pick(&["u32", "bool", "f64", "String"]).copied().unwrap_or("u32");
            s.items
                .push(verbatim(format!("#[ast]\npub enum MutantEnum {{ A(Box<{some_struct}>), Value({payload}) }}")));
            "not a node"
        }
        "fieldless variant in a node enum" => {
            s.items.push(verbatim(format!("#[ast]\npub enum MutantEnum {{ A(Box<{some_struct}>), Nothing }}")));
            "holds nothing, but"
        }
        "empty enum" => {
            s.items.push(verbatim("#[ast]\npub enum MutantEnum {}".into()));
            "has no variants"
        }
        "tuple struct" => {
            s.items.push(verbatim("#[ast]\npub struct MutantTuple(u32, String);".into()));
            "is a tuple struct"
        }
        "unit struct without external" => {
            s.items.push(verbatim("#[ast]\npub struct MutantUnit;".into()));
            "is a unit struct"
        }
        "Vec<Vec<child>>" => {
            let ty = Ty::named(&some_struct).vec().vec();
            let ty = if rng.one_in(2) { ty } else { Ty::Verbatim(format!("Option<Vec<Option<Box<{some_struct}>>>>")) };
            add_field(&mut s, &mut rng, Field { docs: Vec::new(), attrs: Vec::new(), name: "nested".into(), ty });
            "holds nodes in a shape"
        }
        "unsupported field type" => {
            let ty = rng
                .pick(&["(u32, u32)", "&'static str", "*const u8", "[u8; 4]", "()", "fn()", "dyn Fn()"])
                .copied()
                .unwrap_or("()");
            add_field(
                &mut s,
                &mut rng,
                Field { docs: Vec::new(), attrs: Vec::new(), name: "odd".into(), ty: Ty::Verbatim(ty.into()) },
            );
            "unsupported field type"
        }
        "bad #[layout]" => {
            let layout = rng
                .pick(&[
                    "#[layout(size64 = 4, align64 = 4, size32 = 4)]",
                    "#[layout(size64 = 4, align64 = 4, size32 = 4, align32 = 4, colour = 3)]",
                    "#[layout(size64 = \"four\", align64 = 4, size32 = 4, align32 = 4)]",
                    "#[layout(size64 = 4, align64 = 4, size32 = 4, align32 = -4)]",
                ])
                .copied()
                .unwrap_or("#[layout()]");
            s.items.push(verbatim(format!(
                "#[ast(external = \"::core::primitive::u32\")]\n{layout}\npub struct MutantExternal;"
            )));
            "layout"
        }
        "external without #[layout]" => {
            s.items.push(verbatim("#[ast(external = \"::core::primitive::u32\")]\npub struct MutantExternal;".into()));
            "has no declared layout"
        }
        "macro invocation item" => {
            s.items.push(verbatim("make_nodes!(Mutant);".into()));
            "a macro invocation among the schema's items"
        }
        "#[cfg] on a type" => {
            set_item_attr(&mut s, &mut rng, "#[cfg(test)]");
            "does not evaluate configurations"
        }
        "#[cfg] on a field" => {
            add_field(
                &mut s,
                &mut rng,
                Field {
                    docs: Vec::new(),
                    attrs: vec!["#[cfg(feature = \"x\")]".into()],
                    name: "conditional".into(),
                    ty: Ty::Prim("u32"),
                },
            );
            "does not evaluate configurations"
        }
        "non-pub type" => {
            let candidates: Vec<usize> = (0..s.items.len()).filter(|&i| s.items[i].ast).collect();
            if let Some(&i) = rng.pick(&candidates) {
                s.items[i].public = false;
            }
            "is not `pub`"
        }
        "#[path] module" => {
            s.lib_prelude.push("#[path = \"elsewhere.rs\"]".into());
            s.lib_prelude.push("mod moved;".into());
            "`#[path]` attribute"
        }
        "missing module file" => {
            s.lib_prelude.push("mod missing;".into());
            "not found"
        }
        "syntax error" => {
            let text = rng
                .pick(&[
                    "@",
                    "pub struct Broken { pub x: u32,, }",
                    "#[ast]\npub struct Broken { pub x: Vec<u32 }",
                    "pub enum { A }",
                    "fn (",
                    "#[ast]\npub struct Broken { pub x: u32",
                ])
                .copied()
                .unwrap_or("@");
            let item = verbatim(text.into());
            let at = rng.below(s.items.len() + 1);
            s.items.insert(at, item);
            "schema file is not valid Rust"
        }
        "no node struct" => {
            s.items.retain(|i| match &i.body {
                Body::Enum { variants, .. } => variants.iter().all(|v| v.payload.is_none()),
                _ => false,
            });
            "declares no node struct"
        }
        "generic node type" => {
            s.items.push(verbatim("#[ast]\npub struct MutantGeneric<T> { pub x: Vec<T> }".into()));
            "is generic"
        }
        "explicit discriminant" => {
            s.items.push(verbatim("#[ast]\npub enum MutantValue { A = 1, B }".into()));
            "explicit discriminant"
        }
        "variant with two fields" => {
            s.items.push(verbatim(format!(
                "#[ast]\npub enum MutantEnum {{ Pair(Box<{some_struct}>, Box<{some_struct}>) }}"
            )));
            "holds exactly one node"
        }
        "variant with named fields" => {
            s.items.push(verbatim(format!("#[ast]\npub enum MutantEnum {{ Named {{ x: Box<{some_struct}> }} }}")));
            "has named fields"
        }
        "union" => {
            s.items.push(verbatim("#[ast]\npub union MutantUnion { a: u32, b: f32 }".into()));
            "cannot be used on union"
        }
        "node struct under two variants" => {
            s.items
                .push(verbatim(format!("#[ast]\npub enum MutantEnum {{ A(Box<{some_struct}>), B({some_struct}) }}")));
            "is reachable through both"
        }
        "generic arguments on a node type" => {
            add_field(
                &mut s,
                &mut rng,
                Field {
                    docs: Vec::new(),
                    attrs: Vec::new(),
                    name: "generic".into(),
                    ty: Ty::Verbatim(format!("{some_struct}<u32>")),
                },
            );
            "with generic arguments"
        }
        "Option without an argument" => {
            let ty = rng.pick(&["Option", "Vec", "Box", "Option<u32, u32>"]).copied().unwrap_or("Option");
            add_field(
                &mut s,
                &mut rng,
                Field { docs: Vec::new(), attrs: Vec::new(), name: "bare".into(), ty: Ty::Verbatim(ty.into()) },
            );
            "type argument"
        }
        "external path that is not a path" => {
            s.items.push(verbatim(
                "#[ast(external = \"std::num::\")]\n#[layout(size64 = 4, align64 = 4, size32 = 4, align32 = 4)]\npub struct MutantExternal;".into(),
            ));
            "is not a Rust path"
        }
        "unknown #[ast] argument" => {
            s.items.push(verbatim("#[ast(colour = \"red\")]\npub struct MutantArg { pub x: u32 }".into()));
            "unknown #[ast] argument"
        }
        _ => {
            // "JSON key every node has": a field named like a key every node writes (its tag or span), without a
            // rename.
            let key = rng.pick(s.node_keys).copied().unwrap_or("start");
            let name = if key == "type" { "r#type" } else { key };
            add_field(
                &mut s,
                &mut rng,
                Field { docs: Vec::new(), attrs: Vec::new(), name: name.into(), ty: Ty::Prim("u32") },
            );
            "already writes (its tag or span)"
        }
    };
    Mutant { kind, expected, schema: s }
}

/// Adds `field` to a random node struct of `s` (after a random existing field).
fn add_field(s: &mut RandomSchema, rng: &mut Rng, field: Field) {
    let structs: Vec<String> = s
        .items
        .iter()
        .filter_map(|i| match &i.body {
            Body::Struct { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect();
    let target = rng.pick(&structs).cloned().unwrap_or_else(|| s.root.clone());
    add_field_to(s, &target, field);
}

/// Adds `field` to the node struct named `target`, replacing a field of the same name.
fn add_field_to(s: &mut RandomSchema, target: &str, field: Field) {
    for item in &mut s.items {
        if let Body::Struct { name, fields } = &mut item.body
            && name == target
        {
            let unraw = field.name.trim_start_matches("r#");
            fields.retain(|f| f.name.trim_start_matches("r#") != unraw);
            let at = fields.len() / 2;
            fields.insert(at, field);
            return;
        }
    }
}

/// Adds the attribute `attr` to a random `#[ast]` item.
fn set_item_attr(s: &mut RandomSchema, rng: &mut Rng, attr: &str) {
    let candidates: Vec<usize> = (0..s.items.len()).filter(|&i| s.items[i].ast).collect();
    if let Some(&i) = rng.pick(&candidates) {
        s.items[i].attrs.push(attr.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(schema: &RandomSchema) -> crate::model::Schema {
        let files: Vec<crate::load::SourceFile> = schema
            .files()
            .into_iter()
            .map(|(path, text)| crate::load::SourceFile {
                path: path.into(),
                syntax: syn::parse_file(&text).unwrap_or_else(|e| panic!("seed {}: {e}\n{text}", schema.seed)),
                text,
            })
            .collect();
        crate::parse::parse_schema(&files).unwrap_or_else(|d| panic!("seed {}: {d}", schema.seed))
    }

    #[test]
    fn the_same_seed_gives_the_same_schema() {
        for seed in 0..20 {
            assert_eq!(schema(seed).files(), schema(seed).files());
        }
        assert_ne!(schema(1).files(), schema(2).files());
    }

    #[test]
    fn random_schemas_are_valid_and_their_root_comes_first() {
        for seed in 0..300 {
            let random = schema(seed);
            let parsed = parse(&random);
            crate::validate::validate(&parsed).unwrap_or_else(|d| panic!("seed {seed}: {d}"));
            crate::prepare::prepare(&parsed).unwrap_or_else(|d| panic!("seed {seed}: {d}"));
            assert_eq!(parsed.root().map(|r| r.name.as_str()), Some(random.root.as_str()), "seed {seed}");
        }
    }

    /// The shapes behind [`VALUE_SHAPES`].
    const GATED: [&str; 9] = [
        "Vec<String>",
        "Vec<u8>",
        "Vec<primitive>",
        "Vec<value enum>",
        "Option<Vec<String>>",
        "Vec<Option<String>>",
        "value enum with values",
        "Option<value enum with values>",
        "Vec<value enum>",
    ];

    #[test]
    fn value_shapes_are_made_only_when_switched_on() {
        let on = Config { value_shapes: true, ..Config::default() };
        let off = Config { value_shapes: false, ..Config::default() };
        let used_on: BTreeSet<&str> = (0..300).flat_map(|seed| schema_with(seed, on).shapes).collect();
        let used_off: BTreeSet<&str> = (0..300).flat_map(|seed| schema_with(seed, off).shapes).collect();
        for shape in GATED {
            assert!(used_on.contains(shape), "switched on, no random schema uses {shape}");
            assert!(!used_off.contains(shape), "switched off, a random schema uses {shape}");
        }
        for seed in 0..50 {
            for (path, text) in schema_with(seed, on).files() {
                syn::parse_file(&text).unwrap_or_else(|e| panic!("seed {seed}, {path}: {e}\n{text}"));
            }
        }
    }

    #[test]
    fn every_mutation_changes_the_schema() {
        for seed in 0..MUTATIONS.len() as u64 * 3 {
            let valid = schema(seed);
            let mutant = mutate(&valid, seed);
            assert_eq!(mutant.kind, MUTATIONS[(seed % MUTATIONS.len() as u64) as usize]);
            assert_ne!(mutant.schema.files(), valid.files(), "seed {seed}: `{}` changed nothing", mutant.kind);
        }
    }

    #[test]
    fn every_shape_and_kind_of_name_is_used() {
        let used: BTreeSet<&str> = (0..300).flat_map(|seed| schema(seed).shapes).collect();
        for shape in [
            "primitive",
            "String",
            "inline child",
            "Box<child>",
            "Option<child>",
            "Option<Box<child>>",
            "Vec<child>",
            "Vec<Option<child>>",
            "Option<Vec<child>>",
            "Option<String>",
            "Option<primitive>",
            "Option<Option<primitive>>",
            "value enum",
            "Option<value enum>",
            "external",
            "Option<external>",
            "nested node enum variant",
            "inline struct variant",
            "boxed struct variant",
            "keyword type name",
            "prelude or runtime type name",
            "unicode type name",
            "long type name",
            "raw type reference",
            "raw field name",
            "unicode field name",
            "json rename",
            "untagged node enum",
            "module",
        ] {
            assert!(used.contains(shape), "no random schema uses {shape}: {used:?}");
        }
    }
}
