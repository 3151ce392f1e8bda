//! Declared names with a few flags each, for the clash checks: duplicate parameters and the declarations of a
//! block scope.
//!
//! A scope usually declares a handful of names, and a list scanned linearly is then the cheapest lookup. But
//! scanning the list for every new name makes n declarations cost n²/2 comparisons (40,000 parameters of a strict
//! function took 8 s), so past [`LINEAR_LOOKUP`] names the list is moved into a hash map and each declaration
//! costs O(1).

use std::borrow::Cow;
use std::collections::HashMap;

/// A declared name, borrowed from the source when it is written there without escapes (the usual case), so
/// declaring one does not allocate.
pub type Name<'a> = Cow<'a, str>;

/// The most names kept in a list; more go into a hash map. Below about this many, comparing names one by one is
/// faster than hashing the new one.
const LINEAR_LOOKUP: usize = 16;

/// A set of names, each with a set of flags (bits whose meaning is the caller's).
pub enum NameSet<'a> {
    /// Up to [`LINEAR_LOOKUP`] names, in declaration order, each once.
    Few(Vec<(Name<'a>, u8)>),
    /// More names.
    Many(HashMap<Name<'a>, u8>),
}

impl Default for NameSet<'_> {
    fn default() -> Self {
        NameSet::Few(Vec::new())
    }
}

impl<'a> NameSet<'a> {
    /// Forgets every name, keeping the buffers (a set that grew into a map stays one: still O(1) per name).
    pub fn clear(&mut self) {
        match self {
            NameSet::Few(list) => list.clear(),
            NameSet::Many(map) => map.clear(),
        }
    }

    /// Adds `flags` to those of `name` (declaring it if new) and returns the flags it had before (0 when new).
    pub fn add(&mut self, name: Name<'a>, flags: u8) -> u8 {
        match self {
            NameSet::Few(list) => {
                count_probes(list.len());
                if let Some((_, old)) = list.iter_mut().find(|(n, _)| *n == name) {
                    let before = *old;
                    *old |= flags;
                    return before;
                }
                if list.len() < LINEAR_LOOKUP {
                    list.push((name, flags));
                    return 0;
                }
                let mut map: HashMap<Name<'a>, u8> = std::mem::take(list).into_iter().collect();
                map.insert(name, flags);
                *self = NameSet::Many(map);
                0
            }
            NameSet::Many(map) => {
                count_probes(1);
                let entry = map.entry(name).or_insert(0);
                let before = *entry;
                *entry |= flags;
                before
            }
        }
    }
}

// Tests count the names looked at, to prove that declarations cost O(1) each (a timing test would be flaky).
#[cfg(test)]
thread_local! {
    static PROBES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_probes(n: usize) {
    PROBES.with(|p| p.set(p.get() + n));
}

#[cfg(not(test))]
#[inline(always)]
fn count_probes(_: usize) {}

#[cfg(test)]
mod tests {
    use super::{NameSet, PROBES};

    fn probes() -> usize {
        PROBES.with(std::cell::Cell::get)
    }

    #[test]
    fn flags_accumulate_per_name() {
        // Past the linear limit too: the names of the list must survive the move into the map.
        for count in [3, 100] {
            let mut set = NameSet::default();
            for i in 0..count {
                assert_eq!(set.add(format!("n{i}").into(), 1), 0, "n{i} is new");
            }
            for i in 0..count {
                assert_eq!(set.add(format!("n{i}").into(), 2), 1, "n{i} was declared with flag 1");
                assert_eq!(set.add(format!("n{i}").into(), 4), 3, "n{i} now has flags 1 and 2");
            }
            assert_eq!(set.add("new".into(), 8), 0);
        }
    }

    /// n distinct names cost O(n) probes; with only a list they would cost n²/2 (50,000,000 here).
    #[test]
    fn declaring_many_names_is_linear() {
        let n = 10_000;
        let before = probes();
        let mut set = NameSet::default();
        for i in 0..n {
            set.add(format!("n{i}").into(), 1);
        }
        set.add("n0".into(), 1);
        let per_name = (probes() - before) as f64 / n as f64;
        assert!(per_name < 2.0, "{per_name} names looked at per declaration");
    }
}
