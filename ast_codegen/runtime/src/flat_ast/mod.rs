//! The schema-independent half of the flat encoding: [`FlatAst`], [`FlatParts`], [`Node`], navigation,
//! validation, the drivers of both conversions and the flat walk, generic over a [`Language`].
//!
//! A generated crate declares one marker type (an empty enum) and implements [`Language`] for it: the associated
//! types name its `NodeData`, `NodeKind`, overflow tables, boxed root and views, and the hooks do the per-type work
//! (one `match` over the node types each). Everything here is monomorphized into the generated crate, so the hooks
//! inline as if the code had been generated there; the generated crate names the result with type aliases
//! (`pub type FlatAst = ast_runtime::flat_ast::FlatAst<Lang>;`).
//!
//! [`FlatBuilder`] builds a tree directly, children before parents as a parser does, and puts it in preorder when
//! it finishes; the generated crate implements its `AstBuild` interface on it.
//!
//! Nothing here recurses along the tree: conversions, validation, navigation, the walk and finishing a built tree
//! use explicit stacks or plain loops, so trees of any depth work.

use core::fmt;

use crate::{ChildField, GetNodeId, GetSpan, NodeId, Span};

mod build;
mod build_strings;
mod compact;
mod convert;
mod edit;
mod equal;
mod finish;
mod forward;
mod navigate;
mod tree;
mod validate;
mod walk;

pub use build::{Built, FlatBuilder, FlatList};
pub use convert::{Flattener, Slot};
pub use edit::{Committed, EditError, Editor, FlatViewMut};
pub use finish::{OverflowOrder, PreorderPass, Relocate, bad_reference};
pub use tree::{FlatAst, FlatParts};
pub use walk::{WalkControl, Walker, walk_range};

/// One language's flat encoding: the types the generated crate defines and the per-type hooks the generic code
/// calls. Implemented by the generated crate on an uninhabited marker type; users never call the hooks.
pub trait Language: Sized + 'static {
    /// What one node holds (the generated `NodeData`: one variant per node type).
    type Data: Clone + fmt::Debug + PartialEq;
    /// The one-byte node type (the generated `NodeKind`).
    type Kind: Copy + Eq + fmt::Debug;
    /// The per-type tables of payloads too large to sit in a node (the generated `Overflow`).
    type Overflow: Clone + fmt::Debug + Default + PartialEq;
    /// The boxed tree's root type.
    type Root;
    /// A borrowed boxed node of any type (the generated `AstKind<'a>`): the unit of boxed -> flat.
    type Borrowed<'a>: Copy + GetNodeId + GetSpan;
    /// An owned boxed node of any type (the generated `OwnedNode`): the unit of flat -> boxed.
    type Owned;
    /// The typed view of any node (the generated `AnyView<'a>`).
    type AnyView<'a>;
    /// The view of the root node.
    type RootView<'a>: FlatView<'a, Lang = Self>;
    /// Which field of which node type a child sits in (the generated `ParentField`).
    type ParentField: Copy + Eq + fmt::Debug;

    /// The root's node type: validation rejects a tree whose node 0 has another.
    const ROOT_KIND: Self::Kind;

    /// The type of a node: the discriminant of its data.
    fn kind(data: &Self::Data) -> Self::Kind;

    /// The name of a node type, for errors.
    fn kind_name(kind: Self::Kind) -> &'static str;

    /// Calls `f` with each child-holding field of `data` (node `id`, large payloads in `overflow`) in schema order;
    /// stops at the first error. May panic when the payload index is outside `overflow` (never after
    /// [`Language::check_overflow`] accepted it).
    fn for_each_child_field<E>(
        data: &Self::Data,
        id: NodeId,
        overflow: &Self::Overflow,
        f: impl FnMut(ChildFieldInfo<Self>) -> Result<(), E>,
    ) -> Result<(), E>;

    /// Checks every string reference of `data` against `strings`; the error names the first bad field. May panic
    /// like [`Language::for_each_child_field`].
    fn check_strings(data: &Self::Data, overflow: &Self::Overflow, strings: &str) -> Result<(), &'static str>;

    /// Checks that the overflow index of `data` (when it has one) is inside its table; the error names the type.
    fn check_overflow(overflow: &Self::Overflow, data: &Self::Data) -> Result<(), &'static str>;

    /// Number of direct children of `node`, a node of `ast`.
    fn child_count(ast: &FlatAst<Self>, node: &Node<Self>) -> usize;

    /// Bytes the overflow tables hold on the heap.
    fn overflow_heap_bytes(overflow: &Self::Overflow) -> usize;

    /// Releases the overflow tables' spare capacity.
    fn shrink_overflow(overflow: &mut Self::Overflow);

    /// The boxed root as a borrowed node.
    fn borrow_root(root: &Self::Root) -> Self::Borrowed<'_>;

    /// Boxed -> flat, one node: queues the children of `node` (which gets `id`) on `out` in schema order and
    /// returns its data.
    fn flatten_node<'a>(out: &mut Flattener<'a, Self>, id: NodeId, node: Self::Borrowed<'a>) -> Self::Data;

    /// Writes `id` into child field number `field` (schema order) of `data`, whose payload may be in `overflow`.
    fn patch_field(data: &mut Self::Data, overflow: &mut Self::Overflow, field: u8, id: NodeId);

    /// Flat -> boxed, one node: rebuilds node `id` of `ast` from its children, which are on top of `stack` (first
    /// child on top). `None` when the stack does not hold what the node needs (never for a valid tree).
    fn rebuild(ast: &FlatAst<Self>, id: NodeId, node: &Node<Self>, stack: &mut Vec<Self::Owned>)
    -> Option<Self::Owned>;

    /// The owned node as the root type, if it is one.
    fn into_root(owned: Self::Owned) -> Option<Self::Root>;

    /// The typed view of `node`, node `id` of `ast`, whatever its type.
    fn any_view<'a>(ast: &'a FlatAst<Self>, id: NodeId, node: &'a Node<Self>) -> Self::AnyView<'a>;

    /// Finishing a [`FlatBuilder`], one node: maps every child ID, list and string reference of `data` (its payload
    /// in `overflow`, rewritten in place) through `to`, field by field in schema order, the implied first child
    /// first. Panics through [`bad_reference`] when the payload index is outside `overflow`.
    fn relocate<R: Relocate<Self>>(data: &mut Self::Data, overflow: &mut Self::Overflow, to: &mut R);

    /// Committing edits ([`Editor::commit`]), one node: when `data` keeps its payload in an overflow table, copies
    /// the payload from `from` to the end of the same table in `to` and points `data` at the copy. False when the
    /// index is outside `from` (never for a valid tree).
    fn copy_overflow(data: &mut Self::Data, from: &Self::Overflow, to: &mut Self::Overflow) -> bool;

    /// Rewinding a [`FlatBuilder`]: `data` is discarded, so its overflow payload (if it has one) and every later
    /// one of the same table go.
    fn truncate_overflow(overflow: &mut Self::Overflow, data: &Self::Data);

    /// Finishing a [`FlatBuilder`]: puts every overflow table in the preorder of the `nodes` that hold its payloads
    /// (renumbering their indices) and drops the payloads no node holds; see [`OverflowOrder`].
    fn reorder_overflow(nodes: &mut [Node<Self>], overflow: &mut Self::Overflow);
}

/// One node of a [`FlatAst`]: what it is and holds ([`Language::Data`]) and where it is in the source. The node's
/// own ID is its index; its subtree is the index range [`FlatAst::subtree`]. The parent is not stored (it would
/// cost 4 of every node's bytes): [`FlatAst::parent`] and [`FlatAst::parents`] derive it.
pub struct Node<L: Language> {
    /// The node's type and fields.
    pub data: L::Data,
    /// The node's source range.
    pub span: Span,
}

impl<L: Language> Node<L> {
    /// The node's type: the discriminant of its data.
    #[inline]
    pub fn kind(&self) -> L::Kind {
        L::kind(&self.data)
    }
}

// Written out rather than derived: a derive would demand `L: Clone` etc. of the marker type.
impl<L: Language> Clone for Node<L> {
    #[inline]
    fn clone(&self) -> Self {
        Node { data: self.data.clone(), span: self.span }
    }
}

/// `Copy` when the language's node data is (the generated `NodeData` is unless a payload kept in the node holds a
/// value type that is not): slices of nodes then copy as plain memory.
impl<L: Language> Copy for Node<L> where L::Data: Copy {}

impl<L: Language> fmt::Debug for Node<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Node").field("data", &self.data).field("span", &self.span).finish()
    }
}

impl<L: Language> PartialEq for Node<L> {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data && self.span == other.span
    }
}

/// One child-holding field of a node: its name, what it stores, and which kinds its children may have.
pub struct ChildFieldInfo<L: Language> {
    /// The schema field name.
    pub name: &'static str,
    /// The (node type, field) edge: what [`FlatAst::parent_field`] gives for the field's children.
    pub parent_field: L::ParentField,
    /// The stored child, optional child or list.
    pub field: ChildField,
    /// True for the kinds this field may hold.
    pub accepts: fn(L::Kind) -> bool,
}

impl<L: Language> Clone for ChildFieldInfo<L> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<L: Language> Copy for ChildFieldInfo<L> {}

impl<L: Language> fmt::Debug for ChildFieldInfo<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChildFieldInfo")
            .field("name", &self.name)
            .field("parent_field", &self.parent_field)
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

/// A typed view of one node type: [`FlatAst::view`] and [`FlatAst::iter_views`] produce it.
pub trait FlatView<'a>: Sized + Copy {
    /// The language of the tree viewed.
    type Lang: Language;

    /// The node type viewed.
    const KIND: <Self::Lang as Language>::Kind;

    /// The view of `node` (node `id` of `ast`) when it has this type.
    fn from_node(ast: &'a FlatAst<Self::Lang>, id: NodeId, node: &'a Node<Self::Lang>) -> Option<Self>;

    /// The view of node `id` of `ast` when it exists and has this type.
    #[inline]
    fn from_id(ast: &'a FlatAst<Self::Lang>, id: NodeId) -> Option<Self> {
        Self::from_node(ast, id, ast.node(id)?)
    }

    /// The node's ID.
    fn node_id(&self) -> NodeId;

    /// The tree.
    fn ast(&self) -> &'a FlatAst<Self::Lang>;

    /// The untyped handle of the node: its ID, type, span, parent and ancestors.
    #[inline]
    fn node(&self) -> NodeRef<'a, Self::Lang> {
        let (ast, id) = (self.ast(), self.node_id());
        NodeRef { ast, id, node: &ast.nodes()[id.index()] }
    }
}

/// An untyped handle to one node of a tree: what the flat visitor's `enter_node` / `leave_node` receive.
pub struct NodeRef<'a, L: Language> {
    /// The tree.
    pub ast: &'a FlatAst<L>,
    /// The node's ID.
    pub id: NodeId,
    /// The node.
    pub node: &'a Node<L>,
}

impl<L: Language> Clone for NodeRef<'_, L> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<L: Language> Copy for NodeRef<'_, L> {}

impl<L: Language> fmt::Debug for NodeRef<'_, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NodeRef").field("id", &self.id).field("node", self.node).finish_non_exhaustive()
    }
}

impl<'a, L: Language> NodeRef<'a, L> {
    /// The node's ID (its index in the tree).
    #[inline]
    pub fn node_id(&self) -> NodeId {
        self.id
    }

    /// The node's type.
    #[inline]
    pub fn node_kind(&self) -> L::Kind {
        self.node.kind()
    }

    /// The node's source range.
    #[inline]
    pub fn span(&self) -> Span {
        self.node.span
    }

    /// The typed view, whatever the type.
    #[inline]
    pub fn view(&self) -> L::AnyView<'a> {
        L::any_view(self.ast, self.id, self.node)
    }

    /// The parent's ID (`None` for the root); see [`FlatAst::parent`] for its cost.
    #[inline]
    pub fn parent_id(&self) -> Option<NodeId> {
        self.ast.parent(self.id)
    }

    /// The parent (`None` for the root); see [`FlatAst::parent`] for its cost.
    #[inline]
    pub fn parent(&self) -> Option<NodeRef<'a, L>> {
        self.ast.node_ref(self.parent_id()?)
    }

    /// The parent's typed view when the parent has type `V` (`None` for the root and for other parents).
    #[inline]
    pub fn parent_as<V: FlatView<'a, Lang = L>>(&self) -> Option<V> {
        self.ast.view(self.parent_id()?)
    }

    /// The field of its parent that holds this node (`None` for the root); see [`FlatAst::parent_field`].
    #[inline]
    pub fn parent_field(&self) -> Option<L::ParentField> {
        self.ast.parent_field(self.id)
    }

    /// The ancestors, nearest first, ending at the root; see [`FlatAst::ancestors`].
    pub fn ancestors(&self) -> impl Iterator<Item = NodeRef<'a, L>> + use<'a, L> {
        let ast = self.ast;
        ast.ancestors(self.id).filter_map(move |id| ast.node_ref(id))
    }
}
