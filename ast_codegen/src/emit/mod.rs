//! Emitters: one module per generated file.

pub mod flat;
pub mod flat_fields;
pub mod visit;
pub mod random;
