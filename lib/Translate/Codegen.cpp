//===- Codegen.cpp - optimisation pipeline and object emission ------------===//
//
// Target selection (triple, CPU, features), LLVM's standard -O pipeline on
// the translated module, and emission as an object file, assembly, IR or
// bitcode. The output is produced in memory; the caller writes it.
//
//===----------------------------------------------------------------------===//

#include "Compiler.h"
#include "ModuleTranslator.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/Mem2Reg.h"
#include <mutex>

using namespace w2o;
using namespace llvm;

void w2o::initializeLLVMTargets() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    InitializeAllAsmParsers();
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
  if (TT.isX86())
    Result.Facts.HasRoundingInstrs = STI->checkFeatures("+sse4.1");
  else if (TT.isAArch64())
    Result.Facts.HasRoundingInstrs = true;
  if (Opts.Bounds == BoundsChecks::Guard && !Result.Facts.Is64Bit)
    return createStringError(inconvertibleErrorCode(),
                             "--bounds-checks=guard needs a 64-bit target");
  Result.Facts.GuardPages =
      Result.Facts.Is64Bit && Opts.Bounds != BoundsChecks::Explicit;
  Result.TM = std::move(TM);
  return Result;
}

void optimize(llvm::Module &LM, TargetMachine &TM, unsigned OptLevel) {
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PassBuilder PB(&TM);
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  if (OptLevel == 0) {
    // Even at -O0, locals become registers: cheap and much faster code.
    FunctionPassManager FPM;
    FPM.addPass(PromotePass());
    ModulePassManager MPM;
    MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
    MPM.run(LM, MAM);
    return;
  }
  OptimizationLevel Level = OptLevel == 1   ? OptimizationLevel::O1
                            : OptLevel == 2 ? OptimizationLevel::O2
                                            : OptimizationLevel::O3;
  ModulePassManager MPM = PB.buildPerModuleDefaultPipeline(Level);
  MPM.run(LM, MAM);
}

} // namespace

Error w2o::compileModule(const Module &M, const CompileOptions &Opts,
                         EmitKind Kind, SmallVectorImpl<char> &Out) {
  Expected<TargetSetup> T = createTarget(Opts);
  if (!T)
    return T.takeError();
  LLVMContext Ctx;
  llvm::Module LM(Opts.ModuleName, Ctx);
  LM.setTargetTriple(T->TM->getTargetTriple().str());
  LM.setDataLayout(T->TM->createDataLayout());
  if (Error E = translateModule(M, Opts, T->Facts, LM))
    return E;
  std::string CPU = T->TM->getTargetCPU().str();
  std::string Features = T->TM->getTargetFeatureString().str();
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
  optimize(LM, *T->TM, Opts.OptLevel);

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
    if (T->TM->addPassesToEmitFile(PM, OS, nullptr,
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
