//! The bridge on files written here: every kind of constant and position comes back byte for byte, and a file
//! CPython rejects is reported as `FILE:line:col: message`. Without `python3` the tests say so and pass.

use std::path::PathBuf;

use python_example::{DumpError, dump, reprint};

fn python_file(tag: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("pyast_bridge_{tag}_{}.py", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

fn python3_available() -> bool {
    let available = std::process::Command::new("python3").arg("--version").output().is_ok();
    if !available {
        eprintln!("python3 is not available; skipped");
    }
    available
}

#[test]
fn every_kind_of_constant_and_position_comes_back_byte_for_byte() {
    if !python3_available() {
        return;
    }
    let text = "x = (None, True, 1, 2**53, 123456789012345678901234567890, 0x7fffffffffffffffff, 1.5, 1e300 * 10,\n\
                \t1e999, -0.0, 1e16, 1e-5, 2j, 1e999j, b'\\x00\\xff', ..., 'é\\u2028\"\\\\\\n', f'{x!r:>{w}}')\r\n\
                def f(a, /, b: int = 1, *c, d, e=2, **g) -> 'é':\r    global h; nonlocal_ = {**g, 1: 2}\n\
                match p:\n    case [1, *rest] | {'k': _, **kw} | P(a=1) if rest: pass\n\
                async def g():\n    async with a as (b, c): await b\n";
    let file = python_file("constants", text);
    let json = dump(&file).unwrap_or_else(|e| panic!("{e:?}"));
    let _ = std::fs::remove_file(&file);
    for via_flat in [false, true] {
        let out = reprint(&json, text, via_flat).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, json, "via flat: {via_flat}");
    }
    assert!(json.contains(r#"{"_int":"123456789012345678901234567890"}"#), "{json}");
    assert!(json.contains(r#"{"_float":"inf"}"#) && json.contains(r#"{"_bytes":"00ff"}"#), "{json}");
}

#[test]
fn a_file_cpython_rejects_is_reported_where_cpython_says() {
    if !python3_available() {
        return;
    }
    let file = python_file("rejected", "x = 1\ndef (:\n");
    let result = dump(&file);
    let _ = std::fs::remove_file(&file);
    match result {
        Err(DumpError::Rejected(message)) => {
            assert!(message.starts_with(&format!("{}:2:", file.display())), "{message}");
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn json_that_does_not_fit_the_schema_names_its_path() {
    let source = "x\n";
    let json = r#"{"_type":"Module","body":[{"_type":"Expr","value":{"_type":"Nmae","id":"x","ctx":{"_type":"Load"},"lineno":1,"col_offset":0,"end_lineno":1,"end_col_offset":1},"lineno":1,"col_offset":0,"end_lineno":1,"end_col_offset":1}],"type_ignores":[]}"#;
    let error = reprint(json, source, false).unwrap_err();
    assert_eq!(error, "$.body[0].value: `_type` is \"Nmae\", which is not a variant of `Expr`");
}
