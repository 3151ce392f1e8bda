//! [`FlatBuilder::finish`](super::FlatBuilder::finish): from the nodes in construction order (children before
//! parents) to a [`FlatAst`] in preorder.
//!
//! One depth-first pass from the root with an explicit stack. Every built node knows the size of its subtree, so
//! when a node is written at preorder index `i`, its children's indices are known at once: the first is `i + 1`,
//! each next one follows the previous one's subtree. The node's data is rewritten on the spot (child IDs, lists
//! copied into the tree's list buffer, strings copied into its string buffer on first use), with nothing to patch
//! later, and the same order of work as [`FlatAst::from_boxed`]: that is what makes both trees equal, buffer for
//! buffer. The per-type step is the generated [`Language::relocate`]; overflow payloads are rewritten in place
//! and put in preorder at the end ([`Language::reorder_overflow`]).

use super::build::{FlatBuilder, Meta};
use super::build_strings::BuildStrings;
use super::{FlatAst, Language, Node};
use crate::{IdRange, ListEntry, NodeId, OptionalNodeId, OptionalStrRef, OverflowIndex, StrRef, SubtreeEnds};

/// What the generated [`Language::relocate`] calls for each field of a node that refers to other parts of the
/// tree, in schema order: the node is being moved from a builder's buffers into a finished tree, and every child
/// ID, list and string reference moves with it. `accepts` is the field's kind check.
pub trait Relocate<L: Language> {
    /// The implied first child of the node (held by the builder, not by the data).
    fn implied(&mut self, accepts: fn(L::Kind) -> bool);

    /// A child field.
    fn child(&mut self, id: NodeId, accepts: fn(L::Kind) -> bool) -> NodeId;

    /// An optional child field.
    #[inline]
    fn optional_child(&mut self, id: OptionalNodeId, accepts: fn(L::Kind) -> bool) -> OptionalNodeId {
        id.get().map_or(OptionalNodeId::NONE, |id| OptionalNodeId::some(self.child(id, accepts)))
    }

    /// A list of children.
    fn list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange;

    /// A list of optional children.
    fn optional_list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange;

    /// A string.
    fn string(&mut self, s: StrRef) -> StrRef;

    /// An optional string.
    #[inline]
    fn optional_string(&mut self, s: OptionalStrRef) -> OptionalStrRef {
        s.get().map_or(OptionalStrRef::NONE, |s| OptionalStrRef::some(self.string(s)))
    }
}

/// The panic of a finishing pass that meets a reference outside the builder's buffers, or a child whose kind its
/// field does not accept: only a handle used where its type does not belong (after a cast, or from another
/// builder) leads here.
#[cold]
#[track_caller]
pub fn bad_reference(what: &str) -> ! {
    panic!("FlatBuilder::finish: {what} (a handle cast to the wrong type, or one from another builder)")
}

/// The finishing pass's buffers, kept by the builder for the next tree.
#[derive(Default, Clone)]
pub(super) struct Scratch {
    /// Nodes waiting to be written: (build ID, the preorder index their parent gave them), next child on top.
    stack: Vec<(u32, u32)>,
    /// Per build string number, its reference in the finished tree (`u32::MAX` until first used).
    string_refs: Vec<u32>,
}

impl Scratch {
    pub(super) fn heap_bytes(&self) -> usize {
        self.stack.capacity() * 8 + self.string_refs.capacity() * 4
    }
}

/// The finishing pass over `builder`'s buffers, from build node `root` whose subtree holds `total` nodes.
pub(super) fn preorder<L: Language>(builder: &mut FlatBuilder<L>, root: u32, total: u32) -> FlatAst<L> {
    let FlatBuilder { nodes, meta, child_ids, optional_child_ids, strings, overflow, scratch, .. } = builder;
    scratch.stack.clear();
    scratch.stack.push((root, 0));
    scratch.string_refs.clear();
    scratch.string_refs.resize(strings.len() as usize, u32::MAX);
    let total = total as usize;
    let mut ast = FlatAst::empty();
    ast.nodes.reserve_exact(total);
    ast.child_ids.reserve_exact(child_ids.len());
    ast.optional_child_ids.reserve_exact(optional_child_ids.len());
    ast.strings.reserve_exact(strings.text_len() + strings.len() as usize);
    let mut ends = SubtreeEnds::with_capacity(total);
    let mut out = Preorder {
        nodes,
        meta,
        child_ids,
        optional_child_ids,
        strings,
        string_refs: &mut scratch.string_refs,
        stack: &mut scratch.stack,
        ast: &mut ast,
        current: root,
        next: 0,
    };
    while let Some((build, id)) = out.stack.pop() {
        if id as usize != out.ast.nodes.len() || id as usize >= total {
            bad_reference("a subtree's size does not match its nodes");
        }
        let Some(node) = out.nodes.get(build as usize) else { bad_reference("a child outside the builder") };
        let (mut data, span) = (node.data.clone(), node.span);
        out.current = build;
        out.next = id + 1;
        let queued = out.stack.len();
        L::relocate(&mut data, overflow, &mut out);
        // Children were pushed in schema order; the first must be popped first.
        out.stack[queued..].reverse();
        ends.enter(out.stack.len() - queued);
        out.ast.nodes.push(Node { data, span });
    }
    if ast.nodes.len() != total {
        bad_reference("a subtree's size does not match its nodes");
    }
    L::reorder_overflow(&mut ast.nodes, overflow);
    ast.overflow = core::mem::take(overflow);
    (ast.ends, ast.long_ends) = ends.finish();
    ast.shrink_to_fit();
    ast
}

/// The state of the finishing pass that [`Language::relocate`] calls back: the builder's buffers, read, and the
/// tree being written.
struct Preorder<'b, L: Language> {
    nodes: &'b [Node<L>],
    meta: &'b [Meta],
    child_ids: &'b [NodeId],
    optional_child_ids: &'b [OptionalNodeId],
    strings: &'b BuildStrings,
    string_refs: &'b mut Vec<u32>,
    stack: &'b mut Vec<(u32, u32)>,
    ast: &'b mut FlatAst<L>,
    /// The build ID of the node being written.
    current: u32,
    /// The preorder index of its next child.
    next: u32,
}

impl<L: Language> Preorder<'_, L> {
    /// Gives build node `build` the next child index and queues it; checks its kind.
    #[inline]
    fn place(&mut self, build: u32, accepts: fn(L::Kind) -> bool) -> NodeId {
        let (Some(meta), Some(node)) = (self.meta.get(build as usize), self.nodes.get(build as usize)) else {
            bad_reference("a child outside the builder")
        };
        if !accepts(node.kind()) {
            bad_reference("a child of a kind its field does not hold");
        }
        let id = self.next;
        self.next += meta.subtree();
        self.stack.push((build, id));
        NodeId::from_u32(id)
    }

    /// Copies a list of `list` (entries mapped by `entry`) from the builder's buffer `from` to the tree's `to`.
    #[inline]
    fn copy_list<E: ListEntry>(
        &mut self,
        range: IdRange,
        from: &[E],
        to: fn(&mut FlatAst<L>) -> &mut Vec<E>,
        mut entry: impl FnMut(&mut Self, E) -> E,
    ) -> IdRange {
        if range.is_empty_sentinel() {
            return IdRange::EMPTY;
        }
        let Some(entries) = range.slice(from) else { bad_reference("a list outside the builder") };
        let start = to(self.ast).len();
        to(self.ast).push(E::from_len(entries.len() as u32));
        for &e in entries {
            let moved = entry(self, e);
            to(self.ast).push(moved);
        }
        // The tree's list buffer holds no more entries than the builder's, which stays below `u32::MAX`.
        IdRange::at(start as u32)
    }
}

impl<L: Language> Relocate<L> for Preorder<'_, L> {
    #[inline]
    fn implied(&mut self, accepts: fn(L::Kind) -> bool) {
        let implied = self.meta.get(self.current as usize).map_or(u32::MAX, |meta| meta.implied);
        self.place(implied, accepts);
    }

    #[inline]
    fn child(&mut self, id: NodeId, accepts: fn(L::Kind) -> bool) -> NodeId {
        self.place(id.as_u32(), accepts)
    }

    #[inline]
    fn list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let from = self.child_ids;
        self.copy_list(list, from, |ast| &mut ast.child_ids, |out, id| out.place(id.as_u32(), accepts))
    }

    #[inline]
    fn optional_list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let from = self.optional_child_ids;
        self.copy_list(
            list,
            from,
            |ast| &mut ast.optional_child_ids,
            |out, id| id.get().map_or(OptionalNodeId::NONE, |id| OptionalNodeId::some(out.place(id.as_u32(), accepts))),
        )
    }

    #[inline]
    fn string(&mut self, s: StrRef) -> StrRef {
        let number = s.offset();
        let Some(slot) = self.string_refs.get_mut(number as usize) else {
            bad_reference("a string outside the builder")
        };
        if *slot == u32::MAX {
            let text = self.strings.get(number).unwrap_or_default();
            *slot = StrRef::push(&mut self.ast.strings, text).offset();
        }
        StrRef::at(*slot)
    }
}

/// Puts one overflow table of a finished tree in the preorder of its nodes: the generated
/// [`Language::reorder_overflow`] gives each node's payload index to [`OverflowOrder::assign`] in preorder, then
/// [`OverflowOrder::apply`] moves the payloads (no copies) and drops those no node of the tree holds.
#[derive(Debug, Default)]
pub struct OverflowOrder {
    /// Per payload of the table, its new index (`u32::MAX`: not held by the tree).
    new_of_old: Vec<u32>,
    /// The next new index.
    next: u32,
}

impl OverflowOrder {
    /// For a table of `len` payloads (allocates nothing when it is empty).
    pub fn new(len: usize) -> Self {
        OverflowOrder { new_of_old: vec![u32::MAX; len], next: 0 }
    }

    /// The next node (in preorder) holds the payload at `index`: it gets the next new index.
    ///
    /// # Panics
    /// If the index is outside the table or held twice.
    #[inline]
    pub fn assign(&mut self, index: &mut OverflowIndex) {
        match self.new_of_old.get_mut(index.index()) {
            Some(slot) if *slot == u32::MAX => {
                *slot = self.next;
                *index = OverflowIndex::at(self.next);
                self.next += 1;
            }
            _ => bad_reference("an overflow payload outside its table or held twice"),
        }
    }

    /// Moves every payload of `table` to its new index and drops those no node holds: cycle by cycle, one swap
    /// per payload.
    pub fn apply<T>(mut self, table: &mut Vec<T>) {
        let kept = self.next as usize;
        let unheld = self.new_of_old.iter_mut().filter(|slot| **slot == u32::MAX);
        for (next, slot) in (self.next..).zip(unheld) {
            *slot = next;
        }
        for i in 0..self.new_of_old.len() {
            while self.new_of_old[i] as usize != i {
                let j = self.new_of_old[i] as usize;
                table.swap(i, j);
                self.new_of_old.swap(i, j);
            }
        }
        table.truncate(kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_order_moves_payloads_to_preorder_and_drops_the_unheld() {
        let mut table = vec!["a", "b", "c", "d", "e"];
        let mut order = OverflowOrder::new(table.len());
        let mut held = [OverflowIndex::at(3), OverflowIndex::at(0), OverflowIndex::at(4)];
        held.iter_mut().for_each(|index| order.assign(index));
        assert_eq!(held.map(OverflowIndex::index), [0, 1, 2]);
        order.apply(&mut table);
        assert_eq!(table, ["d", "a", "e"]);
        let mut empty: Vec<u8> = Vec::new();
        OverflowOrder::new(0).apply(&mut empty);
        assert!(empty.is_empty());
    }

    #[test]
    #[should_panic(expected = "held twice")]
    fn overflow_order_refuses_a_payload_held_twice() {
        let mut order = OverflowOrder::new(2);
        order.assign(&mut OverflowIndex::at(1));
        order.assign(&mut OverflowIndex::at(1));
    }
}
