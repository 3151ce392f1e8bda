//! A counting global allocator, so heap bytes held by a data structure can be measured without `unsafe` at the
//! call site. Binaries opt in with `#[global_allocator] static A: CountingAlloc = CountingAlloc;`.
//!
//! Counting is switched on only inside [`retained_by`], so timed code pays one relaxed load per allocation at most.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

/// The system allocator, counting the bytes requested and freed while a measurement is running.
///
/// Counts are *requested* sizes (`Layout::size`), not what malloc reserves behind them, the same basis as
/// `oxc_allocator::Allocator::used_bytes` (which counts bytes handed out from the arena, padding included).
pub struct CountingAlloc;

/// Adds `delta` to the live byte count if a measurement is running.
#[inline]
fn record(delta: isize) {
    if COUNTING.load(Ordering::Relaxed) {
        LIVE_BYTES.fetch_add(delta, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards to `System` unchanged; the counters have no effect on the memory handed out.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        record(-(layout.size() as isize));
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size as isize - layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Runs `build` and returns its result with the heap bytes it still holds once `build` has returned
/// (allocations made and freed inside, such as a lexer's buffers, do not count).
///
/// Meaningful only when [`CountingAlloc`] is the global allocator; see [`is_installed`].
pub fn retained_by<T>(build: impl FnOnce() -> T) -> (T, usize) {
    LIVE_BYTES.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let value = build();
    COUNTING.store(false, Ordering::Relaxed);
    let bytes = LIVE_BYTES.load(Ordering::Relaxed);
    (value, usize::try_from(bytes).unwrap_or(0))
}

/// Whether [`CountingAlloc`] is the global allocator of this binary (a boxed value is seen by the counter).
pub fn is_installed() -> bool {
    let (boxed, bytes) = retained_by(|| std::hint::black_box(Box::new([0u8; 64])));
    drop(boxed);
    bytes == 64
}
