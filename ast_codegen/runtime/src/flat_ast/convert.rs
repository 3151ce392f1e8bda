//! The drivers of boxed -> flat ([`Flattener`]: an explicit work stack in preorder) and flat -> boxed (a backwards
//! scan with a value stack). The per-type steps are the [`Language`] hooks `flatten_node`, `patch_field` and
//! `rebuild`.

use super::{FlatAst, Language, Node};
use crate::{GetNodeId, GetSpan, IdRange, NodeId, OptionalNodeId, OptionalStrRef, StrInterner, StrRef, SubtreeEnds};

/// Where boxed -> flat writes a child's ID once the child has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The root: held by no field.
    Root,
    /// A first child whose ID is implied (its parent's + 1): nothing to write.
    Implied,
    /// Child field number `field` (schema order) of node `parent`.
    Field {
        /// The parent's index.
        parent: u32,
        /// The field's position among the parent's fields.
        field: u8,
    },
    /// An entry of the shared child list.
    List(u32),
    /// An entry of the shared list of optional children.
    OptionalList(u32),
}

/// A node waiting for its preorder index in boxed -> flat.
struct Work<'a, L: Language> {
    node: L::Borrowed<'a>,
    slot: Slot,
}

/// The state of boxed -> flat, handed to [`Language::flatten_node`] so that it can queue a node's children and
/// store its lists and strings.
pub struct Flattener<'a, L: Language> {
    ast: FlatAst<L>,
    stack: Vec<Work<'a, L>>,
    /// Equal strings are stored once.
    interner: StrInterner<'a>,
    /// How many subtrees end at each node, counted as the nodes are entered.
    ends: SubtreeEnds,
    /// The first node whose ID is not its preorder index: `(its ID, its index)`.
    first_renumbered: Option<(NodeId, NodeId)>,
    /// The boxed ID of every node entered, in preorder, when the caller asked for them.
    old_ids: Option<Vec<NodeId>>,
}

impl<'a, L: Language> Flattener<'a, L> {
    /// The placeholder a child ID has until the child is entered; never left in a finished tree.
    pub const UNPATCHED: NodeId = NodeId::from_u32(u32::MAX);

    /// Queues a child of the node being flattened; children must be queued in schema order.
    #[inline]
    pub fn queue(&mut self, node: L::Borrowed<'a>, slot: Slot) {
        self.stack.push(Work { node, slot });
    }

    /// Reserves a list of `len` child IDs (patched as the children are entered).
    #[inline]
    pub fn reserve_list(&mut self, len: usize) -> IdRange {
        IdRange::reserve(&mut self.ast.child_ids, len, Self::UNPATCHED)
    }

    /// Reserves a list of `len` optional child IDs, all absent until patched.
    #[inline]
    pub fn reserve_optional_list(&mut self, len: usize) -> IdRange {
        IdRange::reserve(&mut self.ast.optional_child_ids, len, OptionalNodeId::NONE)
    }

    /// Stores a string (once per distinct string).
    #[inline]
    pub fn intern(&mut self, s: &'a str) -> StrRef {
        self.interner.intern(&mut self.ast.strings, s)
    }

    /// Stores an optional string.
    #[inline]
    pub fn intern_optional(&mut self, s: Option<&'a str>) -> OptionalStrRef {
        OptionalStrRef::intern(&mut self.interner, &mut self.ast.strings, s)
    }

    /// The overflow tables, to push a large payload.
    #[inline]
    pub fn overflow_mut(&mut self) -> &mut L::Overflow {
        &mut self.ast.overflow
    }

    /// Appends the node of `work` at the next preorder index and queues its children.
    #[inline]
    fn enter(&mut self, work: Work<'a, L>) {
        let id = NodeId::from_usize(self.ast.nodes.len());
        self.patch(work.slot, id);
        if work.node.node_id() != id && self.first_renumbered.is_none() {
            self.first_renumbered = Some((work.node.node_id(), id));
        }
        if let Some(old_ids) = &mut self.old_ids {
            old_ids.push(work.node.node_id());
        }
        let span = work.node.span();
        let queued = self.stack.len();
        let data = L::flatten_node(self, id, work.node);
        self.ast.nodes.push(Node { data, span });
        // Children were queued in schema order; the stack pops the last first, so reverse them to visit the first
        // child next (preorder).
        self.stack[queued..].reverse();
        self.ends.enter(self.stack.len() - queued);
    }

    /// Writes `id` where the parent holds this child.
    #[inline]
    fn patch(&mut self, slot: Slot, id: NodeId) {
        match slot {
            Slot::Root | Slot::Implied => {}
            Slot::Field { parent, field } => {
                if let Some(node) = self.ast.nodes.get_mut(parent as usize) {
                    L::patch_field(&mut node.data, &mut self.ast.overflow, field, id);
                }
            }
            Slot::List(index) => {
                if let Some(entry) = self.ast.child_ids.get_mut(index as usize) {
                    *entry = id;
                }
            }
            Slot::OptionalList(index) => {
                if let Some(entry) = self.ast.optional_child_ids.get_mut(index as usize) {
                    *entry = OptionalNodeId::some(id);
                }
            }
        }
    }
}

/// What boxed -> flat found out about the boxed IDs.
pub(super) struct OldIds {
    /// The first node whose ID was not its preorder index: `(its ID, its index)`.
    pub(super) first_renumbered: Option<(NodeId, NodeId)>,
    /// The boxed ID of every node, indexed by its flat ID (when asked for).
    pub(super) all: Option<Vec<NodeId>>,
}

/// Boxed -> flat: the tree, and what became of the boxed IDs (all of them when `record_old_ids`).
///
/// # Panics
/// If the tree has `u32::MAX` nodes or more, or more than 4 GiB of strings.
pub(super) fn flatten<L: Language>(root: &L::Root, record_old_ids: bool) -> (FlatAst<L>, OldIds) {
    let mut flattener = Flattener {
        ast: FlatAst::empty(),
        stack: vec![Work { node: L::borrow_root(root), slot: Slot::Root }],
        // Room for 256 distinct strings up front: small trees never rehash, large ones rehash less.
        interner: StrInterner::with_capacity(256),
        ends: SubtreeEnds::default(),
        first_renumbered: None,
        old_ids: record_old_ids.then(Vec::new),
    };
    while let Some(work) = flattener.stack.pop() {
        flattener.enter(work);
    }
    let Flattener { mut ast, ends, first_renumbered, old_ids, .. } = flattener;
    (ast.ends, ast.long_ends) = ends.finish();
    ast.shrink_to_fit();
    assert!(ast.nodes.len() < u32::MAX as usize, "a flat tree holds fewer than u32::MAX nodes");
    (ast, OldIds { first_renumbered, all: old_ids })
}

/// Flat -> boxed, bottom-up: scanning the preorder array backwards visits every node after its children, and leaves
/// a node's children on the value stack first child on top. `None` only for a tree that is not valid.
pub(super) fn to_boxed<L: Language>(ast: &FlatAst<L>) -> Option<L::Root> {
    let mut stack: Vec<L::Owned> = Vec::new();
    for (index, node) in ast.nodes.iter().enumerate().rev() {
        let owned = L::rebuild(ast, NodeId::from_usize(index), node, &mut stack)?;
        stack.push(owned);
    }
    let root = stack.pop()?;
    if !stack.is_empty() {
        return None;
    }
    L::into_root(root)
}
