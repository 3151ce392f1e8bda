//! Runnable examples on the generated ES5 AST: a builder demo and a complete ES5 parser.

pub mod demo;
pub mod parser;
