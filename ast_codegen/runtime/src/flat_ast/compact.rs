//! [`FlatAst::compacted`](super::FlatAst::compacted): a tree rewritten through a [`FlatBuilder`], which drops what
//! in-place edits and commits left unused in the buffers and writes exactly the layout `from_boxed` gives.
//!
//! Reverse preorder puts every child before its parent, the order the builder needs: one backward scan pushes
//! every node with its references mapped to build IDs (the generated [`Language::relocate`]), then the builder
//! finishes the tree in preorder. No recursion. The same scan over one subtree is
//! [`FlatBuilder::copy_subtree`].

use core::ops::Range;

use super::build::{Built, FlatBuilder};
use super::{FlatAst, Language, Relocate};
use crate::{GetNodeId, IdRange, NodeId, OptionalNodeId, StrRef};

/// The tree rewritten through a builder.
pub(super) fn compacted<L: Language>(ast: &FlatAst<L>) -> FlatAst<L> {
    let mut builder = FlatBuilder::new();
    builder.nodes.reserve(ast.len());
    builder.meta.reserve(ast.len());
    builder.child_ids.reserve(ast.child_ids.len());
    builder.optional_child_ids.reserve(ast.optional_child_ids.len());
    // Per byte offset of a string in the old buffer, its number in the builder: each string is hashed once.
    let string_numbers = vec![u32::MAX; ast.strings.len()];
    let root = copy_nodes(&mut builder, ast, 0..ast.len(), string_numbers);
    builder.finish(root)
}

/// Pushes the old nodes `range` (a whole subtree) into `builder` and returns the handle of its root. `string_numbers`
/// caches, per byte offset of a string in the old buffer, its number in the builder (empty: no cache).
pub(super) fn copy_nodes<L: Language>(
    builder: &mut FlatBuilder<L>,
    ast: &FlatAst<L>,
    range: Range<usize>,
    string_numbers: Vec<u32>,
) -> Built<()> {
    let start = range.start;
    let mut rebuild = Rebuild { ast, builder, built: vec![u32::MAX; range.len()], start, string_numbers, current: 0 };
    for (i, node) in ast.nodes[range].iter().enumerate().rev() {
        let mut data = node.data.clone();
        // The payload moves to the builder's tables first; `relocate` then maps it there, in place. A valid tree's
        // payload indices are inside its tables.
        let mut overflow = core::mem::take(&mut rebuild.builder.overflow);
        let copied = L::copy_overflow(&mut data, &ast.overflow, &mut overflow);
        rebuild.current = (start + i) as u32;
        if copied {
            L::relocate(&mut data, &mut overflow, &mut rebuild);
        }
        rebuild.builder.overflow = overflow;
        let built: Built<()> = rebuild.builder.push(data, node.span);
        rebuild.built[i] = built.node_id().as_u32();
    }
    Built::new(rebuild.built.first().copied().unwrap_or(u32::MAX))
}

/// The backward scan as a [`Relocate`]: old node `current`'s references become the build IDs of its children,
/// taken as a node under construction takes them.
struct Rebuild<'a, L: Language> {
    ast: &'a FlatAst<L>,
    builder: &'a mut FlatBuilder<L>,
    /// Per old node from `start` on, its build ID (pushed already: every child comes after its parent in preorder).
    built: Vec<u32>,
    start: usize,
    string_numbers: Vec<u32>,
    current: u32,
}

impl<L: Language> Rebuild<'_, L> {
    fn built(&self, old: NodeId) -> Built<()> {
        let at = old.index().wrapping_sub(self.start);
        Built::new(self.built.get(at).copied().unwrap_or(u32::MAX))
    }
}

impl<L: Language> Relocate<L> for Rebuild<'_, L> {
    fn implied(&mut self, _: fn(L::Kind) -> bool) {
        let child = self.built(NodeId::from_u32(self.current + 1));
        self.builder.take_implied(child);
    }

    fn child(&mut self, id: NodeId, _: fn(L::Kind) -> bool) -> NodeId {
        let child = self.built(id);
        self.builder.take(child)
    }

    fn list(&mut self, list: IdRange, _: fn(L::Kind) -> bool) -> IdRange {
        let items: Vec<Built<()>> = self.ast.id_list(list).iter().map(|&id| self.built(id)).collect();
        let list = crate::builder::BuilderCore::list_from(&mut *self.builder, items);
        self.builder.take_list(list)
    }

    fn optional_list(&mut self, list: IdRange, _: fn(L::Kind) -> bool) -> IdRange {
        let entries = self.ast.optional_id_list(list);
        let items: Vec<Option<Built<()>>> = entries.iter().map(|id| id.get().map(|id| self.built(id))).collect();
        let list = crate::builder::BuilderCore::list_from(&mut *self.builder, items);
        self.builder.take_list(list)
    }

    fn optional_child(&mut self, id: OptionalNodeId, _: fn(L::Kind) -> bool) -> OptionalNodeId {
        let child = id.get().map(|id| self.built(id));
        self.builder.take_optional(child)
    }

    fn string(&mut self, s: StrRef) -> StrRef {
        let text = self.ast.string(s);
        match self.string_numbers.get_mut(s.offset() as usize) {
            Some(number) if *number != u32::MAX => StrRef::at(*number),
            Some(number) => {
                let interned = self.builder.intern(text);
                *number = interned.offset();
                interned
            }
            None => self.builder.intern(text),
        }
    }
}
