//! Compact building blocks of the generated flat encoding (`FlatAst`): a 4-byte optional node ID, ranges into the
//! tree's shared lists, references into its shared string buffer, an 8-byte value stored with 4-byte alignment, and
//! the error type of flat-tree validation.
//!
//! Every type here is at most 8 bytes with 4-byte alignment, so that a generated `NodeData` variant stays small
//! and a flat `Node` fits in 32 bytes.

use core::fmt;
use core::ops::Range;

use crate::NodeId;

/// An optional [`NodeId`] in 4 bytes: `u32::MAX` means none.
///
/// `NodeId` is a plain `u32` without a niche, so `Option<NodeId>` takes 8 bytes; this type takes 4. A flat tree never
/// has `u32::MAX` nodes (conversion and validation reject such trees), so the sentinel never names a real node.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct OptionalNodeId(u32);

impl OptionalNodeId {
    /// No node.
    pub const NONE: OptionalNodeId = OptionalNodeId(u32::MAX);

    /// Some node. `NodeId::from_u32(u32::MAX)` cannot be stored and reads back as none.
    #[inline]
    pub const fn some(id: NodeId) -> Self {
        OptionalNodeId(id.as_u32())
    }

    /// The ID, if any.
    #[inline]
    pub const fn get(self) -> Option<NodeId> {
        if self.0 == u32::MAX { None } else { Some(NodeId::from_u32(self.0)) }
    }

    /// True when no node is stored.
    #[inline]
    pub const fn is_none(self) -> bool {
        self.0 == u32::MAX
    }

    /// True when a node is stored.
    #[inline]
    pub const fn is_some(self) -> bool {
        self.0 != u32::MAX
    }
}

impl Default for OptionalNodeId {
    fn default() -> Self {
        OptionalNodeId::NONE
    }
}

impl From<Option<NodeId>> for OptionalNodeId {
    #[inline]
    fn from(id: Option<NodeId>) -> Self {
        id.map_or(OptionalNodeId::NONE, OptionalNodeId::some)
    }
}

impl From<OptionalNodeId> for Option<NodeId> {
    #[inline]
    fn from(id: OptionalNodeId) -> Self {
        id.get()
    }
}

impl fmt::Debug for OptionalNodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.get(), f)
    }
}

/// A `start..start + len` range of one of a flat tree's shared lists (the children of one `Vec` field).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
#[repr(C)]
pub struct IdRange {
    /// Index of the first entry.
    pub start: u32,
    /// Number of entries.
    pub len: u32,
}

impl IdRange {
    /// The range as `usize` indices, or `None` when `start + len` overflows.
    #[inline]
    pub fn to_range(self) -> Option<Range<usize>> {
        let end = self.start.checked_add(self.len)?;
        Some(self.start as usize..end as usize)
    }

    /// Number of entries, as `usize`.
    #[inline]
    pub const fn len(self) -> usize {
        self.len as usize
    }

    /// True when the range is empty.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.len == 0
    }

    /// Reserves `len` entries at the end of `list`, each `fill`, and returns their range.
    ///
    /// # Panics
    /// If the list would exceed `u32::MAX` entries.
    pub fn reserve<T: Clone>(list: &mut Vec<T>, len: usize, fill: T) -> IdRange {
        let start = u32::try_from(list.len()).expect("flat list exceeds u32::MAX entries");
        let len32 = u32::try_from(len).expect("flat list exceeds u32::MAX entries");
        start.checked_add(len32).expect("flat list exceeds u32::MAX entries");
        list.resize(list.len() + len, fill);
        IdRange { start, len: len32 }
    }

    /// The entries of `list` in this range, or `None` when the range is out of bounds.
    #[inline]
    pub fn slice<T>(self, list: &[T]) -> Option<&[T]> {
        list.get(self.to_range()?)
    }
}

/// A string stored in a flat tree's shared string buffer: `start..start + len` in bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
#[repr(C)]
pub struct StrRef {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Length in bytes.
    pub len: u32,
}

impl StrRef {
    /// Appends `s` to `buffer` and returns its reference.
    ///
    /// # Panics
    /// If the buffer would exceed `u32::MAX` bytes (4 GiB of strings in one tree).
    pub fn push(buffer: &mut String, s: &str) -> StrRef {
        let start = u32::try_from(buffer.len()).expect("flat string buffer exceeds u32::MAX bytes");
        let len = u32::try_from(s.len()).expect("flat string buffer exceeds u32::MAX bytes");
        start.checked_add(len).expect("flat string buffer exceeds u32::MAX bytes");
        buffer.push_str(s);
        StrRef { start, len }
    }

    /// The referenced text, or `None` when the reference is out of bounds or not on `char` boundaries.
    #[inline]
    pub fn get(self, buffer: &str) -> Option<&str> {
        let end = self.start.checked_add(self.len)?;
        buffer.get(self.start as usize..end as usize)
    }
}

/// An optional [`StrRef`] in 8 bytes: `len == u32::MAX` means none.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct OptionalStrRef {
    start: u32,
    len: u32,
}

impl OptionalStrRef {
    /// No string.
    pub const NONE: OptionalStrRef = OptionalStrRef { start: 0, len: u32::MAX };

    /// Some string. A `StrRef` of length `u32::MAX` cannot be stored (a buffer never holds one: its end would
    /// overflow `u32`).
    #[inline]
    pub const fn some(s: StrRef) -> Self {
        OptionalStrRef { start: s.start, len: s.len }
    }

    /// Appends `s`, if any, to `buffer`.
    pub fn push(buffer: &mut String, s: Option<&str>) -> OptionalStrRef {
        s.map_or(OptionalStrRef::NONE, |s| OptionalStrRef::some(StrRef::push(buffer, s)))
    }

    /// The reference, if any.
    #[inline]
    pub const fn get(self) -> Option<StrRef> {
        if self.len == u32::MAX { None } else { Some(StrRef { start: self.start, len: self.len }) }
    }
}

impl Default for OptionalStrRef {
    fn default() -> Self {
        OptionalStrRef::NONE
    }
}

impl fmt::Debug for OptionalStrRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.get(), f)
    }
}

/// An 8-byte value (`f64`, `u64`, `i64`) stored as two `u32` halves, so it needs only 4-byte alignment.
///
/// An `f64` inside a `NodeData` variant would raise the alignment of the whole enum to 8 and with it the size of every
/// flat node; the bits are kept exactly (NaN payloads and `-0.0` included), so conversion stays lossless.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
#[repr(C)]
pub struct Bits64 {
    lo: u32,
    hi: u32,
}

impl Bits64 {
    /// From raw bits.
    #[inline]
    pub const fn from_bits(bits: u64) -> Self {
        Bits64 { lo: bits as u32, hi: (bits >> 32) as u32 }
    }

    /// The raw bits.
    #[inline]
    pub const fn to_bits(self) -> u64 {
        (self.hi as u64) << 32 | self.lo as u64
    }

    /// From an `f64`, bit for bit.
    #[inline]
    pub const fn from_f64(value: f64) -> Self {
        Bits64::from_bits(value.to_bits())
    }

    /// The `f64`, bit for bit.
    #[inline]
    pub const fn to_f64(self) -> f64 {
        f64::from_bits(self.to_bits())
    }

    /// From a `u64`.
    #[inline]
    pub const fn from_u64(value: u64) -> Self {
        Bits64::from_bits(value)
    }

    /// The `u64`.
    #[inline]
    pub const fn to_u64(self) -> u64 {
        self.to_bits()
    }

    /// From an `i64`.
    #[inline]
    pub const fn from_i64(value: i64) -> Self {
        Bits64::from_bits(value as u64)
    }

    /// The `i64`.
    #[inline]
    pub const fn to_i64(self) -> i64 {
        self.to_bits() as i64
    }
}

/// One child-holding field of a flat node, as stored: what validation and navigation iterate over.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ChildField {
    /// A required child.
    One(NodeId),
    /// An optional child.
    Optional(OptionalNodeId),
    /// A list of children: a range of the tree's shared `NodeId` list.
    List(IdRange),
    /// A list of optional children: a range of the tree's shared `OptionalNodeId` list.
    OptionalList(IdRange),
}

/// Why a flat tree is not valid. Validation reports the first problem it finds.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FlatError {
    /// The node where the problem was found, if it concerns one.
    pub node: Option<NodeId>,
    /// What is wrong.
    pub kind: FlatErrorKind,
}

/// What is wrong with a flat tree.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum FlatErrorKind {
    /// The tree has no nodes; it needs at least the root.
    Empty,
    /// The tree has `u32::MAX` nodes or more, so some index cannot be a `NodeId`.
    TooManyNodes,
    /// The root (node 0) is not of the root type.
    WrongRootKind {
        /// The kind found at index 0.
        found: &'static str,
    },
    /// The root has a parent.
    RootHasParent,
    /// A child index is not a node of the tree.
    ChildOutOfRange {
        /// The field holding it.
        field: &'static str,
        /// The index.
        child: u32,
    },
    /// The nodes are not in preorder: a child is not at the index that follows its previous sibling's subtree (or
    /// its parent, for a first child). This also catches a child listed twice, cycles and children before parents.
    NotPreorder {
        /// The field holding the child.
        field: &'static str,
        /// The index the child should have.
        expected: u32,
        /// The index it has.
        found: u32,
    },
    /// Some nodes are not reachable from the root.
    UnreachableNodes {
        /// How many nodes the root's subtree covers.
        reachable: u32,
        /// How many nodes the tree has.
        total: u32,
    },
    /// A node's stored parent is not the node that lists it as a child.
    WrongParent {
        /// The parent that lists the node.
        expected: u32,
        /// The stored parent (`None` when absent).
        found: Option<u32>,
    },
    /// A child's kind is not one the field can hold.
    KindMismatch {
        /// The field holding the child.
        field: &'static str,
        /// The child's kind.
        found: &'static str,
    },
    /// A list field's range is outside the shared list.
    ListOutOfRange {
        /// The field.
        field: &'static str,
    },
    /// A node lists more children than there are nodes left to hold them.
    TooManyChildren {
        /// The field.
        field: &'static str,
    },
    /// A string reference is outside the string buffer or not on `char` boundaries.
    BadString {
        /// The field.
        field: &'static str,
    },
}

impl fmt::Display for FlatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(node) = self.node {
            write!(f, "invalid flat tree at node {node}: ")?;
        } else {
            f.write_str("invalid flat tree: ")?;
        }
        fmt::Display::fmt(&self.kind, f)
    }
}

impl fmt::Display for FlatErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlatErrorKind::Empty => f.write_str("no nodes (a tree needs at least its root)"),
            FlatErrorKind::TooManyNodes => f.write_str("u32::MAX nodes or more"),
            FlatErrorKind::WrongRootKind { found } => write!(f, "the root is a {found}, not the root type"),
            FlatErrorKind::RootHasParent => f.write_str("the root has a parent"),
            FlatErrorKind::ChildOutOfRange { field, child } => {
                write!(f, "field `{field}` holds child {child}, which is not a node of the tree")
            }
            FlatErrorKind::NotPreorder { field, expected, found } => write!(
                f,
                "field `{field}` holds child {found} where preorder puts it at {expected} (children must follow their \
                 parent, each subtree contiguous)"
            ),
            FlatErrorKind::UnreachableNodes { reachable, total } => {
                write!(f, "only {reachable} of {total} nodes are reachable from the root")
            }
            FlatErrorKind::WrongParent { expected, found } => {
                write!(f, "stored parent is {found:?}, but node {expected} lists it as a child")
            }
            FlatErrorKind::KindMismatch { field, found } => {
                write!(f, "field `{field}` cannot hold a {found}")
            }
            FlatErrorKind::ListOutOfRange { field } => {
                write!(f, "the range of list field `{field}` is outside the shared list")
            }
            FlatErrorKind::TooManyChildren { field } => {
                write!(f, "field `{field}` lists more children than the tree has nodes left")
            }
            FlatErrorKind::BadString { field } => {
                write!(f, "string field `{field}` is outside the string buffer or not on UTF-8 character boundaries")
            }
        }
    }
}

impl std::error::Error for FlatError {}

impl FlatError {
    /// An error at `node`.
    pub fn at(node: NodeId, kind: FlatErrorKind) -> Self {
        FlatError { node: Some(node), kind }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_node_id_is_four_bytes_and_round_trips() {
        assert_eq!(core::mem::size_of::<OptionalNodeId>(), 4);
        let id = NodeId::from_u32(7);
        assert_eq!(OptionalNodeId::some(id).get(), Some(id));
        assert_eq!(OptionalNodeId::NONE.get(), None);
        assert_eq!(OptionalNodeId::from(None), OptionalNodeId::NONE);
        assert!(OptionalNodeId::some(NodeId::ROOT).is_some());
    }

    #[test]
    fn bits64_keeps_every_bit_with_four_byte_alignment() {
        assert_eq!(core::mem::align_of::<Bits64>(), 4);
        for value in [0.0, -0.0, 1.5, f64::MAX, f64::MIN_POSITIVE, f64::INFINITY] {
            assert_eq!(Bits64::from_f64(value).to_f64().to_bits(), value.to_bits());
        }
        let nan = f64::from_bits(0x7ff8_dead_beef_0001);
        assert_eq!(Bits64::from_f64(nan).to_f64().to_bits(), nan.to_bits());
        assert_eq!(Bits64::from_i64(-5).to_i64(), -5);
        assert_eq!(Bits64::from_u64(u64::MAX).to_u64(), u64::MAX);
    }

    #[test]
    fn str_refs_read_back_and_reject_bad_ranges() {
        let mut buffer = String::new();
        let a = StrRef::push(&mut buffer, "héllo");
        let b = OptionalStrRef::push(&mut buffer, Some("x"));
        let none = OptionalStrRef::push(&mut buffer, None);
        assert_eq!(a.get(&buffer), Some("héllo"));
        assert_eq!(b.get().and_then(|r| r.get(&buffer)), Some("x"));
        assert_eq!(none.get(), None);
        // Inside the two-byte `é`: not a char boundary.
        assert_eq!(StrRef { start: 2, len: 1 }.get(&buffer), None);
        assert_eq!(StrRef { start: u32::MAX, len: 2 }.get(&buffer), None);
        assert_eq!(StrRef { start: 0, len: 100 }.get(&buffer), None);
    }

    #[test]
    fn id_ranges_are_bounds_checked() {
        let mut list = vec![NodeId::ROOT; 2];
        let range = IdRange::reserve(&mut list, 3, NodeId::from_u32(9));
        assert_eq!(range, IdRange { start: 2, len: 3 });
        assert_eq!(range.slice(&list).map(<[NodeId]>::len), Some(3));
        assert_eq!(IdRange { start: 4, len: 2 }.slice(&list), None);
        assert_eq!(IdRange { start: u32::MAX, len: 2 }.slice(&list), None);
    }

    #[test]
    fn errors_name_the_node_and_the_problem() {
        let e = FlatError::at(NodeId::from_u32(3), FlatErrorKind::KindMismatch { field: "left", found: "Program" });
        assert_eq!(e.to_string(), "invalid flat tree at node 3: field `left` cannot hold a Program");
    }
}
