//! The one way to turn a name into an identifier token: keyword-aware, so that a schema name which happens to be a
//! Rust keyword (`type`, `in`, `static`, ...) still becomes valid code, written as a raw identifier (`r#type`).

use std::fmt;

use proc_macro2::{Ident, Span};

/// Every keyword that is not an identifier by itself but may be written as a raw one: the strict keywords, the
/// keywords reserved for future use, and the edition-dependent ones (`async`, `await`, `dyn`, `try`, `gen`), so the
/// result compiles in every edition. Weak keywords (`union`, `macro_rules`, `raw`, `safe`) are identifiers
/// wherever a name goes and stay as they are.
const RAW_KEYWORDS: [&str; 48] = [
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The keywords that Rust does not allow as raw identifiers (`r#self` is an error), plus `_`, which is a
/// placeholder, never a name.
const NEVER_RAW: [&str; 5] = ["self", "Self", "super", "crate", "_"];

/// `name` is not an identifier and no raw identifier makes it one: it is empty, starts with a digit, holds a space
/// or punctuation, or is a raw identifier Rust forbids (`r#self`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAnIdentifier {
    /// The text that was refused.
    pub name: String,
}

impl fmt::Display for NotAnIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a Rust identifier", self.name)
    }
}

impl std::error::Error for NotAnIdentifier {}

/// The identifier token for `name` (at the call site's span), raw when `name` is a keyword that needs it:
/// `"left"` → `left`, `"type"` → `r#type`, `"gen"` → `r#gen`. A raw input stays raw (`"r#type"` → `r#type`).
///
/// `self`, `Self`, `super` and `crate` cannot be raw identifiers, so they come back as the keyword itself, which
/// is right where the caller means the keyword (`self.x`, `crate::Node`) and a compile error in the emitted code
/// where it meant a name. No schema or `#[ast]` type can have such a name: Rust rejects them as type, field and
/// variant names before any of our code sees them. `_` likewise comes back as `_`.
///
/// # Panics
///
/// When `name` is no identifier at all (see [`NotAnIdentifier`]). Every name in a schema or an `#[ast]` item was
/// parsed as an identifier, so that is a bug in the caller that composed `name`; callers holding text that was
/// never checked use [`try_ident`].
pub fn ident(name: &str) -> Ident {
    match try_ident(name) {
        Ok(ident) => ident,
        Err(error) => panic!("{error}; this is a bug in the code that built the name"),
    }
}

/// [`ident`] for text that may not be an identifier: the same token, or [`NotAnIdentifier`] instead of a panic.
pub fn try_ident(name: &str) -> Result<Ident, NotAnIdentifier> {
    let span = Span::call_site();
    if RAW_KEYWORDS.contains(&name) {
        return Ok(Ident::new_raw(name, span));
    }
    if NEVER_RAW.contains(&name) {
        return Ok(Ident::new(name, span));
    }
    // syn's identifier parser knows Unicode's identifier characters and refuses keywords, which are handled above.
    // Comparing the text back refuses input around the identifier that the lexer skips (spaces, comments).
    match syn::parse_str::<Ident>(name) {
        Ok(ident) if ident == name => Ok(ident),
        _ => Err(NotAnIdentifier { name: name.to_owned() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str) -> String {
        ident(name).to_string()
    }

    #[test]
    fn plain_names_stay_plain() {
        for name in ["left", "Program", "node_id", "_private", "x1", "union", "macro_rules", "raw", "safe", "größe"] {
            assert_eq!(text(name), name);
        }
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        for name in ["type", "in", "static", "fn", "match", "async", "await", "dyn", "try", "gen", "yield", "box"] {
            assert_eq!(text(name), format!("r#{name}"));
        }
    }

    #[test]
    fn every_listed_keyword_needs_its_raw_form() {
        // Each keyword of the list, written plain, is not an identifier to syn; so none is listed by mistake. `gen`
        // is the exception: it is reserved only from edition 2024 on, and syn, which knows no edition, accepts it.
        for name in RAW_KEYWORDS.into_iter().filter(|name| *name != "gen") {
            assert!(syn::parse_str::<Ident>(name).is_err(), "{name} is an identifier, not a keyword to escape");
        }
    }

    #[test]
    fn raw_input_stays_raw() {
        assert_eq!(text("r#type"), "r#type");
        assert_eq!(text("r#left"), "r#left");
    }

    #[test]
    fn keywords_that_cannot_be_raw_come_back_as_themselves() {
        for name in NEVER_RAW {
            assert_eq!(text(name), name);
        }
    }

    #[test]
    fn the_result_parses_back_as_the_same_name() {
        // The token must be usable where a field or type name goes: `struct S { r#type: u8 }` is valid Rust.
        for name in ["type", "left", "gen", "r#match"] {
            let field = ident(name);
            let item: syn::ItemStruct = syn::parse_quote!(struct S { #field: u8 });
            let parsed = item.fields.iter().next().and_then(|f| f.ident.clone());
            assert_eq!(parsed, Some(field));
        }
    }

    #[test]
    fn non_identifiers_are_refused() {
        for name in ["", "1a", "a-b", "a b", " a", "a // c", "r#self", "r#crate", "r#_", "::a", "a::b", "'a"] {
            assert_eq!(try_ident(name), Err(NotAnIdentifier { name: name.to_owned() }), "{name:?}");
        }
    }

    #[test]
    #[should_panic(expected = "`1a` is not a Rust identifier")]
    fn ident_panics_on_a_caller_bug() {
        ident("1a");
    }
}
