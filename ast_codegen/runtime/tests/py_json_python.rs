//! `ast_runtime::json` against CPython: for ~20,000 seeded doubles, ~2,500 tricky strings and a few hundred
//! integers, our text must equal what `python3`'s `json.dumps` writes (`repr` for the non-finite doubles, which
//! `json.dumps` would write as the non-JSON `NaN` / `Infinity`), byte for byte.
//!
//! Without `python3` on `PATH` each test prints a notice and passes: Python is not part of this workspace's
//! toolchain, and the unit tests in `src/json/` pin the notation without it.

use std::io::Write as _;
use std::process::{Command, Stdio};

use ast_runtime::json::{write_json_string, write_py_float, write_py_int};
use ast_runtime::random::RandomSource;

/// Runs `python3 -c script` with `input` on stdin and returns its stdout lines, or `None` (with a printed notice)
/// when there is no `python3`.
fn python_lines(script: &str, input: String) -> Option<Vec<String>> {
    let mut child = match Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("skipped: python3 is not on PATH, so Python's json.dumps output cannot be compared ({e})");
            return None;
        }
        Err(e) => panic!("python3 did not start: {e}"),
    };
    // Written from a thread: python's output could fill the pipe before it has read all its input.
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("python3 ran");
    writer.join().expect("writer thread").expect("python3 read its input");
    assert!(output.status.success(), "python3 failed: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("the scripts print ASCII");
    Some(text.lines().map(str::to_owned).collect())
}

/// Compares ours with python's text line by line, printing the first differences before failing.
fn assert_same(what: &str, inputs: &[String], ours: &[String], python: &[String]) {
    assert_eq!(python.len(), ours.len(), "python3 printed one line per {what}");
    let mismatches: Vec<String> = inputs
        .iter()
        .zip(ours.iter().zip(python))
        .filter(|(_, (ours, python))| ours != python)
        .map(|(input, (ours, python))| format!("{input}: python {python}, ours {ours}"))
        .collect();
    println!("{} {what}s compared with python3: {} differ", ours.len(), mismatches.len());
    for line in mismatches.iter().take(20) {
        println!("  {line}");
    }
    assert!(mismatches.is_empty(), "{} of {} {what}s differ from python3", mismatches.len(), ours.len());
}

/// The doubles to check, each kind where a formatter is likely to go wrong, both signs.
fn doubles() -> Vec<f64> {
    // The runtime's seeded SplitMix64, so every run uses the same doubles.
    let mut rng = RandomSource::new(0x0007_a11e_d0c5_f10a, 0, 0);
    let mut out = vec![
        0.0,
        f64::NAN,
        f64::INFINITY,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::from_bits(1),                     // 5e-324, the smallest subnormal
        f64::from_bits(0x000f_ffff_ffff_ffff), // the largest subnormal
        f64::EPSILON,
        0.1,
        0.2,
        0.1 + 0.2,
        1.0 / 3.0,
        1e22,
        1e23,                         // not a double: the nearest is 9.999999999999999e+22
        637_099_761_039_132.0 + 0.25, // a tie between two shortest digit strings
    ];
    // Integers near 2^53, where the integer fast path ends and not every integer is a double.
    for k in 0..300u64 {
        out.extend([((1u64 << 53) - k) as f64, ((1u64 << 53) + k) as f64]);
    }
    // Random bit patterns: mostly huge or tiny magnitudes, some NaN payloads.
    out.extend((0..4000).map(|_| f64::from_bits(rng.next_u64())));
    // Subnormals.
    out.extend((0..1000).map(|_| f64::from_bits(rng.next_u64() & 0x000f_ffff_ffff_ffff)));
    // Integers of every size, below and above 2^53.
    out.extend((0..2500).map(|_| (rng.next_u64() >> rng.below(64)) as f64));
    // Short decimals, as written in source code: `m / 10^k`.
    out.extend((0..2500).map(|_| (rng.next_u64() >> rng.below(64)) as f64 / 10f64.powi(rng.below(25) as i32)));
    // Quarter and three-quarter fractions of large integers: exact ties between two shortest candidates.
    out.extend((0..1000).map(|_| (rng.below(1 << 50) + (1 << 48)) as f64 + [0.25, 0.75][rng.below(2) as usize]));
    // Powers of ten and their neighbours (one ulp either side), over the whole exponent range.
    for exponent in -325..=309 {
        let power: f64 = format!("1e{exponent}").parse().unwrap_or(0.0);
        out.extend([power, power.next_down(), power.next_up()]);
    }
    // Around repr's notation switches, 1e16 (positional below) and 1e-4 (positional from there on), and 1e-5.
    for threshold in [1e16f64, 1e-4, 1e-5] {
        let mut below = threshold;
        let mut above = threshold;
        for _ in 0..100 {
            below = below.next_down();
            above = above.next_up();
            out.extend([below, above]);
        }
        out.extend((0..400).map(|_| threshold * (0.5 + rng.below(1 << 20) as f64 / f64::from(1 << 20))));
    }
    let negated: Vec<f64> = out.iter().filter(|_| rng.below(2) == 0).map(|x| -x).collect();
    out.extend(negated);
    out.push(-0.0);
    out.push(f64::NEG_INFINITY);
    out
}

#[test]
fn floats_print_as_python_json_dumps_prints_them() {
    let values = doubles();
    // json.dumps for finite values (it calls float.__repr__), repr for the rest (json.dumps writes NaN/Infinity).
    let script = "import json, math, struct, sys\n\
                  for hex in sys.stdin.read().split():\n\
                  \x20   x = struct.unpack('>d', bytes.fromhex(hex))[0]\n\
                  \x20   print(json.dumps(x) if math.isfinite(x) else repr(x))\n";
    let input: String = values.iter().map(|x| format!("{:016x}\n", x.to_bits())).collect();
    let Some(python) = python_lines(script, input) else { return };
    let ours: Vec<String> = values
        .iter()
        .map(|&x| {
            let mut out = String::new();
            write_py_float(&mut out, x);
            out
        })
        .collect();
    let inputs: Vec<String> = values.iter().map(|x| format!("{:016x} ({x:e})", x.to_bits())).collect();
    assert_same("double", &inputs, &ours, &python);
}

/// Strings where an escaper is likely to go wrong: every char below U+0100 alone, the edges of UTF-8's lengths,
/// separators and BOM, then seeded mixes of those with quotes, backslashes and plain text.
fn strings() -> Vec<String> {
    let mut rng = RandomSource::new(0x0057_41a9_5e5c_a9e5, 0, 0);
    let special = [
        '\u{7f}',
        '\u{80}',
        '\u{85}',
        '\u{9f}',
        '\u{a0}',
        '\u{ad}',
        '\u{7ff}',
        '\u{800}',
        '\u{2028}',
        '\u{2029}',
        '\u{feff}',
        '\u{fffd}',
        '\u{ffff}',
        '\u{d7ff}',
        '\u{e000}',
        '\u{10000}',
        '\u{1f600}',
        '\u{10ffff}',
    ];
    let mut out: Vec<String> = (0u32..0x100).filter_map(char::from_u32).map(String::from).collect();
    out.extend(special.iter().map(|c| c.to_string()));
    out.extend(["", "plain", "\"\\", "\\u0000", "a\"b\\c\n\r\t", "é😀"].map(String::from));
    let pool: Vec<char> = (0u32..0x20)
        .filter_map(char::from_u32)
        .chain(['"', '\\', '/', 'a', 'z', ' ', '\'', '<', '&'])
        .chain(special)
        .collect();
    for _ in 0..2000 {
        let len = rng.below(24) as usize;
        out.push((0..len).map(|_| pool[rng.below(pool.len() as u64) as usize]).collect());
    }
    out
}

#[test]
fn strings_print_as_python_json_dumps_prints_them() {
    let values = strings();
    // Both directions as hex of the UTF-8 bytes, so no newline, separator or encoding setting can interfere.
    let script = "import json, sys\n\
                  for line in sys.stdin.read().split('\\n')[:-1]:\n\
                  \x20   s = bytes.fromhex(line).decode('utf-8')\n\
                  \x20   print(json.dumps(s, ensure_ascii=False).encode('utf-8').hex())\n";
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let input: String = values.iter().map(|s| hex(s.as_bytes()) + "\n").collect();
    let Some(python) = python_lines(script, input) else { return };
    let ours: Vec<String> = values
        .iter()
        .map(|s| {
            let mut out = String::new();
            write_json_string(&mut out, s);
            hex(out.as_bytes())
        })
        .collect();
    let inputs: Vec<String> = values.iter().map(|s| format!("{s:?}")).collect();
    assert_same("string", &inputs, &ours, &python);
}

#[test]
fn ints_print_as_python_json_dumps_prints_them() {
    let mut rng = RandomSource::new(0x0001_a75e_ed00_0001, 0, 0);
    let mut values = vec![0, 1, -1, i64::MAX, i64::MIN, 1 << 53, -(1 << 53)];
    values.extend((0..500).map(|_| (rng.next_u64() >> rng.below(64)) as i64));
    let script = "import json, sys\nfor line in sys.stdin.read().split():\n    print(json.dumps(int(line)))\n";
    let input: String = values.iter().map(|v| format!("{v}\n")).collect();
    let Some(python) = python_lines(script, input) else { return };
    let ours: Vec<String> = values
        .iter()
        .map(|&v| {
            let mut out = String::new();
            write_py_int(&mut out, v);
            out
        })
        .collect();
    let inputs: Vec<String> = values.iter().map(i64::to_string).collect();
    assert_same("int", &inputs, &ours, &python);
}
