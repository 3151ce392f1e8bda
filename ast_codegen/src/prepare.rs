//! Phase 4, prepare: the facts every output reads, derived once from the validated schema.
//!
//! Outputs never derive a schema fact themselves: they read the [`Model`]. Everything derived here that a schema
//! can get wrong (a field with no flat encoding, more node structs than `NodeKind` can number, an impossible
//! layout) is a diagnostic at the schema's location, so no output needs a fallback. Then every output in the
//! registry prepares its own attributes ([`crate::emit::Output::prepare`]), before any output emits.

use indexmap::IndexMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::flat_fields::{self, FlatField};
use crate::layout::{self, Layouts};
use crate::model::{Schema, StructDef};

/// How many node structs `NodeKind` can number: its tag is one byte up to 256 of them, two bytes past that.
pub const MAX_NODE_STRUCTS: usize = 1 << 16;

/// The validated schema and what is derived from it: what every output reads.
pub struct Model<'s> {
    /// The validated schema.
    pub schema: &'s Schema,
    /// The root node struct: the first struct declared.
    pub root: &'s StructDef,
    /// Every type's layout and every struct's memory order.
    pub layouts: Layouts,
    /// Each node struct's fields as the flat encoding stores them, by struct name, in declaration order.
    flat: IndexMap<&'s str, Vec<FlatField<'s>>>,
}

impl<'s> Model<'s> {
    /// The fields of node struct `def` as the flat encoding stores them, in schema order.
    pub fn flat_fields(&self, def: &StructDef) -> &[FlatField<'s>] {
        self.flat.get(def.name.as_str()).map_or(&[], Vec::as_slice)
    }

    /// Every node struct with its flat fields, in declaration order.
    pub fn structs_with_flat_fields(&self) -> impl Iterator<Item = (&'s StructDef, &[FlatField<'s>])> + '_ {
        self.schema.structs().map(|s| (s, self.flat_fields(s)))
    }
}

/// Derives the [`Model`] of a validated schema, or every diagnostic found on the way.
pub fn prepare(schema: &Schema) -> Result<Model<'_>, Diagnostics> {
    let mut errors = Vec::new();
    let Some(root) = schema.root() else {
        return Err(Diagnostics(vec![Diagnostic::new(
            schema.location.clone(),
            "the schema declares no node struct",
            "declare the root node first, e.g. `#[ast] pub struct Program { pub body: Vec<Statement> }`",
        )]));
    };
    if let Some(first_over) = schema.structs().nth(MAX_NODE_STRUCTS) {
        errors.push(Diagnostic::new(
            first_over.location.clone(),
            format!(
                "the schema declares {} node structs; `NodeKind` numbers at most {MAX_NODE_STRUCTS}",
                schema.structs().count()
            ),
            "merge node structs that differ only in a value into one struct with a value-enum field",
        ));
    }
    let mut flat = IndexMap::new();
    for s in schema.structs() {
        match flat_fields::flat_fields(schema, s) {
            Ok(fields) => drop(flat.insert(s.name.as_str(), fields)),
            Err(diagnostic) => errors.push(diagnostic),
        }
    }
    let layouts = match layout::compute(schema) {
        Ok(layouts) => Some(layouts),
        Err(diagnostics) => {
            errors.extend(diagnostics.0);
            None
        }
    };
    match layouts {
        Some(layouts) if errors.is_empty() => Ok(Model { schema, root, layouts, flat }),
        _ => Err(Diagnostics(errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, StructDef, TypeDef};

    #[test]
    fn more_node_structs_than_node_kind_numbers_is_a_diagnostic() {
        let mut schema = Schema::default();
        for i in 0..=MAX_NODE_STRUCTS {
            schema.types.push(TypeDef::Struct(StructDef {
                name: format!("S{i}"),
                docs: Vec::new(),
                fields: Vec::new(),
                attrs: Vec::new(),
                location: Location::file_start("lib.rs"),
            }));
        }
        let Err(diagnostics) = prepare(&schema) else { panic!("65,537 node structs were accepted") };
        assert!(diagnostics.0[0].message.contains("declares 65537 node structs"), "{:?}", diagnostics.0[0]);
    }
}
