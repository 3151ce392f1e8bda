//! The small hand-written runtime that every generated AST crate (and every downstream `#[ast]` type) uses:
//! [`NodeId`], [`Span`], the [`GetNodeId`] / [`GetSpan`] traits, the [`NodeIdVec`] side table, and the compact
//! building blocks of the flat encoding ([`OptionalNodeId`], [`IdRange`], [`StrRef`], [`Bits64`], [`FlatError`]).
//! The schema-independent code of the generated crates lives here too, generic over what the generated code
//! supplies: the flat tree with its conversions, validation, navigation and walk ([`flat_ast`], generic over a
//! [`flat_ast::Language`]), the builder's ID counter and [`builder::Renumber`], and the core of the random tree
//! generator ([`random`]).
//!
//! Nothing here knows about any particular language; the generator and the `#[ast]` macro emit code against it.
//! The one exception is behind a cargo feature, off by default: `json` (JSON in both directions, with numbers
//! written as JavaScript's `JSON.stringify` or Python's `json.dumps` writes them, which needs ryu-js).
#![forbid(unsafe_code)]

use core::fmt;

pub mod builder;
mod flat;
pub mod flat_ast;
mod flat_error;
// JSON both ways: only crates with the generated `json` output need its dependencies.
#[cfg(feature = "json")]
pub mod json;
mod lines;
mod parents;
pub mod random;
mod utf16;

pub use flat::{
    Bits64, IdRange, ListEntry, OptionalNodeId, OptionalStrRef, OverflowIndex, StrInterner, StrRef, SubtreeEnds,
};
pub use flat_ast::WalkControl;
pub use flat_error::{ChildField, FlatError, FlatErrorKind};
pub use lines::LineIndex;
pub use parents::{Ancestors, ParentTable, ParentTableBuilder, ParentTableError, ReportParents};
pub use utf16::Utf16Offsets;

/// Bytes a `Vec`'s buffer takes on the heap: its capacity, not its length (what the allocator handed out). Memory
/// reports of generated trees add these up.
pub fn vec_heap_bytes<T>(v: &Vec<T>) -> usize {
    v.capacity() * core::mem::size_of::<T>()
}

/// The identity of one AST node: a dense index, `0..node_count`, assigned by the generated `AstNodeBuilder`.
///
/// After the builder's preorder renumbering the root is `NodeId(0)` and IDs follow traversal order with no gaps,
/// so a [`NodeIdVec`] sized by the node count covers the whole tree. The same IDs index the flat encoding.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct NodeId(u32);

impl NodeId {
    /// The root of a renumbered tree.
    pub const ROOT: NodeId = NodeId(0);

    /// Makes an ID from its raw index. Any value is allowed: an ID that does not belong to a tree is caught by
    /// bounds checks when it is used (a panic or `None`), never by reading uninitialised memory.
    #[inline]
    pub const fn from_u32(index: u32) -> Self {
        NodeId(index)
    }

    /// Makes an ID from a `usize` index.
    ///
    /// # Panics
    /// If `index` does not fit in a `u32`.
    #[inline]
    pub fn from_usize(index: usize) -> Self {
        NodeId(u32::try_from(index).expect("NodeId index does not fit in u32"))
    }

    /// The raw index.
    #[inline]
    pub const fn as_u32(self) -> u32 {
        self.0
    }

    /// The index as a `usize`, for indexing slices.
    #[inline]
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// The ID after this one: in a flat tree, the first child of a node that has children. Wraps at `u32::MAX`
    /// (never reached: a flat tree has fewer nodes), so it cannot panic.
    #[inline]
    pub const fn next(self) -> Self {
        NodeId(self.0.wrapping_add(1))
    }
}

impl fmt::Debug for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeId({})", self.0)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A half-open byte range `start..end` in the source text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(C)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`.
    #[inline]
    pub const fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    #[inline]
    pub const fn len(self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no bytes.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Types that carry (or, for enums, delegate to a variant that carries) a [`NodeId`].
pub trait GetNodeId {
    /// The node's ID.
    fn node_id(&self) -> NodeId;
}

/// Types that carry (or, for enums, delegate to a variant that carries) a [`Span`].
pub trait GetSpan {
    /// The node's source range.
    fn span(&self) -> Span;
}

impl<T: GetNodeId + ?Sized> GetNodeId for Box<T> {
    #[inline]
    fn node_id(&self) -> NodeId {
        (**self).node_id()
    }
}

impl<T: GetSpan + ?Sized> GetSpan for Box<T> {
    #[inline]
    fn span(&self) -> Span {
        (**self).span()
    }
}

impl<T: GetNodeId + ?Sized> GetNodeId for &T {
    #[inline]
    fn node_id(&self) -> NodeId {
        (**self).node_id()
    }
}

impl<T: GetSpan + ?Sized> GetSpan for &T {
    #[inline]
    fn span(&self) -> Span {
        (**self).span()
    }
}

/// A side table: one `T` per node of a tree, indexed by [`NodeId`].
///
/// Because renumbered IDs are dense (`0..node_count`), a table made with [`NodeIdVec::with_len`] has an entry for
/// every node of the tree. Every entry is initialised; an ID outside the table panics with `[]` and gives `None`
/// with [`NodeIdVec::get`].
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct NodeIdVec<T> {
    items: Vec<T>,
}

impl<T> NodeIdVec<T> {
    /// An empty table.
    pub const fn new() -> Self {
        NodeIdVec { items: Vec::new() }
    }

    /// A table of `len` entries, each a clone of `value`; use the tree's node count as `len`.
    pub fn with_len(len: usize, value: T) -> Self
    where
        T: Clone,
    {
        NodeIdVec { items: vec![value; len] }
    }

    /// Wraps a `Vec` whose index `i` holds the entry of `NodeId(i)`.
    pub fn from_vec(items: Vec<T>) -> Self {
        NodeIdVec { items }
    }

    /// Appends the entry for the next ID and returns that ID.
    pub fn push(&mut self, value: T) -> NodeId {
        let id = NodeId::from_usize(self.items.len());
        self.items.push(value);
        id
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when the table has no entries.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The entry of `id`, or `None` when `id` is outside the table.
    pub fn get(&self, id: NodeId) -> Option<&T> {
        self.items.get(id.index())
    }

    /// The entry of `id` for writing, or `None` when `id` is outside the table.
    pub fn get_mut(&mut self, id: NodeId) -> Option<&mut T> {
        self.items.get_mut(id.index())
    }

    /// `(id, entry)` pairs in ID order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (NodeId, &T)> + '_ {
        self.items.iter().enumerate().map(|(i, v)| (NodeId::from_usize(i), v))
    }

    /// The entries as a slice, index `i` for `NodeId(i)`.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The underlying `Vec`.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

    /// The table carried over to a renumbered tree: entry `i` of the result is this table's entry of
    /// `old_ids[i]`, the ID node `i` had before (as `FlatAst::from_boxed_with_old_ids` reports them). `None` when
    /// an old ID is outside this table.
    pub fn gather(&self, old_ids: &NodeIdVec<NodeId>) -> Option<NodeIdVec<T>>
    where
        T: Clone,
    {
        let items = old_ids.items.iter().map(|old| self.items.get(old.index()).cloned()).collect::<Option<_>>()?;
        Some(NodeIdVec { items })
    }
}

impl<T> core::ops::Index<NodeId> for NodeIdVec<T> {
    type Output = T;
    #[inline]
    fn index(&self, id: NodeId) -> &T {
        &self.items[id.index()]
    }
}

impl<T> core::ops::IndexMut<NodeId> for NodeIdVec<T> {
    #[inline]
    fn index_mut(&mut self, id: NodeId) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<T: fmt::Debug> fmt::Debug for NodeIdVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_table_is_indexed_by_node_id() {
        let mut table = NodeIdVec::with_len(3, 0u8);
        table[NodeId::from_u32(2)] = 7;
        assert_eq!(table.get(NodeId::from_u32(2)), Some(&7));
        assert_eq!(table.get(NodeId::from_u32(3)), None);
        assert_eq!(table.push(9), NodeId::from_u32(3));
        assert_eq!(table.len(), 4);
    }

    #[test]
    fn span_length_saturates() {
        assert_eq!(Span::new(3, 10).len(), 7);
        assert_eq!(Span::new(10, 3).len(), 0);
        assert!(Span::new(4, 4).is_empty());
    }
}
