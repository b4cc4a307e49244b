;; Purpose: a host import's adapter (tailcc, it pops its stack arguments)
;; calls the C function (which does not) without a tail call on AArch64:
;; LLVM 19 turned that call into a jump when the C function takes stack
;; arguments too, and the caller's stack pointer came back 16 bytes off
;; (49 of the WASI suite's 72 programs trapped under qemu-aarch64, at
;; path_open's 10 arguments; wasi-aarch64 runs them). x86's backend
;; refuses such a jump itself, and its adapters are left as they were.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --target=aarch64-linux-gnu --emit=llvm --module-name m -o - | FileCheck %s
;; RUN: %wasm2obj %t.wasm --target=x86_64-linux-gnu --emit=llvm --module-name m -o - | FileCheck %s --check-prefix=X86

(module
  (import "env" "big" (func $big (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (func (export "f") (param i32) (result i32)
    (call $big (local.get 0) (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4)
               (i32.const 5) (i32.const 6) (i32.const 7) (i32.const 8) (local.get 0))))

;; CHECK-LABEL: define internal tailcc i32 @w2o_m.host_adapter0(
;; CHECK:         %{{[0-9]+}} = notail call i32 %{{[0-9]+}}(ptr
;; CHECK-NEXT:    ret i32

;; X86-LABEL: define internal tailcc i32 @w2o_m.host_adapter0(
;; X86:         %{{[0-9]+}} = tail call i32 %{{[0-9]+}}(ptr
;; X86-NEXT:    ret i32
