//! Best-of-N wall-clock timing for the table printed by `cargo run --release`. (The statistically careful figures
//! come from `cargo bench`; best-of-N is a quick, low-noise summary on a shared machine.)

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Runs `work` `runs` times and returns the fastest run. What `work` returns is dropped outside the timed region,
/// so freeing a tree is not counted as building it.
pub fn best_of<T>(runs: usize, mut work: impl FnMut() -> T) -> Duration {
    (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            let out = black_box(work());
            let elapsed = start.elapsed();
            drop(out);
            settle_allocator();
            elapsed
        })
        .min()
        .unwrap_or_default()
}

/// Finishes the freeing of what the previous run returned before the next run starts. glibc's `free` puts small
/// chunks on per-size lists and merges them only at the next large allocation (`malloc_consolidate`), which would
/// otherwise happen inside the next timed run and bill it for freeing the previous tree. One 64 KiB allocation (a
/// large request, below the mmap threshold) makes that merge happen here, outside the timed region. Other allocators
/// just serve and free the block.
fn settle_allocator() {
    drop(black_box(Vec::<u8>::with_capacity(64 * 1024)));
}
