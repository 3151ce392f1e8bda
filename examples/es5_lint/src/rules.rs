//! The rules' logic, fed the same events by both front ends ([`crate::boxed`], [`crate::flat`]): a function starts
//! or ends, an identifier appears in some role, an operator is used.

use std::collections::HashSet;

use es5_ast::{BinaryOperator, ParentField};

use crate::{Finding, Rule, deepest_function_message, eqeqeq_message, unused_var_message};

/// What an `Identifier` names, told by the field of its parent that holds it: ESTree uses one node type for all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Declared by `var`.
    Var,
    /// Another declaration: a function's name or parameter, a `catch` parameter.
    OtherBinding,
    /// A read or a write of a variable.
    Reference,
    /// A property name: an object literal's key, or the name after a `.`.
    PropertyName,
    /// A statement label.
    Label,
}

/// The role of an `Identifier` held by `field` of its parent (`None`: the identifier is the root). `computed` is
/// asked only when the parent is a member expression: `a.b` names a property, `a[b]` reads a variable.
pub(crate) fn role(field: Option<ParentField>, computed: impl FnOnce() -> bool) -> Role {
    use ParentField as F;
    match field {
        Some(F::VariableDeclaratorId) => Role::Var,
        Some(
            F::FunctionDeclarationId
            | F::FunctionDeclarationParams
            | F::FunctionExpressionId
            | F::FunctionExpressionParams
            | F::CatchClauseParam,
        ) => Role::OtherBinding,
        Some(F::LabeledStatementLabel | F::BreakStatementLabel | F::ContinueStatementLabel) => Role::Label,
        Some(F::PropertyKey) => Role::PropertyName,
        Some(F::MemberExpressionProperty) if !computed() => Role::PropertyName,
        _ => Role::Reference,
    }
}

/// The strict operator to use instead of `operator`, and `operator`'s text, when `operator` is `==` or `!=`.
pub(crate) fn loose_equality(operator: BinaryOperator) -> Option<(&'static str, &'static str)> {
    match operator {
        BinaryOperator::Equality => Some(("===", "==")),
        BinaryOperator::Inequality => Some(("!==", "!=")),
        _ => None,
    }
}

/// The finding of [`Rule::Eqeqeq`] for an operator at `offset`.
pub(crate) fn eqeqeq(offset: u32, operator: BinaryOperator) -> Option<Finding> {
    let (strict, loose) = loose_equality(operator)?;
    Some(Finding { offset, rule: Rule::Eqeqeq, message: eqeqeq_message(strict, loose) })
}

/// The `var`s of one function and the names referenced in it.
#[derive(Default)]
struct Scope<'a> {
    vars: Vec<(&'a str, u32)>,
    referenced: HashSet<&'a str>,
}

/// [`Rule::UnusedVar`] and [`Rule::DeepestFunction`]: a stack of the functions the walk is in.
#[derive(Default)]
pub(crate) struct Functions<'a> {
    open: Vec<Scope<'a>>,
    /// The deepest nesting so far and where the first function at that depth starts.
    deepest: Option<(usize, u32)>,
    findings: Vec<Finding>,
}

impl<'a> Functions<'a> {
    /// The walk enters a function that starts at `offset`.
    pub(crate) fn enter_function(&mut self, offset: u32) {
        self.open.push(Scope::default());
        let depth = self.open.len();
        if self.deepest.is_none_or(|(deepest, _)| depth > deepest) {
            self.deepest = Some((depth, offset));
        }
    }

    /// The walk leaves the innermost open function: its unused `var`s are known now (a reference may follow
    /// the declaration or precede it), and what it referenced counts for the enclosing function too (closures).
    pub(crate) fn leave_function(&mut self) {
        let Some(scope) = self.open.pop() else { return };
        for (name, offset) in &scope.vars {
            if !scope.referenced.contains(name) {
                self.findings.push(Finding {
                    offset: *offset,
                    rule: Rule::UnusedVar,
                    message: unused_var_message(name),
                });
            }
        }
        if let Some(outer) = self.open.last_mut() {
            outer.referenced.extend(scope.referenced);
        }
    }

    /// An identifier `name` at `offset`, in `role`. Outside every function only references matter, and none do.
    pub(crate) fn identifier(&mut self, name: &'a str, offset: u32, role: Role) {
        let Some(scope) = self.open.last_mut() else { return };
        match role {
            Role::Var => scope.vars.push((name, offset)),
            Role::Reference => {
                scope.referenced.insert(name);
            }
            Role::OtherBinding | Role::PropertyName | Role::Label => {}
        }
    }

    /// The findings, once the walk is over.
    pub(crate) fn finish(mut self) -> Vec<Finding> {
        if let Some((depth, offset)) = self.deepest {
            self.findings.push(Finding {
                offset,
                rule: Rule::DeepestFunction,
                message: deepest_function_message(depth),
            });
        }
        self.findings
    }
}
