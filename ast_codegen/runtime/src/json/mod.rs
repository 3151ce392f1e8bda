//! JSON text exactly as Python's `json.dumps(value, ensure_ascii=False)` writes it (cargo feature `json`).
//!
//! CPython's AST arrives as JSON written by `json.dumps` (the bridge script `examples/python_ast/pyast_dump.py`);
//! writing the same text back from Rust lets a round trip be compared as text, byte for byte, not only as parsed
//! JSON. The pieces are the ones `json.dumps` uses:
//!
//! - [`write_py_float`]: `float.__repr__` (shortest round-trip digits, scientific below 1e-4 and from 1e16 on,
//!   `1.0`, `1e-05`, `1e+16`, `-0.0`), which `json.dumps` writes for every finite float;
//! - [`write_py_int`]: `int.__repr__`, for integers that fit an `i64`;
//! - [`write_json_string`]: the string escapes of `json.dumps(s, ensure_ascii=False)`, which are also
//!   `JSON.stringify`'s (one implementation serves this module and `estree`).
//!
//! Nothing here knows the AST; the helpers are language-neutral, exact against Python's own output
//! (`tests/py_json_python.rs` compares them with `python3`).

mod number;

pub use crate::json_string::write_json_string;
pub use number::{write_py_float, write_py_int};
