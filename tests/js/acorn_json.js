#!/usr/bin/env node
// Prints acorn's ESTree JSON for one ES5 script: `node tests/js/acorn_json.js FILE`.
// The reference side of tests/tests/estree_conformance.rs; the options are exactly the ones `--json` promises to
// match (`ecmaVersion: 5`, acorn's defaults otherwise: script source type, start/end in UTF-16 code units).
"use strict";
const fs = require("fs");
const acorn = require("acorn");

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: node acorn_json.js FILE\n");
  process.exit(2);
}
const src = fs.readFileSync(file, "utf8");
let ast;
try {
  ast = acorn.parse(src, { ecmaVersion: 5 });
} catch (e) {
  process.stderr.write(`${file}: acorn: ${e.message}\n`);
  process.exit(1);
}
process.stdout.write(JSON.stringify(ast));
process.stdout.write("\n");
