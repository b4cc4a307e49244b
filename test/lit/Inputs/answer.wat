;; A small valid module for the CLI tests: one exported function.
(module
  (memory (export "memory") 1)
  (func (export "answer") (result i32)
    (i32.const 42)))
