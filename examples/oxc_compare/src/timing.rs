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
            elapsed
        })
        .min()
        .unwrap_or_default()
}
