//===- MergeObjects.h - one relocatable ELF object from several -*- C++ -*-===//
//
// The partitions of a large module are compiled to relocatable objects of
// their own (Codegen.cpp); mergeObjects() turns them into the one object
// wasm2obj writes, in memory, with less memory than `ld -r` in-process
// (which held the inputs, its output and a copy of it at once):
//
//  - every section of every input is kept as it is, under its own name (an
//    object may hold several ".text"), so a linker sees the same input
//    sections as it would from the separate objects; relocation sections
//    point at their section's and the symbol table's new indices;
//  - except .eh_frame, whose parts are concatenated into one (its records
//    are self-contained: an FDE finds its CIE at an offset back from
//    itself), with their relocations: LLVM's JITLink, unlike linkers,
//    cannot take several in one object;
//  - local symbols are kept, input by input; global and weak ones are
//    merged by name: a definition satisfies the other inputs' undefined
//    references, a strong definition replaces a weak one, and the most
//    constraining visibility wins, as in a link; two strong definitions
//    of one name are an error;
//  - of COMDAT groups with one signature (DW.ref.<personality> in each
//    partition with a landing pad), the first is kept and the others are
//    dropped with their members, as a linker does;
//  - symbol tables, string tables and the address-significance tables
//    (.llvm_addrsig, optional) are not copied; one symbol table, its
//    string table and the section-name table are built anew; an empty
//    .note.GNU-stack is kept once;
//  - more than 65,279 sections use ELF's extended numbering
//    (SHT_SYMTAB_SHNDX, e_shnum 0), as LLVM's writer does.
//
// Inputs are little-endian ELF64 (RELA) or ELF32 (REL or RELA) relocatable
// objects for one machine, as the partitions are, each possibly zstd
// compressed (PackedObject), then unpacked once per pass. The output is
// sized before it is written, then written into place (OutputSink, in
// Compiler.h): into memory, whose pages are touched only as they are
// filled, or into the output file, so that it is never whole in memory;
// each input is freed as soon as it has been copied.
//
//===----------------------------------------------------------------------===//

#ifndef WASM2OBJ_MERGEOBJECTS_H
#define WASM2OBJ_MERGEOBJECTS_H

#include "Compiler.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

namespace w2o {

/// An input of the merge as it waits for it: the object, or, when Size is
/// not 0, its zstd compression and Size its size. Objects compress about
/// threefold (the 6 MB generated module's partitions, 15 MB of objects,
/// are 5 MB so), and a large module's partitions wait for the merge
/// while the others are compiled.
struct PackedObject {
  llvm::SmallVector<char, 0> Bytes;
  size_t Size = 0;
};

/// Object, compressed if LLVM was built with zstd (else as it is).
PackedObject packObject(llvm::SmallVector<char, 0> Object);

/// Merges the relocatable objects in Objects (emptied as they are used)
/// into Out. Errors other than Out's are internal errors: the inputs come
/// from our code generator.
llvm::Error mergeObjects(llvm::MutableArrayRef<PackedObject> Objects,
                         OutputSink &Out);

/// mergeObjects() into memory.
llvm::Error mergeObjects(llvm::MutableArrayRef<PackedObject> Objects,
                         llvm::SmallVectorImpl<char> &Out);

/// Gives the memory the allocator holds free back to the system (glibc
/// keeps freed blocks in its heaps otherwise, and each thread has its
/// own): the merge calls it as it frees its inputs, and partitioned code
/// generation between its phases.
void releaseFreeMemory();

} // namespace w2o

#endif
