"""eh_interp.py: the reference interpreter of eh_fuzz.py.

Runs the instruction trees of eh_gen.py as the WebAssembly specification
says: values and labels, calls and return_call, try_table with its four
clause kinds (labels counted from outside the try_table), throw_ref
(null traps), the legacy try/catch/catch_all/delegate/rethrow, exnref
values as Python objects (copies share the object). A fuel limit turns a
runaway program into a trap("fuel"), which the generator avoids.

"""
from eh_module import I32, EXNREF
M32 = 0xFFFFFFFF
E_TAG, O_TAG = 0, 1

class Br(Exception):
    def __init__(self, d, vals): self.d, self.vals = d, vals
class Ret(Exception):
    def __init__(self, vals): self.vals = vals
class RetCall(Exception):
    def __init__(self, f, args): self.f, self.args = f, args
class Trap(Exception): pass
class Exn:
    def __init__(self, tag, payload): self.tag, self.payload = tag, payload
class Thrown(Exception):
    def __init__(self, exn, skip=0): self.exn, self.skip = exn, skip

class Frame:
    def __init__(self, locals_):
        self.locals = locals_; self.stacks = []; self.arity = []; self.caught = []

BINOPS = {"i32.add": lambda a, b: a + b, "i32.mul": lambda a, b: a * b,
          "i32.and": lambda a, b: a & b, "i32.xor": lambda a, b: a ^ b,
          "i32.shr_u": lambda a, b: a >> (b & 31), "i32.lt_u": lambda a, b: int(a < b),
          "i32.gt_u": lambda a, b: int(a > b)}

class Interp:
    def __init__(self, funcs, types, nglobals=1):
        self.funcs, self.types = funcs, types
        self.glob = [None] * nglobals; self.fuel = 500000
    def call(self, fi, args):
        while True:
            t, locs, body = self.funcs[fi]
            params, results = self.types[t]
            fr = Frame(list(args) + [None if ty == EXNREF else 0 for ty in locs])
            try:
                return self.labeled(fr, "block", ([], results), body, [])
            except Ret as r:
                return r.vals[len(r.vals) - len(results):] if results else []
            except RetCall as rc:
                fi, args = rc.f, rc.args
            except Thrown as t:
                t.skip = 0
                raise
    def labeled(self, fr, kind, bt, body, args, handler=None, caught=None):
        params, results = bt
        n = len(params) if kind == "loop" else len(results)
        fr.arity.append(n); fr.caught.append(caught)
        try:
            while True:
                st = list(args); fr.stacks.append(st)
                try:
                    self.run(fr, body, st)
                    return st[len(st) - len(results):] if results else []
                except Br as b:
                    if b.d > 0:
                        b.d -= 1; raise
                    if kind == "loop":
                        args = b.vals; continue
                    return b.vals
                except Thrown as t:
                    if handler and t.skip == 0:
                        fr.stacks.pop(); handler_ = handler; handler = None
                        fr.stacks.append([])  # balanced pop in finally
                        return handler_(t)
                    if t.skip > 0: t.skip -= 1
                    raise
                finally:
                    fr.stacks.pop()
        finally:
            fr.arity.pop(); fr.caught.pop()
    def run(self, fr, instrs, st):
        for ins in instrs:
            self.fuel -= 1
            if self.fuel < 0: raise Trap("fuel")
            op = ins[0]
            if op == "i32.const": st.append(ins[1] & M32)
            elif op == "local.get": st.append(fr.locals[ins[1]])
            elif op == "local.set": fr.locals[ins[1]] = st.pop()
            elif op == "local.tee": fr.locals[ins[1]] = st[-1]
            elif op == "global.get": st.append(self.glob[ins[1]])
            elif op == "global.set": self.glob[ins[1]] = st.pop()
            elif op in BINOPS:
                b = st.pop(); a = st.pop(); st.append(BINOPS[op](a, b) & M32)
            elif op == "i32.eqz": st.append(int(st.pop() == 0))
            elif op == "drop": st.pop()
            elif op == "ref.null": st.append(None)
            elif op == "ref.is_null": st.append(int(st.pop() is None))
            elif op == "select":
                c = st.pop(); b = st.pop(); a = st.pop(); st.append(a if c else b)
            elif op == "throw":
                payload = st.pop() if ins[1] == E_TAG else None
                raise Thrown(Exn(ins[1], payload))
            elif op == "throw_ref":
                e = st.pop()
                if e is None: raise Trap("null exception reference")
                raise Thrown(e)
            elif op in ("call", "return_call"):
                fi = ins[1]; np = len(self.types[self.funcs[fi][0]][0])
                args = st[len(st) - np:] if np else []
                del st[len(st) - np:]
                if op == "return_call": raise RetCall(fi, args)
                st.extend(self.call(fi, args))
            elif op == "return": raise Ret(list(st))
            elif op == "unreachable": raise Trap("unreachable")
            elif op == "br": self.br(fr, st, ins[1])
            elif op == "br_if":
                if st.pop(): self.br(fr, st, ins[1])
            elif op == "br_table":
                i = st.pop(); ts = ins[1]
                self.br(fr, st, ts[i] if i < len(ts) else ins[2])
            elif op in ("block", "loop", "if", "try_table", "try"):
                params = ins[1][0]
                c = st.pop() if op == "if" else None
                args = st[len(st) - len(params):] if params else []
                del st[len(st) - len(params):]
                if op in ("block", "loop"):
                    st.extend(self.labeled(fr, op, ins[1], ins[2], args))
                elif op == "if":
                    st.extend(self.labeled(fr, "block", ins[1], ins[2] if c else ins[3], args))
                elif op == "try_table":
                    def h(t, clauses=ins[2]):
                        e = t.exn
                        for kind, tag, label in clauses:
                            if kind in ("catch", "catch_ref") and e.tag != tag: continue
                            vals = []
                            if kind in ("catch", "catch_ref") and tag == E_TAG: vals.append(e.payload)
                            if kind in ("catch_ref", "catch_all_ref"): vals.append(e)
                            raise Br(label, vals)   # counted from outside the try_table
                        raise t
                    # the Br raised by h comes out of labeled after the label is popped?
                    st.extend(self.try_table(fr, ins, args, h))
                else:
                    st.extend(self.legacy(fr, ins, args))
            elif op == "rethrow":
                e = fr.caught[-1 - ins[1]]
                raise Thrown(Exn(e.tag, e.payload))
            else:
                raise Exception("bad op " + op)
    def try_table(self, fr, ins, args, h):
        # h raises Br relative to outside the try_table: run it after the label is popped
        box = []
        def catcher(t):
            box.append(t); return None
        r = self.labeled(fr, "block", ins[1], ins[3], args, handler=catcher)
        if box:
            h(box[0])
        return r
    def legacy(self, fr, ins, args):
        _, bt, body, catches, dele = ins
        box = []
        def catcher(t):
            if dele is not None:
                raise Thrown(t.exn, skip=dele)   # exits this label: no decrement (labeled re-raises without)
            e = t.exn
            for tag, cbody in catches:
                if tag is not None and e.tag != tag: continue
                box.append((e, tag, cbody)); return None
            raise t
        r = self.labeled(fr, "block", bt, body, args, handler=catcher)
        if box:
            e, tag, cbody = box[0]
            cargs = [e.payload] if tag == E_TAG else []
            # the catch body runs under the same label, with a cleanup handler
            r = self.labeled(fr, "block", ([], bt[1]), cbody, cargs, caught=e)
        return r
    def br(self, fr, st, d, vals=None):
        n = fr.arity[-1 - d] if d < len(fr.arity) else 0
        vals = st[len(st) - n:] if n else []
        raise Br(d, list(vals))
