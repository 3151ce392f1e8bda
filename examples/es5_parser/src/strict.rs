//! acorn's `strictDirective`: before parsing a program or function body it looks at the source text for a
//! `"use strict"` directive, so that strict mode already applies to the tokens of the prologue itself (`"use
//! strict"; 010` is an error). This is a port of that text scan, quirks included (the raw text must be exactly
//! `use strict`, and the directive must be followed by `;`, `}` or a line break that cannot continue the
//! expression).

/// JavaScript's `\s`.
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
    )
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Length of the white space and comments at the start of `s` (acorn's `skipWhiteSpace` regex).
fn skip_space_and_comments(s: &str) -> usize {
    let mut i = 0;
    loop {
        let rest = &s[i..];
        if let Some(c) = rest.chars().next().filter(|&c| is_js_space(c)) {
            i += c.len_utf8();
        } else if rest.starts_with("//") {
            i += rest.find(is_line_break).unwrap_or(rest.len());
        } else if let Some(comment) = rest.strip_prefix("/*") {
            match comment.find("*/") {
                Some(end) => i += 2 + end + 2,
                None => return i,
            }
        } else {
            return i;
        }
    }
}

/// A string literal at the start of `s` (acorn's `literal` regex): (content, total length).
fn string_literal(s: &str) -> Option<(&str, usize)> {
    let quote = s.chars().next().filter(|&c| c == '"' || c == '\'')?;
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == quote {
            return Some((&s[1..i], i + 1));
        }
        if c == '\\' {
            chars.next()?;
        }
    }
    None
}

/// Whether `in` or `instanceof` (as a whole word) starts at `s`.
fn keyword_operator_at(s: &str) -> bool {
    let word_len = s.find(|c: char| !crate::lexer::is_identifier_part(c)).unwrap_or(s.len());
    matches!(&s[..word_len], "in" | "instanceof")
}

/// Whether the directive prologue starting at byte `start` of `src` contains `"use strict"`.
pub fn strict_directive(src: &str, mut start: usize) -> bool {
    loop {
        start += skip_space_and_comments(&src[start..]);
        let Some((content, len)) = string_literal(&src[start..]) else { return false };
        if content == "use strict" {
            let after = start + len;
            let space_len = skip_space_and_comments(&src[after..]);
            let space = &src[after..after + space_len];
            let rest = &src[after + space_len..];
            let next = rest.chars().next();
            return match next {
                Some(';' | '}') => true,
                _ => {
                    space.contains(is_line_break)
                        && !(next.is_some_and(|c| "(`.[+-/*%<>=,?^&".contains(c))
                            || rest.starts_with("!=")
                            || (next == Some('i') && keyword_operator_at(rest)))
                }
            };
        }
        start += len;
        start += skip_space_and_comments(&src[start..]);
        if src[start..].starts_with(';') {
            start += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::strict_directive;

    #[test]
    fn finds_use_strict_as_acorn_does() {
        assert!(strict_directive("'use strict';", 0));
        assert!(strict_directive("\"a\"; /* c */ 'use strict'\nfoo()", 0));
        assert!(!strict_directive("'use strict'", 0));
        assert!(!strict_directive("'use strict'\n+ 1", 0));
        assert!(!strict_directive("'use strict'\nin x", 0));
        assert!(strict_directive("'use strict'\ninx", 0));
        assert!(!strict_directive("'use\\x20strict';", 0));
        assert!(!strict_directive("foo; 'use strict';", 0));
        assert!(strict_directive("{ 'use strict' }", 1));
    }
}
