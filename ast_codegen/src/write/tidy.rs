//! Makes emitted code read like code a person wrote: short paths where they cannot change meaning, and a blank
//! line between items.
//!
//! Emitters spell every path in full (`::core::option::Option`, `::ast_runtime::NodeId`), because only a full path
//! is right whatever names the schema declares. This pass shortens them afterwards, scope by scope, where it can
//! prove the short name means the same item: names of the Rust prelude are written bare, others are imported with
//! one `use` per crate at the top of the module. A name the module defines itself, or a schema type name (which a
//! glob import of the crate root could bring in), is never shortened to a prelude name.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use proc_macro2::Span;
use syn::visit_mut::{self, VisitMut};
use syn::{Ident, Item, Path, UseTree};

/// Crates whose paths are shortened: the standard library and the runtime that every generated crate depends on.
const SHORTENED_CRATES: [&str; 4] = ["core", "std", "alloc", "ast_runtime"];

/// Items of the Rust prelude (2021 and later) and their canonical module, written bare without an import.
const PRELUDE: [(&str, &str); 15] = [
    ("Option", "option"),
    ("Result", "result"),
    ("Vec", "vec"),
    ("Box", "boxed"),
    ("String", "string"),
    ("ToString", "string"),
    ("From", "convert"),
    ("Into", "convert"),
    ("Iterator", "iter"),
    ("ExactSizeIterator", "iter"),
    ("IntoIterator", "iter"),
    ("PartialEq", "cmp"),
    ("Clone", "clone"),
    ("Default", "default"),
    ("size_of", "mem"),
];

/// Macros of the standard prelude, written bare when spelled `::core::name!` or `::std::name!`.
const PRELUDE_MACROS: [&str; 13] = [
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "format",
    "matches",
    "panic",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

/// Shortens paths in `file`, module by module. `reserved` are the schema's type names. `reexported_at_root` says
/// that the crate root re-exports the file's public items (`pub use ast::*`), so that there `crate::X` and the
/// file's own `pub` item `X` are the same item and `crate::X` may be written `X`.
pub fn shorten_paths(file: &mut syn::File, reserved: &HashSet<String>, reexported_at_root: bool) {
    let root_items = if reexported_at_root { public_names(&file.items) } else { HashSet::new() };
    shorten_scope(&mut file.items, reserved, &root_items, false);
}

/// The names of the `pub` items among `items`.
fn public_names(items: &[Item]) -> HashSet<String> {
    let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
    items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(i) if public(&i.vis) => Some(i.ident.to_string()),
            Item::Enum(i) if public(&i.vis) => Some(i.ident.to_string()),
            Item::Type(i) if public(&i.vis) => Some(i.ident.to_string()),
            Item::Trait(i) if public(&i.vis) => Some(i.ident.to_string()),
            Item::Fn(i) if public(&i.vis) => Some(i.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// Gives every doc comment line the one leading space a hand-written `/// text` has, so that prettyplease writes
/// `/// Visits` rather than `///Visits` whichever emitter made the line.
pub fn space_doc_comments(file: &mut syn::File) {
    struct Spacer;
    impl VisitMut for Spacer {
        fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
            space_doc_comment(attr);
        }
    }
    Spacer.visit_file_mut(file);
}

/// [`shorten_paths`] and [`space_doc_comments`] in one walk over the file: on a large schema each walk alone
/// takes about a tenth of the time it takes to format the file.
pub fn shorten_paths_and_space_doc_comments(
    file: &mut syn::File,
    reserved: &HashSet<String>,
    reexported_at_root: bool,
) {
    file.attrs.iter_mut().for_each(space_doc_comment);
    let root_items = if reexported_at_root { public_names(&file.items) } else { HashSet::new() };
    shorten_scope(&mut file.items, reserved, &root_items, true);
}

/// One attribute's share of [`space_doc_comments`].
fn space_doc_comment(attr: &mut syn::Attribute) {
    if let syn::Meta::NameValue(nv) = &mut attr.meta
        && nv.path.is_ident("doc")
        && let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &mut nv.value
    {
        let value = text.value();
        if !value.is_empty() && !value.starts_with([' ', '\n']) {
            *text = syn::LitStr::new(&format!(" {value}"), text.span());
        }
    }
}

/// Shortens the paths of one module's items, then of its inline modules (each its own scope); with `space_docs`,
/// spaces their doc comments too ([`space_doc_comments`]).
fn shorten_scope(items: &mut Vec<Item>, reserved: &HashSet<String>, root_items: &HashSet<String>, space_docs: bool) {
    for item in items.iter_mut() {
        if let Item::Mod(module) = item
            && let Some((_, content)) = &mut module.content
        {
            shorten_scope(content, reserved, &HashSet::new(), space_docs);
            if space_docs {
                // The walk below leaves inline modules to this call, so their own attributes are spaced here.
                module.attrs.iter_mut().for_each(space_doc_comment);
            }
        }
    }
    let mut shortener =
        Shortener { defined: defined_names(items), reserved, root_items, imports: BTreeMap::new(), space_docs };
    for item in items.iter_mut() {
        if !matches!(item, Item::Mod(module) if module.content.is_some()) {
            shortener.visit_item_mut(item);
        }
    }
    let uses = shortener.use_items();
    let at = items.iter().take_while(|item| matches!(item, Item::Use(_) | Item::ExternCrate(_))).count();
    items.splice(at..at, uses);
}

/// The names a module's items define or import (a glob import defines nothing we can see, which is why the
/// prelude rule also avoids `reserved`).
fn defined_names(items: &[Item]) -> HashSet<String> {
    let mut names = HashSet::new();
    for item in items {
        let ident = match item {
            Item::Const(i) => Some(&i.ident),
            Item::Enum(i) => Some(&i.ident),
            Item::Fn(i) => Some(&i.sig.ident),
            Item::Mod(i) => Some(&i.ident),
            Item::Static(i) => Some(&i.ident),
            Item::Struct(i) => Some(&i.ident),
            Item::Trait(i) => Some(&i.ident),
            Item::Type(i) => Some(&i.ident),
            Item::Union(i) => Some(&i.ident),
            Item::Macro(i) => i.ident.as_ref(),
            Item::Use(i) => {
                use_names(&i.tree, &mut names);
                None
            }
            _ => None,
        };
        names.extend(ident.map(Ident::to_string));
    }
    names
}

/// The names a `use` tree brings into scope.
fn use_names(tree: &UseTree, names: &mut HashSet<String>) {
    match tree {
        UseTree::Path(p) => use_names(&p.tree, names),
        UseTree::Name(n) => drop(names.insert(n.ident.to_string())),
        UseTree::Rename(r) => drop(names.insert(r.rename.to_string())),
        UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, names)),
        UseTree::Glob(_) => {}
    }
}

/// Rewrites full paths in one scope and remembers which imports that needs.
struct Shortener<'a> {
    /// Names defined or imported by the scope itself: never shortened to.
    defined: HashSet<String>,
    /// The schema's type names.
    reserved: &'a HashSet<String>,
    /// The items of this scope that the crate root re-exports: `crate::X` is `X` here.
    root_items: &'a HashSet<String>,
    /// Short name -> the full path (crate and modules, without the leading `::`) it was imported from.
    imports: BTreeMap<String, Vec<String>>,
    /// Whether to space doc comments on the way ([`shorten_paths_and_space_doc_comments`]).
    space_docs: bool,
}

impl Shortener<'_> {
    /// The shortened form of `path`, or `None` to keep it.
    fn shorten(&mut self, path: &Path) -> Option<Path> {
        if path.leading_colon.is_none() {
            return self.shorten_crate_path(path);
        }
        // Most paths are not full paths into a shortened crate; tell them apart before allocating their names.
        let first = path.segments.first()?;
        if path.segments.len() < 2 || !SHORTENED_CRATES.iter().any(|krate| first.ident == krate) {
            return None;
        }
        let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if path.segments.iter().take(path.segments.len() - 1).any(|s| !s.arguments.is_none()) {
            // Arguments inside the module part (rare) would be lost by an import; keep such paths.
            let last_is_item = names.len() == 2;
            if !last_is_item {
                return None;
            }
        }
        // The item is the first capitalised segment after the crate (a type, trait or variant's enum), else the
        // last segment (a function, macro or module).
        let item = (1..names.len()).find(|&i| names[i].starts_with(char::is_uppercase)).unwrap_or(names.len() - 1);
        let short = &names[item];
        if self.defined.contains(short) {
            // The short name means something else here; the crate-relative path is still unambiguous.
            return (!self.defined.contains(&names[0])).then(|| Path { leading_colon: None, ..path.clone() });
        }
        if names.len() == 2
            && matches!(names[0].as_str(), "core" | "std")
            && PRELUDE_MACROS.contains(&short.as_str())
            && !self.reserved.contains(short)
        {
            return Some(Path { leading_colon: None, segments: path.segments.iter().skip(1).cloned().collect() });
        }
        let mut keep_from = item;
        let prelude = PRELUDE.iter().any(|(name, module)| {
            name == short && item == 2 && names[1] == *module && matches!(names[0].as_str(), "core" | "std" | "alloc")
        });
        if prelude && !self.reserved.contains(short) {
            // `Option::Some` and friends: the variants are in the prelude too.
            if let Some(variant) = names.get(item + 1)
                && matches!(variant.as_str(), "Some" | "None" | "Ok" | "Err")
                && !self.defined.contains(variant)
                && !self.reserved.contains(variant)
            {
                keep_from = item + 1;
            }
        } else {
            let from: Vec<String> = names[..item].to_vec();
            match self.imports.get(short) {
                Some(existing) if *existing != from => return None,
                Some(_) => {}
                None => drop(self.imports.insert(short.clone(), from)),
            }
        }
        let mut short_path = Path { leading_colon: None, segments: Default::default() };
        for segment in path.segments.iter().skip(keep_from) {
            short_path.segments.push(segment.clone());
        }
        Some(short_path)
    }

    /// `crate::Name` written as `Name` when `Name` is an item of this scope that the crate root re-exports.
    fn shorten_crate_path(&self, path: &Path) -> Option<Path> {
        let mut segments = path.segments.iter();
        let (first, second) = (segments.next()?, segments.next()?);
        if first.ident != "crate" || !self.root_items.contains(&second.ident.to_string()) {
            return None;
        }
        let mut short = Path { leading_colon: None, segments: Default::default() };
        short.segments.extend(path.segments.iter().skip(1).cloned());
        Some(short)
    }

    /// One `use krate::module::{a, b};` per distinct module path, sorted.
    fn use_items(&self) -> Vec<Item> {
        let mut by_module: BTreeMap<&[String], BTreeSet<&str>> = BTreeMap::new();
        for (short, from) in &self.imports {
            by_module.entry(from.as_slice()).or_default().insert(short);
        }
        by_module
            .into_iter()
            .map(|(module, names)| {
                let module = module.iter().map(|m| Ident::new(m, Span::call_site()));
                let names: Vec<Ident> = names.into_iter().map(|n| Ident::new(n, Span::call_site())).collect();
                let tree = if names.len() == 1 { quote::quote!(#(#names)*) } else { quote::quote!({#(#names),*}) };
                syn::parse_quote!(use #(#module::)*#tree;)
            })
            .collect()
    }
}

impl Shortener<'_> {
    /// A qualified path (`<Self as ::krate::Trait>::Item`): the trait part is shortened like any path, and
    /// `qself.position` (how many segments belong to the trait) follows it; the rest is the item, kept as written.
    fn shorten_qualified(&mut self, qself: &mut syn::QSelf, path: &mut Path) {
        let position = qself.position;
        if position > 0 {
            let trait_path = Path {
                leading_colon: path.leading_colon,
                segments: path.segments.iter().take(position).cloned().collect(),
            };
            if let Some(short) = self.shorten(&trait_path) {
                qself.position = short.segments.len();
                path.leading_colon = short.leading_colon;
                path.segments =
                    short.segments.into_iter().chain(path.segments.iter().skip(position).cloned()).collect();
            }
        }
        self.visit_type_mut(&mut qself.ty);
        for segment in path.segments.iter_mut() {
            self.visit_path_arguments_mut(&mut segment.arguments);
        }
    }
}

impl VisitMut for Shortener<'_> {
    fn visit_path_mut(&mut self, path: &mut Path) {
        if let Some(short) = self.shorten(path) {
            *path = short;
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        match &mut ty.qself {
            Some(qself) => self.shorten_qualified(qself, &mut ty.path),
            None => visit_mut::visit_type_path_mut(self, ty),
        }
    }

    fn visit_expr_path_mut(&mut self, expr: &mut syn::ExprPath) {
        match &mut expr.qself {
            Some(qself) => self.shorten_qualified(qself, &mut expr.path),
            None => visit_mut::visit_expr_path_mut(self, expr),
        }
    }

    fn visit_item_use_mut(&mut self, item: &mut syn::ItemUse) {
        // `use` trees are written as the emitter meant them; only their doc comments are spaced.
        if self.space_docs {
            item.attrs.iter_mut().for_each(space_doc_comment);
        }
    }

    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if self.space_docs {
            space_doc_comment(attr);
        }
        visit_mut::visit_attribute_mut(self, attr);
    }
}

/// Puts a blank line between consecutive items at the same indentation (prettyplease writes none), and after the
/// inner attributes, but none between consecutive `use`s or between `pub mod x;` and its `pub use x::*;`. Works on the formatted text: a line that opens an item (docs, attributes or
/// the item keyword) right after a line that closes one (`}` or `;` at the same indentation).
pub fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if let Some(prev) = previous
            && closes_item(prev)
            && opens_item(line)
            && indent(prev) == indent(line)
            && !(is_use(line) && (is_use(prev) || prev.trim_start().starts_with("pub mod ")))
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn closes_item(line: &str) -> bool {
    let line = line.trim();
    line == "}"
        || line.starts_with("#![")
        || (line.ends_with(';') && !line.starts_with("//"))
        || (line.ends_with('}') && !line.starts_with("//"))
}

fn opens_item(line: &str) -> bool {
    const STARTS: [&str; 17] = [
        "///",
        "#[",
        "pub ",
        "pub(",
        "fn ",
        "impl",
        "struct ",
        "enum ",
        "const ",
        "static ",
        "type ",
        "trait ",
        "mod ",
        "use ",
        "unsafe ",
        "macro_rules!",
        "extern ",
    ];
    let line = line.trim_start();
    STARTS.iter().any(|start| line.starts_with(start))
}

fn is_use(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("use ") || line.starts_with("pub use ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tidy(source: &str, reserved: &[&str]) -> String {
        let mut file: syn::File = syn::parse_str(source).unwrap();
        let reserved = reserved.iter().map(|s| s.to_string()).collect();
        shorten_paths(&mut file, &reserved, true);
        prettyplease::unparse(&file)
    }

    #[test]
    fn prelude_names_are_written_bare_and_others_imported() {
        let text = tidy(
            "pub fn f(x: ::core::option::Option<::ast_runtime::NodeId>) -> ::std::vec::Vec<::ast_runtime::Span> {
                 let _ = ::core::option::Option::Some(::core::mem::offset_of!(A, b));
                 ::std::vec::Vec::new()
             }",
            &[],
        );
        assert!(text.contains("use ast_runtime::{NodeId, Span};"), "{text}");
        assert!(text.contains("use core::mem::offset_of;"), "{text}");
        assert!(text.contains("fn f(x: Option<NodeId>) -> Vec<Span>"), "{text}");
        assert!(text.contains("Some(offset_of!(A, b))"), "{text}");
        assert!(text.contains("Vec::new()"), "{text}");
    }

    #[test]
    fn qualified_paths_shorten_their_trait_and_keep_their_item() {
        let text = tidy(
            "pub trait T: ::ast_runtime::builder::BuilderCore {
                 fn f(&self, x: <Self as ::ast_runtime::builder::BuilderCore>::List<::ast_runtime::NodeId>);
                 fn g(&self) { <Self as ::ast_runtime::builder::BuilderCore>::h(::std::vec::Vec::new()) }
             }",
            &[],
        );
        assert!(text.contains("use ast_runtime::builder::BuilderCore;"), "{text}");
        assert!(text.contains("x: <Self as BuilderCore>::List<NodeId>"), "{text}");
        assert!(text.contains("<Self as BuilderCore>::h(Vec::new())"), "{text}");
    }

    #[test]
    fn names_the_module_defines_or_the_schema_declares_stay_full() {
        let text = tidy(
            "pub struct Span; pub fn f(_: ::ast_runtime::Span, _: ::std::string::String, _: ::ast_runtime::NodeId) {}",
            &["String"],
        );
        assert!(text.contains("_: ast_runtime::Span"), "a local Span must not be shadowed:\n{text}");
        assert!(
            text.contains("use std::string::String;"),
            "a schema type named String is imported explicitly:\n{text}"
        );
        assert!(text.contains("_: NodeId"), "{text}");
    }

    #[test]
    fn inline_modules_are_scopes_of_their_own() {
        let text = tidy(
            "pub mod view { pub fn f(_: ::ast_runtime::NodeId) {} } pub struct NodeId(::ast_runtime::NodeId);",
            &[],
        );
        assert!(text.contains("pub mod view {\n    use ast_runtime::NodeId;"), "{text}");
        assert!(text.contains("pub struct NodeId(ast_runtime::NodeId);"), "{text}");
    }

    #[test]
    fn crate_paths_to_the_scope_s_own_items_are_written_bare() {
        let text = tidy("pub struct A; struct D; pub struct B(crate::A, crate::C, crate::D);", &[]);
        assert!(text.contains("pub struct B(A, crate::C, crate::D);"), "a private D is not the root's D:\n{text}");
        let mut file: syn::File = syn::parse_str("pub struct A; pub struct B(crate::A);").unwrap();
        shorten_paths(&mut file, &HashSet::new(), false);
        let text = prettyplease::unparse(&file);
        assert!(text.contains("pub struct B(crate::A);"), "a module the root does not re-export:\n{text}");
    }

    #[test]
    fn doc_lines_get_their_leading_space() {
        let mut file: syn::File =
            syn::parse_str("#[doc = \"Visits\"] #[doc = \" Already\"] #[doc = \"\"] pub struct A;").unwrap();
        space_doc_comments(&mut file);
        let text = prettyplease::unparse(&file);
        assert!(text.contains("/// Visits\n/// Already\n///\n"), "{text}");
    }

    #[test]
    fn one_walk_does_what_the_two_passes_do() {
        let source = "#![doc = \"crate\"] #[doc = \"use\"] use a::b; #[doc = \"m\"] pub mod m { #[doc = \"inner\"] \
                      pub fn f(_: ::ast_runtime::NodeId) { #[doc = \"local\"] use c::d; } } \
                      #[doc = \"S\"] pub struct S { #[doc = \"field\"] pub x: ::std::string::String, \
                      pub y: ::core::option::Option<crate::S> } impl S { #[doc = \"method\"] fn g() {} }";
        let reserved = ["T".to_string()].into_iter().collect();
        let mut one: syn::File = syn::parse_str(source).unwrap();
        let mut two = one.clone();
        shorten_paths_and_space_doc_comments(&mut one, &reserved, true);
        shorten_paths(&mut two, &reserved, true);
        space_doc_comments(&mut two);
        let (one, two) = (prettyplease::unparse(&one), prettyplease::unparse(&two));
        assert_eq!(one, two);
        assert_eq!(one.matches("/// ").count(), 7, "{one}");
    }

    #[test]
    fn prelude_macros_are_written_bare_and_shadowed_names_keep_their_crate() {
        let text = tidy(
            "pub type FlatAst = ::ast_runtime::flat_ast::FlatAst<u8>; pub fn f() { ::core::assert!(true); let _ = ::std::vec![1]; }",
            &[],
        );
        assert!(text.contains("pub type FlatAst = ast_runtime::flat_ast::FlatAst<u8>;"), "{text}");
        assert!(text.contains("assert!(true);") && text.contains("vec![1]"), "{text}");
        assert!(!text.contains("use core") && !text.contains("use std"), "{text}");
    }

    #[test]
    fn items_are_separated_by_blank_lines_but_uses_are_not() {
        assert_eq!(
            space_items("#![allow(x)]\nuse a::b;\npub mod m;\npub use m::*;\n"),
            "#![allow(x)]\n\nuse a::b;\n\npub mod m;\npub use m::*;\n"
        );
        let text = "use a::b;\nuse c::d;\npub struct A;\n/// B\npub struct B {\n    x: u32,\n}\nimpl B {\n    fn f() {}\n    fn g() {}\n}\n";
        assert_eq!(
            space_items(text),
            "use a::b;\nuse c::d;\n\npub struct A;\n\n/// B\npub struct B {\n    x: u32,\n}\n\nimpl B {\n    fn f() {}\n\n    fn g() {}\n}\n"
        );
    }
}
