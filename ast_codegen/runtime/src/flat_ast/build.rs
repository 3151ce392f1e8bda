//! [`FlatBuilder`]: builds a [`FlatAst`] directly, node by node, children before parents (as a parser does), with
//! no allocation per node, per list or per string; [`FlatBuilder::finish`] puts the nodes in preorder
//! (`finish.rs`). The generated crate implements its `AstBuild` constructors on it: each takes its children's
//! handles ([`FlatBuilder::take`] and friends), stores its strings ([`FlatBuilder::intern`]) and pushes its data
//! ([`FlatBuilder::push`]).
//!
//! While building, a node's data holds its children's *build* IDs (the order of construction) and its strings'
//! numbers in the builder's string table; two side tables per node record what preorder needs and what the data
//! does not hold: the size of the node's subtree and its implied first child (which `NodeData` does not store).

use core::fmt;
use core::marker::PhantomData;

use super::build_strings::BuildStrings;
use super::finish::PreorderPass;
use super::{FlatAst, Language, Node};
use crate::builder::{BuilderCore, Checkpoint, ListItem};
use crate::{GetNodeId, IdRange, ListEntry, NodeId, OptionalNodeId, OptionalStrRef, Span, StrRef};

/// A node built by a [`FlatBuilder`], as a node of type `T` (the boxed tree's type names the handle's type): what
/// the generated `AstBuild` constructors take and return. Four bytes; neither `Copy` nor `Clone`, so that a node
/// is handed to one parent only, as a boxed node is moved into one.
///
/// Its [`GetNodeId`] is the node's construction-order ID, the one the boxed builder gives the same node.
pub struct Built<T> {
    index: u32,
    _type: PhantomData<fn() -> T>,
}

impl<T> Built<T> {
    #[inline]
    pub(super) const fn new(index: u32) -> Self {
        Built { index, _type: PhantomData }
    }

    /// The same node as a handle of another type (an enum the node is a variant of). Changes the static type
    /// only: [`FlatBuilder::finish`] checks every child's kind against its field, so a wrong cast can never make
    /// an invalid tree.
    #[inline]
    pub const fn cast<U>(self) -> Built<U> {
        Built::new(self.index)
    }
}

impl<T> GetNodeId for Built<T> {
    #[inline]
    fn node_id(&self) -> NodeId {
        NodeId::from_u32(self.index)
    }
}

impl<T> fmt::Debug for Built<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Built({})", self.index)
    }
}

/// A list made by [`BuilderCore::list_from`] on a [`FlatBuilder`]: where its IDs are in the builder's shared list
/// buffer, and how many nodes its items' subtrees hold.
pub struct FlatList<T> {
    range: IdRange,
    nodes: u32,
    _type: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for FlatList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FlatList").field("range", &self.range).field("nodes", &self.nodes).finish()
    }
}

/// A node's subtree size has this bit set once a parent (or a list) has taken the node.
const TAKEN: u32 = 1 << 31;

/// What preorder needs to know of a built node besides its data.
#[derive(Clone, Copy, Debug)]
pub(super) struct Meta {
    /// Nodes in the subtree (the node and its descendants), [`TAKEN`] set once a parent holds it.
    pub(super) size: u32,
    /// The build ID of the implied first child (`u32::MAX`: none), which `NodeData` does not store.
    pub(super) implied: u32,
}

impl Meta {
    /// A node with no children yet.
    pub(super) const LEAF: Meta = Meta { size: 1, implied: u32::MAX };

    /// The subtree size without the taken bit.
    #[inline]
    pub(super) const fn subtree(self) -> u32 {
        self.size & !TAKEN
    }
}

/// Builds a [`FlatAst`] directly: what the generated `AstBuild` interface is implemented on for the flat tree (the
/// generated `flat::FlatBuilder` names it for one language). Nodes go into growing buffers in construction order
/// (children before parents); names go into a string table, each distinct string once; [`FlatBuilder::finish`]
/// writes the tree in preorder, exactly as [`FlatAst::from_boxed`] writes the boxed tree the same calls build
/// (same IDs, lists, strings, overflow tables).
///
/// The buffers grow geometrically, so building a tree of `n` nodes allocates `O(log n)` times; a builder kept for
/// the next tree reuses them. [`BuilderCore::checkpoint`] and [`BuilderCore::rewind`] let a parser abandon what it
/// built since a checkpoint; the next node then gets the first abandoned ID.
///
/// The `take*`, `intern*`, `overflow_mut` and `push` methods are what the generated constructors call.
pub struct FlatBuilder<L: Language> {
    pub(super) nodes: Vec<Node<L>>,
    pub(super) meta: Vec<Meta>,
    pub(super) child_ids: Vec<NodeId>,
    pub(super) optional_child_ids: Vec<OptionalNodeId>,
    pub(super) strings: BuildStrings,
    pub(super) overflow: L::Overflow,
    /// The subtree size and implied child of the node being built, collected by the `take*` calls of its
    /// constructor and stored by [`FlatBuilder::push`].
    pub(super) pending: Meta,
    /// The finishing pass's buffers, kept for the next tree.
    pub(super) scratch: super::finish::Scratch,
}

impl<L: Language> Default for FlatBuilder<L> {
    fn default() -> Self {
        FlatBuilder {
            nodes: Vec::new(),
            meta: Vec::new(),
            child_ids: Vec::new(),
            optional_child_ids: Vec::new(),
            strings: BuildStrings::default(),
            overflow: L::Overflow::default(),
            pending: Meta::LEAF,
            scratch: super::finish::Scratch::default(),
        }
    }
}

impl<L: Language> fmt::Debug for FlatBuilder<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FlatBuilder")
            .field("nodes", &self.nodes.len())
            .field("child_ids", &self.child_ids.len())
            .field("optional_child_ids", &self.optional_child_ids.len())
            .field("strings", &self.strings.len())
            .finish_non_exhaustive()
    }
}

impl<L: Language> FlatBuilder<L> {
    /// An empty builder; its first node gets build ID 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes the builder holds on the heap (its buffers' capacities; the string table's is estimated).
    pub fn heap_bytes(&self) -> usize {
        use core::mem::size_of;
        self.nodes.capacity() * size_of::<Node<L>>()
            + self.meta.capacity() * size_of::<Meta>()
            + self.child_ids.capacity() * size_of::<NodeId>()
            + self.optional_child_ids.capacity() * size_of::<OptionalNodeId>()
            + self.strings.heap_bytes()
            + L::overflow_heap_bytes(&self.overflow)
            + self.scratch.heap_bytes()
    }

    /// Copies the subtree of node `id` of `ast` (a tree, not this builder's) into the builder and returns the
    /// handle of its root; `None` when `ast` has no such node. With an [`Editor`](super::Editor), this duplicates
    /// old nodes: `editor.builder().copy_subtree(editor.ast(), id)` gives a handle the edits take as they are (its
    /// kind is checked at the commit), and `Built::cast` gives it a type for a new node's field. The copies are new
    /// nodes; to move a subtree and keep its IDs, use [`Editor::take`](super::Editor::take). Linear in the subtree,
    /// no recursion.
    pub fn copy_subtree(&mut self, ast: &FlatAst<L>, id: NodeId) -> Option<Built<()>> {
        ast.node(id)?;
        Some(super::compact::copy_nodes(self, ast, ast.subtree(id), Vec::new()))
    }

    /// Takes `child` as a child of the node being built and returns its build ID, for a child field.
    ///
    /// # Panics
    /// If the handle was taken before or outlived a rewind that discarded its node (a handle is used once).
    #[inline]
    pub fn take<T>(&mut self, child: Built<T>) -> NodeId {
        self.pending.size += self.claim(child.index);
        NodeId::from_u32(child.index)
    }

    /// Takes `child` as the implied first child of the node being built: the data does not store it (in preorder
    /// it is the next node), so the builder remembers it.
    ///
    /// # Panics
    /// Like [`FlatBuilder::take`].
    #[inline]
    pub fn take_implied<T>(&mut self, child: Built<T>) {
        self.pending.size += self.claim(child.index);
        self.pending.implied = child.index;
    }

    /// Takes an optional child.
    ///
    /// # Panics
    /// Like [`FlatBuilder::take`].
    #[inline]
    pub fn take_optional<T>(&mut self, child: Option<Built<T>>) -> OptionalNodeId {
        child.map_or(OptionalNodeId::NONE, |child| OptionalNodeId::some(self.take(child)))
    }

    /// Takes a list (its items were taken when it was made).
    #[inline]
    pub fn take_list<T>(&mut self, list: FlatList<T>) -> IdRange {
        self.pending.size += list.nodes;
        list.range
    }

    /// Takes an optional list.
    #[inline]
    pub fn take_maybe_list<T>(&mut self, list: Option<FlatList<T>>) -> Option<IdRange> {
        list.map(|list| self.take_list(list))
    }

    /// The build reference of `s` in the builder's string table (equal strings share one copy).
    ///
    /// # Panics
    /// Past 4 GiB of distinct strings.
    #[inline]
    pub fn intern(&mut self, s: &str) -> StrRef {
        StrRef::at(self.strings.intern(s))
    }

    /// The build reference of an optional string.
    ///
    /// # Panics
    /// Like [`FlatBuilder::intern`].
    #[inline]
    pub fn intern_optional(&mut self, s: Option<&str>) -> OptionalStrRef {
        s.map_or(OptionalStrRef::NONE, |s| OptionalStrRef::some(self.intern(s)))
    }

    /// The overflow tables, to push the payload of a node whose data does not fit inline.
    #[inline]
    pub fn overflow_mut(&mut self) -> &mut L::Overflow {
        &mut self.overflow
    }

    /// Stores the node being built (its children taken, its strings interned) and returns its handle.
    ///
    /// # Panics
    /// Past `2^31 - 1` nodes in one builder.
    #[inline]
    pub fn push<T>(&mut self, data: L::Data, span: Span) -> Built<T> {
        let index = self.nodes.len();
        assert!(index < (TAKEN - 1) as usize, "a flat builder holds fewer than 2^31 - 1 nodes");
        self.nodes.push(Node { data, span });
        self.meta.push(core::mem::replace(&mut self.pending, Meta::LEAF));
        Built::new(index as u32)
    }

    /// The kind of a built node.
    #[inline]
    pub fn kind_of<T>(&self, node: &Built<T>) -> Option<L::Kind> {
        self.nodes.get(node.index as usize).map(Node::kind)
    }

    /// `node` as a handle of type `U` when its kind is one `accepts` accepts, else `node` back.
    #[inline]
    pub fn downcast<T, U>(&self, node: Built<T>, accepts: fn(L::Kind) -> bool) -> Result<Built<U>, Built<T>> {
        if self.kind_of(&node).is_some_and(accepts) { Ok(node.cast()) } else { Err(node) }
    }

    /// Like [`FlatBuilder::claim`], but `None` (nothing marked) for an index outside the builder or taken before:
    /// the editor reports those as errors rather than panicking.
    #[inline]
    pub(super) fn try_claim(&mut self, index: u32) -> Option<u32> {
        let meta = self.meta.get_mut(index as usize)?;
        if meta.size & TAKEN != 0 {
            return None;
        }
        meta.size |= TAKEN;
        Some(meta.subtree())
    }

    /// Marks node `index` as taken and returns its subtree size.
    #[inline]
    fn claim(&mut self, index: u32) -> u32 {
        let Some(meta) = self.meta.get_mut(index as usize) else { stale_handle() };
        if meta.size & TAKEN != 0 {
            stale_handle();
        }
        meta.size |= TAKEN;
        meta.subtree()
    }

    /// Appends a list of `items` to `list` (length slot, then the entries), taking each item; returns its range
    /// and the nodes its items' subtrees hold.
    fn append_list<E: ListEntry, T: ListItem>(
        &mut self,
        list: fn(&mut Self) -> &mut Vec<E>,
        items: impl IntoIterator<Item = T>,
        entry: fn(OptionalNodeId) -> E,
    ) -> (IdRange, u32) {
        let start = list(self).len();
        list(self).push(E::from_len(0));
        let mut nodes = 0;
        for item in items {
            let id = item.list_entry();
            if let Some(id) = id.get() {
                nodes += self.claim(id.as_u32());
            }
            list(self).push(entry(id));
        }
        let len = list(self).len() - start - 1;
        if len == 0 {
            list(self).truncate(start);
            return (IdRange::EMPTY, 0);
        }
        let fits = |n: usize| u32::try_from(n).ok().filter(|&n| n < u32::MAX);
        let (Some(start32), Some(len32), Some(_)) = (fits(start), fits(len), fits(start + len + 1)) else {
            panic!("a flat builder's list buffer holds fewer than u32::MAX entries")
        };
        list(self)[start] = E::from_len(len32);
        (IdRange::at(start32), nodes)
    }

    /// Forgets everything, keeping the buffers for the next tree.
    pub(super) fn clear(&mut self) {
        self.nodes.clear();
        self.meta.clear();
        self.child_ids.clear();
        self.optional_child_ids.clear();
        self.strings.clear();
        self.overflow = L::Overflow::default();
        self.pending = Meta::LEAF;
    }

    /// Finishes the tree under `root`: writes it in preorder into a new [`FlatAst`] (IDs, lists, strings and
    /// overflow tables exactly as [`FlatAst::from_boxed`] writes the boxed tree the same calls build) and empties
    /// the builder for the next tree, keeping its buffers. Nodes built but held by no node of the tree are left
    /// out. Does not recurse.
    ///
    /// # Panics
    /// If `root` is not of the root type or was taken by another node; if a child's kind does not fit its field
    /// (a handle cast to the wrong type, or one from another builder).
    pub fn finish<T>(&mut self, root: Built<T>) -> FlatAst<L> {
        self.finish_with(root, PreorderPass::DepthFirst)
    }

    /// [`FlatBuilder::finish`] by another way of reaching preorder, for measuring the candidates; the tree is the
    /// same.
    ///
    /// # Panics
    /// Like [`FlatBuilder::finish`].
    pub fn finish_with<T>(&mut self, root: Built<T>, pass: PreorderPass) -> FlatAst<L> {
        if self.kind_of(&root) != Some(L::ROOT_KIND) {
            panic!("FlatBuilder::finish: the root handle is not a node of the root type");
        }
        let total = self.claim(root.index);
        let tree = super::finish::preorder(self, root.index, total, pass);
        self.clear();
        tree
    }
}

impl<L: Language> BuilderCore for FlatBuilder<L> {
    type List<T> = FlatList<T>;
    type Tree = FlatAst<L>;

    fn list_from<T: ListItem>(&mut self, items: impl IntoIterator<Item = T>) -> FlatList<T> {
        let (range, nodes) = if T::OPTIONAL {
            self.append_list(|b| &mut b.optional_child_ids, items, |id| id)
        } else {
            self.append_list(
                |b| &mut b.child_ids,
                items,
                |id| NodeId::from_u32(id.get().map_or(u32::MAX, NodeId::as_u32)),
            )
        };
        FlatList { range, nodes, _type: PhantomData }
    }

    fn checkpoint(&self) -> Checkpoint {
        // Every buffer is kept below `u32::MAX` entries by the methods that grow it.
        Checkpoint {
            nodes: self.nodes.len() as u32,
            child_ids: self.child_ids.len() as u32,
            optional_child_ids: self.optional_child_ids.len() as u32,
            strings: self.strings.len(),
        }
    }

    fn rewind(&mut self, checkpoint: Checkpoint) {
        let Checkpoint { nodes, child_ids, optional_child_ids, strings } = checkpoint;
        assert!(
            nodes as usize <= self.nodes.len()
                && child_ids as usize <= self.child_ids.len()
                && optional_child_ids as usize <= self.optional_child_ids.len()
                && strings <= self.strings.len(),
            "rewind to a checkpoint ahead of the builder (it was taken after a rewind to an earlier one)"
        );
        for node in &self.nodes[nodes as usize..] {
            L::truncate_overflow(&mut self.overflow, &node.data);
        }
        self.nodes.truncate(nodes as usize);
        self.meta.truncate(nodes as usize);
        self.child_ids.truncate(child_ids as usize);
        self.optional_child_ids.truncate(optional_child_ids as usize);
        self.strings.truncate(strings);
        self.pending = Meta::LEAF;
    }

    fn node_count(&self) -> usize {
        self.nodes.len()
    }
}

/// The panic of a handle used twice: taken by two parents, or kept past a rewind that discarded its node.
#[cold]
#[track_caller]
fn stale_handle() -> ! {
    panic!("a flat builder handle was used twice, or after a rewind discarded its node")
}
