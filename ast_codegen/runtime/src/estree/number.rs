//! JavaScript's number-to-string conversion (`Number.prototype.toString`, ECMA-262 Number::toString), which
//! `JSON.stringify` uses for finite numbers.

use core::fmt::Write as _;

/// Appends a finite `value` formatted as JavaScript's `Number.prototype.toString()` (and so `JSON.stringify`)
/// formats it: the shortest digits that round-trip, plain notation for decimal exponents in `-7 < e < 21`
/// (`1e21` → `1e+21`, `1e-7` → `1e-7`, `0.000001`, `100`), integers without `.0`, `-0` as `0`.
///
/// Non-finite values are written as `NaN`, `Infinity` and `-Infinity`, as `toString` does; JSON has no such
/// values, so [`EstreeWriter::number`] writes `null` for them instead.
pub fn write_js_number(out: &mut String, value: f64) {
    if value.is_nan() {
        out.push_str("NaN");
        return;
    }
    if value.is_infinite() {
        out.push_str(if value > 0.0 { "Infinity" } else { "-Infinity" });
        return;
    }
    if value == 0.0 {
        out.push('0'); // also -0
        return;
    }
    if value < 0.0 {
        out.push('-');
    }
    let magnitude = value.abs();
    if magnitude.fract() == 0.0 && magnitude < 9_007_199_254_740_992.0 {
        // Fast path for the common case: a safe integer prints as its digits.
        let _ = write!(out, "{}", magnitude as u64); // writing to a String cannot fail
        return;
    }
    // Rust's `{:e}` gives the shortest round-tripping digits (as ECMAScript's Number::toString requires) as
    // `d[.ddd]e<exp>`; only the notation differs, which ECMA-262 6.1.6.1.20 steps 6-10 decide.
    let scientific = format!("{magnitude:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let mut digits: Vec<u8> = mantissa.bytes().filter(|c| *c != b'.').collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    round_tie_to_even(&mut digits, exponent + 1, magnitude);
    let digits = core::str::from_utf8(&digits).unwrap_or("0"); // ASCII digits by construction
    push_js_notation(out, digits, exponent + 1);
}

/// ECMA-262 breaks a tie between two shortest digit strings equally close to the value by taking the even one;
/// Rust's shortest formatting rounds such ties up (`637099761039132.25` → Rust `…32.3`, JavaScript `…32.2`). With
/// an odd last digit, this checks whether a neighbour with the same length also round-trips and the value lies
/// exactly half-way (using the exact decimal expansion, only in that rare case) and then takes the neighbour.
fn round_tie_to_even(digits: &mut [u8], n: i32, value: f64) {
    let Some(&last) = digits.last() else { return };
    if (last - b'0').is_multiple_of(2) {
        return;
    }
    for neighbour in [last - 1, last + 1] {
        if neighbour > b'9' {
            continue; // `9 + 1` carries: a shorter string, not a tie between equal lengths
        }
        let mut candidate = digits.to_vec();
        *candidate.last_mut().unwrap_or(&mut 0) = neighbour;
        if parse_digits(&candidate, n) != Some(value) {
            continue;
        }
        let mut midpoint = digits.to_vec();
        *midpoint.last_mut().unwrap_or(&mut 0) = last.min(neighbour);
        midpoint.push(b'5');
        if exact_digits(value) == (midpoint, n) {
            digits.copy_from_slice(&candidate);
            return;
        }
    }
}

/// The value `0.digits × 10^n`.
fn parse_digits(digits: &[u8], n: i32) -> Option<f64> {
    let text = format!("0.{}e{n}", core::str::from_utf8(digits).ok()?);
    text.parse().ok()
}

/// The exact decimal expansion of a positive finite `value` as significant digits (no trailing zeros) and point
/// position `n`, as in [`push_js_notation`]. 1100 digits cover any `f64` (at most 767 significant digits).
fn exact_digits(value: f64) -> (Vec<u8>, i32) {
    let text = format!("{value:.1100e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mut digits: Vec<u8> = mantissa.bytes().filter(|c| *c != b'.').collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, exponent.parse::<i32>().unwrap_or(0) + 1)
}

/// ECMA-262 Number::toString notation for the digits `digits` (k of them) and decimal point position `n`
/// (value = 0.digits × 10^n).
fn push_js_notation(out: &mut String, digits: &str, n: i32) {
    let k = digits.len() as i32;
    if k <= n && n <= 21 {
        out.push_str(digits);
        out.extend(core::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(core::iter::repeat_n('0', (-n) as usize));
        out.push_str(digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if n - 1 < 0 { '-' } else { '+' });
        let _ = write!(out, "{}", (n - 1).abs()); // writing to a String cannot fail
    }
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
