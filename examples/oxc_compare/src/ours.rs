//! Our side: the ES5 parser (`examples::parser`) into the boxed `es5_ast` tree, the boxed -> flat conversion,
//! and full visits of both forms.

use std::time::Duration;

/// What of our side is measured; everything else prints as "not wired".
pub const WIRED: &[&str] = &[];

/// Our figures for one file; `None` where that piece is not wired in yet.
#[derive(Debug, Default)]
pub struct Figures {
    /// Nodes in the tree (the builder's count).
    pub nodes: Option<usize>,
    /// Heap bytes held by the boxed `Program`.
    pub boxed_bytes: Option<usize>,
    /// Heap bytes held by the flat form.
    pub flat_bytes: Option<usize>,
    /// Best parse time.
    pub parse: Option<Duration>,
    /// Best boxed -> flat conversion time.
    pub flatten: Option<Duration>,
    /// Best full visit of the boxed tree.
    pub visit_boxed: Option<Duration>,
    /// Best full visit of the flat form.
    pub visit_flat: Option<Duration>,
}

/// Error from our side (the parser rejecting a file).
pub type Error = Box<dyn std::error::Error>;

/// Measures our side on `source`, each timing best of `runs`.
pub fn measure(_source: &str, _runs: usize) -> Result<Figures, Error> {
    Ok(Figures::default())
}
