//! Nesting past `MAX_DEPTH` is a syntax error, never a stack overflow: every kind of nesting, 100k deep, is
//! rejected on a thread with a 2 MiB stack (the default for test threads) in debug and release builds; the deepest
//! trees parsed on the caller's stack can be renumbered and dropped on that stack too; chains of operators are not
//! nesting, and one past `MAX_HEIGHT` links is refused without overflowing. (`parser_chains.rs` has the long chains
//! that parse.)

use es5_ast::flat::drop_iteratively;
use es5_parser::{MAX_DEPTH, MAX_HEIGHT, SHORT_TREE_HEIGHT, TOO_TALL, parse};

const STACK: usize = 2 * 1024 * 1024;

/// Parses `src` on a thread with a 2 MiB stack; returns the error message, or `None` when it parsed. The tree is
/// dropped there, by recursion: all trees given here are short enough.
fn parse_on_small_stack(src: String) -> Option<String> {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || parse(&src).err().map(|e| e.message))
        .unwrap()
        .join()
        .expect("the parser must not overflow the stack")
}

/// As [`parse_on_small_stack`], for inputs whose tree may be too tall to drop by recursion on that stack.
fn parse_tall_on_small_stack(src: String) -> Result<usize, String> {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            parse(&src).map_err(|e| e.message).map(|program| {
                let statements = program.body.len();
                drop_iteratively(program);
                statements
            })
        })
        .unwrap()
        .join()
        .expect("the parser must not overflow the stack")
}

fn nested(open: &str, middle: &str, close: &str, depth: usize) -> String {
    format!("{}{}{}", open.repeat(depth), middle, close.repeat(depth))
}

#[test]
fn deep_nesting_of_every_kind_is_a_syntax_error() {
    let n = 100_000;
    let cases = [
        nested("(", "a", ")", n),
        nested("[", "a", "]", n),
        format!("x={}", nested("{a:", "a", "}", n)),
        nested("f(", "a", ")", n),
        nested("a[", "a", "]", n),
        nested("!", "a", "", n),
        nested("++", "a", "", n),
        nested("new ", "a", "", n),
        nested("a=", "a", "", n),
        nested("a?a:", "a", "", n),
        nested("a?", "a", ":a", n),
        nested("if(a)", ";", "", n),
        nested("{", "", "}", n),
        (0..n).map(|i| format!("l{i}:")).collect::<String>() + ";",
        nested("while(a)", ";", "", n),
        nested("function f(){", "", "}", n),
        nested("(function(){", "", "})", n),
        format!("if(a);{}", "else if(a);".repeat(n)),
        nested("(", "a", "+b)", n),
        nested("[", "a", "].b", n),
        nested("(a", "", ")+b", n),
        nested("(((a", "", ")+b)+b)+b", n / 3),
    ];
    for src in cases {
        let head: String = src.chars().take(20).collect();
        let message = parse_on_small_stack(src);
        assert_eq!(message.as_deref(), Some("Nesting is too deep"), "{head}...");
    }
}

/// Chains are not nesting: inside nesting just under the limit, a chain of any length up to `MAX_HEIGHT` parses,
/// whether the chain is inside the nesting, after it, or made of groups.
#[test]
fn chains_inside_and_after_deep_nesting_are_not_nesting() {
    let deep = (MAX_DEPTH - 10) as usize;
    let chain = "+b".repeat(3 * SHORT_TREE_HEIGHT as usize);
    let cases = [
        format!("{}a{chain}{}", "(".repeat(deep), ")".repeat(deep)),
        format!("{}a{}{chain}", "[".repeat(deep), "]".repeat(deep)),
        format!("{}a{}", "(".repeat(deep), ")+b".repeat(deep)),
        format!("x={}a{chain}{}", "{a:".repeat(deep / 2), "}".repeat(deep / 2)),
        format!("{}a{chain}{}", "function f(){".repeat(deep / 2), ";}".repeat(deep / 2)),
    ];
    for src in cases {
        let head: String = src.chars().take(20).collect();
        assert_eq!(parse_tall_on_small_stack(src), Ok(1), "{head}...");
    }
}

/// A chain one link past `MAX_HEIGHT` is refused; one just under it followed by a syntax error is refused with that
/// error. Both drop a partly built tree about `MAX_HEIGHT` levels tall, which `Drop` does by recursion, on the
/// parser's big stack: neither may overflow.
#[test]
fn chains_past_max_height_are_refused_and_partial_trees_dropped() {
    let links = MAX_HEIGHT as usize;
    for (src, expected) in [
        (format!("a{}", "+a".repeat(links)), TOO_TALL),
        (format!("a{}", ".a".repeat(links)), TOO_TALL),
        (format!("a{} +;", "+a".repeat(links - 10)), "Unexpected token"),
        (format!("f(a{}, @)", "(a)".repeat(links - 10)), "Unexpected character '@'"),
    ] {
        let head: String = src.chars().take(20).collect();
        assert_eq!(parse_tall_on_small_stack(src), Err(expected.to_string()), "{head}...");
    }
    assert_eq!(parse_tall_on_small_stack(format!("a{}", "||a".repeat(links - 10))), Ok(1));
}

/// The tallest trees parsed on the caller's stack (nesting up to `MAX_DEPTH`, height up to `SHORT_TREE_HEIGHT`) are
/// renumbered by recursion there, and the caller drops them by recursion.
#[test]
fn the_tallest_trees_of_the_callers_stack_parse_renumber_and_drop_on_a_small_stack() {
    let limit = MAX_DEPTH.min(SHORT_TREE_HEIGHT) as usize;
    let cases = [
        nested("[", "a", "]", limit - 5),
        nested("(", "a", ")", limit - 5),
        format!("x={}", nested("{a:", "a", "}", limit / 2 - 5)),
        nested("!", "a", "", limit - 5),
        nested("if(a)", ";", "", limit - 5),
        format!("a{}", ".b".repeat(limit - 5)),
        format!("a{}", "+b".repeat(limit - 5)),
        format!("a{}", "(b)".repeat(limit - 5)),
    ];
    for src in cases {
        let head: String = src.chars().take(20).collect();
        assert_eq!(parse_on_small_stack(src), None, "{head}...");
    }
}
