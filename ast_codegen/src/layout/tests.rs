//! Tests of the layout model: optimality of the field order (against brute force over every permutation), the
//! ES5 figures the model derives, and diagnostics.

use super::*;
use crate::model::{FieldDef, StructDef};

/// A small seeded PRNG (xorshift64*), so the random structs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Field layouts that occur in ASTs, on every target, from the model's own rules.
fn palette() -> Vec<PerTarget<Layout>> {
    let each = |f: &dyn Fn(Target) -> Layout| Target::ALL.map(f);
    let node_enum = each(&|t| rules::rust_enum(&vec![Some(Layout::pointer(t)); 20], t));
    vec![
        each(&|t| Layout::primitive(Primitive::Bool, t)),
        each(&|t| Layout::primitive(Primitive::U16, t)),
        each(&|t| Layout::primitive(Primitive::U32, t)),
        each(&|t| Layout::primitive(Primitive::F64, t)),
        each(&|_| Layout::span()),
        each(&Layout::pointer),
        each(&Layout::vec),
        node_enum,
        each(&|t| rules::rust_enum(&[None, Some(Layout::primitive(Primitive::F64, t))], t)),
        each(&|t| rules::repr_c_struct(&[Layout::node_id(), Layout::span(), Layout::vec(t)]).0),
    ]
}

/// Steps `p` to the next permutation in lexicographic order; false after the last one.
fn next_permutation(p: &mut [usize]) -> bool {
    let Some(i) = (1..p.len()).rev().find(|&i| p[i - 1] < p[i]) else { return false };
    let j = (i..p.len()).rev().find(|&j| p[j] > p[i - 1]).unwrap_or(i);
    p.swap(i - 1, j);
    p[i..].reverse();
    true
}

/// The objective of one order of `fields` after `node_id`: (64-bit size, 32-bit size), placed by hand here so the
/// check does not share code with the optimiser.
fn sizes_with_node_id(fields: &[PerTarget<Layout>], order: &[usize]) -> [u64; 2] {
    sizes_of(&size_align(fields), order)
}

/// (size, align) on the 64-bit and the 32-bit target, flattened for a fast brute force.
fn size_align(fields: &[PerTarget<Layout>]) -> Vec<[u64; 4]> {
    let (t64, t32) = (Target::BITS64.index(), Target::BITS32.index());
    fields.iter().map(|f| [f[t64].size, f[t64].align, f[t32].size, f[t32].align]).collect()
}

fn sizes_of(fields: &[[u64; 4]], order: &[usize]) -> [u64; 2] {
    let (mut end64, mut align64, mut end32, mut align32) = (4u64, 4u64, 4u64, 4u64);
    for &i in order {
        let [size64, field_align64, size32, field_align32] = fields[i];
        end64 = end64.next_multiple_of(field_align64) + size64;
        end32 = end32.next_multiple_of(field_align32) + size32;
        align64 = align64.max(field_align64);
        align32 = align32.max(field_align32);
    }
    [end64.next_multiple_of(align64), end32.next_multiple_of(align32)]
}

/// Brute force: the smallest (64-bit size, 32-bit size, order) over every permutation.
fn brute_force_best(fields: &[PerTarget<Layout>]) -> ([u64; 2], Vec<usize>) {
    let flat = size_align(fields);
    let mut p: Vec<usize> = (0..fields.len()).collect();
    let mut best = (sizes_of(&flat, &p), p.clone());
    while next_permutation(&mut p) {
        let sizes = sizes_of(&flat, &p);
        // Permutations come in lexicographic order, so only a strictly smaller size replaces the best.
        if sizes < best.0 {
            best = (sizes, p.clone());
        }
    }
    best
}

fn optimiser_order(fields: &[PerTarget<Layout>]) -> Vec<usize> {
    let items: Vec<Item> = fields.iter().map(Item::from_layouts).collect();
    best_order(&[Item::from_layouts(&[Layout::node_id(); 3])], &items)
}

#[test]
fn order_is_optimal_for_thousands_of_random_structs() {
    let palette = palette();
    let mut rng = Rng(0x5EED_1A70_u64);
    for case in 0..2000 {
        let len = 1 + rng.below(8) as usize;
        let fields: Vec<PerTarget<Layout>> =
            (0..len).map(|_| palette[rng.below(palette.len() as u64) as usize]).collect();
        let chosen = optimiser_order(&fields);
        let (best_sizes, best_order) = brute_force_best(&fields);
        assert_eq!(
            (sizes_with_node_id(&fields, &chosen), &chosen),
            (best_sizes, &best_order),
            "random struct #{case} with fields {fields:?}"
        );
    }
}

#[test]
fn span_right_after_node_id_is_always_optimal() {
    // Moving the span (8 bytes, 4-aligned) to offset 4 shifts the fields it jumps over by 8 bytes, which keeps
    // every alignment up to 8: so with span listed first, the schema-order tie-break always puts it at offset 4,
    // and reading the span through an enum needs no branch either.
    let palette = palette();
    let span = [Layout::span(); 3];
    let mut rng = Rng(0x0005_BA11);
    for case in 0..2000 {
        let len = rng.below(7) as usize;
        let mut fields = vec![span];
        fields.extend((0..len).map(|_| palette[rng.below(palette.len() as u64) as usize]));
        let chosen = optimiser_order(&fields);
        assert_eq!(chosen[0], 0, "random struct #{case}: span not first in {chosen:?} for {fields:?}");
    }
}

/// The ES5 schema, read by the generator's own load, parse and validate phases.
pub(crate) fn es5_schema() -> Schema {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ast_schema");
    crate::load_schema(&dir).unwrap_or_else(|d| panic!("{d}"))
}

fn test_field(name: String, ty: &syn::Type) -> FieldDef {
    FieldDef { name, docs: Vec::new(), ty: type_ref(ty), attrs: Vec::new(), location: Location::default() }
}

fn type_ref(ty: &syn::Type) -> TypeRef {
    let syn::Type::Path(path) = ty else { panic!("unexpected type in schema") };
    let segment = path.path.segments.last().unwrap();
    let name = segment.ident.to_string();
    let inner = || match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) => match args.args.first() {
            Some(syn::GenericArgument::Type(t)) => Box::new(type_ref(t)),
            _ => panic!("unexpected generic argument"),
        },
        _ => panic!("missing generic argument"),
    };
    match name.as_str() {
        "Box" => TypeRef::Box(inner()),
        "Vec" => TypeRef::Vec(inner()),
        "Option" => TypeRef::Option(inner()),
        "String" => TypeRef::String,
        other => Primitive::from_name(other).map_or_else(|| TypeRef::Named(name.clone()), TypeRef::Primitive),
    }
}

#[test]
fn es5_field_orders_are_optimal() {
    let schema = es5_schema();
    let layouts = compute(&schema).unwrap();
    assert!(layouts.structs().count() > 30, "the ES5 schema was not read");
    for (ty, placed) in layouts.structs() {
        assert_eq!(placed.fields[0].name, NODE_ID_FIELD);
        assert_eq!(placed.fields[0].offsets, [0; 3]);
        assert_eq!((placed.fields[1].name.as_str(), placed.fields[1].offsets), (SPAN_FIELD, [4; 3]), "{}", ty.name);
        let free: Vec<PerTarget<Layout>> = placed.fields[1..].iter().map(|f| f.layouts).collect();
        let chosen: Vec<usize> = (0..free.len()).collect();
        let (best_sizes, _) = brute_force_best(&free);
        assert_eq!(sizes_with_node_id(&free, &chosen), best_sizes, "{} is not size-optimal", ty.name);
        assert_eq!(ty.layouts[0].size, best_sizes[0]);
    }
}

#[test]
fn es5_orders_keep_schema_order_among_equal_sizes() {
    let schema = es5_schema();
    let layouts = compute(&schema).unwrap();
    for def in schema.structs() {
        let placed = &layouts.get(&def.name).unwrap().fields.as_ref().unwrap().fields;
        let layout_of = |name: &str| placed.iter().find(|f| f.name == name).unwrap().layouts;
        // Span first, then the declared fields: the order the optimiser's tie-break prefers.
        let schema_names: Vec<&str> =
            std::iter::once(SPAN_FIELD).chain(def.fields.iter().map(|f| f.name.as_str())).collect();
        let by_schema: Vec<PerTarget<Layout>> = schema_names.iter().map(|n| layout_of(n)).collect();
        let chosen: Vec<usize> = layouts.memory_order(&def.name)[1..]
            .iter()
            .map(|m| schema_names.iter().position(|n| n == m).unwrap())
            .collect();
        assert_eq!(chosen, brute_force_best(&by_schema).1, "{}", def.name);
    }
}

#[test]
fn es5_enum_layouts_match_rustc() {
    let layouts = compute(&es5_schema()).unwrap();
    let figures = |name: &str| layouts.get(name).unwrap().layouts.map(|l| (l.size, l.align));
    // Figures checked with rustc on x86_64 and i686 (see the generated layout assertions).
    assert_eq!(figures("Expression"), [(16, 8), (8, 4), (8, 4)]);
    assert_eq!(figures("ForInit"), [(16, 8), (8, 4), (8, 4)]);
    assert_eq!(figures("BinaryOperator"), [(1, 1); 3]);
    assert_eq!(layouts.memory_order("BinaryExpression"), ["node_id", "span", "operator", "left", "right"]);
}

#[test]
fn node_id_is_free_when_a_small_field_fills_the_gap() {
    let layouts = compute(&es5_schema()).unwrap();
    let growth = |name: &str| {
        let (ty, s) = layouts.structs().find(|(t, _)| t.name == name).unwrap();
        ty.layouts[0].size - s.size_without_node_id[0]
    };
    assert_eq!(growth("UnaryExpression"), 0, "the operator byte fills the 4 bytes after node_id");
    assert_eq!(growth("BlockStatement"), 8, "only 8-aligned fields: 4 bytes of ID plus 4 of padding");
}

#[test]
fn unknown_type_is_a_diagnostic_naming_it() {
    let mut schema = Schema::default();
    schema.types.push(TypeDef::Struct(StructDef {
        name: "Node".into(),
        docs: Vec::new(),
        fields: vec![test_field("value".into(), &syn::parse_quote!(BigInt))],
        attrs: Vec::new(),
        location: Location::default(),
    }));
    let errors = compute(&schema).unwrap_err();
    assert_eq!(errors.0.len(), 1);
    assert!(errors.0[0].message.contains("`BigInt`"), "{}", errors);
    assert!(errors.0[0].help.contains("#[layout("), "{}", errors);
}

#[test]
fn external_type_uses_its_declared_layout() {
    let mut schema = Schema::default();
    schema.types.push(TypeDef::External(crate::model::ExternalDef {
        name: "Atom".into(),
        docs: Vec::new(),
        path: "::atoms::Atom".into(),
        layout: DeclaredLayout { size64: 8, align64: 8, size32: 4, align32: 4, niches: 1 },
        location: Location::default(),
    }));
    schema.types.push(TypeDef::Struct(StructDef {
        name: "Name".into(),
        docs: Vec::new(),
        fields: vec![test_field("atom".into(), &syn::parse_quote!(Option<Atom>))],
        attrs: Vec::new(),
        location: Location::default(),
    }));
    let layouts = compute(&schema).unwrap();
    assert_eq!(layouts.get("Name").unwrap().layouts.map(|l| l.size), [24, 16, 16]);
    let mut bad = schema.clone();
    if let TypeDef::External(x) = &mut bad.types[0] {
        x.layout.align64 = 3;
    }
    let errors = compute(&bad).unwrap_err();
    assert!(errors.0[0].message.contains("`Atom`") && errors.0[0].message.contains("align64"), "{errors}");
}

#[test]
fn inline_self_reference_is_a_diagnostic() {
    let mut schema = Schema::default();
    schema.types.push(TypeDef::Struct(StructDef {
        name: "Loop".into(),
        docs: Vec::new(),
        fields: vec![test_field("next".into(), &syn::parse_quote!(Option<Loop>))],
        attrs: Vec::new(),
        location: Location::default(),
    }));
    let errors = compute(&schema).unwrap_err();
    assert!(errors.0[0].message.contains("infinite size"), "{errors}");
}
