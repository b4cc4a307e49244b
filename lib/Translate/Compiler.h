//===- Compiler.h - the public interface of lib/Translate -----------------===//
//
// decodeModule() then compileModule(): what the CLI, the spec runner and
// the tests all call, so that they run the same pipeline.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2OBJ_TRANSLATE_COMPILER_H
#define WASM2OBJ_TRANSLATE_COMPILER_H

#include "Decoder.h"
#include "Module.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace w2o {

enum class BoundsChecks : uint8_t {
  Default,  ///< guard pages where the target allows, else explicit
  Guard,    ///< rely on the runtime's guard region (64-bit targets only)
  Explicit, ///< compare and branch on every access
};

enum class EmitKind : uint8_t {
  Object,   ///< relocatable object file
  Assembly, ///< textual assembly
  LLVMIR,   ///< textual LLVM IR (after optimisation)
  Bitcode,  ///< LLVM bitcode (after optimisation)
};

struct CompileOptions {
  unsigned OptLevel = 2;   ///< 0..3
  std::string Triple;      ///< empty: the host
  std::string CPU;         ///< empty: a portable default; "native": the host
  std::string CPUFeatures; ///< "+feat,-feat"
  BoundsChecks Bounds = BoundsChecks::Default;
  std::string ModuleName = "module"; ///< symbol prefix (a C identifier)
  unsigned Jobs = 1;                 ///< code generation threads (0: all)
  /// Wasm code bytes per partition (Codegen.cpp): a module with at least
  /// twice this much code is compiled in partitions and merged. Only tests
  /// change it, to send small modules down that path.
  uint64_t PartitionBytes = 64 * 1024;
  bool EmitMainAlias = true; ///< define w2o_main_module (weak)
  /// Called during a partitioned compile with a range of the module's
  /// bytes, function bodies, that it will not read again: the bodies of
  /// the partitions compiled so far. wasm2obj drops those pages of its
  /// mapped input file (mapped again, should anything read them).
  std::function<void(llvm::ArrayRef<uint8_t>)> BodiesDone;
  /// Grants recorded for standalone programs ("dir=H::G", "env=N=V",
  /// "inherit-env").
  std::vector<std::string> WasiGrants;
};

/// Compiles a decoded module. Validates every function body on the way;
/// the first error (lowest byte offset) is returned as a WasmError.
llvm::Error compileModule(const Module &M, const CompileOptions &Opts,
                          EmitKind Kind, llvm::SmallVectorImpl<char> &Out);

/// Where an output is written when it need not be whole in memory: the
/// merge of a partitioned compile writes each partition's sections into
/// place as it goes (MergeObjects.h), so that into a file the object is
/// never held whole, which for a large module is the compile's peak of
/// memory. The output's size is given first; a region never written
/// reads as zeros.
class OutputSink {
public:
  virtual ~OutputSink() = default;
  virtual llvm::Error begin(uint64_t Size) = 0;
  virtual llvm::Error write(uint64_t Offset, llvm::ArrayRef<char> Bytes) = 0;
  /// Bytes [Offset, Offset + Size) are zeros (a file's are already).
  virtual void zero(uint64_t Offset, uint64_t Size) = 0;
};

/// Writes into Out (resized by begin(); its pages touched only as written).
std::unique_ptr<OutputSink> bufferSink(llvm::SmallVectorImpl<char> &Out);

/// Writes into the file FD, open for writing: begin() empties it and gives
/// it its size, write() uses pwrite() (FD's offset does not matter); Name
/// is for errors.
std::unique_ptr<OutputSink> fileSink(int FD, std::string Name);

/// compileModule() into Sink.
llvm::Error compileModule(const Module &M, const CompileOptions &Opts,
                          EmitKind Kind, OutputSink &Sink);

/// The C header declaring the module's descriptor and export wrappers.
std::string emitHeader(const Module &M, const CompileOptions &Opts);

/// Links an object with libwasirt.a and the C library into an executable,
/// with lld in-process, as `cc OBJ -lwasirt -o OUT` would.
llvm::Error linkExecutable(llvm::ArrayRef<char> Object,
                           const CompileOptions &Opts,
                           llvm::StringRef RuntimeLibrary,
                           llvm::StringRef OutPath);

/// lld keeps global state: every in-process use holds this lock.
std::mutex &lldMutex();

/// A C identifier made from a file name: "my-app.wasm" -> "my_app".
std::string moduleNameFromPath(llvm::StringRef Path);

/// Symbol mangling of abi.h.
std::string mangleName(llvm::StringRef Name);
std::string importSymbol(llvm::StringRef Module, llvm::StringRef Field);
std::string exportSymbol(llvm::StringRef ModuleName, llvm::StringRef Export);
std::string descriptorSymbol(llvm::StringRef ModuleName);

/// Initialises the LLVM targets once (thread-safe).
void initializeLLVMTargets();

} // namespace w2o

#endif
