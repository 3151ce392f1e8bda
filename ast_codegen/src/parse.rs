//! Phase 2, parse: turn the `#[ast]` items of the loaded files into the [`Schema`] model.
//!
//! This phase checks what can be seen item by item (the shape of one struct or enum, its attributes, the Rust form
//! of its field types). Checks that need the whole schema (unknown names, duplicates, infinite size) are
//! `validate`'s.

use std::path::Path;

use syn::ext::IdentExt;
use syn::spanned::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{SourceFile, location_of};
use crate::model::{
    DeclaredLayout, EnumDef, ExternalDef, FieldDef, Location, Primitive, Schema, StructDef, TypeDef, TypeRef,
    VariantDef,
};
use crate::node_shape::{self, IdFields};
use crate::schema_attrs::is_helper_attribute;

/// Builds the schema model from the loaded files. Collects every error rather than stopping at the first.
pub fn parse_schema(files: &[SourceFile]) -> Result<Schema, Diagnostics> {
    let mut schema = Schema::default();
    let mut errors = Vec::new();
    if let Some(lib) = files.first() {
        schema.docs = doc_lines(&lib.syntax.attrs);
        schema.location = Location::file_start(lib.path.clone());
    }
    for file in files {
        let mut cx = FileParser { path: &file.path, errors: &mut errors };
        cx.items(&file.syntax.items, &mut schema.types);
    }
    if errors.is_empty() { Ok(schema) } else { Err(Diagnostics(errors)) }
}

/// Parses the items of one file, recording errors against that file's path.
struct FileParser<'a> {
    path: &'a Path,
    errors: &'a mut Vec<Diagnostic>,
}

impl FileParser<'_> {
    fn loc(&self, span: proc_macro2::Span) -> Location {
        location_of(self.path, span)
    }

    fn error(&mut self, span: proc_macro2::Span, message: impl Into<String>, help: impl Into<String>) {
        let location = self.loc(span);
        self.errors.push(Diagnostic::new(location, message, help));
    }

    fn syn_error(&mut self, err: syn::Error, help: &str) {
        self.error(err.span(), err.to_string(), help);
    }

    /// The schema types among `items`, including those of inline `mod x { .. }` blocks (read in place: the schema
    /// has one namespace). Items the generator cannot see through (macro invocations) are refused.
    fn items(&mut self, items: &[syn::Item], types: &mut Vec<TypeDef>) {
        for item in items {
            match item {
                syn::Item::Mod(module) => {
                    if let Some((_, content)) = &module.content {
                        self.items(content, types);
                    }
                }
                syn::Item::Macro(invocation) if invocation.ident.is_none() => self.error(
                    invocation.mac.path.span(),
                    "a macro invocation among the schema's items: the generator reads the schema as written, so \
                     the items a macro would make are not seen",
                    "write the node types out in the schema",
                ),
                _ => types.extend(self.item(item)),
            }
        }
    }

    /// The schema type declared by `item`, if it is marked `#[ast]`.
    fn item(&mut self, item: &syn::Item) -> Option<TypeDef> {
        let attrs = match item {
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Union(u) => &u.attrs,
            syn::Item::Type(t) => &t.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Trait(t) => &t.attrs,
            _ => return None,
        };
        let ast_attr = attrs.iter().find(|a| a.path().is_ident("ast"))?;
        if !self.check_readable(item) {
            return None;
        }
        if let Some(path) = self.ast_attr_args(ast_attr) {
            return match item {
                syn::Item::Struct(s) => self.external(s, path),
                _ => {
                    self.error(
                        ast_attr.span(),
                        "#[ast(external)] is only for unit structs",
                        "write `pub struct Name;`",
                    );
                    None
                }
            };
        }
        // The structural rules are the same as for hand-written `#[ast]` types: one implementation, in
        // `node_shape`. What follows here is only what the generator needs beyond them.
        if let Err(errors) = node_shape::check_item(item, IdFields::Implied) {
            for e in errors {
                self.error(e.span(), e.message, e.help);
            }
            return None;
        }
        match item {
            syn::Item::Struct(s) => self.structure(s).map(TypeDef::Struct),
            syn::Item::Enum(e) => self.enumeration(e).map(TypeDef::Enum),
            _ => None, // rejected by `check_item`
        }
    }

    /// A schema item must be `pub` (the generated type is), and neither it nor its fields and variants may be
    /// conditional (`#[cfg]`): the generator does not evaluate configurations, so it would generate them always.
    fn check_readable(&mut self, item: &syn::Item) -> bool {
        let (vis, name, mut attrs): (&syn::Visibility, &syn::Ident, Vec<&syn::Attribute>) = match item {
            syn::Item::Struct(s) => {
                let fields = s.fields.iter().flat_map(|f| &f.attrs);
                (&s.vis, &s.ident, s.attrs.iter().chain(fields).collect())
            }
            syn::Item::Enum(e) => {
                let variants =
                    e.variants.iter().flat_map(|v| v.attrs.iter().chain(v.fields.iter().flat_map(|f| &f.attrs)));
                (&e.vis, &e.ident, e.attrs.iter().chain(variants).collect())
            }
            _ => return true, // other items are refused by the shape rules
        };
        let mut readable = true;
        if !matches!(vis, syn::Visibility::Public(_)) {
            self.error(
                name.span(),
                format!("schema type `{name}` is not `pub`; the generated type is public"),
                "declare it `pub`: generated crates expose every node type",
            );
            readable = false;
        }
        attrs.retain(|a| a.path().is_ident("cfg") || a.path().is_ident("cfg_attr"));
        for attr in attrs {
            self.error(
                attr.span(),
                format!(
                    "`#[{}]` in schema type `{name}`: the generator does not evaluate configurations",
                    attr.path().get_ident().map_or_else(String::new, ToString::to_string)
                ),
                "remove it; a language's AST has the same shape in every build",
            );
            readable = false;
        }
        readable
    }

    /// `#[ast]` takes no arguments, or `external = "path"` on a unit struct.
    fn ast_attr_args(&mut self, attr: &syn::Attribute) -> Option<String> {
        if matches!(attr.meta, syn::Meta::Path(_)) {
            return None;
        }
        let mut external = None;
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("external") {
                let path = meta.value()?.parse::<syn::LitStr>()?;
                // The generated code names the type by this path, so it must be one.
                syn::parse_str::<syn::Path>(&path.value())
                    .map_err(|_| syn::Error::new(path.span(), format!("`{}` is not a Rust path", path.value())))?;
                external = Some(path.value());
                Ok(())
            } else {
                Err(meta.error("unknown #[ast] argument"))
            }
        });
        if let Err(err) = result {
            self.syn_error(err, "write `#[ast]`, or `#[ast(external = \"path::Type\")]` on a unit struct");
        }
        external
    }

    fn check_no_generics(&mut self, generics: &syn::Generics, name: &syn::Ident) -> bool {
        if generics.params.is_empty() && generics.where_clause.is_none() {
            return true;
        }
        self.error(
            generics.span(),
            format!("node type `{name}` is generic"),
            "node types cannot have generic parameters; declare one concrete type per use",
        );
        false
    }

    fn structure(&mut self, s: &syn::ItemStruct) -> Option<StructDef> {
        let name = s.ident.unraw().to_string();
        let generics_ok = self.check_no_generics(&s.generics, &s.ident);
        let syn::Fields::Named(named) = &s.fields else { return None }; // rejected by `check_item`
        let type_params: Vec<String> = s.generics.type_params().map(|p| p.ident.unraw().to_string()).collect();
        let mut fields = Vec::new();
        for field in &named.named {
            if let Some(field) = self.field(field, &type_params) {
                fields.push(field);
            }
        }
        generics_ok.then(|| StructDef {
            name,
            docs: doc_lines(&s.attrs),
            fields,
            attrs: output_attrs(&s.attrs),
            location: self.loc(s.ident.span()),
        })
    }

    fn field(&mut self, field: &syn::Field, type_params: &[String]) -> Option<FieldDef> {
        let ident = field.ident.as_ref()?;
        let name = ident.unraw().to_string();
        let ty = self.type_ref(&field.ty)?;
        if let Some(param) = ty.innermost_name().filter(|n| type_params.iter().any(|p| p == n)) {
            self.error(
                field.ty.span(),
                format!("unsupported field type: generic parameter `{param}`"),
                "node types are not generic; name a concrete schema type",
            );
            return None;
        }
        Some(FieldDef {
            name,
            docs: doc_lines(&field.attrs),
            ty,
            attrs: output_attrs(&field.attrs),
            location: self.loc(ident.span()),
        })
    }

    fn enumeration(&mut self, e: &syn::ItemEnum) -> Option<EnumDef> {
        let name = e.ident.unraw().to_string();
        let generics_ok = self.check_no_generics(&e.generics, &e.ident);
        let mut variants = Vec::new();
        for variant in &e.variants {
            if let Some(v) = self.variant(&name, variant) {
                variants.push(v);
            }
        }
        (generics_ok && variants.len() == e.variants.len()).then(|| EnumDef {
            name,
            docs: doc_lines(&e.attrs),
            variants,
            attrs: output_attrs(&e.attrs),
            location: self.loc(e.ident.span()),
        })
    }

    fn variant(&mut self, enum_name: &str, variant: &syn::Variant) -> Option<VariantDef> {
        let name = variant.ident.unraw().to_string();
        if let Some((_, expr)) = &variant.discriminant {
            self.error(
                expr.span(),
                format!("variant `{enum_name}::{name}` has an explicit discriminant"),
                "remove `= value`: the generator numbers variants in declaration order",
            );
            return None;
        }
        let payload = match &variant.fields {
            syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => Some(self.type_ref(&fields.unnamed[0].ty)?),
            _ => None, // other shapes are rejected by `check_item`
        };
        Some(VariantDef {
            name,
            docs: doc_lines(&variant.attrs),
            payload,
            attrs: output_attrs(&variant.attrs),
            location: self.loc(variant.ident.span()),
        })
    }

    fn external(&mut self, s: &syn::ItemStruct, path: String) -> Option<TypeDef> {
        let name = s.ident.unraw().to_string();
        if !matches!(s.fields, syn::Fields::Unit) {
            self.error(
                s.ident.span(),
                format!("external type `{name}` must be declared as a unit struct"),
                format!("write `pub struct {name};` with `#[ast(external = \"...\")]` and `#[layout(...)]`"),
            );
            return None;
        }
        let Some(layout) = self.declared_layout(&s.attrs) else {
            self.error(
                s.ident.span(),
                format!("external type `{name}` has no declared layout"),
                "add `#[layout(size64 = N, align64 = N, size32 = N, align32 = N)]` (and `niches = N` if it has any)",
            );
            return None;
        };
        Some(TypeDef::External(ExternalDef {
            name,
            docs: doc_lines(&s.attrs),
            path,
            layout,
            location: self.loc(s.ident.span()),
        }))
    }

    fn declared_layout(&mut self, attrs: &[syn::Attribute]) -> Option<DeclaredLayout> {
        let attr = attrs.iter().find(|a| a.path().is_ident("layout"))?;
        let mut layout = DeclaredLayout::default();
        let mut seen = [false; 4];
        let result = attr.parse_nested_meta(|meta| {
            let slot = match meta.path.get_ident().map(|i| i.to_string()).as_deref() {
                Some("size64") => (&mut layout.size64, Some(0)),
                Some("align64") => (&mut layout.align64, Some(1)),
                Some("size32") => (&mut layout.size32, Some(2)),
                Some("align32") => (&mut layout.align32, Some(3)),
                Some("niches") => (&mut layout.niches, None),
                _ => return Err(meta.error("unknown layout key")),
            };
            *slot.0 = meta.value()?.parse::<syn::LitInt>()?.base10_parse()?;
            if let Some(i) = slot.1 {
                seen[i] = true;
            }
            Ok(())
        });
        let help = "write `#[layout(size64 = N, align64 = N, size32 = N, align32 = N, niches = N)]`";
        if let Err(err) = result {
            self.syn_error(err, help);
            return None;
        }
        if seen.contains(&false) {
            self.error(attr.span(), "layout is incomplete: size64, align64, size32 and align32 are required", help);
            return None;
        }
        Some(layout)
    }

    /// A field or payload type. Only the forms the generator understands are accepted.
    fn type_ref(&mut self, ty: &syn::Type) -> Option<TypeRef> {
        let unsupported = |what: &str| {
            (
                format!("unsupported field type: {what}"),
                "use a node type, `Box<T>`, `Vec<T>`, `Option<T>`, `String` or a primitive such as `u32`, `f64`, `bool`"
                    .to_string(),
            )
        };
        let (message, help) = match ty {
            syn::Type::Path(p) if p.qself.is_none() => return self.path_type(ty, &p.path),
            syn::Type::Paren(p) => return self.type_ref(&p.elem),
            syn::Type::Group(g) => return self.type_ref(&g.elem),
            syn::Type::Reference(_) => unsupported("a reference (the tree owns its children; use `Box<T>`)"),
            syn::Type::Ptr(_) => unsupported("a raw pointer (use `Box<T>`)"),
            syn::Type::Tuple(t) if t.elems.is_empty() => unsupported("the unit type `()`"),
            syn::Type::Tuple(_) => unsupported("a tuple (declare a node struct with named fields)"),
            syn::Type::Array(_) | syn::Type::Slice(_) => unsupported("an array or slice (use `Vec<T>`)"),
            _ => unsupported("this kind of type"),
        };
        self.error(ty.span(), message, help);
        None
    }

    fn path_type(&mut self, ty: &syn::Type, path: &syn::Path) -> Option<TypeRef> {
        let last = path.segments.last()?;
        let name = last.ident.unraw().to_string();
        let generic_arg = |this: &mut Self| -> Option<TypeRef> {
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                this.error(ty.span(), format!("`{name}` needs a type argument"), format!("write `{name}<T>`"));
                return None;
            };
            let types: Vec<&syn::Type> = args
                .args
                .iter()
                .filter_map(|a| match a {
                    syn::GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
                .collect();
            if types.len() != 1 || args.args.len() != 1 {
                this.error(
                    ty.span(),
                    format!("`{name}` takes exactly one type argument"),
                    format!("write `{name}<T>`"),
                );
                return None;
            }
            this.type_ref(types[0])
        };
        match name.as_str() {
            "Box" => return generic_arg(self).map(|t| TypeRef::Box(Box::new(t))),
            "Vec" => return generic_arg(self).map(|t| TypeRef::Vec(Box::new(t))),
            "Option" => return generic_arg(self).map(|t| TypeRef::Option(Box::new(t))),
            _ => {}
        }
        if !last.arguments.is_none() {
            self.error(
                ty.span(),
                format!("unsupported field type: `{name}` with generic arguments"),
                "only `Box<T>`, `Vec<T>` and `Option<T>` take arguments; node types are not generic",
            );
            return None;
        }
        if name == "String" {
            return Some(TypeRef::String);
        }
        if let Some(p) = Primitive::from_name(&name) {
            return Some(TypeRef::Primitive(p));
        }
        Some(TypeRef::Named(name))
    }
}

/// The helper attributes among `attrs` that outputs own (everything in `HELPER_ATTRIBUTES` but the core's own
/// `#[layout]`), kept unparsed for the output that reads them.
fn output_attrs(attrs: &[syn::Attribute]) -> Vec<syn::Attribute> {
    attrs.iter().filter(|a| is_helper_attribute(a) && !a.path().is_ident("layout")).cloned().collect()
}

/// The lines of the `///` (or `#[doc = ".."]`) comments among `attrs`, with the one leading space removed.
pub fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| line.strip_prefix(' ').map(str::to_string).unwrap_or(line))
        .collect()
}
