//! Parent tables: for every node, its parent and the field of the parent that holds it, plus the walk of a node's
//! ancestors. Generic over the generated crate's `ParentField` enum, so one table type serves the flat tree (built
//! lazily from the nodes) and the boxed tree (built by one visitor walk, [`ParentTableBuilder`]).

use core::fmt;

use crate::{NodeId, NodeIdVec, OptionalNodeId};

/// Per node, its parent and the field of the parent that holds it (`None` for the root), indexed by [`NodeId`].
///
/// Two parallel tables rather than one of pairs, so that [`ParentTable::parents`] is the plain parent table that
/// existed before parent fields did, and so that a one-byte field enum costs one byte per node, not four.
#[derive(Clone, PartialEq, Eq)]
pub struct ParentTable<F> {
    parents: NodeIdVec<OptionalNodeId>,
    fields: NodeIdVec<Option<F>>,
}

impl<F: Copy> ParentTable<F> {
    /// A table of `len` nodes, none of which has a parent yet.
    pub(crate) fn with_len(len: usize) -> Self {
        ParentTable { parents: NodeIdVec::with_len(len, OptionalNodeId::NONE), fields: NodeIdVec::with_len(len, None) }
    }

    /// Records that `child` sits in `field` of `parent`. Ignores a `child` outside the table: callers check first.
    #[inline]
    pub(crate) fn set(&mut self, child: NodeId, parent: NodeId, field: F) {
        if let (Some(p), Some(f)) = (self.parents.get_mut(child), self.fields.get_mut(child)) {
            *p = OptionalNodeId::some(parent);
            *f = Some(field);
        }
    }

    /// Builds the table of a boxed tree: `root` runs its walk and reports every node to a [`ParentTableBuilder`].
    /// One walk of the tree, then one pass over the nodes it saw.
    ///
    /// # Errors
    /// When the tree's IDs are not dense (`0..node_count`, each once, as `AstNodeBuilder` assigns them): an ID
    /// at or past the node count, or one ID on two nodes.
    pub fn build<R: ReportParents<Field = F> + ?Sized>(root: &R) -> Result<Self, ParentTableError> {
        let mut builder = ParentTableBuilder::new();
        root.report_parents(&mut builder);
        builder.finish()
    }

    /// The parent of `id` (`None` for the root and for IDs outside the table).
    #[inline]
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.parents.get(id)?.get()
    }

    /// The field of its parent that holds `id` (`None` for the root and for IDs outside the table).
    #[inline]
    pub fn parent_field(&self, id: NodeId) -> Option<F> {
        *self.fields.get(id)?
    }

    /// The ancestors of `id`, nearest first: its parent, grandparent, ..., the root. Empty for the root and for
    /// IDs outside the table.
    pub fn ancestors(&self, id: NodeId) -> Ancestors<'_, F> {
        Ancestors { table: self, next: self.parent(id) }
    }

    /// Number of nodes the table covers: the tree's node count.
    #[inline]
    pub fn len(&self) -> usize {
        self.parents.len()
    }

    /// True for a table of no nodes (never one built from a tree, which has its root).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.parents.is_empty()
    }

    /// The parent of every node (`NONE` for the root).
    #[inline]
    pub fn parents(&self) -> &NodeIdVec<OptionalNodeId> {
        &self.parents
    }

    /// The parent field of every node (`None` for the root).
    #[inline]
    pub fn fields(&self) -> &NodeIdVec<Option<F>> {
        &self.fields
    }

    /// Bytes the table holds on the heap (both tables are allocated at their exact length).
    pub fn heap_bytes(&self) -> usize {
        use core::mem::size_of;
        self.parents.len() * size_of::<OptionalNodeId>() + self.fields.len() * size_of::<Option<F>>()
    }
}

impl<F: fmt::Debug> fmt::Debug for ParentTable<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParentTable").field("parents", &self.parents).field("fields", &self.fields).finish()
    }
}

/// The ancestors of a node, nearest first, ending at the root: [`ParentTable::ancestors`].
#[derive(Clone)]
pub struct Ancestors<'t, F> {
    table: &'t ParentTable<F>,
    next: Option<NodeId>,
}

impl<F: Copy> Iterator for Ancestors<'_, F> {
    type Item = NodeId;

    #[inline]
    fn next(&mut self) -> Option<NodeId> {
        let current = self.next?;
        self.next = self.table.parent(current);
        // A table that came from a valid tree has no cycles; a parent at or after its child can only come from a
        // malformed one, so stop there rather than loop.
        if self.next.is_some_and(|parent| parent >= current) {
            self.next = None;
        }
        Some(current)
    }
}

impl<F> fmt::Debug for Ancestors<'_, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ancestors").field("next", &self.next).finish_non_exhaustive()
    }
}

/// A boxed tree that can report its nodes, with their parent fields, to a [`ParentTableBuilder`]: the generated
/// crate implements it for its root type with its `Visit` walk, so [`ParentTable::build`] works on the root.
pub trait ReportParents {
    /// The generated `ParentField` enum.
    type Field: Copy;

    /// Walks the tree, calling [`ParentTableBuilder::enter_field`] before each child and
    /// [`ParentTableBuilder::enter_node`] / [`ParentTableBuilder::leave_node`] around each node.
    fn report_parents(&self, builder: &mut ParentTableBuilder<Self::Field>);
}

/// What a walk of a boxed tree reports to build a [`ParentTable`]: nodes in the order entered, each with its parent
/// (the innermost node open when it was entered) and the field announced just before it.
#[derive(Debug)]
pub struct ParentTableBuilder<F> {
    /// `(node, parent, field)` in the order the walk entered the nodes.
    seen: Vec<(NodeId, OptionalNodeId, Option<F>)>,
    /// The nodes entered and not yet left, innermost last.
    open: Vec<NodeId>,
    /// The field announced for the next node entered.
    field: Option<F>,
}

impl<F: Copy> ParentTableBuilder<F> {
    /// An empty builder.
    pub fn new() -> Self {
        ParentTableBuilder { seen: Vec::new(), open: Vec::new(), field: None }
    }

    /// The next node entered sits in `field` of the innermost open node.
    #[inline]
    pub fn enter_field(&mut self, field: F) {
        self.field = Some(field);
    }

    /// A node is entered: it is a child of the innermost open node (none for the root).
    #[inline]
    pub fn enter_node(&mut self, id: NodeId) {
        let parent = OptionalNodeId::from(self.open.last().copied());
        self.seen.push((id, parent, self.field.take()));
        self.open.push(id);
    }

    /// The innermost open node is left.
    #[inline]
    pub fn leave_node(&mut self) {
        self.open.pop();
    }

    /// The table, indexed by the nodes' IDs.
    ///
    /// # Errors
    /// [`ParentTableError`] when an ID is at or past the number of nodes seen, or two nodes have the same ID: the
    /// tree's IDs are not dense (built without `AstNodeBuilder`'s numbering, or changed since).
    pub fn finish(self) -> Result<ParentTable<F>, ParentTableError> {
        let len = self.seen.len();
        let mut table = ParentTable::with_len(len);
        let mut filled = vec![false; len];
        for (id, parent, field) in self.seen {
            let Some(slot) = filled.get_mut(id.index()) else {
                return Err(ParentTableError::OutOfRange { id, node_count: len });
            };
            if core::mem::replace(slot, true) {
                return Err(ParentTableError::Duplicate { id });
            }
            table.parents[id] = parent;
            table.fields[id] = field;
        }
        Ok(table)
    }
}

impl<F: Copy> Default for ParentTableBuilder<F> {
    fn default() -> Self {
        Self::new()
    }
}

/// Why a boxed tree has no [`ParentTable`]: its IDs are not the dense `0..node_count` the table is indexed by.
/// Renumber the tree (`AstNodeBuilder::renumber`) and build again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParentTableError {
    /// A node's ID is at or past the tree's node count.
    OutOfRange {
        /// The ID.
        id: NodeId,
        /// The number of nodes in the tree.
        node_count: usize,
    },
    /// Two nodes have this ID.
    Duplicate {
        /// The ID.
        id: NodeId,
    },
}

impl fmt::Display for ParentTableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParentTableError::OutOfRange { id, node_count } => write!(
                f,
                "node ID {} is outside 0..{node_count}: the tree's IDs are not dense (renumber it first)",
                id.as_u32()
            ),
            ParentTableError::Duplicate { id } => {
                write!(f, "two nodes have ID {}: the tree's IDs are not dense (renumber it first)", id.as_u32())
            }
        }
    }
}

impl std::error::Error for ParentTableError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(i: u32) -> NodeId {
        NodeId::from_u32(i)
    }

    /// Reports the tree `0 { a: 1 { b: 2 }, c: 3 }` with the given IDs in place of 0..4.
    fn report(ids: [u32; 4]) -> Result<ParentTable<char>, ParentTableError> {
        let mut b = ParentTableBuilder::new();
        b.enter_node(id(ids[0]));
        b.enter_field('a');
        b.enter_node(id(ids[1]));
        b.enter_field('b');
        b.enter_node(id(ids[2]));
        b.leave_node();
        b.leave_node();
        b.enter_field('c');
        b.enter_node(id(ids[3]));
        b.leave_node();
        b.leave_node();
        b.finish()
    }

    #[test]
    fn dense_ids_give_parents_fields_and_ancestors() {
        let table = report([0, 1, 2, 3]).unwrap();
        assert_eq!(table.len(), 4);
        assert_eq!(table.parent(id(0)), None);
        assert_eq!(table.parent_field(id(0)), None);
        assert_eq!((table.parent(id(2)), table.parent_field(id(2))), (Some(id(1)), Some('b')));
        assert_eq!((table.parent(id(3)), table.parent_field(id(3))), (Some(id(0)), Some('c')));
        assert_eq!(table.ancestors(id(2)).collect::<Vec<_>>(), [id(1), id(0)]);
        assert_eq!(table.ancestors(id(0)).count(), 0);
        assert_eq!(table.ancestors(id(9)).count(), 0);
    }

    #[test]
    fn ids_in_another_order_are_fine_when_dense() {
        let table = report([3, 0, 2, 1]).unwrap();
        assert_eq!((table.parent(id(2)), table.parent_field(id(2))), (Some(id(0)), Some('b')));
        assert_eq!(table.parent(id(3)), None);
    }

    #[test]
    fn ids_that_are_not_dense_are_errors() {
        assert_eq!(report([0, 1, 4, 3]), Err(ParentTableError::OutOfRange { id: id(4), node_count: 4 }));
        assert_eq!(report([0, 1, 1, 3]), Err(ParentTableError::Duplicate { id: id(1) }));
        let message = report([0, 0, 1, 2]).unwrap_err().to_string();
        assert!(message.contains("renumber"), "{message}");
    }
}
