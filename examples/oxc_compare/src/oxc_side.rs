//! The oxc side: `oxc_parser` into an `oxc_allocator` arena, and a full `oxc_ast_visit::Visit`.

use oxc_allocator::Allocator;
use oxc_ast::AstKind;
use oxc_ast::ast::Program;
use oxc_ast_visit::Visit;
use oxc_parser::{ParseOptions, Parser};
use oxc_span::SourceType;

/// Why oxc rejected a file: its first diagnostic, or that it gave up.
#[derive(Debug)]
pub struct OxcError(pub String);

impl std::fmt::Display for OxcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "oxc_parser rejected the file: {}", self.0)
    }
}

impl std::error::Error for OxcError {}

/// Parser options used for every oxc parse: a classic script (these are ES5 files, not modules) and no
/// `ParenthesizedExpression` nodes, so oxc builds the same shape of tree as ESTree, which has none.
/// (oxc's default keeps them; dropping them makes oxc's tree smaller and its parse no slower, so the
/// comparison is, if anything, stricter on our side.)
pub fn options() -> ParseOptions {
    ParseOptions { preserve_parens: false, ..ParseOptions::default() }
}

/// Parses `source` into `allocator`, failing on any diagnostic (the inputs are valid ES5).
pub fn parse<'a>(allocator: &'a Allocator, source: &'a str) -> Result<Program<'a>, OxcError> {
    let ret = Parser::new(allocator, source, SourceType::script()).with_options(options()).parse();
    if ret.panicked || !ret.diagnostics.is_empty() {
        let first = ret.diagnostics.first().map_or_else(|| "parser panicked".to_owned(), ToString::to_string);
        return Err(OxcError(first));
    }
    Ok(ret.program)
}

/// A visitor that walks the whole program through oxc's default `walk_*` functions, counting every node it
/// enters and summing their kinds (the same work our counters do), so its count is oxc's node count.
#[derive(Default)]
pub struct NodeCounter {
    /// Nodes entered so far.
    pub nodes: usize,
    /// Wrapping sum of the entered nodes' type tags: per-node work that cannot be folded into the count.
    pub kind_sum: usize,
}

impl<'a> Visit<'a> for NodeCounter {
    #[inline]
    fn enter_node(&mut self, kind: AstKind<'a>) {
        self.nodes += 1;
        self.kind_sum = self.kind_sum.wrapping_add(kind.ty() as usize);
    }
}

/// A full `Visit` over `program`; returns the number of nodes entered.
pub fn visit_count(program: &Program<'_>) -> usize {
    let mut counter = NodeCounter::default();
    counter.visit_program(program);
    std::hint::black_box(counter.kind_sum);
    counter.nodes
}

/// Bytes of `allocator`'s arena handed out so far, padding included (oxc's own `used_bytes`). The source text
/// is not in it: oxc borrows identifiers and strings from the source where it can.
pub fn arena_used_bytes(allocator: &Allocator) -> usize {
    allocator.used_bytes()
}

/// Bytes of memory the arena has reserved from the system (its chunks), at least [`arena_used_bytes`].
pub fn arena_capacity_bytes(allocator: &Allocator) -> usize {
    allocator.capacity()
}
