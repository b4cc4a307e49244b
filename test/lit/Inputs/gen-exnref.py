#!/usr/bin/env python3
"""gen-exnref.py: writes the modules of run-exnref.test and
diag-exnref.test, which use exception handling's exnref form (try_table,
throw_ref, exnref): Debian's wabt 1.0.32 can neither assemble nor read it.

    gen-exnref.py valid OUT.wasm     the module "exn" below
    gen-exnref.py many-pins OUT.wasm N   many_pins(N) below
    gen-exnref.py NAME OUT.wasm      one invalid or malformed module

Each function is written as the WAT it encodes, one instruction per line.
"""
import os
import sys

# The byte encodings are test/fuzz/eh_module.py's, shared with eh-fuzz.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "fuzz"))
from eh_module import (  # noqa: E402
    DROP, END, EXNREF, I32, I32_ADD, I32_AND, I32_GE_S, I32_LT_S, I32_MUL,
    I32_WRAP_I64, I64, REF_IS_NULL, REF_NULL_EXN, RETURN, THROW_REF,
    UNREACHABLE, VOID, block, br, br_if, br_table, bt_type, bt_val, call,
    catch, catch_all, catch_all_ref, catch_ref, functype, global_get,
    global_set, i32_const, i64_const, lcatch, leb, local_get, local_set,
    local_tee, loop, name, section, select_t, sleb, table_get, table_set,
    throw, try_table, vec)

IF_VOID = b"\x04\x40"
LEGACY_TRY_VOID = b"\x06\x40"
SELECT_EXNREF = select_t(EXNREF)
legacy_catch = lcatch


# Types.
T_I32 = 0      # [] -> [i32]
T_TAKE = 1     # [i32] -> []       (tag $e, throw_e, stash, stash_trap)
T_NONE = 2     # [] -> []          (tag $other)
T_MAP = 3      # [i32] -> [i32]    (loop_count, params)
T_PAIR = 4     # [] -> [i32 exnref]
T_REF = 5      # [] -> [exnref]
T_PASS = 6     # [exnref] -> [exnref]
T_TAG2 = 7     # [i32 i64] -> []   (tag $pair)
T_TRIPLE = 8   # [] -> [i32 i64 exnref]
TYPES = [functype([], [I32]), functype([I32], []), functype([], []),
         functype([I32], [I32]), functype([], [I32, EXNREF]),
         functype([], [EXNREF]), functype([EXNREF], [EXNREF]),
         functype([I32, I64], []), functype([], [I32, I64, EXNREF])]
E, OTHER, PAIR = 0, 1, 2  # tags
G = 0                     # global $g: (mut exnref), null at first
TBL = 0                   # table $t: 2 exnref


def module(functions, exports, globals_=True):
    """functions: (type, locals, code bytes); exports: (name, index)."""
    out = b"\0asm\1\0\0\0"
    out += section(1, vec(TYPES))
    out += section(3, vec([leb(t) for t, _, _ in functions]))
    out += section(4, vec([bytes([EXNREF, 0, 2])]))
    out += section(13, vec([b"\x00" + leb(T_TAKE), b"\x00" + leb(T_NONE),
                            b"\x00" + leb(T_TAG2)]))
    if globals_:
        out += section(6, vec([bytes([EXNREF, 1]) + REF_NULL_EXN + END]))
    out += section(7, vec([name(n) + b"\x00" + leb(i) for n, i in exports]))
    bodies = []
    for _, locals_, code in functions:
        body = vec([leb(n) + bytes([t]) for n, t in locals_]) + code + END
        bodies.append(leb(len(body)) + body)
    out += section(10, vec(bodies))
    return out


def code(*instrs):
    return b"".join(instrs)


THROW_E = 0  # function 0: (param i32) throws $e with it

FUNCTIONS = [
    # 0 $throw_e (param i32): local.get 0, throw $e
    (T_TAKE, [], code(local_get(0), throw(E))),
    # 1 catch_payload: a callee's throw, caught by catch with its payload.
    (T_I32, [], code(
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        i32_const(42), call(THROW_E),
        END,
        i32_const(-1),
        END)),
    # 2 catch_local_throw: a throw in the same function.
    (T_I32, [], code(
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        i32_const(43), throw(E),
        END,
        i32_const(-1),
        END)),
    # 3 catch_all: no values; 1 when caught.
    (T_I32, [], code(
        block(bt_val(VOID)),
        try_table(bt_val(VOID), catch_all(0)),
        i32_const(5), call(THROW_E),
        END,
        i32_const(-1), RETURN,
        END,
        i32_const(1))),
    # 4 clause_order: (catch $other) (catch $e) (catch_all): the first
    # clause that matches takes it: $e's payload + 1000.
    (T_I32, [], code(
        block(bt_val(VOID)),                       # $all
        block(bt_val(I32)),                        # $e
        block(bt_val(VOID)),                       # $other
        try_table(bt_val(VOID), catch(OTHER, 0), catch(E, 1), catch_all(2)),
        i32_const(7), call(THROW_E),
        END,
        i32_const(-1), RETURN,
        END,
        i32_const(100), RETURN,
        END,
        i32_const(1000), I32_ADD, RETURN,
        END,
        i32_const(200))),
    # 5 rethrow_ref: catch_ref, then throw_ref of the same exception to an
    # outer catch, which gets the payload.
    (T_I32, [], code(
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        block(bt_type(T_PAIR)),
        try_table(bt_val(VOID), catch_ref(E, 0)),
        i32_const(9), call(THROW_E),
        END,
        UNREACHABLE,
        END,
        THROW_REF,
        END,
        i32_const(-1),
        END)),
    # 6 throw_ref_null: traps.
    (T_I32, [], code(REF_NULL_EXN, THROW_REF)),
    # 7 stash (param i32): throws $e with it, keeps the exnref in $g.
    (T_TAKE, [], code(
        block(bt_type(T_REF)),
        try_table(bt_val(VOID), catch_all_ref(0)),
        local_get(0), call(THROW_E),
        END,
        UNREACHABLE,
        END,
        global_set(G))),
    # 8 unstash: throw_ref $g, caught by catch: its payload.
    (T_I32, [], code(
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        global_get(G), THROW_REF,
        END,
        i32_const(-1),
        END)),
    # 9 stash_trap (param i32): stash, then trap.
    (T_TAKE, [], code(local_get(0), call(7), UNREACHABLE)),
    # 10 uncaught_ref: throw_ref $g with no handler.
    (T_I32, [], code(global_get(G), THROW_REF)),
    # 11 loop_count (param $n) (local $acc): throws n times, each caught by
    # a clause that branches to the loop with the payload.
    (T_MAP, [(1, I32)], code(
        i32_const(0),
        loop(bt_type(T_MAP)),
        local_set(1),
        local_get(1), local_get(0), I32_GE_S,
        IF_VOID, local_get(1), RETURN, END,
        try_table(bt_val(VOID), catch(E, 0)),
        local_get(1), i32_const(1), I32_ADD, call(THROW_E),
        END,
        UNREACHABLE,
        END)),
    # 12 is_null: ref.is_null of $g (1 before any stash).
    (T_I32, [], code(global_get(G), REF_IS_NULL)),
    # 13 legacy_inside: a legacy catch body throws again; the try_table
    # around it catches the new exception (3 + 10).
    (T_I32, [], code(
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        LEGACY_TRY_VOID,
        i32_const(3), call(THROW_E),
        legacy_catch(E),
        i32_const(10), I32_ADD, call(THROW_E),
        END,
        END,
        i32_const(-1),
        END)),
    # 14 no_match: the inner try_table has only (catch $other): the outer
    # one catches $e.
    (T_I32, [], code(
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        block(bt_val(VOID)),
        try_table(bt_val(VOID), catch(OTHER, 0)),
        i32_const(14), call(THROW_E),
        END,
        END,
        UNREACHABLE,
        END,
        i32_const(-1),
        END)),
    # 15 params (param i32): a try_table with a parameter and a result
    # (nothing thrown): the parameter + 1.
    (T_MAP, [], code(
        local_get(0),
        try_table(bt_type(T_MAP)),
        i32_const(1), I32_ADD,
        END)),
    # 16 table (local $x exnref): an exnref through a local, table slot 1,
    # a call of $pass and throw_ref: the payload, 55.
    (T_I32, [(1, EXNREF)], code(
        block(bt_type(T_REF)),
        try_table(bt_val(VOID), catch_all_ref(0)),
        i32_const(55), call(THROW_E),
        END,
        UNREACHABLE,
        END,
        local_set(0),
        i32_const(1), local_get(0), table_set(TBL),
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        i32_const(1), table_get(TBL), call(17), THROW_REF,
        END,
        i32_const(-1),
        END)),
    # 17 $pass (param exnref) (result exnref): through a typed select.
    (T_PASS, [], code(local_get(0), REF_NULL_EXN, i32_const(1),
                      SELECT_EXNREF)),
    # 18 multi: catch_ref of a tag with two values: 3 + 4, the exnref
    # dropped.
    (T_I32, [], code(
        block(bt_type(T_TRIPLE)),
        try_table(bt_val(VOID), catch_ref(PAIR, 0)),
        i32_const(3), i64_const(4), throw(PAIR),
        END,
        UNREACHABLE,
        END,
        DROP, I32_WRAP_I64, I32_ADD)),
    # 19 cleanup: a cleanup as compilers write it, with the one-byte block
    # type exnref: catch_all_ref, then throw_ref on; the outer catch gets
    # the payload.
    (T_I32, [], code(
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        block(bt_val(EXNREF)),
        try_table(bt_val(VOID), catch_all_ref(0)),
        i32_const(19), call(THROW_E),
        END,
        UNREACHABLE,
        END,
        THROW_REF,
        END,
        i32_const(-1),
        END)),
]

# Functions 20 on: exnrefs that go nowhere but to throw_ref or a drop,
# which the compiler keeps owned and frees (UnpinExnRefs.h), and one that
# must stay pinned. The driver checks that none is left live and how
# many were pinned.
def caught_call(f, arg):
    """(block (result i32) (try_table (catch $e 0) ARG call F) -1): the
    payload of an $e from F (which takes ARG and returns nothing), or
    -1."""
    return code(
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        i32_const(arg), call(f),
        END,
        i32_const(-1),
        END)


def caught_all_ref(arg):
    """(block $c (result exnref) (try_table (catch_all_ref $c) throw_e ARG)
    unreachable): the exnref of a thrown $e with payload ARG."""
    return code(
        block(bt_val(EXNREF)),
        try_table(bt_val(VOID), catch_all_ref(0)),
        i32_const(arg), call(THROW_E),
        END,
        UNREACHABLE,
        END)


FUNCTIONS += [
    # 20 $typed_one (param $v i32) (result i32) (local $x exnref)
    # (local $p i32): a typed catch as compilers write it: catch_ref, then
    # throw_ref on if the payload is odd (not ours), else the payload,
    # with the exnref dropped.
    (T_MAP, [(1, EXNREF), (1, I32)], code(
        block(bt_type(T_PAIR)),
        try_table(bt_val(VOID), catch_ref(E, 0)),
        local_get(0), call(THROW_E),
        END,
        UNREACHABLE,
        END,
        local_set(1),
        local_tee(2), i32_const(1), I32_AND,
        IF_VOID, local_get(1), THROW_REF, END,
        local_get(2))),
    # 21 typed_loop (param $n) (local $acc i32) (local $i i32): $typed_one
    # of 0 .. n-1; an even one's result is added, an odd one's payload,
    # caught here, twice.
    (T_MAP, [(2, I32)], code(
        loop(bt_val(VOID)),
        local_get(2), local_get(0), I32_GE_S,
        IF_VOID, local_get(1), RETURN, END,
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        local_get(2), call(20), local_get(1), I32_ADD, local_set(1),
        END,
        local_get(2), i32_const(1), I32_ADD, local_set(2),
        br(1),
        END,
        i32_const(2), I32_MUL, local_get(1), I32_ADD, local_set(1),
        local_get(2), i32_const(1), I32_ADD, local_set(2),
        br(0),
        END,
        UNREACHABLE)),
    # 22 $cleanup_out (param i32): a cleanup whose throw_ref leaves the
    # function.
    (T_TAKE, [], code(
        block(bt_val(EXNREF)),
        try_table(bt_val(VOID), catch_all_ref(0)),
        local_get(0), call(THROW_E),
        END,
        UNREACHABLE,
        END,
        THROW_REF)),
    # 23 cleanup_out: $cleanup_out's exception caught here: 23.
    (T_I32, [], caught_call(22, 23)),
    # 24 loop_rethrow (local $x exnref) (local $k i32): the same exnref
    # thrown again on each turn of a loop and caught inside it (each catch
    # of it would free an owned exception): stays pinned; 5 three times.
    (T_I32, [(1, EXNREF), (1, I32)], code(
        caught_all_ref(5),
        local_set(0),
        loop(bt_val(VOID)),
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        local_get(0), THROW_REF,
        END,
        UNREACHABLE,
        END,
        local_get(1), I32_ADD, local_set(1),
        local_get(1), i32_const(15), I32_LT_S, br_if(0),
        END,
        local_get(1))),
    # 25 drop_now: catch_all_ref, then drop: 25.
    (T_I32, [], code(caught_all_ref(1), DROP, i32_const(25))),
    # 26 cleanup_throws: the cleanup's own call throws another $e (26),
    # which the outer try_table of the same function catches.
    (T_I32, [], code(
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        caught_all_ref(1),
        i32_const(26), call(THROW_E),
        THROW_REF,
        END,
        i32_const(-1),
        END)),
    # 27 $cleanup_escapes (param i32): the cleanup's call throws out of
    # the function before its throw_ref.
    (T_TAKE, [], code(
        caught_all_ref(1),
        local_get(0), call(THROW_E),
        THROW_REF)),
    # 28 cleanup_escapes: $cleanup_escapes's exception caught here: 27.
    (T_I32, [], caught_call(27, 27)),
    # 29 $switch_one (param $k i32) (result i32) (local $x exnref): a
    # br_table with several edges to each target: k = 0 throws the exnref
    # on (its payload 28), 2 and 3 return 2, anything else 1.
    (T_MAP, [(1, EXNREF)], code(
        caught_all_ref(28),
        local_set(1),
        block(bt_val(VOID)),
        block(bt_val(VOID)),
        block(bt_val(VOID)),
        local_get(0),
        br_table([0, 1, 2, 2], 1),
        END,
        local_get(1), THROW_REF,
        END,
        i32_const(1), RETURN,
        END,
        i32_const(2))),
    # 30 switch_sum: $switch_one of 1, 2, 3, 9, and of 0 caught: 34.
    (T_I32, [], code(
        i32_const(1), call(29),
        i32_const(2), call(29), I32_ADD,
        i32_const(3), call(29), I32_ADD,
        i32_const(9), call(29), I32_ADD,
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch(E, 0)),
        i32_const(0), call(29), DROP,
        END,
        i32_const(-1),
        END,
        I32_ADD)),
]

EXPORTS = [
    ("catch_payload", 1), ("catch_local_throw", 2), ("catch_all", 3),
    ("clause_order", 4), ("rethrow_ref", 5), ("throw_ref_null", 6),
    ("stash", 7), ("unstash", 8), ("stash_trap", 9), ("uncaught_ref", 10),
    ("loop_count", 11), ("is_null", 12), ("legacy_inside", 13),
    ("no_match", 14), ("params", 15), ("table", 16), ("multi", 18),
    ("cleanup", 19), ("typed_loop", 21), ("cleanup_out", 23),
    ("loop_rethrow", 24), ("drop_now", 25), ("cleanup_throws", 26),
    ("cleanup_escapes", 28), ("switch_sum", 30),
]


def invalid(body, type_=T_I32):
    return module([(T_TAKE, [], code(local_get(0), throw(E))),
                   (type_, [], body)], [("f", 1)])


INVALID = {
    # catch $e carries an i32; the label (a void block) takes nothing.
    "clause-type": invalid(code(
        block(bt_val(VOID)),
        try_table(bt_val(VOID), catch(E, 0)),
        END,
        END,
        i32_const(0))),
    # catch_ref to a label that takes the payload but not the exnref.
    "clause-ref-type": invalid(code(
        block(bt_val(I32)),
        try_table(bt_val(VOID), catch_ref(E, 0)),
        END,
        i32_const(0),
        END)),
    # Catch clause kind 4 does not exist.
    "clause-kind": invalid(code(
        block(bt_val(VOID)),
        b"\x1f\x40\x01\x04\x00",
        END,
        END,
        i32_const(0))),
    # The label of a clause counts from outside the try_table: 1 is beyond
    # the function's own label here.
    "clause-label": invalid(code(
        try_table(bt_val(VOID), catch_all(1)),
        END,
        i32_const(0))),
    # throw_ref takes an exnref, not an i32.
    "throw-ref-type": invalid(code(i32_const(0), THROW_REF)),
    # An unknown tag.
    "clause-tag": invalid(code(
        block(bt_val(VOID)),
        try_table(bt_val(VOID), catch(7, 0)),
        END,
        END,
        i32_const(0))),
}


def many_pins(n):
    """$f (param $k i32) (result i32) (local $x0 .. $x(n-1) exnref): n
    cleanups, each keeping its exnref in its own local, then a br_table on
    k that throws the exnref of cleanup k on (or returns 0): every pin's
    region reaches from its cleanup to the end, n*n/2 blocks in all."""
    body = b""
    for k in range(n):
        body += caught_all_ref(k) + local_set(1 + k)
    body += b"".join(block(bt_val(VOID)) for _ in range(n + 1))
    body += local_get(0) + br_table(list(range(n)), n)
    for k in range(n):
        body += END + local_get(1 + k) + THROW_REF
    body += END + i32_const(0)
    return module([(T_TAKE, [], code(local_get(0), throw(E))),
                   (T_MAP, [(n, EXNREF)], body)], [("f", 1)])


def main():
    what, out = sys.argv[1], sys.argv[2]
    if what == "valid":
        data = module(FUNCTIONS, EXPORTS)
    elif what == "many-pins":
        data = many_pins(int(sys.argv[3]))
    else:
        data = INVALID[what]
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
