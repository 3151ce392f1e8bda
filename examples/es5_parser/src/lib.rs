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
//! - input nested deeper than [`MAX_DEPTH`] is rejected ([`TOO_DEEP`]); acorn accepts it until its own stack runs
//!   out;
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
pub use parser::{MAX_DEPTH, TOO_DEEP};

/// Stack the parser may use on the caller's thread. Deeper input (rare: a few hundred levels of nesting) is
/// parsed again on a thread of its own with [`BIG_STACK`].
const CALLER_STACK_BUDGET: usize = 256 * 1024;

/// The stack of the thread used for deeply nested input: enough for [`MAX_DEPTH`] levels of the most
/// stack-hungry nesting (nested functions) even in a debug build (about 20 KiB a level). Only address space is
/// reserved; the pages used are the ones touched.
const BIG_STACK: usize = 256 * 1024 * 1024;

/// Parses `source` as an ES5 script and returns the tree, numbered in preorder.
///
/// Recursion is bounded twice: input nested deeper than [`MAX_DEPTH`] is a syntax error ([`TOO_DEEP`]), and the
/// parser never uses more than 256 KiB of the caller's stack; input that needs more is parsed on a thread with a
/// large stack instead (same result). The returned tree is at most a small multiple of [`MAX_DEPTH`] deep, so
/// dropping or visiting it recursively needs well under 1 MiB of stack in a release build.
///
/// # Errors
/// A [`SyntaxError`] for any input acorn 8 (`ecmaVersion: 5`) rejects, and for input nested deeper than
/// [`MAX_DEPTH`].
pub fn parse(source: &str) -> Result<es5_ast::Program, SyntaxError> {
    parse_with_node_count(source).map(|(program, _)| program)
}

/// [`parse`], also returning the number of nodes in the tree (the IDs are `0..count`).
///
/// # Errors
/// As [`parse`].
pub fn parse_with_node_count(source: &str) -> Result<(es5_ast::Program, usize), SyntaxError> {
    match parser::Parser::new(source, CALLER_STACK_BUDGET).parse_program_or_stack_exhausted() {
        (Err(_), true) => parse_on_big_stack(source),
        (result, _) => result.map_err(|e| *e),
    }
}

fn parse_on_big_stack(source: &str) -> Result<(es5_ast::Program, usize), SyntaxError> {
    let budget = BIG_STACK - BIG_STACK / 8;
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("es5-parser".into())
            .stack_size(BIG_STACK)
            .spawn_scoped(scope, || parser::Parser::new(source, budget).parse_program_or_stack_exhausted().0);
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)).map_err(|e| *e),
            // No threads (or no memory for one): report the nesting as too deep rather than overflow.
            Err(_) => {
                parser::Parser::new(source, CALLER_STACK_BUDGET).parse_program_or_stack_exhausted().0.map_err(|e| *e)
            }
        }
    })
}
