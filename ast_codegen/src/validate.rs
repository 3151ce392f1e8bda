//! Phase 3, validate: checks that need the whole schema. Every error found is reported, each with its location
//! and a fix. Facts that outputs read (the flat encoding of each field, layouts, the outputs' own attributes) are
//! checked where they are derived, in [`crate::prepare`].

use std::collections::{BTreeMap, HashSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{
    Location, Schema, TypeDef, TypeRef, TypeShape, snake_case, struct_constructor_names, variant_constructor_name,
    variant_handle_names,
};

/// Names the generated crate defines or re-exports at its root; a schema type with one of these names would
/// collide with it there. `tests/reserved_names.rs` checks that every public type of a re-exported output is listed.
pub const RESERVED_NAMES: [&str; 28] = [
    "NodeId",
    "OptionalNodeId",
    "Span",
    "LineIndex",
    "Utf16Offsets",
    "GetNodeId",
    "GetSpan",
    "NodeIdVec",
    "NodeKind",
    "AstKind",
    "AstNodeBuilder",
    "AstBuild",
    "BuildCopy",
    "BuilderCore",
    "Checkpoint",
    "ListItem",
    "Renumber",
    "Node",
    "NodeData",
    "FlatAst",
    "Visit",
    "VisitMut",
    "FlatVisit",
    "HeapSize",
    "ParentField",
    "ParentTable",
    "ParentTableError",
    "WalkControl",
];

/// Names a schema's field types read as Rust's own types (`Box<T>`, `Vec<T>`, `Option<T>`, `String`; primitives
/// too): a schema type of that name could never be referred to.
pub const SCHEMA_SYNTAX_NAMES: [&str; 4] = ["Box", "Vec", "Option", "String"];

/// Checks the schema; `Ok` means every later phase can rely on names resolving and sizes being finite.
pub fn validate(schema: &Schema) -> Result<(), Diagnostics> {
    let mut errors = Vec::new();
    if schema.structs().next().is_none() {
        errors.push(Diagnostic::new(
            schema.location.clone(),
            "the schema declares no node struct",
            "declare the root node first, e.g. `#[ast] pub struct Program { pub body: Vec<Statement> }`",
        ));
    }
    check_names(schema, &mut errors);
    check_field_names(schema, &mut errors);
    check_references(schema, &mut errors);
    check_builder_methods(schema, &mut errors);
    check_enum_payloads(schema, &mut errors);
    if errors.is_empty() {
        // Cycle detection walks references; only run it once they all resolve.
        check_finite_size(schema, &mut errors);
    }
    if errors.is_empty() { Ok(()) } else { Err(Diagnostics(errors)) }
}

fn check_names(schema: &Schema, errors: &mut Vec<Diagnostic>) {
    let mut first_seen: BTreeMap<&str, &Location> = BTreeMap::new();
    // Per-type methods and fields are named by the snake_case of the type name (`visit_foo_bar`, `overflow.foo_bar`),
    // so two names with the same snake_case would generate the same identifier.
    let mut by_snake_case: BTreeMap<String, (&str, &Location)> = BTreeMap::new();
    for def in &schema.types {
        let snake = snake_case(def.name());
        match by_snake_case.get(&snake) {
            Some((other, location)) if *other != def.name() => errors.push(Diagnostic::new(
                def.location().clone(),
                format!(
                    "type names `{other}` (at {location}) and `{}` generate the same method names (`visit_{snake}`, ...)",
                    def.name()
                ),
                "rename one of the two types so that their snake_case differs",
            )),
            Some(_) => {}
            None => drop(by_snake_case.insert(snake, (def.name(), def.location()))),
        }
    }
    for def in &schema.types {
        let name = def.name();
        if SCHEMA_SYNTAX_NAMES.contains(&name) || crate::model::Primitive::from_name(name).is_some() {
            errors.push(Diagnostic::new(
                def.location().clone(),
                format!(
                    "type name `{name}` is Rust's own type in a schema: a field of type `{name}` means the standard \
                     one, so this type could not be used"
                ),
                format!("rename the type, e.g. `{name}Node`"),
            ));
        }
        if RESERVED_NAMES.contains(&name) {
            errors.push(Diagnostic::new(
                def.location().clone(),
                format!("type name `{name}` is reserved: the generated crate defines it"),
                "rename the type",
            ));
        }
        if let Some(first) = first_seen.get(name) {
            errors.push(Diagnostic::new(
                def.location().clone(),
                format!("duplicate type name `{name}`; first declared at {first}"),
                "rename or remove one of the two declarations",
            ));
        } else {
            first_seen.insert(name, def.location());
        }
    }
}

/// `AstNodeBuilder`'s own methods, which no constructor may be named like.
pub const BUILDER_METHODS: [&str; 4] = ["new", "node_count", "next_node_id", "renumber"];

/// The methods of the `AstBuild` interface and its runtime half `BuilderCore` that no constructor may be named like
/// (a constructor of that name would be ambiguous, or a second definition).
pub const INTERFACE_METHODS: [&str; 4] = ["finish", "list_from", "checkpoint", "rewind"];

/// Every method of `AstNodeBuilder` and of the `AstBuild` interface must have a name of its own and one Rust can
/// spell: a struct `S` gets `s` and `boxed_s`, a variant `V` of a node enum `E` gets `e_from_v`, `e_into_v` and
/// `e_is_v`, and `e_v` when it holds a struct.
/// Field names must be snake_case as rustc's `non_snake_case` lint reads it (leading and trailing underscores
/// allowed, no upper-case letter, no `__` inside): the generated structs, views and locals are named after them, and
/// generated code compiles without a warning.
///
/// Two fields may not differ only by leading underscores (`body`, `_body`): constructors take one parameter per
/// field, and clippy refuses parameters so named (`duplicate_underscore_argument`).
fn check_field_names(schema: &Schema, errors: &mut Vec<Diagnostic>) {
    for def in schema.structs() {
        let mut trimmed: BTreeMap<&str, &str> = BTreeMap::new();
        for field in &def.fields {
            if let Some(other) = trimmed.insert(field.name.trim_start_matches('_'), &field.name) {
                errors.push(Diagnostic::new(
                    field.location.clone(),
                    format!("fields `{}.{other}` and `{}` differ only by leading underscores", def.name, field.name),
                    "rename one of them: the constructors take both as parameters, which clippy refuses",
                ));
            }
        }
        for field in def.fields.iter().filter(|f| !is_snake_case(&f.name)) {
            errors.push(Diagnostic::new(
                field.location.clone(),
                format!("field `{}.{}` is not snake_case", def.name, field.name),
                format!(
                    "rename it to `{}`; an external name (JSON) can stay as it is with `#[json(rename = \"{}\")]`",
                    snake_case(&field.name).replace("__", "_"),
                    field.name
                ),
            ));
        }
    }
}

/// rustc's test for snake_case: after trimming leading and trailing underscores, no upper-case letter and no two
/// underscores in a row.
fn is_snake_case(name: &str) -> bool {
    let inner = name.trim_matches('_');
    !inner.contains("__") && !inner.chars().any(char::is_uppercase)
}

fn check_builder_methods(schema: &Schema, errors: &mut Vec<Diagnostic>) {
    let mut taken: BTreeMap<String, String> = BUILDER_METHODS
        .iter()
        .map(|m| (m.to_string(), "`AstNodeBuilder` itself".to_string()))
        .chain(INTERFACE_METHODS.iter().map(|m| (m.to_string(), "the `AstBuild` interface itself".to_string())))
        .collect();
    let mut claim = |method: String, owner: String, location: &Location, errors: &mut Vec<Diagnostic>| {
        if matches!(method.as_str(), "crate" | "self" | "super" | "Self") {
            errors.push(Diagnostic::new(
                location.clone(),
                format!(
                    "{owner} would get the builder method `{method}`, a name Rust cannot spell even as `r#{method}`"
                ),
                "rename it",
            ));
        } else if let Some(other) = taken.get(&method) {
            errors.push(Diagnostic::new(
                location.clone(),
                format!("{owner} would get the builder method `{method}`, which {other} has"),
                "rename one of the two",
            ));
        } else {
            taken.insert(method, owner);
        }
    };
    for s in schema.structs() {
        for method in struct_constructor_names(&s.name) {
            claim(method, format!("struct `{}`", s.name), &s.location, errors);
        }
    }
    for e in schema.node_enums() {
        for v in &e.variants {
            let owner = || format!("variant `{}::{}`", e.name, v.name);
            if schema.variant_struct(v).is_some() {
                claim(variant_constructor_name(&e.name, &v.name), owner(), &v.location, errors);
            }
            for method in variant_handle_names(&e.name, &v.name) {
                claim(method, owner(), &v.location, errors);
            }
        }
    }
}

/// Every field and payload type of the schema, with where it is written.
fn all_type_refs(schema: &Schema) -> Vec<(&TypeRef, &Location)> {
    let mut refs = Vec::new();
    for def in &schema.types {
        match def {
            TypeDef::Struct(s) => refs.extend(s.fields.iter().map(|f| (&f.ty, &f.location))),
            TypeDef::Enum(e) => {
                refs.extend(e.variants.iter().filter_map(|v| v.payload.as_ref().map(|p| (p, &v.location))))
            }
            TypeDef::External(_) => {}
        }
    }
    refs
}

fn check_references(schema: &Schema, errors: &mut Vec<Diagnostic>) {
    for (ty, location) in all_type_refs(schema) {
        let Some(name) = ty.innermost_name() else { continue };
        if schema.by_name(name).is_some() {
            continue;
        }
        let help = match closest_name(schema, name) {
            Some(close) => format!("did you mean `{close}`? Otherwise declare `#[ast] pub struct {name} {{ .. }}`"),
            None => format!(
                "declare it in the schema with `#[ast]`, or, for a type from another crate, declare \
                 `#[ast(external = \"path::{name}\")] #[layout(..)] pub struct {name};`"
            ),
        };
        errors.push(Diagnostic::new(location.clone(), format!("unknown type name `{name}` in `{ty}`"), help));
    }
}

/// The declared name nearest to `name` (by edit distance), if one is near enough to be a likely typo.
fn closest_name<'a>(schema: &'a Schema, name: &str) -> Option<&'a str> {
    schema
        .types
        .iter()
        .map(|t| (edit_distance(t.name(), name), t.name()))
        .filter(|(d, candidate)| *d <= 2.max(candidate.len() / 4))
        .min()
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// An enum holds nodes or values, never both. A node enum's variants must each hold a node, and no node struct may
/// be reachable through two variants: the flat encoding reads the variant back from the child's kind, so it must
/// be unambiguous. A value enum's payloads must hold no node at any depth: values are copied, nodes are numbered.
fn check_enum_payloads(schema: &Schema, errors: &mut Vec<Diagnostic>) {
    for e in schema.value_enums() {
        for v in &e.variants {
            let Some(payload) = &v.payload else { continue };
            if schema.shape(payload).contains_node() {
                errors.push(Diagnostic::new(
                    v.location.clone(),
                    format!("variant `{}::{}` of value enum `{}` holds nodes (`{payload}`)", e.name, v.name, e.name),
                    "a value enum holds values only (primitives, `String`, value enums, external types, and \
                     `Option`/`Vec`/`Box` of those); hold the nodes in a field of a node struct instead",
                ));
            }
        }
    }
    for e in schema.node_enums() {
        let mut owner: BTreeMap<String, &str> = BTreeMap::new();
        let node_variant = e.variants.iter().find(|v| v.payload.as_ref().is_some_and(|p| schema.shape(p).is_node()));
        let node_variant = node_variant.map_or("", |v| v.name.as_str());
        for v in &e.variants {
            let Some(payload) = &v.payload else {
                errors.push(Diagnostic::new(
                    v.location.clone(),
                    format!(
                        "variant `{}::{}` holds nothing, but `{}::{node_variant}` holds a node: an enum holds \
                         either one node per variant or values only",
                        e.name, v.name, e.name
                    ),
                    format!(
                        "give it a node (`{}(Box<{}Node>)`), or move the node variants to an enum of their own",
                        v.name, v.name
                    ),
                ));
                continue;
            };
            let shape = schema.shape(payload);
            if matches!(shape.strip_box(), TypeShape::Unknown(_)) {
                continue; // reported as an unknown name
            }
            let node_structs = match shape.strip_box() {
                TypeShape::Struct(name) => vec![name.clone()],
                TypeShape::NodeEnum(name) => match schema.by_name(name) {
                    Some(TypeDef::Enum(inner)) => schema.enum_node_structs(inner),
                    _ => vec![],
                },
                _ => {
                    errors.push(Diagnostic::new(
                        v.location.clone(),
                        format!(
                            "variant `{}::{}` holds `{payload}`, which is not a node, but `{}::{node_variant}` holds \
                             a node: an enum holds either one node per variant or values only",
                            e.name, v.name, e.name
                        ),
                        "a variant of a node enum holds one node: `Box<NodeStruct>`, `NodeStruct` or another node \
                         enum; wrap the value in a node struct, or move the node variants to an enum of their own",
                    ));
                    continue;
                }
            };
            for s in node_structs {
                if let Some(other) = owner.insert(s.clone(), &v.name) {
                    errors.push(Diagnostic::new(
                        v.location.clone(),
                        format!(
                            "node `{s}` is reachable through both `{}::{other}` and `{}::{}`",
                            e.name, e.name, v.name
                        ),
                        "each node struct may appear under one variant only, so the variant can be told from the \
                         node's kind; remove one of them",
                    ));
                }
            }
        }
    }
}

/// A type that contains itself without indirection has infinite size. `Box` and `Vec` are indirections;
/// `Option` is not.
fn check_finite_size(schema: &Schema, errors: &mut Vec<Diagnostic>) {
    let mut reported: HashSet<Vec<String>> = HashSet::new();
    for def in &schema.types {
        let mut path = vec![def.name().to_string()];
        let mut edges = Vec::new();
        if let Some((cycle, location)) =
            find_inline_cycle(schema, def.name(), def.name(), &mut path, &mut edges, &mut HashSet::new())
        {
            // Report each cycle once, whichever of its types it was found from.
            let mut key = cycle.clone();
            key.sort();
            key.dedup();
            if reported.insert(key) {
                errors.push(Diagnostic::new(
                    location,
                    format!("type `{}` has infinite size: {}", def.name(), cycle.join(" contains ")),
                    "break the cycle with an indirection: `Box<T>`, `Vec<T>` or `Option<Box<T>>`",
                ));
            }
        }
    }
}

/// Depth-first search along inline containment edges from `current` back to `target`. Returns the cycle's
/// type names and the location of its first edge (the field of `target` that starts it).
fn find_inline_cycle<'a>(
    schema: &'a Schema,
    target: &str,
    current: &str,
    path: &mut Vec<String>,
    edges: &mut Vec<&'a Location>,
    visited: &mut HashSet<String>,
) -> Option<(Vec<String>, Location)> {
    if !visited.insert(current.to_string()) {
        return None;
    }
    for (child, location) in inline_children(schema, current) {
        path.push(child.to_string());
        edges.push(location);
        if child == target {
            return Some((path.clone(), edges[0].clone()));
        }
        if let Some(found) = find_inline_cycle(schema, target, child, path, edges, visited) {
            return Some(found);
        }
        path.pop();
        edges.pop();
    }
    None
}

/// The schema types `name` holds inline (not behind `Box` or `Vec`), with where each is written.
fn inline_children<'a>(schema: &'a Schema, name: &str) -> Vec<(&'a str, &'a Location)> {
    fn inline_name(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(n) => Some(n),
            TypeRef::Option(inner) => inline_name(inner),
            _ => None,
        }
    }
    match schema.by_name(name) {
        Some(TypeDef::Struct(s)) => {
            s.fields.iter().filter_map(|f| inline_name(&f.ty).map(|n| (n, &f.location))).collect()
        }
        Some(TypeDef::Enum(e)) => e
            .variants
            .iter()
            .filter_map(|v| v.payload.as_ref().and_then(inline_name).map(|n| (n, &v.location)))
            .collect(),
        _ => Vec::new(),
    }
}
