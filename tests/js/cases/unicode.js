// Non-ASCII identifiers, strings and comments: UTF-8 bytes, UTF-16 units and code points all differ.
// Comment with an emoji 😀 and an astral letter 𝒳 before any code.
var café = "naïve";
var π = 3.14159, Ω = "Ω", 中文 = "中文字符";
var ℮ = 1, ǅ = 2, ᾩ = 3;
var \u0061bc = 1;          // escaped identifier: name "abc"
var caf\u00e9 = 2;          /* escape spelling the same name as café */
var \u4e2d\u65872 = '中文';
var emoji = "😀 smile 👍🏽 thumbs 🇫🇷 flag";   // 😀😀😀
var mixed = 'a😀b' + "é" + '\uD83D\uDE00'.length;
/* block comment with 𝒳𝒴𝒵 and 😀 */ var after = 1;
obj = { "😀": 1, ключ: 2, 'クラス': 3, get 名前() { return "名"; } };
label名: for (;;) { break label名; }
function 函数(参数) { return 参数 + "𝒳"; }
x = "tab\there" + 'é\u00e9';
re = /é+😀?/g;
last = "end 😀";
