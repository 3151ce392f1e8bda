// Every ES5 expression and every operator.
this;
x;
[];
[1, 2, 3];
[, ];
[, , ];
[1, , 2, ];
[a, , ];
({});
({ a: 1, "b": 2, 3: 3, 0x10: 4, 1.5: 5, if: 6, get: 7, set: 8, null: 9, true: 10 });
({ get a() { return 1; }, set a(v) {}, get "s"() {}, set 7(v) {}, get get() {}, set set(v) {}, });
(function () {});
(function named(a, b) { return a; });
// Unary.
-a; +a; !a; ~a; typeof a; void a; delete a.b; delete a[0];
- -a; + +a; - +a; !!a; ~~a; typeof typeof a; void 0;
// Update.
a++; a--; ++a; --a; a.b++; --a[0];
// Binary.
a == b; a != b; a === b; a !== b;
a < b; a <= b; a > b; a >= b;
a << b; a >> b; a >>> b;
a + b; a - b; a * b; a / b; a % b;
a | b; a ^ b; a & b;
a in b; a instanceof b;
// Logical.
a || b; a && b; a || b && c; (a || b) && c;
// Assignment.
a = b; a += b; a -= b; a *= b; a /= b; a %= b;
a <<= b; a >>= b; a >>>= b; a |= b; a ^= b; a &= b;
a = b = c; a.b = c; a[b] = c;
// Precedence and associativity.
a + b * c - d / e % f;
(a + b) * c;
a - b - c; a - (b - c);
a = b ? c : d ? e : f;
(a ? b : c) ? d : e;
a, b, c;
(a, b), c;
a + (b, c);
x = (1, 2);
a << b + c >>> d;
a < b == c > d;
a & b | c ^ d;
!a instanceof b;
typeof a === "string";
-a * -b;
a - -b; a + +b; a - --b; a + ++b;
// Member, call, new.
a.b; a.b.c; a[b]; a[b][c]; a["b"].c;
a.if; a.class; a.null; a.true; a.function;
f(); f(a); f(a, b, c); f(a)(b); a.b(c); a[b](c); f()();
new F; new F(); new F(a, b); new a.b.C(); new (f())(); new (a.b()); new new F()();
new F().x; (new F).x;
(function () {})();
(function () {}());
!function () {}();
