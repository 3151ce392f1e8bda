//! Compact building blocks of the generated flat encoding (`FlatAst`): a 4-byte optional node ID, ranges into the
//! tree's shared lists, references into its shared string buffer, an 8-byte value stored with 4-byte alignment, and
//! the per-node counts of ending subtrees. The error type of validation is in `flat_error.rs`.
//!
//! Every reference type here is 4 bytes (`Bits64` 8) with 4-byte alignment, so that a generated `NodeData` variant
//! stays small.

use core::fmt;

use rustc_hash::{FxBuildHasher, FxHashMap};

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

/// An entry type of a flat tree's shared lists: it can also hold a list's length, which is stored in front of the
/// list's entries so that a list field needs one `u32`.
pub trait ListEntry: Copy {
    /// The entry that stores length `len` in front of a list.
    fn from_len(len: u32) -> Self;
    /// The length this entry stores, when it is a length slot (`None` for a value that cannot be one).
    fn as_len(self) -> Option<u32>;
}

impl ListEntry for NodeId {
    #[inline]
    fn from_len(len: u32) -> Self {
        NodeId::from_u32(len)
    }

    #[inline]
    fn as_len(self) -> Option<u32> {
        Some(self.as_u32())
    }
}

impl ListEntry for OptionalNodeId {
    #[inline]
    fn from_len(len: u32) -> Self {
        OptionalNodeId(len)
    }

    #[inline]
    fn as_len(self) -> Option<u32> {
        self.get().map(NodeId::as_u32)
    }
}

/// One list of a flat tree (the children of one `Vec` field) in 4 bytes: the index of its length slot in one of the
/// tree's shared lists, the entries following it. An empty list is [`IdRange::EMPTY`] and stores nothing.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(transparent)]
pub struct IdRange(u32);

impl Default for IdRange {
    fn default() -> Self {
        IdRange::EMPTY
    }
}

impl IdRange {
    /// The empty list (no length slot).
    pub const EMPTY: IdRange = IdRange(u32::MAX);

    /// The list whose length slot is at `index`.
    #[inline]
    pub const fn at(index: u32) -> Self {
        IdRange(index)
    }

    /// The index of the length slot (`u32::MAX` for the empty list).
    #[inline]
    pub const fn index(self) -> u32 {
        self.0
    }

    /// True for [`IdRange::EMPTY`]. A list stored with a zero length slot is empty too.
    #[inline]
    pub const fn is_empty_sentinel(self) -> bool {
        self.0 == u32::MAX
    }

    /// The index of the first entry (the slot after the length); meaningless for the empty list.
    #[inline]
    pub const fn entries_start(self) -> u32 {
        self.0.wrapping_add(1)
    }

    /// Appends a list of `len` entries, each `fill`, behind its length slot at the end of `list`, and returns it.
    /// An empty list appends nothing.
    ///
    /// # Panics
    /// If the list would exceed `u32::MAX - 1` entries.
    pub fn reserve<T: ListEntry>(list: &mut Vec<T>, len: usize, fill: T) -> IdRange {
        if len == 0 {
            return IdRange::EMPTY;
        }
        let index = u32::try_from(list.len()).expect("flat list exceeds u32::MAX entries");
        let len32 = u32::try_from(len).expect("flat list exceeds u32::MAX entries");
        let end = index.checked_add(len32).and_then(|end| end.checked_add(1));
        assert!(end.is_some_and(|end| end < u32::MAX), "flat list exceeds u32::MAX entries");
        list.push(T::from_len(len32));
        list.resize(list.len() + len, fill);
        IdRange(index)
    }

    /// Appends a list of `entries` behind its length slot at the end of `list`, and returns it. An empty list
    /// appends nothing.
    ///
    /// # Panics
    /// If the list would exceed `u32::MAX - 1` entries.
    pub fn append<T: ListEntry>(list: &mut Vec<T>, entries: impl ExactSizeIterator<Item = T>) -> IdRange {
        if entries.len() == 0 {
            return IdRange::EMPTY;
        }
        let index = u32::try_from(list.len()).expect("flat list exceeds u32::MAX entries");
        let len32 = u32::try_from(entries.len()).expect("flat list exceeds u32::MAX entries");
        let end = index.checked_add(len32).and_then(|end| end.checked_add(1));
        assert!(end.is_some_and(|end| end < u32::MAX), "flat list exceeds u32::MAX entries");
        list.push(T::from_len(len32));
        list.extend(entries);
        IdRange(index)
    }

    /// The stored length: the length slot's value, 0 for the empty list or a slot out of bounds. Cheaper than
    /// [`IdRange::slice`] (no check that the entries are in bounds), for trees already validated.
    #[inline]
    pub fn stored_len<T: ListEntry>(self, list: &[T]) -> usize {
        if self.is_empty_sentinel() {
            return 0;
        }
        list.get(self.0 as usize).and_then(|slot| slot.as_len()).map_or(0, |len| len as usize)
    }

    /// The entries of `list` in this list, or `None` when its length slot or entries are out of bounds.
    #[inline]
    pub fn slice<T: ListEntry>(self, list: &[T]) -> Option<&[T]> {
        if self.is_empty_sentinel() {
            return Some(&[]);
        }
        let len = list.get(self.0 as usize)?.as_len()?;
        let start = self.0.checked_add(1)?;
        let end = start.checked_add(len)?;
        list.get(start as usize..end as usize)
    }

    /// The entries of `list` in this list, mutable, or `None` when its length slot or entries are out of bounds.
    #[inline]
    pub fn slice_mut<T: ListEntry>(self, list: &mut [T]) -> Option<&mut [T]> {
        if self.is_empty_sentinel() {
            return Some(&mut []);
        }
        let len = list.get(self.0 as usize)?.as_len()?;
        let start = self.0.checked_add(1)?;
        let end = start.checked_add(len)?;
        list.get_mut(start as usize..end as usize)
    }
}

/// Where a node whose payload is too large to sit inside its `Node` keeps it: an index into the tree's overflow table
/// for its type. Only node types whose fields take more than the inline budget are stored this way, so the common
/// nodes stay small.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(transparent)]
pub struct OverflowIndex(u32);

impl OverflowIndex {
    /// The entry at `index`.
    #[inline]
    pub const fn at(index: u32) -> Self {
        OverflowIndex(index)
    }

    /// The index, for indexing the overflow table.
    #[inline]
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// Appends `payload` to `table` and returns its index.
    ///
    /// # Panics
    /// If the table would exceed `u32::MAX` entries.
    pub fn push<T>(table: &mut Vec<T>, payload: T) -> OverflowIndex {
        let index = u32::try_from(table.len()).expect("flat overflow table exceeds u32::MAX entries");
        table.push(payload);
        OverflowIndex(index)
    }
}

/// A string stored in a flat tree's shared string buffer in 4 bytes: the byte offset of a length header, the text
/// following it.
///
/// The header is the length in little-endian groups of 6 bits, one ASCII byte each: `0x40 | bits` for a group with
/// more to follow, `bits` for the last. Strings under 64 bytes (nearly every name) pay one byte; the header being
/// ASCII keeps the buffer a valid `String`. Equal strings can share one reference (see [`StrInterner`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(transparent)]
pub struct StrRef(u32);

impl StrRef {
    /// The string whose header starts at byte `offset`.
    #[inline]
    pub const fn at(offset: u32) -> Self {
        StrRef(offset)
    }

    /// The byte offset of the header.
    #[inline]
    pub const fn offset(self) -> u32 {
        self.0
    }

    /// Appends `s` with its header to `buffer` and returns its reference.
    ///
    /// # Panics
    /// If the buffer would exceed `u32::MAX - 1` bytes (4 GiB of strings in one tree).
    pub fn push(buffer: &mut String, s: &str) -> StrRef {
        let offset = u32::try_from(buffer.len()).expect("flat string buffer exceeds u32::MAX bytes");
        let mut len = s.len();
        loop {
            let bits = (len & 0x3f) as u8;
            len >>= 6;
            if len == 0 {
                buffer.push(char::from(bits));
                break;
            }
            buffer.push(char::from(0x40 | bits));
        }
        buffer.push_str(s);
        assert!(buffer.len() < u32::MAX as usize, "flat string buffer exceeds u32::MAX bytes");
        StrRef(offset)
    }

    /// The referenced text, or `None` when the header is bad or out of bounds, or the text is out of bounds or not
    /// on `char` boundaries.
    #[inline]
    pub fn get(self, buffer: &str) -> Option<&str> {
        let bytes = buffer.as_bytes();
        let mut at = self.0 as usize;
        let mut len: u64 = 0;
        let mut shift = 0;
        loop {
            let byte = *bytes.get(at)?;
            at += 1;
            if byte >= 0x80 || shift > 30 {
                return None;
            }
            len |= u64::from(byte & 0x3f) << shift;
            shift += 6;
            if byte & 0x40 == 0 {
                break;
            }
        }
        let end = at.checked_add(usize::try_from(len).ok()?)?;
        buffer.get(at..end)
    }
}

/// Counts, for each node of a preorder sequence, how many subtrees end at it: what lets a walk emit leave events
/// without looking at node types (push every node entered, pop this many after it). Fed one node at a time with its
/// number of children, in preorder.
#[derive(Debug, Default)]
pub struct SubtreeEnds {
    /// Per node: the count, or `u8::MAX` when it is 255 or more.
    ends: Vec<u8>,
    /// `(node, count)` for the nodes whose count did not fit, in node order.
    long_ends: Vec<(u32, u32)>,
    /// For each open node (children still to come), how many of its children have not been entered yet.
    open: Vec<usize>,
}

impl SubtreeEnds {
    /// Room for `nodes` nodes.
    pub fn with_capacity(nodes: usize) -> Self {
        SubtreeEnds { ends: Vec::with_capacity(nodes), ..SubtreeEnds::default() }
    }

    /// Records the next node in preorder, which has `children` direct children.
    #[inline]
    pub fn enter(&mut self, children: usize) {
        if let Some(remaining) = self.open.last_mut() {
            *remaining = remaining.saturating_sub(1);
        }
        if children > 0 {
            self.open.push(children);
            self.ends.push(0);
            return;
        }
        // A leaf ends its own subtree, and with it every open node whose last child's subtree this was.
        let mut count: u32 = 1;
        while self.open.last() == Some(&0) {
            self.open.pop();
            count = count.saturating_add(1);
        }
        self.push_count(count);
    }

    /// Records a whole subtree as the next nodes in preorder: `range`, a complete subtree of another sequence whose
    /// counts are `ends` / `long_ends` (what [`SubtreeEnds::finish`] gave for it). Inside the subtree the counts
    /// are the same; only its last node also closes the open nodes it completes here. One copy of the bytes, no
    /// look at the nodes: what lets a commit copy untouched subtrees whole.
    pub fn enter_subtree(&mut self, ends: &[u8], long_ends: &[(u32, u32)], range: core::ops::Range<usize>) {
        let Some(last) = range.end.checked_sub(1).filter(|&last| last >= range.start && last < ends.len()) else {
            return;
        };
        if let Some(remaining) = self.open.last_mut() {
            *remaining = remaining.saturating_sub(1);
        }
        let base = self.ends.len();
        let inner = &ends[range.start..last];
        self.ends.extend_from_slice(inner);
        // Each node's subtree ends once inside a complete subtree: the last node ends what the others do not.
        let mut closed: u64 = inner.iter().map(|&count| u64::from(count)).sum();
        let from = long_ends.partition_point(|&(node, _)| (node as usize) < range.start);
        for &(node, count) in long_ends[from..].iter().take_while(|&&(node, _)| (node as usize) < last) {
            closed = closed - u64::from(u8::MAX) + u64::from(count);
            let node = base + (node as usize - range.start);
            self.long_ends.push((u32::try_from(node).unwrap_or(u32::MAX), count));
        }
        let mut count = u32::try_from((range.len() as u64).saturating_sub(closed)).unwrap_or(u32::MAX);
        while self.open.last() == Some(&0) {
            self.open.pop();
            count = count.saturating_add(1);
        }
        self.push_count(count);
    }

    fn push_count(&mut self, count: u32) {
        match u8::try_from(count) {
            Ok(small) if small != u8::MAX => self.ends.push(small),
            _ => {
                let node = u32::try_from(self.ends.len()).unwrap_or(u32::MAX);
                self.long_ends.push((node, count));
                self.ends.push(u8::MAX);
            }
        }
    }

    /// The per-node bytes and the long counts, both shrunk to fit.
    pub fn finish(mut self) -> (Vec<u8>, Vec<(u32, u32)>) {
        self.ends.shrink_to_fit();
        self.long_ends.shrink_to_fit();
        (self.ends, self.long_ends)
    }

    /// The count for node `index` from what [`SubtreeEnds::finish`] returned (0 outside the sequence).
    #[inline]
    pub fn lookup(ends: &[u8], long_ends: &[(u32, u32)], index: usize) -> u32 {
        match ends.get(index) {
            Some(&u8::MAX) => {
                long_ends.binary_search_by_key(&index, |&(node, _)| node as usize).map_or(0, |at| long_ends[at].1)
            }
            Some(&count) => u32::from(count),
            None => 0,
        }
    }
}

/// Shares one stored copy among equal strings while a flat tree is built: identifier names repeat a lot.
///
/// Keyed by `rustc-hash`'s Fx hash: a few multiplies per key, fast for short keys such as names. It is not
/// DoS-resistant, which is fine for interning the strings of one tree (the worst case is a slower build).
#[derive(Default)]
pub struct StrInterner<'a> {
    seen: FxHashMap<&'a str, StrRef>,
}

impl<'a> StrInterner<'a> {
    /// An interner expecting about `strings` distinct strings (no rehashing until then).
    pub fn with_capacity(strings: usize) -> Self {
        StrInterner { seen: FxHashMap::with_capacity_and_hasher(strings, FxBuildHasher) }
    }

    /// The reference of `s`: the stored copy if an equal string was interned before, else a new one in `buffer`.
    /// Use one interner per buffer.
    pub fn intern(&mut self, buffer: &mut String, s: &'a str) -> StrRef {
        *self.seen.entry(s).or_insert_with(|| StrRef::push(buffer, s))
    }
}

/// An optional [`StrRef`] in 4 bytes: `u32::MAX` means none.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct OptionalStrRef(u32);

impl OptionalStrRef {
    /// No string.
    pub const NONE: OptionalStrRef = OptionalStrRef(u32::MAX);

    /// Some string. A buffer never reaches `u32::MAX` bytes, so no real reference is the sentinel.
    #[inline]
    pub const fn some(s: StrRef) -> Self {
        OptionalStrRef(s.0)
    }

    /// Interns `s`, if any, into `buffer`.
    pub fn intern<'a>(interner: &mut StrInterner<'a>, buffer: &mut String, s: Option<&'a str>) -> OptionalStrRef {
        s.map_or(OptionalStrRef::NONE, |s| OptionalStrRef::some(interner.intern(buffer, s)))
    }

    /// The reference, if any.
    #[inline]
    pub const fn get(self) -> Option<StrRef> {
        if self.0 == u32::MAX { None } else { Some(StrRef(self.0)) }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds child counts in preorder and returns every node's count of subtrees ending there.
    fn ends_of(children: &[usize]) -> Vec<u32> {
        let mut ends = SubtreeEnds::default();
        children.iter().for_each(|&c| ends.enter(c));
        let (bytes, long) = ends.finish();
        (0..children.len()).map(|i| SubtreeEnds::lookup(&bytes, &long, i)).collect()
    }

    #[test]
    fn subtree_ends_close_every_finished_ancestor_at_its_last_leaf() {
        // 0 ( 1 ( 2, 3 ), 4 ( 5 ) ): leaf 3 closes itself and 1; leaf 5 closes itself, 4 and 0.
        assert_eq!(ends_of(&[2, 2, 0, 0, 1, 0]), [0, 0, 1, 2, 0, 3]);
        assert_eq!(ends_of(&[0]), [1], "a lone leaf ends only itself");
        // A chain of 300: the bottom leaf ends 300 subtrees, more than the byte holds.
        let mut chain = vec![1; 299];
        chain.push(0);
        let ends = ends_of(&chain);
        assert_eq!(ends[299], 300);
        assert_eq!(ends.iter().sum::<u32>(), 300, "one end per node");
        assert_eq!(SubtreeEnds::lookup(&[], &[], 0), 0, "outside the sequence");
    }

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
    fn str_refs_read_back_share_and_reject_bad_headers() {
        let mut buffer = String::new();
        let mut interner = StrInterner::default();
        let a = interner.intern(&mut buffer, "héllo");
        let b = OptionalStrRef::intern(&mut interner, &mut buffer, Some("x"));
        let none = OptionalStrRef::intern(&mut interner, &mut buffer, None);
        let long = "ü".repeat(5000);
        let c = StrRef::push(&mut buffer, &long);
        assert_eq!(a.get(&buffer), Some("héllo"));
        assert_eq!(interner.intern(&mut buffer, "héllo"), a, "equal strings share one copy");
        assert_eq!(b.get().and_then(|r| r.get(&buffer)), Some("x"));
        assert_eq!(none.get(), None);
        assert_eq!(c.get(&buffer), Some(long.as_str()));
        // Offset 2 is inside the text of "héllo" (`h`, then the two-byte `é`): not a header.
        assert_eq!(StrRef::at(2).get(&buffer), None);
        assert_eq!(StrRef::at(u32::MAX).get(&buffer), None);
        let mut cut = String::from("\x7f\x7f");
        assert_eq!(StrRef::at(0).get(&cut), None, "header without end");
        cut.clear();
        cut.push(char::from(9));
        cut.push_str("ab");
        assert_eq!(StrRef::at(0).get(&cut), None, "text past the end");
    }

    #[test]
    fn id_ranges_store_their_length_and_are_bounds_checked() {
        let mut list = vec![NodeId::ROOT; 2];
        let range = IdRange::reserve(&mut list, 3, NodeId::from_u32(9));
        assert_eq!(range, IdRange::at(2));
        assert_eq!(range.slice(&list), Some(&[NodeId::from_u32(9); 3][..]));
        assert_eq!(IdRange::reserve(&mut list, 0, NodeId::ROOT), IdRange::EMPTY);
        assert_eq!(IdRange::EMPTY.slice(&list).map(<[NodeId]>::len), Some(0));
        assert_eq!(IdRange::at(3).slice(&list), None, "a length of 9 runs past the end");
        assert_eq!(IdRange::at(u32::MAX - 1).slice(&list), None);
        let mut holes = Vec::new();
        let range = IdRange::reserve(&mut holes, 2, OptionalNodeId::NONE);
        assert_eq!(range.slice(&holes), Some(&[OptionalNodeId::NONE; 2][..]));
    }
}
