//! Tree equality of two [`FlatAst`]s whatever their buffer layout: node by node, each node's data with its
//! references replaced by what they refer to (list entries, string texts), through the generated
//! [`Language::relocate`].

use super::{FlatAst, Language, Relocate};
use crate::{IdRange, NodeId, StrRef};

/// True when `a` and `b` hold the same tree. Child IDs are compared as they are: in preorder with dense IDs, the
/// same tree has the same IDs.
pub(super) fn same_tree<L: Language>(a: &FlatAst<L>, b: &FlatAst<L>) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut left, mut right) = (Contents::new(a), Contents::new(b));
    a.nodes.iter().zip(&b.nodes).all(|(x, y)| {
        if x.span != y.span || x.kind() != y.kind() {
            return false;
        }
        let (x, y) = (left.read(&x.data), right.read(&y.data));
        let same = matches!((&x, &y), (Some(x), Some(y)) if x == y)
            && left.refs == right.refs
            && left.texts == right.texts
            && left.overflow == right.overflow;
        left.clear(x.as_ref());
        right.clear(y.as_ref());
        same
    })
}

/// What the references of one node of `ast` refer to, with the node's data made free of its buffers.
struct Contents<'a, L: Language> {
    ast: &'a FlatAst<L>,
    /// The node's payload, copied out of the tree's overflow tables (at index 0 of its table).
    overflow: L::Overflow,
    /// Per list: its length, then its entries (`u32::MAX` for an absent optional entry).
    refs: Vec<u32>,
    /// Per string: its length, then its text.
    texts: String,
}

impl<'a, L: Language> Contents<'a, L> {
    fn new(ast: &'a FlatAst<L>) -> Self {
        Contents { ast, overflow: L::Overflow::default(), refs: Vec::new(), texts: String::new() }
    }

    /// `data` with its lists and strings read into `self` and replaced by placeholders; `None` when its payload
    /// index is outside the tree's tables (never in a valid tree).
    fn read(&mut self, data: &L::Data) -> Option<L::Data> {
        let mut data = data.clone();
        if !L::copy_overflow(&mut data, &self.ast.overflow, &mut self.overflow) {
            return None;
        }
        let mut overflow = core::mem::take(&mut self.overflow);
        L::relocate(&mut data, &mut overflow, self);
        self.overflow = overflow;
        Some(data)
    }

    /// Forgets the last node read, keeping the buffers.
    fn clear(&mut self, data: Option<&L::Data>) {
        if let Some(data) = data {
            L::truncate_overflow(&mut self.overflow, data);
        }
        self.refs.clear();
        self.texts.clear();
    }
}

impl<L: Language> Relocate<L> for Contents<'_, L> {
    fn implied(&mut self, _: fn(L::Kind) -> bool) {}

    fn child(&mut self, id: NodeId, _: fn(L::Kind) -> bool) -> NodeId {
        id
    }

    fn list(&mut self, list: IdRange, _: fn(L::Kind) -> bool) -> IdRange {
        let entries = self.ast.id_list(list);
        self.refs.push(entries.len() as u32);
        self.refs.extend(entries.iter().map(|id| id.as_u32()));
        IdRange::EMPTY
    }

    fn optional_list(&mut self, list: IdRange, _: fn(L::Kind) -> bool) -> IdRange {
        let entries = self.ast.optional_id_list(list);
        self.refs.push(entries.len() as u32);
        self.refs.extend(entries.iter().map(|id| id.get().map_or(u32::MAX, NodeId::as_u32)));
        IdRange::EMPTY
    }

    fn string(&mut self, s: StrRef) -> StrRef {
        let text = self.ast.string(s);
        self.refs.push(text.len() as u32);
        self.texts.push_str(text);
        StrRef::at(0)
    }
}
