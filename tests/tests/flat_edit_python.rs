//! Editing the flat Python tree: random edit scripts on random Python trees (`python_ast::random`) give the tree
//! the same script gives when applied to the boxed tree with `VisitMut`: equal after `FlatAst::from_boxed` (buffer
//! for buffer), equal as boxed trees after `to_boxed` (the reference renumbered in preorder), valid through
//! `FlatAst::from_parts`, and the commit's old -> new ID map agrees with the IDs the boxed tree kept. The scripts
//! rename names and functions, set constants and spans in place, and remove, insert next to, replace and append
//! statements in every statement list (`body`, `orelse`, `finalbody` of modules, functions, classes, loops, `if`,
//! `with`, `try`, handlers and match cases), replace and wrap expressions and fill and clear `return` values.
//! `FLAT_EDIT_PYTHON_SCRIPTS=N` for more scripts (default 5,000).

use ast_runtime::builder::Renumber;
use python_ast::flat::{self, Built, EditError, Editor, FlatAst, view_mut};
use python_ast::random::RandomTree;
use python_ast::{
    AstBuild, AstNodeBuilder, ConstantValue, Expr, ExprContext, GetNodeId, GetSpan, Module, NodeId, NodeIdVec, Span,
    Stmt, UnaryOperator, Visit, VisitMut, walk, walk_mut,
};

/// SplitMix64: the script's choices, from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One edit of a script, on the IDs of the original tree.
#[derive(Clone, Copy, Debug)]
enum Op {
    /// In place: the `Name` gets the id `n{seed}`.
    Rename(NodeId, u32),
    /// In place: the `FunctionDef` gets the name `f{seed}`.
    RenameFunction(NodeId, u32),
    /// In place: the `Constant` gets the value `Int(seed)`.
    SetConstant(NodeId, u32),
    /// In place: the node gets a span.
    SetSpan(NodeId, Span),
    /// A statement of a list.
    Remove(NodeId),
    InsertBefore(NodeId, u32),
    InsertAfter(NodeId, u32),
    /// A statement of a list, by a new statement.
    Replace(NodeId, u32),
    /// An expression, by a new expression.
    ReplaceExpr(NodeId, u32),
    /// Appends a statement to the parent's statement list `field`.
    Push(NodeId, &'static str, u32),
    /// Fills the absent value of a `return`.
    FillReturn(NodeId, u32),
    /// Clears the present value of a `return` (the ID of the `return`, of its value).
    ClearReturn(NodeId, NodeId),
    /// Wraps an expression in `not`.
    Wrap(NodeId),
}

/// A new expression, the same through either builder: a constant, or a name (a new string).
fn expression<B: AstBuild>(b: &mut B, seed: u32) -> B::Expr {
    if seed.is_multiple_of(3) {
        let name = b.name(Span::new(seed, seed + 3), &format!("v{seed}"), ExprContext::Load);
        b.expr_from_name(name)
    } else {
        let constant = b.constant(Span::new(seed, seed + 1), ConstantValue::Int(i64::from(seed)), None);
        b.expr_from_constant(constant)
    }
}

/// A new statement, the same through either builder.
fn statement<B: AstBuild>(b: &mut B, seed: u32) -> B::Stmt {
    if seed.is_multiple_of(2) {
        let pass = b.pass(Span::new(seed, seed + 4));
        b.stmt_from_pass(pass)
    } else {
        let value = expression(b, seed);
        let statement = b.expr_stmt(Span::new(seed, seed + 2), value);
        b.stmt_from_expr(statement)
    }
}

/// What a script's edits are keyed by: one structural edit per node, but a parent takes several appends (to one
/// list or several) and a fill next to each other.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Structural,
    Push,
    Fill,
}

/// How often the scripts reached the cases worth reaching, summed over a run.
#[derive(Default, Debug)]
struct Coverage {
    pushes_on_empty: usize,
    pushes_on_second_list: usize,
    fills: usize,
    removes: usize,
    replaced_statements: usize,
    renames: usize,
    clears: usize,
    wraps: usize,
}

/// What a script may target, found in the boxed tree.
#[derive(Default)]
struct Candidates {
    /// Every statement: each is an element of a statement list.
    statements: Vec<NodeId>,
    expressions: Vec<NodeId>,
    names: Vec<NodeId>,
    functions: Vec<NodeId>,
    constants: Vec<NodeId>,
    /// Statement lists: (parent, field, empty?).
    lists: Vec<(NodeId, &'static str, bool)>,
    /// `return`s without a value.
    bare_returns: Vec<NodeId>,
    /// `return`s with a value: (the `return`, its value).
    returns: Vec<(NodeId, NodeId)>,
}

/// The node types with statement lists, their visit and walk functions and their list fields.
macro_rules! statement_lists {
    ($m:ident) => {
        $m! {
            visit_module, walk_module, Module, [body];
            visit_async_function_def, walk_async_function_def, AsyncFunctionDef, [body];
            visit_class_def, walk_class_def, ClassDef, [body];
            visit_for, walk_for, For, [body, orelse];
            visit_async_for, walk_async_for, AsyncFor, [body, orelse];
            visit_while, walk_while, While, [body, orelse];
            visit_if, walk_if, If, [body, orelse];
            visit_with, walk_with, With, [body];
            visit_async_with, walk_async_with, AsyncWith, [body];
            visit_try, walk_try, Try, [body, orelse, finalbody];
            visit_try_star, walk_try_star, TryStar, [body, orelse, finalbody];
            visit_except_handler, walk_except_handler, ExceptHandler, [body];
            visit_match_case, walk_match_case, MatchCase, [body];
        }
    };
}

macro_rules! find_lists {
    ($($visit:ident, $walk:ident, $ty:ident, [$($field:ident),*];)*) => {
        $(
            fn $visit(&mut self, it: &'a python_ast::$ty) {
                $(self.lists.push((it.node_id(), stringify!($field), it.$field.is_empty()));)*
                walk::$walk(self, it);
            }
        )*
    };
}

impl<'a> Visit<'a> for Candidates {
    statement_lists!(find_lists);

    fn visit_function_def(&mut self, it: &'a python_ast::FunctionDef) {
        self.functions.push(it.node_id());
        self.lists.push((it.node_id(), "body", it.body.is_empty()));
        walk::walk_function_def(self, it);
    }
    fn visit_stmt(&mut self, it: &'a Stmt) {
        self.statements.push(it.node_id());
        walk::walk_stmt(self, it);
    }
    fn visit_expr(&mut self, it: &'a Expr) {
        self.expressions.push(it.node_id());
        walk::walk_expr(self, it);
    }
    fn visit_name(&mut self, it: &'a python_ast::Name) {
        self.names.push(it.node_id());
        walk::walk_name(self, it);
    }
    fn visit_constant(&mut self, it: &'a python_ast::Constant) {
        self.constants.push(it.node_id());
        walk::walk_constant(self, it);
    }
    fn visit_return(&mut self, it: &'a python_ast::Return) {
        match &it.value {
            None => self.bare_returns.push(it.node_id()),
            Some(value) => self.returns.push((it.node_id(), value.node_id())),
        }
        walk::walk_return(self, it);
    }
}

/// A random script for `tree`: structural edits keep clear of each other's removed subtrees, and each node is the
/// key of one structural edit at most (appends and a fill may share their parent).
fn script(tree: &Module, flat: &FlatAst, rng: &mut Rng, coverage: &mut Coverage) -> Vec<Op> {
    let mut c = Candidates::default();
    c.visit_module(tree);
    let empty_lists: Vec<(NodeId, &'static str, bool)> = c.lists.iter().copied().filter(|l| l.2).collect();
    let mut ops = Vec::new();
    let mut keys: Vec<(NodeId, Key)> = Vec::new();
    let mut removed: Vec<core::ops::Range<usize>> = Vec::new();
    let count = 1 + rng.below(8);
    for _ in 0..count * 3 {
        if ops.len() >= count {
            break;
        }
        let pick = |rng: &mut Rng, ids: &[NodeId]| (!ids.is_empty()).then(|| ids[rng.below(ids.len())]);
        let seed = rng.next() as u32 % 1000;
        let op = match rng.below(14) {
            0 => pick(rng, &c.names).map(|id| Op::Rename(id, seed)),
            1 => pick(rng, &c.functions).map(|id| Op::RenameFunction(id, seed)),
            2 => pick(rng, &c.constants).map(|id| Op::SetConstant(id, seed)),
            3 => Some(Op::SetSpan(NodeId::from_usize(rng.below(flat.len())), Span::new(seed, seed + 7))),
            4 => pick(rng, &c.statements).map(Op::Remove),
            5 => pick(rng, &c.statements).map(|id| Op::InsertBefore(id, seed)),
            6 => pick(rng, &c.statements).map(|id| Op::InsertAfter(id, seed)),
            7 => pick(rng, &c.statements).map(|id| Op::Replace(id, seed)),
            8 => pick(rng, &c.expressions).map(|id| Op::ReplaceExpr(id, seed)),
            // Half of the appends go to an empty list when there is one.
            9 | 10 => {
                let lists = if !empty_lists.is_empty() && rng.below(2) == 0 { &empty_lists } else { &c.lists };
                (!lists.is_empty())
                    .then(|| lists[rng.below(lists.len())])
                    .map(|(id, field, _)| Op::Push(id, field, seed))
            }
            11 => pick(rng, &c.bare_returns).map(|id| Op::FillReturn(id, seed)),
            12 => (!c.returns.is_empty())
                .then(|| c.returns[rng.below(c.returns.len())])
                .map(|(r, v)| Op::ClearReturn(r, v)),
            _ => pick(rng, &c.expressions).map(Op::Wrap),
        };
        let Some(op) = op else { continue };
        let (key, tag, kills) = match op {
            Op::Rename(..) | Op::RenameFunction(..) | Op::SetConstant(..) | Op::SetSpan(..) => {
                coverage.renames += usize::from(!matches!(op, Op::SetSpan(..)));
                ops.push(op);
                continue;
            }
            Op::Remove(id) | Op::Replace(id, _) | Op::ReplaceExpr(id, _) => (id, Key::Structural, true),
            Op::ClearReturn(_, value) => (value, Key::Structural, true),
            Op::InsertBefore(id, _) | Op::InsertAfter(id, _) | Op::Wrap(id) => (id, Key::Structural, false),
            Op::Push(id, ..) => (id, Key::Push, false),
            Op::FillReturn(id, _) => (id, Key::Fill, false),
        };
        let inside = |range: &core::ops::Range<usize>, id: NodeId| range.contains(&id.index());
        let clash = |&(k, t): &(NodeId, Key)| {
            k == key && (t == Key::Structural || tag == Key::Structural || (t == tag && tag == Key::Fill))
        };
        if keys.iter().any(clash) || removed.iter().any(|range| inside(range, key)) {
            continue;
        }
        let range = flat.subtree(key);
        if kills && keys.iter().any(|&(k, _)| inside(&range, k)) {
            continue;
        }
        if kills {
            removed.push(range);
        }
        match op {
            Op::Push(id, field, _) => {
                coverage.pushes_on_empty += usize::from(empty_lists.iter().any(|l| l.0 == id && l.1 == field));
                let other = |o: &Op| matches!(*o, Op::Push(p, f, _) if p == id && f != field);
                coverage.pushes_on_second_list += usize::from(ops.iter().any(other));
            }
            Op::FillReturn(..) => coverage.fills += 1,
            Op::Remove(..) => coverage.removes += 1,
            Op::Replace(..) => coverage.replaced_statements += 1,
            Op::ClearReturn(..) => coverage.clears += 1,
            Op::Wrap(..) => coverage.wraps += 1,
            _ => {}
        }
        keys.push((key, tag));
        ops.push(op);
    }
    ops
}

/// The script done on the boxed tree with `VisitMut`, by the IDs of the original tree.
struct Reference<'a> {
    ops: &'a [Op],
    builder: AstNodeBuilder,
}

impl Reference<'_> {
    /// The list edits on the statements of `parent`'s list `field`, then the appends to it, in script order.
    fn list(&mut self, parent: NodeId, field: &str, list: &mut Vec<Stmt>) {
        let old = core::mem::take(list);
        for element in old {
            let id = element.node_id();
            let mut keep = true;
            let mut after = Vec::new();
            for op in self.ops {
                match *op {
                    Op::Remove(target) if target == id => keep = false,
                    Op::InsertBefore(target, seed) if target == id => list.push(statement(&mut self.builder, seed)),
                    Op::InsertAfter(target, seed) if target == id => after.push(statement(&mut self.builder, seed)),
                    _ => {}
                }
            }
            if keep {
                list.push(element);
            }
            list.extend(after);
        }
        for op in self.ops {
            if let Op::Push(target, name, seed) = *op
                && target == parent
                && name == field
            {
                list.push(statement(&mut self.builder, seed));
            }
        }
    }
}

/// Spans of any node: the boxed tree has no span setter by ID, so the reference goes through flat -> boxed for
/// them (the conversion is the tested identity) before its visit.
fn spans_on_any(tree: &mut Module, ops: &[Op]) {
    if !ops.iter().any(|op| matches!(op, Op::SetSpan(..))) {
        return;
    }
    let mut flat = FlatAst::from_boxed(tree);
    for op in ops {
        if let Op::SetSpan(id, span) = *op {
            flat.set_span(id, span);
        }
    }
    *tree = flat.to_boxed();
}

macro_rules! edit_lists {
    ($($visit:ident, $walk:ident, $ty:ident, [$($field:ident),*];)*) => {
        $(
            fn $visit(&mut self, it: &mut python_ast::$ty) {
                let id = it.node_id();
                $(self.list(id, stringify!($field), &mut it.$field);)*
                walk_mut::$walk(self, it);
            }
        )*
    };
}

impl VisitMut for Reference<'_> {
    statement_lists!(edit_lists);

    fn visit_function_def(&mut self, it: &mut python_ast::FunctionDef) {
        let id = it.node_id();
        for op in self.ops {
            if let Op::RenameFunction(target, seed) = *op
                && target == id
            {
                it.name = format!("f{seed}");
            }
        }
        self.list(id, "body", &mut it.body);
        walk_mut::walk_function_def(self, it);
    }
    fn visit_stmt(&mut self, it: &mut Stmt) {
        walk_mut::walk_stmt(self, it);
        let id = it.node_id();
        for op in self.ops {
            if let Op::Replace(target, seed) = *op
                && target == id
            {
                *it = statement(&mut self.builder, seed);
            }
        }
    }
    fn visit_expr(&mut self, it: &mut Expr) {
        walk_mut::walk_expr(self, it);
        let id = it.node_id();
        for op in self.ops {
            match *op {
                Op::ReplaceExpr(target, seed) if target == id => *it = expression(&mut self.builder, seed),
                Op::Wrap(target) if target == id => {
                    let span = it.span();
                    let placeholder = expression(&mut self.builder, 1);
                    let inner = core::mem::replace(it, placeholder);
                    let not = self.builder.unary_op(span, UnaryOperator::Not, inner);
                    *it = AstBuild::expr_from_unary_op(&self.builder, not);
                }
                _ => {}
            }
        }
    }
    fn visit_name(&mut self, it: &mut python_ast::Name) {
        for op in self.ops {
            if let Op::Rename(target, seed) = *op
                && target == it.node_id()
            {
                it.id = format!("n{seed}");
            }
        }
        walk_mut::walk_name(self, it);
    }
    fn visit_constant(&mut self, it: &mut python_ast::Constant) {
        for op in self.ops {
            if let Op::SetConstant(target, seed) = *op
                && target == it.node_id()
            {
                it.value = ConstantValue::Int(i64::from(seed));
            }
        }
        walk_mut::walk_constant(self, it);
    }
    fn visit_return(&mut self, it: &mut python_ast::Return) {
        for op in self.ops {
            match *op {
                Op::FillReturn(target, seed) if target == it.node_id() => {
                    assert!(it.value.is_none(), "fills are of absent values");
                    it.value = Some(expression(&mut self.builder, seed));
                }
                Op::ClearReturn(target, _) if target == it.node_id() => it.value = None,
                _ => {}
            }
        }
        walk_mut::walk_return(self, it);
    }
}

/// The script done on the flat tree: in-place edits through the typed mutable views, then the structural ones
/// through an `Editor`.
fn apply_flat(ast: &FlatAst, ops: &[Op]) -> Result<flat::Committed, EditError> {
    let mut ast = ast.clone();
    for op in ops {
        match *op {
            Op::Rename(id, seed) => {
                ast.view_mut::<view_mut::Name<'_>>(id).expect("a name").set_id(&format!("n{seed}"));
            }
            Op::RenameFunction(id, seed) => {
                ast.view_mut::<view_mut::FunctionDef<'_>>(id).expect("a function").set_name(&format!("f{seed}"));
            }
            Op::SetConstant(id, seed) => {
                let mut constant = ast.view_mut::<view_mut::Constant<'_>>(id).expect("a constant");
                constant.set_value(ConstantValue::Int(i64::from(seed)));
            }
            Op::SetSpan(id, span) => assert!(ast.set_span(id, span)),
            _ => {}
        }
    }
    let mut editor = Editor::new(&ast);
    for op in ops {
        match *op {
            Op::Remove(id) => editor.remove(id)?,
            Op::InsertBefore(id, seed) => {
                let new = statement(editor.builder(), seed);
                editor.insert_before(id, new)?;
            }
            Op::InsertAfter(id, seed) => {
                let new = statement(editor.builder(), seed);
                editor.insert_after(id, new)?;
            }
            Op::Replace(id, seed) => {
                let new = statement(editor.builder(), seed);
                editor.replace(id, new)?;
            }
            Op::ReplaceExpr(id, seed) => {
                let new = expression(editor.builder(), seed);
                editor.replace(id, new)?;
            }
            Op::Push(id, field, seed) => {
                let new = statement(editor.builder(), seed);
                editor.push_to_list(id, field, new)?;
            }
            Op::FillReturn(id, seed) => {
                let new = expression(editor.builder(), seed);
                editor.set_optional(id, "value", new)?;
            }
            Op::ClearReturn(id, _) => editor.clear_optional(id, "value")?,
            Op::Wrap(id) => {
                let span = ast.nodes()[id.index()].span;
                editor.wrap(id, move |b, inner: Built<Expr>| {
                    let not = b.unary_op(span, UnaryOperator::Not, inner);
                    b.expr_from_unary_op(not)
                })?;
            }
            Op::Rename(..) | Op::RenameFunction(..) | Op::SetConstant(..) | Op::SetSpan(..) => {}
        }
    }
    editor.commit()
}

fn run_script(seed: u64, coverage: &mut Coverage) -> usize {
    let mut rng = Rng(seed);
    let tree = RandomTree::new(seed, 1 + (seed % 200) as usize, 10).tree();
    let flat = FlatAst::from_boxed(&tree);
    let ops = script(&tree, &flat, &mut rng, coverage);
    let committed = apply_flat(&flat, &ops).unwrap_or_else(|e| panic!("seed {seed}: {ops:?} refused: {e}"));

    let mut boxed = tree;
    spans_on_any(&mut boxed, &ops);
    let builder = AstNodeBuilder::continuing(&boxed);
    Reference { ops: &ops, builder }.visit_module(&mut boxed);
    let (expected, old_ids) = FlatAst::from_boxed_with_old_ids(&boxed);
    assert!(committed.ast == expected, "seed {seed}: {ops:?}: the flat edit differs from the boxed one");
    // The boxed trees too: the reference with preorder IDs, as `to_boxed` numbers them.
    boxed.renumber_preorder(&mut 0);
    assert!(committed.ast.to_boxed() == boxed, "seed {seed}: {ops:?}: to_boxed differs from the boxed edit");
    assert!(FlatAst::from_parts(committed.ast.clone().into_parts()).is_ok(), "seed {seed}: invalid tree");

    // The ID map: every node the boxed tree kept (an ID of the original tree) is where the map says.
    let old_ids = old_ids.unwrap_or_else(|| NodeIdVec::from_vec((0..expected.len()).map(NodeId::from_usize).collect()));
    let mut kept = 0;
    for (new, &old) in old_ids.iter() {
        if old.index() < flat.len() {
            assert_eq!(committed.ids[old].get(), Some(new), "seed {seed}: old node {old:?} {ops:?}");
            kept += 1;
        }
    }
    let mapped = committed.ids.iter().filter(|(_, id)| id.is_some()).count();
    assert_eq!(mapped, kept, "seed {seed}: the map keeps nodes the boxed tree dropped");
    ops.len()
}

#[test]
fn random_python_edit_scripts_match_the_boxed_reference() {
    let scripts: u64 = std::env::var("FLAT_EDIT_PYTHON_SCRIPTS").ok().and_then(|n| n.parse().ok()).unwrap_or(5_000);
    let mut ops = 0;
    let mut coverage = Coverage::default();
    for seed in 0..scripts {
        ops += run_script(seed, &mut coverage);
    }
    assert!(ops >= scripts as usize, "the scripts hold edits");
    if scripts >= 1000 {
        let Coverage {
            pushes_on_empty,
            pushes_on_second_list,
            fills,
            removes,
            replaced_statements,
            renames,
            clears,
            wraps,
        } = coverage;
        let least =
            [pushes_on_empty, pushes_on_second_list, fills, removes, replaced_statements, renames, clears, wraps];
        assert!(least.iter().all(|&n| n >= 10), "too few of some edits: {coverage:?}");
    }
}
