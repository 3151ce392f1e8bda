//! A complete ES5 (ECMAScript 5.1, script goal) parser on the generated `es5_ast` tree, and a small program built by
//! hand with the builder ([`demo`]).
//!
//! It accepts what acorn 8 accepts with `{ ecmaVersion: 5 }` and builds the same tree (ESTree node for node, with
//! acorn's spans); the tree is built only through `es5_ast::AstNodeBuilder` and renumbered to preorder. Spans are
//! byte offsets into the UTF-8 source.
//!
//! What it checks, as acorn does: automatic semicolon insertion with the restricted productions (`return`,
//! `break`, `continue`, `throw`, postfix `++`/`--`), regular expression versus division (guessed by the tokenizer
//! from acorn's token contexts; where the guess was division but an expression starts, a `/` is re-read as a
//! regular expression and a `/=` is an error, exactly as in acorn), the regular
//! expression pattern grammar of Annex B and the `g`/`i`/`m` flags, ES5 reserved words, labels and
//! `break`/`continue` targets, `return` outside functions, getter/setter arity, property clashes, and strict mode
//! (detected from the directive prologue before it is tokenized, as acorn does): `with`, legacy octal literals and
//! escapes, `\8`/`\9`, `delete identifier`, duplicate parameters, binding or assigning `eval`/`arguments`, the
//! strict reserved words, duplicate data properties and redeclared block-level functions.
//!
//! Known divergences from acorn (checked against acorn 8.19 on the fixtures, 1255 files found on this
//! machine and 120 000 mutated inputs, errors compared by message and position):
//! - a `\u` escape for an unpaired surrogate becomes U+FFFD (a Rust `String` cannot hold it; acorn keeps it);
//! - identifier characters are Unicode `XID_Start`/`XID_Continue` (crate `unicode-ident`) where acorn uses its
//!   own `ID_Start`/`ID_Continue` tables: they differ in a few compatibility characters and possibly in the Unicode
//!   version;
//! - input nested deeper than [`MAX_DEPTH`] is rejected ([`TOO_DEEP`]), and a chain of operators, member accesses
//!   or calls longer than about [`MAX_HEIGHT`] ([`TOO_TALL`]); acorn accepts them until its own stack runs out
//!   (after about 4,300 links of a binary chain, never for member and call chains, which it parses in a loop);
//! - [`SyntaxError::column`] is 1-based (acorn's is 0-based); both count UTF-16 code units;
//! - a control character that a message quotes from the source (`Unexpected character '\u0000'`, the pattern of an
//!   invalid regular expression) is written as a `\uXXXX` escape; acorn quotes it raw.
//!
//! ```
//! let program = es5_parser::parse("var answer = 6 * 7;").unwrap();
//! assert_eq!(program.body.len(), 1);
//! let err = es5_parser::parse("var 1;").unwrap_err();
//! assert_eq!(err.to_string(), "1:5: Unexpected token");
//! ```

pub mod demo;
mod error;
mod lexer;
mod name_set;
mod number;
mod parser;
mod regexp;
mod scan;
mod scope;
mod strict;

pub use error::SyntaxError;
pub use number::js_number_to_string;
pub use parser::{MAX_DEPTH, MAX_HEIGHT, SHORT_TREE_HEIGHT, TOO_DEEP, TOO_TALL};

/// Stack the parser may use on the caller's thread. Deeper input (rare: a few hundred levels of nesting, or a tree
/// taller than [`SHORT_TREE_HEIGHT`]) is parsed again on a thread of its own with [`BIG_STACK`].
const CALLER_STACK_BUDGET: usize = 256 * 1024;

/// The stack of the thread used for deep input. Only address space is reserved; the pages used are the ones
/// touched.
const BIG_STACK: usize = 256 * 1024 * 1024;

/// What the parser's recursion may use of [`BIG_STACK`]: enough for [`MAX_DEPTH`] levels of the most stack-hungry
/// nesting (nested functions) even in a debug build (about 20 KiB a level). The rest is for dropping a partly
/// built tree up to [`MAX_HEIGHT`] levels tall when a syntax error ends the parse: `Drop` recurses once per level
/// and takes up to 129 bytes a level in a debug build (`examples/deep_chains.rs`), 129 MB for [`MAX_HEIGHT`].
const BIG_STACK_PARSER_BUDGET: usize = 64 * 1024 * 1024;

/// Parses `source` as an ES5 script and returns the tree, numbered in preorder.
///
/// Recursion is bounded twice: input nested deeper than [`MAX_DEPTH`] is a syntax error ([`TOO_DEEP`]), and the
/// parser never uses more than 256 KiB of the caller's stack; input that needs more, or whose tree is taller than
/// [`SHORT_TREE_HEIGHT`], is parsed on a thread with a large stack instead (same result).
///
/// A left-associative chain is not nesting: `a + a + … + a` (or `||`, `.a`, `[a]`, `(a)`) with n terms parses
/// whatever n is, up to [`MAX_HEIGHT`] levels ([`TOO_TALL`] beyond), and gives a tree n − 1 levels deep. The parser
/// never recurses over it, nor do `FlatAst::from_boxed`, `to_boxed`, `walk_flat` and
/// `es5_ast::flat::drop_iteratively`; but the boxed tree's own `Drop`, `PartialEq` and `Debug`, the visitors,
/// `boxed_heap_bytes`, `renumber` and the ESTree writer recurse once per level. On an 8 MiB stack they survive
/// chains of at least 100,000 links in a release build, fewer in a debug build (the repository's README has the
/// figures per operation): drop a taller tree with `drop_iteratively`, or work on its flat form.
///
/// # Errors
/// A [`SyntaxError`] for any input acorn 8 (`ecmaVersion: 5`) rejects, for input nested deeper than [`MAX_DEPTH`]
/// and for a tree taller than [`MAX_HEIGHT`].
pub fn parse(source: &str) -> Result<es5_ast::Program, SyntaxError> {
    parse_with_node_count(source).map(|(program, _)| program)
}

/// [`parse`], also returning the number of nodes in the tree (the IDs are `0..count`).
///
/// # Errors
/// As [`parse`].
pub fn parse_with_node_count(source: &str) -> Result<(es5_ast::Program, usize), SyntaxError> {
    match parser::Parser::new(source, CALLER_STACK_BUDGET, SHORT_TREE_HEIGHT).parse_program_or_stack_exhausted() {
        // No thread (or no memory for one): report the first attempt's error rather than overflow.
        (Err(e), true) => parse_on_big_stack(source).unwrap_or(Err(*e)),
        (result, _) => result.map_err(|e| *e),
    }
}

/// Parses on a thread with [`BIG_STACK`]; `None` when no such thread can be started.
fn parse_on_big_stack(source: &str) -> Option<Result<(es5_ast::Program, usize), SyntaxError>> {
    std::thread::scope(|scope| {
        let handle =
            std::thread::Builder::new().name("es5-parser".into()).stack_size(BIG_STACK).spawn_scoped(scope, || {
                parser::Parser::new(source, BIG_STACK_PARSER_BUDGET, MAX_HEIGHT).parse_program_or_stack_exhausted().0
            });
        let result = handle.ok()?.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Some(result.map_err(|e| *e))
    })
}
