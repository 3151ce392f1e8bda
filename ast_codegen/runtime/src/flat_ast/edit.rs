//! Editing a [`FlatAst`]: the answer to the flat tree's "what about `VisitMut`?".
//!
//! Two kinds of edits, because they cost differently:
//!
//! - **In place** (nothing changes shape): values, strings and spans of a node are rewritten where they are, through
//!   the generated typed mutable views (`flat::view_mut::X`, setters per value and string field) and the generated
//!   `FlatVisitMut` (a linear scan, no recursion). They rest on [`FlatAst::edit_node`]. A changed string is
//!   appended to the string buffer; the old bytes stay until [`FlatAst::compacted`].
//! - **Structural** (replace a subtree, remove or insert list elements, move a subtree, wrap a node, set or clear
//!   an optional child, append to a list): recorded by an [`Editor`] as pending edits keyed by node ID, then
//!   [`Editor::commit`] writes a new, normal tree (preorder, dense IDs, valid) in time linear in the tree at worst,
//!   with no recursion. The commit checks the edits here; `forward.rs` then copies every subtree that holds no
//!   edit as one block and rewrites only the edited nodes' ancestors and the new subtrees: a few edits cost little
//!   more than copying the buffers. New subtrees are built beforehand in the editor's builder, through the
//!   generated `AstBuild` interface; a taken old subtree ([`Editor::take`]) is a handle there like any other, and
//!   [`Editor::wrap`] is a take and a replace.
//!
//! Misuse (an edit on a node a pending edit removes, two edits that both decide a node's fate, a required child
//! removed, a child of a kind its field does not hold) is an [`EditError`], never a silently wrong tree.

use core::fmt;

use rustc_hash::FxHashMap;

use super::build::{Built, FlatBuilder};
use super::{FlatAst, Language};
use crate::{ChildField, NodeId, NodeIdVec, OptionalNodeId, Span};

/// Why an edit cannot be recorded or committed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EditError {
    /// The ID is not a node of the tree.
    NoSuchNode(NodeId),
    /// Two edits both decide what becomes of this node (replaced twice, removed and replaced, ...).
    Conflict {
        /// The node.
        node: NodeId,
    },
    /// An edit on a node inside a subtree that another edit removes or replaces.
    InsideRemoved {
        /// The edited node.
        node: NodeId,
        /// The removed or replaced ancestor.
        removed: NodeId,
    },
    /// The root cannot be removed, nor have siblings inserted.
    Root,
    /// A required child would be left empty (removing `if (a);`'s body): replace it instead.
    RequiredChild {
        /// The removed node.
        node: NodeId,
    },
    /// Insertion next to a node that is not an element of a list.
    NotInList {
        /// The node.
        node: NodeId,
    },
    /// The node has no child field of this name and the shape the edit needs.
    NoSuchField {
        /// The parent.
        node: NodeId,
        /// The field name asked for.
        field: String,
    },
    /// A new child's type is not one its field holds.
    WrongKind {
        /// The parent in the old tree.
        parent: NodeId,
        /// The kind of the new child.
        kind: &'static str,
    },
    /// A new node holds a child of a kind its field does not take: a handle cast (`Built::cast`) to a type it is
    /// not.
    CastHandle {
        /// The kind of the child.
        kind: &'static str,
    },
    /// A handle not made by this editor's builder, or used twice.
    BadHandle,
    /// A taken node ([`Editor::take`]) put inside its own subtree.
    IntoItself {
        /// The taken node.
        node: NodeId,
    },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoSuchNode(id) => write!(f, "node {} is not in the tree: edit IDs of the tree the editor was made from", id.as_u32()),
            EditError::Conflict { node } => {
                write!(
                    f,
                    "two edits decide the fate of node {} (replace, remove, take or wrap it once; set or clear a field \
                     once, and clear a list before adding to it)",
                    node.as_u32()
                )
            }
            EditError::InsideRemoved { node, removed } => write!(
                f,
                "node {} is edited, but node {} (its ancestor) is removed or replaced",
                node.as_u32(),
                removed.as_u32()
            ),
            EditError::Root => f.write_str("the root cannot be removed or have siblings: replace it, or edit its children"),
            EditError::RequiredChild { node } => {
                write!(f, "node {} is a required child: replace it rather than remove it", node.as_u32())
            }
            EditError::NotInList { node } => write!(f, "node {} is not an element of a list: insert next to a list element, or `push_to_list` on the parent", node.as_u32()),
            EditError::NoSuchField { node, field } => {
                write!(
                    f,
                    "node {} has no child field `{field}` of the shape the edit needs (an optional child for \
                     `set_optional`, an optional child or an `Option<Vec<_>>` for `clear_optional`, a list for \
                     `push_to_list`): check the field name in the schema",
                    node.as_u32()
                )
            }
            EditError::WrongKind { parent, kind } => {
                write!(f, "a {kind} cannot be a child of node {} in that field: build a node of a kind the field accepts", parent.as_u32())
            }
            EditError::CastHandle { kind } => write!(
                f,
                "a new node holds a {kind} in a field that does not take it: a handle was cast (`Built::cast`) to a \
                 type it is not; use `downcast`, which checks"
            ),
            EditError::IntoItself { node } => write!(
                f,
                "node {} is taken and put inside its own subtree: put it outside, or take the part that goes inside",
                node.as_u32()
            ),
            EditError::BadHandle => f.write_str("a handle not built by this editor's builder, or used twice: build each new node once, in `editor.builder()`"),
        }
    }
}

impl std::error::Error for EditError {}

/// A typed mutable view of one node type (the generated `flat::view_mut::X`): [`FlatAst::view_mut`] makes it.
pub trait FlatViewMut<'a>: Sized {
    /// The language of the tree.
    type Lang: Language;

    /// The mutable view of node `id` of `ast` when it exists and has this type.
    fn from_id_mut(ast: &'a mut FlatAst<Self::Lang>, id: NodeId) -> Option<Self>;
}

impl<L: Language> FlatAst<L> {
    /// The mutable view of node `id` when it exists and has type `V`: its setters edit values, strings and the span
    /// in place.
    pub fn view_mut<'a, V: FlatViewMut<'a, Lang = L>>(&'a mut self, id: NodeId) -> Option<V> {
        V::from_id_mut(self, id)
    }

    /// Lends node `id`'s data, span, the overflow tables and the string buffer to `f`: what the generated setters
    /// of `flat::view_mut` are written on. `None` when there is no such node.
    ///
    /// Only values, spans and string references may change here: a changed child ID, list range or overflow
    /// index would make the tree invalid, which is why user code goes through the typed setters instead.
    #[doc(hidden)]
    pub fn edit_node<R>(
        &mut self,
        id: NodeId,
        f: impl FnOnce(&mut L::Data, &mut Span, &mut L::Overflow, &mut String) -> R,
    ) -> Option<R> {
        let node = self.nodes.get_mut(id.index())?;
        Some(f(&mut node.data, &mut node.span, &mut self.overflow, &mut self.strings))
    }

    /// Sets the span of node `id`; false when there is no such node.
    pub fn set_span(&mut self, id: NodeId, span: Span) -> bool {
        self.nodes.get_mut(id.index()).map(|node| node.span = span).is_some()
    }

    /// The same tree with its buffers compacted: what in-place edits replaced and what commits left unused
    /// (removed nodes' lists, strings and payloads) is dropped, and the buffers come out exactly as
    /// `FlatAst::from_boxed` writes them ([`FlatAst::same_layout`] then holds). It costs about as much as
    /// `from_boxed`.
    pub fn compacted(&self) -> Self {
        super::compact::compacted(self)
    }
}

/// What one node's pending edit puts in its place.
#[derive(Clone, Copy)]
pub(super) enum Action {
    /// A node built in the editor's builder (the old subtree goes, unless it is taken).
    Replace(u32),
    /// Nothing: the node leaves its list or optional field (with its subtree).
    Remove,
}

/// Everything pending on one node.
#[derive(Default)]
pub(super) struct NodeEdit {
    pub(super) action: Option<Action>,
    /// For a node [`Editor::take`] took: its stand-in, the build node whose place the old subtree takes. Its own
    /// place is then empty unless `action` replaces it.
    pub(super) taken: Option<u32>,
    /// Build IDs inserted before the node in its list, in order.
    pub(super) before: Vec<u32>,
    /// Build IDs inserted after the node in its list, in order.
    pub(super) after: Vec<u32>,
    /// Children for absent optional fields or appended to lists: (the field's number among its parent's optional
    /// children or lists, as [`Language::relocate`] visits them, optional?, build ID).
    pub(super) fills: Vec<(u8, bool, u32)>,
    /// Lists that may be absent (`Option<Vec<_>>`) cleared by [`Editor::clear_optional`], by their number among
    /// the lists: absent in the new tree unless something is inserted or appended.
    pub(super) cleared: Vec<u8>,
}

impl NodeEdit {
    /// True when the edit changes the node's own fields (fills or clears): the node must be rewritten.
    pub(super) fn changes_fields(&self) -> bool {
        !self.fills.is_empty() || !self.cleared.is_empty()
    }

    /// True when the edit concerns the node's place in its parent (what goes there, and next to it).
    pub(super) fn changes_place(&self) -> bool {
        self.action.is_some() || self.taken.is_some() || !self.before.is_empty() || !self.after.is_empty()
    }

    /// True when the node leaves its place (removed, replaced or taken): its old subtree is not written there.
    pub(super) fn leaves_place(&self) -> bool {
        self.action.is_some() || self.taken.is_some()
    }
}

/// The pending edits of an [`Editor`], by old node ID.
#[derive(Default)]
struct Edits {
    by_node: FxHashMap<u32, NodeEdit>,
}

/// The result of [`Editor::commit`]: the new tree and where each old node went.
pub struct Committed<L: Language> {
    /// The new tree: preorder, dense IDs, valid; equal (`==`) to `FlatAst::from_boxed` of the boxed tree the same
    /// edits give. Its buffers may keep what removed nodes held; [`FlatAst::compacted`] drops that.
    pub ast: FlatAst<L>,
    /// Per old node, its ID in the new tree; `None` for removed and replaced nodes (and their subtrees).
    pub ids: NodeIdVec<OptionalNodeId>,
}

impl<L: Language> fmt::Debug for Committed<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Committed").field("ast", &self.ast).finish_non_exhaustive()
    }
}

impl<L: Language> Committed<L> {
    /// Carries a side table of the old tree over to the new one in one pass: each surviving node keeps its entry,
    /// nodes the edits made get `fill`.
    pub fn carry<T: Clone>(&self, old: &NodeIdVec<T>, fill: T) -> NodeIdVec<T> {
        let mut new = NodeIdVec::with_len(self.ast.len(), fill);
        for (old_id, value) in old.iter() {
            if let Some(slot) = self.ids.get(old_id).and_then(|id| id.get()).and_then(|id| new.get_mut(id)) {
                *slot = value.clone();
            }
        }
        new
    }
}

/// Structural edits of a tree, pending until [`Editor::commit`]. New nodes are built in [`Editor::builder`]
/// (through the generated `AstBuild` interface, `BuildCopy` from a boxed node, or
/// [`FlatBuilder::copy_subtree`] of an old subtree) and handed over as [`Built`]
/// handles; edits name old nodes by their IDs in the tree being edited. A handle cast to a type it is not
/// (`Built::cast`) inside a new subtree is an [`EditError::CastHandle`] at the commit.
pub struct Editor<'a, L: Language> {
    ast: &'a FlatAst<L>,
    builder: FlatBuilder<L>,
    edits: Edits,
}

impl<L: Language> fmt::Debug for Editor<'_, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Editor").field("edits", &self.edits.by_node.len()).finish_non_exhaustive()
    }
}

impl<'a, L: Language> Editor<'a, L> {
    /// An editor of `ast` with no edits.
    pub fn new(ast: &'a FlatAst<L>) -> Self {
        Editor { ast, builder: FlatBuilder::new(), edits: Edits::default() }
    }

    /// The tree being edited (unchanged until the commit).
    pub fn ast(&self) -> &'a FlatAst<L> {
        self.ast
    }

    /// The builder new nodes are built in; only its handles can be handed to the edits.
    pub fn builder(&mut self) -> &mut FlatBuilder<L> {
        &mut self.builder
    }

    /// True when no edit is pending.
    pub fn is_empty(&self) -> bool {
        self.edits.by_node.is_empty()
    }

    fn check(&self, id: NodeId) -> Result<(), EditError> {
        if id.index() < self.ast.len() { Ok(()) } else { Err(EditError::NoSuchNode(id)) }
    }

    fn set_action(&mut self, id: NodeId, action: Action) -> Result<(), EditError> {
        self.check(id)?;
        let edit = self.edits.by_node.entry(id.as_u32()).or_default();
        // A taken node's place may be filled (`replace`), not emptied twice.
        if edit.action.is_some() || (edit.taken.is_some() && matches!(action, Action::Remove)) {
            return Err(EditError::Conflict { node: id });
        }
        edit.action = Some(action);
        Ok(())
    }

    fn handle<T>(&self, built: Built<T>) -> Result<u32, EditError> {
        let index = crate::GetNodeId::node_id(&built).as_u32();
        if (index as usize) < self.builder.nodes.len() { Ok(index) } else { Err(EditError::BadHandle) }
    }

    /// Puts `with` (built in [`Editor::builder`]) in the place of node `id` and its subtree.
    pub fn replace<T>(&mut self, id: NodeId, with: Built<T>) -> Result<(), EditError> {
        let with = self.handle(with)?;
        self.set_action(id, Action::Replace(with))
    }

    /// Removes node `id` and its subtree: from its list, or from its optional field (which becomes absent). A
    /// required child cannot be removed ([`EditError::RequiredChild`] at the commit).
    pub fn remove(&mut self, id: NodeId) -> Result<(), EditError> {
        if id.index() == 0 {
            return Err(EditError::Root);
        }
        self.set_action(id, Action::Remove)
    }

    /// Takes node `id` and its subtree out of its place, to be put elsewhere: the handle returned stands for it
    /// in new nodes and edits (`replace`, `insert_before` / `insert_after`, `push_to_list`, `set_optional`, or a
    /// child of a node built in [`Editor::builder`]), and the commit writes the old subtree, with its own pending
    /// edits, where the handle is used. Its place is left empty, as by [`Editor::remove`], unless
    /// [`Editor::replace`] fills it. The ID map follows the moved nodes; a handle never used drops them.
    ///
    /// The handle's type is the caller's to choose (`Built<T>`): the commit checks the node's kind where it lands.
    /// Moving a node into its own subtree is [`EditError::IntoItself`] at the commit.
    pub fn take<T>(&mut self, id: NodeId) -> Result<Built<T>, EditError> {
        self.check(id)?;
        let edit = self.edits.by_node.entry(id.as_u32()).or_default();
        if edit.taken.is_some() || matches!(edit.action, Some(Action::Remove)) {
            return Err(EditError::Conflict { node: id });
        }
        // The stand-in is a leaf of the node's kind, never written: only its kind and its place are read. Its
        // payload is copied to the builder's tables, so that a rewind of the builder stays consistent.
        let node = &self.ast.nodes[id.index()];
        let mut data = node.data.clone();
        if !L::copy_overflow(&mut data, &self.ast.overflow, &mut self.builder.overflow) {
            return Err(EditError::NoSuchNode(id));
        }
        self.builder.pending = super::build::Meta::LEAF;
        let stand_in: Built<T> = self.builder.push(data, node.span);
        edit.taken = Some(crate::GetNodeId::node_id(&stand_in).as_u32());
        Ok(stand_in)
    }

    /// Wraps node `id` in a new parent: `wrap` gets the builder and the node's handle (see [`Editor::take`]) and
    /// returns the node to put in its place (the kind checks of the commit apply to it). A closure that does not
    /// use the handle drops the node: the ID map then says `None` for it.
    pub fn wrap<T, U>(
        &mut self,
        id: NodeId,
        wrap: impl FnOnce(&mut FlatBuilder<L>, Built<T>) -> Built<U>,
    ) -> Result<(), EditError> {
        if self.edits.by_node.get(&id.as_u32()).is_some_and(NodeEdit::leaves_place) {
            return Err(EditError::Conflict { node: id });
        }
        let node = self.take(id)?;
        let wrapper = wrap(&mut self.builder, node);
        let replaced = self.replace(id, wrapper);
        if replaced.is_err()
            && let Some(edit) = self.edits.by_node.get_mut(&id.as_u32())
        {
            // A failed wrap leaves no edit behind (the node would otherwise be taken and dropped).
            edit.taken = None;
        }
        replaced
    }

    /// Inserts `new` before node `id` in the list that holds it (several insertions keep their order).
    pub fn insert_before<T>(&mut self, id: NodeId, new: Built<T>) -> Result<(), EditError> {
        let new = self.handle(new)?;
        self.check_sibling(id)?;
        self.edits.by_node.entry(id.as_u32()).or_default().before.push(new);
        Ok(())
    }

    /// Inserts `new` after node `id` in the list that holds it (several insertions keep their order).
    pub fn insert_after<T>(&mut self, id: NodeId, new: Built<T>) -> Result<(), EditError> {
        let new = self.handle(new)?;
        self.check_sibling(id)?;
        self.edits.by_node.entry(id.as_u32()).or_default().after.push(new);
        Ok(())
    }

    fn check_sibling(&self, id: NodeId) -> Result<(), EditError> {
        self.check(id)?;
        if id.index() == 0 { Err(EditError::Root) } else { Ok(()) }
    }

    /// Sets the optional child field `field` of node `parent` to `child`, replacing a present child.
    pub fn set_optional<T>(&mut self, parent: NodeId, field: &str, child: Built<T>) -> Result<(), EditError> {
        let child = self.handle(child)?;
        let (number, field) = self.field(parent, field, Shape::Optional)?;
        if let ChildField::Optional(present) = field
            && let Some(present) = present.get()
        {
            return self.set_action(present, Action::Replace(child));
        }
        let edit = self.edits.by_node.entry(parent.as_u32()).or_default();
        if edit.fills.iter().any(|&(n, optional, _)| optional && n == number) {
            return Err(EditError::Conflict { node: parent });
        }
        edit.fills.push((number, true, child));
        Ok(())
    }

    /// Clears the optional field `field` of node `parent`: an optional child (nothing to do when it is absent), or
    /// a list that may be absent (`Option<Vec<_>>`), whose elements are removed and which becomes absent, unless
    /// something is inserted into it or appended to it later.
    pub fn clear_optional(&mut self, parent: NodeId, field: &str) -> Result<(), EditError> {
        match self.field(parent, field, Shape::Clearable)? {
            (_, ChildField::Optional(present)) => present.get().map_or(Ok(()), |present| self.remove(present)),
            (number, ChildField::MaybeList(list)) => {
                let elements = list.map_or(&[][..], |list| self.ast.id_list(list));
                let edit_of = |id: &NodeId| self.edits.by_node.get(&id.as_u32());
                // What was added to the list before the clear would have to go with it, and a replacement of an
                // element would be lost: both conflict, checked before anything is recorded.
                let appended = edit_of(&parent).is_some_and(|e| e.fills.iter().any(|f| !f.1 && f.0 == number));
                let kept = |e: &NodeEdit| {
                    !e.before.is_empty() || !e.after.is_empty() || matches!(e.action, Some(Action::Replace(_)))
                };
                if appended || elements.iter().filter_map(edit_of).any(kept) {
                    return Err(EditError::Conflict { node: parent });
                }
                for element in elements {
                    // Removed or taken, an element leaves the list already.
                    let edit = self.edits.by_node.entry(element.as_u32()).or_default();
                    if !edit.leaves_place() {
                        edit.action = Some(Action::Remove);
                    }
                }
                self.edits.by_node.entry(parent.as_u32()).or_default().cleared.push(number);
                Ok(())
            }
            _ => Err(EditError::NoSuchField { node: parent, field: field.to_string() }),
        }
    }

    /// Appends `child` to the list field `field` of node `parent` (after every element and every insertion); a
    /// list that may be absent (`Option<Vec<_>>`) and is becomes present.
    pub fn push_to_list<T>(&mut self, parent: NodeId, field: &str, child: Built<T>) -> Result<(), EditError> {
        let child = self.handle(child)?;
        let (number, _) = self.field(parent, field, Shape::List)?;
        self.edits.by_node.entry(parent.as_u32()).or_default().fills.push((number, false, child));
        Ok(())
    }

    /// Field `name` of node `parent` when it has the shape an edit needs, with its number among its parent's
    /// optional children or among its lists (in the order [`Language::relocate`] visits them), as stored.
    fn field(&self, parent: NodeId, name: &str, shape: Shape) -> Result<(u8, ChildField), EditError> {
        let node = self.ast.node(parent).ok_or(EditError::NoSuchNode(parent))?;
        let (mut optionals, mut lists) = (0u8, 0u8);
        let mut found = None;
        let _ = L::for_each_child_field(&node.data, parent, &self.ast.overflow, |info| {
            let number = match info.field {
                ChildField::One(_) => None,
                ChildField::Optional(_) => Some(&mut optionals),
                ChildField::List(_) | ChildField::OptionalList(_) | ChildField::MaybeList(_) => Some(&mut lists),
            };
            let Some(number) = number else { return Ok(()) };
            let fits = match (shape, info.field) {
                (Shape::Optional, field) => matches!(field, ChildField::Optional(_)),
                (Shape::Clearable, field) => matches!(field, ChildField::Optional(_) | ChildField::MaybeList(_)),
                (Shape::List, field) => !matches!(field, ChildField::Optional(_)),
            };
            if fits && info.name == name {
                found = Some((*number, info.field));
                return Err(());
            }
            *number = number.saturating_add(1);
            Ok(())
        });
        found.ok_or_else(|| EditError::NoSuchField { node: parent, field: name.to_string() })
    }

    /// Writes the edited tree (see the module docs): linear in the tree and the edits, no recursion. The editor's checks that need the whole set of edits (an edit inside a removed subtree, a
    /// required child removed, a child of the wrong kind, a sibling of a node outside a list) fail here.
    pub fn commit(mut self) -> Result<Committed<L>, EditError> {
        commit_edits(self.ast, &mut self.builder, self.edits)
    }
}

/// The shape of field an edit needs.
#[derive(Clone, Copy)]
enum Shape {
    /// An optional child (`set_optional`).
    Optional,
    /// An optional child or a list that may be absent (`clear_optional`).
    Clearable,
    /// A list (`push_to_list`).
    List,
}

/// The flag of [`Editor::commit`]'s per-node flags that marks a node with a pending edit (a cheap test before the
/// hash lookup).
pub(super) const EDITED: u8 = 1;

fn commit_edits<L: Language>(
    ast: &FlatAst<L>,
    builder: &mut FlatBuilder<L>,
    edits: Edits,
) -> Result<Committed<L>, EditError> {
    let mut flags = vec![0u8; ast.len()];
    let mut keys: Vec<u32> = edits.by_node.keys().copied().collect();
    keys.sort_unstable();
    // No edit may lie inside a removed or replaced subtree, except inside a subtree taken out of it (which lives on
    // elsewhere). Sorted, the keys inside a subtree follow it, so the subtrees open at a key nest: a stack of
    // (end, gone?, root).
    let mut open: Vec<(usize, bool, u32)> = Vec::new();
    for &key in &keys {
        while open.last().is_some_and(|&(end, ..)| key as usize >= end) {
            open.pop();
        }
        let Some(edit) = edits.by_node.get(&key) else { continue };
        let id = NodeId::from_u32(key);
        if let Some(&(_, true, removed)) = open.last() {
            // A take is all that may happen to a node whose place is gone; its fields travel with it.
            if edit.taken.is_none() || edit.action.is_some() || !edit.before.is_empty() || !edit.after.is_empty() {
                return Err(EditError::InsideRemoved { node: id, removed: NodeId::from_u32(removed) });
            }
        }
        if key == 0 && edit.taken.is_some() && edit.action.is_none() {
            return Err(EditError::Root);
        }
        flags[key as usize] |= EDITED;
        let end = || ast.subtree(id).end;
        if edit.taken.is_some() {
            open.push((end(), false, key));
        } else if edit.action.is_some() {
            // A fill or clear of the node's own fields would go with the node.
            if edit.changes_fields() {
                return Err(EditError::Conflict { node: id });
            }
            open.push((end(), true, key));
        }
    }
    let (ast, ids) = super::forward::commit(ast, builder, &edits.by_node, &flags, &keys)?;
    Ok(Committed { ast, ids })
}
