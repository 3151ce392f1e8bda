//! Regular expression pattern validation, as acorn 8 does it for `ecmaVersion: 5` (no `u` flag, so the lenient
//! Annex B grammar): groups must balance, quantifiers need something to repeat, `{n,m}` must be in order and
//! character class ranges must be in order. Everything else Annex B accepts (identity escapes, `\c` without a
//! letter, lone `{`/`}`/`]`, back references to groups that do not exist) is accepted here too.
//!
//! It works on UTF-16 code units, as JavaScript does without the `u` flag (so `[😀-😁]` is out of order), and it is
//! iterative: nesting depth cannot overflow the stack.

/// Checks a pattern (the text between the slashes); the error is acorn's message.
#[cfg(test)]
pub fn validate(pattern: &str) -> Result<(), &'static str> {
    validate_with(pattern, &mut Buffers::default())
}

/// The working buffers of a pattern check, kept for the next pattern (the lexer keeps one), so that checking a
/// pattern allocates nothing once they are large enough.
#[derive(Default)]
pub struct Buffers {
    units: Vec<u16>,
    groups: Vec<Group>,
}

/// [`validate`] with the buffers of an earlier check.
pub fn validate_with(pattern: &str, buffers: &mut Buffers) -> Result<(), &'static str> {
    let Buffers { units, groups } = buffers;
    units.clear();
    units.extend(pattern.encode_utf16());
    groups.clear();
    Validator { units, pos: 0 }.run(groups)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Capturing,
    NonCapturing,
    Lookahead,
}

struct Validator<'a> {
    units: &'a [u16],
    pos: usize,
}

const fn u(c: char) -> u16 {
    c as u16
}

impl Validator<'_> {
    fn at(&self, offset: usize) -> Option<u16> {
        self.units.get(self.pos + offset).copied()
    }

    fn is(&self, offset: usize, c: char) -> bool {
        self.at(offset) == Some(u(c))
    }

    fn run(&mut self, groups: &mut Vec<Group>) -> Result<(), &'static str> {
        // Whether the previous term is an atom that a quantifier may follow.
        let mut quantifiable = false;
        while let Some(c) = self.at(0) {
            match c {
                x if x == u('|') || x == u('^') || x == u('$') => {
                    self.pos += 1;
                    quantifiable = false;
                }
                x if x == u(')') => {
                    if groups.pop().is_none() {
                        return Err("Unmatched ')'");
                    }
                    self.pos += 1;
                    quantifiable = true;
                }
                x if x == u('*') || x == u('+') || x == u('?') => {
                    if !quantifiable {
                        return Err("Nothing to repeat");
                    }
                    self.pos += 1;
                    self.eat_lazy_mark();
                    quantifiable = false;
                }
                x if x == u('{') => {
                    if let Some((min, max, len)) = self.braced_quantifier() {
                        if !quantifiable {
                            return Err("Nothing to repeat");
                        }
                        if max.is_some_and(|max| max < min) {
                            return Err("numbers out of order in {} quantifier");
                        }
                        self.pos += len;
                        self.eat_lazy_mark();
                        quantifiable = false;
                    } else {
                        self.pos += 1;
                        quantifiable = true;
                    }
                }
                x if x == u('\\') => {
                    // `\b` and `\B` are assertions; every other escape is an atom.
                    quantifiable = !(self.is(1, 'b') || self.is(1, 'B'));
                    self.pos += 2.min(self.units.len() - self.pos);
                }
                x if x == u('(') => {
                    quantifiable = false;
                    if self.is(1, '?') {
                        let kind = if self.is(2, ':') {
                            Group::NonCapturing
                        } else if self.is(2, '=') || self.is(2, '!') {
                            Group::Lookahead
                        } else {
                            return Err("Invalid group");
                        };
                        groups.push(kind);
                        self.pos += 3;
                    } else {
                        groups.push(Group::Capturing);
                        self.pos += 1;
                    }
                }
                x if x == u('[') => {
                    self.pos += 1;
                    self.class()?;
                    quantifiable = true;
                }
                _ => {
                    self.pos += 1;
                    quantifiable = true;
                }
            }
        }
        if !groups.is_empty() {
            return Err("Unterminated group");
        }
        Ok(())
    }

    fn eat_lazy_mark(&mut self) {
        if self.is(0, '?') {
            self.pos += 1;
        }
    }

    /// `{n}`, `{n,}` or `{n,m}` at `pos`: (min, max, length).
    fn braced_quantifier(&self) -> Option<(f64, Option<f64>, usize)> {
        let mut i = 1;
        let min = self.digits(&mut i)?;
        let mut max = Some(min);
        if self.is(i, ',') {
            i += 1;
            max = self.digits(&mut i);
        }
        if !self.is(i, '}') {
            return None;
        }
        Some((min, max, i + 1))
    }

    fn digits(&self, i: &mut usize) -> Option<f64> {
        let start = *i;
        let mut value = 0.0;
        while let Some(d) = self.at(*i).filter(|d| (u('0')..=u('9')).contains(d)) {
            value = value * 10.0 + f64::from(d - u('0'));
            *i += 1;
        }
        (*i > start).then_some(value)
    }

    /// A character class after its `[`, up to and including `]`.
    fn class(&mut self) -> Result<(), &'static str> {
        if self.is(0, '^') {
            self.pos += 1;
        }
        while let Some(left) = self.class_atom() {
            if self.is(0, '-') {
                self.pos += 1;
                if let (Some(l), Some(Some(r))) = (left, self.class_atom())
                    && l > r
                {
                    return Err("Range out of order in character class");
                }
            }
        }
        if !self.is(0, ']') {
            return Err("Unterminated character class");
        }
        self.pos += 1;
        Ok(())
    }

    /// One class atom: `Some(Some(value))` for a character, `Some(None)` for a class escape such as `\d`, `None`
    /// at `]` or the end.
    fn class_atom(&mut self) -> Option<Option<u32>> {
        let c = self.at(0)?;
        if c == u(']') {
            return None;
        }
        if let Some((value, len)) = self.class_escape().filter(|_| c == u('\\')) {
            self.pos += 1 + len;
            return Some(value);
        }
        self.pos += 1;
        Some(Some(u32::from(c)))
    }

    /// The escape after a `\` inside a class: (value, length after the backslash), or `None` for a `\` that
    /// stands for itself (`\c` not followed by a control letter).
    fn class_escape(&self) -> Option<(Option<u32>, usize)> {
        let c = char::from_u32(u32::from(self.at(1)?)).unwrap_or('\u{fffd}');
        let next = self.at(2).map(u32::from);
        let is_digit = |v: Option<u32>| v.is_some_and(|v| (0x30..=0x39).contains(&v));
        Some(match c {
            'b' => (Some(8), 1),
            'c' => match next {
                Some(n) if is_digit(Some(n)) || n == 0x5f => (Some(n % 32), 2),
                Some(n) if char::from_u32(n).is_some_and(|c| c.is_ascii_alphabetic()) => (Some(n % 32), 2),
                _ => return None,
            },
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => (None, 1),
            'f' => (Some(0x0c), 1),
            'n' => (Some(0x0a), 1),
            'r' => (Some(0x0d), 1),
            't' => (Some(0x09), 1),
            'v' => (Some(0x0b), 1),
            '0' if !is_digit(next) => (Some(0), 1),
            'x' if self.hex(2, 2).is_some() => (self.hex(2, 2), 3),
            'u' if self.hex(2, 4).is_some() => (self.hex(2, 4), 5),
            '0'..='7' => self.legacy_octal(),
            other => (Some(other as u32), 1),
        })
    }

    fn hex(&self, from: usize, len: usize) -> Option<u32> {
        (0..len).try_fold(0, |acc, i| {
            let d = char::from_u32(u32::from(self.at(from + i)?))?.to_digit(16)?;
            Some(acc * 16 + d)
        })
    }

    fn legacy_octal(&self) -> (Option<u32>, usize) {
        let digit = |i: usize| self.at(i).and_then(|d| char::from_u32(u32::from(d))?.to_digit(8));
        let n1 = digit(1).unwrap_or(0);
        match digit(2) {
            Some(n2) => match digit(3) {
                Some(n3) if n1 <= 3 => (Some(n1 * 64 + n2 * 8 + n3), 3),
                _ => (Some(n1 * 8 + n2), 2),
            },
            None => (Some(n1), 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn valid_patterns_pass() {
        for p in [
            "a", "a|b", "(a)", "(?:a)*", "(?=a)+", "a{1,2}", "a{,2}", "{", "}", "]", "a{1", "[a-z]", "[-a]", "[a-]",
            "[\\d-z]", "\\c", "[\\c]", "\\1", "[\\b]", "\\(", "x*?", "[]", "[^]", "\\u0041+",
        ] {
            assert_eq!(validate(p), Ok(()), "{p}");
        }
    }

    #[test]
    fn invalid_patterns_fail_with_acorns_message() {
        for (p, msg) in [
            ("(", "Unterminated group"),
            ("(?:a", "Unterminated group"),
            (")", "Unmatched ')'"),
            ("a)", "Unmatched ')'"),
            ("*", "Nothing to repeat"),
            ("a**", "Nothing to repeat"),
            ("^*", "Nothing to repeat"),
            ("(*)", "Nothing to repeat"),
            ("{1}", "Nothing to repeat"),
            ("a{2,1}", "numbers out of order in {} quantifier"),
            ("(?a)", "Invalid group"),
            ("[z-a]", "Range out of order in character class"),
            ("[\u{1F600}-\u{1F601}]", "Range out of order in character class"),
        ] {
            assert_eq!(validate(p), Err(msg), "{p}");
        }
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let p = "(".repeat(200_000) + &")".repeat(200_000);
        assert_eq!(validate(&p), Ok(()));
    }
}
