"""eh_module.py: a small WebAssembly module builder for eh_fuzz.py.

The byte encodings of the instructions its generator uses, exception
handling's legacy and exnref forms included (wabt 1.0.32 can neither write
nor read the exnref form), and Module, which collects types, functions,
tags, exnref globals and exports and writes the binary.
"""
I32, I64, EXNREF, VOID = 0x7F, 0x7E, 0x69, 0x40

def leb(n):
    out = bytearray()
    while True:
        b = n & 0x7F; n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n: return bytes(out)

def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F; n >>= 7
        done = (n == 0 and not b & 0x40) or (n == -1 and b & 0x40)
        out.append(b | (0 if done else 0x80))
        if done: return bytes(out)

def vec(items): return leb(len(items)) + b"".join(items)
def section(ident, body): return bytes([ident]) + leb(len(body)) + body
def name(s): return leb(len(s)) + s.encode()
def functype(params, results):
    return b"\x60" + vec([bytes([p]) for p in params]) + vec([bytes([r]) for r in results])

def i32_const(v): return b"\x41" + sleb(v)
def i64_const(v): return b"\x42" + sleb(v)
def local_get(i): return b"\x20" + leb(i)
def local_set(i): return b"\x21" + leb(i)
def local_tee(i): return b"\x22" + leb(i)
def global_get(i): return b"\x23" + leb(i)
def global_set(i): return b"\x24" + leb(i)
def call(f): return b"\x10" + leb(f)
def return_call(f): return b"\x12" + leb(f)
def block(bt): return b"\x02" + bt
def loop(bt): return b"\x03" + bt
def if_(bt): return b"\x04" + bt
ELSE = b"\x05"
def throw(tag): return b"\x08" + leb(tag)
def bt_val(t): return bytes([t])
def bt_type(i): return sleb(i)
BT_VOID = bytes([VOID])
def try_table(bt, *clauses): return b"\x1f" + bt + vec(list(clauses))
def catch(tag, label): return b"\x00" + leb(tag) + leb(label)
def catch_ref(tag, label): return b"\x01" + leb(tag) + leb(label)
def catch_all(label): return b"\x02" + leb(label)
def catch_all_ref(label): return b"\x03" + leb(label)
END, UNREACHABLE, RETURN, DROP, NOP = b"\x0b", b"\x00", b"\x0f", b"\x1a", b"\x01"
THROW_REF, REF_NULL_EXN, REF_IS_NULL = b"\x0a", b"\xd0\x69", b"\xd1"
I32_ADD, I32_SUB, I32_MUL, I32_AND = b"\x6a", b"\x6b", b"\x6c", b"\x71"
I32_GE_S, I32_LT_S, I32_EQZ, I32_EQ = b"\x4e", b"\x48", b"\x45", b"\x46"
I32_DIV_U = b"\x6e"
I32_WRAP_I64 = b"\xa7"
SELECT = b"\x1b"
def select_t(t): return b"\x1c\x01" + bytes([t])
def table_get(t): return b"\x25" + leb(t)
def table_set(t): return b"\x26" + leb(t)
def br(d): return b"\x0c" + leb(d)
def br_if(d): return b"\x0d" + leb(d)
def br_table(targets, default): return b"\x0e" + vec([leb(t) for t in targets]) + leb(default)
def i32_load(off=0): return b"\x28\x02" + leb(off)
def i32_store(off=0): return b"\x36\x02" + leb(off)
LTRY_VOID = b"\x06\x40"
def ltry(bt): return b"\x06" + bt
def lcatch(tag): return b"\x07" + leb(tag)
LCATCH_ALL = b"\x19"
def delegate(d): return b"\x18" + leb(d)
def rethrow(d): return b"\x09" + leb(d)

def code(*instrs): return b"".join(instrs)

class Module:
    def __init__(self):
        self.types = []
        self.funcs = []   # (typeidx, locals, code)
        self.exports = []
        self.tags = []    # typeidx
        self.globals = [] # exnref globals, null init
        self.table = True
        self.memory = True
    def type(self, params, results):
        t = functype(params, results)
        if t not in self.types: self.types.append(t)
        return self.types.index(t)
    def tag(self, params):
        self.tags.append(self.type(params, [])); return len(self.tags) - 1
    def func(self, params, results, locals_, body, export=None):
        t = self.type(params, results)
        self.funcs.append([t, locals_, body]); i = len(self.funcs) - 1
        if export: self.exports.append((export, i))
        return i
    def declare(self, params, results):
        """reserve a function index; fill body later with define()"""
        t = self.type(params, results)
        self.funcs.append([t, [], None]); return len(self.funcs) - 1
    def define(self, i, locals_, body, export=None):
        self.funcs[i][1] = locals_; self.funcs[i][2] = body
        if export: self.exports.append((export, i))
    def bytes(self):
        out = b"\0asm\1\0\0\0"
        out += section(1, vec(self.types))
        out += section(3, vec([leb(t) for t, _, _ in self.funcs]))
        if self.table: out += section(4, vec([bytes([EXNREF, 0, 2])]))
        if self.memory: out += section(5, vec([b"\x00\x01"]))
        if self.tags: out += section(13, vec([b"\x00" + leb(t) for t in self.tags]))
        if self.globals:
            out += section(6, vec([bytes([EXNREF, 1]) + REF_NULL_EXN + END for _ in self.globals]))
        out += section(7, vec([name(n) + b"\x00" + leb(i) for n, i in self.exports]))
        bodies = []
        for _, locals_, c in self.funcs:
            body = vec([leb(n) + bytes([t]) for n, t in locals_]) + c + END
            bodies.append(leb(len(body)) + body)
        out += section(10, vec(bodies))
        return out
