//! The commit of [`Editor::commit`](super::Editor::commit): every surviving old node keeps its place relative to
//! the others, and new subtrees are spliced in (replacements, insertions, fills, wrappers), taken subtrees where
//! their handles are.
//!
//! Most of a tree is untouched by a few edits, so the commit works on whole subtrees:
//!
//! 1. **Plan.** A walk down from the root, with an explicit stack, visits only the nodes whose subtree holds an
//!    edit ("dirty" nodes: the ancestors of the edited nodes, found by a binary search in the sorted edit keys).
//!    Every child of a dirty node is either dirty too, removed, replaced, taken, or a subtree with no edit in it
//!    ("clean"). The plan lists the new preorder as dirty nodes, clean subtrees and new subtrees, and numbers them.
//! 2. **Write.** A clean subtree is copied as one block of nodes. Its references all point inside it, so they move
//!    by one constant (none at all before the first edit); its string references and overflow indices stay, since
//!    the new tree starts from copies of the old string buffer, lists and overflow tables. A dirty node is written
//!    on its own through the generated [`Language::relocate`], with its lists mapped in place (or appended when
//!    they grow). A new subtree is written node by node from the builder, its strings and payloads appended.
//!
//! The cost is a copy of the buffers plus work on the dirty nodes and new subtrees: a commit with no edits is a
//! clone. The price is unused space: what removed nodes held, and the old copy of a list that grew, stay in the
//! buffers until [`FlatAst::compacted`] rewrites the tree in the layout `from_boxed` gives.
//!
//! Fills of absent optional fields and appends to lists are placed where the dirty parent's fields put them. A
//! taken node (`Editor::take`, and so `Editor::wrap`) has a stand-in in the builder: a new subtree holding one is
//! written node by node down to it with the IDs the plan gave them, and the old subtree, with its own edits, goes
//! where the stand-in is.

use rustc_hash::FxHashMap;

use super::build::FlatBuilder;
use super::edit::{Action, EDITED, EditError, NodeEdit};
use super::{FlatAst, Language, Node, Relocate};
use crate::{ChildField, IdRange, ListEntry, NodeId, NodeIdVec, OptionalNodeId, StrRef, SubtreeEnds};

/// One step of the new preorder.
#[derive(Clone, Copy)]
enum Item {
    /// An old node with an edit in its subtree: written on its own, its references mapped.
    Dirty(u32),
    /// The old subtree `start..end`, with no edit in it: copied whole.
    Clean(u32, u32),
    /// A new subtree: its root's build ID.
    New(u32),
    /// A node of a new subtree that holds a taken old subtree: written on its own, its children placed by the
    /// plan.
    NewNode(u32),
}

/// What the plan still has to place, next on top.
#[derive(Clone, Copy)]
enum Task {
    /// The old subtree `start..end`; `own`: in its old place, with the insertions and the fate the edit of its
    /// root decides (not for a taken node where its stand-in is).
    Old { start: u32, end: u32, own: bool },
    /// A new subtree an edit puts in place: its root's build ID, not yet claimed.
    New(u32),
    /// A node of a new subtree, claimed already (a child of a node that holds a stand-in): a new subtree, a
    /// stand-in, or a node holding one.
    Built(u32),
}

/// One child of a dirty node in the new preorder: an old child (its ID), or a new one filling a field.
#[derive(Clone, Copy)]
enum Child {
    Old(u32),
    Fill(u32),
}

/// The new preorder and every node's place in it.
struct Plan {
    items: Vec<Item>,
    /// Per old node, its new ID (`u32::MAX`: removed or replaced).
    new_index: Vec<u32>,
    /// Per build node that roots a new subtree, its new ID.
    new_root: Vec<u32>,
    /// Nodes placed so far.
    total: u32,
}

impl Plan {
    fn advance(&mut self, nodes: u32) -> u32 {
        let at = self.total;
        self.total =
            at.checked_add(nodes).filter(|&t| t < u32::MAX).expect("a flat tree holds fewer than u32::MAX nodes");
        at
    }

    fn place_new(&mut self, build: u32, size: u32, item: Item) -> Result<(), EditError> {
        let at = self.advance(size);
        *self.new_root.get_mut(build as usize).ok_or(EditError::BadHandle)? = at;
        self.items.push(item);
        Ok(())
    }

    fn dirty(&mut self, id: u32) {
        self.new_index[id as usize] = self.advance(1);
        self.items.push(Item::Dirty(id));
    }

    fn clean(&mut self, start: u32, end: u32) {
        let at = self.advance(end - start);
        for (offset, slot) in self.new_index[start as usize..end as usize].iter_mut().enumerate() {
            *slot = at + offset as u32;
        }
        self.items.push(Item::Clean(start, end));
    }
}

/// True when some key of `keys` (sorted) lies strictly inside the subtree `start..end`.
fn edit_inside(keys: &[u32], start: u32, end: u32) -> bool {
    keys.get(keys.partition_point(|&key| key <= start)).is_some_and(|&key| key < end)
}

/// The children of old node `id` in the new preorder, into `out`: its old children and, where `fills` put
/// them, new ones (an absent optional field's, after a list's entries). An error when the old children are not
/// inside `id + 1..end` in increasing order (never for a valid tree).
fn children_of<L: Language>(
    ast: &FlatAst<L>,
    id: u32,
    end: u32,
    fills: &[(u8, bool, u32)],
    out: &mut Vec<Child>,
) -> Result<(), EditError> {
    out.clear();
    let node = ast.node(NodeId::from_u32(id)).ok_or(EditError::NoSuchNode(NodeId::from_u32(id)))?;
    // Fields are numbered among the optional children, and among the lists, as `Editor::field` numbers them.
    let (mut optionals, mut lists) = (0u8, 0u8);
    let filled = |number: u8, optional: bool, out: &mut Vec<Child>| {
        out.extend(fills.iter().filter(|f| f.0 == number && f.1 == optional).map(|f| Child::Fill(f.2)));
    };
    let _ = L::for_each_child_field(&node.data, NodeId::from_u32(id), &ast.overflow, |info| -> Result<(), ()> {
        match info.field {
            ChildField::One(child) => out.push(Child::Old(child.as_u32())),
            ChildField::Optional(child) => {
                match child.get() {
                    Some(child) => out.push(Child::Old(child.as_u32())),
                    None => filled(optionals, true, out),
                }
                optionals = optionals.saturating_add(1);
            }
            ChildField::List(range) | ChildField::MaybeList(Some(range)) => {
                out.extend(ast.id_list(range).iter().map(|c| Child::Old(c.as_u32())));
                filled(lists, false, out);
                lists = lists.saturating_add(1);
            }
            ChildField::MaybeList(None) => {
                filled(lists, false, out);
                lists = lists.saturating_add(1);
            }
            ChildField::OptionalList(range) => {
                out.extend(ast.optional_id_list(range).iter().filter_map(|c| c.get()).map(|c| Child::Old(c.as_u32())));
                filled(lists, false, out);
                lists = lists.saturating_add(1);
            }
        }
        Ok(())
    });
    let mut previous = id;
    for &child in out.iter() {
        if let Child::Old(child) = child {
            if child <= previous || child >= end {
                return Err(EditError::NoSuchNode(NodeId::from_u32(child)));
            }
            previous = child;
        }
    }
    Ok(())
}

/// The plan: a walk down from the root that opens only the subtrees holding edits.
fn plan<L: Language>(
    ast: &FlatAst<L>,
    builder: &mut FlatBuilder<L>,
    edits: &FxHashMap<u32, NodeEdit>,
    flags: &[u8],
    keys: &[u32],
) -> Result<Plan, EditError> {
    let n = ast.len() as u32;
    let mut plan = Plan {
        items: Vec::new(),
        new_index: vec![u32::MAX; n as usize],
        new_root: vec![u32::MAX; builder.nodes.len()],
        total: 0,
    };
    let moves = Moves::new(ast, builder, edits, keys)?;
    moves.check_reachable(builder, edits, keys)?;
    let mut stack = vec![Task::Old { start: 0, end: n, own: true }];
    let mut children = Vec::new();
    let mut built = Vec::new();
    while let Some(task) = stack.pop() {
        let (start, end, own) = match task {
            Task::Old { start, end, own } => (start, end, own),
            Task::New(build) => {
                builder.try_claim(build).ok_or(EditError::BadHandle)?;
                stack.push(Task::Built(build));
                continue;
            }
            Task::Built(build) => {
                if let Some(&(old, end)) = moves.stand_ins.get(&build) {
                    let slot = plan.new_root.get_mut(build as usize).ok_or(EditError::BadHandle)?;
                    // Placed once: a second time means the old subtree holds its own stand-in.
                    if *slot != u32::MAX {
                        return Err(EditError::IntoItself { node: NodeId::from_u32(old) });
                    }
                    *slot = plan.total;
                    stack.push(Task::Old { start: old, end, own: false });
                } else if moves.holds(build) {
                    plan.place_new(build, 1, Item::NewNode(build))?;
                    built_children(builder, build, &mut built)?;
                    stack.extend(built.iter().rev().map(|&child| Task::Built(child)));
                } else {
                    let size = builder.meta.get(build as usize).ok_or(EditError::BadHandle)?.subtree();
                    plan.place_new(build, size, Item::New(build))?;
                }
                continue;
            }
        };
        let edit = if flags[start as usize] & EDITED != 0 { edits.get(&start) } else { None };
        if let Some(edit) = edit.filter(|e| own && e.changes_place()) {
            // In its old place: the insertions before, what goes in its place, the insertions after.
            stack.extend(edit.after.iter().rev().map(|&build| Task::New(build)));
            match edit.action {
                Some(Action::Replace(build)) => stack.push(Task::New(build)),
                Some(Action::Remove) => {}
                None if edit.taken.is_some() => {}
                None => stack.push(Task::Old { start, end, own: false }),
            }
            stack.extend(edit.before.iter().rev().map(|&build| Task::New(build)));
            continue;
        }
        if edit_inside(keys, start, end) || edit.is_some_and(NodeEdit::changes_fields) {
            plan.dirty(start);
            children_of(ast, start, end, edit.map_or(&[][..], |e| e.fills.as_slice()), &mut children)?;
            // Pushed last child first; an old child's subtree ends where the next old child starts.
            let mut next_old = end;
            for &child in children.iter().rev() {
                stack.push(match child {
                    Child::Old(child) => {
                        Task::Old { start: child, end: core::mem::replace(&mut next_old, child), own: true }
                    }
                    Child::Fill(build) => Task::New(build),
                });
            }
        } else {
            plan.clean(start, end);
        }
    }
    Ok(plan)
}

/// The taken nodes of a commit: each stand-in with its old node and that node's subtree end, and which build nodes
/// hold a stand-in below them.
struct Moves {
    stand_ins: FxHashMap<u32, (u32, u32)>,
    /// Per build node from `first` on, true when its subtree holds a stand-in.
    holds: Vec<bool>,
    first: u32,
}

impl Moves {
    fn new<L: Language>(
        ast: &FlatAst<L>,
        builder: &FlatBuilder<L>,
        edits: &FxHashMap<u32, NodeEdit>,
        keys: &[u32],
    ) -> Result<Self, EditError> {
        let mut stand_ins = FxHashMap::default();
        for &key in keys {
            if let Some(stand_in) = edits.get(&key).and_then(|e| e.taken) {
                stand_ins.insert(stand_in, (key, ast.subtree(NodeId::from_u32(key)).end as u32));
            }
        }
        // A parent is built after its children, so one pass upwards from the first stand-in finds every holder.
        let first = stand_ins.keys().min().copied().unwrap_or(u32::MAX);
        let mut holds = Vec::new();
        let mut children = Vec::new();
        for build in first.saturating_add(1)..builder.nodes.len() as u32 {
            // A stand-in's data is the old node's, its references into the old tree.
            if stand_ins.contains_key(&build) {
                holds.push(false);
                continue;
            }
            built_children(builder, build, &mut children)?;
            let below = |child: &u32| {
                stand_ins.contains_key(child) || child.checked_sub(first + 1).is_some_and(|at| holds[at as usize])
            };
            let held = children.iter().any(below);
            holds.push(held);
        }
        Ok(Moves { stand_ins, holds, first })
    }

    /// True when build node `build`'s subtree holds a stand-in.
    fn holds(&self, build: u32) -> bool {
        build
            .checked_sub(self.first.saturating_add(1))
            .and_then(|at| self.holds.get(at as usize))
            .copied()
            .unwrap_or(false)
    }

    /// The stand-ins in the subtree of build node `build`, into `out`.
    fn stand_ins_under<L: Language>(
        &self,
        builder: &FlatBuilder<L>,
        build: u32,
        out: &mut Vec<u32>,
    ) -> Result<(), EditError> {
        out.clear();
        let (mut stack, mut children) = (vec![build], Vec::new());
        while let Some(build) = stack.pop() {
            if self.stand_ins.contains_key(&build) {
                out.push(build);
            } else if self.holds(build) {
                built_children(builder, build, &mut children)?;
                stack.extend_from_slice(&children);
            }
        }
        Ok(())
    }

    /// Fails when taken nodes are put inside their own subtrees, directly or through one another: the plan reaches
    /// a taken subtree only where its stand-in is, so such a subtree would be silently lost.
    fn check_reachable<L: Language>(
        &self,
        builder: &FlatBuilder<L>,
        edits: &FxHashMap<u32, NodeEdit>,
        keys: &[u32],
    ) -> Result<(), EditError> {
        if self.stand_ins.is_empty() {
            return Ok(());
        }
        // Per taken node put somewhere: the innermost taken node whose subtree that place lies in (`None`: the
        // rest of the tree). Sorted keys nest their subtrees, so the open taken subtrees are a stack.
        let mut within: FxHashMap<u32, Option<u32>> = FxHashMap::default();
        let mut open: Vec<(u32, u32)> = Vec::new();
        let mut found = Vec::new();
        for &key in keys {
            while open.last().is_some_and(|&(_, end)| key >= end) {
                open.pop();
            }
            let Some(edit) = edits.get(&key) else { continue };
            let around = open.last().map(|&(taken, _)| taken);
            // What goes in the node's place lies around it; what fills its fields, inside it.
            let replacement = match edit.action {
                Some(Action::Replace(build)) => Some(build),
                _ => None,
            };
            let in_place = replacement.into_iter().chain(edit.before.iter().copied()).chain(edit.after.iter().copied());
            let inside = if edit.taken.is_some() { Some(key) } else { around };
            let placed = in_place.map(|build| (build, around)).chain(edit.fills.iter().map(|f| (f.2, inside)));
            for (build, place) in placed {
                self.stand_ins_under(builder, build, &mut found)?;
                for stand_in in &found {
                    within.insert(self.stand_ins[stand_in].0, place);
                }
            }
            if let Some(stand_in) = edit.taken {
                open.push((key, self.stand_ins[&stand_in].1));
            }
        }
        // Out from each taken node to the tree: meeting a node of the current path again is a cycle. Each node is
        // followed once (0: not yet, 1: on the path, 2: reaches the tree or a dropped node).
        let mut state: FxHashMap<u32, u8> = FxHashMap::default();
        let mut path = Vec::new();
        for &start in within.keys() {
            let mut at = Some(start);
            while let Some(node) = at {
                match state.get(&node).copied().unwrap_or(0) {
                    1 => return Err(EditError::IntoItself { node: NodeId::from_u32(node) }),
                    2 => break,
                    _ => {}
                }
                state.insert(node, 1);
                path.push(node);
                at = within.get(&node).copied().flatten();
            }
            for node in path.drain(..) {
                state.insert(node, 2);
            }
        }
        Ok(())
    }
}

/// The children of build node `build`, in schema order, into `out`.
fn built_children<L: Language>(builder: &FlatBuilder<L>, build: u32, out: &mut Vec<u32>) -> Result<(), EditError> {
    out.clear();
    let node = builder.nodes.get(build as usize).ok_or(EditError::BadHandle)?;
    let mut data = node.data.clone();
    let mut payload = L::Overflow::default();
    if !L::copy_overflow(&mut data, &builder.overflow, &mut payload) {
        return Err(EditError::BadHandle);
    }
    let mut children = BuiltChildren { builder, build, out, bad: false };
    L::relocate(&mut data, &mut payload, &mut children);
    if children.bad { Err(EditError::BadHandle) } else { Ok(()) }
}

/// [`built_children`] as a [`Relocate`]: collects the child build IDs and keeps every reference.
struct BuiltChildren<'b, L: Language> {
    builder: &'b FlatBuilder<L>,
    build: u32,
    out: &'b mut Vec<u32>,
    bad: bool,
}

impl<L: Language> Relocate<L> for BuiltChildren<'_, L> {
    fn implied(&mut self, _: fn(L::Kind) -> bool) {
        self.out.push(self.builder.meta.get(self.build as usize).map_or(u32::MAX, |meta| meta.implied));
    }

    fn child(&mut self, id: NodeId, _: fn(L::Kind) -> bool) -> NodeId {
        self.out.push(id.as_u32());
        id
    }

    fn list(&mut self, list: IdRange, _: fn(L::Kind) -> bool) -> IdRange {
        match list.slice(&self.builder.child_ids) {
            Some(entries) => self.out.extend(entries.iter().map(|id| id.as_u32())),
            None => self.bad = true,
        }
        list
    }

    fn optional_list(&mut self, list: IdRange, _: fn(L::Kind) -> bool) -> IdRange {
        match list.slice(&self.builder.optional_child_ids) {
            Some(entries) => self.out.extend(entries.iter().filter_map(|id| id.get()).map(NodeId::as_u32)),
            None => self.bad = true,
        }
        list
    }

    fn string(&mut self, s: StrRef) -> StrRef {
        s
    }
}

/// The forward commit; `flags` are the per-node flags the general commit computes (edited nodes), `keys` the
/// edited nodes, sorted.
pub(super) fn commit<L: Language>(
    ast: &FlatAst<L>,
    builder: &mut FlatBuilder<L>,
    edits: &FxHashMap<u32, NodeEdit>,
    flags: &[u8],
    keys: &[u32],
) -> Result<(FlatAst<L>, NodeIdVec<OptionalNodeId>), EditError> {
    let plan = plan(ast, builder, edits, flags, keys)?;
    let total = plan.total as usize;
    let mut out = FlatAst::empty();
    out.nodes.reserve_exact(total);
    out.child_ids = ast.child_ids.clone();
    out.optional_child_ids = ast.optional_child_ids.clone();
    out.strings = ast.strings.clone();
    let mut ends = SubtreeEnds::with_capacity(total);
    // Kept apart from `out` for the whole pass: `relocate` rewrites a payload here while the writer appends to `out`.
    let mut overflow = ast.overflow.clone();
    let mut w = Writer {
        ast,
        builder: &*builder,
        edits,
        flags,
        new_index: &plan.new_index,
        new_root: &plan.new_root,
        out: &mut out,
        build_strings: vec![u32::MAX; builder.strings.len() as usize],
        stack: Vec::new(),
        current: 0,
        from_builder: false,
        next: 0,
        placed: false,
        optionals: 0,
        lists: 0,
        children: 0,
        error: None,
    };
    for &item in &plan.items {
        match item {
            Item::Clean(start, end) => {
                let (start, end) = (start as usize, end as usize);
                let out = &mut *w.out;
                let at = out.nodes.len();
                out.nodes.extend_from_slice(&ast.nodes[start..end]);
                let delta = (at as u32).wrapping_sub(start as u32);
                if delta != 0 {
                    let mut shift =
                        Shift { delta, child_ids: &mut out.child_ids, optional_child_ids: &mut out.optional_child_ids };
                    for node in &mut out.nodes[at..] {
                        L::relocate(&mut node.data, &mut overflow, &mut shift);
                    }
                }
                ends.enter_subtree(&ast.ends, &ast.long_ends, start..end);
            }
            Item::Dirty(i) => {
                let node = &ast.nodes[i as usize];
                let mut data = node.data.clone();
                (w.current, w.from_builder, w.children, w.optionals, w.lists) = (i, false, 0, 0, 0);
                L::relocate(&mut data, &mut overflow, &mut w);
                w.out.nodes.push(Node { data, span: node.span });
                ends.enter(w.children);
            }
            Item::NewNode(build) => {
                let Some(node) = w.builder.nodes.get(build as usize) else { return Err(EditError::BadHandle) };
                if plan.new_root.get(build as usize) != Some(&(w.out.nodes.len() as u32)) {
                    return Err(EditError::BadHandle);
                }
                let mut data = node.data.clone();
                if !L::copy_overflow(&mut data, &w.builder.overflow, &mut overflow) {
                    return Err(EditError::BadHandle);
                }
                (w.current, w.from_builder, w.placed, w.children) = (build, true, true, 0);
                L::relocate(&mut data, &mut overflow, &mut w);
                w.out.nodes.push(Node { data, span: node.span });
                ends.enter(w.children);
            }
            Item::New(root) => {
                w.stack.clear();
                w.stack.push((root, plan.new_root[root as usize]));
                let from = w.builder;
                while let Some((build, id)) = w.stack.pop() {
                    if id as usize != w.out.nodes.len() {
                        return Err(EditError::BadHandle);
                    }
                    let Some(node) = from.nodes.get(build as usize) else { return Err(EditError::BadHandle) };
                    let mut data = node.data.clone();
                    if !L::copy_overflow(&mut data, &from.overflow, &mut overflow) {
                        return Err(EditError::BadHandle);
                    }
                    (w.current, w.from_builder, w.placed, w.children, w.next) = (build, true, false, 0, id + 1);
                    let queued = w.stack.len();
                    L::relocate(&mut data, &mut overflow, &mut w);
                    w.out.nodes.push(Node { data, span: node.span });
                    // Children were queued in schema order; the first must be popped first.
                    w.stack[queued..].reverse();
                    ends.enter(w.children);
                }
            }
        }
        if let Some(error) = w.error.take() {
            return Err(error);
        }
    }
    if out.nodes.len() != total {
        return Err(EditError::BadHandle);
    }
    out.overflow = overflow;
    match out.nodes.first().map(Node::kind) {
        Some(kind) if kind == L::ROOT_KIND => {}
        Some(kind) => return Err(EditError::WrongKind { parent: NodeId::from_u32(0), kind: L::kind_name(kind) }),
        None => return Err(EditError::BadHandle),
    }
    (out.ends, out.long_ends) = ends.finish();
    out.shrink_to_fit();
    builder.clear();
    let ids = plan.new_index.into_iter().map(|id| OptionalNodeId::some(NodeId::from_u32(id))).collect();
    Ok((out, NodeIdVec::from_vec(ids)))
}

/// Moves the references of a node of a clean subtree by `delta` (its lists in place): the whole subtree moves
/// together, so everything it refers to moves by the same amount.
struct Shift<'s> {
    delta: u32,
    child_ids: &'s mut [NodeId],
    optional_child_ids: &'s mut [OptionalNodeId],
}

impl Shift<'_> {
    #[inline]
    fn id(&self, id: NodeId) -> NodeId {
        NodeId::from_u32(id.as_u32().wrapping_add(self.delta))
    }
}

impl<L: Language> Relocate<L> for Shift<'_> {
    #[inline]
    fn implied(&mut self, _: fn(L::Kind) -> bool) {}

    #[inline]
    fn child(&mut self, id: NodeId, _: fn(L::Kind) -> bool) -> NodeId {
        self.id(id)
    }

    #[inline]
    fn optional_child(&mut self, id: OptionalNodeId, _: fn(L::Kind) -> bool) -> OptionalNodeId {
        id.get().map_or(OptionalNodeId::NONE, |id| OptionalNodeId::some(self.id(id)))
    }

    #[inline]
    fn list(&mut self, list: IdRange, _: fn(L::Kind) -> bool) -> IdRange {
        let delta = self.delta;
        for entry in list.slice_mut(self.child_ids).unwrap_or_default() {
            *entry = NodeId::from_u32(entry.as_u32().wrapping_add(delta));
        }
        list
    }

    #[inline]
    fn optional_list(&mut self, list: IdRange, _: fn(L::Kind) -> bool) -> IdRange {
        let delta = self.delta;
        for entry in list.slice_mut(self.optional_child_ids).unwrap_or_default() {
            if let Some(id) = entry.get() {
                *entry = OptionalNodeId::some(NodeId::from_u32(id.as_u32().wrapping_add(delta)));
            }
        }
        list
    }

    #[inline]
    fn string(&mut self, s: StrRef) -> StrRef {
        s
    }
}

/// The writing pass over dirty nodes and new subtrees as a [`Relocate`]: maps the references of the node being
/// written (old node or builder node `current`) to new IDs. An old node's lists are mapped in place (appended
/// when they grow) and its strings stay; a builder node's lists and strings are appended.
struct Writer<'w, L: Language> {
    ast: &'w FlatAst<L>,
    builder: &'w FlatBuilder<L>,
    edits: &'w FxHashMap<u32, NodeEdit>,
    flags: &'w [u8],
    new_index: &'w [u32],
    new_root: &'w [u32],
    out: &'w mut FlatAst<L>,
    /// Per builder string offset, its offset in the new buffer (`u32::MAX`: not copied yet).
    build_strings: Vec<u32>,
    /// Builder nodes waiting to be written: (build ID, new ID).
    stack: Vec<(u32, u32)>,
    current: u32,
    from_builder: bool,
    /// For a builder node: the new ID of its next child.
    next: u32,
    /// For a builder node: its children were placed by the plan (it holds a taken old node), not in sequence.
    placed: bool,
    /// For an old node: the optional child fields and lists seen so far, the numbers its fills are keyed by.
    optionals: u8,
    lists: u8,
    children: usize,
    error: Option<EditError>,
}

impl<'w, L: Language> Writer<'w, L> {
    fn fail(&mut self, error: EditError) {
        self.error.get_or_insert(error);
    }

    /// The new ID of new subtree `build`, after its kind check.
    #[inline]
    fn new_subtree(&mut self, build: u32, accepts: fn(L::Kind) -> bool) -> u32 {
        if let Some(kind) = self.builder.nodes.get(build as usize).map(Node::kind)
            && !accepts(kind)
        {
            self.fail(EditError::WrongKind { parent: NodeId::from_u32(self.current), kind: L::kind_name(kind) });
        }
        self.new_root.get(build as usize).copied().unwrap_or(u32::MAX)
    }

    /// The new ID of what stands for old node `old` (`None`: removed); `single` when it is not a list element.
    #[inline]
    fn old_child(&mut self, old: u32, accepts: fn(L::Kind) -> bool, single: bool) -> Option<u32> {
        if let Some(edit) = self.edit(old) {
            if single && (!edit.before.is_empty() || !edit.after.is_empty()) {
                self.fail(EditError::NotInList { node: NodeId::from_u32(old) });
            }
            match edit.action {
                Some(Action::Replace(build)) => return Some(self.new_subtree(build, accepts)),
                Some(Action::Remove) => return None,
                None if edit.taken.is_some() => return None,
                None => {}
            }
        }
        self.new_index.get(old as usize).copied().filter(|&id| id != u32::MAX)
    }

    /// A builder child: its place after the previous sibling's subtree, queued to be written.
    #[inline]
    fn place(&mut self, build: u32, accepts: fn(L::Kind) -> bool) -> u32 {
        let builder = self.builder;
        let (Some(node), Some(meta)) = (builder.nodes.get(build as usize), builder.meta.get(build as usize)) else {
            self.fail(EditError::BadHandle);
            return u32::MAX;
        };
        if !accepts(node.kind()) {
            self.fail(EditError::CastHandle { kind: L::kind_name(node.kind()) });
        }
        if self.placed {
            let id = self.new_root.get(build as usize).copied().unwrap_or(u32::MAX);
            if id == u32::MAX {
                self.fail(EditError::BadHandle);
            }
            return id;
        }
        let id = self.next;
        self.next += meta.subtree();
        self.stack.push((build, id));
        id
    }

    /// A required child of the node being written.
    #[inline]
    fn required(&mut self, id: u32, accepts: fn(L::Kind) -> bool) -> u32 {
        self.children += 1;
        if self.from_builder {
            return self.place(id, accepts);
        }
        match self.old_child(id, accepts, true) {
            Some(new) => new,
            None => {
                self.fail(EditError::RequiredChild { node: NodeId::from_u32(id) });
                u32::MAX
            }
        }
    }

    /// The new subtrees filling field `number` (among the optional fields, or among the lists) of the old node
    /// being written.
    fn fills(&self, number: u8, optional: bool) -> impl Iterator<Item = u32> + use<'w, L> {
        let edit = if self.from_builder { None } else { self.edit(self.current) };
        let fills = edit.map_or(&[][..], |e| e.fills.as_slice());
        fills.iter().filter(move |f| f.0 == number && f.1 == optional).map(|f| f.2)
    }

    /// The edit pending on old node `old`, if any.
    #[inline]
    fn edit(&self, old: u32) -> Option<&'w NodeEdit> {
        let (flags, edits) = (self.flags, self.edits);
        if flags.get(old as usize).is_some_and(|f| f & EDITED != 0) { edits.get(&old) } else { None }
    }

    /// The new entries of a list of the node being written (`None`: an absent optional entry): a builder node's
    /// children placed; an old node's insertions and survivors in order, then what is appended to it.
    fn entries(&mut self, old: impl Iterator<Item = Option<u32>>, accepts: fn(L::Kind) -> bool) -> Vec<Option<u32>> {
        let mut out = Vec::new();
        for entry in old {
            let Some(old) = entry else {
                out.push(None);
                continue;
            };
            if self.from_builder {
                out.push(Some(self.place(old, accepts)));
                continue;
            }
            let edit = self.edit(old);
            let (before, after) = edit.map_or((&[][..], &[][..]), |e| (e.before.as_slice(), e.after.as_slice()));
            for &build in before {
                out.push(Some(self.new_subtree(build, accepts)));
            }
            if let Some(new) = self.old_child(old, accepts, false) {
                out.push(Some(new));
            }
            for &build in after {
                out.push(Some(self.new_subtree(build, accepts)));
            }
        }
        if !self.from_builder {
            let number = self.lists;
            self.lists = self.lists.saturating_add(1);
            for build in self.fills(number, false) {
                out.push(Some(self.new_subtree(build, accepts)));
            }
        }
        self.children += out.iter().flatten().count();
        out
    }
}

/// Writes a list of `entries` where it was (`list` in `buffer`) when it is no longer, else at the end; empty
/// becomes [`IdRange::EMPTY`].
fn store_list<T: ListEntry>(buffer: &mut Vec<T>, list: IdRange, entries: impl ExactSizeIterator<Item = T>) -> IdRange {
    let len = entries.len();
    if len == 0 {
        return IdRange::EMPTY;
    }
    let stored = list.stored_len(buffer);
    if !list.is_empty_sentinel() && len <= stored {
        let start = list.entries_start() as usize;
        buffer[list.index() as usize] = T::from_len(len as u32);
        for (slot, entry) in buffer[start..start + len].iter_mut().zip(entries) {
            *slot = entry;
        }
        return list;
    }
    IdRange::append(buffer, entries)
}

impl<L: Language> Relocate<L> for Writer<'_, L> {
    #[inline]
    fn implied(&mut self, accepts: fn(L::Kind) -> bool) {
        let child = if self.from_builder {
            self.builder.meta.get(self.current as usize).map_or(u32::MAX, |meta| meta.implied)
        } else {
            self.current + 1
        };
        self.required(child, accepts);
    }

    #[inline]
    fn child(&mut self, id: NodeId, accepts: fn(L::Kind) -> bool) -> NodeId {
        NodeId::from_u32(self.required(id.as_u32(), accepts))
    }

    #[inline]
    fn optional_child(&mut self, id: OptionalNodeId, accepts: fn(L::Kind) -> bool) -> OptionalNodeId {
        let number = self.optionals;
        self.optionals = self.optionals.saturating_add(1);
        let new = match id.get() {
            Some(id) if self.from_builder => Some(self.place(id.as_u32(), accepts)),
            Some(id) => self.old_child(id.as_u32(), accepts, true),
            None => {
                let fill = self.fills(number, true).next();
                fill.map(|build| self.new_subtree(build, accepts))
            }
        };
        self.children += usize::from(new.is_some());
        new.map_or(OptionalNodeId::NONE, |new| OptionalNodeId::some(NodeId::from_u32(new)))
    }

    fn list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let (builder, ast) = (self.builder, self.ast);
        let from = if self.from_builder { &builder.child_ids } else { &ast.child_ids };
        let Some(old) = list.slice(from) else {
            self.fail(EditError::BadHandle);
            return IdRange::EMPTY;
        };
        let entries = self.entries(old.iter().map(|id| Some(id.as_u32())), accepts);
        let ids = entries.into_iter().map(|id| NodeId::from_u32(id.unwrap_or(u32::MAX)));
        if self.from_builder {
            IdRange::append(&mut self.out.child_ids, ids)
        } else {
            store_list(&mut self.out.child_ids, list, ids)
        }
    }

    fn maybe_list(&mut self, list: Option<IdRange>, accepts: fn(L::Kind) -> bool) -> Option<IdRange> {
        if self.from_builder {
            return list.map(|list| self.list(list, accepts));
        }
        let number = self.lists;
        let cleared = self.edit(self.current).is_some_and(|e| e.cleared.contains(&number));
        let new = match list {
            Some(list) => self.list(list, accepts),
            // Absent: present only when something is appended.
            None => {
                let entries = self.entries(core::iter::empty(), accepts);
                let ids = entries.into_iter().map(|id| NodeId::from_u32(id.unwrap_or(u32::MAX)));
                store_list(&mut self.out.child_ids, IdRange::EMPTY, ids)
            }
        };
        let empty = new.stored_len(&self.out.child_ids) == 0;
        if empty && (cleared || list.is_none()) { None } else { Some(new) }
    }

    fn optional_list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let (builder, ast) = (self.builder, self.ast);
        let from = if self.from_builder { &builder.optional_child_ids } else { &ast.optional_child_ids };
        let Some(old) = list.slice(from) else {
            self.fail(EditError::BadHandle);
            return IdRange::EMPTY;
        };
        let entries = self.entries(old.iter().map(|id| id.get().map(NodeId::as_u32)), accepts);
        let ids = entries
            .into_iter()
            .map(|id| id.map_or(OptionalNodeId::NONE, |id| OptionalNodeId::some(NodeId::from_u32(id))));
        let out = &mut self.out.optional_child_ids;
        if self.from_builder { IdRange::append(out, ids) } else { store_list(out, list, ids) }
    }

    #[inline]
    fn string(&mut self, s: StrRef) -> StrRef {
        if !self.from_builder {
            return s;
        }
        let builder = self.builder;
        match self.build_strings.get_mut(s.offset() as usize) {
            Some(slot) if *slot != u32::MAX => StrRef::at(*slot),
            Some(slot) => {
                let text = builder.strings.get(s.offset()).unwrap_or_default();
                let new = StrRef::push(&mut self.out.strings, text);
                *slot = new.offset();
                new
            }
            None => {
                self.fail(EditError::BadHandle);
                s
            }
        }
    }
}
