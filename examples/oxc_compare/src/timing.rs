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

/// The best time of each of `works` over `runs` rounds, one run of each per round, every round starting with the
/// next one, each run after a short sleep. On a loaded machine the scheduler takes the core away when the task's
/// time slice ends: in a fixed order, back to back, the same 4 ms run straddled a slice boundary in every round and
/// measured 8-12 ms (wall time, for 4 ms of CPU time) while its neighbours were not hit. Sleeping before each run
/// lets it start on a fresh slice, and rotating the order gives every variant the same load. Results are dropped
/// outside the timed region, as in [`best_of`].
pub fn best_of_interleaved<const N: usize>(runs: usize, works: [&mut dyn FnMut() -> Duration; N]) -> [Duration; N] {
    let mut best = [Duration::MAX; N];
    for round in 0..runs.max(1) {
        for turn in 0..N {
            let i = (round + turn) % N;
            std::thread::sleep(Duration::from_micros(200));
            best[i] = best[i].min(works[i]());
        }
    }
    best
}

/// Finishes the freeing of what the previous run returned before the next run starts. glibc's `free` puts small
/// chunks on per-size lists and merges them only at the next large allocation (`malloc_consolidate`), which would
/// otherwise happen inside the next timed run and bill it for freeing the previous tree. One 64 KiB allocation (a
/// large request, below the mmap threshold) makes that merge happen here, outside the timed region. Other allocators
/// just serve and free the block.
fn settle_allocator() {
    drop(black_box(Vec::<u8>::with_capacity(64 * 1024)));
}
