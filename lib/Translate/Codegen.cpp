//===- Codegen.cpp - optimisation pipeline and parallel code generation ---===//
//
// compileModule() turns a decoded module into an object file (or assembly,
// IR, bitcode), in memory.
//
// Parallel code generation: a large module is cut into partitions of
// consecutive functions with about the same amount of wasm code, plus one
// partition for the module-level parts (descriptor, init, trampolines,
// wrappers): one per CompileOptions::PartitionBytes of code (64 KiB),
// whatever -j, which only sets the number of threads. Each partition gets
// its own LLVMContext, llvm::Module and TargetMachine, so the partitions are
// translated, optimised and compiled on a thread pool with nothing shared
// but the read-only decoded module:
//
//   phase 1 (parallel): validate and translate each partition, noting
//            the functions of other partitions it refers to; with more
//            partitions than threads, the IR is then thrown away, so that
//            only the partitions being worked on are held as IR;
//   between: a function no other partition refers to will be internal;
//   phase 2 (parallel): (translate again,) internalise, optimise and emit
//            an object per partition, kept zstd-compressed (a third of
//            its size) until the merge;
//   merge: the partition objects become one relocatable object
//          (MergeObjects.h: their sections side by side, the symbol
//          tables merged; `ld -r` needed twice the memory), written into
//          place in the output file when there is one (OutputSink).
//
// Functions called across partitions are hidden external symbols; the
// single-partition path keeps everything internal. Output is deterministic
// and the same for every -j: the partitioning depends only on the module.
//
//===----------------------------------------------------------------------===//

#include "AlignVectorAccesses.h"
#include "Compiler.h"
#include "ExpandTrapChecks.h"
#include "HoistBoundsChecks.h"
#include "MergeObjects.h"
#include "ModuleTranslator.h"
#include "RerollLoops.h"
#include "UnpinExnRefs.h"
#include "VersionChecks.h"
#include "VersionNoWrap.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/IPO/GlobalDCE.h"
#include "llvm/Transforms/IPO/GlobalOpt.h"
#include "llvm/Transforms/IPO/InferFunctionAttrs.h"
#include "llvm/Transforms/IPO/Inliner.h"
#include "llvm/Transforms/IPO/SCCP.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/ConstraintElimination.h"
#include "llvm/Transforms/Scalar/CorrelatedValuePropagation.h"
#include "llvm/Transforms/Scalar/DivRemPairs.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/IndVarSimplify.h"
#include "llvm/Transforms/Scalar/InferAlignment.h"
#include "llvm/Transforms/Scalar/InstSimplifyPass.h"
#include "llvm/Transforms/Scalar/JumpThreading.h"
#include "llvm/Transforms/Scalar/LICM.h"
#include "llvm/Transforms/Scalar/LoopDeletion.h"
#include "llvm/Transforms/Scalar/LoopInstSimplify.h"
#include "llvm/Transforms/Scalar/LoopPassManager.h"
#include "llvm/Transforms/Scalar/LoopRotation.h"
#include "llvm/Transforms/Scalar/LoopSimplifyCFG.h"
#include "llvm/Transforms/Scalar/LoopUnrollPass.h"
#include "llvm/Transforms/Scalar/Reassociate.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Scalar/SimpleLoopUnswitch.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/Scalar/TailRecursionElimination.h"
#include "llvm/Transforms/Utils/InjectTLIMappings.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/Mem2Reg.h"
#include "llvm/Transforms/Vectorize/LoopVectorize.h"
#include "llvm/Transforms/Vectorize/SLPVectorizer.h"
#include "llvm/Transforms/Vectorize/VectorCombine.h"
#include <mutex>

using namespace w2o;
using namespace llvm;

void w2o::initializeLLVMTargets() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeX86AsmParser();
    LLVMInitializeAArch64TargetInfo();
    LLVMInitializeAArch64Target();
    LLVMInitializeAArch64TargetMC();
    LLVMInitializeAArch64AsmPrinter();
    LLVMInitializeAArch64AsmParser();
  });
}

namespace {

struct TargetSetup {
  std::unique_ptr<TargetMachine> TM;
  TargetFacts Facts;
};

Expected<TargetSetup> createTarget(const CompileOptions &Opts) {
  initializeLLVMTargets();
  Triple TT(Opts.Triple.empty() ? sys::getDefaultTargetTriple()
                                : Triple::normalize(Opts.Triple));
  // The generated code relies on what LLVM 19 gives these targets only:
  // guaranteed tail calls of tailcc (RISC-V, PowerPC and MIPS abort in
  // code generation), a little-endian linear memory (loads and stores are
  // not byte-swapped), and ELF (the runtime's symbols and unwind tables).
  Triple::ArchType Arch = TT.getArch();
  if ((Arch != Triple::x86_64 && Arch != Triple::x86 &&
       Arch != Triple::aarch64) ||
      !TT.isOSBinFormatELF())
    return createStringError(inconvertibleErrorCode(),
                             "unsupported target '" + TT.str() +
                                 "': wasm2obj generates ELF code for "
                                 "x86_64, i686 and aarch64 (little-endian)");
  std::string Err;
  const llvm::Target *T = TargetRegistry::lookupTarget(TT.str(), Err);
  if (!T)
    return createStringError(inconvertibleErrorCode(),
                             "unknown target '" + TT.str() + "': " + Err);
  std::string CPU = Opts.CPU;
  std::string Features = Opts.CPUFeatures;
  if (CPU == "native") {
    CPU = sys::getHostCPUName().str();
    std::string HostFeatures;
    for (auto &F : sys::getHostCPUFeatures())
      HostFeatures += (HostFeatures.empty() ? "" : ",") +
                      std::string(F.second ? "+" : "-") + F.first().str();
    Features = Features.empty() ? HostFeatures : HostFeatures + "," + Features;
  } else if (CPU.empty()) {
    // A portable default: the architecture's baseline.
    CPU = TT.getArch() == Triple::x86_64 ? "x86-64"
          : TT.getArch() == Triple::x86  ? "pentium4"
                                         : "generic";
  }
  // LLVM only warns about an unknown CPU or feature (and then aborts in
  // code generation when, say, an x86-64 target gets a 32-bit CPU), so
  // both are checked here.
  std::unique_ptr<MCSubtargetInfo> Probe(
      T->createMCSubtargetInfo(TT.str(), "", ""));
  if (Probe && !CPU.empty() && !Probe->isCPUStringValid(CPU))
    return createStringError(inconvertibleErrorCode(),
                             "unknown CPU '" + CPU + "' for " + TT.str());
  SmallVector<StringRef, 8> Wanted;
  StringRef(Opts.CPUFeatures).split(Wanted, ',', -1, /*KeepEmpty=*/false);
  for (StringRef F : Wanted) {
    StringRef Name = F.trim();
    bool Signed = Name.consume_front("+") || Name.consume_front("-");
    bool Known = Probe && any_of(Probe->getAllProcessorFeatures(),
                                 [&](const SubtargetFeatureKV &KV) {
                                   return Name == KV.Key;
                                 });
    if (!Signed || !Known)
      return createStringError(inconvertibleErrorCode(),
                               "unknown CPU feature '" + F.trim().str() +
                                   "' for " + TT.str() +
                                   " (expected +NAME or -NAME)");
  }
  TargetOptions TO;
  CodeGenOptLevel Level = Opts.OptLevel == 0   ? CodeGenOptLevel::None
                          : Opts.OptLevel == 1 ? CodeGenOptLevel::Less
                          : Opts.OptLevel == 2 ? CodeGenOptLevel::Default
                                               : CodeGenOptLevel::Aggressive;
  std::unique_ptr<TargetMachine> TM(T->createTargetMachine(
      TT.str(), CPU, Features, TO, Reloc::PIC_, std::nullopt, Level));
  if (!TM)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a target machine for '" + TT.str() +
                                 "'");
  TargetSetup Result;
  Result.Facts.Is64Bit = TT.isArch64Bit();
  const MCSubtargetInfo *STI = TM->getMCSubtargetInfo();
  if (TT.getArch() == Triple::x86_64 && !STI->checkFeatures("+64bit"))
    return createStringError(inconvertibleErrorCode(),
                             "CPU '" + CPU + "' cannot run " + TT.str() +
                                 " code (it has no 64-bit mode)");
  if (TT.isX86()) {
    Result.Facts.IsX86 = true;
    Result.Facts.HasRoundingInstrs = STI->checkFeatures("+sse4.1");
    Result.Facts.HasFMA = STI->checkFeatures("+fma");
    Result.Facts.X86SSE2 = STI->checkFeatures("+sse2");
    Result.Facts.X86SSSE3 = STI->checkFeatures("+ssse3");
  } else if (TT.isAArch64()) {
    Result.Facts.HasRoundingInstrs = true;
    Result.Facts.HasFMA = true;
    Result.Facts.IsAArch64 = true;
  }
  if (Opts.Bounds == BoundsChecks::Guard && !Result.Facts.Is64Bit)
    return createStringError(inconvertibleErrorCode(),
                             "--bounds-checks=guard needs a 64-bit target");
  Result.Facts.GuardPages =
      Result.Facts.Is64Bit && Opts.Bounds != BoundsChecks::Explicit;
  Result.TM = std::move(TM);
  return Result;
}

// For measuring what the pass buys: --mllvm -w2o-reroll-loops=false.
static cl::opt<bool>
    RerollLoops("w2o-reroll-loops", cl::init(true), cl::Hidden,
                cl::desc("roll loops the wasm producer unrolled back up"));
// And --mllvm -w2o-align-vector-accesses=false.
static cl::opt<bool> AlignVectorAccesses(
    "w2o-align-vector-accesses", cl::init(true), cl::Hidden,
    cl::desc("align vector accesses by their addresses' SCEVs"));

// LLVM options whose defaults suit C but not WebAssembly, applied once per
// process unless the user set them with --mllvm.
//
// indvars-widen-indvars: a wasm loop counts with an i32 induction variable
// and every address is `zext i32`. IndVarSimplify widens such a variable by
// zero extension, which for the counters clang's wasm backend emits (they
// run from a negative value up to 0, with the array's address folded into
// each access as a wrapping i32 add) produces `and (add iv, C), 0xffffffff`
// address forms that are no longer affine: SCEV loses them, so neither the
// SLP nor the loop vectoriser nor LSR can work on them. Left narrow, the
// adds get `nsw` from the trip count and SCEV folds the `zext` of each
// address into an i64 recurrence. On the benchmarks this alone is worth
// 2x on the vectorisable loops and 20-30% on the stencils.
//
// unswitch-threshold: the largest loop (in instruction cost) the
// non-trivial loop unswitcher copies; 50 by default. It runs at -O3, and
// in explicit mode on the conditions HoistBoundsChecks sets up, where an
// unrolled loop with a check per access is often bigger than 50 and would
// keep all its checks (and could not be rolled up and vectorised).
//
// grow-region-complexity-budget: how much work the greedy register
// allocator may spend growing one candidate region for a live range split
// before it gives that candidate up; 10000 by default. Region splitting was
// a tenth of a small module's compile, nearly all of it in the few large
// functions with many blocks (wasi-libc's printf_core and dlmalloc). At 200
// the 25 KB benchmark modules compile in 6-7% fewer instructions; of the
// benchmarks' run times only alloc (dlmalloc, +0.4%) and strings (+0.3%)
// execute more instructions, the others the same code.
static void tuneLLVMOptions() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    StringMap<cl::Option *> &Registered = cl::getRegisteredOptions();
    auto Set = [&](StringRef Name, StringRef Value) {
      auto It = Registered.find(Name);
      if (It != Registered.end() && It->second->getNumOccurrences() == 0)
        It->second->addOccurrence(0, It->first(), Value);
    };
    Set("indvars-widen-indvars", "false");
    Set("unswitch-threshold", "200");
    Set("grow-region-complexity-budget", "200");
  });
}

// Just before the loop vectoriser: with explicit bounds checks, a loop
// whose checks can all be decided before it runs gets a copy without them
// (HoistBoundsChecks.h). The copies are made by the non-trivial loop
// unswitcher, which -O2 does not run. Then loops the wasm producer unrolled
// are rolled back up, so that the vectoriser sees unit strides
// (RerollLoops.h).
static void addVectorizerStartPasses(FunctionPassManager &FPM, bool Explicit) {
  if (Explicit) {
    // Every loop gets a preheader to put its one check in: after
    // InstCombine and SimplifyCFG, a loop that follows another often has
    // the first one's latch as its only way in.
    FPM.addPass(LoopSimplifyPass());
    FPM.addPass(HoistBoundsChecksPass());
    FPM.addPass(createFunctionToLoopPassAdaptor(
        SimpleLoopUnswitchPass(/*NonTrivial=*/true)));
    FPM.addPass(HoistBoundsChecksPass(/*CleanUp=*/true));
    // (true or InBounds) becomes true, then the branch on it goes.
    FPM.addPass(InstCombinePass());
    FPM.addPass(SimplifyCFGPass());
    // Unswitching leaves loops that test their exit at the top, as a
    // header and a latch; the roll-up takes loops of one block, the form
    // that the rotation before the vectoriser gives them anyway.
    FPM.addPass(createFunctionToLoopPassAdaptor(LoopRotatePass()));
  }
  if (RerollLoops)
    FPM.addPass(RerollLoopsPass());
  // Then loops whose address additions cannot wrap get a copy that says so
  // (VersionNoWrap.h); it needs preheaders and LCSSA form, as the loop
  // vectoriser after it does.
  FPM.addPass(LoopSimplifyPass());
  FPM.addPass(LCSSAPass());
  FPM.addPass(VersionNoWrapPass());
}

// -O2: a pipeline for code that a compiler has already optimised.
//
// LLVM's -O2 pipeline is built for the IR clang makes of C: it inlines
// bottom-up and simplifies every function again after each round of
// inlining, with eight InstCombines, two GVN-class passes, DSE, MemCpyOpt,
// loop idiom recognition and more. A wasm module from clang -O2 (or rustc,
// or any optimising producer) has been through all of that already: its
// inlining decisions are made, its redundancies gone, its loops
// canonical. What translation adds is its own: locals in allocas, the
// memory base loaded from the instance, address arithmetic in 32 bits
// under a zero extension, the trap checks, and loops the producer
// unrolled or left in a form our vectoriser preparation (above) wants.
// This pipeline does that work and no more:
//
//  - one round of inlining, without re-simplification per SCC: the
//    producer inlined what it wanted; what is left is mostly small
//    functions it could not see through (without it the alloc and
//    bitops benchmarks execute 3% and 1% more instructions);
//  - InstCombine twice in the scalar part and once after the
//    vectorisers (LLVM runs one between the loop vectoriser and SLP too:
//    without it no benchmark executes a different number of
//    instructions, and compiling takes 2% fewer), Reassociate (bit manipulation
//    chains: 2-3% of bitops', strings' and vm's instructions), JumpThreading
//    and CorrelatedValuePropagation (the recursion benchmark's parser with
//    explicit checks: 7%), ConstraintElimination (bounds checks implied
//    by others);
//  - LICM, loop rotation, IndVarSimplify and full unrolling, then
//    EarlyCSE with MemorySSA where LLVM runs GVN: the memory base and
//    globals reloaded after stores are what is redundant here, and on our
//    benchmarks GVN found nothing more;
//  - the vectorisers, runtime unrolling and the late clean-up as in
//    LLVM's own optimisation tail, TailCallElim included: it makes a
//    function's return_call of itself (musttail) a loop instead of a
//    jump back to its entry.
//
// On the benchmark modules it takes 0.63-0.77 of the instructions of
// LLVM's -O2 to compile them (code generation included), and the
// programs execute the same number of instructions to within about 1%
// (BENCHMARKS.md). -O1 and -O3 keep LLVM's pipelines.
static ModulePassManager buildWasmO2Pipeline(bool Explicit) {
  auto CFG = [] { return SimplifyCFGOptions().convertSwitchRangeToICmp(true); };
  ModulePassManager MPM;
  MPM.addPass(InferFunctionAttrsPass());
  {
    FunctionPassManager FPM;
    FPM.addPass(SimplifyCFGPass(SimplifyCFGOptions()));
    FPM.addPass(SROAPass(SROAOptions::ModifyCFG));
    FPM.addPass(EarlyCSEPass(/*UseMemorySSA=*/false));
    MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM),
                                                  /*EagerlyInvalidate=*/true));
  }
  MPM.addPass(IPSCCPPass());
  MPM.addPass(GlobalOptPass());
  MPM.addPass(createModuleToPostOrderCGSCCPassAdaptor(InlinerPass()));
  {
    FunctionPassManager FPM;
    FPM.addPass(InstCombinePass());
    FPM.addPass(ReassociatePass());
    FPM.addPass(ConstraintEliminationPass());
    FPM.addPass(JumpThreadingPass());
    FPM.addPass(CorrelatedValuePropagationPass());
    FPM.addPass(SimplifyCFGPass(CFG()));
    LoopPassManager LPM1;
    LPM1.addPass(LoopInstSimplifyPass());
    LPM1.addPass(LoopSimplifyCFGPass());
    LICMOptions NoSpeculation;
    NoSpeculation.AllowSpeculation = false;
    LPM1.addPass(LICMPass(NoSpeculation));
    LPM1.addPass(LoopRotatePass(/*EnableHeaderDuplication=*/true,
                                /*PrepareForLTO=*/false));
    LPM1.addPass(LICMPass(LICMOptions()));
    LPM1.addPass(SimpleLoopUnswitchPass(/*NonTrivial=*/false,
                                        /*Trivial=*/true));
    FPM.addPass(
        createFunctionToLoopPassAdaptor(std::move(LPM1),
                                        /*UseMemorySSA=*/true,
                                        /*UseBlockFrequencyInfo=*/true));
    LoopPassManager LPM2;
    LPM2.addPass(IndVarSimplifyPass());
    LPM2.addPass(LoopDeletionPass());
    LPM2.addPass(LoopFullUnrollPass(/*OptLevel=*/2));
    FPM.addPass(createFunctionToLoopPassAdaptor(std::move(LPM2)));
    FPM.addPass(EarlyCSEPass(/*UseMemorySSA=*/true));
    FPM.addPass(InstCombinePass());
    FPM.addPass(createFunctionToLoopPassAdaptor(LICMPass(LICMOptions()),
                                                /*UseMemorySSA=*/true));
    FPM.addPass(
        SimplifyCFGPass(CFG().hoistCommonInsts(true).sinkCommonInsts(true)));
    MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM),
                                                  /*EagerlyInvalidate=*/true));
  }
  MPM.addPass(GlobalDCEPass());
  if (Explicit)
    MPM.addPass(createModuleToFunctionPassAdaptor(VersionChecksPass()));
  {
    FunctionPassManager FPM;
    addVectorizerStartPasses(FPM, Explicit);
    LoopPassManager LPM;
    LPM.addPass(LoopRotatePass(/*EnableHeaderDuplication=*/true,
                               /*PrepareForLTO=*/false));
    LPM.addPass(LoopDeletionPass());
    FPM.addPass(createFunctionToLoopPassAdaptor(std::move(LPM)));
    FPM.addPass(InjectTLIMappings());
    FPM.addPass(LoopVectorizePass(
        LoopVectorizeOptions(/*InterleaveOnlyWhenForced=*/false,
                             /*VectorizeOnlyWhenForced=*/false)));
    FPM.addPass(InferAlignmentPass());
    FPM.addPass(SimplifyCFGPass(CFG()
                                    .forwardSwitchCondToPhi(true)
                                    .convertSwitchToLookupTable(true)
                                    .needCanonicalLoops(false)
                                    .hoistCommonInsts(true)
                                    .sinkCommonInsts(true)));
    FPM.addPass(SLPVectorizerPass());
    FPM.addPass(VectorCombinePass());
    FPM.addPass(InstCombinePass());
    FPM.addPass(LoopUnrollPass(LoopUnrollOptions(/*OptLevel=*/2)));
    FPM.addPass(createFunctionToLoopPassAdaptor(LICMPass(LICMOptions()),
                                                /*UseMemorySSA=*/true));
    FPM.addPass(InstSimplifyPass());
    FPM.addPass(DivRemPairsPass());
    FPM.addPass(TailCallElimPass());
    FPM.addPass(SimplifyCFGPass(CFG().speculateUnpredictables(true)));
    if (AlignVectorAccesses)
      FPM.addPass(AlignVectorAccessesPass());
    MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM),
                                                  /*EagerlyInvalidate=*/true));
  }
  MPM.addPass(GlobalDCEPass());
  return MPM;
}

void optimize(llvm::Module &LM, TargetMachine &TM, unsigned OptLevel) {
  tuneLLVMOptions();
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  // The standard instrumentations make --mllvm -time-passes,
  // -print-after-all and friends work as they do in opt.
  PassInstrumentationCallbacks PIC;
  StandardInstrumentations SI(LM.getContext(), /*DebugLogging=*/false);
  SI.registerCallbacks(PIC, &MAM);
  // As clang at -O2 and above: both vectorisers. PipelineTuningOptions
  // leaves the SLP vectoriser off unless asked, and it is what turns
  // neighbouring scalar loads and stores of linear memory (struct fields,
  // loops clang's wasm backend unrolled) into vector ones.
  PipelineTuningOptions PTO;
  PTO.LoopVectorization = OptLevel >= 2;
  PTO.SLPVectorization = OptLevel >= 2;
  PassBuilder PB(&TM, PTO, std::nullopt, &PIC);
  bool Explicit = LM.getNamedMetadata(ExplicitBoundsMetadata) != nullptr;
  PB.registerVectorizerStartEPCallback(
      [Explicit](FunctionPassManager &FPM, OptimizationLevel) {
        addVectorizerStartPasses(FPM, Explicit);
      });
  // After inlining and simplification, before the vectorisers and
  // HoistBoundsChecks: with explicit bounds checks, a
  // small function whose checks of its pointer parameters can be decided
  // at its entry gets a copy without them (VersionChecks.h).
  if (Explicit)
    PB.registerOptimizerEarlyEPCallback(
        [](ModulePassManager &MPM, OptimizationLevel) {
          MPM.addPass(createModuleToFunctionPassAdaptor(VersionChecksPass()));
        });
  // Last: vector accesses get the alignment their addresses' SCEVs prove,
  // which known bits could not see (AlignVectorAccesses.h).
  if (AlignVectorAccesses)
    PB.registerOptimizerLastEPCallback([](ModulePassManager &MPM,
                                          OptimizationLevel) {
      MPM.addPass(createModuleToFunctionPassAdaptor(AlignVectorAccessesPass()));
    });
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  // At every level, first: locals become registers (at -O0 too: cheap and
  // much faster code), while the checks are still markers, then the checks
  // become branches (ExpandTrapChecks.h); exceptions whose exnrefs never
  // escape are freed.
  auto AddFirstPasses = [](ModulePassManager &MPM) {
    MPM.addPass(createModuleToFunctionPassAdaptor(PromotePass()));
    MPM.addPass(ExpandTrapChecksPass());
    MPM.addPass(UnpinExnRefsPass());
  };
  if (OptLevel == 0 || OptLevel == 2) {
    ModulePassManager MPM;
    AddFirstPasses(MPM);
    if (OptLevel == 2)
      MPM.addPass(buildWasmO2Pipeline(Explicit));
    MPM.run(LM, MAM);
    return;
  }
  PB.registerPipelineStartEPCallback(
      [&](ModulePassManager &MPM, OptimizationLevel) { AddFirstPasses(MPM); });
  ModulePassManager MPM = PB.buildPerModuleDefaultPipeline(
      OptLevel == 1 ? OptimizationLevel::O1 : OptimizationLevel::O3);
  MPM.run(LM, MAM);
}

// The internal calling convention is tailcc: return_call needs it, and
// every function whose address escapes (into a table, to another module)
// must share one convention. On x86-64 a tailcc callee pops an aligned
// argument area (`ret $8`, and `sub $8,%rsp` after each call). A function
// that is only ever called directly from this module, and neither makes
// nor receives a tail call, can have any convention: it gets fastcc.
void relaxCallingConventions(llvm::Module &LM) {
  for (Function &F : LM) {
    if (F.isDeclaration() || !F.hasLocalLinkage() ||
        F.getCallingConv() != CallingConv::Tail)
      continue;
    bool OnlyCalled = all_of(F.uses(), [&](const Use &U) {
      auto *Call = dyn_cast<CallInst>(U.getUser());
      return Call && Call->isCallee(&U) && !Call->isTailCall() &&
             Call->getCallingConv() == CallingConv::Tail;
    });
    if (!OnlyCalled)
      continue;
    bool MakesTailCalls = any_of(instructions(F), [](const Instruction &I) {
      auto *Call = dyn_cast<CallInst>(&I);
      return Call && Call->isTailCall() &&
             Call->getCallingConv() == CallingConv::Tail;
    });
    if (MakesTailCalls)
      continue;
    F.setCallingConv(CallingConv::Fast);
    for (Use &U : F.uses())
      cast<CallInst>(U.getUser())->setCallingConv(CallingConv::Fast);
  }
}

// Whether a tailcc call passes arguments on AArch64's stack: more than 8 of
// the integer class (the instance included) or of the floating-point and
// vector class.
static bool passesStackArgsAArch64(const CallBase &CB) {
  unsigned Ints = 0, Vecs = 0;
  for (const Use &A : CB.args()) {
    Type *T = A->getType();
    if (T->isFloatingPointTy() || T->isVectorTy())
      ++Vecs;
    else
      ++Ints;
  }
  return Ints > 8 || Vecs > 8;
}

// LLVM 19's AArch64 backend may place a spill reload between a call whose
// callee pops its stack arguments (tailcc) and the stack pointer's
// readjustment after it, so that the reload reads from the wrong slot
// (the WASI suite's fd_flags_set crashed so, under qemu-aarch64). In a
// frame with a variable-sized object, frame slots are addressed from the
// frame or base pointer, which such a call leaves alone: every function
// making such a call gets one, of 0 bytes (its size hidden from the
// optimiser in an inline asm). Run after the optimiser, so that nothing
// removes it.
void keepFramesOfCalleePopCalls(llvm::Module &LM) {
  LLVMContext &C = LM.getContext();
  Type *I64 = Type::getInt64Ty(C);
  for (Function &F : LM) {
    if (F.isDeclaration())
      continue;
    bool Needs = any_of(instructions(F), [](const Instruction &I) {
      const auto *CB = dyn_cast<CallBase>(&I);
      if (!CB || CB->getCallingConv() != CallingConv::Tail ||
          !passesStackArgsAArch64(*CB))
        return false;
      // A return_call leaves the frame for good: nothing is reloaded.
      const auto *Call = dyn_cast<CallInst>(CB);
      return !(Call && Call->isTailCall() &&
               isa<ReturnInst>(Call->getNextNode()));
    });
    if (!Needs)
      continue;
    IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
    Value *Zero = B.CreateCall(InlineAsm::get(FunctionType::get(I64, false),
                                              "mov $0, xzr", "=r",
                                              /*hasSideEffects=*/false));
    AllocaInst *Dyn = B.CreateAlloca(Type::getInt8Ty(C), Zero, "frame.fixed");
    B.CreateCall(
        InlineAsm::get(FunctionType::get(Type::getVoidTy(C),
                                         {PointerType::getUnqual(C)}, false),
                       "", "r", /*hasSideEffects=*/true),
        {Dyn});
  }
}

// Target attributes on every definition, the verifier, the -O pipeline.
Error finishModule(llvm::Module &LM, TargetMachine &TM, unsigned OptLevel) {
  std::string CPU = TM.getTargetCPU().str();
  std::string Features = TM.getTargetFeatureString().str();
  for (Function &F : LM) {
    if (F.isDeclaration())
      continue;
    F.addFnAttr("target-cpu", CPU);
    if (!Features.empty())
      F.addFnAttr("target-features", Features);
    F.addFnAttr("probe-stack", "inline-asm");
  }
  std::string VerifyErrors;
  raw_string_ostream VS(VerifyErrors);
  if (verifyModule(LM, &VS))
    return createStringError(inconvertibleErrorCode(),
                             "internal error: the translated module does not "
                             "verify:\n" +
                                 VS.str());
  relaxCallingConventions(LM);
  optimize(LM, TM, OptLevel);
  if (TM.getTargetTriple().isAArch64())
    keepFramesOfCalleePopCalls(LM);
  return Error::success();
}

Error emit(llvm::Module &LM, TargetMachine &TM, EmitKind Kind,
           SmallVectorImpl<char> &Out) {
  Out.clear();
  raw_svector_ostream OS(Out);
  switch (Kind) {
  case EmitKind::LLVMIR:
    LM.print(OS, nullptr);
    return Error::success();
  case EmitKind::Bitcode:
    WriteBitcodeToFile(LM, OS);
    return Error::success();
  case EmitKind::Object:
  case EmitKind::Assembly: {
    legacy::PassManager PM;
    if (TM.addPassesToEmitFile(PM, OS, nullptr,
                               Kind == EmitKind::Object
                                   ? CodeGenFileType::ObjectFile
                                   : CodeGenFileType::AssemblyFile))
      return createStringError(inconvertibleErrorCode(),
                               "the target cannot emit this file type");
    PM.run(LM);
    return Error::success();
  }
  }
  llvm_unreachable("bad emit kind");
}

std::unique_ptr<llvm::Module> newModule(LLVMContext &Ctx, TargetMachine &TM,
                                        StringRef Name) {
  auto LM = std::make_unique<llvm::Module>(Name, Ctx);
  LM->setTargetTriple(TM.getTargetTriple().str());
  LM->setDataLayout(TM.createDataLayout());
  return LM;
}

Error compileSingle(const w2o::Module &M, const CompileOptions &Opts,
                    EmitKind Kind, SmallVectorImpl<char> &Out) {
  Expected<TargetSetup> T = createTarget(Opts);
  if (!T)
    return T.takeError();
  LLVMContext Ctx;
  // Local value names serve only the IR printed by --emit=llvm (and the
  // block comments of --emit=asm); an object is the same without them.
  Ctx.setDiscardValueNames(Kind == EmitKind::Object);
  auto LM = newModule(Ctx, *T->TM, Opts.ModuleName);
  Partition P;
  P.Begin = M.NumImportedFuncs;
  P.End = M.numFuncs();
  if (Error E = translatePartition(M, Opts, T->Facts, *LM, P))
    return E;
  if (Error E = finishModule(*LM, *T->TM, Opts.OptLevel))
    return E;
  return emit(*LM, *T->TM, Kind, Out);
}

// Consecutive ranges of defined functions with about equal code size.
std::vector<Partition> partitionFunctions(const w2o::Module &M,
                                          unsigned Count) {
  uint64_t Total = 0;
  for (const FunctionBody &B : M.Bodies)
    Total += B.Bytes.size();
  std::vector<Partition> Parts;
  uint64_t Target = (Total + Count - 1) / Count, Acc = 0;
  Partition Cur;
  Cur.Shared = true;
  Cur.ModuleParts = false;
  Cur.Begin = M.NumImportedFuncs;
  for (uint32_t I = 0; I < M.Bodies.size(); ++I) {
    Acc += M.Bodies[I].Bytes.size();
    if (Acc >= Target && Parts.size() + 1 < Count) {
      Cur.End = M.NumImportedFuncs + I + 1;
      Parts.push_back(Cur);
      Cur.Begin = Cur.End;
      Acc = 0;
    }
  }
  Cur.End = M.numFuncs();
  if (Cur.End > Cur.Begin)
    Parts.push_back(Cur);
  // The module-level parts get a partition of their own.
  Partition Meta;
  Meta.Begin = Meta.End = M.numFuncs();
  Meta.Shared = true;
  Meta.ModuleParts = true;
  Parts.push_back(Meta);
  return Parts;
}

struct PartitionJob {
  Partition P;
  std::unique_ptr<LLVMContext> Ctx;
  std::unique_ptr<llvm::Module> LM;
  std::unique_ptr<TargetMachine> TM;
  TargetFacts Facts;
  std::vector<uint32_t> ExternalRefs;
  std::optional<Error> Err;
  PackedObject Object; ///< compressed as it waits for the merge
};

// The first error in partition order, which is module order; the others
// are dropped.
Error takeFirstError(std::vector<PartitionJob> &Jobs) {
  Error First = Error::success();
  for (PartitionJob &J : Jobs) {
    if (!J.Err)
      continue;
    if (First)
      consumeError(std::move(*J.Err));
    else
      First = std::move(*J.Err);
    J.Err.reset();
  }
  return First;
}

Error compilePartitioned(const w2o::Module &M, const CompileOptions &Opts,
                         unsigned Count, OutputSink &Out) {
  std::vector<PartitionJob> Jobs;
  for (const Partition &P : partitionFunctions(M, Count)) {
    PartitionJob J;
    J.P = P;
    Jobs.push_back(std::move(J));
  }
  unsigned Threads = std::min<unsigned>(
      hardware_concurrency(Opts.Jobs).compute_thread_count(), Jobs.size());
  DefaultThreadPool Pool(hardware_concurrency(Threads));
  // With more partitions than threads, a partition's IR is thrown away
  // after phase 1 and translated again in phase 2, so that only the
  // partitions in flight are IR. Translating is a small part of the time
  // (about 1 s of the 6 MB module's 61 s at -j1), and cheaper than
  // keeping the IR as bitcode, which was 16 MB for that module.
  bool Retranslate = Jobs.size() > Threads;
  auto Translate = [&M, &Opts](PartitionJob &J,
                               std::vector<uint32_t> *ExternalRefs) {
    Expected<TargetSetup> T = createTarget(Opts);
    if (!T) {
      J.Err = T.takeError();
      return;
    }
    J.TM = std::move(T->TM);
    J.Facts = T->Facts;
    J.Ctx = std::make_unique<LLVMContext>();
    J.Ctx->setDiscardValueNames(true); // partitions are only ever objects
    J.LM = newModule(*J.Ctx, *J.TM,
                     Opts.ModuleName + ".part" + std::to_string(J.P.Begin));
    J.Err = translatePartition(M, Opts, J.Facts, *J.LM, J.P, ExternalRefs);
  };

  // Phase 1: translate, for the errors and the references.
  for (PartitionJob &J : Jobs)
    Pool.async([&J, &Translate, Retranslate] {
      Translate(J, &J.ExternalRefs);
      if (Retranslate) {
        J.LM.reset();
        J.Ctx.reset();
        J.TM.reset();
      }
    });
  Pool.wait();
  if (Error E = takeFirstError(Jobs))
    return E;
  releaseFreeMemory();

  // Functions referred to from another partition stay external; the others
  // become internal when the partition is optimised.
  BitVector Shared(M.numFuncs());
  for (PartitionJob &J : Jobs)
    for (uint32_t F : J.ExternalRefs)
      Shared.set(F);

  // Bodies of the partitions done in phase 2, up to the first not done,
  // are read no more: BodiesDone hears of them (from the first body on, so
  // that the pages a later partition mapped again are included).
  std::mutex DoneMutex;
  std::vector<bool> Done(Jobs.size());
  size_t FirstNotDone = 0;
  const uint8_t *Reported = nullptr;
  auto Finished = [&](size_t K) {
    if (!Opts.BodiesDone)
      return;
    std::lock_guard<std::mutex> Lock(DoneMutex);
    Done[K] = true;
    size_t Before = FirstNotDone;
    while (FirstNotDone < Jobs.size() && Done[FirstNotDone])
      ++FirstNotDone;
    if (FirstNotDone == Before || M.Bodies.empty())
      return;
    const uint8_t *Begin = M.Bodies.front().Bytes.data();
    const uint8_t *End = M.Bodies.back().Bytes.end();
    if (FirstNotDone < Jobs.size() &&
        Jobs[FirstNotDone].P.Begin < Jobs[FirstNotDone].P.End)
      End = M.Bodies[Jobs[FirstNotDone].P.Begin - M.NumImportedFuncs]
                .Bytes.data();
    if (Begin < End && End > Reported) {
      Reported = End;
      Opts.BodiesDone(ArrayRef<uint8_t>(Begin, End));
    }
  };

  // Phase 2: optimise and emit.
  for (size_t K = 0; K != Jobs.size(); ++K)
    Pool.async([K, &J = Jobs[K], &M, &Opts, &Shared, &Translate, &Finished] {
      if (!J.LM) {
        Translate(J, nullptr);
        if (*J.Err)
          return;
      }
      for (uint32_t I = J.P.Begin; I < J.P.End; ++I) {
        if (Shared.test(I))
          continue;
        Function *F = J.LM->getFunction(functionSymbol(M, Opts.ModuleName, I));
        if (F && !F->isDeclaration()) {
          F->setLinkage(GlobalValue::InternalLinkage);
          F->setVisibility(GlobalValue::DefaultVisibility);
        }
      }
      if (Error E = finishModule(*J.LM, *J.TM, Opts.OptLevel)) {
        J.Err = std::move(E);
        return;
      }
      SmallVector<char, 0> Object;
      J.Err = emit(*J.LM, *J.TM, EmitKind::Object, Object);
      J.LM.reset();
      J.Ctx.reset();
      J.TM.reset();
      if (!*J.Err)
        J.Object = packObject(std::move(Object));
      // The partition's IR and machine code are freed: give the pages
      // back, or each thread's heap keeps the most any partition needed
      // (3 MiB less peak at -j2 for the 6 MB module, for 0.7 s more
      // system time in about 55 s of CPU time).
      releaseFreeMemory();
      Finished(K);
    });
  Pool.wait();
  if (Error E = takeFirstError(Jobs))
    return E;

  releaseFreeMemory();
  std::vector<PackedObject> Objects;
  Objects.reserve(Jobs.size());
  for (PartitionJob &J : Jobs)
    Objects.push_back(std::move(J.Object));
  Jobs.clear();
  return mergeObjects(Objects, Out);
}

/// The number of partitions M is compiled in: 0 for a single module.
unsigned partitionCount(const w2o::Module &M, const CompileOptions &Opts,
                        EmitKind Kind) {
  uint64_t CodeBytes = 0;
  for (const FunctionBody &B : M.Bodies)
    CodeBytes += B.Bytes.size();
  // Code bytes per partition (CompileOptions::PartitionBytes, 64 KiB). The
  // partitioning depends on the module alone, never on -j, so the object
  // file is the same whatever the number of threads. Smaller partitions
  // balance the threads better and lower the peak memory (only the
  // partitions in flight are IR); larger ones keep more calls inside a
  // partition, where they can be inlined.
  uint64_t Count = CodeBytes / std::max<uint64_t>(1, Opts.PartitionBytes);
  Triple TT(Opts.Triple.empty() ? sys::getDefaultTargetTriple()
                                : Triple::normalize(Opts.Triple));
  if (Kind != EmitKind::Object || Count < 2 || !TT.isOSBinFormatELF())
    return 0;
  return Count;
}

} // namespace

Error w2o::compileModule(const w2o::Module &M, const CompileOptions &Opts,
                         EmitKind Kind, SmallVectorImpl<char> &Out) {
  if (unsigned Count = partitionCount(M, Opts, Kind))
    return compilePartitioned(M, Opts, Count, *bufferSink(Out));
  return compileSingle(M, Opts, Kind, Out);
}

Error w2o::compileModule(const w2o::Module &M, const CompileOptions &Opts,
                         EmitKind Kind, OutputSink &Out) {
  if (unsigned Count = partitionCount(M, Opts, Kind))
    return compilePartitioned(M, Opts, Count, Out);
  SmallVector<char, 0> Bytes;
  if (Error E = compileSingle(M, Opts, Kind, Bytes))
    return E;
  if (Error E = Out.begin(Bytes.size()))
    return E;
  return Out.write(0, Bytes);
}
