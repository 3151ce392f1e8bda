//! The rules over the boxed tree: [`Visit`], with the field of the parent announced by `enter_field`.

use es5_ast::visit::walk;
use es5_ast::{
    BinaryExpression, FunctionDeclaration, FunctionExpression, Identifier, MemberExpression, ParentField, Program,
    Visit,
};

use crate::Finding;
use crate::rules::{self, Functions};

/// Every finding in `program`, by position.
pub fn lint(program: &Program) -> Vec<Finding> {
    let mut lint = Lint::default();
    lint.visit_program(program);
    let mut findings = lint.findings;
    findings.extend(lint.functions.finish());
    findings.sort();
    findings
}

#[derive(Default)]
struct Lint<'a> {
    functions: Functions<'a>,
    /// The field of its parent that holds the node being visited (the last `enter_field`).
    field: Option<ParentField>,
    /// Whether each member expression the walk is in is computed (`a[b]`), innermost last.
    computed: Vec<bool>,
    findings: Vec<Finding>,
}

impl<'a> Visit<'a> for Lint<'a> {
    fn enter_field(&mut self, field: ParentField) {
        self.field = Some(field);
    }

    fn visit_function_declaration(&mut self, it: &'a FunctionDeclaration) {
        self.functions.enter_function(it.span.start);
        walk::walk_function_declaration(self, it);
        self.functions.leave_function();
    }

    fn visit_function_expression(&mut self, it: &'a FunctionExpression) {
        self.functions.enter_function(it.span.start);
        walk::walk_function_expression(self, it);
        self.functions.leave_function();
    }

    fn visit_binary_expression(&mut self, it: &'a BinaryExpression) {
        self.findings.extend(rules::eqeqeq(it.span.start, it.operator));
        walk::walk_binary_expression(self, it);
    }

    fn visit_member_expression(&mut self, it: &'a MemberExpression) {
        self.computed.push(it.computed);
        walk::walk_member_expression(self, it);
        self.computed.pop();
    }

    fn visit_identifier(&mut self, it: &'a Identifier) {
        let computed = || self.computed.last().copied().unwrap_or(false);
        let role = rules::role(self.field, computed);
        self.functions.identifier(&it.name, it.span.start, role);
    }
}
