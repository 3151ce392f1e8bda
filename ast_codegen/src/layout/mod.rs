//! The layout model: size, alignment and niche of every schema type on 64-bit and 32-bit targets, computed without
//! asking rustc, and the memory order of every node struct's fields.
//!
//! Every node struct is `#[repr(C)]`, so the order the generator writes its fields in is its memory order. That
//! order puts `node_id` at offset 0 (so reading the ID through an enum is one load at a fixed offset, no branch)
//! and is size-optimal: no other order with `node_id` first is smaller (see `optimize.rs`). With the span listed
//! first among the other fields, the schema-order tie-break also puts `span` at offset 4 whenever fields are at most
//! 8-aligned (moving it there never costs a byte), so `GetSpan` through an enum is branch-free too. The generated
//! crate asserts every figure at compile time, so a wrong model fails the build rather than a report.

mod optimize;
pub mod report;
mod rules;

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{DeclaredLayout, EnumDef, ExternalDef, Location, Primitive, Schema, StructDef, TypeDef, TypeRef};

pub use optimize::{Item, best_order};
pub use rules::round_up;

/// The implied ID field every node struct starts with.
pub const NODE_ID_FIELD: &str = "node_id";
/// The implied span field of every node struct.
pub const SPAN_FIELD: &str = "span";

/// A target the model computes layouts for. Only pointer width and the alignment of 8-byte integers and floats
/// matter for the shapes a schema uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    /// Short name used in reports.
    pub name: &'static str,
    /// `size_of::<usize>()`.
    pub pointer_bytes: u64,
    /// `align_of::<u64>()` (and of `i64`, `f64`): 4 on 32-bit x86 System V, 8 elsewhere.
    pub wide_int_align: u64,
}

impl Target {
    /// 64-bit targets (x86_64, aarch64, ...).
    pub const BITS64: Target = Target { name: "64-bit", pointer_bytes: 8, wide_int_align: 8 };
    /// 32-bit targets whose 8-byte integers are 8-aligned (arm, wasm32, riscv32, i686 Windows).
    pub const BITS32: Target = Target { name: "32-bit", pointer_bytes: 4, wide_int_align: 8 };
    /// 32-bit x86 System V (i686 Linux): 8-byte integers are only 4-aligned.
    pub const BITS32_X86: Target = Target { name: "32-bit x86", pointer_bytes: 4, wide_int_align: 4 };
    /// Every target, in the order per-target arrays ([`PerTarget`]) use.
    pub const ALL: [Target; 3] = [Target::BITS64, Target::BITS32, Target::BITS32_X86];

    /// The alignment of an integer of `bytes` bytes.
    pub fn int_align(self, bytes: u64) -> u64 {
        if bytes == 8 { self.wide_int_align } else { bytes }
    }

    /// This target's index in [`Target::ALL`].
    pub fn index(self) -> usize {
        Target::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// One value per target, in [`Target::ALL`] order.
pub type PerTarget<T> = [T; 3];

/// The size, alignment and largest niche of a type on one target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// `size_of`.
    pub size: u64,
    /// `align_of`.
    pub align: u64,
    /// The largest run of invalid values an enclosing `Option` or enum can use as its tag.
    pub niche: Option<Niche>,
}

/// Invalid values of one scalar inside a type, which an enclosing enum can use to store its tag for free.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Niche {
    /// Offset of the scalar in the type.
    pub offset: u64,
    /// Size of the scalar.
    pub bytes: u64,
    /// How many invalid values it has (never 0).
    pub available: u128,
}

impl Layout {
    /// A zero-sized type.
    pub const ZST: Layout = Layout { size: 0, align: 1, niche: None };

    /// A scalar with `available` invalid values, at offset 0.
    pub fn scalar(size: u64, align: u64, available: u128) -> Layout {
        let niche = (available > 0).then_some(Niche { offset: 0, bytes: size, available });
        Layout { size, align, niche }
    }

    /// `Box<T>` / `&T`: a non-null pointer (one niche value).
    pub fn pointer(target: Target) -> Layout {
        Layout::scalar(target.pointer_bytes, target.pointer_bytes, 1)
    }

    /// `Vec<T>` / `String`: three words; the capacity (at offset 0 in rustc's order) is at most `isize::MAX`.
    pub fn vec(target: Target) -> Layout {
        let word = target.pointer_bytes;
        let niche = Niche { offset: 0, bytes: word, available: 1u128 << (8 * word - 1) };
        Layout { size: 3 * word, align: word, niche: Some(niche) }
    }

    /// The `NodeId` field: a plain `u32`, no niche.
    pub fn node_id() -> Layout {
        Layout::scalar(4, 4, 0)
    }

    /// The `Span` field: `#[repr(C)] { start: u32, end: u32 }`, no niche.
    pub fn span() -> Layout {
        Layout { size: 8, align: 4, niche: None }
    }

    /// A primitive on `target`.
    pub fn primitive(primitive: Primitive, target: Target) -> Layout {
        let int = |bytes: u64| Layout::scalar(bytes, target.int_align(bytes), 0);
        match primitive {
            Primitive::Bool => Layout::scalar(1, 1, 254),
            Primitive::Char => Layout::scalar(4, 4, (1u128 << 32) - 0x11_0000),
            Primitive::U8 | Primitive::I8 => int(1),
            Primitive::U16 | Primitive::I16 => int(2),
            Primitive::U32 | Primitive::I32 | Primitive::F32 => int(4),
            Primitive::U64 | Primitive::I64 | Primitive::F64 => int(8),
        }
    }
}

/// The computed layout of one schema type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeLayout {
    /// The type name.
    pub name: String,
    /// Its layout per target.
    pub layouts: PerTarget<Layout>,
    /// For a node struct, its fields in memory order; `None` for enums and external types.
    pub fields: Option<StructLayout>,
}

/// The field placement of a node struct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructLayout {
    /// Every field, `node_id` and `span` included, in memory order.
    pub fields: Vec<FieldLayout>,
    /// The size the struct would have without `node_id` (its other fields in their best order), per target.
    pub size_without_node_id: PerTarget<u64>,
    /// The declared fields' names in schema order (without `node_id` and `span`), for reports.
    pub schema_order: Vec<String>,
}

/// One field of a node struct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldLayout {
    /// The field name.
    pub name: String,
    /// The field's type layout per target.
    pub layouts: PerTarget<Layout>,
    /// The field's offset per target.
    pub offsets: PerTarget<u64>,
}

/// The layouts of every type of a schema, in declaration order.
#[derive(Clone, Debug, Default)]
pub struct Layouts {
    types: Vec<TypeLayout>,
    /// Each name's index in `types`: the emitters look a layout up once per struct, and a scan of `types` for each
    /// would make generation quadratic in the number of types.
    by_name: HashMap<String, usize>,
}

impl Layouts {
    /// Every type's layout, in schema declaration order.
    pub fn types(&self) -> &[TypeLayout] {
        &self.types
    }

    /// The layout of the type called `name`.
    pub fn get(&self, name: &str) -> Option<&TypeLayout> {
        self.by_name.get(name).and_then(|&index| self.types.get(index))
    }

    /// Every node struct with its field placement, in declaration order.
    pub fn structs(&self) -> impl Iterator<Item = (&TypeLayout, &StructLayout)> + '_ {
        self.types.iter().filter_map(|t| t.fields.as_ref().map(|s| (t, s)))
    }

    /// The names of a node struct's fields, `node_id` and `span` included, in memory order (the order the
    /// generated `#[repr(C)]` struct declares them); empty for an unknown struct.
    pub fn memory_order(&self, struct_name: &str) -> Vec<&str> {
        self.get(struct_name)
            .and_then(|t| t.fields.as_ref())
            .map(|s| s.fields.iter().map(|f| f.name.as_str()).collect())
            .unwrap_or_default()
    }
}

/// Computes the layout of every schema type and the memory order of every node struct.
///
/// # Errors
/// A diagnostic for every type the model cannot lay out: a name the schema does not declare, an external type
/// with an impossible declared layout, or a type that contains itself without indirection.
pub fn compute(schema: &Schema) -> Result<Layouts, Diagnostics> {
    compute_variant(schema, Variant::Generated)
}

/// What to lay out: the generated structs, or a variant the report compares them with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// What the generator emits: `node_id` at 0, the other fields in their best order.
    Generated,
    /// `node_id`, `span`, then the declared fields in schema order: no reordering.
    SchemaOrder,
    /// No struct carries a `node_id` (inline child structs shrink too), fields in their best order: the baseline
    /// of oxc's measurement ("the sum of type sizes grew by 14%").
    NoNodeId,
}

/// Computes the layouts of a [`Variant`] of the schema's structs.
///
/// # Errors
/// As [`compute`].
pub fn compute_variant(schema: &Schema, variant: Variant) -> Result<Layouts, Diagnostics> {
    let mut computer = Computer { schema, variant, done: HashMap::new(), in_progress: Vec::new(), errors: Vec::new() };
    for def in &schema.types {
        computer.named(def.name(), def.location());
    }
    if !computer.errors.is_empty() {
        return Err(Diagnostics(computer.errors));
    }
    let types: Vec<TypeLayout> = schema.types.iter().filter_map(|def| computer.done.remove(def.name())).collect();
    // A name declared twice is refused by `validate`; were it not, the first declaration would win, as a scan would.
    let mut by_name = HashMap::with_capacity(types.len());
    for (index, layout) in types.iter().enumerate() {
        by_name.entry(layout.name.clone()).or_insert(index);
    }
    Ok(Layouts { types, by_name })
}

/// Memoised, cycle-checked layout computation.
struct Computer<'a> {
    schema: &'a Schema,
    variant: Variant,
    done: HashMap<String, TypeLayout>,
    in_progress: Vec<String>,
    errors: Vec<Diagnostic>,
}

impl Computer<'_> {
    /// The layouts of the schema type `name`, used at `used_at`; `None` (with a diagnostic) when unknown.
    fn named(&mut self, name: &str, used_at: &Location) -> Option<PerTarget<Layout>> {
        if let Some(done) = self.done.get(name) {
            return Some(done.layouts);
        }
        if self.in_progress.iter().any(|n| n == name) {
            self.errors.push(Diagnostic::new(
                used_at.clone(),
                format!("recursive type `{name}` has infinite size"),
                format!("insert indirection where `{name}` contains itself: `Box<{name}>` or `Vec<{name}>`"),
            ));
            return None;
        }
        let Some(def) = self.schema.by_name(name) else {
            self.errors.push(unknown_type(name, used_at));
            return None;
        };
        self.in_progress.push(name.to_string());
        let computed = match def {
            TypeDef::Struct(s) => self.struct_layout(s),
            TypeDef::Enum(e) => self.enum_layout(e),
            TypeDef::External(x) => self.external_layout(x),
        };
        self.in_progress.pop();
        let computed = computed?;
        let layouts = computed.layouts;
        self.done.insert(name.to_string(), computed);
        Some(layouts)
    }

    /// The layouts of a field or payload type.
    fn type_ref(&mut self, ty: &TypeRef, used_at: &Location) -> Option<PerTarget<Layout>> {
        let per_target = |f: fn(Target) -> Layout| Target::ALL.map(f);
        match ty {
            TypeRef::Primitive(p) => Some(Target::ALL.map(|t| Layout::primitive(*p, t))),
            TypeRef::String | TypeRef::Vec(_) => Some(per_target(Layout::vec)),
            TypeRef::Box(_) => Some(per_target(Layout::pointer)),
            TypeRef::Named(name) => self.named(name, used_at),
            TypeRef::Option(inner) => {
                let inner = self.type_ref(inner, used_at)?;
                Some(Target::ALL.map(|t| rules::rust_enum(&[None, Some(inner[t.index()])], t)))
            }
        }
    }

    fn struct_layout(&mut self, def: &StructDef) -> Option<TypeLayout> {
        let mut free = vec![(SPAN_FIELD.to_string(), [Layout::span(); 3])];
        let mut failed = false;
        for field in &def.fields {
            match self.type_ref(&field.ty, &field.location) {
                Some(layouts) => free.push((field.name.clone(), layouts)),
                None => failed = true,
            }
        }
        if failed {
            return None;
        }
        let node_id = (NODE_ID_FIELD.to_string(), [Layout::node_id(); 3]);
        let free_items: Vec<Item> = free.iter().map(|(_, l)| Item::from_layouts(l)).collect();
        let without_order = best_order(&[], &free_items);
        let memory: Vec<_> = match self.variant {
            Variant::Generated => {
                let order = best_order(&[Item::from_layouts(&node_id.1)], &free_items);
                std::iter::once(node_id).chain(order.iter().map(|&i| free[i].clone())).collect()
            }
            Variant::SchemaOrder => std::iter::once(node_id).chain(free.iter().cloned()).collect(),
            Variant::NoNodeId => without_order.iter().map(|&i| free[i].clone()).collect(),
        };
        let size_without_node_id = Target::ALL.map(|t| {
            let fields: Vec<Layout> = without_order.iter().map(|&i| free[i].1[t.index()]).collect();
            rules::repr_c_struct(&fields).0.size
        });
        let schema_order = def.fields.iter().map(|f| f.name.clone()).collect();
        Some(place_fields(&def.name, memory, StructExtras { size_without_node_id, schema_order }))
    }

    fn enum_layout(&mut self, def: &EnumDef) -> Option<TypeLayout> {
        let layouts = if def.is_fieldless() {
            [rules::fieldless_enum(def.variants.len()); 3]
        } else {
            let mut payloads: Vec<Option<PerTarget<Layout>>> = Vec::new();
            let mut failed = false;
            for variant in &def.variants {
                match &variant.payload {
                    None => payloads.push(None),
                    Some(ty) => match self.type_ref(ty, &variant.location) {
                        Some(layouts) => payloads.push(Some(layouts)),
                        None => failed = true,
                    },
                }
            }
            if failed {
                return None;
            }
            Target::ALL.map(|t| {
                let variants: Vec<Option<Layout>> = payloads.iter().map(|p| p.map(|l| l[t.index()])).collect();
                rules::rust_enum(&variants, t)
            })
        };
        Some(TypeLayout { name: def.name.clone(), layouts, fields: None })
    }

    fn external_layout(&mut self, def: &ExternalDef) -> Option<TypeLayout> {
        let declared = def.layout;
        if let Err(problem) = check_declared(&declared) {
            self.errors.push(Diagnostic::new(
                def.location.clone(),
                format!("cannot lay out external type `{}`: {problem}", def.name),
                format!("declare its layout: {LAYOUT_ATTRIBUTE_HELP}"),
            ));
            return None;
        }
        let layout = |size, align| Layout::scalar(size, align, u128::from(declared.niches));
        let (l64, l32) = (layout(declared.size64, declared.align64), layout(declared.size32, declared.align32));
        Some(TypeLayout { name: def.name.clone(), layouts: [l64, l32, l32], fields: None })
    }
}

/// How to write the layout attribute, for diagnostics.
const LAYOUT_ATTRIBUTE_HELP: &str =
    "`#[ast(external = \"path::Type\")] #[layout(size64 = .., align64 = .., size32 = .., align32 = .., niches = ..)]`";

fn unknown_type(name: &str, used_at: &Location) -> Diagnostic {
    Diagnostic::new(
        used_at.clone(),
        format!("cannot compute the layout of `{name}`: it is not a schema type"),
        format!(
            "declare it in the schema, or as an external type with its layout: {LAYOUT_ATTRIBUTE_HELP} pub struct {name};"
        ),
    )
}

/// Why a declared layout cannot be right, if it cannot.
fn check_declared(layout: &DeclaredLayout) -> Result<(), String> {
    for (bits, size, align) in [(64, layout.size64, layout.align64), (32, layout.size32, layout.align32)] {
        if align == 0 {
            return Err(format!("no layout declared for {bits}-bit targets (align{bits} is missing or 0)"));
        }
        if !align.is_power_of_two() {
            return Err(format!("align{bits} = {align} is not a power of two"));
        }
        if size % align != 0 {
            return Err(format!("size{bits} = {size} is not a multiple of align{bits} = {align}"));
        }
    }
    Ok(())
}

/// Places `fields` (memory order) with `#[repr(C)]` rules on every target.
fn place_fields(name: &str, fields: Vec<(String, PerTarget<Layout>)>, extras: StructExtras) -> TypeLayout {
    let placed = Target::ALL.map(|t| {
        let layouts: Vec<Layout> = fields.iter().map(|(_, l)| l[t.index()]).collect();
        rules::repr_c_struct(&layouts)
    });
    let fields = fields
        .into_iter()
        .enumerate()
        .map(|(i, (name, layouts))| FieldLayout { name, layouts, offsets: Target::ALL.map(|t| placed[t.index()].1[i]) })
        .collect();
    TypeLayout {
        name: name.to_string(),
        layouts: Target::ALL.map(|t| placed[t.index()].0),
        fields: Some(StructLayout {
            fields,
            size_without_node_id: extras.size_without_node_id,
            schema_order: extras.schema_order,
        }),
    }
}

/// What a struct layout records besides its placed fields.
struct StructExtras {
    size_without_node_id: PerTarget<u64>,
    schema_order: Vec<String>,
}

#[cfg(test)]
mod tests;
