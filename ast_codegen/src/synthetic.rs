//! Synthetic schemas of any size, for the scale benchmark (`cargo bench -p ast_codegen`) and tests: what a large
//! real AST looks like to the generator (node enums of node structs with values, strings, optional children and
//! lists), without any language behind it.

use std::fmt::Write as _;

/// The `src/lib.rs` of a schema crate with a root (`Module`), `structs` node structs (`S0`, ...) and `enums` node
/// enums (`E0`, ...; at least one) that share the structs out between them. Every struct holds a `u32`, a `String`,
/// a `bool`, an optional child and a list of children, whose enums are spread over the schema.
pub fn schema_source(structs: usize, enums: usize) -> String {
    let enums = enums.max(1);
    let mut source = String::from("//! A synthetic schema.\n#[ast]\npub struct Module { pub body: Vec<E0> }\n");
    for e in 0..enums {
        let _ = writeln!(source, "#[ast]\npub enum E{e} {{");
        for s in (e..structs).step_by(enums) {
            let _ = writeln!(source, "    S{s}(Box<S{s}>),");
        }
        if e >= structs {
            // An enum with no struct of its own holds the first one, so that every enum has a variant.
            source.push_str("    S0(Box<S0>),\n");
        }
        source.push_str("}\n");
    }
    for s in 0..structs {
        let (next, items) = ((s * 7 + 1) % enums, (s * 13 + 3) % enums);
        let _ = writeln!(
            source,
            "#[ast]\npub struct S{s} {{ pub value: u32, pub name: String, pub flag: bool, pub next: Option<E{next}>, \
             pub items: Vec<E{items}> }}"
        );
    }
    source
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_synthetic_schema_is_valid_and_has_the_asked_size() {
        let schema = crate::schema_from_source(&schema_source(30, 4));
        assert_eq!(schema.structs().count(), 31, "the root and 30 node structs");
        assert_eq!(schema.node_enums().count(), 4);
        crate::validate::validate(&schema).unwrap_or_else(|d| panic!("{d}"));
        crate::prepare::prepare(&schema).unwrap_or_else(|d| panic!("{d}"));
    }
}
