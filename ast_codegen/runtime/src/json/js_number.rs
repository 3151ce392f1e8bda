//! JavaScript's number-to-string conversion (`Number.prototype.toString`, ECMA-262 Number::toString), which
//! `JSON.stringify` uses for finite numbers.
//!
//! The `ryu-js` crate does the work: Ryū's shortest round-tripping digits (ties to even, as ECMA-262 asks) in
//! JavaScript's notation. It replaced a hand-written version (Rust's `{:e}` plus a tie fix-up using the exact
//! decimal expansion) that was as exact against node but 5 to 200 times slower on non-integers
//! (`benches/js_number.rs`, `tests/js_number_node.rs`).

use core::fmt::Write as _;

/// Appends `value` formatted as JavaScript's `Number.prototype.toString()` (and so `JSON.stringify`, for finite
/// values) formats it: the shortest digits that round-trip, plain notation for decimal exponents in `-7 < e < 21`
/// (`1e21` → `1e+21`, `1e-7` → `1e-7`, `0.000001`, `100`), integers without `.0`, `-0` as `0`.
///
/// Non-finite values are written as `NaN`, `Infinity` and `-Infinity`, as `toString` does; JSON has no such
/// values, so [`JsonWriter::float`](super::JsonWriter::float) writes `null` for them in the JavaScript style.
pub fn write_js_number(out: &mut String, value: f64) {
    // Safe integers, most numbers in source code, print as their digits: integer formatting is about twice as
    // fast as ryu-js here, which runs its shortest-digits search for them too. `-0` becomes `0`, as in JavaScript;
    // NaN and infinities have a NaN `fract()` and go to ryu-js.
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        let _ = write!(out, "{}", value as i64); // exact below 2^53; writing to a String cannot fail
        return;
    }
    out.push_str(ryu_js::Buffer::new().format(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(value: f64) -> String {
        let mut out = String::new();
        write_js_number(&mut out, value);
        out
    }

    #[test]
    fn numbers_use_javascript_notation() {
        // Expected values are what `String(x)` gives in JavaScript (ECMA-262 Number::toString).
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.5, "-1.5"),
            (100.0, "100"),
            (0.1, "0.1"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e21, "1e+21"),
            (1.2345e22, "1.2345e+22"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (0.1 + 0.2, "0.30000000000000004"),
            (9007199254740993.0, "9007199254740992"),
            (255.0, "255"),
            (-42.0, "-42"),
            (9007199254740991.0, "9007199254740991"),
            (-9007199254740992.0, "-9007199254740992"),
            (4.35, "4.35"),
            (123.456, "123.456"),
            // A tie between two shortest candidates: JavaScript takes the even digit, Rust's `{}` the upper one.
            (637099761039132.0 + 0.25, "637099761039132.2"),
            (637099761039132.0 + 0.75, "637099761039132.8"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for &(value, expected) in cases {
            assert_eq!(js(value), expected, "formatting {value:?}");
        }
    }
}
