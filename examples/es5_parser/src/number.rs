//! JavaScript's `Number.prototype.toString()` (ECMA-262 `Number::toString`): needed to compare numeric property
//! keys with string ones (`{1: a, "1": b}` clash in strict mode). The runtime's ESTree writer formats numbers the
//! same way, so this is that one implementation.

/// Formats `v` exactly as JavaScript's `String(v)` does.
pub fn js_number_to_string(v: f64) -> String {
    let mut out = String::new();
    ast_runtime::json::write_js_number(&mut out, v);
    out
}

#[cfg(test)]
mod tests {
    use super::js_number_to_string as s;

    #[test]
    fn matches_javascript() {
        assert_eq!(s(1.0), "1");
        assert_eq!(s(-1.5), "-1.5");
        assert_eq!(s(0.1), "0.1");
        assert_eq!(s(1e21), "1e+21");
        assert_eq!(s(1e20), "100000000000000000000");
        assert_eq!(s(1.5e-7), "1.5e-7");
        assert_eq!(s(0.000001), "0.000001");
        assert_eq!(s(123456.789), "123456.789");
        assert_eq!(s(f64::MAX), "1.7976931348623157e+308");
        assert_eq!(s(5e-324), "5e-324");
        assert_eq!(s(f64::NAN), "NaN");
        assert_eq!(s(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(s(-0.0), "0");
    }
}
