//! Python's number-to-text conversions as `json.dumps` uses them: `float.__repr__` and `int.__repr__`.
//!
//! `float.__repr__` is the shortest digit string that reads back as the same double, ties broken to the even
//! digit (CPython's `_Py_dg_dtoa` in mode 0). ryu-js computes exactly those digits (it breaks ties to even because
//! ECMA-262 asks for it; Rust's `{}` breaks them upwards, plain `ryu` is not vendored here) but writes them in
//! JavaScript's notation, so this module reads the digits and the exponent back out of ryu-js's text and writes
//! them in Python's notation.

use core::fmt::Write as _;

/// Doubles of smaller magnitude than 2^53 that are integers print as their integer digits: every integer up to
/// there is a double, so no shorter digit string reads back as the same value.
const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0;

/// Appends `value` as Python's `repr(value)` (`float.__repr__`) writes it, which is what `json.dumps` writes for a
/// finite float: the shortest digits that round-trip, in positional notation with at least one digit after the
/// point when the decimal exponent is in `-4..16` (`1.0`, `100.0`, `0.0001`, `123456789012345.0`), else in
/// scientific notation with a signed exponent of at least two digits and no `.0` (`1e-05`, `1.5e-05`, `1e+16`,
/// `1e+300`); `-0.0` stays `-0.0`.
///
/// Non-finite values are written as `repr` writes them: `inf`, `-inf`, `nan` (NaN has no sign in Python's text).
/// `json.dumps` writes `Infinity`, `-Infinity` and `NaN` instead, which are not JSON; a caller that needs them
/// encodes them some other way (the bridge script writes `{"_float": "inf"}`).
pub fn write_py_float(out: &mut String, value: f64) {
    if value.is_nan() {
        out.push_str("nan");
        return;
    }
    if value.is_infinite() {
        out.push_str(if value > 0.0 { "inf" } else { "-inf" });
        return;
    }
    // Integers below 2^53 (most floats in source code, zero included): their digits, skipping the digit search.
    // `as i64` loses the sign of -0.0, which Python keeps.
    if value.fract() == 0.0 && value.abs() < EXACT_INTEGER_LIMIT {
        if value == 0.0 && value.is_sign_negative() {
            out.push('-');
        }
        let _ = write!(out, "{}.0", value as i64); // exact below 2^53; writing to a String cannot fail
        return;
    }
    let mut buffer = ryu_js::Buffer::new();
    let digits = Digits::read(buffer.format_finite(value));
    digits.write_python(out);
}

/// Appends `value` as Python's `repr(value)` (`int.__repr__`) writes it, which is what `json.dumps` writes for an
/// int: its decimal digits, `-` for negatives, no leading zeros, no `+`.
pub fn write_py_int(out: &mut String, value: i64) {
    let _ = write!(out, "{value}"); // writing to a String cannot fail
}

/// A finite non-zero double as its shortest decimal digits: `0.d1 d2 ... dn × 10^point`, where `point` is the
/// position of the decimal point relative to the first digit (CPython's `decpt`).
struct Digits {
    negative: bool,
    /// The significant digits as ASCII, no leading or trailing zeros (at most 17 for a double).
    digits: [u8; 32],
    len: usize,
    point: i32,
}

impl Digits {
    /// Reads ryu-js's text for a finite non-zero double: `-`?, a mantissa of digits with an optional `.` (plain
    /// notation can carry leading zeros, `0.000001`, or trailing ones, `123456789012345680000`), and an optional
    /// exponent `e+21` / `e-7`. Reading every notation the same way keeps this independent of where JavaScript
    /// switches notation.
    fn read(text: &str) -> Digits {
        let mut result = Digits { negative: false, digits: [b'0'; 32], len: 0, point: 0 };
        let mut mantissa_digits = 0i32; // digits seen in the mantissa, leading zeros included
        let mut before_point: Option<i32> = None; // mantissa digits before the `.`, once it is seen
        let mut leading_zeros = 0i32;
        let mut in_exponent = false;
        let mut exponent_negative = false;
        let mut exponent = 0i32;
        for byte in text.bytes() {
            match byte {
                b'-' if in_exponent => exponent_negative = true,
                b'-' => result.negative = true,
                b'.' => before_point = Some(mantissa_digits),
                b'e' | b'E' => in_exponent = true,
                b'0'..=b'9' if in_exponent => exponent = exponent * 10 + i32::from(byte - b'0'),
                b'0'..=b'9' => {
                    mantissa_digits += 1;
                    if result.len == 0 && byte == b'0' {
                        leading_zeros += 1;
                    } else if let Some(slot) = result.digits.get_mut(result.len) {
                        // ryu-js writes at most 17 significant digits plus padding zeros up to 21 integer
                        // digits, which fit; a longer mantissa could only add zeros past the end.
                        *slot = byte;
                        result.len += 1;
                    }
                }
                _ => {} // `+` of the exponent
            }
        }
        if exponent_negative {
            exponent = -exponent;
        }
        // Trailing zeros of plain notation (`1e20` is written `100000000000000000000`) are not significant.
        while result.len > 1 && result.digits[result.len - 1] == b'0' {
            result.len -= 1;
        }
        result.point = before_point.unwrap_or(mantissa_digits) - leading_zeros + exponent;
        result
    }

    /// Writes the digits as CPython's `float_repr_style = 'short'` repr does (`Python/pystrtod.c`,
    /// `format_float_short` with `repr` mode and `Py_DTSF_ADD_DOT_0`): positional when `-4 < point <= 16`, i.e. a
    /// scientific exponent from -4 to 15, else scientific.
    fn write_python(&self, out: &mut String) {
        let digits = &self.digits[..self.len];
        // The bytes are ASCII digits, so they are valid UTF-8 one char each; pushing them as chars avoids a
        // fallible conversion.
        let push_digits = |out: &mut String, bytes: &[u8]| out.extend(bytes.iter().map(|&b| char::from(b)));
        if self.negative {
            out.push('-');
        }
        let len = self.len as i32;
        if -4 < self.point && self.point <= 16 {
            if self.point <= 0 {
                // 0.000ddd
                out.push_str("0.");
                out.extend(core::iter::repeat_n('0', (-self.point) as usize));
                push_digits(out, digits);
            } else if self.point < len {
                // ddd.ddd
                let (whole, fraction) = digits.split_at(self.point as usize);
                push_digits(out, whole);
                out.push('.');
                push_digits(out, fraction);
            } else {
                // ddd000.0
                push_digits(out, digits);
                out.extend(core::iter::repeat_n('0', (self.point - len) as usize));
                out.push_str(".0");
            }
        } else {
            // d.ddde+XX: the exponent signed and at least two digits, no `.0` after a single digit.
            let (first, rest) = digits.split_at(1.min(digits.len()));
            push_digits(out, first);
            if !rest.is_empty() {
                out.push('.');
                push_digits(out, rest);
            }
            let exponent = self.point - 1;
            let sign = if exponent < 0 { '-' } else { '+' };
            let _ = write!(out, "e{sign}{:02}", exponent.unsigned_abs()); // writing to a String cannot fail
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py(value: f64) -> String {
        let mut out = String::new();
        write_py_float(&mut out, value);
        out
    }

    #[test]
    fn floats_use_python_repr_notation() {
        // Expected values are what `repr(x)` gives in CPython 3.11 (`json.dumps` gives the same for finite x).
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (-1.5, "-1.5"),
            (100.0, "100.0"),
            (0.1, "0.1"),
            (0.0001, "0.0001"),
            (0.00012, "0.00012"),
            (1e-5, "1e-05"),
            (1.5e-5, "1.5e-05"),
            (-1.5e-5, "-1.5e-05"),
            (123456789012345.0, "123456789012345.0"),
            (1234567890123456.0, "1234567890123456.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (12345678901234567890.0, "1.2345678901234567e+19"),
            (1e22, "1e+22"),
            (1e100, "1e+100"),
            (1e300, "1e+300"),
            (1e-300, "1e-300"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (0.1 + 0.2, "0.30000000000000004"),
            (9007199254740991.0, "9007199254740991.0"),
            (9007199254740993.0, "9007199254740992.0"),
            (9007199254740994.0, "9007199254740994.0"),
            (1e15 + 0.5, "1000000000000000.5"),
            (123.456, "123.456"),
            (1e-7, "1e-07"),
            (1e-6, "1e-06"),
            // A tie between two shortest candidates: Python takes the even digit, as ryu-js does.
            (637099761039132.0 + 0.25, "637099761039132.2"),
            (637099761039132.0 + 0.75, "637099761039132.8"),
            (f64::NAN, "nan"),
            (-f64::NAN, "nan"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for &(value, expected) in cases {
            assert_eq!(py(value), expected, "formatting {value:?}");
        }
    }

    #[test]
    fn ints_use_python_repr() {
        let mut out = String::new();
        for value in [0, 7, -42, i64::MAX, i64::MIN] {
            write_py_int(&mut out, value);
            out.push(' ');
        }
        assert_eq!(out, "0 7 -42 9223372036854775807 -9223372036854775808 ");
    }
}
