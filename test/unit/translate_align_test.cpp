//===- translate_align_test.cpp - vector accesses aligned by SCEV ---------===//
//
// AlignVectorAccessesPass on the address shape of a vectorised stencil
// (jacobi2d's): the page-aligned memory base plus the zero extension of
// (index << 3) - 7984 + row + C, index stepping by 2 and row by 8000.
// Known bits stop six operands deep, short of the index; SCEV sees that
// the offset is a multiple of 16 for C = 19664 and only of 8 for
// C = 19672, and a scalar access keeps its alignment.
//
//===----------------------------------------------------------------------===//

#include "AlignVectorAccesses.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/SourceMgr.h"
#include <catch2/catch.hpp>

using namespace llvm;

namespace {

constexpr const char *StencilIR = R"(
define void @f(ptr %instance, i32 %rows) {
entry:
  %base = load ptr, ptr %instance, align 8, !align !0
  br label %row

row:
  %r = phi i32 [ 0, %entry ], [ %r.next, %row.end ]
  %rowoff = phi i32 [ 0, %entry ], [ %rowoff.next, %row.end ]
  br label %body

body:
  %index = phi i32 [ 0, %row ], [ %index.next, %body ]
  %shl = shl i32 %index, 3
  %off = add i32 %shl, -7984
  %at = add nsw i32 %off, %rowoff
  %a16 = add nsw i32 %at, 19664
  %z16 = zext i32 %a16 to i64
  %p16 = getelementptr i8, ptr %base, i64 %z16
  %v16 = load <2 x double>, ptr %p16, align 1
  %a8 = add nsw i32 %at, 19672
  %z8 = zext i32 %a8 to i64
  %p8 = getelementptr i8, ptr %base, i64 %z8
  %v8 = load <2 x double>, ptr %p8, align 1
  %s = fadd <2 x double> %v16, %v8
  store <2 x double> %s, ptr %p16, align 1
  %scalar = load double, ptr %p16, align 1
  %index.next = add nuw i32 %index, 2
  %done = icmp eq i32 %index.next, 998
  br i1 %done, label %row.end, label %body

row.end:
  %r.next = add i32 %r, 1
  %rowoff.next = add i32 %rowoff, 8000
  %rows.done = icmp eq i32 %r.next, %rows
  br i1 %rows.done, label %exit, label %row

exit:
  ret void
}
!0 = !{i64 4096}
)";

} // namespace

TEST_CASE("vector accesses get the alignment SCEV proves", "[translate]") {
  LLVMContext Ctx;
  SMDiagnostic Diag;
  std::unique_ptr<Module> M = parseAssemblyString(StencilIR, Diag, Ctx);
  INFO(Diag.getMessage().str());
  REQUIRE(M);
  Function &F = *M->getFunction("f");
  auto Align = [&](StringRef Name) -> uint64_t {
    for (Instruction &I : instructions(F)) {
      if (auto *LI = dyn_cast<LoadInst>(&I); LI && LI->getName() == Name)
        return LI->getAlign().value();
      if (auto *SI = dyn_cast<StoreInst>(&I); SI && Name == "store")
        return SI->getAlign().value();
    }
    FAIL("no access " << Name.str());
    return 0;
  };
  REQUIRE(Align("v16") == 1);

  PassBuilder PB;
  FunctionAnalysisManager FAM;
  PB.registerFunctionAnalyses(FAM);
  w2o::AlignVectorAccessesPass().run(F, FAM);

  CHECK(Align("v16") == 16);
  CHECK(Align("store") == 16);
  CHECK(Align("v8") == 8);
  CHECK(Align("scalar") == 1);
}
