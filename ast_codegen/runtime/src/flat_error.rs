//! What flat-tree validation reports ([`FlatError`]) and the stored child fields it checks ([`ChildField`]).

use core::fmt;

use crate::{IdRange, NodeId, OptionalNodeId};

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
    /// A list of children that may be absent (`Option<Vec<N>>`): `None` when absent, else like [`ChildField::List`].
    MaybeList(Option<IdRange>),
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
    /// A node keeps its payload in an overflow table, at an index past the table's end.
    OverflowOutOfRange {
        /// The node's type.
        kind: &'static str,
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
            FlatErrorKind::OverflowOutOfRange { kind } => {
                write!(f, "the {kind} payload's index is past the end of its overflow table")
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
    fn errors_name_the_node_and_the_problem() {
        let e = FlatError::at(NodeId::from_u32(3), FlatErrorKind::KindMismatch { field: "left", found: "Program" });
        assert_eq!(e.to_string(), "invalid flat tree at node 3: field `left` cannot hold a Program");
    }
}
