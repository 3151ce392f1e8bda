//! The hand-built demo program is exactly what the parser makes of its source: same nodes, values, spans and,
//! after renumbering, the same preorder IDs.

use es5_ast::AstNodeBuilder;
use es5_parser::demo::{SOURCE, build};

#[test]
fn builder_demo_equals_the_parsed_source() {
    let mut builder = AstNodeBuilder::new();
    let mut built = build(&mut builder);
    assert_eq!(builder.renumber(&mut built), 17);
    let parsed = es5_parser::parse(SOURCE).expect("the demo source parses");
    assert_eq!(built, parsed);
}
