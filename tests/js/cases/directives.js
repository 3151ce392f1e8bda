"use strict";
'use strict';
"use\x20strict";
"other directive"
"a" + "b";
("not a directive");
function f() {
  "use strict";
  'another';
  return 1;
}
function g() { 'single'; "double"; x; "not a directive"; }
var h = function () { "in expression" };
