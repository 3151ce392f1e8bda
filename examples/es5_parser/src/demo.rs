//! A small ES5 program built by hand with `AstNodeBuilder`; `cargo run -p es5_parser --bin build_program` prints it.
//!
//! ```js
//! function add(a, b) { return a + b; }
//! var sum = add(1, 2);
//! ```

use es5_ast::{AstNodeBuilder, BinaryOperator, Program, SourceType, Span, VariableDeclarationKind};

/// The source the spans below refer to.
pub const SOURCE: &str = "function add(a, b) { return a + b; }\nvar sum = add(1, 2);\n";

/// Builds the program bottom-up, as a parser would: children first, so construction IDs are not preorder yet.
pub fn build(b: &mut AstNodeBuilder) -> Program {
    let sp = Span::new;
    // function add(a, b) { return a + b; }
    let a = b.expression_identifier(sp(28, 29), "a".into());
    let b_ref = b.expression_identifier(sp(32, 33), "b".into());
    let sum = b.expression_binary(sp(28, 33), BinaryOperator::Addition, a, b_ref);
    let ret = b.statement_return(sp(21, 34), Some(sum));
    let body = b.block_statement(sp(19, 36), vec![ret]);
    let name = b.identifier(sp(9, 12), "add".into());
    let params = vec![b.identifier(sp(13, 14), "a".into()), b.identifier(sp(16, 17), "b".into())];
    let function = b.statement_function_declaration(sp(0, 36), name, params, body);
    // var sum = add(1, 2);
    let callee = b.expression_identifier(sp(47, 50), "add".into());
    let args = vec![
        b.expression_numeric_literal(sp(51, 52), 1.0, "1".into()),
        b.expression_numeric_literal(sp(54, 55), 2.0, "2".into()),
    ];
    let call = b.expression_call(sp(47, 56), callee, args);
    let id = b.identifier(sp(41, 44), "sum".into());
    let declarator = b.variable_declarator(sp(41, 56), id, Some(call));
    let var = b.statement_variable_declaration(sp(37, 57), vec![declarator], VariableDeclarationKind::Var);
    b.program(sp(0, 58), vec![function, var], SourceType::Script)
}
