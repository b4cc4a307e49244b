"""eh_gen.py: random modules of exception handling for eh_fuzz.py.

make(seed) builds, from a seeded random.Random, a module of five
functions: $throw_e (throws tag $e with its i32 argument), $pass (returns
its exnref: a call the exnref escapes into), $h and $g (random bodies),
and the export $f(k), which calls $g(k) in a try_table and returns its
result, or -2 for any exception but $e, or $e's payload ^ 0x5555.

A body is a tree of instructions (tuples such as ("block", type, body))
that encode() turns into bytes and eh_interp.py runs. It mixes structured
control (blocks, ifs, loops with counters, br/br_if/br_table), throws of
$e and $o from calls or directly, try_tables with 1-3 clauses of every
kind (labels inside or outside), legacy try with catch, catch_all,
delegate and rethrow, return_call, and exnrefs made by catch_ref and
catch_all_ref that are dropped, thrown again with throw_ref (at once,
conditionally, after a br_table or br_if, through a block parameter, into
a handler of the same function), kept in locals across calls, selected,
passed to $pass or stored in a global: the patterns the compiler keeps
owned and those it must pin (UnpinExnRefs.h). opts tunes the mix.

expect() runs $f(k) in the interpreter: ("ok", value) or
("trap", message).
"""
import random
import eh_module as W
from eh_module import I32, EXNREF
from eh_interp import Interp, Trap, Thrown, E_TAG, O_TAG

VOIDT = ([], [])
F_THROW_E, F_PASS, F_H, F_G, F_F = 0, 1, 2, 3, 4
NCOUNTERS = 4

class Gen:
    def __init__(self, rng, nexn, has_h, budget=40, opts=None):
        self.r = rng; self.nexn = nexn; self.has_h = has_h; self.budget = budget
        self.opts = opts or {}
        # locals: 0 = k, 1 = acc, 2..5 counters, 6.. exnref
        self.ACC = 1; self.CNT = 2; self.X = 2 + NCOUNTERS
        self.loopdepth = 0
        self.ntmp = 0
    def tmp(self):
        self.ntmp += 1
        return self.X + self.nexn + self.ntmp - 1
    def x(self): return self.X + self.r.randrange(self.nexn)
    def i32expr(self):
        c = self.r.random()
        if c < 0.3: return [("i32.const", self.r.randrange(-3, 50))]
        if c < 0.6: return [("local.get", 0), ("local.get", self.ACC), ("i32.add",)]
        if c < 0.8: return [("local.get", self.ACC)]
        return [("local.get", 0), ("i32.const", self.r.randrange(1, 9)), ("i32.mul",)]
    def cond(self):
        c = self.r.random()
        if c < 0.7:
            src = [("local.get", 0)] if self.r.random() < 0.6 else [("local.get", 0), ("local.get", self.ACC), ("i32.xor",)]
            return src + [("i32.const", self.r.randrange(0, 6)), ("i32.shr_u",), ("i32.const", 1), ("i32.and",)]
        if c < 0.85:
            return [("local.get", self.x()), ("ref.is_null",)]
        return [("i32.const", self.r.randrange(2))]
    def acc_add(self):   # [i32] -> []: acc = acc*3 + v
        return [("local.get", self.ACC), ("i32.const", 3), ("i32.mul",), ("i32.add",), ("local.set", self.ACC)]
    def void_targets(self, labels):
        return [len(labels) - 1 - i for i, l in enumerate(labels) if l == "void"]
    # exnref-producing expression: [] -> [exnref]
    def fresh(self, labels, ref_kind=None):
        """catch_all_ref / catch_ref of a thrown exception."""
        kind = ref_kind or self.r.choice(["catch_all_ref", "catch_ref", "catch_all_ref"])
        how = self.r.random()
        if how < 0.4: thr = self.i32expr() + [("call", F_THROW_E)]
        elif how < 0.8: thr = self.i32expr() + [("throw", E_TAG)]
        else:
            thr = [("throw", O_TAG)]
        if kind == "catch_all_ref" or thr[-1] == ("throw", O_TAG) and kind == "catch_ref":
            if kind == "catch_ref":
                # catch_ref O (no payload) then catch_all_ref fallback
                body = [("block", ([], [EXNREF]), [("try_table", VOIDT, [("catch_ref", O_TAG, 0)], thr), ("unreachable",)])]
                return body
            return [("block", ([], [EXNREF]), [("try_table", VOIDT, [("catch_all_ref", None, 0)], thr), ("unreachable",)])]
        # catch_ref E: [i32 exnref]; the payload goes to acc
        t = self.tmp()
        return [("block", ([], [I32, EXNREF]), [("try_table", VOIDT, [("catch_ref", E_TAG, 0)], thr), ("unreachable",)]),
                ("local.set", t)] + self.acc_add() + [("local.get", t)]
    def exnexpr(self, labels, depth):
        c = self.r.random()
        if c < 0.35 or depth > 3: return [("local.get", self.x())] if self.r.random() < 0.5 else self.fresh(labels)
        if c < 0.6: return self.fresh(labels)
        if c < 0.67: return [("ref.null",)]
        if c < 0.75: return self.exnexpr(labels, depth + 1) + self.exnexpr(labels, depth + 1) + self.cond() + [("select",)]
        if c < 0.85:
            return self.cond() + [("if", ([], [EXNREF]), self.exnexpr(labels + ["exn"], depth + 1),
                                self.exnexpr(labels + ["exn"], depth + 1))]
        if c < 0.9 - (0.04 if self.opts.get("ssa") else 0) and self.opts.get("escape", True): return self.exnexpr(labels, depth + 1) + [("call", F_PASS)]
        if c < 0.93 and self.opts.get("escape", True): return [("global.get", 0)]
        if self.opts.get("ssa"): return self.exnexpr(labels, depth + 1)
        return self.exnexpr(labels, depth + 1) + [("local.tee", self.x())]
    # consumes an exnref on the stack: [exnref] -> []
    def exnsink(self, labels, depth):
        c = self.r.random()
        if c < 0.3: return [("drop",)]
        if c < 0.5: return [("drop",)] if self.opts.get("ssa") else [("local.set", self.x())]
        if c < 0.62: return [("throw_ref",)]
        if c < 0.72:   # conditional throw_ref
            t = self.tmp()
            return [("local.set", t)] + self.cond() + [("if", VOIDT, [("local.get", t), ("throw_ref",)], [])]
        if c < 0.8 and depth < 4:    # through a block with an exnref parameter
            return [("block", ([EXNREF], [EXNREF]), self.stmts(labels + ["exn"], depth + 1, 2))] + self.exnsink(labels, depth + 1)
        if c < 0.88 and depth < 4:   # routed by br_table to one of two sinks
            n = self.r.randrange(2, 5)
            targets = [self.r.randrange(2) for _ in range(n)]
            t = self.tmp()
            inner = [("local.set", t),
                     ("block", VOIDT, [("block", ([], [EXNREF]), [("block", ([], [EXNREF]),
                       [("local.get", t), ("local.get", 0), ("local.get", self.ACC), ("i32.add",),
                        ("br_table", targets, self.r.randrange(2))])]
                     + self.exnsink(labels + ["void", "exn"], depth + 1) + [("br", 1)])]
                     + self.exnsink(labels + ["void"], depth + 1))]
            return inner
        if c < 0.94 and depth < 4:   # br_if carrying the exnref out of a block
            return [("block", ([EXNREF], [EXNREF]), self.cond() + [("br_if", 0)] + self.exnsink(labels + ["exn"], depth + 1) +
                     self.exnexpr(labels + ["exn"], depth + 1))] + self.exnsink(labels, depth + 1)
        if self.opts.get("escape", True): return [("global.set", 0)]
        return [("drop",)]
    def stmts(self, labels, depth, n=None):
        out = []
        for _ in range(n if n is not None else self.r.randrange(1, 4)):
            if self.budget <= 0: break
            self.budget -= 1
            out += self.stmt(labels, depth)
        return out
    def stmt(self, labels, depth):
        c = self.r.random()
        deep = depth >= 5
        if c < 0.12: return self.i32expr() + self.acc_add()
        if c < 0.24: return self.exnexpr(labels, depth) + self.exnsink(labels, depth)
        if c < 0.30: return [("local.get", self.x())] + self.exnsink(labels, depth)
        if self.r.random() < self.opts.get("scoped", 0.1) and not deep:
            # an owned exnref live across a call in a try_table whose handler skips its uses
            t = self.tmp()
            call = self.i32expr() + ([("call", F_H)] + self.acc_add() if self.has_h and self.r.random() < 0.5 else [("call", F_THROW_E)])
            if self.r.random() < 0.5: call = self.cond() + [("if", VOIDT, call, [])]
            inner = labels + ["void", "void"]
            body = call + [("local.get", t)] + self.exnsink(inner, depth + 2) + self.stmts(inner, depth + 2, self.r.randrange(0, 2))
            return [("block", VOIDT, self.fresh(labels + ["void"]) + [("local.set", t),
                     ("try_table", VOIDT, [("catch_all", None, 0)], body)])]
        if self.r.random() < self.opts.get("reuse", 0.15):
            # throw a local's exnref into a handler of this function that catches it
            cl = self.r.choice([("catch_all", None, 0), ("catch", E_TAG, 0), ("catch_all", None, 0)])
            ht = ([], [I32]) if cl[0] == "catch" else VOIDT
            tail = self.acc_add() if cl[0] == "catch" else []
            return [("block", VOIDT, [("block", ht, [("try_table", VOIDT, [cl],
                     [("local.get", self.x()), ("throw_ref",)]), ("unreachable",)])] + tail)]
        if c < 0.36 and not deep:
            return self.cond() + [("if", VOIDT, self.stmts(labels + ["void"], depth + 1), self.stmts(labels + ["void"], depth + 1))]
        if c < 0.42 and not deep:
            return [("block", VOIDT, self.stmts(labels + ["void"], depth + 1))]
        if c < 0.48:
            ts = self.void_targets(labels)
            if ts:
                d = self.r.choice(ts)
                return self.cond() + [("br_if", d)] if self.r.random() < 0.8 else [("br", d)]
            return []
        if c < 0.54 and not deep and self.loopdepth < 2:
            cnt = self.CNT + self.loopdepth; self.loopdepth += 1
            n = self.r.randrange(1, 4)
            body = self.stmts(labels + ["void", "void"], depth + 2)
            self.loopdepth -= 1
            return [("i32.const", 0), ("local.set", cnt),
                    ("block", VOIDT, [("loop", VOIDT,
                        [("local.get", cnt), ("i32.const", 1), ("i32.add",), ("local.tee", cnt),
                         ("i32.const", n), ("i32.gt_u",), ("br_if", 1)] + body + [("br", 0)])])]
        if c < 0.70 and not deep: return self.trytable(labels, depth)
        if c < 0.78 and not deep and self.opts.get("legacy", True): return self.legacy(labels, depth)
        if c < 0.84:
            thr = self.r.random()
            if thr < 0.5: return self.i32expr() + [("call", F_THROW_E)]
            if thr < 0.85: return self.i32expr() + [("throw", E_TAG)]
            return [("throw", O_TAG)]
        if c < 0.88 and self.has_h: return self.i32expr() + [("call", F_H)] + self.acc_add()
        if c < 0.90 and self.has_h and self.opts.get("return_call", True):
            return self.cond() + [("if", VOIDT, self.i32expr() + [("return_call", F_H)], [])]
        if c < 0.92: return self.cond() + [("if", VOIDT, [("local.get", self.ACC), ("return",)], [])]
        if c < 0.94 and self.rethrowable(labels):
            return self.cond() + [("if", VOIDT, [("rethrow", self.rethrowable(labels)[0] + 1)], [])]
        return self.i32expr() + self.acc_add()
    def rethrowable(self, labels):
        return [len(labels) - 1 - i for i, l in enumerate(labels) if l == "catchbody"]
    def trytable(self, labels, depth):
        """block $done { block $hN .. block $h0 { try_table (clauses) S end br $done } H0 br $done .. } HN }"""
        nh = self.r.randrange(1, 4)
        kinds = []
        for i in range(nh):
            kinds.append(self.r.choice(["catch", "catch_ref", "catch_all", "catch_all_ref", "catch_ref", "catch_all_ref"]))
        # handler blocks' types
        def ty(kind, tag):
            t = []
            if kind in ("catch", "catch_ref") and tag == E_TAG: t.append(I32)
            if kind in ("catch_ref", "catch_all_ref"): t.append(EXNREF)
            return t
        clauses = []; htypes = []
        for i, k in enumerate(kinds):
            tag = None if k.startswith("catch_all") else self.r.choice([E_TAG, E_TAG, O_TAG])
            htypes.append(ty(k, tag)); clauses.append((k, tag, i))
        # catch_all clauses may target an outer void label instead
        outer = labels + ["void"]   # + $done
        # build from inside out. labels inside try_table body: outer + hN-1.. h0 (innermost h0) + try_table
        hl = ["void" if not htypes[i] else "exn" for i in reversed(range(nh))]
        inside = outer + hl + ["void"]
        clauses2 = []
        for (k, tag, i) in clauses:
            if k == "catch_all" and self.r.random() < 0.3:
                # target an outer void label (counted from outside the try_table)
                vt = [d for d in self.void_targets(outer + hl)]
                clauses2.append((k, tag, self.r.choice(vt)))
            else:
                clauses2.append((k, tag, i))
        body = self.stmts(inside, depth + 1)
        code = [("try_table", VOIDT, clauses2, body), ("br", nh)]
        for i in range(nh):
            code = [("block", ([], htypes[i]), code)]
            # handler i: labels = outer + remaining handler blocks
            hlabels = outer + ["void" if not htypes[j] else "exn" for j in reversed(range(i + 1, nh))]
            h = []
            if EXNREF in htypes[i]: h += self.exnsink(hlabels, depth + 1)
            if I32 in htypes[i]: h += self.acc_add()
            h += self.stmts(hlabels, depth + 1, self.r.randrange(0, 3))
            code += h + [("br", nh - 1 - i)]
        return [("block", VOIDT, code)]
    def legacy(self, labels, depth):
        body = self.stmts(labels + ["void"], depth + 1)
        if self.r.random() < 0.2:
            d = self.r.randrange(len(labels))
            return [("try", VOIDT, body, [], d)]
        catches = []
        for _ in range(self.r.randrange(1, 3)):
            tag = self.r.choice([E_TAG, O_TAG, None])
            cb = (self.acc_add() if tag == E_TAG else []) + self.stmts(labels + ["catchbody"], depth + 1)
            catches.append((tag, cb))
            if tag is None: break
        return [("try", VOIDT, body, catches, None)]

# ---------------------------------------------------------------- encoding
def encode(m, instrs):
    out = []
    for ins in instrs:
        op = ins[0]
        if op == "i32.const": out.append(W.i32_const(ins[1] if ins[1] < 2**31 else ins[1] - 2**32))
        elif op == "local.get": out.append(W.local_get(ins[1]))
        elif op == "local.set": out.append(W.local_set(ins[1]))
        elif op == "local.tee": out.append(W.local_tee(ins[1]))
        elif op == "global.get": out.append(W.global_get(ins[1]))
        elif op == "global.set": out.append(W.global_set(ins[1]))
        elif op in ("i32.add", "i32.mul", "i32.and", "i32.xor", "i32.shr_u", "i32.lt_u", "i32.gt_u", "i32.eqz"):
            out.append({"i32.add": b"\x6a", "i32.mul": b"\x6c", "i32.and": b"\x71", "i32.xor": b"\x73",
                        "i32.shr_u": b"\x76", "i32.lt_u": b"\x49", "i32.gt_u": b"\x4b", "i32.eqz": b"\x45"}[op])
        elif op == "drop": out.append(W.DROP)
        elif op == "ref.null": out.append(W.REF_NULL_EXN)
        elif op == "ref.is_null": out.append(W.REF_IS_NULL)
        elif op == "select": out.append(W.select_t(EXNREF))
        elif op == "throw": out.append(W.throw(ins[1]))
        elif op == "throw_ref": out.append(W.THROW_REF)
        elif op == "call": out.append(W.call(ins[1]))
        elif op == "return_call": out.append(W.return_call(ins[1]))
        elif op == "return": out.append(W.RETURN)
        elif op == "unreachable": out.append(W.UNREACHABLE)
        elif op == "br": out.append(W.br(ins[1]))
        elif op == "br_if": out.append(W.br_if(ins[1]))
        elif op == "br_table": out.append(W.br_table(ins[1], ins[2]))
        elif op in ("block", "loop", "if", "try_table", "try"):
            bt = bt_enc(m, ins[1])
            if op == "block": out.append(W.block(bt) + encode(m, ins[2]) + W.END)
            elif op == "loop": out.append(W.loop(bt) + encode(m, ins[2]) + W.END)
            elif op == "if":
                out.append(W.if_(bt) + encode(m, ins[2]) + (W.ELSE + encode(m, ins[3]) if ins[3] else b"") + W.END)
            elif op == "try_table":
                cl = []
                for k, tag, label in ins[2]:
                    cl.append({"catch": lambda: W.catch(tag, label), "catch_ref": lambda: W.catch_ref(tag, label),
                               "catch_all": lambda: W.catch_all(label), "catch_all_ref": lambda: W.catch_all_ref(label)}[k]())
                out.append(W.try_table(bt, *cl) + encode(m, ins[3]) + W.END)
            else:
                _, _, body, catches, dele = ins
                b = W.ltry(bt) + encode(m, body)
                if dele is not None:
                    out.append(b + W.delegate(dele)); continue
                for tag, cb in catches:
                    b += (W.LCATCH_ALL if tag is None else W.lcatch(tag)) + encode(m, cb)
                out.append(b + W.END)
        elif op == "rethrow": out.append(W.rethrow(ins[1]))
        else: raise Exception(op)
    return b"".join(out)

def bt_enc(m, bt):
    params, results = bt
    if not params and not results: return W.BT_VOID
    if not params and len(results) == 1: return W.bt_val(results[0])
    return W.bt_type(m.type(params, results))

def make(seed, opts=None):
    opts = opts or {}
    r = random.Random(seed)
    nexn = r.choice([1, 1, 2, 3])
    has_h = r.random() < 0.6
    m = W.Module(); m.globals = [0]; m.table = False; m.memory = False
    m.tag([I32]); m.tag([])
    m.func([I32], [], [], W.code(W.local_get(0), W.throw(E_TAG)))                  # 0 throw_e
    m.func([EXNREF], [EXNREF], [], W.local_get(0))                                  # 1 pass
    trees = {}
    if has_h:
        gh = Gen(r, nexn, False, budget=r.randrange(5, 25), opts=opts)
        hb = gh.stmts(["i32"], 1, 4) + [("local.get", 1)]
        trees[F_H] = hb
    else:
        hb = [("local.get", 0)]
        trees[F_H] = hb
    gg = Gen(r, nexn, has_h, budget=r.randrange(10, opts.get("budget", 60)), opts=opts)
    pro = []
    if opts.get("ssa") or opts.get("init"):
        for i in range(nexn):
            pro += gg.fresh(["i32"]) + [("local.set", gg.X + i)]
    gb = pro + gg.stmts(["i32"], 1, 5) + [("local.get", 1)]
    trees[F_G] = gb
    # f(k) = block $l (result i32) block $a try_table (catch E $l) (catch_all $a) k call g return end end -2 return end payload ^ 0x5555
    fb = [("block", ([], [I32]), [("block", VOIDT, [("try_table", VOIDT, [("catch", E_TAG, 1), ("catch_all", None, 0)],
          [("local.get", 0), ("call", F_G), ("return",)])]), ("i32.const", -2), ("return",)]),
          ("i32.const", 0x5555), ("i32.xor",)]
    trees[F_F] = fb
    ntmp = max(gg.ntmp, gh.ntmp if has_h else 0)
    locs = [(1 + NCOUNTERS, I32), (nexn + ntmp, EXNREF)]
    for i, tr in sorted(trees.items()):
        m.func([I32], [I32], locs, encode(m, tr))
    m.exports.append(("f", F_F))
    # The interpreter's view: type index -> (params, results), and each
    # function as (type index, local types, tree).
    types = {m.types.index(W.functype(p, rr)): (p, rr) for p, rr in [([I32], []), ([EXNREF], [EXNREF]), ([I32], [I32])]}
    flat = lambda l: [ty for n, ty in l for _ in range(n)]
    funcs = [(m.funcs[0][0], [], [("local.get", 0), ("throw", E_TAG)]),
             (m.funcs[1][0], [], [("local.get", 0)])]
    for i in (F_H, F_G, F_F):
        funcs.append((m.funcs[i][0], flat(locs), trees[i]))
    return m, funcs, types

def expect(funcs, types, k, glob=None):
    it = Interp(funcs, types)
    if glob is not None: it.glob = glob
    try:
        v = it.call(F_F, [k])[0]
        v = v - 2**32 if v >= 2**31 else v
        return ("ok", v)
    except Trap as t:
        return ("trap", str(t))
