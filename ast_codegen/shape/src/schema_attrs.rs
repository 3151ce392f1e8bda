//! The names of the schema's helper attributes, shared by the generator (which reads them) and the `#[schema]`
//! marker macro (which removes them so a schema crate compiles).

/// Helper attributes that only mean something to the generator.
pub const HELPER_ATTRIBUTES: [&str; 2] = ["estree", "layout"];

/// True when `attr` is one of [`HELPER_ATTRIBUTES`].
pub fn is_helper_attribute(attr: &syn::Attribute) -> bool {
    HELPER_ATTRIBUTES.iter().any(|name| attr.path().is_ident(name))
}

/// Removes every helper attribute from an item, its fields and its variants.
pub fn strip_schema_attributes(item: &mut syn::Item) {
    match item {
        syn::Item::Struct(s) => {
            s.attrs.retain(|a| !is_helper_attribute(a));
            strip_fields(&mut s.fields);
        }
        syn::Item::Enum(e) => {
            e.attrs.retain(|a| !is_helper_attribute(a));
            for variant in &mut e.variants {
                variant.attrs.retain(|a| !is_helper_attribute(a));
                strip_fields(&mut variant.fields);
            }
        }
        _ => {}
    }
}

fn strip_fields(fields: &mut syn::Fields) {
    for field in fields.iter_mut() {
        field.attrs.retain(|a| !is_helper_attribute(a));
    }
}
