//! Direct checks of the trees the parser builds: byte spans (the acorn fixtures compare UTF-16 offsets), exact
//! literal values, directives, ASI, regex versus division, preorder IDs and the error format.

use es5_ast::{Expression, GetNodeId, GetSpan, NodeId, Span, Statement};
use es5_parser::{parse, parse_with_node_count};

fn expression(src: &str) -> Expression {
    let program = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    match program.body.into_iter().next() {
        Some(Statement::Expression(s)) => s.expression,
        other => panic!("{src}: not an expression statement: {other:?}"),
    }
}

fn number(src: &str) -> f64 {
    match expression(src) {
        Expression::NumericLiteral(n) => n.value,
        other => panic!("{src}: {other:?}"),
    }
}

fn string(src: &str) -> (String, String) {
    match expression(src) {
        Expression::StringLiteral(s) => (s.value.clone(), s.raw.clone()),
        other => panic!("{src}: {other:?}"),
    }
}

#[test]
fn spans_are_byte_offsets() {
    // "é" is two bytes: the identifier after it starts at byte 7, UTF-16 offset 6.
    let e = expression("'é' + ab");
    let Expression::Binary(b) = e else { panic!() };
    assert_eq!(b.span, Span::new(0, 9));
    assert_eq!(b.right.span(), Span::new(7, 9));
}

#[test]
fn parenthesised_expressions_keep_their_own_span_and_widen_their_parent() {
    let Expression::Binary(b) = expression("(a) + b") else { panic!() };
    assert_eq!(b.span, Span::new(0, 7));
    assert_eq!(b.left.span(), Span::new(1, 2));
    let Expression::Sequence(s) = expression("(a, b)") else { panic!() };
    assert_eq!(s.span, Span::new(1, 5));
    let Expression::New(n) = expression("new X") else { panic!() };
    assert!(n.arguments.is_empty());
    assert_eq!(n.span, Span::new(0, 5));
}

#[test]
fn numeric_literals_have_exact_values() {
    assert_eq!(number("017"), 15.0);
    assert_eq!(number("019"), 19.0);
    assert_eq!(number("0x1F"), 31.0);
    assert_eq!(number(".5"), 0.5);
    assert_eq!(number("1e3"), 1000.0);
    assert_eq!(number("0.1"), 0.1);
    assert_eq!(number("1e400"), f64::INFINITY);
    assert_eq!(number("9007199254740993"), 9007199254740992.0);
}

#[test]
fn string_literals_decode_escapes_and_keep_their_raw_text() {
    assert_eq!(string(r#""a\x41\u0042\103\n""#), ("aABC\n".to_string(), r#""a\x41\u0042\103\n""#.to_string()));
    assert_eq!(string("'line\\\ncont'").0, "linecont");
    assert_eq!(string(r"'\ud83d\ude00'").0, "\u{1F600}");
}

#[test]
fn directives_are_the_raw_text_of_the_prologue() {
    let program = parse("'use\\x20strict'; \"b\"; c; 'd'").unwrap();
    let directives: Vec<Option<String>> = program
        .body
        .iter()
        .map(|s| match s {
            Statement::Expression(e) => e.directive.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(directives, vec![Some("use\\x20strict".to_string()), Some("b".to_string()), None, None]);
    // A parenthesised string is not a directive.
    let program = parse("('a')").unwrap();
    assert!(matches!(&program.body[0], Statement::Expression(e) if e.directive.is_none()));
}

#[test]
fn semicolons_are_inserted_where_es5_says() {
    assert_eq!(parse("a\nb").unwrap().body.len(), 2);
    assert_eq!(parse("a\n++b").unwrap().body.len(), 2);
    assert!(matches!(&parse("function f() { return\n1 }").unwrap().body[0],
        Statement::FunctionDeclaration(f) if f.body.body.len() == 2));
    assert!(parse("a b").is_err());
    assert!(parse("throw\n1").is_err());
    assert!(parse("do ; while (0) x").is_err());
}

#[test]
fn slash_is_a_regexp_where_an_expression_starts() {
    assert!(matches!(expression("a / b / c"), Expression::Binary(_)));
    assert!(matches!(expression("/=/g"), Expression::RegExpLiteral(r) if r.pattern == "=" && r.flags == "g"));
    let program = parse("if (x) /re/.test(y)").unwrap();
    assert!(matches!(&program.body[0], Statement::If(_)));
    assert!(matches!(expression("a\n/b/g"), Expression::Binary(_)));
}

#[test]
fn ids_are_preorder_and_dense() {
    let (program, count) = parse_with_node_count("var a = b + c;").unwrap();
    // Program, VariableDeclaration, VariableDeclarator, Identifier a, BinaryExpression, b, c.
    assert_eq!(count, 7);
    assert_eq!(program.node_id(), NodeId::ROOT);
    let Statement::VariableDeclaration(d) = &program.body[0] else { panic!() };
    assert_eq!(d.node_id(), NodeId::from_u32(1));
    assert_eq!(d.declarations[0].init.as_ref().unwrap().node_id(), NodeId::from_u32(4));
}

#[test]
fn errors_say_where_and_what() {
    let e = parse("var a;\n  var 1;").unwrap_err();
    assert_eq!((e.line, e.column, e.offset), (2, 7, 13));
    assert_eq!(e.to_string(), "2:7: Unexpected token");
    let e = parse("'use strict'; with (a) b").unwrap_err();
    assert_eq!(e.message, "'with' in strict mode");
}

#[test]
fn property_clashes_are_found_in_small_and_large_objects() {
    // Large objects (more than 24 properties) are checked with a map, small ones by scanning: both must agree.
    for filler in [0, 40] {
        let fill: String = (0..filler).map(|i| format!("p{i}: 0, ")).collect();
        let object = |tail: &str| format!("({{{fill}{tail}}})");
        let offset_of = |src: &str, needle: &str| src.rfind(needle).unwrap() as u32;
        for (tail, clash_at) in [
            ("a: 1, get a() {}", Some("a()")),
            ("get a() {}, set a(v) {}", None),
            ("get a() {}, get 'a'() {}", Some("'a'()")),
            ("set \\u0061(v) {}, a: 1", Some("a: 1")),
            ("1: 0, get '1'() {}", Some("'1'()")),
            ("1.0: 0, set 1(v) {}", Some("1(v)")),
            ("'\\x61': 0, get a() {}", Some("a()")),
            ("a: 1, a: 2", None),
        ] {
            let src = object(tail);
            let result = parse(&src);
            match clash_at {
                None => assert!(result.is_ok(), "{src}: {result:?}"),
                Some(needle) => {
                    let e = result.expect_err(&src);
                    assert_eq!((e.message.as_str(), e.offset), ("Redefinition of property", offset_of(&src, needle)));
                }
            }
        }
        let strict = format!("'use strict'; {}", object("a: 1, 'a': 2"));
        assert_eq!(parse(&strict).unwrap_err().message, "Redefinition of property", "{strict}");
    }
}
