;; Purpose: a module may import from a module of its own name: the import
;; ("m", "f2") and the module's own function 2 get different symbols
;; (internal symbols have a "." after the module, import symbols "Q_").
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasm2obj %t.wasm --module-name m -o %t.o
;; RUN: printf 'unsigned w2o_mQ_f2(void *c, unsigned x) { (void)c; return x + 1; }\n' > %t.host.c
;; RUN: %cc %t.host.c %t.o -L%libdir -lwasirt -o %t.exe
;; RUN: timeout 20 %t.exe; test $? -eq 102

(module
  (import "m" "f2" (func $host (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  ;; Function 2: 1 + 100 = 101, then the import adds 1.
  (func $own (param i32) (result i32) (i32.add (local.get 0) (i32.const 100)))
  (func (export "_start") (call $exit (call $host (call $own (i32.const 1))))))
