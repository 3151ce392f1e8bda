//! The lexer's unit tests: punctuators, numbers, strings, comments, escaped names and the regular expression / division
//! decision.

use super::*;

fn kinds(src: &str) -> Vec<T> {
    let mut lx = Lexer::new(src);
    let mut out = Vec::new();
    loop {
        let t = lx.next_token().unwrap();
        if t.kind == T::Eof {
            return out;
        }
        out.push(t.kind);
    }
}

fn number(src: &str) -> f64 {
    let mut lx = Lexer::new(src);
    let t = lx.next_token().unwrap();
    assert_eq!(t.kind, T::Num, "{src}");
    lx.number
}

fn string(src: &str) -> String {
    let mut lx = Lexer::new(src);
    let t = lx.next_token().unwrap();
    assert_eq!(t.kind, T::Str, "{src}");
    lx.value(t).to_string()
}

#[test]
fn punctuators_take_the_longest_match() {
    assert_eq!(
        kinds(">>>= >>> >>= >> >= > <<= << <= <"),
        vec![T::UShrEq, T::UShr, T::ShrEq, T::Shr, T::GtEq, T::Gt, T::ShlEq, T::Shl, T::LtEq, T::Lt]
    );
    assert_eq!(
        kinds("=== == = !== != ! ++ + += -- - -= && & &= || | |="),
        vec![
            T::EqEqEq,
            T::EqEq,
            T::Eq,
            T::NotEqEq,
            T::NotEq,
            T::Bang,
            T::PlusPlus,
            T::Plus,
            T::PlusEq,
            T::MinusMinus,
            T::Minus,
            T::MinusEq,
            T::AmpAmp,
            T::Amp,
            T::AmpEq,
            T::PipePipe,
            T::Pipe,
            T::PipeEq
        ]
    );
}

#[test]
fn numbers_have_their_exact_values() {
    assert_eq!(number("017"), 15.0);
    assert_eq!(number("019"), 19.0);
    assert_eq!(number("0x1F"), 31.0);
    assert_eq!(number(".5"), 0.5);
    assert_eq!(number("5."), 5.0);
    assert_eq!(number("1e3"), 1000.0);
    assert_eq!(number("1.5E-2"), 0.015);
    assert_eq!(number("5.e1"), 50.0);
    assert_eq!(number("0.1"), 0.1);
    assert_eq!(number("0"), 0.0);
}

#[test]
fn bad_numbers_are_errors() {
    for src in ["3in x", "0x", "1e", "1e+", "08a"] {
        assert!(Lexer::new(src).next_token().is_err(), "{src}");
    }
    let mut lx = Lexer::new("010");
    lx.strict = true;
    assert!(lx.next_token().is_err());
}

#[test]
fn string_escapes_are_decoded() {
    assert_eq!(string(r#""a\nb""#), "a\nb");
    assert_eq!(string(r#"'\x41\u0042\103\0\08'"#), "ABC\0\u{0}8");
    assert_eq!(string("'a\\\nb'"), "ab");
    assert_eq!(string("'a\\\r\nb'"), "ab");
    assert_eq!(string(r#"'\ud83d\ude00'"#), "\u{1f600}");
    assert_eq!(string(r#"'\ud83d'"#), "\u{fffd}");
    assert_eq!(string(r#"'\q\'\"'"#), "q'\"");
    assert_eq!(string(r#"'\400'"#), " 0");
    assert_eq!(string("'plain'"), "plain");
}

#[test]
fn unterminated_strings_are_errors() {
    for src in ["'abc", "'a\nb'", "'a\u{2028}b'", "'\\", "'\\x4'", "'\\u12'", "'\\u{41}'"] {
        assert!(Lexer::new(src).next_token().is_err(), "{src:?}");
    }
}

#[test]
fn comments_and_line_terminators_set_nl_before() {
    let mut lx = Lexer::new("a /* x */ b /*\n*/ c // d\u{2028}e");
    let toks: Vec<Token> = (0..4).map(|_| lx.next_token().unwrap()).collect();
    assert_eq!(toks.iter().map(|t| t.nl_before).collect::<Vec<_>>(), vec![false, false, true, true]);
}

#[test]
fn html_comments_follow_acorn() {
    assert_eq!(kinds("a <!-- b\nc"), vec![T::Name, T::Name]);
    assert_eq!(kinds("--> x\na"), vec![T::Name]);
    assert_eq!(kinds("a\n--> x\nb"), vec![T::Name, T::Name]);
    assert_eq!(kinds("a --> b"), vec![T::Name, T::MinusMinus, T::Gt, T::Name]);
}

#[test]
fn escaped_identifiers_and_keywords() {
    let mut lx = Lexer::new("\\u0061b \\u0069f");
    let a = lx.next_token().unwrap();
    assert_eq!((a.kind, a.escaped, lx.value(a)), (T::Name, true, "ab"));
    let k = lx.next_token().unwrap();
    assert_eq!((k.kind, k.escaped), (T::If, true));
    assert!(Lexer::new("\\u0031a").next_token().is_err());
    assert!(Lexer::new("\\x41").next_token().is_err());
    assert_eq!(kinds("caf\u{e9} \u{3c0}"), vec![T::Name, T::Name]);
    assert!(Lexer::new("\u{1d49c}").next_token().is_err());
}

#[test]
fn regexps_are_read_where_the_context_allows_an_expression() {
    // At the start of input an expression may start: the lexer reads the regular expression itself.
    let mut lx = Lexer::new("/a[/]b\\//gi x");
    let t = lx.next_token().unwrap();
    assert_eq!((t.kind, t.end, lx.regexp_pattern_end), (T::Regex, 11, 8));
    assert_eq!(lx.next_token().unwrap().kind, T::Name);
    // After a name it reads division; the parser may ask for a regular expression instead.
    assert_eq!(kinds("a / b /= c"), vec![T::Name, T::Slash, T::Name, T::SlashEq, T::Name]);
    let mut lx = Lexer::new("a /b/g");
    lx.next_token().unwrap();
    let slash = lx.next_token().unwrap();
    assert_eq!(slash.kind, T::Slash);
    assert_eq!(lx.read_regexp(slash.start).unwrap(), 6);
    // Contexts: after `if (...)` and after a block an expression starts; after an object literal it does not.
    assert_eq!(kinds("if (a) /b/"), vec![T::If, T::ParenL, T::Name, T::ParenR, T::Regex]);
    assert_eq!(kinds("{} /b/"), vec![T::BraceL, T::BraceR, T::Regex]);
    assert_eq!(kinds("x = {} / 1"), vec![T::Name, T::Eq, T::BraceL, T::BraceR, T::Slash, T::Num]);
    assert_eq!(kinds("x = function(){} / 1")[7], T::Slash);
    assert_eq!(kinds("function f(){} /1/")[6], T::Regex);
    for bad in ["/a", "/a\n/", "/a/gg", "/a/u", "/(/"] {
        assert!(Lexer::new(bad).next_token().is_err(), "{bad}");
    }
}
