//! Three transforms, each written twice: on the boxed tree with `VisitMut`, and on the flat tree with in-place
//! edits (`flat::view_mut`, `FlatVisitMut`) and structural ones (`flat::Editor`). The two must give the same tree
//! (`parse --edit ... --edit-on flat|boxed` prints the same JSON; `tests/transform.rs` checks it on real files).
//!
//! - [`Transform::Rename`]: every `Identifier` named `old` (whatever its role) is named `new`.
//! - [`Transform::DropEmpty`]: every `EmptyStatement` is removed from every statement list; one that is a required
//!   single child (`if (a);`) stays.
//! - [`Transform::Fold`]: a `BinaryExpression` with `+`, `-` or `*` whose operands are both numeric literals
//!   (after folding them, bottom-up) becomes one numeric literal with its span, the JavaScript value and `raw`
//!   as JavaScript's `String(value)` writes it, where the value is finite.

use ast_runtime::json::write_js_number;
use es5_ast::flat::{self, Editor, FlatAst, FlatVisitMut, view, view_mut};
use es5_ast::{AstBuild, AstNodeBuilder, BinaryOperator, Expression, NodeKind, Program, Statement, VisitMut, walk_mut};

/// One transform of the `--edit` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transform {
    /// `rename:OLD=NEW`.
    Rename {
        /// The name replaced.
        old: String,
        /// The name put instead.
        new: String,
    },
    /// `drop-empty`.
    DropEmpty,
    /// `fold`.
    Fold,
}

impl core::str::FromStr for Transform {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "drop-empty" => Ok(Transform::DropEmpty),
            "fold" => Ok(Transform::Fold),
            _ => match s.strip_prefix("rename:").and_then(|rest| rest.split_once('=')) {
                Some((old, new)) if !old.is_empty() && !new.is_empty() => {
                    Ok(Transform::Rename { old: old.to_string(), new: new.to_string() })
                }
                _ => Err(format!("unknown edit `{s}`: expected rename:OLD=NEW, drop-empty or fold")),
            },
        }
    }
}

impl Transform {
    /// Applies the transform to the boxed tree, with `VisitMut`.
    pub fn apply_boxed(&self, program: &mut Program) {
        match self {
            Transform::Rename { old, new } => RenameBoxed { old, new }.visit_program(program),
            Transform::DropEmpty => DropEmptyBoxed.visit_program(program),
            Transform::Fold => FoldBoxed { builder: AstNodeBuilder::continuing(&*program) }.visit_program(program),
        }
    }

    /// Applies the transform to the flat tree: a rename in place, the others as structural edits committed into a
    /// new tree. An error only if the edits are refused, which would be a bug of the transform.
    pub fn apply_flat(&self, ast: &mut FlatAst) -> Result<(), flat::EditError> {
        match self {
            Transform::Rename { old, new } => {
                rename_flat(ast, old, new);
                Ok(())
            }
            Transform::DropEmpty => {
                if let Some(edited) = drop_empty_flat(ast)? {
                    *ast = edited;
                }
                Ok(())
            }
            Transform::Fold => {
                if let Some(edited) = fold_flat(ast)? {
                    *ast = edited;
                }
                Ok(())
            }
        }
    }
}

/// `String(value)` in JavaScript.
pub fn js_string(value: f64) -> String {
    let mut out = String::new();
    write_js_number(&mut out, value);
    out
}

struct RenameBoxed<'a> {
    old: &'a str,
    new: &'a str,
}

impl VisitMut for RenameBoxed<'_> {
    fn visit_identifier(&mut self, it: &mut es5_ast::Identifier) {
        if it.name == self.old {
            it.name = self.new.to_string();
        }
    }
}

/// The flat rename: a linear scan over the nodes; each `Identifier` named `old` gets `new` in place.
pub fn rename_flat(ast: &mut FlatAst, old: &str, new: &str) {
    struct Rename<'a> {
        old: &'a str,
        new: &'a str,
    }
    impl FlatVisitMut for Rename<'_> {
        fn visit_identifier(&mut self, mut it: view_mut::Identifier<'_>) {
            if it.view().name() == self.old {
                it.set_name(self.new);
            }
        }
    }
    flat::walk_flat_mut(ast, &mut Rename { old, new });
}

struct DropEmptyBoxed;

fn drop_empty(list: &mut Vec<Statement>) {
    list.retain(|statement| !matches!(statement, Statement::Empty(_)));
}

impl VisitMut for DropEmptyBoxed {
    fn visit_program(&mut self, it: &mut Program) {
        drop_empty(&mut it.body);
        walk_mut::walk_program(self, it);
    }

    fn visit_block_statement(&mut self, it: &mut es5_ast::BlockStatement) {
        drop_empty(&mut it.body);
        walk_mut::walk_block_statement(self, it);
    }

    fn visit_switch_case(&mut self, it: &mut es5_ast::SwitchCase) {
        drop_empty(&mut it.consequent);
        walk_mut::walk_switch_case(self, it);
    }
}

/// The flat drop-empty: every statement list's `EmptyStatement` entries are removed, found through the lists'
/// IDs (no parent table needed). `None` when there is none: the tree stays as it is.
pub fn drop_empty_flat(ast: &FlatAst) -> Result<Option<FlatAst>, flat::EditError> {
    let mut editor = Editor::new(ast);
    let is_empty = |id: &&es5_ast::NodeId| ast.node(**id).is_some_and(|node| node.kind() == NodeKind::EmptyStatement);
    let mut drop = |ids: &[es5_ast::NodeId]| -> Result<(), flat::EditError> {
        ids.iter().filter(is_empty).try_for_each(|&id| editor.remove(id))
    };
    drop(ast.root().body_ids())?;
    for block in ast.iter_views::<view::BlockStatement<'_>>() {
        drop(block.body_ids())?;
    }
    for case in ast.iter_views::<view::SwitchCase<'_>>() {
        drop(case.consequent_ids())?;
    }
    if editor.is_empty() {
        return Ok(None);
    }
    Ok(Some(editor.commit()?.ast))
}

/// The folded value of `operator` on `left` and `right`, when it is one of `+ - *` and the result is finite (an
/// operand that did not fold is NaN, and so is the result).
fn fold(operator: BinaryOperator, left: f64, right: f64) -> Option<f64> {
    let value = match operator {
        BinaryOperator::Addition => left + right,
        BinaryOperator::Subtraction => left - right,
        BinaryOperator::Multiplication => left * right,
        _ => return None,
    };
    value.is_finite().then_some(value)
}

struct FoldBoxed {
    builder: AstNodeBuilder,
}

impl VisitMut for FoldBoxed {
    fn visit_expression(&mut self, it: &mut Expression) {
        // Children first: what they fold to decides whether this one folds.
        walk_mut::walk_expression(self, it);
        let Expression::Binary(binary) = it else { return };
        let (Expression::NumericLiteral(left), Expression::NumericLiteral(right)) = (&binary.left, &binary.right)
        else {
            return;
        };
        if let Some(value) = fold(binary.operator, left.value, right.value) {
            *it = self.builder.expression_numeric_literal(binary.span, value, js_string(value));
        }
    }
}

/// The flat fold: one backward scan computes what every expression folds to (children come after their parent in
/// preorder, so before it backwards), then one forward scan replaces each outermost folding `BinaryExpression` by a
/// new literal and skips its subtree. `None` when nothing folds: the tree stays as it is.
pub fn fold_flat(ast: &FlatAst) -> Result<Option<FlatAst>, flat::EditError> {
    // What each node folds to; NaN for "does not fold" (a folded value is finite, never NaN).
    let mut folded: Vec<f64> = vec![f64::NAN; ast.len()];
    let mut any = false;
    for (index, node) in ast.nodes().iter().enumerate().rev() {
        let id = es5_ast::NodeId::from_usize(index);
        folded[index] = match node.kind() {
            NodeKind::NumericLiteral => ast.view::<view::NumericLiteral<'_>>(id).map_or(f64::NAN, |it| it.value()),
            NodeKind::BinaryExpression => {
                let Some(binary) = ast.view::<view::BinaryExpression<'_>>(id) else { continue };
                // The left operand is the next node (implied, not stored); the right one is stored.
                let left = folded.get(index + 1).copied().unwrap_or(f64::NAN);
                let right = folded.get(binary.data().right.index()).copied().unwrap_or(f64::NAN);
                let value = fold(binary.operator(), left, right);
                any |= value.is_some();
                value.unwrap_or(f64::NAN)
            }
            _ => f64::NAN,
        };
    }
    if !any {
        return Ok(None);
    }
    let mut editor = Editor::new(ast);
    let mut index = 0;
    while index < ast.len() {
        let id = es5_ast::NodeId::from_usize(index);
        let node = ast.node(id).filter(|node| node.kind() == NodeKind::BinaryExpression);
        match (node, folded[index]) {
            (Some(node), value) if !value.is_nan() => {
                let literal = editor.builder().numeric_literal(node.span, value, &js_string(value));
                editor.replace(id, literal)?;
                index = ast.subtree(id).end;
            }
            _ => index += 1,
        }
    }
    Ok(Some(editor.commit()?.ast))
}
