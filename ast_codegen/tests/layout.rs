//! The layout pass end to end: external types with declared layouts, the order the boxed tree is written in, and
//! the `layout` / `layout --json` report of the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use ast_codegen::layout::{self, Target};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A schema crate in a fresh temporary directory, with `lib_rs` as its `src/lib.rs`.
fn schema_crate(tag: &str, lib_rs: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ast_codegen_layout_{tag}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"layout_test\"\n").unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib_rs).unwrap();
    dir
}

const WITH_EXTERNAL: &str = r#"
#[ast]
pub struct Program { pub body: Vec<Leaf>, pub count: Option<Count> }
#[ast]
pub struct Leaf { pub value: f64 }
/// A count that is never zero.
#[ast(external = "::core::num::NonZeroU32")]
#[layout(size64 = 4, align64 = 4, size32 = 4, align32 = 4, niches = 1)]
pub struct Count;
"#;

#[test]
fn external_layout_and_its_niche_fill_the_gap_after_node_id() {
    let dir = schema_crate("external", WITH_EXTERNAL);
    let schema = ast_codegen::load_schema(&dir);
    let files = ast_codegen::generate(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let layouts = layout::compute(&schema.unwrap_or_else(|d| panic!("{d}"))).unwrap();
    // `Option<NonZeroU32>` is 4 bytes thanks to the declared niche, so it sits right after the span, for free.
    assert_eq!(layouts.memory_order("Program"), ["node_id", "span", "count", "body"]);
    let program = layouts.get("Program").unwrap();
    assert_eq!(program.layouts[Target::BITS64.index()].size, 40);
    let assertions = files.unwrap_or_else(|d| panic!("{d}"));
    let assertions = assertions.iter().find(|f| f.name == "layout_assertions.rs").expect("no layout_assertions.rs");
    assert!(assertions.text.contains("use core::num::NonZeroU32;"), "{}", assertions.text);
    assert!(assertions.text.contains("type T = NonZeroU32;"), "{}", assertions.text);
}

#[test]
fn boxed_tree_declares_fields_in_memory_order() {
    let files = ast_codegen::generate(&workspace_root().join("ast_schema")).unwrap_or_else(|d| panic!("{d}"));
    let ast = files.iter().find(|f| f.name == "ast.rs").unwrap();
    let schema = ast_codegen::load_schema(&workspace_root().join("ast_schema")).unwrap();
    let layouts = layout::compute(&schema).unwrap();
    for def in schema.structs() {
        let start = ast.text.find(&format!("pub struct {} {{", def.name)).unwrap();
        let body = &ast.text[start..start + ast.text[start..].find("\n}").unwrap()];
        let mut positions: Vec<(usize, &str)> = layouts
            .memory_order(&def.name)
            .into_iter()
            .map(|field| (body.find(&format!(" {field}: ")).unwrap_or_else(|| panic!("{}.{field}", def.name)), field))
            .collect();
        let declared: Vec<&str> = positions.iter().map(|(_, f)| *f).collect();
        positions.sort();
        let written: Vec<&str> = positions.iter().map(|(_, f)| *f).collect();
        assert_eq!(written, declared, "{} is not written in memory order", def.name);
    }
}

fn run_layout(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_ast_codegen")).arg("layout").args(args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn layout_json_lists_every_struct_with_consistent_offsets() {
    let json: serde_json::Value = serde_json::from_str(&run_layout(&["--json"])).unwrap();
    let structs = json.as_array().unwrap();
    let schema = ast_codegen::load_schema(&workspace_root().join("ast_schema")).unwrap();
    assert_eq!(structs.len(), schema.structs().count());
    for s in structs {
        let name = s["name"].as_str().unwrap();
        let (size, align) = (s["size"].as_u64().unwrap(), s["align"].as_u64().unwrap());
        assert_eq!(size % align, 0, "{name}");
        assert!(s["size_without_node_id"].as_u64().unwrap() <= size, "{name}");
        let fields = s["fields"].as_array().unwrap();
        assert_eq!((fields[0]["name"].as_str(), fields[0]["offset"].as_u64()), (Some("node_id"), Some(0)), "{name}");
        let mut end = 0;
        for f in fields {
            let (offset, size, align) =
                (f["offset"].as_u64().unwrap(), f["size"].as_u64().unwrap(), f["align"].as_u64().unwrap());
            assert!(offset >= end && offset % align == 0, "{name}.{} overlaps or is misaligned", f["name"]);
            end = offset + size;
        }
        assert!(end <= size, "{name}");
    }
}

#[test]
fn layout_table_prints_totals_and_placements() {
    let text = run_layout(&[]);
    assert!(text.contains("structs carry node_id for free"), "{text}");
    assert!(text.contains("node_id at 0, other fields in best order (chosen)"), "{text}");
    let schema = ast_codegen::load_schema(&workspace_root().join("ast_schema")).unwrap();
    let layouts = layout::compute(&schema).unwrap();
    for (ty, _) in layouts.structs() {
        let l = ty.layouts[Target::BITS64.index()];
        let heading = format!("\n{}: size {} align {} |", ty.name, l.size, l.align);
        assert!(text.contains(&heading) || text.starts_with(&heading[1..]), "no `{heading}` in:\n{text}");
    }
}
