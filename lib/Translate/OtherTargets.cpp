//===- OtherTargets.cpp - the back ends wasm2obj does not link ------------===//
//
// wasm2obj links LLVM statically with two back ends, X86 and AArch64 (the
// only ones createTarget accepts). lld's ELF driver, linked in for
// --emit=exe, calls llvm::InitializeAllTargets() and its siblings, which
// name the initialisers of every back end LLVM 19 was configured with;
// that is for LTO of bitcode inputs, and wasm2obj only gives lld objects.
// The other back ends' initialisers are empty here, so that the linker
// needs none of their code, and they register nothing.
//
//===----------------------------------------------------------------------===//

#define W2O_OTHER_TARGETS(X)                                                   \
  X(AMDGPU)                                                                    \
  X(ARM)                                                                       \
  X(AVR)                                                                       \
  X(BPF)                                                                       \
  X(Hexagon)                                                                   \
  X(Lanai)                                                                     \
  X(LoongArch)                                                                 \
  X(Mips)                                                                      \
  X(MSP430)                                                                    \
  X(NVPTX)                                                                     \
  X(PowerPC)                                                                   \
  X(RISCV)                                                                     \
  X(Sparc)                                                                     \
  X(SystemZ)                                                                   \
  X(VE)                                                                        \
  X(WebAssembly)                                                               \
  X(XCore)                                                                     \
  X(M68k)                                                                      \
  X(Xtensa)

#define W2O_EMPTY_INITIALISERS(T)                                              \
  extern "C" void LLVMInitialize##T##TargetInfo() {}                           \
  extern "C" void LLVMInitialize##T##Target() {}                               \
  extern "C" void LLVMInitialize##T##TargetMC() {}                             \
  extern "C" void LLVMInitialize##T##AsmPrinter() {}                           \
  extern "C" void LLVMInitialize##T##AsmParser() {}

W2O_OTHER_TARGETS(W2O_EMPTY_INITIALISERS)
