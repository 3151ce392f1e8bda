//! The recursive-descent ES5 parser. It mirrors acorn 8's structure (`ecmaVersion: 5`, script goal) so that it
//! accepts the same programs, builds the same tree with the same spans, and reports errors at the same places.
//!
//! Spans: a node starts at the first token of its construct (a parenthesised first operand included, as acorn
//! does) and ends at the end of the last token consumed (`prev_end`).
//!
//! Depth and height: every construct that recurses (statements, assignment expressions, prefix operators, `new`)
//! is a level of nesting and counts towards [`MAX_DEPTH`], which bounds the parser's own recursion. The links of a
//! left-nested chain (`a + b + c`, `a.b(c).d`) are joined in a loop and are not nesting, but each is a level of the
//! tree (`(a + b) + c`), whose height is measured too: nesting plus links, bounded by [`MAX_HEIGHT`]. The height
//! decides what may recurse over the tree while parsing: dropping a partly built tree when a syntax error ends the
//! parse, and renumbering (see [`SHORT_TREE_HEIGHT`]). Past either limit the input is rejected with a syntax error.
//!
//! This module holds the parser's state and the helpers every production uses (tokens, spans, depth); the
//! productions are split by job: `statements`, `functions`, `expressions` (by precedence, with `new` and the primary
//! expressions), `literals` (regular expressions, numbers, strings, arrays, objects and their clash check) and
//! `names` (identifiers, reserved words, binding and assignment-target checks).
//!
//! Why some small helpers are `#[inline]` without being hot enough to need the hint on their own: each file is
//! its own codegen unit, and a function without the attribute cannot be inlined into another unit. These helpers
//! were inlined into every caller when the whole parser was one file; the attribute keeps it that way now that
//! their callers live in the sibling modules (the release build has the same out-of-line functions as before).

use std::borrow::Cow;
use std::cell::Cell;

use bumpalo::Bump;

use es5_ast::{AstBuild, PropertyKind, SourceType, Span};

use crate::error::SyntaxError;
use crate::lexer::{Lexer, T, Token};
use crate::name_set::NameSet;
use crate::scope::Scopes;
use crate::strict::strict_directive;

mod expressions;
mod functions;
mod literals;
mod names;
mod statements;

/// The deepest nesting accepted: statements inside statements, expressions inside brackets, parentheses, braces,
/// assignments, conditionals, prefix operators and `new`, each a level of the parser's recursion. The links of a
/// left-associative chain (`a + b + c`, `a || b`, `a.b[c](d)`) are not nesting: they are joined in a loop, and only
/// [`MAX_HEIGHT`] bounds them.
pub const MAX_DEPTH: u32 = 1000;

/// The message of the error for input nested deeper than [`MAX_DEPTH`].
pub const TOO_DEEP: &str = "Nesting is too deep";

/// The tallest tree accepted, in levels of nesting plus links of left-associative chains (`a+a+…+a` with n terms is
/// n − 1 levels of `BinaryExpression`), so in effect the longest chain. Far past real code (acorn's own recursion
/// stops at about 4,300 links of `+` on node's default stack), it bounds what the parser's stack must hold when a
/// syntax error drops a partly built tree, which the tree's `Drop` does by recursion.
pub const MAX_HEIGHT: u32 = 1_000_000;

/// The message of the error for a tree taller than [`MAX_HEIGHT`].
pub const TOO_TALL: &str = "Expression is too long";

/// Trees up to this height (in the measure of [`MAX_HEIGHT`]) are parsed on the caller's stack and renumbered by
/// recursion: the height the parser accepted when chains still counted as nesting, whose recursion is known to fit
/// (`tests/parser_depth.rs` parses, renumbers and drops such trees on a 2 MiB stack). Taller ones are parsed on
/// the big stack and renumbered through the flat form, which uses no recursion.
pub const SHORT_TREE_HEIGHT: u32 = MAX_DEPTH;

/// What a label labels, for checking `break` and `continue`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    Loop,
    Switch,
    Other,
}

struct Label<'a> {
    /// `None` for the implicit entries of loops and switches.
    name: Option<Cow<'a, str>>,
    kind: LabelKind,
    statement_start: u32,
}

/// Where a statement is parsed; acorn's `context` argument.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// In a statement list: declarations allowed.
    List,
    /// The body of `if`, a loop, `with` or a label.
    Nested,
}

/// Errors are boxed so that the `Result`s every parse function returns stay small.
type PResult<T> = Result<T, Box<SyntaxError>>;

/// The saved state of a chain (see [`Parser::chain_begin`]).
struct Chain {
    base_height: u32,
    saved_peak: u32,
}

/// A name the parser read (an identifier or a property key), kept beside the handle of the node built for it: the
/// parser checks names (bindings, labels, clashes, strict mode) without looking into the nodes it built, which a
/// flat builder's handles cannot show.
pub(crate) struct Name<'a> {
    /// Where the name starts in the source.
    start: u32,
    /// The decoded name, borrowed from the source when it is written there without escapes.
    text: Cow<'a, str>,
}

/// The parser state, generic over the builder: the same productions build the boxed tree or the flat one.
pub struct Parser<'a, B: AstBuild> {
    lx: Lexer<'a>,
    src: &'a str,
    tok: Token,
    prev_end: u32,
    prev_start: u32,
    b: &'a mut B,
    in_function: bool,
    labels: Vec<Label<'a>>,
    /// Where the labels of the function being parsed start in `labels` (those below belong to the functions
    /// around it).
    label_base: usize,
    scopes: Scopes<'a>,
    /// Levels of nesting now (recursion), bounded by [`MAX_DEPTH`].
    depth: u32,
    /// The height of the tree at the node being parsed: nesting plus chain links (see the module documentation).
    height: u32,
    /// The greatest `height` so far (within a chain: since the chain began).
    peak: u32,
    /// The tallest tree this parse may build: [`SHORT_TREE_HEIGHT`] on the caller's stack, [`MAX_HEIGHT`] on the
    /// big one.
    max_height: u32,
    /// Address of a local in the entry frame and how many bytes of stack below it recursion may use.
    stack_base: usize,
    stack_budget: usize,
    /// Set when parsing stopped because `stack_budget` or `max_height` was exceeded (not because of `MAX_DEPTH`):
    /// a parse with a larger stack may succeed.
    needs_bigger_stack: bool,
    /// Lists under construction, one stack per element type shared by all nesting levels: a list is collected
    /// here and moved into an exactly sized `Vec` when complete, so building it reallocates nothing.
    scratch: Scratch<'a, B>,
    /// The start of the node whose span was taken last ([`Parser::span_from`]): an expression is built right after
    /// its span is taken, after its children, so when an expression parser returns, this is where the returned
    /// expression starts (parentheses are no node: `(a + b)` starts at `a`). The assignment-target check reports an
    /// invalid target there, as acorn reports it at the node's start.
    last_start: Cell<u32>,
    /// The name of the identifier read last: when an expression parser returns an identifier (possibly
    /// parenthesised), it is this one, since an identifier expression contains no other name. The strict-mode
    /// checks of assignment targets read it.
    last_ident: Name<'a>,
    /// Where names and values that are not in the source as they are (decoded escapes, numeric property keys as
    /// text) are kept for the parse: one arena, so that they cost a few chunk allocations, not one each.
    names: &'a Bump,
    /// The text of a numeric property key, before it goes into `names`.
    number_text: String,
}

/// Lists under construction as stacks of handles, drained into the builder's lists with `list_from` (for the
/// flat builder, copied into its shared buffers: no allocation per list), and the facts about their items the
/// checks need.
struct Scratch<'a, B: AstBuild> {
    statements: Vec<B::Statement>,
    expressions: Vec<B::Expression>,
    elements: Vec<Option<B::Expression>>,
    properties: Vec<B::Property>,
    declarators: Vec<B::VariableDeclarator>,
    identifiers: Vec<B::Identifier>,
    cases: Vec<B::SwitchCase>,
    /// The names of the parameters on `identifiers` (for duplicate and strict-mode checks).
    param_names: Vec<Name<'a>>,
    /// The key names and kinds of the properties on `properties` (for the clash check).
    property_keys: Vec<(Cow<'a, str>, PropertyKind)>,
    /// The duplicate-parameter check's set, emptied after each function and kept for the next.
    param_set: NameSet<'a>,
    /// The property clash check's maps, emptied after each object and kept for the next.
    clash_maps: Vec<literals::ClashMap<'a>>,
}

impl<'a, B: AstBuild> Scratch<'a, B> {
    /// Empty stacks: they grow (a few times per parse) to the deepest nesting the input needs. Reserving room up
    /// front instead costs more: a large first allocation makes glibc's malloc consolidate every chunk the
    /// previous tree freed before the parse starts, where small allocations would reuse them directly. (Keeping
    /// the stacks in chunks under 1 KiB, so that they never make such a request, was measured too: fewer
    /// instructions, but lodash parsed 15-20% slower in `examples/oxc_compare`.)
    fn new() -> Self {
        Scratch {
            statements: Vec::new(),
            expressions: Vec::new(),
            elements: Vec::new(),
            properties: Vec::new(),
            declarators: Vec::new(),
            identifiers: Vec::new(),
            cases: Vec::new(),
            param_names: Vec::new(),
            property_keys: Vec::new(),
            param_set: NameSet::default(),
            clash_maps: Vec::new(),
        }
    }
}

/// Moves the items of `stack` from `mark` on into a list of `b` (for the boxed builder a `Vec` of exactly their
/// number, so building it reallocates nothing).
#[inline]
fn take_from<B: AstBuild, T: ast_runtime::builder::ListItem>(b: &mut B, stack: &mut Vec<T>, mark: usize) -> B::List<T> {
    b.list_from(stack.drain(mark..))
}

/// The address of a local of the calling frame: how deep the stack is, without `unsafe`.
#[inline(never)]
fn stack_position() -> usize {
    let probe = 0u8;
    std::hint::black_box(&probe) as *const u8 as usize
}

impl<'a, B: AstBuild> Parser<'a, B> {
    /// A parser over `src` keeping decoded names in `names`, building through `b`, before its first token, whose recursion may use `stack_budget`
    /// bytes of stack below the caller's frame, and which builds trees up to `max_height` levels (see
    /// [`MAX_HEIGHT`]).
    pub fn new(src: &'a str, names: &'a Bump, b: &'a mut B, stack_budget: usize, max_height: u32) -> Self {
        Parser {
            lx: Lexer::new(src),
            src,
            tok: Token { kind: T::Eof, start: 0, end: 0, nl_before: false, escaped: false },
            prev_end: 0,
            prev_start: 0,
            b,
            in_function: false,
            labels: Vec::new(),
            label_base: 0,
            scopes: Scopes::new(),
            depth: 0,
            height: 0,
            peak: 0,
            max_height: max_height.min(MAX_HEIGHT),
            stack_base: stack_position(),
            stack_budget,
            needs_bigger_stack: false,
            scratch: Scratch::new(),
            last_start: Cell::new(0),
            last_ident: Name { start: 0, text: Cow::Borrowed("") },
            names,
            number_text: String::new(),
        }
    }

    /// Parses the whole source; the root (not finished) and whether the tree is taller than
    /// [`SHORT_TREE_HEIGHT`]. The flag tells whether a failure was the stack budget or the height limit running
    /// out (then a parse with a larger budget may succeed).
    pub fn parse_program_or_stack_exhausted(mut self) -> (PResult<(B::Program, bool)>, bool) {
        self.stack_base = stack_position();
        let result = self.parse_program_mut();
        (result, self.needs_bigger_stack)
    }

    /// Parses the whole source as a script.
    fn parse_program_mut(&mut self) -> PResult<(B::Program, bool)> {
        if u32::try_from(self.src.len()).is_err() {
            return Err(self.error(0, "Source is larger than 4 GiB"));
        }
        self.lx.strict = strict_directive(self.src, 0);
        self.lx.next_token_into(&mut self.tok)?;
        let body = self.parse_statement_list(T::Eof, true)?;
        let span = Span::new(0, self.tok.end);
        let program = self.b.program(span, body, SourceType::Script);
        Ok((program, self.peak > SHORT_TREE_HEIGHT))
    }

    // ----- token helpers (the small ones `#[inline]`: see the module documentation) -----

    #[cold]
    fn error(&self, pos: u32, message: impl Into<String>) -> Box<SyntaxError> {
        Box::new(SyntaxError::at(self.src, pos as usize, message))
    }

    #[inline]
    fn unexpected(&self) -> Box<SyntaxError> {
        self.unexpected_at(self.tok.start)
    }

    #[inline]
    fn unexpected_at(&self, pos: u32) -> Box<SyntaxError> {
        self.error(pos, "Unexpected token")
    }

    /// Moves to the next token. An escaped keyword may only be consumed as a property name.
    #[inline]
    fn next(&mut self) -> PResult<()> {
        if self.tok.escaped {
            return self.next_after_escaped();
        }
        self.next_liberal()
    }

    #[cold]
    fn next_after_escaped(&mut self) -> PResult<()> {
        if self.tok.kind.is_keyword() {
            return Err(
                self.error(self.tok.start, format!("Escape sequence in keyword {}", self.tok.kind.keyword_text()))
            );
        }
        self.next_liberal()
    }

    #[inline]
    fn next_liberal(&mut self) -> PResult<()> {
        self.prev_end = self.tok.end;
        self.prev_start = self.tok.start;
        self.lx.next_token_into(&mut self.tok)?;
        Ok(())
    }

    #[inline]
    fn eat(&mut self, kind: T) -> PResult<bool> {
        if self.tok.kind == kind {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn expect(&mut self, kind: T) -> PResult<()> {
        if self.eat(kind)? { Ok(()) } else { Err(self.unexpected()) }
    }

    #[inline]
    fn can_insert_semicolon(&self) -> bool {
        matches!(self.tok.kind, T::Eof | T::BraceR) || self.tok.nl_before
    }

    fn semicolon(&mut self) -> PResult<()> {
        if self.eat(T::Semi)? || self.can_insert_semicolon() { Ok(()) } else { Err(self.unexpected()) }
    }

    /// The labels `break` and `continue` may name here: those of the function being parsed.
    fn visible_labels(&self) -> &[Label<'a>] {
        self.labels.get(self.label_base..).unwrap_or_default()
    }

    /// The span of a node from `start` to the end of the last token; notes `start` (see `last_start`).
    #[inline]
    fn span_from(&self, start: u32) -> Span {
        self.last_start.set(start);
        Span::new(start, self.prev_end)
    }

    // ----- depth accounting (`#[inline]`: see the module documentation) -----

    /// One level of nesting deeper (also one level of the tree higher).
    #[inline]
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        self.height += 1;
        self.peak = self.peak.max(self.height);
        if self.depth > MAX_DEPTH {
            return Err(self.error(self.tok.start, TOO_DEEP));
        }
        if self.height > self.max_height {
            return Err(self.too_tall());
        }
        // Looking at the stack every few levels is enough: the budget leaves ample room below it.
        if self.depth.is_multiple_of(8) && self.stack_base.abs_diff(stack_position()) > self.stack_budget {
            self.needs_bigger_stack = true;
            return Err(self.error(self.tok.start, TOO_DEEP));
        }
        Ok(())
    }

    #[inline]
    fn leave(&mut self) {
        self.depth -= 1;
        self.height -= 1;
    }

    #[cold]
    fn too_tall(&mut self) -> Box<SyntaxError> {
        self.needs_bigger_stack = self.max_height < MAX_HEIGHT;
        self.error(self.tok.start, TOO_TALL)
    }

    /// Starts measuring the first operand of a left-nested chain.
    #[inline]
    fn chain_begin(&mut self) -> Chain {
        let chain = Chain { base_height: self.height, saved_peak: self.peak };
        self.peak = self.height;
        chain
    }

    /// Accounts for link `links` of a chain: the chain so far is `links` levels above its first operand, whose
    /// height the peak measured while it was parsed bounds. Links are not nesting: only the height grows.
    #[inline]
    fn chain_link(&mut self, chain: &Chain, first_height: u32, links: u32) -> PResult<()> {
        self.height = chain.base_height + first_height + links;
        self.peak = self.peak.max(self.height);
        if self.height > self.max_height {
            return Err(self.too_tall());
        }
        Ok(())
    }

    #[inline]
    fn chain_first_height(&self, chain: &Chain) -> u32 {
        self.peak - chain.base_height
    }

    #[inline]
    fn chain_end(&mut self, chain: Chain) {
        self.height = chain.base_height;
        self.peak = self.peak.max(chain.saved_peak);
    }
}
