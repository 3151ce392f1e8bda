//! `ast_codegen layout` and `layout --json`: every node struct's fields in memory order with offsets and padding,
//! what `node_id` costs, and how other placements of the ID and the span would compare.

use std::fmt::Write;

use crate::diagnostics::Diagnostics;
use crate::model::Schema;

use super::{
    Item, Layout, Layouts, NODE_ID_FIELD, PerTarget, SPAN_FIELD, StructLayout, Target, Variant, best_order,
    compute_variant, rules,
};

/// The text report: one table per struct, then totals and the placement comparison (64-bit figures, 32-bit
/// totals). `others` are the same schema laid out as [`Variant::SchemaOrder`] and [`Variant::NoNodeId`].
pub fn table(layouts: &Layouts, others: &Others) -> String {
    let mut out = String::new();
    for (ty, placed) in layouts.structs() {
        let l64 = ty.layouts[0];
        let without = placed.size_without_node_id[0];
        let _ = writeln!(
            out,
            "{}: size {} align {} | without node_id {} ({})",
            ty.name,
            l64.size,
            l64.align,
            without,
            growth_text(l64.size, without)
        );
        let _ = writeln!(out, "  {:>6} {:>5} {:>5} {:>7}  field", "offset", "size", "align", "padding");
        let mut end = 0;
        for field in &placed.fields {
            let (offset, layout) = (field.offsets[0], field.layouts[0]);
            let _ = writeln!(
                out,
                "  {:>6} {:>5} {:>5} {:>7}  {}",
                offset,
                layout.size,
                layout.align,
                offset - end,
                field.name
            );
            end = offset + layout.size;
        }
        if l64.size > end {
            let _ = writeln!(out, "  {:>6} {:>5} {:>5} {:>7}  (tail padding)", end, "", "", l64.size - end);
        }
        out.push('\n');
    }
    out.push_str(&totals_text(layouts, others));
    out.push('\n');
    out.push_str(&placements_text(layouts));
    out
}

fn growth_text(size: u64, without: u64) -> String {
    if size == without { "node_id is free".to_string() } else { format!("+{} bytes", size - without) }
}

/// Totals over all node structs on one target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Totals {
    /// Number of node structs.
    pub structs: usize,
    /// Structs whose size does not grow because of `node_id`.
    pub free: usize,
    /// Sum of struct sizes.
    pub size: u64,
    /// Sum of the sizes without `node_id`.
    pub size_without_node_id: u64,
}

impl Totals {
    /// The size growth caused by `node_id`, in percent.
    pub fn growth_percent(&self) -> f64 {
        percent(self.size, self.size_without_node_id)
    }
}

fn percent(size: u64, base: u64) -> f64 {
    if base == 0 { 0.0 } else { (size as f64 / base as f64 - 1.0) * 100.0 }
}

/// The totals on `target`.
pub fn totals(layouts: &Layouts, target: Target) -> Totals {
    let t = target.index();
    let mut totals = Totals { structs: 0, free: 0, size: 0, size_without_node_id: 0 };
    for (ty, placed) in layouts.structs() {
        totals.structs += 1;
        totals.size += ty.layouts[t].size;
        totals.size_without_node_id += placed.size_without_node_id[t];
        if ty.layouts[t].size == placed.size_without_node_id[t] {
            totals.free += 1;
        }
    }
    totals
}

/// Totals over every schema type (structs, enums, external types) against a schema with no `node_id` anywhere:
/// the measure oxc's node-ID RFC uses, so the figures compare with its (README, "Layouts").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchemaTotals {
    /// Number of types.
    pub types: usize,
    /// Types that are larger because of `node_id` (their own or an inline child's).
    pub grown: usize,
    /// Sum of type sizes.
    pub size: u64,
    /// Sum of type sizes with no `node_id` anywhere.
    pub size_without_node_id: u64,
}

impl SchemaTotals {
    /// The size growth caused by `node_id`, in percent.
    pub fn growth_percent(&self) -> f64 {
        percent(self.size, self.size_without_node_id)
    }
}

/// The whole-schema totals on `target`.
pub fn schema_totals(layouts: &Layouts, baseline: &Layouts, target: Target) -> SchemaTotals {
    let t = target.index();
    let mut totals = SchemaTotals { types: 0, grown: 0, size: 0, size_without_node_id: 0 };
    for ty in layouts.types() {
        let without = baseline.get(&ty.name).map_or(ty.layouts[t].size, |b| b.layouts[t].size);
        totals.types += 1;
        totals.size += ty.layouts[t].size;
        totals.size_without_node_id += without;
        if ty.layouts[t].size > without {
            totals.grown += 1;
        }
    }
    totals
}

/// The schema laid out as the variants the report compares the generated layout with.
#[derive(Clone, Debug)]
pub struct Others {
    /// [`Variant::SchemaOrder`]: no reordering.
    pub schema_order: Layouts,
    /// [`Variant::NoNodeId`]: the baseline.
    pub no_node_id: Layouts,
}

impl Others {
    /// Lays out both variants.
    ///
    /// # Errors
    /// As [`super::compute`].
    pub fn compute(schema: &Schema) -> Result<Others, Diagnostics> {
        Ok(Others {
            schema_order: compute_variant(schema, Variant::SchemaOrder)?,
            no_node_id: compute_variant(schema, Variant::NoNodeId)?,
        })
    }
}

fn totals_text(layouts: &Layouts, others: &Others) -> String {
    let mut out = String::from("Totals (a struct without its own node_id; inline children keep theirs)\n");
    for (what, with) in [("generated", layouts), ("no reordering", &others.schema_order)] {
        for target in [Target::BITS64, Target::BITS32] {
            let t = totals(with, target);
            let _ = writeln!(
                out,
                "  {what}, {}: {} of {} structs carry node_id for free; sum of struct sizes {} bytes vs {} without node_id: {:+.1}%",
                target.name,
                t.free,
                t.structs,
                t.size,
                t.size_without_node_id,
                t.growth_percent()
            );
        }
    }
    out.push_str("Totals over every type (baseline: no node_id anywhere, inline children shrink too)\n");
    for (what, with) in [("generated", layouts), ("no reordering", &others.schema_order)] {
        for target in [Target::BITS64, Target::BITS32] {
            let t = schema_totals(with, &others.no_node_id, target);
            let _ = writeln!(
                out,
                "  {what}, {}: {} of {} types grew; sum of type sizes {} bytes vs {} without node_id: {:+.1}%",
                target.name,
                t.grown,
                t.types,
                t.size,
                t.size_without_node_id,
                t.growth_percent()
            );
        }
    }
    out
}

/// One way to place `node_id` and `span`, with the resulting total of struct sizes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// What the design is.
    pub design: &'static str,
    /// Whether `node_id` has the same offset in every struct (reading it through an enum needs no branch).
    pub fixed_node_id_offset: bool,
    /// Sum of struct sizes per objective target (64-bit, 32-bit).
    pub total: [u64; 2],
}

/// Where the header fields go in one design.
enum Header {
    /// These fields first, in this order; the rest in their best order.
    Fixed(&'static [&'static str]),
    /// These fields first; the rest in schema order (span first), no reordering.
    Unordered(&'static [&'static str]),
    /// `node_id` anywhere: the best order of all fields (a lower bound; the ID offset varies).
    Anywhere,
    /// No `node_id` at all: the baseline.
    NoNodeId,
}

const DESIGNS: [(&str, Header, bool); 6] = [
    ("node_id at 0, other fields in best order (chosen)", Header::Fixed(&[NODE_ID_FIELD]), true),
    ("12-byte header: node_id at 0, span at 4, rest in best order", Header::Fixed(&[NODE_ID_FIELD, SPAN_FIELD]), true),
    ("span at 0, node_id at 8, rest in best order", Header::Fixed(&[SPAN_FIELD, NODE_ID_FIELD]), true),
    ("node_id, span, fields in schema order (no reordering)", Header::Unordered(&[NODE_ID_FIELD, SPAN_FIELD]), true),
    ("node_id anywhere, best order (lower bound)", Header::Anywhere, false),
    ("no node_id (baseline)", Header::NoNodeId, false),
];

/// Total struct sizes under each placement design.
pub fn placements(layouts: &Layouts) -> Vec<Placement> {
    DESIGNS
        .iter()
        .map(|(design, header, fixed)| {
            let mut total = [0, 0];
            for (_, placed) in layouts.structs() {
                let sizes = design_sizes(placed, header);
                total = [total[0] + sizes[0], total[1] + sizes[1]];
            }
            Placement { design, fixed_node_id_offset: *fixed, total }
        })
        .collect()
}

/// A struct's (64-bit, 32-bit) size under one design.
fn design_sizes(placed: &StructLayout, header: &Header) -> [u64; 2] {
    let layout_of = |name: &str| placed.fields.iter().find(|f| f.name == name).map(|f| f.layouts);
    let named = |names: &[&str]| -> Vec<PerTarget<Layout>> { names.iter().filter_map(|n| layout_of(n)).collect() };
    // Every field not in `names`, in schema order: node_id, span, then the declared fields.
    let rest = |names: &[&str]| -> Vec<PerTarget<Layout>> {
        let schema_order =
            [NODE_ID_FIELD, SPAN_FIELD].into_iter().chain(placed.schema_order.iter().map(String::as_str));
        schema_order.filter(|n| !names.contains(n)).filter_map(layout_of).collect()
    };
    let ordered = match header {
        Header::Fixed(names) => best_after(named(names), rest(names)),
        Header::Unordered(names) => named(names).into_iter().chain(rest(names)).collect(),
        Header::Anywhere => best_after(Vec::new(), rest(&[])),
        Header::NoNodeId => best_after(Vec::new(), rest(&[NODE_ID_FIELD])),
    };
    [Target::BITS64, Target::BITS32].map(|t| {
        let per_field: Vec<Layout> = ordered.iter().map(|l| l[t.index()]).collect();
        rules::repr_c_struct(&per_field).0.size
    })
}

/// `prefix` followed by `free` in its best order.
fn best_after(prefix: Vec<PerTarget<Layout>>, free: Vec<PerTarget<Layout>>) -> Vec<PerTarget<Layout>> {
    let prefix_items: Vec<Item> = prefix.iter().map(Item::from_layouts).collect();
    let free_items: Vec<Item> = free.iter().map(Item::from_layouts).collect();
    let order = best_order(&prefix_items, &free_items);
    prefix.into_iter().chain(order.into_iter().map(|i| free[i])).collect()
}

fn placements_text(layouts: &Layouts) -> String {
    let all = placements(layouts);
    let base = all.iter().find(|p| p.design.starts_with("no node_id")).map_or([0, 0], |p| p.total);
    let mut out = String::from("Placement of node_id and span (sum of struct sizes)\n");
    let _ = writeln!(out, "  {:>8} {:>8} {:>8}  fixed ID offset  design", "64-bit", "growth", "32-bit");
    for p in &all {
        let _ = writeln!(
            out,
            "  {:>8} {:>7.1}% {:>8}  {:<15}  {}",
            p.total[0],
            percent(p.total[0], base[0]),
            p.total[1],
            if p.fixed_node_id_offset { "yes" } else { "no" },
            p.design
        );
    }
    out
}

/// The JSON report: a list of structs with their 64-bit layout and fields in memory order.
pub fn json(layouts: &Layouts) -> String {
    let structs: Vec<String> = layouts
        .structs()
        .map(|(ty, placed)| {
            let fields: Vec<String> = placed
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{{\"name\":{},\"offset\":{},\"size\":{},\"align\":{}}}",
                        json_string(&f.name),
                        f.offsets[0],
                        f.layouts[0].size,
                        f.layouts[0].align
                    )
                })
                .collect();
            format!(
                "{{\"name\":{},\"size\":{},\"align\":{},\"size_without_node_id\":{},\"fields\":[{}]}}",
                json_string(&ty.name),
                ty.layouts[0].size,
                ty.layouts[0].align,
                placed.size_without_node_id[0],
                fields.join(",")
            )
        })
        .collect();
    format!("[{}]\n", structs.join(",\n"))
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::es5_schema;

    #[test]
    fn placement_figures_agree_with_the_computed_layouts() {
        let layouts = crate::layout::compute(&es5_schema()).unwrap();
        let all = placements(&layouts);
        let total = |prefix: &str| all.iter().find(|p| p.design.starts_with(prefix)).unwrap().total;
        let (t64, t32) = (totals(&layouts, Target::BITS64), totals(&layouts, Target::BITS32));
        assert_eq!(total("node_id at 0"), [t64.size, t32.size], "the chosen design is what the generator emits");
        assert_eq!(total("no node_id"), [t64.size_without_node_id, t32.size_without_node_id]);
        for p in &all {
            assert!(total("node_id anywhere") <= p.total || p.design.starts_with("no node_id"), "{p:?}");
            assert!(total("node_id at 0") <= p.total || !p.fixed_node_id_offset || p.design.starts_with("no"), "{p:?}");
        }
    }

    #[test]
    fn schema_totals_count_inline_children_growth() {
        let schema = es5_schema();
        let with = crate::layout::compute(&schema).unwrap();
        let without = compute_variant(&schema, Variant::NoNodeId).unwrap();
        let t = schema_totals(&with, &without, Target::BITS64);
        assert_eq!(t.types, schema.types.len());
        // A struct-free type (an enum of boxes) never grows, so not every type grows.
        assert!(t.grown < t.types && t.size > t.size_without_node_id, "{t:?}");
        assert!(without.structs().all(|(_, s)| s.fields.iter().all(|f| f.name != NODE_ID_FIELD)));
    }
}
