//! The size-optimal field order of a `#[repr(C)]` struct.
//!
//! The objective is, in this order: the 64-bit size, then the 32-bit size (so a tie on 64-bit targets is not
//! wasted on 32-bit ones), then schema order (the lexicographically smallest permutation, so fields that are
//! visited together stay together when nothing is lost by it). The search is an exact branch and bound over
//! permutations in lexicographic order: a branch is cut only when even zero padding from here on could not beat
//! the best order found, so the first best order found is the lexicographically smallest one. Fields with the same
//! size and alignment on both targets are interchangeable, so only the first unused one of each kind is tried at a
//! position, which keeps ES5-sized structs (a handful of fields) and random 8-field ones instant.

use super::{Layout, PerTarget, Target, round_up};

/// The targets the objective compares, most important first.
const OBJECTIVE_TARGETS: [Target; 2] = [Target::BITS64, Target::BITS32];

/// Size and alignment of one field on each objective target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// Size per objective target (64-bit, 32-bit).
    pub size: [u64; 2],
    /// Alignment per objective target.
    pub align: [u64; 2],
}

impl Item {
    /// The objective-relevant part of a field's per-target layouts.
    pub fn from_layouts(layouts: &PerTarget<Layout>) -> Item {
        let pick = |f: fn(&Layout) -> u64| OBJECTIVE_TARGETS.map(|t| f(&layouts[t.index()]));
        Item { size: pick(|l| l.size), align: pick(|l| l.align) }
    }
}

/// The best order of `free` (as indices into it) when the fields `prefix` come first, in their given order.
pub fn best_order(prefix: &[Item], free: &[Item]) -> Vec<usize> {
    let all = prefix.iter().chain(free);
    let max_align = [0, 1].map(|t| all.clone().map(|i| i.align[t]).max().unwrap_or(1));
    let mut end = [0, 0];
    for item in prefix {
        end = place(end, item);
    }
    let mut search = Search {
        free,
        max_align,
        used: vec![false; free.len()],
        order: Vec::with_capacity(free.len()),
        remaining: [0, 1].map(|t| free.iter().map(|i| i.size[t]).sum()),
        best: None,
    };
    search.descend(end);
    search.best.map(|(_, order)| order).unwrap_or_default()
}

/// The end offset after placing `item` at the first aligned offset from `end`, per objective target.
fn place(end: [u64; 2], item: &Item) -> [u64; 2] {
    [0, 1].map(|t| round_up(end[t], item.align[t]) + item.size[t])
}

/// State of the branch-and-bound search.
struct Search<'a> {
    free: &'a [Item],
    max_align: [u64; 2],
    used: Vec<bool>,
    order: Vec<usize>,
    /// Total size of the fields not placed yet, per target.
    remaining: [u64; 2],
    /// The best (sizes, order) so far.
    best: Option<([u64; 2], Vec<usize>)>,
}

impl Search<'_> {
    fn descend(&mut self, end: [u64; 2]) {
        let bound = [0, 1].map(|t| round_up(end[t] + self.remaining[t], self.max_align[t]));
        if self.best.as_ref().is_some_and(|(best, _)| bound >= *best) {
            return;
        }
        if self.order.len() == self.free.len() {
            self.best = Some((bound, self.order.clone()));
            return;
        }
        let mut tried: Vec<Item> = Vec::new();
        for index in 0..self.free.len() {
            let item = self.free[index];
            if self.used[index] || tried.contains(&item) {
                continue;
            }
            tried.push(item);
            self.used[index] = true;
            self.order.push(index);
            self.remaining = [0, 1].map(|t| self.remaining[t] - item.size[t]);
            self.descend(place(end, &item));
            self.remaining = [0, 1].map(|t| self.remaining[t] + item.size[t]);
            self.order.pop();
            self.used[index] = false;
        }
    }
}
