//! The generated JSON of the ES5 schema (ESTree) on trees built by hand with the builder, without node: the
//! expected JSON is written out by hand from the ESTree spec and acorn's conventions (key order, UTF-16 offsets,
//! `raw`, `regex`, added fields such as `prefix` and `expression`). What is written reads back as the same tree,
//! and JSON that does not fit is refused with its path.

use es5_ast::{
    AssignmentOperator, AstNodeBuilder, BinaryOperator, PropertyKind, SourceType, Span, UnaryOperator, UpdateOperator,
    VariableDeclarationKind,
};

/// `a = "é😀" + 1e21;` — the string makes byte, UTF-16 and code point offsets differ: `é` is 2 bytes / 1 unit,
/// `😀` 4 bytes / 2 units. Byte spans go in; UTF-16 offsets must come out.
#[test]
fn non_ascii_source_gets_utf16_offsets_and_js_numbers() {
    let source = "a = \"é😀\" + 1e21;";
    assert_eq!(source.len(), 20);
    let mut b = AstNodeBuilder::new();
    let target = b.expression_identifier(Span::new(0, 1), "a".into());
    let text = b.expression_string_literal(Span::new(4, 12), "é😀".into(), "\"é😀\"".into());
    let number = b.expression_numeric_literal(Span::new(15, 19), 1e21, "1e21".into());
    let sum = b.expression_binary(Span::new(4, 19), BinaryOperator::Addition, text, number);
    let assign = b.expression_assignment(Span::new(0, 19), AssignmentOperator::Assign, target, sum);
    let statement = b.statement_expression(Span::new(0, 20), assign, None);
    let program = b.program(Span::new(0, 20), vec![statement], SourceType::Script);

    let expected = concat!(
        r#"{"type":"Program","start":0,"end":17,"body":["#,
        r#"{"type":"ExpressionStatement","start":0,"end":17,"expression":"#,
        r#"{"type":"AssignmentExpression","start":0,"end":16,"operator":"=","#,
        r#""left":{"type":"Identifier","start":0,"end":1,"name":"a"},"#,
        r#""right":{"type":"BinaryExpression","start":4,"end":16,"#,
        r#""left":{"type":"Literal","start":4,"end":9,"value":"é😀","raw":"\"é😀\""},"#,
        r#""operator":"+","#,
        r#""right":{"type":"Literal","start":12,"end":16,"value":1e+21,"raw":"1e21"}}}}],"#,
        r#""sourceType":"script"}"#,
    );
    assert_eq!(es5_ast::json::to_json(&program, source), expected);
    assert_reads_back(program, expected, source);
}

/// `from_json` of `json` is `program` (renumbered in preorder, as `from_json` numbers).
fn assert_reads_back(mut program: es5_ast::Program, json: &str, source: &str) {
    AstNodeBuilder::new().renumber(&mut program);
    let read = es5_ast::json::from_json(json, source).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read, program);
}

/// A directive, a label, a regex, `null`, `true`, prefix operators, a member, a getter and an array hole:
/// every `#[json]` knob (struct `rename`, field `rename`, `skip_serializing_if`, `in_object`, `add_field` json / format,
/// `field_order`) shows up.
#[test]
fn every_json_knob_of_estree_is_honoured() {
    let source = concat!(
        "\"use strict\";\n",
        "lbl: for (;;) break lbl;\n",
        "f(/a\\/b/gi, null, !true, ++x, o.p);\n",
        "var g = {get k() {}, 0x1F: [, 2]};",
    );
    let mut b = AstNodeBuilder::new();
    let directive_text = b.expression_string_literal(Span::new(0, 12), "use strict".into(), "\"use strict\"".into());
    let directive = b.statement_expression(Span::new(0, 13), directive_text, Some("use strict".into()));

    let break_label = b.identifier(Span::new(34, 37), "lbl".into());
    let brk = b.statement_break(Span::new(28, 38), Some(break_label));
    let for_loop = b.statement_for(Span::new(19, 38), None, None, None, brk);
    let label = b.identifier(Span::new(14, 17), "lbl".into());
    let labeled = b.statement_labeled(Span::new(14, 38), label, for_loop);

    let callee = b.expression_identifier(Span::new(39, 40), "f".into());
    let regex = b.expression_reg_exp_literal(Span::new(41, 49), "a\\/b".into(), "gi".into());
    let null = b.expression_null_literal(Span::new(51, 55));
    let truth = b.expression_boolean_literal(Span::new(58, 62), true);
    let not = b.expression_unary(Span::new(57, 62), UnaryOperator::LogicalNot, truth);
    let x = b.expression_identifier(Span::new(66, 67), "x".into());
    let increment = b.expression_update(Span::new(64, 67), UpdateOperator::Increment, true, x);
    let object = b.expression_identifier(Span::new(69, 70), "o".into());
    let property = b.expression_identifier(Span::new(71, 72), "p".into());
    let member = b.expression_member(Span::new(69, 72), object, property, false);
    let call = b.expression_call(Span::new(39, 73), callee, vec![regex, null, not, increment, member]);
    let call_statement = b.statement_expression(Span::new(39, 74), call, None);

    let getter_body = b.block_statement(Span::new(92, 94), vec![]);
    let getter = b.expression_function(Span::new(89, 94), None, vec![], getter_body);
    let getter_key = b.property_key_identifier(Span::new(88, 89), "k".into());
    let get = b.property(Span::new(84, 94), getter_key, getter, PropertyKind::Get);
    let hex_key = b.property_key_numeric_literal(Span::new(96, 100), 31.0, "0x1F".into());
    let two = b.expression_numeric_literal(Span::new(105, 106), 2.0, "2".into());
    let array = b.expression_array(Span::new(102, 107), vec![None, Some(two)]);
    let init = b.property(Span::new(96, 107), hex_key, array, PropertyKind::Init);
    let object_literal = b.expression_object(Span::new(83, 108), vec![get, init]);
    let g = b.identifier(Span::new(79, 80), "g".into());
    let declarator = b.variable_declarator(Span::new(79, 108), g, Some(object_literal));
    let var = b.statement_variable_declaration(Span::new(75, 109), vec![declarator], VariableDeclarationKind::Var);

    let program = b.program(Span::new(0, 109), vec![directive, labeled, call_statement, var], SourceType::Script);

    let expected = concat!(
        r#"{"type":"Program","start":0,"end":109,"body":["#,
        r#"{"type":"ExpressionStatement","start":0,"end":13,"expression":"#,
        r#"{"type":"Literal","start":0,"end":12,"value":"use strict","raw":"\"use strict\""},"#,
        r#""directive":"use strict"},"#,
        r#"{"type":"LabeledStatement","start":14,"end":38,"body":"#,
        r#"{"type":"ForStatement","start":19,"end":38,"init":null,"test":null,"update":null,"body":"#,
        r#"{"type":"BreakStatement","start":28,"end":38,"label":"#,
        r#"{"type":"Identifier","start":34,"end":37,"name":"lbl"}}},"#,
        r#""label":{"type":"Identifier","start":14,"end":17,"name":"lbl"}},"#,
        r#"{"type":"ExpressionStatement","start":39,"end":74,"expression":"#,
        r#"{"type":"CallExpression","start":39,"end":73,"#,
        r#""callee":{"type":"Identifier","start":39,"end":40,"name":"f"},"arguments":["#,
        r#"{"type":"Literal","start":41,"end":49,"value":{},"raw":"/a\\/b/gi","#,
        r#""regex":{"pattern":"a\\/b","flags":"gi"}},"#,
        r#"{"type":"Literal","start":51,"end":55,"value":null,"raw":"null"},"#,
        r#"{"type":"UnaryExpression","start":57,"end":62,"operator":"!","prefix":true,"argument":"#,
        r#"{"type":"Literal","start":58,"end":62,"value":true,"raw":"true"}},"#,
        r#"{"type":"UpdateExpression","start":64,"end":67,"operator":"++","prefix":true,"argument":"#,
        r#"{"type":"Identifier","start":66,"end":67,"name":"x"}},"#,
        r#"{"type":"MemberExpression","start":69,"end":72,"#,
        r#""object":{"type":"Identifier","start":69,"end":70,"name":"o"},"#,
        r#""property":{"type":"Identifier","start":71,"end":72,"name":"p"},"computed":false}]}},"#,
        r#"{"type":"VariableDeclaration","start":75,"end":109,"declarations":["#,
        r#"{"type":"VariableDeclarator","start":79,"end":108,"#,
        r#""id":{"type":"Identifier","start":79,"end":80,"name":"g"},"#,
        r#""init":{"type":"ObjectExpression","start":83,"end":108,"properties":["#,
        r#"{"type":"Property","start":84,"end":94,"key":{"type":"Identifier","start":88,"end":89,"name":"k"},"#,
        r#""value":{"type":"FunctionExpression","start":89,"end":94,"id":null,"params":[],"#,
        r#""body":{"type":"BlockStatement","start":92,"end":94,"body":[]},"expression":false},"kind":"get"},"#,
        r#"{"type":"Property","start":96,"end":107,"#,
        r#""key":{"type":"Literal","start":96,"end":100,"value":31,"raw":"0x1F"},"#,
        r#""value":{"type":"ArrayExpression","start":102,"end":107,"elements":["#,
        r#"null,{"type":"Literal","start":105,"end":106,"value":2,"raw":"2"}]},"kind":"init"}]}}],"#,
        r#""kind":"var"}],"sourceType":"script"}"#,
    );
    assert_eq!(source.len(), 109);
    assert_eq!(es5_ast::json::to_json(&program, source), expected);
    assert_reads_back(program, expected, source);
}

/// `to_json` works on any node, not only the root, and strings are escaped as `JSON.stringify` escapes them.
#[test]
fn any_node_and_escaped_strings() {
    let source = "'\\t\"\\u0001'";
    let mut b = AstNodeBuilder::new();
    let literal = b.string_literal(Span::new(0, 11), "\t\"\u{1}".into(), source.into());
    assert_eq!(
        es5_ast::json::to_json(&literal, source),
        r#"{"type":"Literal","start":0,"end":11,"value":"\t\"\u0001","raw":"'\\t\"\\u0001'"}"#
    );
}

/// The writer recurses once per tree level, like the tree's own `Drop`, and must not need much more stack than
/// it: `!!!…!a` 10,000 levels deep is written and dropped on a 2 MiB thread (the writer needs about 1 MiB per
/// 12,000 levels unoptimised, `Drop` about 1 MiB per 11,000; a writer that kept each level's `match` temporaries
/// alive needed 1 MiB per ~2,700 and overflows here).
#[test]
fn deep_trees_need_no_more_stack_than_drop() {
    const DEPTH: usize = 10_000;
    let worker = std::thread::Builder::new().stack_size(2 << 20).spawn(|| {
        let mut b = AstNodeBuilder::new();
        let mut expression = b.expression_identifier(Span::new(0, 1), "a".into());
        for _ in 0..DEPTH {
            expression = b.expression_unary(Span::new(0, 1), UnaryOperator::LogicalNot, expression);
        }
        let json = es5_ast::json::to_json(&expression, "a");
        drop(expression);
        json.matches(r#""operator":"!""#).count()
    });
    assert_eq!(worker.expect("spawn").join().expect("no panic"), DEPTH);
}

/// JSON that does not fit the schema is refused with the path of the offending value and what is wrong with it.
#[test]
fn json_that_does_not_fit_is_refused_with_its_path() {
    let source = "a = 1;";
    let program = concat!(
        r#"{"type":"Program","start":0,"end":6,"body":[{"type":"ExpressionStatement","start":0,"end":6,"expression":"#,
        r#"{"type":"AssignmentExpression","start":0,"end":5,"operator":"=","left":{"type":"Identifier","start":0,"end":1,"name":"a"},"#,
        r#""right":{"type":"Literal","start":4,"end":5,"value":1,"raw":"1"}}}],"sourceType":"script"}"#,
    );
    let read = es5_ast::json::from_json(program, source).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(es5_ast::json::to_json(&read, source), program);

    let error = |bad: &str| es5_ast::json::from_json(bad, source).expect_err("must be refused").to_string();
    let with = |from: &str, to: &str| program.replacen(from, to, 1);
    assert_eq!(
        error(&with(r#""operator":"=""#, r#""operator":"=>""#)),
        "$.body[0].expression.operator: \"=>\" is not a variant of `AssignmentOperator`"
    );
    assert_eq!(
        error(&with(r#""type":"Identifier""#, r#""type":"Identifer""#)),
        "$.body[0].expression.left: `type` is \"Identifer\", which is not a variant of `Expression`"
    );
    // Five structs are written as `Literal`: each is tried, and the error says why none fits.
    let literal = error(&with(r#""value":1,"#, r#""value":[],"#));
    assert!(
        literal.starts_with("$.body[0].expression.right: fits no reading as a variant of `Expression`: "),
        "{literal}"
    );
    for reason in [
        "as NullLiteral, $.body[0].expression.right.value: expected null, found []",
        "as StringLiteral, $.body[0].expression.right.value: expected a string, found an array",
        "as NumericLiteral, $.body[0].expression.right.value: expected a number, found an array",
    ] {
        assert!(literal.contains(reason), "{literal}");
    }
    assert_eq!(
        error(&with(r#""start":4,"end":5"#, r#""start":4,"end":9"#)),
        "$.body[0].expression.right: span 4..9 (UTF-16) is not a range of characters of the source"
    );
    assert_eq!(
        error(&with(r#""name":"a""#, r#""name":"a","extra":1"#)),
        "$.body[0].expression.left: unknown member `extra` (expected type, start, end, name)"
    );
}
