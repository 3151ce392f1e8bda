//! Builds a small ES5 program with `AstNodeBuilder`, prints it as ESTree JSON, and lists its nodes in preorder
//! with their IDs: `cargo run -p es5_parser --bin build_program`.
//!
//! The program and its builder calls are in `es5_parser::demo`.

use clap::Parser;
use es5_ast::visit::Visit;
use es5_ast::{AstKind, AstNodeBuilder, GetNodeId};
use es5_parser::demo::{SOURCE, build};

/// Builds `function add(a, b) { return a + b; } var sum = add(1, 2);` with `AstNodeBuilder`, renumbers it in
/// preorder, and prints its ESTree JSON and its nodes with their IDs. Takes no arguments.
#[derive(Parser)]
#[command(name = "build_program", version)]
struct Cli {}

/// Prints every node as it is entered, indented by depth.
#[derive(Default)]
struct PrintPreorder {
    depth: usize,
}

impl<'a> Visit<'a> for PrintPreorder {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        let span = kind.span();
        let text = SOURCE[span.start as usize..span.end as usize].lines().next().unwrap_or("");
        println!("{:>3}  {}{:<22} {:?}", kind.node_id().as_u32(), "  ".repeat(self.depth), kind.kind().name(), text);
        self.depth += 1;
    }

    fn leave_node(&mut self, _kind: AstKind<'a>) {
        self.depth -= 1;
    }
}

fn main() {
    // No options: clap gives `--help` and `--version`, and rejects anything else with status 2.
    Cli::parse();
    let mut builder = AstNodeBuilder::new();
    let mut program = build(&mut builder);
    println!(
        "built {} nodes; the root got ID {} (IDs follow construction order)",
        builder.node_count(),
        program.node_id()
    );

    let count = builder.renumber(&mut program);
    println!("renumbered {count} nodes in preorder; the root is now {}\n", program.node_id());

    println!("{}\n", es5_ast::json::to_json(&program, SOURCE));

    println!(" id  node (preorder)");
    PrintPreorder::default().visit_program(&program);
}
