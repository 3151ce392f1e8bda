//! String interning while flattening, side by side in one run: [`StrInterner`] (rustc-hash v2's Fx hash) against
//! the same map keyed by the classic Fx hash, the hand-written hasher the runtime used before it took the
//! `rustc-hash` crate. Input: every identifier-like word of lodash, in source order (what the flattener interns:
//! names repeat a lot, most are short).
//!
//! `npm ci --prefix tests/js` first; then `cargo bench -p ast_runtime --bench interner`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::hint::black_box;
use std::path::Path;

use ast_runtime::{StrInterner, StrRef};
use criterion::{Criterion, Throughput};

/// The classic Fx hash (rustc-hash v1, and this runtime's own copy before): rotate, xor, multiply per 8-byte word.
/// Kept only as the comparison point of this bench.
#[derive(Default, Clone, Copy)]
struct ClassicFx {
    hash: u64,
}

impl ClassicFx {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for ClassicFx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// lodash's identifier-like words (`[A-Za-z0-9_$]+`) in source order.
fn lodash_words(source: &str) -> Vec<&str> {
    source.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).filter(|w| !w.is_empty()).collect()
}

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/js/node_modules/lodash/lodash.js");
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `npm ci --prefix tests/js` first)", path.display()));
    let words = lodash_words(&source);

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("intern_lodash_words");
    group.throughput(Throughput::Elements(words.len() as u64));
    group.bench_function("rustc_hash_v2", |b| {
        b.iter(|| {
            let mut buffer = String::new();
            let mut interner = StrInterner::with_capacity(256);
            for &word in &words {
                black_box(interner.intern(&mut buffer, word));
            }
            buffer.len()
        });
    });
    group.bench_function("classic_fx", |b| {
        b.iter(|| {
            let mut buffer = String::new();
            let mut seen: HashMap<&str, StrRef, BuildHasherDefault<ClassicFx>> =
                HashMap::with_capacity_and_hasher(256, BuildHasherDefault::default());
            for &word in &words {
                black_box(*seen.entry(word).or_insert_with(|| StrRef::push(&mut buffer, word)));
            }
            buffer.len()
        });
    });
    group.finish();
    c.final_summary();
    println!(
        "lodash: {} words, {} distinct",
        words.len(),
        words.iter().collect::<std::collections::HashSet<_>>().len()
    );
}
