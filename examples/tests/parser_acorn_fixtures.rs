//! Compares the parser with acorn 8 (`ecmaVersion: 5`) on the fixtures in `tests/fixtures/acorn`: for every
//! `NAME.js`, `NAME.json` is acorn's tree (compared node for node, spans converted to UTF-16 offsets) or
//! `NAME.err` is acorn's error (compared by position: line and column). Regenerate the expected files with
//! `node examples/tests/fixtures/regen.js path/to/acorn`.

mod support;

use std::fs;
use std::path::Path;

#[test]
fn parser_matches_acorn_on_every_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acorn");
    let mut failures = Vec::new();
    let mut count = 0;
    let mut names: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for js in names.iter().filter(|p| p.extension().is_some_and(|e| e == "js")) {
        count += 1;
        let name = js.file_stem().unwrap().to_string_lossy().to_string();
        let src = fs::read_to_string(js).unwrap();
        let result = examples::parser::parse(&src);
        let json_path = js.with_extension("json");
        let err_path = js.with_extension("err");
        if json_path.exists() {
            let expected: serde_json::Value = serde_json::from_str(&fs::read_to_string(&json_path).unwrap()).unwrap();
            match result {
                Ok(program) => {
                    let actual = support::program_to_json(&src, &program);
                    if let Some(diff) = support::json_diff(&expected, &actual, "") {
                        failures.push(format!("{name}: tree differs at {diff}"));
                    }
                }
                Err(e) => failures.push(format!("{name}: acorn accepts it, we reject it: {e}")),
            }
        } else {
            let expected = fs::read_to_string(&err_path).unwrap();
            let (pos, message) = expected.trim_end().split_once(' ').unwrap();
            let (line, col) = pos.split_once(':').unwrap();
            let (line, col): (u32, u32) = (line.parse().unwrap(), col.parse().unwrap());
            match result {
                Ok(_) => failures.push(format!("{name}: acorn rejects it ({expected:?}), we accept it")),
                Err(e) => {
                    if (e.line, e.column) != (line, col + 1) || e.message != message {
                        failures.push(format!("{name}: expected {line}:{} {message}, got {e}", col + 1));
                    }
                }
            }
        }
    }
    assert!(count > 50, "fixtures missing: {count}");
    assert!(failures.is_empty(), "{} of {count} fixtures differ:\n{}", failures.len(), failures.join("\n"));
}
