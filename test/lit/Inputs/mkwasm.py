#!/usr/bin/env python3
"""mkwasm: assemble a WebAssembly binary from a readable description.

For lit tests that need binaries wat2wasm will not write (bad magic, wrong
sizes, over-long LEB128, truncated files, invalid code). The description is
taken from every line of INPUT that contains "WASM:" (the text after it), so
it lives in the test file beside its RUN and CHECK lines:

    ; WASM: header
    ; WASM: section type {
    ; WASM:   u32 1  functype u32 0 u32 0     # one type: [] -> []
    ; WASM: }

Tokens (whitespace-separated; '#' starts a comment):
  header            magic and version: \\0asm 01 00 00 00
  magic, version    each half of it
  byte N...         raw bytes: the numbers that follow (decimal or 0x hex)
  bytes "S"         the bytes of a string; \\XX hex escapes, \\n \\t \\\\ \\"
  u32 N, u64 N      unsigned LEB128; u32:K N pads it to K bytes (over-long)
  s32 N, s64 N      signed LEB128; s32:K N likewise
  name "S"          a name: u32 length, then the bytes
  f32 X, f64 X      an IEEE value, little-endian (only as an operand)
  i32 i64 f32 f64 v128 funcref externref void functype
                    a value type / block type / type constructor byte
  section NAME {    a section: its id, its u32 size, its contents until '}'.
                    NAME: custom type import function table memory global
                    export start elem code data datacount tag, or a number.
                    "section NAME size=N {" writes N as the size instead.
  body {            a code entry: its u32 size, then the contents until '}'
                    (also size=N)
  @LABEL            remember the offset here; printed as LABEL=0xOFFSET
  truncate          cut the file here (sizes still count what follows)
  OPCODE IMM...     an instruction by its text name (i32.const 1,
                    local.get 0, call 2, i32.load 2 0, block void, end, ...)

Usage: mkwasm.py INPUT -o OUTPUT   (labels are printed on stdout)
"""

import argparse
import re
import shlex
import struct
import sys

SECTIONS = {
    "custom": 0, "type": 1, "import": 2, "function": 3, "table": 4,
    "memory": 5, "global": 6, "export": 7, "start": 8, "elem": 9,
    "code": 10, "data": 11, "datacount": 12, "tag": 13,
}

TYPE_BYTES = {
    "i32": 0x7F, "i64": 0x7E, "f32": 0x7D, "f64": 0x7C, "v128": 0x7B,
    "funcref": 0x70, "externref": 0x6F, "void": 0x40, "functype": 0x60,
}

# Instructions: opcode and the encodings of their immediates.
OPCODES = {
    "unreachable": (0x00, []), "nop": (0x01, []),
    "block": (0x02, []), "loop": (0x03, []), "if": (0x04, []),
    "else": (0x05, []), "end": (0x0B, []),
    "br": (0x0C, ["u32"]), "br_if": (0x0D, ["u32"]),
    "return": (0x0F, []), "call": (0x10, ["u32"]),
    "call_indirect": (0x11, ["u32", "u32"]),
    "drop": (0x1A, []), "select": (0x1B, []),
    "local.get": (0x20, ["u32"]), "local.set": (0x21, ["u32"]),
    "local.tee": (0x22, ["u32"]),
    "global.get": (0x23, ["u32"]), "global.set": (0x24, ["u32"]),
    "i32.load": (0x28, ["u32", "u32"]), "i64.load": (0x29, ["u32", "u32"]),
    "i32.store": (0x36, ["u32", "u32"]), "i64.store": (0x37, ["u32", "u32"]),
    "memory.size": (0x3F, ["u32"]), "memory.grow": (0x40, ["u32"]),
    "i32.const": (0x41, ["s32"]), "i64.const": (0x42, ["s64"]),
    "f32.const": (0x43, ["f32"]), "f64.const": (0x44, ["f64"]),
    "i32.eqz": (0x45, []), "i32.eq": (0x46, []),
    "i32.add": (0x6A, []), "i32.sub": (0x6B, []), "i32.mul": (0x6C, []),
    "i32.div_s": (0x6D, []), "i32.div_u": (0x6E, []),
    "i64.add": (0x7C, []), "f32.add": (0x92, []), "f64.add": (0xA0, []),
}


class DescriptionError(Exception):
    pass


def uleb(value, width=None):
    if value < 0:
        raise DescriptionError(f"negative value {value} for an unsigned LEB")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            break
    return pad(out, width, 0x00)


def sleb(value, width=None):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        done = (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40)
        out.append(byte | (0 if done else 0x80))
        if done:
            break
    return pad(out, width, 0x7F if value < 0 else 0x00)


def pad(out, width, fill):
    """Over-long LEB128: continue with bytes that add no value bits."""
    if width is None:
        return bytes(out)
    if width < len(out):
        raise DescriptionError(f"value needs {len(out)} bytes, not {width}")
    while len(out) < width:
        out[-1] |= 0x80
        out.append(fill)
    return bytes(out)


def number(token):
    try:
        return int(token, 0)
    except ValueError:
        raise DescriptionError(f"expected a number, got '{token}'") from None


def string_bytes(text):
    out = bytearray()
    i = 0
    escapes = {"n": b"\n", "t": b"\t", "\\": b"\\", '"': b'"', "'": b"'"}
    while i < len(text):
        c = text[i]
        if c != "\\":
            out += c.encode()
            i += 1
        elif text[i + 1:i + 2] in escapes:
            out += escapes[text[i + 1]]
            i += 2
        elif re.fullmatch(r"[0-9a-fA-F]{2}", text[i + 1:i + 3]):
            out.append(int(text[i + 1:i + 3], 16))
            i += 3
        else:
            raise DescriptionError(f"bad escape in \"{text}\"")
    return bytes(out)


class Assembler:
    def __init__(self, tokens):
        self.tokens = tokens  # (token, line number)
        self.pos = 0
        # Label name -> offset, and the offset where 'truncate' cuts. A
        # sized group is assembled twice (once to learn its size); the last
        # pass writes the final offsets.
        self.labels = {}
        self.cut = None

    def next(self):
        if self.pos >= len(self.tokens):
            raise DescriptionError("unexpected end of the description")
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok[0]

    def encode(self, kind, token):
        width = None
        if ":" in kind:
            kind, width = kind.split(":")
            width = number(width)
        if kind in ("u32", "u64"):
            return uleb(number(token), width)
        if kind in ("s32", "s64"):
            return sleb(number(token), width)
        if kind == "f32":
            return struct.pack("<f", float(token))
        if kind == "f64":
            return struct.pack("<d", float(token))
        raise DescriptionError(f"unknown encoding '{kind}'")

    def block(self, base):
        """Assembles tokens until '}' or the end; base is the file offset of
        the first byte. Returns the bytes and whether a '}' closed them."""
        out = bytearray()
        while self.pos < len(self.tokens):
            tok, line = self.tokens[self.pos]
            self.pos += 1
            if tok == "}":
                return bytes(out), True
            try:
                out += self.item(tok, base + len(out))
            except DescriptionError as e:
                if str(e).startswith("line "):
                    raise
                raise DescriptionError(f"line {line}: {e}") from None
        return bytes(out), False

    def sized(self, prefix, base):
        """A size-prefixed group: [size=N] { ... }."""
        size = None
        tok = self.next()
        if tok.startswith("size="):
            size = number(tok[len("size="):])
            tok = self.next()
        if tok != "{":
            raise DescriptionError(f"expected '{{', got '{tok}'")
        start = self.pos
        content, closed = self.block(base)
        if not closed:
            raise DescriptionError("missing '}'")
        size_field = uleb(len(content) if size is None else size)
        # Once more at the real offset, for the labels inside.
        self.pos = start
        content, _ = self.block(base + len(prefix) + len(size_field))
        return prefix + size_field + content

    def item(self, tok, offset):
        if tok == "header":
            return b"\0asm" + struct.pack("<I", 1)
        if tok == "magic":
            return b"\0asm"
        if tok == "version":
            return struct.pack("<I", 1)
        if tok == "truncate":
            self.cut = offset
            return b""
        if tok.startswith("@"):
            self.labels[tok[1:]] = offset
            return b""
        if tok == "bytes":
            return string_bytes(self.next())
        if tok == "name":
            data = string_bytes(self.next())
            return uleb(len(data)) + data
        if tok == "byte":
            out = bytearray()
            while (self.pos < len(self.tokens) and
                   re.fullmatch(r"0x[0-9a-fA-F]+|[0-9]+",
                                self.tokens[self.pos][0])):
                out.append(number(self.next()) & 0xFF)
            if not out:
                raise DescriptionError("'byte' needs at least one value")
            return bytes(out)
        if tok.split(":")[0] in ("u32", "u64", "s32", "s64"):
            return self.encode(tok, self.next())
        if tok == "section":
            name = self.next()
            section_id = SECTIONS[name] if name in SECTIONS else number(name)
            return self.sized(bytes([section_id]), offset)
        if tok == "body":
            return self.sized(b"", offset)
        if tok in OPCODES:
            opcode, imms = OPCODES[tok]
            out = bytearray([opcode])
            for kind in imms:
                out += self.encode(kind, self.next())
            return bytes(out)
        if tok in TYPE_BYTES:
            return bytes([TYPE_BYTES[tok]])
        raise DescriptionError(f"unknown token '{tok}'")


def tokenize(text):
    tokens = []
    for number_, line in enumerate(text.splitlines(), 1):
        if "WASM:" not in line:
            continue
        desc = line.split("WASM:", 1)[1]
        lexer = shlex.shlex(desc, posix=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        lexer.escapedquotes = ""
        lexer.escape = ""
        tokens += [(t, number_) for t in lexer]
    return tokens


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    with open(args.input, encoding="utf-8") as f:
        tokens = tokenize(f.read())
    if not tokens:
        sys.exit(f"mkwasm: {args.input}: no 'WASM:' lines")
    asm = Assembler(tokens)
    try:
        data, closed = asm.block(0)
        if closed:
            raise DescriptionError("unbalanced '}'")
    except DescriptionError as e:
        sys.exit(f"mkwasm: {args.input}: {e}")
    with open(args.output, "wb") as f:
        f.write(data if asm.cut is None else data[:asm.cut])
    for name, offset in asm.labels.items():
        print(f"{name}=0x{offset:x}")


if __name__ == "__main__":
    main()
