//! Emitters: one module per generated file.

pub mod estree;
