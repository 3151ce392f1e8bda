//! Editing the flat tree: random edit scripts (in-place and structural) on random ES5 trees give the tree the same
//! script gives when applied to the boxed tree with `VisitMut` (equal after `FlatAst::from_boxed`, buffer for
//! buffer), the commit's old -> new ID map agrees with the IDs the boxed tree kept, side tables follow, and every
//! misuse of the editor is an error. The scripts replace, remove, insert next to and wrap nodes, append to lists
//! (empty ones too, several times), fill absent optional fields and edit the elements of an array (a list of
//! optional expressions), put copies of old subtrees in place of others and move subtrees (an expression replaced
//! by one inside it, two expressions swapped). `FLAT_EDIT_SCRIPTS=N` for more scripts (default 10,000).

use std::collections::HashMap;

use es5_ast::flat::{self, Built, EditError, Editor, FlatAst, view_mut};
use es5_ast::random::RandomTree;
use es5_ast::{
    AstBuild, AstNodeBuilder, BinaryOperator, BuildCopy, Expression, GetNodeId, GetSpan, NodeId, NodeIdVec,
    OptionalNodeId, Program, Span, Statement, UnaryOperator, Visit, VisitMut, walk, walk_mut,
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
    /// In place: the identifier gets the name `n{seed}`.
    Rename(NodeId, u32),
    /// In place: the binary expression gets an operator.
    SetOperator(NodeId, BinaryOperator),
    /// In place: the node gets a span.
    SetSpan(NodeId, Span),
    Remove(NodeId),
    InsertBefore(NodeId, u32),
    InsertAfter(NodeId, u32),
    Replace(NodeId, u32),
    Wrap(NodeId),
    ClearAlternate(NodeId),
    SetAlternate(NodeId, u32),
    /// Appends to the parent's list field: a statement, or a literal to `elements` (an array's optional list).
    Push(NodeId, &'static str, u32),
    /// Fills the parent's absent optional expression field (not `alternate`: `SetAlternate`) with a literal.
    Fill(NodeId, &'static str, u32),
    /// Inserts a literal before an element of an array (a list of optional expressions, holes `None`).
    ElementBefore(NodeId, u32),
    /// Inserts a literal after an element of an array.
    ElementAfter(NodeId, u32),
    /// Replaces the first expression with a copy of the second (as it is after the in-place edits; it may lie
    /// anywhere, even inside the first): `FlatBuilder::copy_subtree`.
    ReplaceWithCopy(NodeId, NodeId),
    /// Moves: the first expression replaced by the second, taken from inside it (`Editor::take`).
    Unwrap(NodeId, NodeId),
    /// Moves: two expressions, neither inside the other, trade places.
    Swap(NodeId, NodeId),
    /// Moves: a statement of a list to before another (which may hold it), leaving its place empty.
    MoveBefore(NodeId, NodeId),
}

/// What a script's edits are keyed by: one structural edit per node, but a parent takes several appends, and
/// fills of distinct fields, next to each other.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Structural,
    Push,
    Fill(&'static str),
}

/// How often the scripts reached the cases the commit treats apart, summed over a run.
#[derive(Default, Debug)]
struct Coverage {
    pushes_on_empty: usize,
    pushes_on_elements: usize,
    repeated_pushes: usize,
    fills: usize,
    element_edits: usize,
    copies: usize,
    moves: usize,
}

const OPERATORS: [BinaryOperator; 4] =
    [BinaryOperator::Addition, BinaryOperator::Subtraction, BinaryOperator::Multiplication, BinaryOperator::Equality];

/// A new expression, the same through either builder.
fn literal<B: AstBuild>(b: &mut B, seed: u32) -> B::Expression {
    let literal = b.numeric_literal(Span::new(seed, seed + 1), f64::from(seed), &seed.to_string());
    b.expression_from_numeric_literal(literal)
}

/// A new statement, the same through either builder.
fn statement<B: AstBuild>(b: &mut B, seed: u32) -> B::Statement {
    if seed.is_multiple_of(2) {
        let empty = b.empty_statement(Span::new(seed, seed));
        b.statement_from_empty(empty)
    } else {
        let expression = literal(b, seed);
        let statement = b.expression_statement(Span::new(seed, seed + 2), expression, None);
        b.statement_from_expression(statement)
    }
}

/// What a script may target, found in the boxed tree.
#[derive(Default)]
struct Candidates {
    expressions: Vec<NodeId>,
    listed_statements: Vec<NodeId>,
    ifs: Vec<(NodeId, Option<NodeId>)>,
    identifiers: Vec<NodeId>,
    binaries: Vec<NodeId>,
    /// List fields: (parent, field, empty?).
    lists: Vec<(NodeId, &'static str, bool)>,
    /// Absent optional expression fields: (parent, field).
    absent: Vec<(NodeId, &'static str)>,
    /// Present elements of array expressions.
    elements: Vec<NodeId>,
}

impl Candidates {
    fn absent<T>(&mut self, parent: NodeId, field: &'static str, slot: &Option<T>) {
        if slot.is_none() {
            self.absent.push((parent, field));
        }
    }
}

impl<'a> Visit<'a> for Candidates {
    fn visit_program(&mut self, it: &'a Program) {
        self.listed_statements.extend(it.body.iter().map(GetNodeId::node_id));
        self.lists.push((it.node_id(), "body", it.body.is_empty()));
        walk::walk_program(self, it);
    }
    fn visit_block_statement(&mut self, it: &'a es5_ast::BlockStatement) {
        self.listed_statements.extend(it.body.iter().map(GetNodeId::node_id));
        self.lists.push((it.node_id(), "body", it.body.is_empty()));
        walk::walk_block_statement(self, it);
    }
    fn visit_switch_case(&mut self, it: &'a es5_ast::SwitchCase) {
        self.listed_statements.extend(it.consequent.iter().map(GetNodeId::node_id));
        self.lists.push((it.node_id(), "consequent", it.consequent.is_empty()));
        self.absent(it.node_id(), "test", &it.test);
        walk::walk_switch_case(self, it);
    }
    fn visit_array_expression(&mut self, it: &'a es5_ast::ArrayExpression) {
        self.elements.extend(it.elements.iter().flatten().map(GetNodeId::node_id));
        self.lists.push((it.node_id(), "elements", it.elements.is_empty()));
        walk::walk_array_expression(self, it);
    }
    fn visit_return_statement(&mut self, it: &'a es5_ast::ReturnStatement) {
        self.absent(it.node_id(), "argument", &it.argument);
        walk::walk_return_statement(self, it);
    }
    fn visit_for_statement(&mut self, it: &'a es5_ast::ForStatement) {
        self.absent(it.node_id(), "test", &it.test);
        self.absent(it.node_id(), "update", &it.update);
        walk::walk_for_statement(self, it);
    }
    fn visit_variable_declarator(&mut self, it: &'a es5_ast::VariableDeclarator) {
        self.absent(it.node_id(), "init", &it.init);
        walk::walk_variable_declarator(self, it);
    }
    fn visit_expression(&mut self, it: &'a Expression) {
        self.expressions.push(it.node_id());
        walk::walk_expression(self, it);
    }
    fn visit_if_statement(&mut self, it: &'a es5_ast::IfStatement) {
        self.ifs.push((it.node_id(), it.alternate.as_ref().map(GetNodeId::node_id)));
        walk::walk_if_statement(self, it);
    }
    fn visit_identifier(&mut self, it: &'a es5_ast::Identifier) {
        self.identifiers.push(it.node_id());
    }
    fn visit_binary_expression(&mut self, it: &'a es5_ast::BinaryExpression) {
        self.binaries.push(it.node_id());
        walk::walk_binary_expression(self, it);
    }
}

/// A random script for `tree`: structural edits keep clear of each other's removed subtrees (an edit there is an
/// error, tested apart), and each node is the key of one structural edit at most.
fn script(tree: &Program, flat: &FlatAst, rng: &mut Rng, coverage: &mut Coverage) -> Vec<Op> {
    let mut c = Candidates::default();
    c.visit_program(tree);
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
        let op = match rng.below(17) {
            13 => pick(rng, &c.expressions).and_then(|outer| {
                let inside: Vec<NodeId> = c
                    .expressions
                    .iter()
                    .copied()
                    .filter(|&id| id > outer && flat.subtree(outer).contains(&id.index()))
                    .collect();
                pick(rng, &inside).map(|inner| Op::Unwrap(outer, inner))
            }),
            14 => pick(rng, &c.expressions).zip(pick(rng, &c.expressions)).map(|(a, b)| Op::Swap(a, b)),
            15 => pick(rng, &c.listed_statements)
                .zip(pick(rng, &c.listed_statements))
                .map(|(moved, before)| Op::MoveBefore(moved, before)),
            0 => pick(rng, &c.identifiers).map(|id| Op::Rename(id, seed)),
            1 => pick(rng, &c.binaries).map(|id| Op::SetOperator(id, OPERATORS[rng.below(4)])),
            2 => Some(Op::SetSpan(NodeId::from_usize(rng.below(flat.len())), Span::new(seed, seed + 7))),
            3 => pick(rng, &c.listed_statements).map(Op::Remove),
            4 => pick(rng, &c.listed_statements).map(|id| Op::InsertBefore(id, seed)),
            5 => pick(rng, &c.listed_statements).map(|id| Op::InsertAfter(id, seed)),
            6 => pick(rng, &c.expressions).map(|id| Op::Replace(id, seed)),
            7 => pick(rng, &c.expressions).map(Op::Wrap),
            // Half of the appends go to an empty list when there is one.
            8 | 9 => {
                let lists = if !empty_lists.is_empty() && rng.below(2) == 0 { &empty_lists } else { &c.lists };
                (!lists.is_empty())
                    .then(|| lists[rng.below(lists.len())])
                    .map(|(id, field, _)| Op::Push(id, field, seed))
            }
            10 => {
                (!c.absent.is_empty()).then(|| c.absent[rng.below(c.absent.len())]).map(|(id, f)| Op::Fill(id, f, seed))
            }
            12 => pick(rng, &c.expressions).zip(pick(rng, &c.expressions)).map(|(a, b)| Op::ReplaceWithCopy(a, b)),
            11 => pick(rng, &c.elements).map(|id| match rng.below(3) {
                0 => Op::Remove(id),
                1 => Op::ElementBefore(id, seed),
                _ => Op::ElementAfter(id, seed),
            }),
            _ => (!c.ifs.is_empty()).then(|| c.ifs[rng.below(c.ifs.len())]).map(|(id, alternate)| match alternate {
                Some(alternate) if seed.is_multiple_of(2) => Op::ClearAlternate(alternate),
                _ => Op::SetAlternate(id, seed),
            }),
        };
        let Some(op) = op else { continue };
        // The node the edit is keyed by, and the subtree it removes.
        let (key, tag, kills) = match op {
            Op::Rename(..) | Op::SetOperator(..) | Op::SetSpan(..) => {
                ops.push(op);
                continue;
            }
            Op::Remove(id) | Op::Replace(id, _) | Op::ClearAlternate(id) | Op::ReplaceWithCopy(id, _) => {
                (id, Key::Structural, true)
            }
            // No edit inside the moved subtrees either (a wrap tests that); the inner node of an unwrap is inside
            // the outer's range.
            Op::Unwrap(id, _) => (id, Key::Structural, true),
            Op::MoveBefore(moved, before) => {
                // The target keeps its place (nothing else may be inserted next to it: the order would be the
                // script's), and may hold the moved statement, not lie inside it.
                let free = !keys.iter().any(|&(k, _)| k == before)
                    && !removed.iter().any(|range| range.contains(&before.index()))
                    && !flat.subtree(moved).contains(&before.index());
                if !free {
                    continue;
                }
                (moved, Key::Structural, true)
            }
            Op::Swap(a, b) => {
                let (first, second) = (flat.subtree(a), flat.subtree(b));
                let apart = first.end <= second.start || second.end <= first.start;
                let taken = |id: NodeId| keys.iter().any(|&(k, _)| k == id);
                let second_free = !taken(b)
                    && !removed.iter().any(|range| range.contains(&b.index()))
                    && !keys.iter().any(|&(k, _)| second.contains(&k.index()));
                if !apart || !second_free {
                    continue;
                }
                (a, Key::Structural, true)
            }
            // Setting a present alternate replaces it; an absent one is a fill of the if statement.
            Op::SetAlternate(id, _) => match c.ifs.iter().find(|(if_, _)| *if_ == id).and_then(|(_, alt)| *alt) {
                Some(alternate) => (alternate, Key::Structural, true),
                None => (id, Key::Fill("alternate"), false),
            },
            Op::InsertBefore(id, _)
            | Op::InsertAfter(id, _)
            | Op::Wrap(id)
            | Op::ElementBefore(id, _)
            | Op::ElementAfter(id, _) => (id, Key::Structural, false),
            Op::Push(id, ..) => (id, Key::Push, false),
            Op::Fill(id, field, _) => (id, Key::Fill(field), false),
        };
        let inside = |range: &core::ops::Range<usize>, id: NodeId| range.contains(&id.index());
        let clash = |&(k, t): &(NodeId, Key)| {
            k == key && (t == Key::Structural || tag == Key::Structural || (t == tag && tag != Key::Push))
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
        if let Op::Swap(_, b) = op {
            keys.push((b, Key::Structural));
            removed.push(flat.subtree(b));
        }
        if let Op::MoveBefore(_, before) = op {
            keys.push((before, Key::Structural));
        }
        match op {
            Op::Push(id, field, _) => {
                coverage.pushes_on_empty += usize::from(empty_lists.iter().any(|l| l.0 == id));
                coverage.pushes_on_elements += usize::from(field == "elements");
                coverage.repeated_pushes += usize::from(keys.contains(&(id, Key::Push)));
            }
            Op::Fill(..) => coverage.fills += 1,
            Op::ReplaceWithCopy(..) => coverage.copies += 1,
            Op::Unwrap(..) | Op::Swap(..) | Op::MoveBefore(..) => coverage.moves += 1,
            Op::ElementBefore(..) | Op::ElementAfter(..) => coverage.element_edits += 1,
            Op::Remove(id) if c.elements.contains(&id) => coverage.element_edits += 1,
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
    /// The sources of `ReplaceWithCopy`, after the in-place edits.
    sources: HashMap<NodeId, &'a Expression>,
}

impl Reference<'_> {
    /// The list edits on the elements of `parent`'s list (`None` for a hole, which no edit targets), then the
    /// appends to it, in script order; `make` builds a new element.
    fn edit_list<T>(
        &mut self,
        parent: NodeId,
        list: &mut Vec<T>,
        id_of: impl Fn(&T) -> Option<NodeId>,
        make: impl Fn(&mut AstNodeBuilder, u32) -> T,
    ) {
        let old = core::mem::take(list);
        for element in old {
            let Some(id) = id_of(&element) else {
                list.push(element);
                continue;
            };
            let mut keep = true;
            let mut after = Vec::new();
            for op in self.ops {
                match *op {
                    Op::Remove(target) if target == id => keep = false,
                    Op::InsertBefore(target, seed) | Op::ElementBefore(target, seed) if target == id => {
                        list.push(make(&mut self.builder, seed))
                    }
                    Op::InsertAfter(target, seed) | Op::ElementAfter(target, seed) if target == id => {
                        after.push(make(&mut self.builder, seed))
                    }
                    _ => {}
                }
            }
            if keep {
                list.push(element);
            }
            list.extend(after);
        }
        for op in self.ops {
            if let Op::Push(target, _, seed) = *op
                && target == parent
            {
                list.push(make(&mut self.builder, seed));
            }
        }
    }

    fn list(&mut self, parent: NodeId, list: &mut Vec<Statement>) {
        self.edit_list(parent, list, |s| Some(s.node_id()), statement_boxed);
    }

    /// Fills `parent`'s optional expression field `field` when the script says so.
    fn fill(&mut self, parent: NodeId, field: &str, slot: &mut Option<Expression>) {
        for op in self.ops {
            if let Op::Fill(target, name, seed) = *op
                && target == parent
                && name == field
            {
                assert!(slot.is_none(), "fills are of absent fields");
                *slot = Some(literal(&mut self.builder, seed));
            }
        }
    }
}

fn statement_boxed(builder: &mut AstNodeBuilder, seed: u32) -> Statement {
    statement(builder, seed)
}

/// Applies the in-place ops of the reference to any node: a span and, by type, a name or an operator.
fn in_place_span(ops: &[Op], id: NodeId, span: &mut Span) {
    for op in ops {
        if let Op::SetSpan(target, new) = *op
            && target == id
        {
            *span = new;
        }
    }
}

impl VisitMut for Reference<'_> {
    fn enter_node(&mut self, _kind: es5_ast::AstKind<'_>) {}

    fn visit_program(&mut self, it: &mut Program) {
        in_place_span(self.ops, it.node_id(), &mut it.span);
        self.list(it.node_id(), &mut it.body);
        walk_mut::walk_program(self, it);
    }
    fn visit_block_statement(&mut self, it: &mut es5_ast::BlockStatement) {
        self.list(it.node_id(), &mut it.body);
        walk_mut::walk_block_statement(self, it);
    }
    fn visit_switch_case(&mut self, it: &mut es5_ast::SwitchCase) {
        self.list(it.node_id(), &mut it.consequent);
        self.fill(it.node_id(), "test", &mut it.test);
        walk_mut::walk_switch_case(self, it);
    }
    fn visit_array_expression(&mut self, it: &mut es5_ast::ArrayExpression) {
        let id = it.node_id();
        self.edit_list(id, &mut it.elements, |e| e.as_ref().map(GetNodeId::node_id), |b, seed| Some(literal(b, seed)));
        walk_mut::walk_array_expression(self, it);
    }
    fn visit_return_statement(&mut self, it: &mut es5_ast::ReturnStatement) {
        self.fill(it.node_id(), "argument", &mut it.argument);
        walk_mut::walk_return_statement(self, it);
    }
    fn visit_for_statement(&mut self, it: &mut es5_ast::ForStatement) {
        self.fill(it.node_id(), "test", &mut it.test);
        self.fill(it.node_id(), "update", &mut it.update);
        walk_mut::walk_for_statement(self, it);
    }
    fn visit_variable_declarator(&mut self, it: &mut es5_ast::VariableDeclarator) {
        self.fill(it.node_id(), "init", &mut it.init);
        walk_mut::walk_variable_declarator(self, it);
    }
    fn visit_expression(&mut self, it: &mut Expression) {
        walk_mut::walk_expression(self, it);
        let id = it.node_id();
        for op in self.ops {
            match *op {
                Op::Replace(target, seed) if target == id => *it = literal(&mut self.builder, seed),
                Op::ReplaceWithCopy(target, source) if target == id => {
                    *it = self.sources[&source].build_copy(&mut self.builder);
                }
                Op::Unwrap(target, inner) if target == id => {
                    let placeholder = literal(&mut self.builder, 0);
                    *it = take_expression(it, inner, placeholder).expect("the inner expression");
                }
                Op::Wrap(target) if target == id => {
                    let span = it.span();
                    let placeholder = literal(&mut self.builder, 0);
                    let inner = core::mem::replace(it, placeholder);
                    let unary = self.builder.unary_expression(span, UnaryOperator::LogicalNot, inner);
                    *it = AstBuild::expression_from_unary(&self.builder, unary);
                }
                _ => {}
            }
        }
    }
    fn visit_if_statement(&mut self, it: &mut es5_ast::IfStatement) {
        walk_mut::walk_if_statement(self, it);
        for op in self.ops {
            match *op {
                Op::ClearAlternate(target) if it.alternate.as_ref().is_some_and(|a| a.node_id() == target) => {
                    it.alternate = None;
                }
                Op::SetAlternate(target, seed) if target == it.node_id() => {
                    it.alternate = Some(statement_boxed(&mut self.builder, seed));
                }
                _ => {}
            }
        }
    }
    fn visit_identifier(&mut self, it: &mut es5_ast::Identifier) {
        for op in self.ops {
            if let Op::Rename(target, seed) = *op
                && target == it.node_id()
            {
                it.name = format!("n{seed}");
            }
        }
    }
    fn visit_binary_expression(&mut self, it: &mut es5_ast::BinaryExpression) {
        for op in self.ops {
            if let Op::SetOperator(target, operator) = *op
                && target == it.node_id()
            {
                it.operator = operator;
            }
        }
        walk_mut::walk_binary_expression(self, it);
    }
}

/// The in-place edits of a script, on a copy of `ast`.
fn in_place(ast: &FlatAst, ops: &[Op]) -> FlatAst {
    let mut ast = ast.clone();
    for op in ops {
        match *op {
            Op::Rename(id, seed) => {
                let mut it = ast.view_mut::<view_mut::Identifier<'_>>(id).expect("an identifier");
                it.set_name(&format!("n{seed}"));
            }
            Op::SetOperator(id, operator) => {
                ast.view_mut::<view_mut::BinaryExpression<'_>>(id).expect("a binary expression").set_operator(operator);
            }
            Op::SetSpan(id, span) => assert!(ast.set_span(id, span)),
            _ => {}
        }
    }
    ast
}

/// The script done on the flat tree: in-place edits, then the structural ones through an `Editor`.
fn apply_flat(ast: &FlatAst, ops: &[Op]) -> Result<flat::Committed, EditError> {
    let ast = in_place(ast, ops);
    let mut editor = Editor::new(&ast);
    for op in ops {
        match *op {
            Op::Remove(id) => editor.remove(id)?,
            Op::ReplaceWithCopy(id, source) => {
                let copy = editor.builder().copy_subtree(&ast, source).expect("a node of the tree");
                editor.replace(id, copy)?;
            }
            Op::Unwrap(outer, inner) => {
                let inner = editor.take::<Expression>(inner)?;
                editor.replace(outer, inner)?;
            }
            Op::Swap(a, b) => {
                let (taken_a, taken_b) = (editor.take::<Expression>(a)?, editor.take::<Expression>(b)?);
                editor.replace(a, taken_b)?;
                editor.replace(b, taken_a)?;
            }
            Op::MoveBefore(moved, before) => {
                let moved = editor.take::<Statement>(moved)?;
                editor.insert_before(before, moved)?;
            }
            Op::InsertBefore(id, seed) => {
                let new = statement(editor.builder(), seed);
                editor.insert_before(id, new)?;
            }
            Op::InsertAfter(id, seed) => {
                let new = statement(editor.builder(), seed);
                editor.insert_after(id, new)?;
            }
            Op::Replace(id, seed) => {
                let new = literal(editor.builder(), seed);
                editor.replace(id, new)?;
            }
            Op::Wrap(id) => {
                let span = ast.nodes()[id.index()].span;
                editor.wrap(id, move |b, inner: Built<Expression>| {
                    let unary = b.unary_expression(span, UnaryOperator::LogicalNot, inner);
                    b.expression_from_unary(unary)
                })?;
            }
            Op::ClearAlternate(alternate) => editor.remove(alternate)?,
            Op::SetAlternate(id, seed) => {
                let new = statement(editor.builder(), seed);
                editor.set_optional(id, "alternate", new)?;
            }
            Op::Push(id, "elements", seed) => {
                let new = literal(editor.builder(), seed);
                editor.push_to_list(id, "elements", new)?;
            }
            Op::Push(id, field, seed) => {
                let new = statement(editor.builder(), seed);
                editor.push_to_list(id, field, new)?;
            }
            Op::Fill(id, field, seed) => {
                let new = literal(editor.builder(), seed);
                editor.set_optional(id, field, new)?;
            }
            Op::ElementBefore(id, seed) => {
                let new = literal(editor.builder(), seed);
                editor.insert_before(id, new)?;
            }
            Op::ElementAfter(id, seed) => {
                let new = literal(editor.builder(), seed);
                editor.insert_after(id, new)?;
            }
            Op::Rename(..) | Op::SetOperator(..) | Op::SetSpan(..) => {}
        }
    }
    editor.commit()
}

/// In-place edits of a span on a node the boxed reference reaches through its own type only (not `Program`).
fn spans_on_any(tree: &mut Program, ops: &[Op]) {
    // The boxed tree has no span setter by ID, so the reference goes through flat -> boxed for them: set spans on
    // the flat copy, convert, and carry on from there (the conversion is the tested identity).
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

/// Takes expression `id` out of `root` (its subtree included), leaving `placeholder` in its place.
fn take_expression(root: &mut Expression, id: NodeId, placeholder: Expression) -> Option<Expression> {
    struct Take(NodeId, Option<Expression>, Option<Expression>);
    impl VisitMut for Take {
        fn visit_expression(&mut self, it: &mut Expression) {
            if it.node_id() == self.0 {
                let placeholder = self.1.take().expect("taken once");
                self.2 = Some(core::mem::replace(it, placeholder));
            } else if self.2.is_none() {
                walk_mut::walk_expression(self, it);
            }
        }
    }
    let mut take = Take(id, Some(placeholder), None);
    take.visit_expression(root);
    take.2
}

/// The script's swaps on the boxed tree, after its other edits: both expressions taken out (placeholders left),
/// then each put where the other was.
fn swap_boxed(tree: &mut Program, ops: &[Op], builder: &mut AstNodeBuilder) {
    /// Replaces expression `.0` with `.1`, giving back what was there in `.1`.
    struct Put(NodeId, Option<Expression>);
    impl VisitMut for Put {
        fn visit_expression(&mut self, it: &mut Expression) {
            if it.node_id() == self.0 {
                let new = self.1.take().expect("put once");
                self.1 = Some(core::mem::replace(it, new));
            } else if self.1.is_some() {
                walk_mut::walk_expression(self, it);
            }
        }
    }
    let put = |tree: &mut Program, id: NodeId, new: Expression| {
        let mut put = Put(id, Some(new));
        put.visit_program(tree);
        put.1.expect("found")
    };
    for op in ops {
        if let Op::Swap(a, b) = *op {
            let (hole_a, hole_b) = (literal(builder, 0), literal(builder, 0));
            let (hole_a_id, hole_b_id) = (hole_a.node_id(), hole_b.node_id());
            let taken_a = put(tree, a, hole_a);
            let taken_b = put(tree, b, hole_b);
            put(tree, hole_a_id, taken_b);
            put(tree, hole_b_id, taken_a);
        }
    }
}

/// The script's statement moves on the boxed tree, after its other edits: each statement taken out of its list,
/// then inserted before its target.
fn move_boxed(tree: &mut Program, ops: &[Op]) {
    /// Takes statement `.0` out of its list into `.1` (`.1` empty), or inserts `.1` before statement `.0`.
    struct Lists(NodeId, Option<Statement>);
    impl Lists {
        fn list(&mut self, list: &mut Vec<Statement>) {
            let Some(at) = list.iter().position(|s| s.node_id() == self.0) else { return };
            match self.1.take() {
                Some(moved) => list.insert(at, moved),
                None => self.1 = Some(list.remove(at)),
            }
        }
    }
    impl VisitMut for Lists {
        fn visit_program(&mut self, it: &mut Program) {
            self.list(&mut it.body);
            walk_mut::walk_program(self, it);
        }
        fn visit_block_statement(&mut self, it: &mut es5_ast::BlockStatement) {
            self.list(&mut it.body);
            walk_mut::walk_block_statement(self, it);
        }
        fn visit_switch_case(&mut self, it: &mut es5_ast::SwitchCase) {
            self.list(&mut it.consequent);
            walk_mut::walk_switch_case(self, it);
        }
    }
    for op in ops {
        if let Op::MoveBefore(moved, before) = *op {
            let mut take = Lists(moved, None);
            take.visit_program(tree);
            let mut insert = Lists(before, take.1);
            insert.visit_program(tree);
            assert!(insert.1.is_none(), "inserted");
        }
    }
}

/// The sources of the script's copies in `tree`, cloned.
fn copy_sources<'t>(tree: &'t Program, ops: &[Op]) -> HashMap<NodeId, &'t Expression> {
    struct Sources<'a>(Vec<NodeId>, HashMap<NodeId, &'a Expression>);
    impl<'a> Visit<'a> for Sources<'a> {
        fn visit_expression(&mut self, it: &'a Expression) {
            if self.0.contains(&it.node_id()) {
                self.1.insert(it.node_id(), it);
            }
            walk::walk_expression(self, it);
        }
    }
    let wanted = ops.iter().filter_map(|op| if let Op::ReplaceWithCopy(_, source) = *op { Some(source) } else { None });
    let mut sources = Sources(wanted.collect(), HashMap::new());
    sources.visit_program(tree);
    sources.1
}

fn run_script(seed: u64, coverage: &mut Coverage) -> usize {
    let mut rng = Rng(seed);
    let tree = RandomTree::new(seed, 1 + (seed % 200) as usize, 12).tree();
    let flat = FlatAst::from_boxed(&tree);
    let ops = script(&tree, &flat, &mut rng, coverage);
    let committed = apply_flat(&flat, &ops).unwrap_or_else(|e| panic!("seed {seed}: {ops:?} refused: {e}"));

    let mut boxed = tree;
    spans_on_any(&mut boxed, &ops);
    let builder = AstNodeBuilder::continuing(&boxed);
    let in_place_tree = in_place(&flat, &ops).to_boxed();
    let sources = copy_sources(&in_place_tree, &ops);
    let mut reference = Reference { ops: &ops, builder, sources };
    reference.visit_program(&mut boxed);
    swap_boxed(&mut boxed, &ops, &mut reference.builder);
    move_boxed(&mut boxed, &ops);
    let (expected, old_ids) = FlatAst::from_boxed_with_old_ids(&boxed);
    assert!(committed.ast == expected, "seed {seed}: {ops:?}: the flat edit differs from the boxed one");
    assert!(
        committed.ast.compacted().same_layout(&expected),
        "seed {seed}: {ops:?}: compacted, not from_boxed's layout"
    );
    assert_eq!(committed.ast.subtree_ends(), expected.subtree_ends(), "seed {seed}: {ops:?}: subtree ends");
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
fn random_edit_scripts_match_the_boxed_reference() {
    let scripts: u64 = std::env::var("FLAT_EDIT_SCRIPTS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let mut ops = 0;
    let mut coverage = Coverage::default();
    for seed in 0..scripts {
        ops += run_script(seed, &mut coverage);
    }
    assert!(ops >= scripts as usize, "the scripts hold edits");
    if scripts >= 1000 {
        // Each case the commit treats apart comes up, not just by luck of the trees.
        let Coverage { pushes_on_empty, pushes_on_elements, repeated_pushes, fills, element_edits, copies, moves } =
            coverage;
        let least = [pushes_on_empty, pushes_on_elements, repeated_pushes, fills, element_edits, copies, moves];
        assert!(least.iter().all(|&n| n >= 10), "too few of some edits: {coverage:?}");
    }
}

fn sample() -> FlatAst {
    let source = "if (a) b; else c; x = [1, 2 + 3]; function f(p) { return p; }";
    FlatAst::from_boxed(&es5_parser::parse(source).expect("parses"))
}

fn find(ast: &FlatAst, kind: es5_ast::NodeKind, nth: usize) -> NodeId {
    ast.ids_of_kind(kind).nth(nth).expect("the sample has it")
}

#[test]
fn misuse_is_an_error() {
    use es5_ast::NodeKind as K;
    let ast = sample();
    let if_ = find(&ast, K::IfStatement, 0);
    let test = if_.next();
    let two = find(&ast, K::NumericLiteral, 0);
    let binary = find(&ast, K::BinaryExpression, 0);

    let mut editor = Editor::new(&ast);
    assert_eq!(editor.remove(NodeId::from_u32(0)), Err(EditError::Root));
    assert_eq!(editor.remove(NodeId::from_usize(ast.len())), Err(EditError::NoSuchNode(NodeId::from_usize(ast.len()))));
    editor.remove(two).expect("an array element");
    assert_eq!(editor.remove(two), Err(EditError::Conflict { node: two }));
    let new = literal(editor.builder(), 9);
    assert_eq!(editor.replace(two, new), Err(EditError::Conflict { node: two }));
    let new = statement(editor.builder(), 2);
    let field = editor.set_optional(if_, "nope", new);
    assert_eq!(field, Err(EditError::NoSuchField { node: if_, field: "nope".into() }));

    // Required child removed.
    let mut editor = Editor::new(&ast);
    editor.remove(test).expect("recorded");
    assert_eq!(editor.commit().err(), Some(EditError::RequiredChild { node: test }));

    // An edit inside a removed subtree.
    let mut editor = Editor::new(&ast);
    editor.remove(binary).expect("recorded");
    editor.remove(binary.next()).expect("recorded");
    assert_eq!(editor.commit().err(), Some(EditError::InsideRemoved { node: binary.next(), removed: binary }));

    // A sibling for a node that is not in a list.
    let mut editor = Editor::new(&ast);
    let new = literal(editor.builder(), 1);
    editor.insert_before(test, new).expect("recorded");
    assert_eq!(editor.commit().err(), Some(EditError::NotInList { node: test }));

    // A statement where an expression belongs.
    let mut editor = Editor::new(&ast);
    let new = statement(editor.builder(), 2);
    editor.replace(test, new).expect("recorded");
    assert!(matches!(editor.commit(), Err(EditError::WrongKind { kind: "EmptyStatement", .. })));
}

#[test]
fn side_tables_follow_the_edits_and_untouched_nodes_keep_their_data() {
    let ast = sample();
    let two = find(&ast, es5_ast::NodeKind::NumericLiteral, 0);
    let mut editor = Editor::new(&ast);
    let new = literal(editor.builder(), 7);
    editor.insert_before(two, new).expect("recorded");
    let committed = editor.commit().expect("commits");
    assert_eq!(committed.ast.len(), ast.len() + 1);
    let table = NodeIdVec::from_vec((0..ast.len()).map(|i| i as u32).collect());
    let carried = committed.carry(&table, u32::MAX);
    let mut new_nodes = 0;
    for (new, &old) in carried.iter() {
        if old == u32::MAX {
            new_nodes += 1;
            continue;
        }
        let (before, after) = (&ast.nodes()[old as usize], &committed.ast.nodes()[new.index()]);
        assert_eq!((before.kind(), before.span), (after.kind(), after.span), "node {old} moved to {new:?}");
    }
    assert_eq!(new_nodes, 1);
    assert_eq!(committed.ids[two].get().map(|id| id.index()), Some(two.index() + 1));
    assert_eq!(committed.ids.iter().filter(|(_, id)| *id == &OptionalNodeId::NONE).count(), 0);
    // No edits: the same tree.
    assert!(Editor::new(&ast).commit().expect("commits").ast.same_layout(&ast), "no edits: a copy");
}

#[test]
fn a_boxed_subtree_replaces_a_node_through_build_copy() {
    let ast = sample();
    let source = "y * (z + 1);";
    let donor = es5_parser::parse(source).expect("parses");
    let es5_ast::Statement::Expression(statement) = &donor.body[0] else { panic!("an expression statement") };
    let test = find(&ast, es5_ast::NodeKind::IfStatement, 0).next();
    let mut editor = Editor::new(&ast);
    let copy = statement.expression.build_copy(editor.builder());
    editor.replace(test, copy).expect("recorded");
    let committed = editor.commit().expect("commits");
    assert_eq!(committed.ast.len(), ast.len() - 1 + 5);
    assert_eq!(committed.ids[test], OptionalNodeId::NONE);
    let mut boxed = ast.to_boxed();
    let es5_ast::Statement::If(if_) = &mut boxed.body[0] else { panic!("an if statement") };
    if_.test = statement.expression.build_copy(&mut AstNodeBuilder::continuing(&donor));
    assert!(committed.ast == FlatAst::from_boxed(&boxed));
}

#[test]
fn setters_reach_payloads_in_overflow_tables() {
    let mut ast = sample();
    let one = find(&ast, es5_ast::NodeKind::NumericLiteral, 0);
    {
        let mut literal = ast.view_mut::<view_mut::NumericLiteral<'_>>(one).expect("a numeric literal");
        literal.set_value(42.5);
        literal.set_raw("42.5");
        literal.set_span(Span::new(3, 7));
        assert_eq!((literal.view().value(), literal.view().raw(), literal.span()), (42.5, "42.5", Span::new(3, 7)));
    }
    assert!(ast.view_mut::<view_mut::Identifier<'_>>(one).is_none(), "a view of another type is refused");
    let mut boxed = sample().to_boxed();
    struct SetLiteral(NodeId);
    impl VisitMut for SetLiteral {
        fn visit_numeric_literal(&mut self, it: &mut es5_ast::NumericLiteral) {
            if it.node_id() == self.0 {
                (it.value, it.raw, it.span) = (42.5, "42.5".into(), Span::new(3, 7));
            }
        }
    }
    SetLiteral(one).visit_program(&mut boxed);
    let expected = FlatAst::from_boxed(&boxed);
    assert!(ast == expected, "the same tree");
    assert!(!ast.same_layout(&expected), "the replaced raw text is still in the string buffer");
    assert!(ast.compacted().same_layout(&expected), "compacting drops it");
}

#[test]
fn push_to_list_appends_to_empty_and_full_lists() {
    let source = "function f(p) { p; } if (a) {} else b;";
    let ast = FlatAst::from_boxed(&es5_parser::parse(source).expect("parses"));
    let blocks: Vec<NodeId> = ast.ids_of_kind(es5_ast::NodeKind::BlockStatement).collect();
    assert_eq!(blocks.len(), 2);
    let if_ = find(&ast, es5_ast::NodeKind::IfStatement, 0);
    let mut editor = Editor::new(&ast);
    for (seed, &block) in [3, 5].iter().zip(&blocks) {
        let new = statement(editor.builder(), *seed);
        editor.push_to_list(block, "body", new).expect("a list field");
        let new = statement(editor.builder(), seed + 1);
        editor.push_to_list(block, "body", new).expect("a list field");
    }
    editor.clear_optional(if_, "alternate").expect("an optional field");
    let missing = statement(editor.builder(), 9);
    assert!(matches!(editor.push_to_list(if_, "alternate", missing), Err(EditError::NoSuchField { .. })));
    let committed = editor.commit().expect("commits");

    struct Push(Vec<NodeId>, AstNodeBuilder);
    impl VisitMut for Push {
        fn visit_block_statement(&mut self, it: &mut es5_ast::BlockStatement) {
            if let Some(index) = self.0.iter().position(|&id| id == it.node_id()) {
                let seed = [3, 5][index];
                it.body.push(statement(&mut self.1, seed));
                it.body.push(statement(&mut self.1, seed + 1));
            }
        }
        fn visit_if_statement(&mut self, it: &mut es5_ast::IfStatement) {
            it.alternate = None;
            walk_mut::walk_if_statement(self, it);
        }
    }
    let mut boxed = ast.to_boxed();
    let builder = AstNodeBuilder::continuing(&boxed);
    Push(blocks, builder).visit_program(&mut boxed);
    assert!(committed.ast == FlatAst::from_boxed(&boxed));
}

/// A chain deeper than 255 moved whole by a commit: its last node's count of ending subtrees does not fit a byte,
/// and the commit copies it without looking at the nodes (at the end of the copied subtree, and inside it).
#[test]
fn deep_subtrees_copied_whole_keep_their_long_ends() {
    let chain = format!("{}a;", "!".repeat(300));
    for (before, after) in [("x; ", ""), ("x; ", " y;"), ("", " y;"), ("x; y; {", " b; }"), ("x; {", "} y;")] {
        let source = format!("{before}{chain}{after}");
        let ast = FlatAst::from_boxed(&es5_parser::parse(&source).expect("parses"));
        let first = ast.root().body_ids()[0];
        let mut editor = Editor::new(&ast);
        let new = statement(editor.builder(), 7);
        editor.insert_before(first, new).expect("a list element");
        if before.starts_with('x') {
            editor.remove(first).expect("a list element");
        }
        let committed = editor.commit().expect("commits");
        let expected = committed.ast.compacted();
        assert!(committed.ast == expected && !committed.ast.same_layout(&ast), "{source:?}");
        let ends =
            |ast: &FlatAst| (0..ast.len()).map(|id| ast.subtrees_ending_at(NodeId::from_usize(id))).collect::<Vec<_>>();
        assert_eq!(ends(&committed.ast), ends(&expected), "{source:?}");
        assert!(ends(&expected).iter().any(|&count| count > 255), "{source:?}: a long count");
    }
}

/// Appending to a list of a node that another edit removes, or filling an absent field of a node another edit
/// replaces, is an edit on a node a pending edit removes: a `Conflict` (the commit used to drop the append or the
/// fill without a word). An edit on a *descendant* of the removed node is refused as `InsideRemoved`.
#[test]
fn a_fill_of_a_removed_node_is_an_error() {
    let source = "{ a; } function f() { return; }";
    let ast = FlatAst::from_boxed(&es5_parser::parse(source).expect("parses"));
    let block = find(&ast, es5_ast::NodeKind::BlockStatement, 0);
    let return_ = find(&ast, es5_ast::NodeKind::ReturnStatement, 0);

    let mut editor = Editor::new(&ast);
    editor.remove(block).expect("recorded");
    let new = statement(editor.builder(), 3);
    editor.push_to_list(block, "body", new).expect("recorded");
    assert_eq!(editor.commit().err(), Some(EditError::Conflict { node: block }), "an append to a removed block");

    let mut editor = Editor::new(&ast);
    let new = statement(editor.builder(), 3);
    editor.replace(return_, new).expect("recorded");
    let new = literal(editor.builder(), 4);
    editor.set_optional(return_, "argument", new).expect("recorded");
    assert_eq!(editor.commit().err(), Some(EditError::Conflict { node: return_ }), "a fill of a replaced return");

    // For comparison: the same fill under a removed ancestor is refused.
    let function = find(&ast, es5_ast::NodeKind::FunctionDeclaration, 0);
    let mut editor = Editor::new(&ast);
    editor.remove(function).expect("recorded");
    let new = literal(editor.builder(), 4);
    editor.set_optional(return_, "argument", new).expect("recorded");
    assert_eq!(editor.commit().err(), Some(EditError::InsideRemoved { node: return_, removed: function }));
}

/// A handle cast to a type it is not, inside a new subtree: an `EditError` on both ways of committing (the forward
/// one for a replacement, the builder one for a wrap), never the builder's panic.
#[test]
fn a_wrongly_cast_handle_is_an_error_on_both_paths() {
    let ast = sample();
    let binary = find(&ast, es5_ast::NodeKind::BinaryExpression, 0);
    let bad = |b: &mut flat::FlatBuilder| -> Built<Expression> {
        let empty = b.empty_statement(Span::new(0, 1));
        b.statement_from_empty(empty).cast()
    };

    let mut editor = Editor::new(&ast);
    let operand = bad(editor.builder());
    let unary = editor.builder().unary_expression(Span::new(0, 2), UnaryOperator::LogicalNot, operand);
    let new = editor.builder().expression_from_unary(unary);
    editor.replace(binary, new).expect("recorded");
    assert_eq!(editor.commit().err(), Some(EditError::CastHandle { kind: "EmptyStatement" }), "replace");

    let mut editor = Editor::new(&ast);
    editor
        .wrap(binary, move |b, inner: Built<Expression>| {
            let right = bad(b);
            let sum = b.binary_expression(Span::new(0, 3), BinaryOperator::Addition, inner, right);
            b.expression_from_binary(sum)
        })
        .expect("recorded");
    assert_eq!(editor.commit().err(), Some(EditError::CastHandle { kind: "EmptyStatement" }), "wrap");

    // The same edits with a well-typed operand commit.
    let mut editor = Editor::new(&ast);
    editor
        .wrap(binary, |b, inner: Built<Expression>| {
            let right = literal(b, 5);
            let sum = b.binary_expression(Span::new(0, 3), BinaryOperator::Addition, inner, right);
            b.expression_from_binary(sum)
        })
        .expect("recorded");
    assert_eq!(editor.commit().map(|c| c.ast.len()).ok(), Some(ast.len() + 2));
}

/// A wrap's closure may give the node back (nothing changes) or leave it out (its subtree goes, and the ID map
/// says so); nested wraps each keep their node.
#[test]
fn wraps_that_keep_drop_or_nest() {
    let ast = sample();
    let binary = find(&ast, es5_ast::NodeKind::BinaryExpression, 0);
    let size = ast.subtree(binary).len();

    let mut editor = Editor::new(&ast);
    editor.wrap(binary, |_, inner: Built<Expression>| inner).expect("recorded");
    let committed = editor.commit().expect("commits");
    assert!(committed.ast == ast && committed.ids[binary].get() == Some(binary), "given back: the same tree");

    let mut editor = Editor::new(&ast);
    editor.wrap(binary, |b, _: Built<Expression>| literal(b, 9)).expect("recorded");
    let committed = editor.commit().expect("commits");
    assert_eq!(committed.ast.len(), ast.len() - size + 1, "left out: its subtree goes");
    assert!(ast.subtree(binary).all(|old| committed.ids[NodeId::from_usize(old)].is_none()));

    let left = binary.next();
    let mut editor = Editor::new(&ast);
    let not = |b: &mut flat::FlatBuilder, inner: Built<Expression>| {
        let unary = b.unary_expression(Span::new(0, 1), UnaryOperator::LogicalNot, inner);
        b.expression_from_unary(unary)
    };
    editor.wrap(binary, not).expect("recorded");
    editor.wrap(left, not).expect("recorded");
    let committed = editor.commit().expect("commits");
    assert_eq!(committed.ast.len(), ast.len() + 2);
    let (new_binary, new_left) = (committed.ids[binary].get().expect("kept"), committed.ids[left].get().expect("kept"));
    assert_eq!(committed.ast.parent(new_left).and_then(|p| committed.ast.parent(p)), Some(new_binary));
    let mut boxed = ast.to_boxed();
    struct Wrap(Vec<NodeId>, AstNodeBuilder);
    impl VisitMut for Wrap {
        fn visit_expression(&mut self, it: &mut Expression) {
            walk_mut::walk_expression(self, it);
            if self.0.contains(&it.node_id()) {
                let inner = core::mem::replace(it, literal(&mut self.1, 0));
                let unary = self.1.unary_expression(Span::new(0, 1), UnaryOperator::LogicalNot, inner);
                *it = self.1.expression_from_unary(unary);
            }
        }
    }
    let builder = AstNodeBuilder::continuing(&boxed);
    Wrap(vec![binary, left], builder).visit_program(&mut boxed);
    assert!(committed.ast == FlatAst::from_boxed(&boxed), "nested wraps as on the boxed tree");
}

#[test]
fn a_moved_subtree_keeps_its_ids_its_side_table_entries_and_its_own_edits() {
    use es5_ast::NodeKind as K;
    let source = "f(a + g(b), c); d;";
    let ast = FlatAst::from_boxed(&es5_parser::parse(source).expect("parses"));
    let call = find(&ast, K::CallExpression, 0);
    let sum = find(&ast, K::BinaryExpression, 0);
    let b = find(&ast, K::Identifier, 3);
    let c = find(&ast, K::Identifier, 4);
    assert_eq!(ast.view::<flat::view::Identifier<'_>>(b).map(|b| b.name()), Some("b"));

    // The call is replaced by its argument `a + g(b)`, taken from inside it; `b`, inside the taken subtree, is
    // replaced too. `c` lies in the replaced call but outside what is taken: an edit there is an error.
    let unwrap = |editor: &mut Editor<'_>| -> Result<(), EditError> {
        let taken = editor.take::<Expression>(sum)?;
        editor.replace(call, taken)?;
        let seven = literal(editor.builder(), 7);
        editor.replace(b, seven)
    };
    let mut editor = Editor::new(&ast);
    unwrap(&mut editor).expect("recorded");
    let committed = editor.commit().expect("commits");
    let mut boxed = ast.to_boxed();
    let es5_ast::Statement::Expression(statement) = &mut boxed.body[0] else { panic!("an expression statement") };
    let mut builder = AstNodeBuilder::continuing(&es5_parser::parse(source).expect("parses"));
    let mut argument = take_expression(&mut statement.expression, sum, literal(&mut builder, 0)).expect("found");
    let seven = literal(&mut builder, 7);
    let old_b = take_expression(&mut argument, b, seven);
    assert!(old_b.is_some());
    statement.expression = argument;
    let (expected, old_ids) = FlatAst::from_boxed_with_old_ids(&boxed);
    assert!(committed.ast == expected, "as on the boxed tree");
    // Every node the boxed tree kept, the moved ones included, is where the map says; side tables follow.
    let old_ids = old_ids.expect("renumbered");
    let table = NodeIdVec::from_vec((0..ast.len()).map(|i| i as u32).collect());
    let carried = committed.carry(&table, u32::MAX);
    for (new, &old) in old_ids.iter() {
        if old.index() < ast.len() {
            assert_eq!(committed.ids[old].get(), Some(new), "old node {old:?}");
            assert_eq!(carried[new], old.as_u32(), "the side table entry of {old:?}");
        }
    }
    assert!(committed.ids[sum].is_some() && committed.ids[call].is_none() && committed.ids[b].is_none());

    let mut editor = Editor::new(&ast);
    unwrap(&mut editor).expect("recorded");
    editor.remove(c).expect("recorded");
    assert_eq!(editor.commit().err(), Some(EditError::InsideRemoved { node: c, removed: call }));
}

#[test]
fn misused_takes_are_errors() {
    use es5_ast::NodeKind as K;
    let ast = sample();
    let if_ = find(&ast, K::IfStatement, 0);
    let test = if_.next();
    let function = find(&ast, K::FunctionDeclaration, 0);
    let body = find(&ast, K::BlockStatement, 0);

    let mut editor = Editor::new(&ast);
    let _taken = editor.take::<Statement>(if_).expect("taken");
    assert_eq!(editor.take::<Statement>(if_).err(), Some(EditError::Conflict { node: if_ }), "taken twice");
    assert_eq!(editor.remove(if_), Err(EditError::Conflict { node: if_ }), "taken, then removed");
    assert_eq!(editor.wrap(if_, |_, it: Built<Statement>| it), Err(EditError::Conflict { node: if_ }));
    editor.remove(function).expect("recorded");
    assert_eq!(editor.take::<Statement>(function).err(), Some(EditError::Conflict { node: function }));

    // The root taken and its place left empty; a required child taken and not replaced.
    let mut editor = Editor::new(&ast);
    let _root = editor.take::<Program>(NodeId::ROOT).expect("taken");
    assert_eq!(editor.commit().err(), Some(EditError::Root));
    let mut editor = Editor::new(&ast);
    let _test = editor.take::<Expression>(test).expect("taken");
    assert_eq!(editor.commit().err(), Some(EditError::RequiredChild { node: test }));

    // A function put into its own body.
    let mut editor = Editor::new(&ast);
    let taken = editor.take::<Statement>(function).expect("taken");
    editor.push_to_list(body, "body", taken).expect("recorded");
    assert_eq!(editor.commit().err(), Some(EditError::IntoItself { node: function }));

    // Two functions, each put into the other's body.
    let two = FlatAst::from_boxed(&es5_parser::parse("function f() {} function g() {}").expect("parses"));
    let (f, g) = (find(&two, K::FunctionDeclaration, 0), find(&two, K::FunctionDeclaration, 1));
    let (f_body, g_body) = (find(&two, K::BlockStatement, 0), find(&two, K::BlockStatement, 1));
    let mut editor = Editor::new(&two);
    let (taken_f, taken_g) = (editor.take::<Statement>(f).expect("taken"), editor.take::<Statement>(g).expect("taken"));
    editor.push_to_list(g_body, "body", taken_f).expect("recorded");
    editor.push_to_list(f_body, "body", taken_g).expect("recorded");
    assert!(matches!(editor.commit(), Err(EditError::IntoItself { .. })), "a cycle of two");
    // One into the other is a move.
    let mut editor = Editor::new(&two);
    let taken_f = editor.take::<Statement>(f).expect("taken");
    editor.push_to_list(g_body, "body", taken_f).expect("recorded");
    let committed = editor.commit().expect("commits");
    assert_eq!(committed.ast.len(), two.len());
    let new_f = committed.ids[f].get().expect("moved");
    assert_eq!(committed.ast.ancestors(new_f).nth(1), committed.ids[g].get(), "f inside g's body");

    // A statement taken where an expression belongs.
    let mut editor = Editor::new(&ast);
    let taken = editor.take::<Statement>(function).expect("taken");
    editor.replace(test, taken).expect("recorded");
    assert!(matches!(editor.commit(), Err(EditError::WrongKind { kind: "FunctionDeclaration", .. })));

    // Taken and never put anywhere: dropped, as by `remove`.
    let mut editor = Editor::new(&ast);
    let _dropped = editor.take::<Statement>(function).expect("taken");
    let committed = editor.commit().expect("commits");
    assert_eq!(committed.ast.len(), ast.len() - ast.subtree(function).len());
    assert!(ast.subtree(function).all(|old| committed.ids[NodeId::from_usize(old)].is_none()));
}

#[test]
fn a_failed_wrap_leaves_the_node_in_place() {
    let ast = sample();
    let binary = find(&ast, es5_ast::NodeKind::BinaryExpression, 0);
    let mut editor = Editor::new(&ast);
    // A handle of another builder, past the end of the editor's.
    let mut other = flat::FlatBuilder::new();
    let foreign = (0..100).map(|seed| literal(&mut other, seed)).last().expect("built");
    assert_eq!(editor.wrap(binary, |_, _: Built<Expression>| foreign), Err(EditError::BadHandle));
    let committed = editor.commit().expect("commits");
    assert!(committed.ast == ast, "the node stays where it was");
}
