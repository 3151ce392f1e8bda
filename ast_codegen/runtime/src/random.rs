//! The schema-independent core of the generated `RandomTree`: a seeded SplitMix64 source with the node budget,
//! preorder IDs, spans and leaf values (strings, numbers) that every random tree needs. The generated crate adds
//! one method per node type on top of it.

use crate::{NodeId, Span};

/// Randomness and bookkeeping for one random tree generator: the same seed and budget always give the same tree.
#[derive(Debug, Clone)]
pub struct RandomSource {
    state: u64,
    next_id: u32,
    budget: usize,
    max_depth: u32,
    position: u32,
}

impl RandomSource {
    /// A source seeded with `seed` that stops growing trees after about `budget` nodes and nests at most
    /// `max_depth` levels before closing off.
    pub fn new(seed: u64, budget: usize, max_depth: u32) -> Self {
        RandomSource { state: seed, next_id: 0, budget, max_depth, position: 0 }
    }

    /// Starts a new tree: IDs from 0 and spans from offset 0 again (the budget carries on).
    pub fn restart(&mut self) {
        self.next_id = 0;
        self.position = 0;
    }

    /// SplitMix64: small, fast, and good enough for test data.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True when the tree should stop growing at `depth`: the budget is spent or the depth reached.
    pub fn closing(&self, depth: u32) -> bool {
        self.budget == 0 || depth >= self.max_depth
    }

    /// The next node's ID (preorder, when called before the node's fields are generated); spends one node of the
    /// budget.
    pub fn id(&mut self) -> NodeId {
        let id = NodeId::from_u32(self.next_id);
        self.next_id = self.next_id.wrapping_add(1);
        self.budget = self.budget.saturating_sub(1);
        id
    }

    /// A span starting at or after the previous one's start.
    pub fn span(&mut self) -> Span {
        let start = self.position.saturating_add(self.below(4) as u32);
        let end = start.saturating_add(self.below(16) as u32);
        self.position = start;
        Span::new(start, end)
    }

    /// The random length of a list at `depth` (0 once closing).
    pub fn list_len(&mut self, depth: u32) -> usize {
        if self.closing(depth) { 0 } else { self.below(4) as usize }
    }

    /// Whether a list gets another element: its random length, or at the root until the budget is spent (random
    /// subtrees tend to close off early, so the root's lists are what makes a tree reach its budget).
    pub fn more(&mut self, depth: u32, remaining: &mut usize) -> bool {
        if depth == 0 && self.budget > 0 {
            return true;
        }
        let more = *remaining > 0;
        *remaining = remaining.saturating_sub(1);
        more
    }

    /// Whether an optional child at `depth` is present (never once closing).
    pub fn present(&mut self, depth: u32) -> bool {
        !self.closing(depth) && self.below(3) != 0
    }

    /// A short string mixing ASCII, multi-byte characters and characters JSON escapes.
    pub fn gen_string(&mut self) -> String {
        const PIECES: [&str; 10] = ["a", "b", "z", "_", "$", "é", "漢", "😀", "\"", "\\"];
        let len = self.below(7);
        (0..len).map(|_| PIECES[self.below(PIECES.len() as u64) as usize]).collect()
    }

    /// A random `bool`.
    pub fn gen_bool(&mut self) -> bool {
        self.below(2) == 1
    }

    /// A character of 1 to 4 UTF-8 bytes.
    pub fn gen_char(&mut self) -> char {
        ['a', 'é', '漢', '😀'][self.below(4) as usize]
    }

    /// A finite number with a fractional part, so float conversions are exercised but equality holds.
    pub fn gen_f64(&mut self) -> f64 {
        self.below(1 << 24) as f64 / 16.0
    }

    /// Like [`RandomSource::gen_f64`], for `f32`.
    pub fn gen_f32(&mut self) -> f32 {
        self.below(1 << 16) as f32 / 16.0
    }
}
