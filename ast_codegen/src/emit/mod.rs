//! Emitters: one module per generated file.

pub mod flat;
pub mod flat_fields;
