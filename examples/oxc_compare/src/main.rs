//! Prints the comparison table: `cargo run --release` in `examples/oxc_compare`.

use std::process::ExitCode;

use oxc_compare::{inputs, report};

fn main() -> ExitCode {
    match run() {
        Ok(table) => {
            print!("{table}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, Box<dyn std::error::Error>> {
    let inputs = inputs::load_all()?;
    let rows = inputs.iter().map(|input| report::measure(input, report::RUNS)).collect::<Result<Vec<_>, _>>()?;
    Ok(report::render(&rows, report::RUNS))
}
