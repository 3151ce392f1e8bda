//! The schema-independent core of the generated builders: the ID counter and the [`Renumber`] trait behind
//! `AstNodeBuilder`'s preorder renumbering (with the impls for `Box`, `Vec` and `Option`), and what every builder of
//! the generated `AstBuild` interface shares: [`BuilderCore`] (lists, checkpoints), [`ListItem`], [`Checkpoint`].
//! The generated crate adds a constructor per node type and a `Renumber` impl per node type.

use crate::{GetNodeId, NodeId, OptionalNodeId};

/// The half of the generated `AstBuild` interface that does not depend on the schema: how lists are made, how a
/// parser that backtracks takes a checkpoint and rewinds to it, and what the finished tree is.
///
/// A parser generic over `AstBuild` builds children before their parents and hands each constructor the handles
/// of the children; lists are collected by the parser (a reusable scratch `Vec` of handles per element type is
/// the natural way) and turned into a list handle by [`BuilderCore::list_from`].
pub trait BuilderCore {
    /// A finished list of children, as a constructor takes it: `Vec<T>` for the boxed tree, a handle into the
    /// builder's shared list buffer for the flat one.
    type List<T>;
    /// What the builder's `finish` returns: the renumbered boxed root, or a `FlatAst`.
    type Tree;

    /// Makes a list of `items` (handles of built children, or `Option`s of them for lists with holes), in order.
    /// The flat builder copies the IDs into its shared buffer, so a parser can keep one scratch `Vec` per element
    /// type and drain it here (`b.list_from(scratch.drain(mark..))`) without a heap allocation per list.
    fn list_from<T: ListItem>(&mut self, items: impl IntoIterator<Item = T>) -> Self::List<T>;

    /// The builder's state now: [`BuilderCore::rewind`] returns to it.
    fn checkpoint(&self) -> Checkpoint;

    /// Discards every node built since `checkpoint` was taken, so that the next node gets the ID the first
    /// discarded one had: IDs stay dense, with no gap where a reading was abandoned. The caller drops the handles
    /// of the discarded nodes (a handle built after the checkpoint must not be used again), and a node built before
    /// the checkpoint but consumed after it is lost with what consumed it: take the checkpoint before building
    /// anything the abandoned reading may consume. A checkpoint stays valid until a rewind to an earlier one.
    ///
    /// # Panics
    /// If `checkpoint` lies ahead of the builder's state (it was taken after a rewind to an earlier checkpoint).
    fn rewind(&mut self, checkpoint: Checkpoint);

    /// How many nodes have been built and not discarded; their IDs are `0..node_count` in construction order.
    fn node_count(&self) -> usize;
}

/// An item of a list handed to [`BuilderCore::list_from`]: a handle of a built node, or an `Option` of one (a hole).
/// Implemented for every node handle through [`GetNodeId`]: a handle's ID is its construction-order ID in both
/// builders.
pub trait ListItem {
    /// True for `Option`s: the list is a list of optional children.
    const OPTIONAL: bool;

    /// The node's construction-order ID, or none for a hole.
    fn list_entry(&self) -> OptionalNodeId;
}

impl<T: GetNodeId> ListItem for T {
    const OPTIONAL: bool = false;

    #[inline]
    fn list_entry(&self) -> OptionalNodeId {
        OptionalNodeId::some(self.node_id())
    }
}

impl<T: ListItem> ListItem for Option<T> {
    const OPTIONAL: bool = true;

    #[inline]
    fn list_entry(&self) -> OptionalNodeId {
        self.as_ref().map_or(OptionalNodeId::NONE, ListItem::list_entry)
    }
}

/// A builder's state, to rewind to: how many nodes, list entries and strings it held. Taken by
/// [`BuilderCore::checkpoint`] and meant for the builder that took it; `Copy`, so that a parser can rewind to one
/// checkpoint several times (try one reading, rewind, try the next, rewind, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub(crate) nodes: u32,
    pub(crate) child_ids: u32,
    pub(crate) optional_child_ids: u32,
    pub(crate) strings: u32,
}

impl Checkpoint {
    /// How many nodes had been built when the checkpoint was taken: the ID the next node got then.
    pub const fn node_count(self) -> usize {
        self.nodes as usize
    }
}

/// Preorder renumbering and the scan of IDs that goes with it, implemented for every node type (by the generated
/// crate) and for `Box`, `Vec` and `Option` of them.
pub trait Renumber {
    /// Gives this node (if it is one) ID `*next`, then its children in field order; advances `next`.
    fn renumber_preorder(&mut self, next: &mut u32);

    /// Calls `f` with the ID of this node (if it is one), then of its descendants, in preorder.
    fn for_each_node_id(&self, f: &mut dyn FnMut(NodeId));
}

/// The first ID after every ID in the tree under `root` (0 for a tree without nodes): where a builder that adds
/// nodes to the tree starts, so that no new node shares an ID with an old one.
///
/// Recursive, like [`Renumber::renumber_preorder`].
pub fn next_free_id<N: Renumber + ?Sized>(root: &N) -> u32 {
    let mut next = 0u32;
    root.for_each_node_id(&mut |id| next = next.max(id.as_u32().saturating_add(1)));
    next
}

/// Checks that no two nodes of the tree under `root` share an ID, and returns the number of nodes. Meant for debug
/// builds and tests of transforms: a node built by a fresh builder inside an existing tree gets an ID the tree
/// already uses, and side tables then mix the two nodes up. Sorts the IDs: O(n log n) time, 4 bytes per node.
///
/// Recursive, like [`Renumber::renumber_preorder`].
pub fn check_unique_ids<N: Renumber + ?Sized>(root: &N) -> Result<usize, DuplicateNodeId> {
    let mut ids = Vec::new();
    root.for_each_node_id(&mut |id| ids.push(id.as_u32()));
    let count = ids.len();
    ids.sort_unstable();
    match ids.windows(2).find(|pair| pair[0] == pair[1]) {
        Some(pair) => Err(DuplicateNodeId(NodeId::from_u32(pair[0]))),
        None => Ok(count),
    }
}

/// Two nodes of one tree have this ID ([`check_unique_ids`]); the smallest such ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DuplicateNodeId(pub NodeId);

impl core::fmt::Display for DuplicateNodeId {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "two nodes have ID {}: a node was built by a builder that did not continue the tree \
             (use `AstNodeBuilder::continuing`), or the tree was not renumbered",
            self.0.as_u32()
        )
    }
}

impl std::error::Error for DuplicateNodeId {}

impl<T: Renumber + ?Sized> Renumber for Box<T> {
    #[inline]
    fn renumber_preorder(&mut self, next: &mut u32) {
        (**self).renumber_preorder(next);
    }

    #[inline]
    fn for_each_node_id(&self, f: &mut dyn FnMut(NodeId)) {
        (**self).for_each_node_id(f);
    }
}

impl<T: Renumber> Renumber for Vec<T> {
    #[inline]
    fn renumber_preorder(&mut self, next: &mut u32) {
        for item in self.iter_mut() {
            item.renumber_preorder(next);
        }
    }

    #[inline]
    fn for_each_node_id(&self, f: &mut dyn FnMut(NodeId)) {
        for item in self {
            item.for_each_node_id(f);
        }
    }
}

impl<T: Renumber> Renumber for Option<T> {
    #[inline]
    fn renumber_preorder(&mut self, next: &mut u32) {
        if let Some(item) = self {
            item.renumber_preorder(next);
        }
    }

    #[inline]
    fn for_each_node_id(&self, f: &mut dyn FnMut(NodeId)) {
        if let Some(item) = self {
            item.for_each_node_id(f);
        }
    }
}

/// Hands out node IDs densely from 0, and renumbers a finished tree in preorder.
#[derive(Debug, Default, Clone)]
pub struct IdCounter {
    next: u32,
}

impl IdCounter {
    /// A counter whose first ID is 0.
    pub const fn new() -> Self {
        IdCounter { next: 0 }
    }

    /// A counter whose first ID is `next`.
    pub const fn starting_at(next: u32) -> Self {
        IdCounter { next }
    }

    /// How many IDs have been handed out (after [`IdCounter::renumber`]: the number of nodes in the tree).
    pub fn count(&self) -> usize {
        self.next as usize
    }

    /// The next ID. Inlined: every node constructor calls it, and a call per node measured in the parser.
    ///
    /// # Panics
    /// After `u32::MAX` nodes.
    #[inline]
    pub fn next_id(&mut self) -> NodeId {
        let id = NodeId::from_u32(self.next);
        self.next = self.next.checked_add(1).expect("more than u32::MAX nodes");
        id
    }

    /// The counter's state, to rewind to (only the node count: the boxed tree keeps no buffers).
    pub const fn checkpoint(&self) -> Checkpoint {
        Checkpoint { nodes: self.next, child_ids: 0, optional_child_ids: 0, strings: 0 }
    }

    /// Hands out IDs from `checkpoint`'s count again: the nodes built since are discarded by the caller.
    ///
    /// # Panics
    /// If `checkpoint` lies ahead of the counter (taken after a rewind to an earlier checkpoint).
    pub fn rewind(&mut self, checkpoint: Checkpoint) {
        assert!(
            checkpoint.nodes <= self.next,
            "rewind to a checkpoint ahead of the builder (it was taken after a rewind to an earlier one)"
        );
        self.next = checkpoint.nodes;
    }

    /// Re-assigns the IDs of the tree under `root` in preorder (root = 0, children in schema field order) and
    /// returns the number of nodes; the counter continues from there.
    ///
    /// Recursive: a tree nested deeper than the stack allows overflows here as it would when dropped.
    pub fn renumber<N: Renumber + ?Sized>(&mut self, root: &mut N) -> usize {
        let mut next = 0u32;
        root.renumber_preorder(&mut next);
        self.next = next;
        next as usize
    }
}
