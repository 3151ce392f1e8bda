//! Schema diagnostics, printed as rustc prints its errors: `error: what is wrong`, ` --> path:line:col`, the
//! source line with the offending tokens underlined, and `= help: how to fix it`.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::model::Location;

/// One error found in a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Diagnostic {
    /// A diagnostic at `location`.
    pub fn new(location: Location, message: impl Into<String>, help: impl Into<String>) -> Self {
        Diagnostic { location, message: message.into(), help: help.into() }
    }

    /// The rustc-style text, with the source line when the file can be read (else `path:line:col` alone).
    pub fn render(&self) -> String {
        let source = std::fs::read_to_string(&self.location.file).ok();
        let path = self.location.file.display().to_string();
        let origin = self.location.to_string();
        let title = Level::ERROR.primary_title(&self.message);
        let help = Level::HELP.message(&self.help);
        let group = match source.as_deref().and_then(|text| byte_range(text, &self.location).map(|r| (text, r))) {
            Some((text, range)) => Group::with_title(title)
                .element(Snippet::source(text).path(&path).annotation(AnnotationKind::Primary.span(range)))
                .element(help),
            None => Group::with_title(title).element(annotate_snippets::Origin::path(&origin)).element(help),
        };
        Renderer::plain().render(&[group])
    }
}

/// The byte range of `location` in `text`: from its start to its end when known, else one character.
fn byte_range(text: &str, location: &Location) -> Option<std::ops::Range<usize>> {
    let start = byte_offset(text, location.line, location.column)?;
    let end = match location.end {
        (line, column) if line > 0 => byte_offset(text, line, column).filter(|&end| end > start),
        _ => None,
    };
    let one_char = text[start..].chars().next().map_or(start, |c| start + c.len_utf8());
    Some(start..end.unwrap_or(one_char))
}

/// The byte offset of 1-based `line` and character `column` in `text`.
fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map(|(at, _)| at + 1)? };
    let rest = &text[line_start..];
    let in_line = rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(at, _)| at);
    Some(line_start + in_line)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Every diagnostic of a failed phase, printed one after another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_source_line_with_a_caret_under_the_span() {
        let dir = std::env::temp_dir().join(format!("ast_codegen_diag_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("lib.rs");
        std::fs::write(&file, "#[ast]\npub struct Program { pub x: Box<Nope> }\n").unwrap();
        let location = Location { file: file.clone(), line: 2, column: 29, end: (2, 38) };
        let text = Diagnostic::new(location, "unknown type name `Nope`", "declare it").render();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(text.starts_with("error: unknown type name `Nope`"), "{text}");
        assert!(text.contains(&format!("--> {}:2:29", file.display())), "{text}");
        assert!(text.contains("2 | pub struct Program { pub x: Box<Nope> }"), "{text}");
        assert!(text.contains("|                             ^^^^^^^^^"), "{text}");
        assert!(text.contains("= help: declare it"), "{text}");
    }

    #[test]
    fn without_a_readable_file_the_location_is_still_named() {
        let location = Location { file: "missing/lib.rs".into(), line: 3, column: 7, end: (0, 0) };
        let text = Diagnostic::new(location, "bad", "fix it").render();
        assert!(text.contains("missing/lib.rs:3:7"), "{text}");
        assert!(text.contains("= help: fix it"), "{text}");
    }
}
