//! A complete ES5 (ECMAScript 5.1, script goal) parser on the generated `es5_ast` tree, and a small program built by
//! hand with the builder ([`demo`]).
//!
//! It accepts what acorn 8 accepts with `{ ecmaVersion: 5 }` and builds the same tree (ESTree node for node, with
//! acorn's spans). The parser is written once against the generated builder interface `es5_ast::AstBuild` and
//! builds either form: [`parse`] the boxed tree (through `es5_ast::AstNodeBuilder`, renumbered to preorder),
//! [`parse_flat`] the flat one directly (through `es5_ast::flat::FlatBuilder`, no heap allocation per node), and
//! [`parse_with`] through any [`ParseTarget`]. It never looks into the nodes it built: the facts its checks need
//! (names, whether an expression is an identifier, a directive's text) come from the tokens, carried beside the
//! handles, or from the builder's `expression_is_*` tests. Spans are byte offsets into the UTF-8 source.
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
//!
//! // The same parser, straight into the flat form: the tree `FlatAst::from_boxed` makes of the boxed one.
//! let flat = es5_parser::parse_flat("var answer = 6 * 7;").unwrap();
//! assert!(flat == es5_ast::flat::FlatAst::from_boxed(&program));
//! // A builder kept across parses reuses its buffers.
//! let mut builder = es5_ast::flat::FlatBuilder::new();
//! let again = es5_parser::parse_with("var answer = 6 * 7;", &mut builder).unwrap();
//! assert!(again == flat);
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
pub mod transform;

use es5_ast::flat::{Built, FlatAst, FlatBuilder, drop_iteratively};
use es5_ast::{AstBuild, AstNodeBuilder, Program};

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
pub fn parse(source: &str) -> Result<Program, SyntaxError> {
    parse_with_node_count(source).map(|(program, _)| program)
}

/// [`parse`], also returning the number of nodes in the tree (the IDs are `0..count`).
///
/// # Errors
/// As [`parse`].
pub fn parse_with_node_count(source: &str) -> Result<(Program, usize), SyntaxError> {
    parse_counted(source, &mut AstNodeBuilder::new())
}

/// Parses `source` straight into the flat form: the same tree as `FlatAst::from_boxed(&parse(source)?)`, built
/// by a [`FlatBuilder`] with no heap allocation per node, list or name (its buffers grow geometrically).
///
/// # Errors
/// As [`parse`].
pub fn parse_flat(source: &str) -> Result<FlatAst, SyntaxError> {
    parse_with(source, &mut FlatBuilder::new())
}

/// Parses `source` through `builder`, the one parser building whichever representation the builder builds:
/// `parse_with(source, &mut AstNodeBuilder::new())` is [`parse`], `parse_with(source, &mut FlatBuilder::new())` is
/// [`parse_flat`]. A builder kept for several parses reuses its buffers; after an error it is back where it was.
///
/// # Errors
/// As [`parse`].
pub fn parse_with<B>(source: &str, builder: &mut B) -> Result<B::Tree, SyntaxError>
where
    B: ParseTarget + Send,
    B::Tree: Send,
{
    parse_counted(source, builder).map(|(tree, _)| tree)
}

/// A builder the parser can build into: an [`AstBuild`] that knows how to finish a tree too tall to recurse over.
pub trait ParseTarget: AstBuild {
    /// Finishes the tree under `root` ([`AstBuild::finish`]) and returns it with its number of nodes. `tall`: the
    /// tree is taller than [`SHORT_TREE_HEIGHT`], so finishing must not recurse once per level.
    fn finish_parse(&mut self, root: Self::Program, tall: bool) -> (Self::Tree, usize);
}

impl ParseTarget for AstNodeBuilder {
    fn finish_parse(&mut self, mut root: Program, tall: bool) -> (Program, usize) {
        if !tall {
            let count = self.renumber(&mut root);
            return (root, count);
        }
        // `renumber` recurses once per level of the tree. Boxed -> flat numbers the nodes in the same preorder with
        // an explicit stack, flat -> boxed rebuilds the tree with those IDs by a loop, and the first tree is taken
        // apart without recursion.
        let flat = FlatAst::from_boxed(&root);
        drop_iteratively(root);
        (flat.to_boxed(), flat.len())
    }
}

/// Finishing a flat tree never recurses.
impl ParseTarget for FlatBuilder {
    fn finish_parse(&mut self, root: Built<Program>, _tall: bool) -> (FlatAst, usize) {
        let tree = self.finish(root);
        let count = tree.len();
        (tree, count)
    }
}

/// Parses on the caller's stack and, when that is not enough, again on a thread with a big one. On an error the
/// builder is rewound to where it was.
fn parse_counted<B>(source: &str, builder: &mut B) -> Result<(B::Tree, usize), SyntaxError>
where
    B: ParseTarget + Send,
    B::Tree: Send,
{
    let checkpoint = builder.checkpoint();
    let names = bumpalo::Bump::new();
    let first = parser::Parser::new(source, &names, &mut *builder, CALLER_STACK_BUDGET, SHORT_TREE_HEIGHT)
        .parse_program_or_stack_exhausted();
    let result = match first {
        (Ok((root, tall)), _) => Ok(builder.finish_parse(root, tall)),
        (Err(e), true) => {
            // The nodes of the first attempt are abandoned: the second one numbers from the same place.
            builder.rewind(checkpoint);
            // No thread (or no memory for one): report the first attempt's error rather than overflow.
            parse_on_big_stack(source, builder).unwrap_or(Err(*e))
        }
        (Err(e), false) => Err(*e),
    };
    if result.is_err() {
        builder.rewind(checkpoint);
    }
    result
}

/// Parses (and finishes the tree) on a thread with [`BIG_STACK`]; `None` when no such thread can be started.
fn parse_on_big_stack<B>(source: &str, builder: &mut B) -> Option<Result<(B::Tree, usize), SyntaxError>>
where
    B: ParseTarget + Send,
    B::Tree: Send,
{
    std::thread::scope(|scope| {
        let handle =
            std::thread::Builder::new().name("es5-parser".into()).stack_size(BIG_STACK).spawn_scoped(scope, || {
                let names = bumpalo::Bump::new();
                let parser = parser::Parser::new(source, &names, &mut *builder, BIG_STACK_PARSER_BUDGET, MAX_HEIGHT);
                match parser.parse_program_or_stack_exhausted().0 {
                    Ok((root, tall)) => Ok(builder.finish_parse(root, tall)),
                    Err(e) => Err(e),
                }
            });
        let result = handle.ok()?.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Some(result.map_err(|e| *e))
    })
}
