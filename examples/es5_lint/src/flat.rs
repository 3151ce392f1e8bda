//! The rules over the flat tree: views and [`FlatVisit`], one linear scan of the nodes.

use es5_ast::flat::{FlatAst, NodeRef, view};
use es5_ast::{FlatVisit, NodeKind, walk_flat};

use crate::Finding;
use crate::rules::{self, Functions};

/// Every finding in `ast`, by position.
pub fn lint(ast: &FlatAst) -> Vec<Finding> {
    let mut lint = Lint::default();
    walk_flat(&mut lint, ast);
    let mut findings = lint.findings;
    findings.extend(lint.functions.finish());
    findings.sort();
    findings
}

#[derive(Default)]
struct Lint<'a> {
    functions: Functions<'a>,
    findings: Vec<Finding>,
}

fn is_function(kind: NodeKind) -> bool {
    matches!(kind, NodeKind::FunctionDeclaration | NodeKind::FunctionExpression)
}

impl<'a> FlatVisit<'a> for Lint<'a> {
    fn enter_node(&mut self, node: NodeRef<'a>) {
        if is_function(node.node_kind()) {
            self.functions.enter_function(node.span().start);
        }
    }

    fn leave_node(&mut self, node: NodeRef<'a>) {
        if is_function(node.node_kind()) {
            self.functions.leave_function();
        }
    }

    fn visit_binary_expression(&mut self, it: view::BinaryExpression<'a>) {
        self.findings.extend(rules::eqeqeq(it.span().start, it.operator()));
    }

    fn visit_identifier(&mut self, it: view::Identifier<'a>) {
        let computed = || it.parent_as::<view::MemberExpression>().is_some_and(|member| member.computed());
        let role = rules::role(it.parent_field(), computed);
        self.functions.identifier(it.name(), it.span().start, role);
    }
}
