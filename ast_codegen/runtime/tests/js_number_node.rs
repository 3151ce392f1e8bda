//! `write_js_number` against Node.js: for a few thousand seeded doubles, our text must equal what node's
//! `String(x)` prints for the same bit pattern. Plain `ryu-js` (which `write_js_number` uses behind its integer fast
//! path) is counted against the same texts too, so a regression can be placed (counts printed with `--nocapture`).
//!
//! Node.js is required: without `node` on `PATH` the test fails and says so (it is installed in CI).

use std::io::Write as _;
use std::process::{Command, Stdio};

use ast_runtime::json::write_js_number;
use ast_runtime::random::RandomSource;

/// The doubles to check, each kind where a formatter is likely to go wrong, both signs.
fn doubles() -> Vec<f64> {
    // The runtime's seeded SplitMix64, so every run uses the same doubles.
    let mut rng = RandomSource::new(0x0005_eed0_fd00_b1e5, 0, 0);
    let mut out = vec![
        0.0,
        -0.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::from_bits(1),                     // 5e-324, the smallest subnormal
        f64::from_bits(0x000f_ffff_ffff_ffff), // the largest subnormal
        f64::EPSILON,
        9_007_199_254_740_991.0, // 2^53 - 1
        9_007_199_254_740_992.0,
        9_007_199_254_740_994.0,
        0.1 + 0.2,
        637_099_761_039_132.0 + 0.25, // a tie between two shortest digit strings
    ];
    // Random bit patterns: mostly huge or tiny magnitudes, some NaN payloads.
    out.extend((0..4000).map(|_| f64::from_bits(rng.next_u64())));
    // Subnormals.
    out.extend((0..1000).map(|_| f64::from_bits(rng.next_u64() & 0x000f_ffff_ffff_ffff)));
    // Integers of every size, below and above 2^53 (where not every integer is a double).
    out.extend((0..2000).map(|_| (rng.next_u64() >> rng.below(64)) as f64));
    // Short decimals, as written in source code: `m / 10^k`.
    out.extend((0..2000).map(|_| (rng.next_u64() >> rng.below(64)) as f64 / 10f64.powi(rng.below(25) as i32)));
    // Quarter and three-quarter fractions of large integers: exact ties between two shortest candidates.
    out.extend((0..1000).map(|_| (rng.below(1 << 50) + (1 << 48)) as f64 + [0.25, 0.75][rng.below(2) as usize]));
    // Powers of ten and their neighbours (one ulp either side), over the whole exponent range.
    for exponent in -325..=309 {
        let power: f64 = format!("1e{exponent}").parse().unwrap_or(0.0);
        out.extend([power, power.next_down(), power.next_up()]);
    }
    // Around the notation thresholds: 1e21 (plain below, exponent from there) and 1e-6 / 1e-7.
    for threshold in [1e21f64, 1e-6, 1e-7] {
        let mut below = threshold;
        let mut above = threshold;
        for _ in 0..50 {
            below = below.next_down();
            above = above.next_up();
            out.extend([below, above]);
        }
        out.extend((0..300).map(|_| threshold * (0.5 + rng.below(1 << 20) as f64 / f64::from(1 << 20))));
    }
    let negated: Vec<f64> = out.iter().filter(|_| rng.below(2) == 0).map(|x| -x).collect();
    out.extend(negated);
    out
}

/// `String(x)` for every bit pattern, from node, in order.
fn node_strings(values: &[f64]) -> Vec<String> {
    let script = "const lines = require('fs').readFileSync(0, 'utf8').split('\\n').filter(Boolean);\n\
                  const out = lines.map((hex) => String(Buffer.from(hex, 'hex').readDoubleBE(0)));\n\
                  process.stdout.write(out.join('\\n') + '\\n');";
    let mut child = match Command::new("node").args(["-e", script]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()
    {
        Ok(child) => child,
        Err(e) => panic!("this test needs Node.js (`node` on PATH) to check number formatting against it: {e}"),
    };
    let input: String = values.iter().map(|x| format!("{:016x}\n", x.to_bits())).collect();
    // Written from a thread: node's output could fill the pipe before it has read all its input.
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("node ran");
    writer.join().expect("writer thread").expect("node read its input");
    assert!(output.status.success(), "node failed: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("node prints UTF-8");
    text.lines().map(str::to_owned).collect()
}

fn ours(value: f64) -> String {
    let mut out = String::new();
    write_js_number(&mut out, value);
    out
}

fn ryu_js(value: f64) -> String {
    ryu_js::Buffer::new().format(value).to_owned()
}

#[test]
fn numbers_print_as_node_prints_them() {
    let values = doubles();
    let expected = node_strings(&values);
    assert_eq!(expected.len(), values.len(), "node printed one line per double");
    let mut mismatches = [Vec::new(), Vec::new()];
    for (&value, node) in values.iter().zip(&expected) {
        for (slot, text) in [ours(value), ryu_js(value)].into_iter().enumerate() {
            if &text != node {
                mismatches[slot].push(format!("{:016x}: node {node}, got {text}", value.to_bits()));
            }
        }
    }
    println!(
        "{} doubles: write_js_number differs from node on {}, ryu-js on {}",
        values.len(),
        mismatches[0].len(),
        mismatches[1].len()
    );
    for (name, list) in ["write_js_number", "ryu-js"].iter().zip(&mismatches) {
        for line in list.iter().take(10) {
            println!("{name}: {line}");
        }
    }
    assert!(mismatches[0].is_empty(), "write_js_number differs from node on {} doubles", mismatches[0].len());
}
