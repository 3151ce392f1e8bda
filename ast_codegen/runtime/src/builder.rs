//! The schema-independent core of the generated `AstNodeBuilder`: the ID counter and the [`Renumber`] trait behind
//! its preorder renumbering, with the impls for `Box`, `Vec` and `Option`. The generated crate adds a constructor
//! per node type and a `Renumber` impl per node type.

use crate::NodeId;

/// Preorder renumbering, implemented for every node type (by the generated crate) and for `Box`, `Vec` and `Option`
/// of them.
pub trait Renumber {
    /// Gives this node (if it is one) ID `*next`, then its children in field order; advances `next`.
    fn renumber_preorder(&mut self, next: &mut u32);
}

impl<T: Renumber + ?Sized> Renumber for Box<T> {
    #[inline]
    fn renumber_preorder(&mut self, next: &mut u32) {
        (**self).renumber_preorder(next);
    }
}

impl<T: Renumber> Renumber for Vec<T> {
    #[inline]
    fn renumber_preorder(&mut self, next: &mut u32) {
        for item in self.iter_mut() {
            item.renumber_preorder(next);
        }
    }
}

impl<T: Renumber> Renumber for Option<T> {
    #[inline]
    fn renumber_preorder(&mut self, next: &mut u32) {
        if let Some(item) = self {
            item.renumber_preorder(next);
        }
    }
}

/// Hands out node IDs densely from 0, and renumbers a finished tree in preorder.
#[derive(Debug, Default, Clone)]
pub struct IdCounter {
    next: u32,
}

impl IdCounter {
    /// A counter whose first ID is 0.
    pub const fn new() -> Self {
        IdCounter { next: 0 }
    }

    /// How many IDs have been handed out (after [`IdCounter::renumber`]: the number of nodes in the tree).
    pub fn count(&self) -> usize {
        self.next as usize
    }

    /// The next ID. Inlined: every node constructor calls it, and a call per node measured in the parser.
    ///
    /// # Panics
    /// After `u32::MAX` nodes.
    #[inline]
    pub fn next_id(&mut self) -> NodeId {
        let id = NodeId::from_u32(self.next);
        self.next = self.next.checked_add(1).expect("more than u32::MAX nodes");
        id
    }

    /// Re-assigns the IDs of the tree under `root` in preorder (root = 0, children in schema field order) and
    /// returns the number of nodes; the counter continues from there.
    ///
    /// Recursive: a tree nested deeper than the stack allows overflows here as it would when dropped.
    pub fn renumber<N: Renumber + ?Sized>(&mut self, root: &mut N) -> usize {
        let mut next = 0u32;
        root.renumber_preorder(&mut next);
        self.next = next;
        next as usize
    }
}
