//! The layout model against rustc for shapes the ES5 schema does not use (every primitive, `Option` of each kind
//! of type, enums holding inline structs and inline enums, a single-variant enum): a schema with all of them is
//! generated into a temporary crate whose layout assertions `cargo check` evaluates, on the host and on every
//! installed 32-bit target of `i686-unknown-linux-gnu` and `wasm32-unknown-unknown`.

mod support;

use std::process::Command;

use support::GeneratedCrate;

const SHAPES: &str = r#"//! Stress schema for the layout model.

/// Root.
#[ast]
pub struct Root {
    /// a
    pub items: Vec<Item>,
    /// b
    pub flag: bool,
}

/// Prims.
#[ast]
pub struct Prims {
    /// a
    pub a: u8,
    /// a
    pub b: u16,
    /// a
    pub c: u64,
    /// a
    pub d: f32,
    /// a
    pub e: char,
    /// a
    pub f: i64,
    /// a
    pub g: f64,
    /// a
    pub h: bool,
}

/// Options.
#[ast]
pub struct Options {
    /// a
    pub a: Option<bool>,
    /// a
    pub b: Option<char>,
    /// a
    pub c: Option<u32>,
    /// a
    pub d: Option<f64>,
    /// a
    pub e: Option<Box<Prims>>,
    /// a
    pub f: Option<Vec<Item>>,
    /// a
    pub g: Option<String>,
    /// a
    pub h: Option<Item>,
    /// a
    pub i: Option<Op>,
    /// a
    pub j: Option<Leaf>,
    /// a
    pub k: Option<Mixed>,
    /// a
    pub l: Option<u8>,
}

/// Leaf.
#[ast]
pub struct Leaf {
    /// a
    pub name: String,
}

/// Small.
#[ast]
pub struct Small {
    /// a
    pub op: Op,
}

/// Op.
#[ast]
pub enum Op {
    /// a
    A,
    /// b
    B,
}

/// Item.
#[ast]
pub enum Item {
    /// a
    Prims(Box<Prims>),
    /// a
    Options(Box<Options>),
    /// a
    Leaf(Box<Leaf>),
}

/// Mixed: inline structs and enums.
#[ast]
pub enum Mixed {
    /// a
    Small2(Small2),
    /// a
    Small(Small),
    /// a
    Item(Item),
    /// a
    Boxed(Box<Root>),
}

/// Single.
#[ast]
pub enum Single {
    /// a
    Only(Box<Leaf>),
}

/// Holder.
#[ast]
pub struct Holder {
    /// a
    pub single: Single,
    /// a
    pub mixed: Mixed,
    /// a
    pub opt_single: Option<Single>,
    /// a
    pub two: Two,
    /// a
    pub opt_two: Option<Two>,
    /// a
    pub inl: InlineSmall,
    /// a
    pub opt_inl: Option<InlineSmall>,
    /// a
    pub counted: Counted,
}

/// Two inline small.
#[ast]
pub enum Two {
    /// a
    S(Small),
    /// b
    L(Box<Leaf>),
}

/// Inline small only.
#[ast]
pub enum InlineSmall {
    /// a
    S(Small),
    /// b
    T(Small2),
}

/// An external type with a niche.
#[ast(external = "::core::num::NonZeroU32")]
#[layout(size64 = 4, align64 = 4, size32 = 4, align32 = 4, niches = 1)]
pub struct Count;

/// External fields.
#[ast]
pub struct Counted {
    /// a
    pub count: Count,
    /// b
    pub maybe: Option<Count>,
    /// c
    pub twice: Option<Option<Count>>,
}

/// Small2.
#[ast]
pub struct Small2 {
    /// a
    pub x: u16,
    /// b
    pub y: bool,
}
"#;

/// The 32-bit targets worth checking that rustup has installed (checking needs only the target's std).
fn installed_32_bit_targets() -> Vec<String> {
    let Ok(output) = Command::new("rustup").args(["target", "list", "--installed"]).output() else {
        return Vec::new();
    };
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|t| ["i686-unknown-linux-gnu", "wasm32-unknown-unknown"].contains(t))
        .map(str::to_string)
        .collect()
}

#[test]
fn rustc_agrees_with_the_model_on_every_shape() {
    let generated = GeneratedCrate::new("shapes", SHAPES);
    generated.check_target(None);
    for target in installed_32_bit_targets() {
        generated.check_target(Some(&target));
    }
}
