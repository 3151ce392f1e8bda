//! The primitive types a node may hold as leaf values. Defined here rather than in the generator's model because
//! the shape rules ([`crate::node_shape`]) must recognise them too (a primitive is never a node), and the `#[ast]`
//! attribute must not depend on the generator. `ast_codegen::model` re-exports this type.

/// The primitive types a schema may use as leaf values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Primitive {
    /// `bool`
    Bool,
    /// `char`
    Char,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
}

impl Primitive {
    /// All primitives, for lookup by name.
    pub const ALL: [Primitive; 12] = [
        Primitive::Bool,
        Primitive::Char,
        Primitive::U8,
        Primitive::U16,
        Primitive::U32,
        Primitive::U64,
        Primitive::I8,
        Primitive::I16,
        Primitive::I32,
        Primitive::I64,
        Primitive::F32,
        Primitive::F64,
    ];

    /// The Rust spelling.
    pub fn rust_name(self) -> &'static str {
        match self {
            Primitive::Bool => "bool",
            Primitive::Char => "char",
            Primitive::U8 => "u8",
            Primitive::U16 => "u16",
            Primitive::U32 => "u32",
            Primitive::U64 => "u64",
            Primitive::I8 => "i8",
            Primitive::I16 => "i16",
            Primitive::I32 => "i32",
            Primitive::I64 => "i64",
            Primitive::F32 => "f32",
            Primitive::F64 => "f64",
        }
    }

    /// The primitive spelled `name`, if any.
    pub fn from_name(name: &str) -> Option<Primitive> {
        Primitive::ALL.into_iter().find(|p| p.rust_name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_primitive_is_found_by_its_rust_name() {
        for p in Primitive::ALL {
            assert_eq!(Primitive::from_name(p.rust_name()), Some(p));
        }
        let names: Vec<&str> = Primitive::ALL.iter().map(|p| p.rust_name()).collect();
        assert_eq!(names.len(), 12);
        assert!(names.iter().enumerate().all(|(i, n)| !names[..i].contains(n)), "names are unique: {names:?}");
    }

    #[test]
    fn other_names_are_no_primitive() {
        for name in ["String", "str", "usize", "u128", "Bool", "f16", ""] {
            assert_eq!(Primitive::from_name(name), None, "{name}");
        }
    }
}
