//! Reading a [`FlatAst`]: typed views, scans by kind, parents, children and subtrees, list and string fields.

use core::ops::Range;

use super::{FlatAst, FlatView, Language, NodeRef};
use crate::{Ancestors, ChildField, IdRange, NodeId, NodeIdVec, OptionalNodeId, ParentTable, StrRef};

impl<L: Language> FlatAst<L> {
    /// The root's view.
    pub fn root(&self) -> L::RootView<'_> {
        self.view(NodeId::ROOT).expect("a FlatAst's root has the root type")
    }

    /// The typed view of node `id`, if it exists and has type `V`.
    #[inline]
    pub fn view<'a, V: FlatView<'a, Lang = L>>(&'a self, id: NodeId) -> Option<V> {
        V::from_node(self, id, self.nodes.get(id.index())?)
    }

    /// The untyped handle of node `id`, if it exists.
    pub fn node_ref(&self, id: NodeId) -> Option<NodeRef<'_, L>> {
        self.node(id).map(|node| NodeRef { ast: self, id, node })
    }

    /// Every node of type `V`, in preorder, by one linear scan (no recursion, no child lists).
    pub fn iter_views<'a, V: FlatView<'a, Lang = L>>(&'a self) -> impl Iterator<Item = V> + 'a {
        self.nodes.iter().enumerate().filter_map(move |(i, node)| V::from_node(self, NodeId::from_usize(i), node))
    }

    /// The IDs of every node of `kind`, in preorder, by one linear scan.
    pub fn ids_of_kind(&self, kind: L::Kind) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes.iter().enumerate().filter(move |(_, node)| node.kind() == kind).map(|(i, _)| NodeId::from_usize(i))
    }

    /// The parent of `id` (`None` for the root and for IDs outside the tree). Parents are not stored in the nodes:
    /// the first call builds the parent table ([`FlatAst::parent_table`], one linear pass, 5 bytes per node with a
    /// one-byte `ParentField`), later calls are one lookup.
    #[inline]
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.parent_table().parent(id)
    }

    /// The field of its parent that holds `id` (`ParentField::MemberExpressionProperty` for `b` in `a.b`); `None`
    /// for the root and for IDs outside the tree. Same table and cost as [`FlatAst::parent`].
    #[inline]
    pub fn parent_field(&self, id: NodeId) -> Option<L::ParentField> {
        self.parent_table().parent_field(id)
    }

    /// The ancestors of `id`, nearest first: parent, grandparent, ..., the root (empty for the root). Same table as
    /// [`FlatAst::parent`].
    pub fn ancestors(&self, id: NodeId) -> Ancestors<'_, L::ParentField> {
        self.parent_table().ancestors(id)
    }

    /// The parent of every node (`NONE` for the root), indexed by `NodeId`: [`FlatAst::parent_table`]'s parents.
    pub fn parents(&self) -> &NodeIdVec<OptionalNodeId> {
        self.parent_table().parents()
    }

    /// Every node's parent and parent field. Built on the first call by one linear pass over the nodes (each node
    /// writes its own ID and the field into its children's entries) and kept, so later calls are free.
    pub fn parent_table(&self) -> &ParentTable<L::ParentField> {
        self.parents.get_or_init(|| self.build_parent_table())
    }

    /// The parent table if [`FlatAst::parent_table`] has built it already (never builds it).
    #[inline]
    pub fn cached_parents(&self) -> Option<&NodeIdVec<OptionalNodeId>> {
        self.parents.get().map(ParentTable::parents)
    }

    /// One pass over the nodes: each node writes its own ID and the field into its children's entries.
    fn build_parent_table(&self) -> ParentTable<L::ParentField> {
        let mut table = ParentTable::with_len(self.nodes.len());
        for (index, node) in self.nodes.iter().enumerate() {
            let parent = NodeId::from_usize(index);
            let _ = L::for_each_child_field(&node.data, parent, &self.overflow, |info| -> Result<(), ()> {
                let mut set = |child: NodeId| table.set(child, parent, info.parent_field);
                match info.field {
                    ChildField::One(id) => set(id),
                    ChildField::Optional(id) => id.get().into_iter().for_each(set),
                    ChildField::List(range) | ChildField::MaybeList(Some(range)) => {
                        self.id_list(range).iter().copied().for_each(set);
                    }
                    ChildField::MaybeList(None) => {}
                    ChildField::OptionalList(range) => {
                        self.optional_id_list(range).iter().filter_map(|id| id.get()).for_each(set);
                    }
                }
                Ok(())
            });
        }
        table
    }

    /// The direct children of `id` in order (empty for IDs outside the tree).
    pub fn children(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        if let Some(node) = self.node(id) {
            self.push_all_children(id, &node.data, &mut out);
        }
        out
    }

    /// Appends the children of node `id`, whose data is `data`, to `out` in order.
    fn push_all_children(&self, id: NodeId, data: &L::Data, out: &mut Vec<NodeId>) {
        let _ = L::for_each_child_field(data, id, &self.overflow, |info| -> Result<(), ()> {
            match info.field {
                ChildField::One(id) => out.push(id),
                ChildField::Optional(id) => out.extend(id.get()),
                ChildField::List(range) | ChildField::MaybeList(Some(range)) => {
                    out.extend_from_slice(self.id_list(range))
                }
                ChildField::MaybeList(None) => {}
                ChildField::OptionalList(range) => {
                    out.extend(self.optional_id_list(range).iter().filter_map(|id| id.get()));
                }
            }
            Ok(())
        });
    }

    /// The index range of the subtree of `id` (the node and all its descendants): `id..end`. Found by following
    /// last children down, so it costs the depth of the subtree's rightmost path.
    pub fn subtree(&self, id: NodeId) -> Range<usize> {
        if self.node(id).is_none() {
            return id.index()..id.index();
        }
        id.index()..self.subtree_last(id).0.index() + 1
    }

    /// The last node of the subtree of `id` in preorder and how many last-child steps lead there from `id` (`(id,
    /// 0)` for a leaf): the nodes on that path are the ones whose subtrees end at the last node below `id`.
    pub(super) fn subtree_last(&self, id: NodeId) -> (NodeId, u32) {
        let (mut last, mut hops) = (id, 0);
        while let Some(child) = self.last_child(last) {
            (last, hops) = (child, hops + 1);
        }
        (last, hops)
    }

    /// The last child of `id` in preorder, if it has children.
    pub fn last_child(&self, id: NodeId) -> Option<NodeId> {
        let node = self.node(id)?;
        let mut last = None;
        let _ = L::for_each_child_field(&node.data, id, &self.overflow, |info| -> Result<(), ()> {
            let candidate = match info.field {
                ChildField::One(id) => Some(id),
                ChildField::Optional(id) => id.get(),
                ChildField::List(range) | ChildField::MaybeList(Some(range)) => self.id_list(range).last().copied(),
                ChildField::MaybeList(None) => None,
                ChildField::OptionalList(range) => self.optional_id_list(range).iter().rev().find_map(|id| id.get()),
            };
            last = candidate.or(last);
            Ok(())
        });
        last
    }

    /// The entries of a list field (empty if the range is out of bounds, which a valid tree never has).
    #[inline]
    pub fn id_list(&self, range: IdRange) -> &[NodeId] {
        range.slice(&self.child_ids).unwrap_or(&[])
    }

    /// The entries of a list-of-optional-children field.
    #[inline]
    pub fn optional_id_list(&self, range: IdRange) -> &[OptionalNodeId] {
        range.slice(&self.optional_child_ids).unwrap_or(&[])
    }

    /// The text of a string field (empty if the reference is bad, which a valid tree never has).
    #[inline]
    pub fn string(&self, s: StrRef) -> &str {
        s.get(&self.strings).unwrap_or("")
    }
}
