//! [`FlatBuilder::finish`](super::FlatBuilder::finish): from the nodes in construction order (children before
//! parents) to a [`FlatAst`] in preorder.
//!
//! One depth-first pass from the root with an explicit stack ([`PreorderPass::DepthFirst`]). Every built node knows
//! the size of its subtree, so when a node is written at preorder index `i`, its children's indices are known at
//! once: the first is `i + 1`, each next one follows the previous one's subtree. The node's data is rewritten on the
//! spot (child IDs, lists copied into the tree's list buffer, strings copied into its string buffer on first use),
//! with nothing to patch later, and the same order of work as [`FlatAst::from_boxed`]: that is what makes both
//! trees equal, buffer for buffer. The per-type step is the generated [`Language::relocate`]; overflow payloads
//! are rewritten in place and put in preorder at the end ([`Language::reorder_overflow`]). The candidate it was
//! measured against, [`PreorderPass::TwoPass`], is kept selectable for the bench.

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

    /// A list of children that may be absent (`Option<Vec<N>>`).
    #[inline]
    fn maybe_list(&mut self, list: Option<IdRange>, accepts: fn(L::Kind) -> bool) -> Option<IdRange> {
        list.map(|list| self.list(list, accepts))
    }

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

/// How [`FlatBuilder::finish_with`](super::FlatBuilder::finish_with) reaches preorder from the construction order:
/// the candidates `cargo bench -p tests --bench flat_builder` measures. [`FlatBuilder::finish`](super::FlatBuilder::finish)
/// uses [`PreorderPass::DepthFirst`], which measured faster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PreorderPass {
    /// One depth-first walk from the root with an explicit stack: a node written at index `i` gives its children
    /// `i + 1`, then each the index after its previous sibling's subtree (the builder knows every subtree's size),
    /// so every node is rewritten once, with nothing to patch.
    #[default]
    DepthFirst,
    /// One linear pass backwards over the nodes in construction order (a parent is always built after its
    /// children, so it comes first) numbers every node of the tree in preorder from the subtree sizes, then a second
    /// pass writes the nodes in that order: no stack, but every node's fields are read twice.
    TwoPass,
}

/// The finishing pass's buffers, kept by the builder for the next tree.
#[derive(Default, Clone)]
pub(super) struct Scratch {
    /// Nodes waiting to be written: (build ID, the preorder index their parent gave them), next child on top.
    stack: Vec<(u32, u32)>,
    /// Per build string number, its reference in the finished tree (`u32::MAX` until first used).
    string_refs: Vec<u32>,
    /// [`PreorderPass::TwoPass`]: per build ID its preorder index (`u32::MAX`: not in the tree), and per preorder
    /// index its build ID.
    preorder: Vec<u32>,
    order: Vec<u32>,
}

impl Scratch {
    pub(super) fn heap_bytes(&self) -> usize {
        self.stack.capacity() * 8 + (self.string_refs.capacity() + self.preorder.capacity() + self.order.capacity()) * 4
    }
}

/// The finishing pass over `builder`'s buffers, from build node `root` whose subtree holds `total` nodes.
pub(super) fn preorder<L: Language>(
    builder: &mut FlatBuilder<L>,
    root: u32,
    total: u32,
    pass: PreorderPass,
) -> FlatAst<L> {
    let FlatBuilder { nodes, meta, child_ids, optional_child_ids, strings, overflow, scratch, .. } = builder;
    let Scratch { stack, string_refs, preorder, order } = scratch;
    string_refs.clear();
    string_refs.resize(strings.len() as usize, u32::MAX);
    let total = total as usize;
    let mut ast = FlatAst::empty();
    ast.nodes.reserve_exact(total);
    ast.child_ids.reserve_exact(child_ids.len());
    ast.optional_child_ids.reserve_exact(optional_child_ids.len());
    ast.strings.reserve_exact(strings.text_len() + strings.len() as usize);
    let mut ends = SubtreeEnds::with_capacity(total);
    let buffers = Buffers { nodes, meta, child_ids, optional_child_ids, strings };
    match pass {
        PreorderPass::DepthFirst => {
            stack.clear();
            stack.push((root, 0));
            let place = DepthFirst { stack, next: 0 };
            let mut out = Writer { from: buffers, string_refs, ast: &mut ast, current: root, place };
            while let Some((build, id)) = out.place.stack.pop() {
                if id as usize != out.ast.nodes.len() || id as usize >= total {
                    bad_reference("a subtree's size does not match its nodes");
                }
                out.place.next = id + 1;
                let queued = out.place.stack.len();
                out.write(build, overflow);
                // Children were pushed in schema order; the first must be popped first.
                out.place.stack[queued..].reverse();
                ends.enter(out.place.stack.len() - queued);
            }
        }
        PreorderPass::TwoPass => {
            number_in_preorder(&buffers, overflow, root, total, preorder, order);
            let place = Numbered { preorder, children: 0 };
            let mut out = Writer { from: buffers, string_refs, ast: &mut ast, current: root, place };
            for &build in order.iter() {
                out.place.children = 0;
                out.write(build, overflow);
                ends.enter(out.place.children);
            }
        }
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

/// The builder's buffers the finishing pass reads.
struct Buffers<'b, L: Language> {
    nodes: &'b [Node<L>],
    meta: &'b [Meta],
    child_ids: &'b [NodeId],
    optional_child_ids: &'b [OptionalNodeId],
    strings: &'b BuildStrings,
}

impl<L: Language> Buffers<'_, L> {
    /// The subtree size of build node `build`, after checking its kind against `accepts`.
    #[inline]
    fn checked_size(&self, build: u32, accepts: fn(L::Kind) -> bool) -> u32 {
        let (Some(meta), Some(node)) = (self.meta.get(build as usize), self.nodes.get(build as usize)) else {
            bad_reference("a child outside the builder")
        };
        if !accepts(node.kind()) {
            bad_reference("a child of a kind its field does not hold");
        }
        meta.subtree()
    }

    /// The implied first child of build node `build` (`u32::MAX`: none).
    #[inline]
    fn implied(&self, build: u32) -> u32 {
        self.meta.get(build as usize).map_or(u32::MAX, |meta| meta.implied)
    }
}

/// [`PreorderPass::TwoPass`], its first pass: every node of the tree under `root` gets its preorder index in
/// `preorder` (by build ID), and `order` lists the build IDs in preorder.
fn number_in_preorder<L: Language>(
    from: &Buffers<'_, L>,
    overflow: &mut L::Overflow,
    root: u32,
    total: usize,
    preorder: &mut Vec<u32>,
    order: &mut Vec<u32>,
) {
    preorder.clear();
    preorder.resize(root as usize + 1, u32::MAX);
    order.clear();
    order.resize(total, u32::MAX);
    preorder[root as usize] = 0;
    let mut numbering = Numbering { from, preorder, current: root, next: 0 };
    for build in (0..=root).rev() {
        let index = numbering.preorder[build as usize];
        let Some(slot) = order.get_mut(index as usize) else { continue };
        *slot = build;
        numbering.current = build;
        numbering.next = index + 1;
        // The children are read through the same per-type step as the writing pass; its data is a copy.
        let mut data = from.nodes[build as usize].data.clone();
        L::relocate(&mut data, overflow, &mut numbering);
    }
    if order.contains(&u32::MAX) {
        bad_reference("a subtree's size does not match its nodes");
    }
}

/// The first pass of [`PreorderPass::TwoPass`] as a [`Relocate`]: gives each child of the current node its index
/// and maps every reference to itself.
struct Numbering<'a, 'b, L: Language> {
    from: &'a Buffers<'b, L>,
    preorder: &'a mut Vec<u32>,
    current: u32,
    next: u32,
}

impl<L: Language> Numbering<'_, '_, L> {
    #[inline]
    fn number(&mut self, build: u32, accepts: fn(L::Kind) -> bool) {
        let size = self.from.checked_size(build, accepts);
        match self.preorder.get_mut(build as usize) {
            Some(slot) if *slot == u32::MAX => *slot = self.next,
            _ => bad_reference("a child built after its parent, or held twice"),
        }
        self.next += size;
    }
}

impl<L: Language> Relocate<L> for Numbering<'_, '_, L> {
    fn implied(&mut self, accepts: fn(L::Kind) -> bool) {
        self.number(self.from.implied(self.current), accepts);
    }

    fn child(&mut self, id: NodeId, accepts: fn(L::Kind) -> bool) -> NodeId {
        self.number(id.as_u32(), accepts);
        id
    }

    fn list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let Some(entries) = list.slice(self.from.child_ids) else { bad_reference("a list outside the builder") };
        entries.iter().for_each(|id| self.number(id.as_u32(), accepts));
        list
    }

    fn optional_list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let Some(entries) = list.slice(self.from.optional_child_ids) else {
            bad_reference("a list outside the builder")
        };
        entries.iter().filter_map(|id| id.get()).for_each(|id| self.number(id.as_u32(), accepts));
        list
    }

    fn string(&mut self, s: StrRef) -> StrRef {
        s
    }
}

/// Where the writing pass finds a child's preorder index.
trait Placement {
    /// The index of build node `build`, whose subtree holds `size` nodes; records it as a child of the node being
    /// written.
    fn place(&mut self, build: u32, size: u32) -> u32;
}

/// [`PreorderPass::DepthFirst`]: the index after the previous sibling's subtree; the child is queued.
struct DepthFirst<'a> {
    stack: &'a mut Vec<(u32, u32)>,
    /// The index of the next child of the node being written.
    next: u32,
}

impl Placement for DepthFirst<'_> {
    #[inline]
    fn place(&mut self, build: u32, size: u32) -> u32 {
        let id = self.next;
        self.next += size;
        self.stack.push((build, id));
        id
    }
}

/// [`PreorderPass::TwoPass`]: the index the first pass gave; the children are counted.
struct Numbered<'a> {
    preorder: &'a [u32],
    children: usize,
}

impl Placement for Numbered<'_> {
    #[inline]
    fn place(&mut self, build: u32, _size: u32) -> u32 {
        self.children += 1;
        self.preorder.get(build as usize).copied().unwrap_or(u32::MAX)
    }
}

/// The writing pass, which [`Language::relocate`] calls back: the builder's buffers, read, and the tree being
/// written.
struct Writer<'b, 'o, L: Language, P> {
    from: Buffers<'b, L>,
    string_refs: &'o mut Vec<u32>,
    ast: &'o mut FlatAst<L>,
    /// The build ID of the node being written.
    current: u32,
    place: P,
}

impl<L: Language, P: Placement> Writer<'_, '_, L, P> {
    /// Writes build node `build` as the next node of the tree.
    #[inline]
    fn write(&mut self, build: u32, overflow: &mut L::Overflow) {
        let Some(node) = self.from.nodes.get(build as usize) else { bad_reference("a child outside the builder") };
        let (mut data, span) = (node.data.clone(), node.span);
        self.current = build;
        L::relocate(&mut data, overflow, self);
        self.ast.nodes.push(Node { data, span });
    }

    /// Gives build node `build` its index; checks its kind.
    #[inline]
    fn place(&mut self, build: u32, accepts: fn(L::Kind) -> bool) -> NodeId {
        let size = self.from.checked_size(build, accepts);
        NodeId::from_u32(self.place.place(build, size))
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

impl<L: Language, P: Placement> Relocate<L> for Writer<'_, '_, L, P> {
    #[inline]
    fn implied(&mut self, accepts: fn(L::Kind) -> bool) {
        self.place(self.from.implied(self.current), accepts);
    }

    #[inline]
    fn child(&mut self, id: NodeId, accepts: fn(L::Kind) -> bool) -> NodeId {
        self.place(id.as_u32(), accepts)
    }

    #[inline]
    fn list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let from = self.from.child_ids;
        self.copy_list(list, from, |ast| &mut ast.child_ids, |out, id| out.place(id.as_u32(), accepts))
    }

    #[inline]
    fn optional_list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let from = self.from.optional_child_ids;
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
            let text = self.from.strings.get(number).unwrap_or_default();
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
