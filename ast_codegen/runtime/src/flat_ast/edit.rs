//! Editing a [`FlatAst`]: the answer to the flat tree's "what about `VisitMut`?".
//!
//! Two kinds of edits, because they cost differently:
//!
//! - **In place** (nothing changes shape): values, strings and spans of a node are rewritten where they are, through
//!   the generated typed mutable views (`flat::view_mut::X`, setters per value and string field) and the generated
//!   `FlatVisitMut` (a linear scan, no recursion). They rest on [`FlatAst::edit_node`]. A changed string is
//!   appended to the string buffer; the old bytes stay until [`FlatAst::compacted`].
//! - **Structural** (replace a subtree, remove or insert list elements, wrap a node, set or clear an optional
//!   child, append to a list): recorded by an [`Editor`] as pending edits keyed by node ID, then
//!   [`Editor::commit`] writes a new, normal tree (preorder, dense IDs, valid) in time linear in the tree at worst,
//!   with no recursion. Two ways:
//!   - Without wraps, every surviving old node keeps its place relative to the others, so the commit copies each
//!     subtree that holds no edit as one block and rewrites only the edited nodes' ancestors and the new subtrees
//!     (`forward.rs`): a few edits cost little more than copying the buffers.
//!   - With wraps, the old tree in reverse preorder is a valid children-before-parents order, so the commit scans
//!     it backwards once and pushes every surviving node into the editor's [`FlatBuilder`] with its references
//!     mapped (the generated [`Language::relocate`], lists rebuilt with their removals and insertions, new subtrees
//!     spliced in), then lets the builder finish (one more pass into preorder). This way also writes
//!     [`FlatAst::compacted`].
//!
//!   New subtrees are built beforehand in the editor's builder, through the generated `AstBuild` interface.
//!
//! Misuse (an edit on a node a pending edit removes, two edits that both decide a node's fate, a required child
//! removed, a child of a kind its field does not hold) is an [`EditError`], never a silently wrong tree.

use core::fmt;

use rustc_hash::FxHashMap;

use super::build::{Built, FlatBuilder};
use super::{FlatAst, Language, Relocate};
use crate::{ChildField, IdRange, ListEntry, NodeId, NodeIdVec, OptionalNodeId, Span, StrRef};

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
    /// The node has no child field of this name and shape (an optional child, or a present list).
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
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoSuchNode(id) => write!(f, "node {} is not in the tree: edit IDs of the tree the editor was made from", id.as_u32()),
            EditError::Conflict { node } => {
                write!(f, "two edits decide the fate of node {} (replace, remove or wrap it once)", node.as_u32())
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
                    "node {} has no child field `{field}` of the shape the edit needs (an optional child for `set_optional` / \
                     `clear_optional`, a list for `push_to_list`; an absent `Option<Vec<_>>` cannot be filled yet): \
                     check the field name in the schema",
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
        let mut builder = FlatBuilder::new();
        // A commit without edits cannot fail: every node keeps its children.
        match commit_edits(self, &mut builder, Edits::default(), Way::Compact) {
            Ok(done) => done.ast,
            Err(e) => unreachable!("a commit without edits failed: {e}"),
        }
    }
}

/// What one node's pending edit does to the node itself.
pub(super) enum Action<L: Language> {
    /// Put a node built in the editor's builder in its place (its subtree is dropped).
    Replace(u32),
    /// Drop it (and its subtree) from its list or optional field.
    Remove,
    /// Keep it, under a new parent the closure builds from its handle.
    Wrap(Wrapper<L>),
}

/// The closure of [`Editor::wrap`], on raw build IDs.
type Wrapper<L> = Box<dyn FnOnce(&mut FlatBuilder<L>, u32) -> u32>;

/// Everything pending on one node.
pub(super) struct NodeEdit<L: Language> {
    pub(super) action: Option<Action<L>>,
    /// Build IDs inserted before the node in its list, in order.
    pub(super) before: Vec<u32>,
    /// Build IDs inserted after the node in its list, in order.
    pub(super) after: Vec<u32>,
    /// Children for absent optional fields or appended to lists: (the field's number among its parent's optional
    /// children or lists, as [`Language::relocate`] visits them, optional?, build ID).
    pub(super) fills: Vec<(u8, bool, u32)>,
}

impl<L: Language> Default for NodeEdit<L> {
    fn default() -> Self {
        NodeEdit { action: None, before: Vec::new(), after: Vec::new(), fills: Vec::new() }
    }
}

/// The pending edits of an [`Editor`], by old node ID.
struct Edits<L: Language> {
    by_node: FxHashMap<u32, NodeEdit<L>>,
}

impl<L: Language> Default for Edits<L> {
    fn default() -> Self {
        Edits { by_node: FxHashMap::default() }
    }
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
/// (through the generated `AstBuild` interface, or `BuildCopy` from a boxed node) and handed over as [`Built`]
/// handles; edits name old nodes by their IDs in the tree being edited. A handle cast to a type it is not
/// (`Built::cast`) inside a new subtree is an [`EditError::CastHandle`] at the commit.
pub struct Editor<'a, L: Language> {
    ast: &'a FlatAst<L>,
    builder: FlatBuilder<L>,
    edits: Edits<L>,
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

    fn set_action(&mut self, id: NodeId, action: Action<L>) -> Result<(), EditError> {
        self.check(id)?;
        let edit = self.edits.by_node.entry(id.as_u32()).or_default();
        if edit.action.is_some() {
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

    /// Wraps node `id` in a new parent: at the commit, `wrap` gets the builder and the node's new handle and
    /// returns the node to put in its place (the kind checks of the commit apply to it). A closure that does not
    /// use the handle drops the node: the ID map then says `None` for it.
    pub fn wrap<T: 'static, U: 'static>(
        &mut self,
        id: NodeId,
        wrap: impl FnOnce(&mut FlatBuilder<L>, Built<T>) -> Built<U> + 'static,
    ) -> Result<(), EditError> {
        let wrapper: Wrapper<L> =
            Box::new(move |builder, child| crate::GetNodeId::node_id(&wrap(builder, Built::new(child))).as_u32());
        self.set_action(id, Action::Wrap(wrapper))
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
        match self.field(parent, field, true)? {
            (_, Some(present)) => self.set_action(present, Action::Replace(child)),
            (number, None) => {
                let edit = self.edits.by_node.entry(parent.as_u32()).or_default();
                if edit.fills.iter().any(|&(n, optional, _)| optional && n == number) {
                    return Err(EditError::Conflict { node: parent });
                }
                edit.fills.push((number, true, child));
                Ok(())
            }
        }
    }

    /// Clears the optional child field `field` of node `parent` (nothing to do when it is absent).
    pub fn clear_optional(&mut self, parent: NodeId, field: &str) -> Result<(), EditError> {
        match self.field(parent, field, true)? {
            (_, Some(present)) => self.remove(present),
            (_, None) => Ok(()),
        }
    }

    /// Appends `child` to the list field `field` of node `parent` (after every element and every insertion).
    pub fn push_to_list<T>(&mut self, parent: NodeId, field: &str, child: Built<T>) -> Result<(), EditError> {
        let child = self.handle(child)?;
        let (number, _) = self.field(parent, field, false)?;
        self.edits.by_node.entry(parent.as_u32()).or_default().fills.push((number, false, child));
        Ok(())
    }

    /// The number of field `name` of node `parent` among its optional children (`optional`) or its present lists,
    /// in the order [`Language::relocate`] visits them, with the child present there.
    fn field(&self, parent: NodeId, name: &str, optional: bool) -> Result<(u8, Option<NodeId>), EditError> {
        let node = self.ast.node(parent).ok_or(EditError::NoSuchNode(parent))?;
        let mut number = 0u8;
        let mut found = None;
        let _ = L::for_each_child_field(&node.data, parent, &self.ast.overflow, |info| {
            let matches = match info.field {
                ChildField::Optional(id) if optional => Some(id.get()),
                ChildField::List(_) | ChildField::OptionalList(_) if !optional => Some(None),
                _ => None,
            };
            if let Some(present) = matches {
                if info.name == name {
                    found = Some((number, present));
                    return Err(());
                }
                number = number.saturating_add(1);
            }
            Ok(())
        });
        found.ok_or_else(|| EditError::NoSuchField { node: parent, field: name.to_string() })
    }

    /// Writes the edited tree (see the module docs for the two ways): linear in the tree and the edits, no
    /// recursion. The editor's checks that need the whole set of edits (an edit inside a removed subtree, a
    /// required child removed, a child of the wrong kind, a sibling of a node outside a list) fail here.
    pub fn commit(mut self) -> Result<Committed<L>, EditError> {
        commit_edits(self.ast, &mut self.builder, self.edits, Way::Fast)
    }
}

/// Per-node flags of the commit.
pub(super) const DEAD: u8 = 1;
pub(super) const EDITED: u8 = 2;

/// How a commit writes the new tree.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Untouched subtrees copied whole (`forward.rs`) when the edits allow it: fast, but what removed nodes held
    /// stays in the buffers.
    Fast,
    /// Every node rewritten through the builder: the buffers come out exactly as `from_boxed` writes them.
    Compact,
}

fn commit_edits<L: Language>(
    ast: &FlatAst<L>,
    builder: &mut FlatBuilder<L>,
    mut edits: Edits<L>,
    way: Way,
) -> Result<Committed<L>, EditError> {
    let n = ast.len();
    let mut flags = vec![0u8; n];
    // Removed and replaced subtrees: no edit may lie inside one. Sorted, the keys inside a subtree follow it, and
    // the subtrees of a valid set of edits are disjoint, so the last one opened is the only one to check.
    let mut keys: Vec<u32> = edits.by_node.keys().copied().collect();
    keys.sort_unstable();
    let mut open: Option<(u32, usize)> = None;
    for &key in &keys {
        if let Some((removed, end)) = open
            && (key as usize) < end
        {
            return Err(EditError::InsideRemoved { node: NodeId::from_u32(key), removed: NodeId::from_u32(removed) });
        }
        flags[key as usize] |= EDITED;
        let edit = edits.by_node.get(&key);
        if let Some(NodeEdit { action: Some(Action::Replace(_) | Action::Remove), fills, .. }) = edit {
            // A fill of the node's own fields would go with the node.
            if !fills.is_empty() {
                return Err(EditError::Conflict { node: NodeId::from_u32(key) });
            }
            let range = ast.subtree(NodeId::from_u32(key));
            flags[range.start + 1..range.end].iter_mut().for_each(|f| *f |= DEAD);
            open = Some((key, range.end));
        }
    }
    if way == Way::Fast && super::forward::applies(&edits.by_node) {
        let (ast, ids) = super::forward::commit(ast, builder, &edits.by_node, &flags, &keys)?;
        return Ok(Committed { ast, ids });
    }
    // Per old node: what its parent takes (a build ID; `u32::MAX` when removed) and its own build ID.
    let mut taken = vec![u32::MAX; n];
    let mut own = vec![u32::MAX; n];
    // Per byte offset of a string in the old buffer, its number in the builder: the old tree's strings are already
    // shared, so each is interned (hashed) once, and every later reference is an index.
    let mut string_numbers = vec![u32::MAX; ast.strings.len()];
    // The new tree is about as large as the old one: no regrowing on the way.
    builder.nodes.reserve(n);
    builder.meta.reserve(n);
    builder.child_ids.reserve(ast.child_ids.len());
    builder.optional_child_ids.reserve(ast.optional_child_ids.len());
    // Reverse preorder puts every child before its parent: the order the builder needs.
    for i in (0..n).rev() {
        if flags[i] & DEAD != 0 {
            continue;
        }
        let action = if flags[i] & EDITED != 0 {
            edits.by_node.get_mut(&(i as u32)).and_then(|e| e.action.take())
        } else {
            None
        };
        let wrapper = match action {
            Some(Action::Remove) => continue,
            Some(Action::Replace(with)) => {
                taken[i] = with;
                continue;
            }
            Some(Action::Wrap(wrapper)) => Some(wrapper),
            None => None,
        };
        let node = &ast.nodes[i];
        let mut data = node.data.clone();
        // The payload moves to the builder's tables first; `relocate` then maps it there, in place.
        let mut overflow = core::mem::take(&mut builder.overflow);
        if !L::copy_overflow(&mut data, &ast.overflow, &mut overflow) {
            builder.overflow = overflow;
            return Err(EditError::NoSuchNode(NodeId::from_u32(i as u32)));
        }
        let mut mapper = Mapper {
            ast,
            builder: &mut *builder,
            flags: &flags,
            taken: &taken,
            edits: &edits,
            string_numbers: &mut string_numbers,
            current: i as u32,
            optionals: 0,
            lists: 0,
            error: None,
        };
        L::relocate(&mut data, &mut overflow, &mut mapper);
        let error = mapper.error.take();
        builder.overflow = overflow;
        if let Some(error) = error {
            return Err(error);
        }
        let built: Built<()> = builder.push(data, node.span);
        let index = crate::GetNodeId::node_id(&built).as_u32();
        own[i] = index;
        taken[i] = match wrapper {
            Some(wrap) => wrap(builder, index),
            None => index,
        };
    }
    let root = taken.first().copied().unwrap_or(u32::MAX);
    match builder.nodes.get(root as usize) {
        Some(node) if node.kind() == L::ROOT_KIND => {}
        Some(node) => {
            return Err(EditError::WrongKind { parent: NodeId::from_u32(0), kind: L::kind_name(node.kind()) });
        }
        None => return Err(EditError::BadHandle),
    }
    check_built(builder, root)?;
    let mut preorder_of = Vec::new();
    let ast = builder.finish_mapped(root, &mut preorder_of).ok_or(EditError::BadHandle)?;
    let ids = own
        .iter()
        .map(|&build| match preorder_of.get(build as usize) {
            Some(&id) if id != u32::MAX => OptionalNodeId::some(NodeId::from_u32(id)),
            _ => OptionalNodeId::NONE,
        })
        .collect();
    Ok(Committed { ast, ids: NodeIdVec::from_vec(ids) })
}

/// The commit's [`Relocate`]: maps the references of old node `current` to build IDs in the builder, claiming
/// each child there (which sums the new subtree's size), rebuilding lists with their insertions and removals.
struct Mapper<'e, 'a, L: Language> {
    ast: &'a FlatAst<L>,
    builder: &'e mut FlatBuilder<L>,
    flags: &'e [u8],
    taken: &'e [u32],
    edits: &'e Edits<L>,
    string_numbers: &'e mut [u32],
    current: u32,
    /// Optional child fields and lists seen so far in this node: the numbers fills are keyed by.
    optionals: u8,
    lists: u8,
    /// The first error; the pass goes on with dummies and the commit reports it.
    error: Option<EditError>,
}

impl<L: Language> Mapper<'_, '_, L> {
    fn fail(&mut self, error: EditError) {
        self.error.get_or_insert(error);
    }

    /// Takes build node `build` as a child of the node being pushed, after checking its kind.
    fn take_new(&mut self, build: u32, accepts: fn(L::Kind) -> bool) {
        let Some(kind) = self.builder.nodes.get(build as usize).map(super::Node::kind) else {
            return self.fail(EditError::BadHandle);
        };
        if !accepts(kind) {
            return self
                .fail(EditError::WrongKind { parent: NodeId::from_u32(self.current), kind: L::kind_name(kind) });
        }
        match self.builder.try_claim(build) {
            Some(size) => self.builder.pending.size += size,
            None => self.fail(EditError::BadHandle),
        }
    }

    /// The edit pending on old node `old`, if any.
    fn edit(&self, old: u32) -> Option<&NodeEdit<L>> {
        if self.flags.get(old as usize).is_some_and(|f| f & EDITED != 0) { self.edits.by_node.get(&old) } else { None }
    }

    /// Takes old node `old` (what replaced it) as a child outside a list; `None` when it was removed.
    fn take_single(&mut self, old: u32, accepts: fn(L::Kind) -> bool) -> Option<u32> {
        if self.edit(old).is_some_and(|e| !e.before.is_empty() || !e.after.is_empty()) {
            self.fail(EditError::NotInList { node: NodeId::from_u32(old) });
        }
        let build = self.taken.get(old as usize).copied().filter(|&b| b != u32::MAX)?;
        self.take_new(build, accepts);
        Some(build)
    }

    /// The fill of this node's optional field or list number `number`.
    fn fills(&self, number: u8, optional: bool) -> Vec<u32> {
        self.edit(self.current)
            .map(|e| e.fills.iter().filter(|f| f.0 == number && f.1 == optional).map(|f| f.2).collect())
            .unwrap_or_default()
    }

    /// The new entries of a list: per old entry its insertions and itself (unless removed), then the appended.
    fn entries(&mut self, old: impl Iterator<Item = Option<u32>>, accepts: fn(L::Kind) -> bool) -> Vec<Option<u32>> {
        let number = self.lists;
        self.lists = self.lists.saturating_add(1);
        let mut out = Vec::new();
        for entry in old {
            let Some(old) = entry else {
                out.push(None);
                continue;
            };
            let edit = self.edit(old);
            let (before, after) = edit.map_or((Vec::new(), Vec::new()), |e| (e.before.clone(), e.after.clone()));
            out.extend(before.iter().map(|&b| Some(b)));
            if let Some(&build) = self.taken.get(old as usize).filter(|&&b| b != u32::MAX) {
                out.push(Some(build));
            }
            out.extend(after.iter().map(|&b| Some(b)));
        }
        out.extend(self.fills(number, false).into_iter().map(Some));
        for build in out.iter().flatten() {
            self.take_new(*build, accepts);
        }
        out
    }
}

impl<L: Language> Relocate<L> for Mapper<'_, '_, L> {
    fn implied(&mut self, accepts: fn(L::Kind) -> bool) {
        let child = self.current + 1;
        match self.take_single(child, accepts) {
            Some(build) => self.builder.pending.implied = build,
            None => self.fail(EditError::RequiredChild { node: NodeId::from_u32(child) }),
        }
    }

    fn child(&mut self, id: NodeId, accepts: fn(L::Kind) -> bool) -> NodeId {
        match self.take_single(id.as_u32(), accepts) {
            Some(build) => NodeId::from_u32(build),
            None => {
                self.fail(EditError::RequiredChild { node: id });
                id
            }
        }
    }

    fn optional_child(&mut self, id: OptionalNodeId, accepts: fn(L::Kind) -> bool) -> OptionalNodeId {
        let number = self.optionals;
        self.optionals = self.optionals.saturating_add(1);
        let build = match id.get() {
            Some(old) => self.take_single(old.as_u32(), accepts),
            None => self.fills(number, true).first().copied().inspect(|&build| self.take_new(build, accepts)),
        };
        build.map_or(OptionalNodeId::NONE, |build| OptionalNodeId::some(NodeId::from_u32(build)))
    }

    fn list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let ast = self.ast;
        let old = ast.id_list(list);
        // The common case, no edit in or on the list: its entries map one to one, with no scratch list.
        if self.edit(self.current).is_none() && old.iter().all(|id| self.flags.get(id.index()) == Some(&0)) {
            self.lists = self.lists.saturating_add(1);
            if old.is_empty() {
                return IdRange::EMPTY;
            }
            let start = self.builder.child_ids.len();
            self.builder.child_ids.push(NodeId::from_len(old.len() as u32));
            for id in old {
                let build = self.taken.get(id.index()).copied().unwrap_or(u32::MAX);
                self.take_new(build, accepts);
                self.builder.child_ids.push(NodeId::from_u32(build));
            }
            return IdRange::at(start as u32);
        }
        let old = old.iter().map(|id| Some(id.as_u32()));
        let entries = self.entries(old, accepts);
        let ids = entries.into_iter().map(|b| NodeId::from_u32(b.unwrap_or(u32::MAX)));
        IdRange::append(&mut self.builder.child_ids, ids)
    }

    fn optional_list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        let old = self.ast.optional_id_list(list).iter().map(|id| id.get().map(NodeId::as_u32));
        let entries = self.entries(old, accepts);
        let ids =
            entries.into_iter().map(|b| b.map_or(OptionalNodeId::NONE, |b| OptionalNodeId::some(NodeId::from_u32(b))));
        IdRange::append(&mut self.builder.optional_child_ids, ids)
    }

    fn string(&mut self, s: StrRef) -> StrRef {
        match self.string_numbers.get_mut(s.offset() as usize) {
            Some(number) if *number != u32::MAX => StrRef::at(*number),
            Some(number) => {
                let interned = self.builder.intern(self.ast.string(s));
                *number = interned.offset();
                interned
            }
            None => self.builder.intern(self.ast.string(s)),
        }
    }
}

/// Checks `root` and every node of `builder` that a parent took: its children have kinds their fields take and its lists,
/// strings and payload are in the builder. What lets the builder path of a commit finish without the builder's
/// panics (the forward path checks the same as it writes).
fn check_built<L: Language>(builder: &FlatBuilder<L>, root: u32) -> Result<(), EditError> {
    let mut check = KindCheck { builder, current: 0, error: None };
    let mut payload = L::Overflow::default();
    for (index, node) in builder.nodes.iter().enumerate() {
        if index != root as usize && !builder.meta.get(index).is_some_and(|meta| meta.is_taken()) {
            continue;
        }
        let mut data = node.data.clone();
        if !L::copy_overflow(&mut data, &builder.overflow, &mut payload) {
            return Err(EditError::BadHandle);
        }
        check.current = index as u32;
        L::relocate(&mut data, &mut payload, &mut check);
        L::truncate_overflow(&mut payload, &data);
        if let Some(error) = check.error.take() {
            return Err(error);
        }
    }
    Ok(())
}

/// [`check_built`], one node: the references of build node `current`, checked and kept.
struct KindCheck<'b, L: Language> {
    builder: &'b FlatBuilder<L>,
    current: u32,
    error: Option<EditError>,
}

impl<L: Language> KindCheck<'_, L> {
    fn check(&mut self, child: u32, accepts: fn(L::Kind) -> bool) {
        let error = match self.builder.nodes.get(child as usize).map(super::Node::kind) {
            Some(kind) if accepts(kind) => return,
            Some(kind) => EditError::CastHandle { kind: L::kind_name(kind) },
            None => EditError::BadHandle,
        };
        self.error.get_or_insert(error);
    }

    fn entries<E: ListEntry>(&mut self, list: IdRange, from: &[E]) -> Option<Vec<E>> {
        let entries = list.slice(from).map(<[E]>::to_vec);
        if entries.is_none() {
            self.error.get_or_insert(EditError::BadHandle);
        }
        entries
    }
}

impl<L: Language> Relocate<L> for KindCheck<'_, L> {
    fn implied(&mut self, accepts: fn(L::Kind) -> bool) {
        let implied = self.builder.meta.get(self.current as usize).map_or(u32::MAX, |meta| meta.implied);
        self.check(implied, accepts);
    }

    fn child(&mut self, id: NodeId, accepts: fn(L::Kind) -> bool) -> NodeId {
        self.check(id.as_u32(), accepts);
        id
    }

    fn list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        for id in self.entries(list, &self.builder.child_ids).unwrap_or_default() {
            self.check(id.as_u32(), accepts);
        }
        list
    }

    fn optional_list(&mut self, list: IdRange, accepts: fn(L::Kind) -> bool) -> IdRange {
        for id in self
            .entries(list, &self.builder.optional_child_ids)
            .unwrap_or_default()
            .into_iter()
            .flat_map(OptionalNodeId::get)
        {
            self.check(id.as_u32(), accepts);
        }
        list
    }

    fn string(&mut self, s: StrRef) -> StrRef {
        if self.builder.strings.get(s.offset()).is_none() {
            self.error.get_or_insert(EditError::BadHandle);
        }
        s
    }
}
