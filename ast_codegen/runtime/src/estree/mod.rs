//! Writing ESTree JSON: the hand-written half of the generated serialisers (cargo feature `estree`).
//!
//! The generator's ESTree output emits one [`ToEstree`] impl per schema type, driven by the schema's
//! `#[estree(...)]` attributes; those impls call the small JSON writer here. Unlike the rest of the runtime this
//! module is JavaScript-specific, so it sits behind a feature that only crates with ESTree output turn on:
//!
//! - [`EstreeWriter`] (`writer.rs`): a streaming JSON writer with node helpers (`type`, `start`, `end`);
//! - [`Utf16Offsets`] (`utf16.rs`): maps byte offsets (what [`Span`](crate::Span) stores) to UTF-16 code unit
//!   offsets (what JavaScript tools such as acorn report as `start` / `end`);
//! - [`write_json_string`] (the crate's `json_string.rs`, shared with the `json` feature) and [`write_js_number`]
//!   (`number.rs`): text byte-identical to `JSON.stringify`, so the output can be compared as text with a
//!   JavaScript tool's, not only as parsed JSON.
//!
//! A hand-rolled writer was chosen over serde (generated `Serialize` impls): the output needs a side input (the
//! source, for UTF-16 offsets), JavaScript number formatting and a key order that differs from the field order,
//! all of which fight serde's data model; the writer is ~200 lines.

mod number;
mod utf16;
mod writer;

pub use crate::json_string::write_json_string;
pub use number::write_js_number;
pub use utf16::Utf16Offsets;
pub use writer::EstreeWriter;

/// Values that can be written as ESTree JSON. The generator implements it for every schema type; this module
/// implements it for the leaf types (`String`, `bool`, numbers) and the containers (`Box`, `Vec`, `Option`).
pub trait ToEstree {
    /// Appends this value's JSON to `w`.
    fn write_estree(&self, w: &mut EstreeWriter);
}

/// Values that can be turned into plain text for an ESTree field computed from a format string
/// (`add_field(name = "raw", format = "/{pattern}/{flags}")`).
pub trait EstreeText {
    /// Appends this value as text (not JSON: strings are not quoted) to `out`.
    fn push_text(&self, out: &mut String);
}

impl<T: ToEstree + ?Sized> ToEstree for Box<T> {
    fn write_estree(&self, w: &mut EstreeWriter) {
        (**self).write_estree(w);
    }
}

impl<T: ToEstree + ?Sized> ToEstree for &T {
    fn write_estree(&self, w: &mut EstreeWriter) {
        (**self).write_estree(w);
    }
}

/// `None` is `null` (an absent optional child, or a hole in an array).
impl<T: ToEstree> ToEstree for Option<T> {
    fn write_estree(&self, w: &mut EstreeWriter) {
        match self {
            Some(value) => value.write_estree(w),
            None => w.null(),
        }
    }
}

impl<T: ToEstree> ToEstree for [T] {
    fn write_estree(&self, w: &mut EstreeWriter) {
        w.begin_array();
        for item in self {
            item.write_estree(w);
        }
        w.end_array();
    }
}

impl<T: ToEstree> ToEstree for Vec<T> {
    fn write_estree(&self, w: &mut EstreeWriter) {
        self.as_slice().write_estree(w);
    }
}

impl ToEstree for str {
    fn write_estree(&self, w: &mut EstreeWriter) {
        w.string(self);
    }
}

impl ToEstree for String {
    fn write_estree(&self, w: &mut EstreeWriter) {
        w.string(self);
    }
}

impl ToEstree for bool {
    fn write_estree(&self, w: &mut EstreeWriter) {
        w.bool(*self);
    }
}

impl ToEstree for char {
    fn write_estree(&self, w: &mut EstreeWriter) {
        w.string(self.encode_utf8(&mut [0; 4]));
    }
}

macro_rules! numbers_as_f64 {
    ($($ty:ty),*) => {$(
        /// Written as a JavaScript number (integers above 2^53 lose precision, as in JavaScript).
        impl ToEstree for $ty {
            fn write_estree(&self, w: &mut EstreeWriter) {
                w.number(*self as f64);
            }
        }

        impl EstreeText for $ty {
            fn push_text(&self, out: &mut String) {
                // Non-finite values as `NaN` / `Infinity`, as JavaScript's `String(x)` writes them.
                write_js_number(out, *self as f64);
            }
        }
    )*};
}

numbers_as_f64!(f64, f32, u8, u16, u32, u64, i8, i16, i32, i64);

macro_rules! non_zero_numbers {
    ($($ty:ty),*) => {$(
        /// Written as the number it holds (non-zero integers are common external leaf types, for their niche).
        impl ToEstree for core::num::NonZero<$ty> {
            fn write_estree(&self, w: &mut EstreeWriter) {
                self.get().write_estree(w);
            }
        }

        impl EstreeText for core::num::NonZero<$ty> {
            fn push_text(&self, out: &mut String) {
                self.get().push_text(out);
            }
        }
    )*};
}

non_zero_numbers!(u8, u16, u32, u64, i8, i16, i32, i64);

impl EstreeText for str {
    fn push_text(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl EstreeText for String {
    fn push_text(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl EstreeText for bool {
    fn push_text(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl EstreeText for char {
    fn push_text(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: EstreeText + ?Sized> EstreeText for Box<T> {
    fn push_text(&self, out: &mut String) {
        (**self).push_text(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_values() {
        let mut out = String::new();
        "ab".push_text(&mut out);
        true.push_text(&mut out);
        1e21f64.push_text(&mut out);
        core::num::NonZero::new(7u32).unwrap().push_text(&mut out);
        assert_eq!(out, "abtrue1e+217");
    }
}
