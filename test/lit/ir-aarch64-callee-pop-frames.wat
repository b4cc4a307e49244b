;; Purpose: on AArch64, a function that calls a tailcc function with stack
;; arguments (more than 8 of the integer class, the instance included)
;; gets a 0-byte variable-sized object, so that its frame slots are
;; addressed from the frame pointer: LLVM 19 may reload a spill between
;; such a call and the stack pointer's readjustment after the callee popped
;; its arguments (the WASI suite's fd_flags_set crashed so under
;; qemu-aarch64; wasi-aarch64 runs it). A return_call leaves the frame and
;; needs none; nor does a call with few arguments, nor any x86 code.
;; RUN: %wat2wasm --enable-tail-call %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --target=aarch64-linux-gnu -O0 --emit=llvm --module-name m -o - | FileCheck %s
;; RUN: %wasm2obj %t.wasm --target=x86_64-linux-gnu -O0 --emit=llvm --module-name m -o - | FileCheck %s --check-prefix=X86

(module
  (func $nine (param i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    local.get 8 local.get 0 i32.sub)
  (func $three (param i32 i32 i32) (result i32)
    local.get 2)
  (func $calls (export "calls") (param i32) (result i32)
    (call $nine (local.get 0) (i32.const 1) (i32.const 2) (i32.const 3)
                (i32.const 4) (i32.const 5) (i32.const 6) (i32.const 7)
                (local.get 0))
    local.get 0 i32.add)
  (func $tails (export "tails") (param i32) (result i32)
    (return_call $nine (local.get 0) (i32.const 1) (i32.const 2) (i32.const 3)
                       (i32.const 4) (i32.const 5) (i32.const 6) (i32.const 7)
                       (local.get 0)))
  (func $few (export "few") (param i32) (result i32)
    (call $three (local.get 0) (i32.const 1) (local.get 0))))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f2(
;; CHECK-NEXT:  entry:
;; CHECK-NEXT:    [[ZERO:%[0-9]+]] = call i64 asm "mov $0, xzr", "=r"()
;; CHECK-NEXT:    %frame.fixed = alloca i8, i64 [[ZERO]]
;; CHECK-NEXT:    call void asm sideeffect "", "r"(ptr %frame.fixed)
;; CHECK:         notail call tailcc i32 @w2o_m.f0(
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f3(
;; CHECK-NOT:     frame.fixed
;; CHECK:         tail call tailcc i32 @w2o_m.f0(
;; CHECK-NEXT:    ret i32
;; CHECK-LABEL: define internal tailcc i32 @w2o_m.f4(
;; CHECK-NOT:     frame.fixed
;; CHECK-LABEL: define

;; X86-NOT: frame.fixed
