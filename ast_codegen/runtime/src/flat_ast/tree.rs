//! [`FlatAst`] and [`FlatParts`]: the buffers of a flat tree, how a tree is made from them and taken apart, and
//! what it costs.

use std::sync::OnceLock;

use super::convert::OldIds;
use super::{Language, Node};
use crate::{FlatError, FlatErrorKind, NodeId, NodeIdVec, OptionalNodeId, ParentTable, SubtreeEnds};

/// The parts of a [`FlatAst`], public so that a tree can be stored, sent and rebuilt elsewhere;
/// [`FlatAst::from_parts`] validates them.
pub struct FlatParts<L: Language> {
    /// The nodes in preorder; index == `NodeId`.
    pub nodes: Vec<Node<L>>,
    /// The shared list that list fields point into: per list a length slot, then its IDs.
    pub child_ids: Vec<NodeId>,
    /// The same for lists of optional children.
    pub optional_child_ids: Vec<OptionalNodeId>,
    /// The shared buffer every string lives in, each behind its length header.
    pub strings: String,
    /// The payloads too large to sit inline in their nodes.
    pub overflow: L::Overflow,
}

// Written out rather than derived: a derive would demand the traits of the marker type `L` itself.
impl<L: Language> Default for FlatParts<L> {
    fn default() -> Self {
        FlatParts {
            nodes: Vec::new(),
            child_ids: Vec::new(),
            optional_child_ids: Vec::new(),
            strings: String::new(),
            overflow: L::Overflow::default(),
        }
    }
}

impl<L: Language> Clone for FlatParts<L> {
    fn clone(&self) -> Self {
        FlatParts {
            nodes: self.nodes.clone(),
            child_ids: self.child_ids.clone(),
            optional_child_ids: self.optional_child_ids.clone(),
            strings: self.strings.clone(),
            overflow: self.overflow.clone(),
        }
    }
}

impl<L: Language> core::fmt::Debug for FlatParts<L> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FlatParts")
            .field("nodes", &self.nodes)
            .field("child_ids", &self.child_ids)
            .field("optional_child_ids", &self.optional_child_ids)
            .field("strings", &self.strings)
            .field("overflow", &self.overflow)
            .finish()
    }
}

impl<L: Language> PartialEq for FlatParts<L> {
    fn eq(&self, other: &Self) -> bool {
        self.buffers() == other.buffers()
    }
}

/// The five buffers of a tree: what makes two trees, or two sets of parts, equal.
type Buffers<'a, L> = (&'a [Node<L>], &'a [NodeId], &'a [OptionalNodeId], &'a str, &'a <L as Language>::Overflow);

impl<L: Language> FlatParts<L> {
    fn buffers(&self) -> Buffers<'_, L> {
        (&self.nodes, &self.child_ids, &self.optional_child_ids, &self.strings, &self.overflow)
    }
}

/// A whole tree in the flat encoding: nodes in preorder (`NodeId` == index, root = 0, every subtree contiguous),
/// one shared child list, one shared string buffer. Always valid: made by [`FlatAst::from_boxed`] or validated by
/// [`FlatAst::from_parts`]. Dropping it never recurses.
pub struct FlatAst<L: Language> {
    pub(super) nodes: Vec<Node<L>>,
    pub(super) child_ids: Vec<NodeId>,
    pub(super) optional_child_ids: Vec<OptionalNodeId>,
    pub(super) strings: String,
    pub(super) overflow: L::Overflow,
    /// Per node, how many subtrees end at it (its own when it is a leaf, then those of the ancestors it completes),
    /// `u8::MAX` when that is 255 or more (then `long_ends` has the count): what lets a walk emit leave events
    /// without looking at node types. One byte per node, derived on construction.
    pub(super) ends: Vec<u8>,
    /// `(node, count)` for the nodes whose `ends` is `u8::MAX`, by node.
    pub(super) long_ends: Vec<(u32, u32)>,
    /// The parent table (parents and parent fields), built by the first [`FlatAst::parent_table`] call (through
    /// `parent`, `parent_field`, `ancestors`, ...): derived data, so trees that never ask for parents do not pay
    /// for it.
    pub(super) parents: OnceLock<ParentTable<L::ParentField>>,
}

impl<L: Language> Clone for FlatAst<L> {
    fn clone(&self) -> Self {
        FlatAst {
            nodes: self.nodes.clone(),
            child_ids: self.child_ids.clone(),
            optional_child_ids: self.optional_child_ids.clone(),
            strings: self.strings.clone(),
            overflow: self.overflow.clone(),
            ends: self.ends.clone(),
            long_ends: self.long_ends.clone(),
            parents: self.parents.clone(),
        }
    }
}

impl<L: Language> core::fmt::Debug for FlatAst<L> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FlatAst")
            .field("nodes", &self.nodes)
            .field("child_ids", &self.child_ids)
            .field("optional_child_ids", &self.optional_child_ids)
            .field("strings", &self.strings)
            .field("overflow", &self.overflow)
            .finish_non_exhaustive()
    }
}

/// Equal trees hold the same tree: the same nodes in the same order, with the same values, spans, strings and
/// lists, wherever their buffers keep them (a commit leaves unused space that `from_boxed` does not have). For
/// equal buffers, see [`FlatAst::same_layout`].
impl<L: Language> PartialEq for FlatAst<L> {
    fn eq(&self, other: &Self) -> bool {
        self.same_layout(other) || super::equal::same_tree(self, other)
    }
}

impl<L: Language> FlatAst<L> {
    fn buffers(&self) -> Buffers<'_, L> {
        (&self.nodes, &self.child_ids, &self.optional_child_ids, &self.strings, &self.overflow)
    }

    /// True when both trees have equal buffers, byte for byte: what `from_boxed`, a finished builder and
    /// [`FlatAst::compacted`] give for the same tree. Stricter than `==`, which compares the trees.
    pub fn same_layout(&self, other: &Self) -> bool {
        self.buffers() == other.buffers()
    }
}

impl<L: Language> FlatAst<L> {
    /// An empty tree to fill (boxed -> flat); never handed out empty.
    pub(super) fn empty() -> Self {
        FlatAst {
            nodes: Vec::new(),
            child_ids: Vec::new(),
            optional_child_ids: Vec::new(),
            strings: String::new(),
            overflow: L::Overflow::default(),
            ends: Vec::new(),
            long_ends: Vec::new(),
            parents: OnceLock::new(),
        }
    }

    /// Converts a boxed tree. Node `i` of the result is the `i`-th node of the tree in preorder (fields in schema
    /// order, lists in order), so when the tree was renumbered (`AstNodeBuilder::renumber`) every node keeps its ID
    /// and side tables serve both forms. A tree that was not renumbered (a transform added nodes, or built them
    /// with a fresh builder) is renumbered on the fly: the flat IDs are the IDs renumbering would give. When side
    /// tables of the boxed tree must survive, use [`FlatAst::from_boxed_exact`] (refuses such a tree) or
    /// [`FlatAst::from_boxed_with_old_ids`] (says which boxed ID each flat node had). Does not recurse: any depth
    /// converts.
    ///
    /// # Panics
    /// If the tree has `u32::MAX` nodes or more, or more than 4 GiB of strings.
    pub fn from_boxed(root: &L::Root) -> Self {
        super::convert::flatten(root, false).0
    }

    /// Like [`FlatAst::from_boxed`], but an error when a node's ID is not its preorder index (the tree was not
    /// renumbered), so that IDs from side tables of the boxed tree stay valid.
    pub fn from_boxed_exact(root: &L::Root) -> Result<Self, FlatError> {
        match super::convert::flatten(root, false) {
            (ast, OldIds { first_renumbered: None, .. }) => Ok(ast),
            (_, OldIds { first_renumbered: Some((found, expected)), .. }) => Err(FlatError::at(
                expected,
                FlatErrorKind::NotPreorder { field: "node_id", expected: expected.as_u32(), found: found.as_u32() },
            )),
        }
    }

    /// Like [`FlatAst::from_boxed`], with the ID every flat node had in the boxed tree (entry `i` for node `i`), so
    /// that a side table of the boxed tree can be carried over ([`NodeIdVec::gather`]) whether or not the tree
    /// was renumbered. The second result is `None` when nothing was renumbered: every node kept its ID.
    pub fn from_boxed_with_old_ids(root: &L::Root) -> (Self, Option<NodeIdVec<NodeId>>) {
        let (ast, old) = super::convert::flatten(root, true);
        let renumbered = old.first_renumbered.map(|_| NodeIdVec::from_vec(old.all.unwrap_or_default()));
        (ast, renumbered)
    }

    /// Converts back to the boxed tree: same IDs (node `i` gets `NodeId(i)`), spans, values and list order. Builds
    /// bottom-up without recursion. Drop a very deep result with the generated `drop_iteratively`.
    pub fn to_boxed(&self) -> L::Root {
        super::convert::to_boxed(self).expect("a FlatAst is validated on construction, so it converts")
    }

    /// Validates `parts` (from deserialisation, another process, hand-building) and makes a tree of them. Checks
    /// that every index and range is in bounds, strings lie on `char` boundaries, the nodes are in preorder with
    /// children after their parents and every subtree contiguous, and every child has a kind its field accepts.
    pub fn from_parts(parts: FlatParts<L>) -> Result<Self, FlatError> {
        super::validate::validate(&parts)?;
        let FlatParts { nodes, child_ids, optional_child_ids, strings, overflow } = parts;
        let mut ast = FlatAst { nodes, child_ids, optional_child_ids, strings, overflow, ..Self::empty() };
        ast.count_subtree_ends();
        Ok(ast)
    }

    /// The parts, for storing or sending the tree.
    pub fn into_parts(self) -> FlatParts<L> {
        let FlatAst { nodes, child_ids, optional_child_ids, strings, overflow, .. } = self;
        FlatParts { nodes, child_ids, optional_child_ids, strings, overflow }
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.nodes.shrink_to_fit();
        self.child_ids.shrink_to_fit();
        self.optional_child_ids.shrink_to_fit();
        self.strings.shrink_to_fit();
        L::shrink_overflow(&mut self.overflow);
    }

    /// Bytes the tree holds on the heap (capacities of its buffers and overflow tables, plus the parent table once
    /// [`FlatAst::parent_table`] has built it): what dropping it frees.
    pub fn heap_bytes(&self) -> usize {
        use core::mem::size_of;
        let parents = self.parents.get().map_or(0, ParentTable::heap_bytes);
        self.nodes.capacity() * size_of::<Node<L>>()
            + self.child_ids.capacity() * size_of::<NodeId>()
            + self.optional_child_ids.capacity() * size_of::<OptionalNodeId>()
            + self.strings.capacity()
            + L::overflow_heap_bytes(&self.overflow)
            + self.ends.capacity()
            + self.long_ends.capacity() * size_of::<(u32, u32)>()
            + parents
    }

    /// How many subtrees end at node `id`: 1 for a leaf plus one per ancestor whose last descendant it is, 0 for a
    /// node with children (0 for IDs outside the tree). A walk that pushes every node it enters pops this many
    /// after it to emit leave events.
    pub fn subtrees_ending_at(&self, id: NodeId) -> u32 {
        SubtreeEnds::lookup(&self.ends, &self.long_ends, id.index())
    }

    /// Derives `ends` and `long_ends` from the nodes of a tree that came from outside.
    fn count_subtree_ends(&mut self) {
        let mut ends = SubtreeEnds::with_capacity(self.nodes.len());
        for node in &self.nodes {
            ends.enter(L::child_count(self, node));
        }
        (self.ends, self.long_ends) = ends.finish();
    }

    /// Number of direct children of `node` (a node of this tree).
    #[inline]
    pub fn child_count(&self, node: &Node<L>) -> usize {
        L::child_count(self, node)
    }

    /// Number of nodes.
    #[inline]
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Always false: a tree has at least its root.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// All nodes in preorder; index `i` is `NodeId(i)`.
    #[inline]
    pub fn nodes(&self) -> &[Node<L>] {
        &self.nodes
    }

    /// The node with this ID, if it exists.
    #[inline]
    pub fn node(&self, id: NodeId) -> Option<&Node<L>> {
        self.nodes.get(id.index())
    }

    /// The shared list of child IDs that list fields point into.
    #[inline]
    pub fn child_ids(&self) -> &[NodeId] {
        &self.child_ids
    }

    /// The shared list of optional child IDs that lists of optional children point into.
    #[inline]
    pub fn optional_child_ids(&self) -> &[OptionalNodeId] {
        &self.optional_child_ids
    }

    /// The shared string buffer.
    #[inline]
    pub fn strings(&self) -> &str {
        &self.strings
    }

    /// The overflow tables of the payloads too large to sit in their nodes.
    #[inline]
    pub fn overflow(&self) -> &L::Overflow {
        &self.overflow
    }

    /// Per node, how many subtrees end there (`u8::MAX`: ask [`FlatAst::subtrees_ending_at`]).
    #[inline]
    pub fn subtree_ends(&self) -> &[u8] {
        &self.ends
    }
}
