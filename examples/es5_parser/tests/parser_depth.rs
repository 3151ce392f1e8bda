//! Nesting past `MAX_DEPTH` is a syntax error, never a stack overflow: every kind of nesting, 100k deep, is
//! rejected on a thread with a 2 MiB stack (the default for test threads) in debug and release builds; and the
//! deepest trees the parser accepts can be renumbered and dropped on that stack too.

use es5_parser::{MAX_DEPTH, parse};

const STACK: usize = 2 * 1024 * 1024;

/// Parses `src` on a thread with a 2 MiB stack; returns the error message, or `None` when it parsed.
fn parse_on_small_stack(src: String) -> Option<String> {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || parse(&src).err().map(|e| e.message))
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
        nested("if(a)", ";", "", n),
        nested("{", "", "}", n),
        (0..n).map(|i| format!("l{i}:")).collect::<String>() + ";",
        nested("while(a)", ";", "", n),
        nested("function f(){", "", "}", n),
        nested("(function(){", "", "})", n),
        format!("a{}", ".b".repeat(n)),
        format!("a{}", "(b)".repeat(n)),
        format!("a{}", "+b".repeat(n)),
        format!("a{}", "||b".repeat(n)),
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

/// Chains whose first operand is itself deep must count that depth (else nested groups of chains could build a
/// tree far deeper than the limit).
#[test]
fn chains_count_the_height_of_their_first_operand() {
    let half = (MAX_DEPTH / 2) as usize;
    let src = format!("{}a{}{}", "[".repeat(half), "]".repeat(half), "+b".repeat(half + 10));
    assert_eq!(parse_on_small_stack(src).as_deref(), Some("Nesting is too deep"));
    let src = format!("{}{}", "(".repeat(half), ")+b".repeat(half).replacen(")+b", "a)+b", 1));
    assert_eq!(parse_on_small_stack(src).as_deref(), Some("Nesting is too deep"));
}

#[test]
fn the_deepest_accepted_trees_parse_renumber_and_drop_on_a_small_stack() {
    let limit = MAX_DEPTH as usize;
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
