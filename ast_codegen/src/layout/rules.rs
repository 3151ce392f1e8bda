//! Rust's layout rules for the shapes a schema uses, computed without asking rustc.
//!
//! `#[repr(C)]` structs are laid out in declaration order with C padding. Enums and `Option` use Rust's default
//! enum layout, modelled on `rustc_abi::layout::layout_of_enum`: a tagged layout (whose tag widens to the
//! alignment of the first payload field) and a niche-filling layout (the other variants' payloads placed before or
//! after the largest variant's niche); the smaller wins, then the one with the larger niche, then tagged. The
//! compile-time assertions in `generated/src/layout_assertions.rs` check every figure against rustc.

use super::{Layout, Niche, Target};

/// The layout of a `#[repr(C)]` struct whose fields, in memory order, have these layouts; with each field's offset.
pub fn repr_c_struct(fields: &[Layout]) -> (Layout, Vec<u64>) {
    let mut offset = 0;
    let mut align = 1;
    let mut niche: Option<Niche> = None;
    let mut offsets = Vec::with_capacity(fields.len());
    for field in fields {
        let field_offset = round_up(offset, field.align);
        offsets.push(field_offset);
        offset = field_offset + field.size;
        align = align.max(field.align);
        // rustc keeps the first of several equally large niches (in memory order).
        if let Some(field_niche) = field.niche
            && niche.is_none_or(|best| field_niche.available > best.available)
        {
            niche = Some(Niche { offset: field_offset + field_niche.offset, ..field_niche });
        }
    }
    (Layout { size: round_up(offset, align), align, niche }, offsets)
}

/// The layout of a Rust-layout (not `repr`) enum whose variants carry at most one payload each (`None` for a
/// fieldless variant). `Option<T>` is `[None, Some(T)]`.
pub fn rust_enum(variants: &[Option<Layout>], target: Target) -> Layout {
    if let [only] = variants {
        // One variant needs no tag: rustc lays the enum out as that variant's struct.
        return only.unwrap_or(Layout::ZST);
    }
    let tagged = tagged_enum(variants, target);
    match niche_filled_enum(variants) {
        Some(niche) => {
            let available = |l: &Layout| l.niche.map_or(0, |n| n.available);
            if tagged.size > niche.size || (tagged.size == niche.size && available(&tagged) < available(&niche)) {
                niche
            } else {
                tagged
            }
        }
        None => tagged,
    }
}

/// A fieldless enum, `#[repr(u8)]` up to 256 variants and `#[repr(u16)]` past that: an integer whose unused values
/// are its niche.
pub fn fieldless_enum(variant_count: usize) -> Layout {
    let bytes = crate::flat_fields::fieldless_enum_bytes(variant_count);
    Layout::scalar(bytes, bytes, (1u128 << (8 * bytes)).saturating_sub(variant_count as u128))
}

/// The tagged layout: the tag at offset 0, each payload after it at its own alignment.
fn tagged_enum(variants: &[Option<Layout>], target: Target) -> Layout {
    let min_tag = min_tag_bytes(variants.len());
    let mut size = min_tag;
    let mut align = min_tag;
    // rustc widens the tag up to the smallest alignment of the first payload field (it fills padding anyway).
    let mut start_align = 256;
    for payload in variants.iter().flatten() {
        size = size.max(round_up(min_tag, payload.align) + payload.size);
        align = align.max(payload.align);
        if payload.size > 0 || payload.align > 1 {
            start_align = start_align.min(payload.align);
        }
    }
    let tag = integer_for_align(start_align, target).filter(|&bytes| bytes > min_tag).unwrap_or(min_tag);
    let available = value_count(tag) - variants.len() as u128;
    Layout { size: round_up(size, align), align, niche: Some(Niche { offset: 0, bytes: tag, available }) }
}

/// The niche-filling layout, if the largest variant has a niche with room for the other variants' tags and the
/// other payloads fit before or after that niche.
fn niche_filled_enum(variants: &[Option<Layout>]) -> Option<Layout> {
    if variants.len() < 2 {
        return None;
    }
    let layouts: Vec<Layout> = variants.iter().map(|v| v.unwrap_or(Layout::ZST)).collect();
    // `max_by_key` keeps the last of equally large variants, as rustc does.
    let largest = (0..layouts.len()).max_by_key(|&i| layouts[i].size)?;
    let others: Vec<usize> = (0..layouts.len()).filter(|&i| i != largest).collect();
    let count = (others.last()? - others.first()? + 1) as u128;
    let niche = layouts[largest].niche?;
    if niche.available < count {
        return None;
    }
    let align = layouts.iter().map(|l| l.align).max().unwrap_or(1);
    let size = round_up(layouts[largest].size, align);
    let fits = |l: &Layout| l.size <= niche.offset || round_up(niche.offset + niche.bytes, l.align) + l.size <= size;
    if !others.iter().all(|&i| fits(&layouts[i])) {
        return None;
    }
    let rest = Niche { available: niche.available - count, ..niche };
    Some(Layout { size, align, niche: (rest.available > 0).then_some(rest) })
}

/// The smallest integer (in bytes) that holds a tag for `variant_count` variants.
fn min_tag_bytes(variant_count: usize) -> u64 {
    match variant_count {
        0..=256 => 1,
        257..=65536 => 2,
        _ => 4,
    }
}

/// The integer whose size and alignment both equal `align` on `target` (rustc's `Integer::for_align`).
fn integer_for_align(align: u64, target: Target) -> Option<u64> {
    [1u64, 2, 4, 8].into_iter().find(|&bytes| bytes == align && target.int_align(bytes) == bytes)
}

/// How many values an integer of `bytes` bytes has.
fn value_count(bytes: u64) -> u128 {
    1u128 << (8 * bytes)
}

/// `offset` rounded up to a multiple of `align` (a power of two).
pub fn round_up(offset: u64, align: u64) -> u64 {
    offset.div_ceil(align) * align
}

#[cfg(test)]
mod tests {
    use super::*;

    const T64: Target = Target::BITS64;

    fn boxed() -> Layout {
        Layout::pointer(T64)
    }

    #[test]
    fn enum_of_boxes_is_a_word_tag_and_a_pointer() {
        let enum20 = rust_enum(&vec![Some(boxed()); 20], T64);
        assert_eq!((enum20.size, enum20.align), (16, 8));
        // The tag widened to the pointer's alignment: a u64 with 2^64 - 20 unused values.
        assert_eq!(enum20.niche, Some(Niche { offset: 0, bytes: 8, available: (1u128 << 64) - 20 }));
    }

    #[test]
    fn variant_holding_an_enum_uses_its_tag_niche() {
        let inner = rust_enum(&vec![Some(boxed()); 20], T64);
        let outer = rust_enum(&[Some(boxed()), Some(inner)], T64);
        assert_eq!(outer.size, 16);
        assert_eq!(outer.niche.map(|n| n.available), Some((1u128 << 64) - 21));
    }

    #[test]
    fn option_uses_the_inner_niche_or_adds_a_tag() {
        let boxed_opt = rust_enum(&[None, Some(boxed())], T64);
        assert_eq!(boxed_opt.size, 8);
        assert_eq!(boxed_opt.niche, None, "the null pointer was the only niche value");
        let twice = rust_enum(&[None, Some(boxed_opt)], T64);
        assert_eq!(twice.size, 16);
        let float = rust_enum(&[None, Some(Layout::scalar(8, 8, 0))], T64);
        assert_eq!(float.size, 16);
    }

    #[test]
    fn single_variant_enum_is_its_payload() {
        assert_eq!(rust_enum(&[Some(boxed())], T64), boxed());
    }

    #[test]
    fn repr_c_struct_pads_in_declaration_order() {
        let (layout, offsets) = repr_c_struct(&[Layout::scalar(1, 1, 254), Layout::scalar(8, 8, 0)]);
        assert_eq!(offsets, vec![0, 8]);
        assert_eq!((layout.size, layout.align), (16, 8));
        assert_eq!(layout.niche, Some(Niche { offset: 0, bytes: 1, available: 254 }));
    }
}
