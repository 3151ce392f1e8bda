//! The string table of a [`FlatBuilder`](super::FlatBuilder): every distinct string once, numbered in the order it
//! was first interned, with no allocation per string.

use core::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// Distinct strings, numbered from 0, stored back to back in one buffer. A hash table of the numbers, hashed and
/// compared by the text they stand for, finds a string's number without keeping a key of its own: interning a
/// string already seen allocates nothing, a new one only grows the buffer and the table.
#[derive(Default, Clone)]
pub(super) struct BuildStrings {
    /// String numbers, looked up by text (Fx hash, as the flattener's interner).
    table: HashTable<u32>,
    /// The text of every string, back to back.
    text: String,
    /// Per string number, where its text ends in `text` (it starts where the previous one ends).
    ends: Vec<u32>,
}

impl BuildStrings {
    /// How many distinct strings are stored.
    #[inline]
    pub(super) fn len(&self) -> u32 {
        // `intern` keeps the count below `u32::MAX`.
        self.ends.len() as u32
    }

    /// Bytes of text stored.
    pub(super) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// The text of string `number`, if it exists.
    #[inline]
    pub(super) fn get(&self, number: u32) -> Option<&str> {
        text_of(&self.text, &self.ends, number)
    }

    /// The number of `s`: its old number when an equal string was interned before, else the next one.
    ///
    /// # Panics
    /// Past `u32::MAX - 1` distinct strings or bytes of text (4 GiB of distinct strings in one tree).
    #[inline]
    pub(super) fn intern(&mut self, s: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(s);
        let BuildStrings { table, text, ends } = self;
        if let Some(&number) = table.find(hash, |&number| text_of(text, ends, number) == Some(s)) {
            return number;
        }
        let number = u32::try_from(ends.len()).ok().filter(|&n| n < u32::MAX).expect("more than 4 Gi strings");
        text.push_str(s);
        let end = u32::try_from(text.len()).ok().filter(|&n| n < u32::MAX).expect("more than 4 GiB of strings");
        ends.push(end);
        table.insert_unique(hash, number, |&number| FxBuildHasher.hash_one(text_of(text, ends, number).unwrap_or("")));
        number
    }

    /// Forgets every string numbered `count` or above (interned after a checkpoint that is rewound to).
    pub(super) fn truncate(&mut self, count: u32) {
        for number in (count..self.len()).rev() {
            let hash = FxBuildHasher.hash_one(self.get(number).unwrap_or(""));
            if let Ok(entry) = self.table.find_entry(hash, |&n| n == number) {
                entry.remove();
            }
        }
        let start = count.checked_sub(1).and_then(|last| self.ends.get(last as usize)).copied().unwrap_or(0);
        self.text.truncate(start as usize);
        self.ends.truncate(count as usize);
    }

    /// Forgets every string, keeping the buffers for the next tree.
    pub(super) fn clear(&mut self) {
        self.table.clear();
        self.text.clear();
        self.ends.clear();
    }

    /// Bytes held on the heap (an estimate for the table: its capacity in `u32`s plus a control byte each).
    pub(super) fn heap_bytes(&self) -> usize {
        self.table.capacity() * (core::mem::size_of::<u32>() + 1) + self.text.capacity() + self.ends.capacity() * 4
    }
}

/// The text of string `number` of a table whose texts are `text`, ending at `ends`.
#[inline]
fn text_of<'a>(text: &'a str, ends: &[u32], number: u32) -> Option<&'a str> {
    let end = *ends.get(number as usize)?;
    let start = match number.checked_sub(1) {
        Some(previous) => *ends.get(previous as usize)?,
        None => 0,
    };
    text.get(start as usize..end as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_share_a_number_and_truncation_forgets_the_later_ones() {
        let mut strings = BuildStrings::default();
        let a = strings.intern("alpha");
        let b = strings.intern("β");
        assert_eq!((a, b), (0, 1));
        assert_eq!(strings.intern("alpha"), a, "an equal string gets the old number");
        let empty = strings.intern("");
        assert_eq!(strings.get(empty), Some(""));
        let c = strings.intern("gamma");
        strings.truncate(2);
        assert_eq!(strings.len(), 2);
        assert_eq!(strings.get(c), None);
        assert_eq!(strings.intern("gamma"), 2, "a forgotten string is new again");
        assert_eq!(strings.intern(""), 3);
        assert_eq!(strings.get(b), Some("β"));
        assert_eq!(strings.text_len(), "alphaβgamma".len());
        strings.clear();
        assert_eq!((strings.len(), strings.intern("β")), (0, 0));
    }

    #[test]
    fn many_strings_survive_the_table_growing() {
        let mut strings = BuildStrings::default();
        let names: Vec<String> = (0..5000).map(|i| format!("n{i}")).collect();
        let numbers: Vec<u32> = names.iter().map(|n| strings.intern(n)).collect();
        assert!(numbers.iter().enumerate().all(|(i, &n)| n as usize == i));
        assert!(names.iter().zip(&numbers).all(|(name, &n)| strings.intern(name) == n && strings.get(n) == Some(name)));
        strings.truncate(100);
        assert!(names[..100].iter().all(|name| strings.intern(name) < 100));
        assert_eq!(strings.intern(&names[4000]), 100);
    }
}
