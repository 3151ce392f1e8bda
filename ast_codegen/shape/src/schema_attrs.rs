//! The names of the schema's helper attributes, shared by the generator (which reads them) and the `#[schema]`
//! marker macro (which removes them so a schema crate compiles).

/// Helper attributes that only mean something to the generator.
pub const HELPER_ATTRIBUTES: [&str; 2] = ["json", "layout"];

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

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn helper_attributes_go_everywhere_and_the_rest_stays() {
        let mut item: syn::Item = syn::parse_quote! {
            /// Docs stay.
            #[json(rename = "Literal")]
            #[derive(Debug)]
            pub enum E {
                #[layout(size = 8)]
                #[doc = "stays"]
                A { #[json(rename = "x")] #[allow(unused)] a: u8 },
                B(#[layout(size = 1)] u8),
            }
        };
        strip_schema_attributes(&mut item);
        let text = item.to_token_stream().to_string();
        assert!(!text.contains("json") && !text.contains("layout"), "{text}");
        for kept in ["doc", "derive (Debug)", "allow (unused)", "\"stays\""] {
            assert!(text.contains(kept), "lost {kept:?}: {text}");
        }
    }

    #[test]
    fn struct_fields_lose_their_helper_attributes() {
        let mut item: syn::Item = syn::parse_quote! {
            #[layout(size = 4)] pub struct S { #[json(skip_serializing_if = "Option::is_none")] pub a: Option<u8>, #[serde(x)] pub b: u8 }
        };
        strip_schema_attributes(&mut item);
        let text = item.to_token_stream().to_string();
        assert_eq!(text, "pub struct S { pub a : Option < u8 > , # [serde (x)] pub b : u8 }");
    }
}
