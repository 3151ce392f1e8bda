// Automatic semicolon insertion.
var a = 1
var b = a
b
++a
a
--b
function f() {
  return
  a + b
}
function g() { return 1 }
for (;;) { break
}
lbl: for (;;) { continue lbl
}
x = a
(b)
y = c
[0]
throw new Error("x")
do a++; while (a < 10)
a--
if (a) b
else c
var z = function () {}
z()
i
++
j
a = b
/hi/g.exec(c)
{ 1
2 } 3
