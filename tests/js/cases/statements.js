// Every ES5 statement and declaration, in sloppy mode.
var a, b = 1, c = b, d;
var e = function () {}, f;
;
{}
{ a; b; }
debugger;
with (Math) { a = max(1, 2); }
if (a) b;
if (a) { b; } else c;
if (a) if (b) c; else d;
if (a) {} else if (b) {} else {}
label: for (;;) { break label; }
outer: while (a) { inner: do { continue outer; } while (b); }
block: { break block; }
for (;;) break;
for (var i = 0; i < 10; i++) continue;
for (i = 0, j = 1; i < j; i++, j--) ;
for (var k = 0, l = 2; ; ) {}
for (a in b) ;
for (var key in obj) { if (!obj.hasOwnProperty(key)) continue; }
for (a.b in c) ;
for (a[0] in c) {}
while (false) {}
do a++; while (a < 3)
do { b--; } while (b > 0);
switch (a) {}
switch (a) { case 1: case 2: b; break; default: c; case 3: { d; } }
switch (a) { default: }
try { a(); } catch (err) { b(err); }
try { a(); } finally { b(); }
try { a(); } catch (e2) {} finally {}
throw new Error("boom");
function declared(x, y, z) { return x + y + z; }
function noParams() { return; }
function nested() { function inner() {} return inner; }
(function () { "use strict"; return this; })();
