//! A small ES5 linter, written as a user of the generated `es5_ast` crate would write one, twice: over the boxed
//! tree with [`Visit`](es5_ast::Visit) ([`boxed`]) and over the flat tree with views and
//! [`FlatVisit`](es5_ast::FlatVisit) ([`flat`]). Both give the same findings (tested on real libraries).
//!
//! The rules:
//! - [`Rule::Eqeqeq`]: `==` and `!=`, which convert their operands; `===` and `!==` do not.
//! - [`Rule::UnusedVar`]: a `var` declared in a function and never referenced in it (nested functions included,
//!   since closures see it). Top-level `var`s are globals, which other scripts may use, so they are not reported.
//!   Shadowing is not modelled: a reference to the name anywhere in the function counts.
//! - [`Rule::DeepestFunction`]: where functions nest deepest in the file (the first function at that depth).
//!
//! What a lint needs from the tree is what the generated crate gives: which field of its parent a node is in
//! ([`ParentField`](es5_ast::ParentField)), to tell a declared name from a reference, a property name or a label;
//! line and column from a byte offset ([`LineIndex`]); enter and leave events to keep a stack of functions.

pub mod boxed;
pub mod flat;
mod rules;

use es5_ast::LineIndex;

/// One of the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// `==` / `!=`.
    Eqeqeq,
    /// A function's `var` that is never referenced.
    UnusedVar,
    /// The deepest nesting of functions.
    DeepestFunction,
}

impl Rule {
    /// The rule's name, as the command line prints it.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Eqeqeq => "eqeqeq",
            Rule::UnusedVar => "unused-var",
            Rule::DeepestFunction => "deepest-function",
        }
    }
}

/// What a rule found, and where: the byte offset where the node it is about starts.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Finding {
    /// The byte offset of the node the finding is about.
    pub offset: u32,
    /// The rule.
    pub rule: Rule,
    /// What is wrong, for a reader.
    pub message: String,
}

impl Finding {
    /// `path:line:column: rule: message`, with a 1-based line and a 1-based column in UTF-16 code units, as
    /// JavaScript tools count them.
    pub fn render(&self, path: &str, source: &str, lines: &LineIndex) -> String {
        let (line, column) = lines.line_col_utf16(source, self.offset);
        format!("{path}:{line}:{}: {}: {}", column + 1, self.rule.name(), self.message)
    }
}

/// The message of an [`Rule::Eqeqeq`] finding.
fn eqeqeq_message(strict: &str, loose: &str) -> String {
    format!("use `{strict}` instead of `{loose}`: `{loose}` converts its operands")
}

/// The message of an [`Rule::UnusedVar`] finding.
fn unused_var_message(name: &str) -> String {
    format!("`{name}` is declared with `var` and never referenced in its function")
}

/// The message of the [`Rule::DeepestFunction`] finding.
fn deepest_function_message(depth: usize) -> String {
    format!("functions nest {depth} deep here, the deepest in this file")
}
