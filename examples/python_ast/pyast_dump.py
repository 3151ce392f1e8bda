#!/usr/bin/env python3
"""Dump CPython's AST of one Python file as JSON: the bridge from CPython's own parser to Rust (issue 11).

Usage: ``pyast_dump.py FILE`` (JSON on stdout) or ``pyast_dump.py --version`` (``sys.version``).

The file is read as bytes and parsed with ``ast.parse(data, FILE)``, so coding declarations and BOMs are honoured
exactly as ``python3 FILE`` honours them. The output is one line of JSON, byte for byte what
``json.dumps(tree, ensure_ascii=False, separators=(",", ":"))`` writes for the tree below, then a newline, in UTF-8:

- a node is an object: ``"_type"`` (the class name), then the class's ``_fields`` in order, then its
  ``_attributes`` (``lineno``, ``col_offset``, ``end_lineno``, ``end_col_offset``) where the class has them;
  fieldless classes (``Load``, ``Add``, ...) are ``{"_type":"Load"}``;
- lists are arrays, ``None`` is ``null``, ``str`` a string, ``bool`` ``true`` / ``false``;
- ``int``: a number when its magnitude is at most 2^53 (exact in every JSON reader), else ``{"_int":"<decimal>"}``;
- ``float``: a number (``float.__repr__``) when finite, else ``{"_float":"inf"|"-inf"|"nan"}``;
- ``complex``: ``{"_complex":[real,imag]}``, both written as floats are; ``bytes``: ``{"_bytes":"<lowercase hex>"}``;
  ``Ellipsis``: ``{"_ellipsis":true}``.

Exit status:

- 0: the JSON was written;
- 1: CPython rejects the file (``SyntaxError`` and its subclasses, ``ValueError``, ``RecursionError`` from the
  parser's depth limits, ...): ``FILE:line:col: Kind: message`` on stderr, ``col`` 1-based as ``SyntaxError.offset``
  gives it, 0 where CPython gives no position (``None`` or -1);
- 2: the tree holds a string with a lone surrogate (``"\\ud800"`` in a literal), which UTF-8 cannot encode:
  ``FILE: cannot write lone surrogates as UTF-8`` on stderr, nothing on stdout;
- 3: the file cannot be read, or the tree holds a value this format has no shape for (a bug to report).

The JSON is assembled without recursion (an explicit stack) rather than by ``json.dumps`` itself: CPython accepts
expressions nested ~1000 deep, and ``json.dumps`` stops at the recursion limit. The pieces are what ``json.dumps``
uses for them (``json.encoder.encode_basestring``, ``int.__repr__``, ``float.__repr__``), so the text is the same.
"""

import argparse
import ast
import json.encoder
import math
import sys

# What json.dumps(..., ensure_ascii=False) escapes strings with (the C accelerator when present).
_encode_str = json.encoder.encode_basestring

# Integers up to 2^53 in magnitude are exact as JSON numbers in every reader (a double holds them all).
_MAX_EXACT_INT = 2**53

_LITERAL = 0  # a stack entry holding JSON text to write as is
_VALUE = 1  # a stack entry holding a value to encode

# Per node class: the JSON text before each field's value (`{"_type":"Name","id":`, then `,"ctx":`, ...), computed
# once per class instead of once per node.
_key_texts = {}


def _keys_of(cls):
    texts = _key_texts.get(cls)
    if texts is None:
        names = tuple(cls._fields) + tuple(cls._attributes)
        head = '{"_type":' + _encode_str(cls.__name__)
        texts = (head, tuple((name, "," + _encode_str(name) + ":") for name in names))
        _key_texts[cls] = texts
    return texts


def _float_text(value):
    if math.isfinite(value):
        return float.__repr__(value)  # what json.dumps writes for a finite float
    if math.isnan(value):
        return '{"_float":"nan"}'
    return '{"_float":"inf"}' if value > 0 else '{"_float":"-inf"}'


def _scalar_text(value):
    if value is None:
        return "null"
    # bool before int: bool is a subclass of int, and True must not become 1.
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _encode_str(value)
    if isinstance(value, int):
        if -_MAX_EXACT_INT <= value <= _MAX_EXACT_INT:
            return int.__repr__(value)
        return '{"_int":"' + int.__repr__(value) + '"}'
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, complex):
        return '{"_complex":[' + _float_text(value.real) + "," + _float_text(value.imag) + "]}"
    if isinstance(value, bytes):
        return '{"_bytes":"' + value.hex() + '"}'
    if value is Ellipsis:
        return '{"_ellipsis":true}'
    raise TypeError(f"no JSON shape for a {type(value).__name__} in the tree: {value!r}")


def tree_json(tree):
    """The JSON text of `tree` (no newline), as json.dumps with separators (",", ":") would write its dict form."""
    parts = []
    out = parts.append
    stack = [(_VALUE, tree)]
    pop = stack.pop
    push = stack.append
    while stack:
        kind, value = pop()
        if kind == _LITERAL:
            out(value)
        elif isinstance(value, ast.AST):
            head, keys = _keys_of(type(value))
            out(head)
            push((_LITERAL, "}"))
            # Pushed in reverse, so the first field is written first.
            for name, key_text in reversed(keys):
                # ast.parse sets every field and attribute; a missing one (a hand-built tree) is written as null.
                push((_VALUE, getattr(value, name, None)))
                push((_LITERAL, key_text))
        elif isinstance(value, list):
            if not value:
                out("[]")
                continue
            out("[")
            push((_LITERAL, "]"))
            for index in range(len(value) - 1, 0, -1):
                push((_VALUE, value[index]))
                push((_LITERAL, ","))
            push((_VALUE, value[0]))
        else:
            out(_scalar_text(value))
    return "".join(parts)


def main(argv):
    parser = argparse.ArgumentParser(description="Dump CPython's AST of a Python file as JSON.")
    parser.add_argument("--version", action="version", version=sys.version)
    parser.add_argument("file", help="the Python source file")
    args = parser.parse_args(argv)
    path = args.file

    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        print(f"{path}: cannot read: {e.strerror or e}", file=sys.stderr)
        return 3

    # Parsed with the interpreter's default settings, so what CPython rejects (including decimal literals past the
    # int-to-str digit limit) is rejected here too.
    try:
        tree = ast.parse(data, path)
    except SyntaxError as e:
        # CPython gives None, or -1 for the encoding errors it finds before the first token, when it has no
        # position; callers get 0 for both.
        line = max(e.lineno or 0, 0)
        col = max(e.offset or 0, 0)
        print(f"{path}:{line}:{col}: {type(e).__name__}: {e.msg}", file=sys.stderr)
        return 1
    except (ValueError, RecursionError, MemoryError, OverflowError) as e:
        print(f"{path}:0:0: {type(e).__name__}: {e}", file=sys.stderr)
        return 1

    # A hexadecimal literal can hold an int whose decimal text is past that limit; its text is still wanted.
    sys.set_int_max_str_digits(0)
    try:
        text = tree_json(tree)
    except TypeError as e:
        print(f"{path}: {e}", file=sys.stderr)
        return 3
    try:
        encoded = (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        print(f"{path}: cannot write lone surrogates as UTF-8", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(encoded)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
