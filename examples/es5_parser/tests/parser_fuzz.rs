//! Property test: the parser returns `Ok` or `Err` — never panics, hangs or overflows — on random and mutated
//! input, every tree it returns has spans inside the source on character boundaries, and parsing straight into the
//! flat form (through one reused `FlatBuilder`) gives the same error or the flat form of the same tree.
//!
//! Inputs are derived with a seeded PRNG from the acorn fixtures and a token list: byte flips, truncations,
//! splices of other inputs, repeated slices and random token soup. `FUZZ_ITERATIONS` (default 20 000) and
//! `FUZZ_SEED` change the run; `FUZZ_DUMP_DIR` writes every generated input there as `N.js` (for a differential
//! run against acorn: `regen.js` then the ignored corpus test of `parser_acorn_fixtures`). Edge cases, and any
//! input that ever broke the parser, are kept in `REGRESSIONS` below.

mod support;

use std::path::Path;

use es5_ast::flat::{FlatAst, FlatBuilder};

/// Edge cases for the lexer's end-of-input and rescan paths, and inputs found by fuzzing.
const REGRESSIONS: &[&str] = &[
    // A pattern ending in a backslash inside a class is rejected by the lexer before validation.
    "/[\\",
    // Escapes at the very end of the input.
    "'\\",
    "\"\\u",
    "a\\",
    // Regex rescan after `/=` at the start of an expression.
    "/=/",
    "x = /=",
    // `-->` at the start of input and after a block comment with a newline.
    "-->",
    "/*\n*/-->",
    // Surrogate escapes and astral characters in odd places.
    "'\\ud800\\ud800\\udc00'",
    "x.\u{1F600}",
    "/[\u{1F600}-a]/",
];

/// xorshift64*: small, seedable, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "a",
    "b",
    "if",
    "else",
    "for",
    "in",
    "var",
    "function",
    "return",
    "new",
    "this",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ";",
    ",",
    ".",
    ":",
    "?",
    "=",
    "+=",
    "++",
    "--",
    "+",
    "-",
    "*",
    "/",
    "/=",
    "%",
    "<",
    ">>>=",
    "==",
    "!==",
    "&&",
    "||",
    "!",
    "~",
    "typeof",
    "delete",
    "void",
    "'s'",
    "\"\\u0041\"",
    "1",
    "0x1F",
    "017",
    ".5",
    "1e3",
    "/re/g",
    "get",
    "set",
    "break",
    "continue",
    "lbl:",
    "switch",
    "case",
    "default",
    "try",
    "catch",
    "finally",
    "throw",
    "while",
    "do",
    "with",
    "debugger",
    "null",
    "true",
    "\n",
    " ",
    "/*c*/",
    "//c\n",
    "<!--",
    "-->",
    "\\u0061",
    "'use strict';",
    "eval",
    "arguments",
    "\u{2028}",
    "é",
    "\u{1F600}",
];

fn mutate(rng: &mut Rng, seeds: &[String]) -> String {
    let base = &seeds[rng.below(seeds.len())];
    let mut bytes = base.as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        match rng.below(6) {
            0 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            1 if !bytes.is_empty() => bytes.truncate(rng.below(bytes.len())),
            2 => {
                let other = seeds[rng.below(seeds.len())].as_bytes();
                let (from, to) = (rng.below(other.len() + 1), rng.below(other.len() + 1));
                let at = rng.below(bytes.len() + 1);
                let piece = other[from.min(to)..from.max(to)].to_vec();
                bytes.splice(at..at, piece);
            }
            3 if !bytes.is_empty() => {
                let (from, to) = (rng.below(bytes.len()), rng.below(bytes.len()));
                bytes.drain(from.min(to)..from.max(to));
            }
            4 => {
                let tok = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let at = rng.below(bytes.len() + 1);
                bytes.splice(at..at, tok.iter().copied());
            }
            _ => {
                if !bytes.is_empty() {
                    let (from, to) = (rng.below(bytes.len()), rng.below(bytes.len()));
                    let piece = bytes[from.min(to)..from.max(to)].to_vec();
                    for _ in 0..rng.below(50) {
                        bytes.extend_from_slice(&piece);
                    }
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn token_soup(rng: &mut Rng) -> String {
    (0..rng.below(40)).map(|_| TOKENS[rng.below(TOKENS.len())]).collect::<Vec<_>>().join(" ")
}

/// Parses `src`, checking that it does not panic and that an accepted tree's spans are valid; and parses it again
/// straight into the flat form with `flat`, a builder kept across inputs (so that a failed parse must leave it
/// clean for the next): the same error, or the flat form of the same tree.
fn check(src: &str, flat: &mut FlatBuilder) {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let boxed = es5_parser::parse(src);
        if let Ok(program) = &boxed {
            // Converting every span to UTF-16 offsets panics on an out-of-range or mid-character span.
            let _ = support::program_to_json(src, program);
        }
        let direct = es5_parser::parse_with(src, flat);
        match (&boxed, &direct) {
            (Ok(program), Ok(direct)) => {
                assert!(direct.same_layout(&FlatAst::from_boxed(program)), "parse_with(FlatBuilder) differs on {src:?}")
            }
            (Err(e), Err(direct)) => assert_eq!(e, direct, "the flat parse's error differs on {src:?}"),
            _ => panic!("one build accepts {src:?}, the other rejects it: {boxed:?} / {direct:?}"),
        }
    }));
    assert!(result.is_ok(), "the parser panicked on {src:?}");
}

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acorn");
    let mut seeds: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    seeds.sort();
    seeds.extend(REGRESSIONS.iter().map(|s| s.to_string()));
    seeds
}

#[test]
fn regressions_do_not_panic() {
    let mut flat = FlatBuilder::new();
    for src in REGRESSIONS {
        check(src, &mut flat);
    }
}

#[test]
fn random_and_mutated_inputs_do_not_panic() {
    let iterations: usize = std::env::var("FUZZ_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5eed_1234_abcd);
    let seeds = seeds();
    let mut rng = Rng(seed | 1);
    let dump = std::env::var("FUZZ_DUMP_DIR").ok();
    let (mut accepted, mut rejected) = (0, 0);
    let mut flat = FlatBuilder::new();
    for i in 0..iterations {
        let src = if i % 4 == 0 { token_soup(&mut rng) } else { mutate(&mut rng, &seeds) };
        check(&src, &mut flat);
        if let Some(dir) = &dump {
            std::fs::write(Path::new(dir).join(format!("{i}.js")), &src).unwrap();
        }
        if es5_parser::parse(&src).is_ok() { accepted += 1 } else { rejected += 1 }
    }
    // Both outcomes must occur, or the generator is not exercising the parser.
    assert!(accepted > iterations / 50 && rejected > iterations / 50, "accepted {accepted}, rejected {rejected}");
}
