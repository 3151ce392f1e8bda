//! Stacks for lists under construction. The parser collects the items of a list (statements of a block, arguments
//! of a call, ...) on a stack shared by all nesting levels, then moves them into a `Vec` of exactly their number,
//! so building a list reallocates nothing.
//!
//! The stack is kept in chunks of under 1 KiB instead of one growing buffer. glibc's malloc serves every request of
//! 1 KiB or more by first consolidating its fast bins: when a previous tree has just been freed, that merges tens of
//! thousands of freed nodes into large blocks, and every node of the new tree is then carved out of those on
//! malloc's slow path instead of being reused from a fast bin. Small chunks keep the parser's own bookkeeping from
//! being the request that does that (a list that really is that long still is, once it is complete).

/// Bytes per chunk: below glibc's large-request threshold (1 KiB with malloc's header).
const CHUNK_BYTES: usize = 960;

/// A stack of `T` in chunks of [`CHUNK_BYTES`]; chunks are kept for reuse once allocated.
pub struct ListStack<T> {
    /// Every chunk below `top` is full; the ones above it are empty.
    chunks: Vec<Vec<T>>,
    top: usize,
}

impl<T> ListStack<T> {
    /// Items per chunk (at least one).
    const CAPACITY: usize = {
        let items = CHUNK_BYTES / if size_of::<T>() == 0 { 1 } else { size_of::<T>() };
        if items == 0 { 1 } else { items }
    };

    /// An empty stack; nothing is allocated until the first push.
    pub fn new() -> Self {
        ListStack { chunks: Vec::new(), top: 0 }
    }

    /// The number of items on the stack: a list starts at the length when it starts (its mark).
    #[inline]
    pub fn len(&self) -> usize {
        match self.chunks.get(self.top) {
            Some(chunk) => self.top * Self::CAPACITY + chunk.len(),
            None => 0,
        }
    }

    /// Pushes `item`.
    #[inline]
    pub fn push(&mut self, item: T) {
        match self.chunks.get_mut(self.top) {
            Some(chunk) if chunk.len() < Self::CAPACITY => chunk.push(item),
            _ => self.push_to_next_chunk(item),
        }
    }

    #[cold]
    fn push_to_next_chunk(&mut self, item: T) {
        if !self.chunks.is_empty() {
            self.top += 1;
        }
        if self.top == self.chunks.len() {
            self.chunks.push(Vec::with_capacity(Self::CAPACITY));
        }
        self.chunks[self.top].push(item);
    }

    /// The items from `mark` on, oldest first.
    pub fn iter_from(&self, mark: usize) -> impl Iterator<Item = &T> {
        let first = mark / Self::CAPACITY;
        let skip = mark % Self::CAPACITY;
        let last = self.top.min(self.chunks.len());
        self.chunks.get(first..=last).unwrap_or(&[]).iter().flatten().skip(skip)
    }

    /// Moves the items from `mark` on into a `Vec` of exactly their number.
    pub fn take_from(&mut self, mark: usize) -> Vec<T> {
        let count = self.len() - mark;
        if count == 0 {
            return Vec::new();
        }
        let first = mark / Self::CAPACITY;
        let mut out = Vec::with_capacity(count);
        out.extend(self.chunks[first].drain(mark % Self::CAPACITY..));
        for chunk in &mut self.chunks[first + 1..=self.top] {
            out.append(chunk);
        }
        self.top = first;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::ListStack;

    #[test]
    fn nested_lists_come_out_whole_and_in_order() {
        let mut stack = ListStack::<u64>::new();
        let capacity = ListStack::<u64>::CAPACITY;
        assert_eq!(stack.len(), 0);
        for i in 0..capacity as u64 - 1 {
            stack.push(i);
        }
        let inner_mark = stack.len();
        // The inner list crosses two chunk boundaries.
        for i in 0..2 * capacity as u64 + 5 {
            stack.push(1000 + i);
        }
        assert_eq!(stack.iter_from(inner_mark + 1).next(), Some(&1001));
        let inner = stack.take_from(inner_mark);
        assert_eq!(inner, (0..2 * capacity as u64 + 5).map(|i| 1000 + i).collect::<Vec<_>>());
        assert_eq!(inner.capacity(), inner.len());
        assert_eq!(stack.len(), inner_mark);
        assert!(stack.take_from(stack.len()).is_empty());
        stack.push(7);
        let outer = stack.take_from(0);
        assert_eq!(outer.len(), capacity);
        assert_eq!(outer[..3], [0, 1, 2]);
        assert_eq!(outer[capacity - 1], 7);
        assert_eq!(stack.len(), 0);
        // Chunks are reused: a full chunk boundary at the mark works too.
        for i in 0..capacity as u64 {
            stack.push(i);
        }
        let mark = stack.len();
        assert!(stack.take_from(mark).is_empty());
        stack.push(99);
        assert_eq!(stack.take_from(mark), vec![99]);
        assert_eq!(stack.iter_from(0).count(), capacity);
    }
}
