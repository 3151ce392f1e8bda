//! The fast commit of [`Editor::commit`](super::Editor::commit) for edits that keep every old node in its place
//! relative to the others and splice whole new subtrees in (replacements, removals, insertions into lists): one
//! counting pass over the old preorder gives every surviving old node and every new subtree its new ID, then one
//! writing pass writes the new tree directly in preorder, each node's references mapped through those IDs. Every
//! node is relocated once, against twice through the builder. Wraps and filled fields go the general way
//! (`edit.rs`), because where their nodes land depends on the new parent's fields.

use rustc_hash::FxHashMap;

use super::build::FlatBuilder;
use super::edit::{Action, DEAD, EDITED, EditError, NodeEdit};
use super::{FlatAst, Language, Node, Relocate};
use crate::{IdRange, NodeId, NodeIdVec, OptionalNodeId, StrRef, SubtreeEnds};

/// One step of the new preorder: an old node, or a whole new subtree (its root's build ID).
#[derive(Clone, Copy)]
enum Item {
    Old(u32),
    New(u32),
}

/// True when the forward commit can do `edits`: no wraps and no filled fields.
pub(super) fn applies<L: Language>(edits: &FxHashMap<u32, NodeEdit<L>>) -> bool {
    edits.values().all(|e| e.fills.is_empty() && !matches!(e.action, Some(Action::Wrap(_))))
}

/// The forward commit; `flags` are the per-node flags the general commit computes (dead and edited nodes).
pub(super) fn commit<L: Language>(
    ast: &FlatAst<L>,
    builder: &mut FlatBuilder<L>,
    edits: &FxHashMap<u32, NodeEdit<L>>,
    flags: &[u8],
) -> Result<(FlatAst<L>, NodeIdVec<OptionalNodeId>), EditError> {
    let n = ast.len();
    // Insertions after a node go where its subtree ends; at one place, the inner node's first.
    let mut afters: Vec<(usize, u32, &[u32])> = edits
        .iter()
        .filter(|(_, e)| !e.after.is_empty())
        .map(|(&id, e)| (ast.subtree(NodeId::from_u32(id)).end, id, e.after.as_slice()))
        .collect();
    afters.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    // The counting pass.
    let mut new_index = vec![u32::MAX; n];
    let mut new_root = vec![u32::MAX; builder.nodes.len()];
    let mut order: Vec<Item> = Vec::with_capacity(n + edits.len());
    let mut pos: u32 = 0;
    let mut emit_new = |build: u32, order: &mut Vec<Item>, pos: &mut u32| -> Result<(), EditError> {
        let size = builder.try_claim(build).ok_or(EditError::BadHandle)?;
        *new_root.get_mut(build as usize).ok_or(EditError::BadHandle)? = *pos;
        *pos += size;
        order.push(Item::New(build));
        Ok(())
    };
    let mut next_after = 0;
    for i in 0..=n {
        while let Some(&(end, _, items)) = afters.get(next_after).filter(|a| a.0 == i) {
            let _ = end;
            for &build in items {
                emit_new(build, &mut order, &mut pos)?;
            }
            next_after += 1;
        }
        if i == n {
            break;
        }
        let flag = flags[i];
        if flag & DEAD != 0 {
            continue;
        }
        if flag & EDITED != 0
            && let Some(edit) = edits.get(&(i as u32))
        {
            for &build in &edit.before {
                emit_new(build, &mut order, &mut pos)?;
            }
            match edit.action {
                Some(Action::Remove) => continue,
                Some(Action::Replace(build)) => {
                    emit_new(build, &mut order, &mut pos)?;
                    continue;
                }
                _ => {}
            }
        }
        new_index[i] = pos;
        pos += 1;
        order.push(Item::Old(i as u32));
    }
    // The writing pass.
    let total = pos as usize;
    let mut out = FlatAst::empty();
    out.nodes.reserve_exact(total);
    out.child_ids.reserve(ast.child_ids.len());
    out.optional_child_ids.reserve(ast.optional_child_ids.len());
    out.strings.reserve(ast.strings.len());
    let mut ends = SubtreeEnds::with_capacity(total);
    // Kept apart from `out` for the whole pass: `relocate` rewrites a payload here while the writer appends to `out`.
    let mut overflow = L::Overflow::default();
    let mut w = Writer {
        ast,
        builder: &*builder,
        edits,
        flags,
        new_index: &new_index,
        new_root: &new_root,
        out: &mut out,
        string_numbers: vec![u32::MAX; ast.strings.len()],
        build_strings: vec![u32::MAX; builder.strings.len() as usize],
        // About one distinct string per 8 bytes of buffer (a name, its header): no rehashing on the way.
        texts: FxHashMap::with_capacity_and_hasher(ast.strings.len() / 8, Default::default()),
        stack: Vec::new(),
        current: 0,
        from_builder: false,
        next: 0,
        children: 0,
        error: None,
    };
    for item in order {
        match item {
            Item::Old(i) => {
                let node = &ast.nodes[i as usize];
                let mut data = node.data.clone();
                let copied = L::copy_overflow(&mut data, &ast.overflow, &mut overflow);
                (w.current, w.from_builder, w.children) = (i, false, 0);
                if copied {
                    L::relocate(&mut data, &mut overflow, &mut w);
                } else {
                    return Err(EditError::NoSuchNode(NodeId::from_u32(i)));
                }
                w.out.nodes.push(Node { data, span: node.span });
                ends.enter(w.children);
            }
            Item::New(root) => {
                w.stack.clear();
                w.stack.push((root, new_root[root as usize]));
                let from = w.builder;
                while let Some((build, id)) = w.stack.pop() {
                    if id as usize != w.out.nodes.len() {
                        return Err(EditError::BadHandle);
                    }
                    let Some(node) = from.nodes.get(build as usize) else { return Err(EditError::BadHandle) };
                    let mut data = node.data.clone();
                    let copied = L::copy_overflow(&mut data, &from.overflow, &mut overflow);
                    (w.current, w.from_builder, w.children, w.next) = (build, true, 0, id + 1);
                    let queued = w.stack.len();
                    if copied {
                        L::relocate(&mut data, &mut overflow, &mut w);
                    } else {
                        return Err(EditError::BadHandle);
                    }
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
    let ids = new_index
        .iter()
        .map(|&id| if id == u32::MAX { OptionalNodeId::NONE } else { OptionalNodeId::some(NodeId::from_u32(id)) })
        .collect();
    Ok((out, NodeIdVec::from_vec(ids)))
}

/// The writing pass as a [`Relocate`]: maps the references of the node being written (old node or builder node
/// `current`) to new IDs, copying its lists and strings into the new tree.
struct Writer<'w, L: Language> {
    ast: &'w FlatAst<L>,
    builder: &'w FlatBuilder<L>,
    edits: &'w FxHashMap<u32, NodeEdit<L>>,
    flags: &'w [u8],
    new_index: &'w [u32],
    new_root: &'w [u32],
    out: &'w mut FlatAst<L>,
    /// Per byte offset of an old string, its offset in the new buffer (`u32::MAX`: not copied yet).
    string_numbers: Vec<u32>,
    /// Per builder string number, its offset in the new buffer.
    build_strings: Vec<u32>,
    /// Every string written, by text: old and new strings share one copy, as `from_boxed` shares them.
    texts: FxHashMap<&'w str, u32>,
    /// Builder nodes waiting to be written: (build ID, new ID).
    stack: Vec<(u32, u32)>,
    current: u32,
    from_builder: bool,
    /// For a builder node: the new ID of its next child.
    next: u32,
    children: usize,
    error: Option<EditError>,
}

impl<L: Language> Writer<'_, L> {
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
        let edits = self.edits;
        if self.flags.get(old as usize).is_some_and(|f| f & EDITED != 0)
            && let Some(edit) = edits.get(&old)
        {
            if single && (!edit.before.is_empty() || !edit.after.is_empty()) {
                self.fail(EditError::NotInList { node: NodeId::from_u32(old) });
            }
            match edit.action {
                Some(Action::Remove) => return None,
                Some(Action::Replace(build)) => return Some(self.new_subtree(build, accepts)),
                _ => {}
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
            self.fail(EditError::WrongKind { parent: NodeId::from_u32(self.current), kind: L::kind_name(node.kind()) });
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

    /// The new entries of an old list: insertions, survivors, in order.
    fn old_entries(&mut self, old: &[Option<u32>], accepts: fn(L::Kind) -> bool, out: &mut Vec<Option<u32>>) {
        let edits = self.edits;
        for &entry in old {
            let Some(old) = entry else {
                out.push(None);
                continue;
            };
            let edit =
                if self.flags.get(old as usize).is_some_and(|f| f & EDITED != 0) { edits.get(&old) } else { None };
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
    }

    /// The new entries of a list of the node being written, as IDs (`None`: an absent optional entry).
    fn entries(&mut self, entries: Vec<Option<u32>>, accepts: fn(L::Kind) -> bool) -> Vec<Option<u32>> {
        let mut out = Vec::with_capacity(entries.len());
        if self.from_builder {
            for entry in entries {
                out.push(entry.map(|build| self.place(build, accepts)));
            }
        } else {
            self.old_entries(&entries, accepts, &mut out);
        }
        self.children += out.iter().flatten().count();
        out
    }
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
        let Some(id) = id.get() else { return OptionalNodeId::NONE };
        let new = if self.from_builder {
            Some(self.place(id.as_u32(), accepts))
        } else {
            self.old_child(id.as_u32(), accepts, true)
        };
        self.children += usize::from(new.is_some());
        new.map_or(OptionalNodeId::NONE, |new| OptionalNodeId::some(NodeId::from_u32(new)))
    }

    #[inline]
    fn list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let (builder, ast) = (self.builder, self.ast);
        let from = if self.from_builder { &builder.child_ids } else { &ast.child_ids };
        let Some(old) = list.slice(from).or_else(|| list.is_empty_sentinel().then_some(&[][..])) else {
            self.fail(EditError::BadHandle);
            return IdRange::EMPTY;
        };
        // The common case: an old list with nothing edited in it maps one to one.
        if !self.from_builder && old.iter().all(|id| self.flags.get(id.index()) == Some(&0)) {
            self.children += old.len();
            let new_index = self.new_index;
            let ids = old.iter().map(|id| NodeId::from_u32(new_index.get(id.index()).copied().unwrap_or(u32::MAX)));
            return IdRange::append(&mut self.out.child_ids, ids);
        }
        let old: Vec<Option<u32>> = old.iter().map(|id| Some(id.as_u32())).collect();
        let entries = self.entries(old, accepts);
        IdRange::append(&mut self.out.child_ids, entries.into_iter().map(|id| NodeId::from_u32(id.unwrap_or(u32::MAX))))
    }

    #[inline]
    fn optional_list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let (builder, ast) = (self.builder, self.ast);
        let from = if self.from_builder { &builder.optional_child_ids } else { &ast.optional_child_ids };
        let Some(old) = list.slice(from).or_else(|| list.is_empty_sentinel().then_some(&[][..])) else {
            self.fail(EditError::BadHandle);
            return IdRange::EMPTY;
        };
        let old: Vec<Option<u32>> = old.iter().map(|id| id.get().map(NodeId::as_u32)).collect();
        let entries = self.entries(old, accepts);
        let ids = entries
            .into_iter()
            .map(|id| id.map_or(OptionalNodeId::NONE, |id| OptionalNodeId::some(NodeId::from_u32(id))));
        IdRange::append(&mut self.out.optional_child_ids, ids)
    }

    #[inline]
    fn string(&mut self, s: StrRef) -> StrRef {
        let (builder, ast) = (self.builder, self.ast);
        let (slot, text) = if self.from_builder {
            (self.build_strings.get_mut(s.offset() as usize), builder.strings.get(s.offset()))
        } else {
            (self.string_numbers.get_mut(s.offset() as usize), Some(ast.string(s)))
        };
        match slot {
            Some(slot) if *slot != u32::MAX => StrRef::at(*slot),
            Some(slot) => {
                let text = text.unwrap_or_default();
                let strings = &mut self.out.strings;
                let offset = *self.texts.entry(text).or_insert_with(|| StrRef::push(strings, text).offset());
                *slot = offset;
                StrRef::at(offset)
            }
            None => {
                self.error.get_or_insert(EditError::BadHandle);
                s
            }
        }
    }
}
