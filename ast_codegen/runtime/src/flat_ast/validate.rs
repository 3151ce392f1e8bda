//! The checks of [`FlatAst::from_parts`](super::FlatAst::from_parts).

use super::{FlatParts, Language};
use crate::{ChildField, FlatError, FlatErrorKind, NodeId};

/// An explicit depth-first walk from the root that expects each child at the next preorder index. Never panics and
/// never recurses; stops at the first problem.
pub(super) fn validate<L: Language>(parts: &FlatParts<L>) -> Result<(), FlatError> {
    let total = parts.nodes.len();
    let root = parts.nodes.first().ok_or(FlatError { node: None, kind: FlatErrorKind::Empty })?;
    if total >= u32::MAX as usize {
        return Err(FlatError { node: None, kind: FlatErrorKind::TooManyNodes });
    }
    if root.kind() != L::ROOT_KIND {
        return Err(FlatError::at(NodeId::ROOT, FlatErrorKind::WrongRootKind { found: L::kind_name(root.kind()) }));
    }
    // (child, the field holding it) waiting to be visited, next sibling on top.
    let mut stack: Vec<(u32, &'static str)> = vec![(0, "root")];
    let mut next: u32 = 0;
    while let Some((index, field)) = stack.pop() {
        let at = NodeId::from_u32(index);
        if index != next {
            return Err(FlatError::at(at, FlatErrorKind::NotPreorder { field, expected: next, found: index }));
        }
        // In bounds: `index == next` and `next` counts nodes visited, each once, so it stays below `total` (a
        // child index is checked against the nodes before it is pushed).
        let node = &parts.nodes[index as usize];
        next += 1;
        if let Err(kind) = L::check_overflow(&parts.overflow, &node.data) {
            return Err(FlatError::at(at, FlatErrorKind::OverflowOutOfRange { kind }));
        }
        if let Err(field) = L::check_strings(&node.data, &parts.overflow, &parts.strings) {
            return Err(FlatError::at(at, FlatErrorKind::BadString { field }));
        }
        let queued = stack.len();
        L::for_each_child_field(&node.data, at, &parts.overflow, |info| {
            let mut push = |child: NodeId| -> Result<(), FlatError> {
                let Some(child_node) = parts.nodes.get(child.index()) else {
                    let kind = FlatErrorKind::ChildOutOfRange { field: info.name, child: child.as_u32() };
                    return Err(FlatError::at(at, kind));
                };
                if !(info.accepts)(child_node.kind()) {
                    let kind = FlatErrorKind::KindMismatch { field: info.name, found: L::kind_name(child_node.kind()) };
                    return Err(FlatError::at(at, kind));
                }
                // A valid tree never has more pending children than unvisited nodes; this bounds the work a corrupt
                // tree (one huge list shared by many nodes) can cause.
                if stack.len() >= total - next as usize {
                    return Err(FlatError::at(at, FlatErrorKind::TooManyChildren { field: info.name }));
                }
                stack.push((child.as_u32(), info.name));
                Ok(())
            };
            let list_error = || FlatError::at(at, FlatErrorKind::ListOutOfRange { field: info.name });
            match info.field {
                ChildField::One(child) => push(child),
                ChildField::Optional(child) => child.get().map_or(Ok(()), &mut push),
                ChildField::MaybeList(None) => Ok(()),
                ChildField::List(range) | ChildField::MaybeList(Some(range)) => {
                    range.slice(&parts.child_ids).ok_or_else(list_error)?.iter().try_for_each(|&child| push(child))
                }
                ChildField::OptionalList(range) => range
                    .slice(&parts.optional_child_ids)
                    .ok_or_else(list_error)?
                    .iter()
                    .filter_map(|child| child.get())
                    .try_for_each(&mut push),
            }
        })?;
        stack[queued..].reverse();
    }
    if next as usize != total {
        let kind = FlatErrorKind::UnreachableNodes { reachable: next, total: total as u32 };
        return Err(FlatError { node: None, kind });
    }
    Ok(())
}
