//===- MergeObjects.cpp - one relocatable ELF object from several ---------===//
//
// See MergeObjects.h. Two passes over the inputs: the first decides which
// sections are kept and where every symbol goes (locals first, then the
// merged globals, as ELF wants), which fixes the output's layout; the
// second copies each input's sections into place, renumbers the symbols of
// its relocations, and frees the input.
//
//===----------------------------------------------------------------------===//

#include "MergeObjects.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/MathExtras.h"
#include <cerrno>
#include <cstring>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace llvm;

namespace {

Error mergeError(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(),
                           "internal error: merging the partitions: " + Msg);
}

/// The bytes of O: O's own, or decompressed into Buf.
Expected<StringRef> unpack(const w2o::PackedObject &O,
                           SmallVectorImpl<uint8_t> &Buf) {
  if (!O.Size)
    return StringRef(O.Bytes.data(), O.Bytes.size());
  Buf.clear();
  if (Error E = compression::zstd::decompress(
          arrayRefFromStringRef(StringRef(O.Bytes.data(), O.Bytes.size())), Buf,
          O.Size))
    return mergeError("cannot decompress a partition: " +
                      toString(std::move(E)));
  if (Buf.size() != O.Size)
    return mergeError("a compressed partition has the wrong size");
  return toStringRef(Buf);
}

/// The bytes of a contiguous container (or of one object), as written.
template <class T> ArrayRef<char> bytesOf(const T &V) {
  return ArrayRef<char>(reinterpret_cast<const char *>(V.data()),
                        V.size() * sizeof(*V.data()));
}

/// A string table being built: each distinct string once.
class StringTable {
public:
  StringTable() : Data(1, '\0') {}
  uint32_t add(StringRef S) {
    if (S.empty())
      return 0;
    auto [It, New] = Offsets.try_emplace(S, Data.size());
    if (New) {
      Data.append(S.begin(), S.end());
      Data.push_back('\0');
    }
    return It->second;
  }
  const std::string &data() const { return Data; }

private:
  std::string Data;
  StringMap<uint32_t> Offsets;
};

template <class ELFT> class Merger {
  LLVM_ELF_IMPORT_TYPES_ELFT(ELFT)

  /// A symbol of the output. Shndx is an output section index (0:
  /// undefined), or with Reserved a reserved one (SHN_ABS, SHN_COMMON),
  /// which a section index past 0xff00 could equal.
  struct OutSymbol {
    uint32_t Name = 0; ///< in Strtab
    uint8_t Info = 0, Other = 0;
    bool Reserved = false;
    uint32_t Shndx = 0;
    uint64_t Value = 0, Size = 0;
  };

  /// A section of the output (a kept input section, or the parts of
  /// .eh_frame or its relocations).
  struct OutSection {
    Elf_Shdr Hdr; ///< the input's header, then the output's
  };

  /// Per input: output section index of each input section (0: dropped),
  /// and output symbol of each input symbol (locals as 1 + their number
  /// among the locals; globals tagged with GlobalTag, then resolved).
  struct InputMap {
    std::vector<uint32_t> Sections;
    std::vector<uint32_t> Symbols;
    std::vector<bool> Discarded; ///< in a COMDAT group already kept
    /// Where the section starts in its output section (not 0 only for the
    /// later parts of .eh_frame and its relocations).
    std::vector<uint64_t> Offsets;
  };
  static constexpr uint32_t GlobalTag = 1u << 31;
  static constexpr uint32_t DroppedTag = 1u << 30; ///< a discarded local

  MutableArrayRef<w2o::PackedObject> Objects;
  SmallVector<uint8_t, 0> Unpacked; // the input being read, if compressed
  std::vector<InputMap> Maps;
  std::vector<OutSection> Sections; // output index I + 1 is Sections[I]
  std::vector<OutSymbol> Locals, Globals;
  StringMap<uint32_t> GlobalByName; // name -> index in Globals
  StringMap<bool> GroupSignatures;  // COMDAT groups kept
  StringTable Strtab, Shstrtab;
  Elf_Ehdr Header;
  bool HaveStackNote = false;
  uint32_t EhFrame = 0, EhFrameRel = 0; // the output's, once there is one
  uint64_t Freed = 0; // input bytes freed since the last release
  static constexpr uint64_t ReleaseEvery = 4 << 20;

public:
  explicit Merger(MutableArrayRef<w2o::PackedObject> Objects)
      : Objects(Objects) {}

  Error run(w2o::OutputSink &Out);

private:
  /// An input, read, and its section headers.
  struct Input {
    object::ELFFile<ELFT> Obj;
    Elf_Shdr_Range Shdrs;
  };

  /// Input I, unpacked (into Unpacked, valid until the next call).
  Expected<Input> parse(uint32_t I) {
    Expected<StringRef> Bytes = unpack(Objects[I], Unpacked);
    if (!Bytes)
      return Bytes.takeError();
    auto Obj = object::ELFFile<ELFT>::create(*Bytes);
    if (!Obj)
      return Obj.takeError();
    const Elf_Ehdr &H = Obj->getHeader();
    if (H.e_type != ELF::ET_REL)
      return mergeError("partition " + Twine(I) + " is not relocatable");
    if (I == 0)
      Header = H;
    else if (H.e_ident[ELF::EI_CLASS] != Header.e_ident[ELF::EI_CLASS] ||
             H.e_ident[ELF::EI_DATA] != Header.e_ident[ELF::EI_DATA] ||
             H.e_machine != Header.e_machine || H.e_flags != Header.e_flags)
      return mergeError("partition " + Twine(I) + " is for another machine");
    auto Shdrs = Obj->sections();
    if (!Shdrs)
      return Shdrs.takeError();
    return Input{std::move(*Obj), *Shdrs};
  }

  Error scanGroups(uint32_t I, const object::ELFFile<ELFT> &Obj,
                   Elf_Shdr_Range Shdrs);
  Error scanSections(uint32_t I, const object::ELFFile<ELFT> &Obj,
                     Elf_Shdr_Range Shdrs);
  Error scanSymbols(uint32_t I, const object::ELFFile<ELFT> &Obj,
                    Elf_Shdr_Range Shdrs);
  Error addGlobal(StringRef Name, OutSymbol S, uint32_t &Slot);
  Error copyInput(uint32_t I, w2o::OutputSink &Out, ArrayRef<uint64_t> Offsets,
                  uint32_t SymtabIndex);
};

// COMDAT groups (the DW.ref.<personality> word of every partition with a
// landing pad is one): the first group of each signature is kept, later
// ones are discarded with their members, as a linker does.
template <class ELFT>
Error Merger<ELFT>::scanGroups(uint32_t I, const object::ELFFile<ELFT> &Obj,
                               Elf_Shdr_Range Shdrs) {
  InputMap &Map = Maps[I];
  Map.Discarded.assign(Shdrs.size(), false);
  for (uint32_t J = 1; J < Shdrs.size(); ++J) {
    const Elf_Shdr &S = Shdrs[J];
    if (S.sh_type != ELF::SHT_GROUP)
      continue;
    if (S.sh_link >= Shdrs.size())
      return mergeError("a section group without a symbol table");
    const Elf_Shdr &Symtab = Shdrs[S.sh_link];
    auto Syms = Obj.symbols(&Symtab);
    if (!Syms)
      return Syms.takeError();
    auto Names = Obj.getStringTableForSymtab(Symtab, Shdrs);
    if (!Names)
      return Names.takeError();
    if (S.sh_info == 0 || S.sh_info >= Syms->size())
      return mergeError("a section group without a signature");
    Expected<StringRef> Sig = (*Syms)[S.sh_info].getName(*Names);
    if (!Sig)
      return Sig.takeError();
    auto Words = Obj.template getSectionContentsAsArray<Elf_Word>(S);
    if (!Words)
      return Words.takeError();
    if (Words->empty() || !((*Words)[0] & ELF::GRP_COMDAT) || Sig->empty())
      return mergeError("a section group that is not a COMDAT group");
    if (GroupSignatures.try_emplace(*Sig, true).second)
      continue;
    Map.Discarded[J] = true;
    for (Elf_Word M : Words->drop_front()) {
      if (M == 0 || M >= Shdrs.size())
        return mergeError("a section group with a bad member");
      Map.Discarded[M] = true;
    }
  }
  return Error::success();
}

template <class ELFT>
Error Merger<ELFT>::scanSections(uint32_t I, const object::ELFFile<ELFT> &Obj,
                                 Elf_Shdr_Range Shdrs) {
  if (Error E = scanGroups(I, Obj, Shdrs))
    return E;
  InputMap &Map = Maps[I];
  Map.Sections.assign(Shdrs.size(), 0);
  Map.Offsets.assign(Shdrs.size(), 0);
  const size_t FirstOfInput = Sections.size();
  // Appends input section J to output section Out (1-based) at the next
  // multiple of its alignment.
  auto Append = [&](uint32_t J, uint32_t Out) {
    const Elf_Shdr &In = Shdrs[J];
    Elf_Shdr &H = Sections[Out - 1].Hdr;
    uint64_t Align = std::max<uint64_t>(1, In.sh_addralign);
    Map.Offsets[J] = alignTo(H.sh_size, Align);
    H.sh_size = Map.Offsets[J] + In.sh_size;
    H.sh_addralign = std::max<uint64_t>(H.sh_addralign, Align);
    Map.Sections[J] = Out;
  };
  // Sections with data first, so that relocation sections (which may come
  // before their target in principle) find their target's new index.
  for (uint32_t J = 1; J < Shdrs.size(); ++J) {
    const Elf_Shdr &S = Shdrs[J];
    if (Map.Discarded[J])
      continue;
    switch (S.sh_type) {
    case ELF::SHT_SYMTAB:
    case ELF::SHT_STRTAB:
    case ELF::SHT_SYMTAB_SHNDX:
    case ELF::SHT_LLVM_ADDRSIG:
    case ELF::SHT_REL:
    case ELF::SHT_RELA:
      continue;
    default:
      break;
    }
    Expected<StringRef> Name = Obj.getSectionName(S);
    if (!Name)
      return Name.takeError();
    if (*Name == ".note.GNU-stack" && S.sh_size == 0) {
      if (HaveStackNote)
        continue;
      HaveStackNote = true;
    }
    if (S.sh_link != 0 && S.sh_type != ELF::SHT_GROUP &&
        !(S.sh_flags & ELF::SHF_LINK_ORDER))
      return mergeError("section " + *Name + " links to another section");
    // One .eh_frame: its records are self-contained (an FDE finds its CIE
    // at an offset back from itself), so the parts can be concatenated;
    // JITLink, unlike linkers, cannot take several in one object.
    bool IsEhFrame = *Name == ".eh_frame" && !(S.sh_flags & ELF::SHF_GROUP);
    if (IsEhFrame && EhFrame) {
      const Elf_Shdr &H = Sections[EhFrame - 1].Hdr;
      if (H.sh_type != S.sh_type || H.sh_flags != S.sh_flags)
        return mergeError("two kinds of .eh_frame");
      Append(J, EhFrame);
      continue;
    }
    Sections.push_back({S});
    if (IsEhFrame)
      EhFrame = Sections.size();
    Sections.back().Hdr.sh_name = Shstrtab.add(*Name);
    Map.Sections[J] = Sections.size();
  }
  for (uint32_t J = 1; J < Shdrs.size(); ++J) {
    const Elf_Shdr &S = Shdrs[J];
    if ((S.sh_type != ELF::SHT_REL && S.sh_type != ELF::SHT_RELA) ||
        Map.Discarded[J])
      continue;
    if (S.sh_info >= Shdrs.size() || !Map.Sections[S.sh_info])
      continue; // relocates a section that is not kept
    bool OfEhFrame = EhFrame && Map.Sections[S.sh_info] == EhFrame;
    if (OfEhFrame && EhFrameRel) {
      if (Sections[EhFrameRel - 1].Hdr.sh_type != S.sh_type)
        return mergeError("two kinds of .eh_frame relocations");
      Append(J, EhFrameRel);
      continue;
    }
    Expected<StringRef> Name = Obj.getSectionName(S);
    if (!Name)
      return Name.takeError();
    Sections.push_back({S});
    Sections.back().Hdr.sh_name = Shstrtab.add(*Name);
    Sections.back().Hdr.sh_info = Map.Sections[S.sh_info];
    Map.Sections[J] = Sections.size();
    if (OfEhFrame)
      EhFrameRel = Sections.size();
  }
  // Sections ordered after another (SHF_LINK_ORDER) follow it.
  for (OutSection &S : MutableArrayRef(Sections).drop_front(FirstOfInput))
    if (S.Hdr.sh_flags & ELF::SHF_LINK_ORDER) {
      uint32_t To = S.Hdr.sh_link;
      if (To >= Shdrs.size() || !Map.Sections[To])
        return mergeError("a section is ordered after a dropped one");
      S.Hdr.sh_link = Map.Sections[To];
    }
  return Error::success();
}

template <class ELFT>
Error Merger<ELFT>::addGlobal(StringRef Name, OutSymbol S, uint32_t &Slot) {
  auto [It, New] = GlobalByName.try_emplace(Name, Globals.size());
  Slot = GlobalTag | It->second;
  if (New) {
    S.Name = Strtab.add(Name);
    Globals.push_back(S);
    return Error::success();
  }
  OutSymbol &G = Globals[It->second];
  // Visibility: the most constraining of the two (internal, hidden,
  // protected, then default).
  auto Rank = [](uint8_t V) { return V == ELF::STV_DEFAULT ? 4 : V; };
  uint8_t VG = G.Other & 3, VS = S.Other & 3;
  uint8_t Vis = Rank(VS) < Rank(VG) ? VS : VG;
  uint8_t BindG = G.Info >> 4, BindS = S.Info >> 4;
  bool DefG = G.Reserved || G.Shndx != ELF::SHN_UNDEF;
  bool DefS = S.Reserved || S.Shndx != ELF::SHN_UNDEF;
  if (DefS && DefG) {
    if (BindG != ELF::STB_WEAK && BindS != ELF::STB_WEAK)
      return mergeError("symbol " + Name + " is defined twice");
    if (BindG == ELF::STB_WEAK && BindS != ELF::STB_WEAK)
      DefG = false; // the strong definition replaces the weak one
  }
  if (DefS && !DefG) {
    uint32_t NameOff = G.Name;
    G = S;
    G.Name = NameOff;
  } else if (!DefS && !DefG && BindS == ELF::STB_GLOBAL) {
    G.Info = (ELF::STB_GLOBAL << 4) | (G.Info & 0xf);
  }
  G.Other = (G.Other & ~3) | Vis;
  return Error::success();
}

template <class ELFT>
Error Merger<ELFT>::scanSymbols(uint32_t I, const object::ELFFile<ELFT> &Obj,
                                Elf_Shdr_Range Shdrs) {
  const Elf_Shdr *Symtab = nullptr;
  ArrayRef<Elf_Word> Shndx;
  for (const Elf_Shdr &S : Shdrs) {
    if (S.sh_type == ELF::SHT_SYMTAB) {
      if (Symtab)
        return mergeError("two symbol tables");
      Symtab = &S;
    }
  }
  InputMap &Map = Maps[I];
  if (!Symtab)
    return Error::success();
  for (const Elf_Shdr &S : Shdrs)
    if (S.sh_type == ELF::SHT_SYMTAB_SHNDX) {
      auto T = Obj.getSHNDXTable(S, Shdrs);
      if (!T)
        return T.takeError();
      Shndx = *T;
    }
  auto Syms = Obj.symbols(Symtab);
  if (!Syms)
    return Syms.takeError();
  auto Names = Obj.getStringTableForSymtab(*Symtab, Shdrs);
  if (!Names)
    return Names.takeError();
  Map.Symbols.assign(Syms->size(), 0);
  for (uint32_t K = 1; K < Syms->size(); ++K) {
    const Elf_Sym &Sym = (*Syms)[K];
    Expected<StringRef> Name = Sym.getName(*Names);
    if (!Name)
      return Name.takeError();
    OutSymbol S;
    S.Info = Sym.st_info;
    S.Other = Sym.st_other;
    S.Value = Sym.st_value;
    S.Size = Sym.st_size;
    uint32_t In = Sym.st_shndx;
    if (In == ELF::SHN_XINDEX) {
      if (K >= Shndx.size())
        return mergeError("a symbol's extended section index is missing");
      In = Shndx[K];
    } else if (In >= ELF::SHN_LORESERVE) {
      S.Shndx = In; // SHN_ABS, SHN_COMMON: as they are
      S.Reserved = true;
      In = ELF::SHN_UNDEF;
    }
    bool Local = Sym.getBinding() == ELF::STB_LOCAL;
    if (In != ELF::SHN_UNDEF && In < Map.Discarded.size() &&
        Map.Discarded[In]) {
      // Defined in a discarded group: a global refers to the kept
      // group's definition; a local may not be used.
      if (Local) {
        Map.Symbols[K] = DroppedTag;
        continue;
      }
      In = ELF::SHN_UNDEF;
      S.Value = S.Size = 0;
    }
    if (In != ELF::SHN_UNDEF) {
      if (In >= Map.Sections.size() || !Map.Sections[In])
        return mergeError("symbol " + *Name + " is in a dropped section");
      S.Shndx = Map.Sections[In];
      if (uint64_t Off = Map.Offsets[In]) {
        // In a later part of a concatenated section: its value moves; a
        // section symbol would need every addend changed, and none is used.
        if (Sym.getType() == ELF::STT_SECTION) {
          Map.Symbols[K] = DroppedTag;
          continue;
        }
        S.Value += Off;
      }
    }
    if (Local) {
      S.Name = Strtab.add(*Name);
      Locals.push_back(S);
      Map.Symbols[K] = Locals.size(); // 1 + its number among the locals
    } else if (Error E = addGlobal(*Name, S, Map.Symbols[K])) {
      return E;
    }
  }
  return Error::success();
}

template <class ELFT>
Error Merger<ELFT>::copyInput(uint32_t I, w2o::OutputSink &Out,
                              ArrayRef<uint64_t> Offsets,
                              uint32_t SymtabIndex) {
  Expected<Input> P = parse(I);
  if (!P)
    return P.takeError();
  const object::ELFFile<ELFT> &Obj = P->Obj;
  Elf_Shdr_Range Shdrs = P->Shdrs;
  const InputMap &Map = Maps[I];
  auto NewSymbol = [&](uint32_t Old) -> Expected<uint32_t> {
    if (Old == 0)
      return 0;
    if (Old >= Map.Symbols.size())
      return mergeError("a relocation names no symbol");
    uint32_t S = Map.Symbols[Old];
    if (S == DroppedTag)
      return mergeError("a relocation names a discarded symbol");
    return S & GlobalTag ? 1 + Locals.size() + (S & ~GlobalTag) : S;
  };
  for (uint32_t J = 1; J < Shdrs.size(); ++J) {
    uint32_t OutIndex = Map.Sections[J];
    if (!OutIndex)
      continue;
    OutSection &S = Sections[OutIndex - 1];
    S.Hdr.sh_offset = Offsets[OutIndex - 1];
    if (S.Hdr.sh_type == ELF::SHT_NOBITS)
      continue;
    const Elf_Shdr &In = Shdrs[J];
    auto Data = Obj.getSectionContents(In);
    if (!Data)
      return Data.takeError();
    uint64_t At = S.Hdr.sh_offset + Map.Offsets[J];
    ArrayRef<char> Bytes = bytesOf(*Data);
    bool Renumber = S.Hdr.sh_type == ELF::SHT_GROUP ||
                    S.Hdr.sh_type == ELF::SHT_REL ||
                    S.Hdr.sh_type == ELF::SHT_RELA;
    if (!Renumber) {
      if (!Bytes.empty())
        if (Error E = Out.write(At, Bytes))
          return E;
      continue;
    }
    SmallVector<char, 0> Scratch(Bytes.begin(), Bytes.end());
    char *To = Scratch.data();
    if (S.Hdr.sh_type == ELF::SHT_GROUP) {
      // The flags word, then the members' new indices.
      S.Hdr.sh_link = SymtabIndex;
      Expected<uint32_t> Sig = NewSymbol(S.Hdr.sh_info);
      if (!Sig)
        return Sig.takeError();
      S.Hdr.sh_info = *Sig;
      for (size_t Off = sizeof(Elf_Word);
           Off + sizeof(Elf_Word) <= Data->size(); Off += sizeof(Elf_Word)) {
        Elf_Word M;
        std::memcpy(&M, To + Off, sizeof(M));
        if (M >= Map.Sections.size() || !Map.Sections[M])
          return mergeError("a kept section group lost a member");
        M = Map.Sections[M];
        std::memcpy(To + Off, &M, sizeof(M));
      }
    }
    if (S.Hdr.sh_type == ELF::SHT_REL || S.Hdr.sh_type == ELF::SHT_RELA) {
      S.Hdr.sh_link = SymtabIndex;
      bool Rela = S.Hdr.sh_type == ELF::SHT_RELA;
      size_t Entry = Rela ? sizeof(Elf_Rela) : sizeof(Elf_Rel);
      if (S.Hdr.sh_entsize != Entry || Data->size() % Entry)
        return mergeError("a relocation section has unexpected entries");
      // Where the relocated section's part starts in its output section.
      uint64_t PartStart =
          In.sh_info < Map.Offsets.size() ? Map.Offsets[In.sh_info] : 0;
      for (size_t Off = 0; Off < Data->size(); Off += Entry) {
        // Rel is Rela's first part: r_offset and r_info either way.
        Elf_Rel R;
        std::memcpy(&R, To + Off, sizeof(R));
        Expected<uint32_t> Sym = NewSymbol(R.getSymbol(false));
        if (!Sym)
          return Sym.takeError();
        R.setSymbol(*Sym, false);
        R.r_offset = R.r_offset + PartStart;
        std::memcpy(To + Off, &R, sizeof(R));
      }
    }
    if (Error E = Out.write(At, Scratch))
      return E;
  }
  Freed += Objects[I].Bytes.size() + Unpacked.size();
  Objects[I] = w2o::PackedObject();
  Unpacked = SmallVector<uint8_t, 0>();
  if (Freed >= ReleaseEvery) {
    w2o::releaseFreeMemory();
    Freed = 0;
  }
  return Error::success();
}

template <class ELFT> Error Merger<ELFT>::run(w2o::OutputSink &Out) {
  Maps.resize(Objects.size());
  for (uint32_t I = 0; I < Objects.size(); ++I) {
    Expected<Input> P = parse(I);
    if (!P)
      return P.takeError();
    if (Error E = scanSections(I, P->Obj, P->Shdrs))
      return E;
    if (Error E = scanSymbols(I, P->Obj, P->Shdrs))
      return E;
  }

  // The new tables follow the copied sections.
  uint64_t NumSyms64 = 1 + Locals.size() + Globals.size();
  // ELF32 relocations have 24 bits for the symbol.
  if (NumSyms64 >= (ELFT::Is64Bits ? uint64_t(1) << 32 : uint64_t(1) << 24))
    return mergeError("too many symbols");
  uint32_t NumSyms = NumSyms64;
  uint32_t SymtabIndex = Sections.size() + 1;
  uint32_t StrtabIndex = SymtabIndex + 1;
  uint32_t ShstrtabIndex = StrtabIndex + 1;
  uint32_t NumSections = ShstrtabIndex + 1;
  bool Extended = false;
  for (const std::vector<OutSymbol> *L : {&Locals, &Globals})
    for (const OutSymbol &S : *L)
      Extended |= !S.Reserved && S.Shndx >= ELF::SHN_LORESERVE;
  uint32_t ShndxIndex = Extended ? NumSections++ : 0;
  uint32_t SymtabName = Shstrtab.add(".symtab");
  uint32_t StrtabName = Shstrtab.add(".strtab");
  uint32_t ShstrtabName = Shstrtab.add(".shstrtab");
  uint32_t ShndxName = Extended ? Shstrtab.add(".symtab_shndx") : 0;

  // Layout.
  uint64_t Off = sizeof(Elf_Ehdr);
  std::vector<uint64_t> Offsets(Sections.size());
  for (size_t K = 0; K < Sections.size(); ++K) {
    const Elf_Shdr &H = Sections[K].Hdr;
    Off = alignTo(Off, std::max<uint64_t>(1, H.sh_addralign));
    Offsets[K] = Off;
    if (H.sh_type != ELF::SHT_NOBITS)
      Off += H.sh_size;
  }
  const uint64_t WordAlign = ELFT::Is64Bits ? 8 : 4;
  uint64_t SymtabOff = alignTo(Off, WordAlign);
  uint64_t StrtabOff = SymtabOff + uint64_t(NumSyms) * sizeof(Elf_Sym);
  uint64_t ShstrtabOff = StrtabOff + Strtab.data().size();
  uint64_t ShndxOff = alignTo(ShstrtabOff + Shstrtab.data().size(), 4);
  uint64_t ShdrOff =
      alignTo(ShndxOff + (Extended ? NumSyms * 4 : 0), WordAlign);
  uint64_t Total = ShdrOff + uint64_t(NumSections) * sizeof(Elf_Shdr);
  // An output in memory has its pages touched only as they are written,
  // while the inputs are freed: zero what no section's data covers (the
  // padding that alignment leaves, and all of a concatenated section,
  // whose parts are aligned too), and the tables' region, which is
  // written last.
  if (Error E = Out.begin(Total))
    return E;
  uint64_t End = sizeof(Elf_Ehdr);
  for (size_t K = 0; K < Sections.size(); ++K) {
    const Elf_Shdr &H = Sections[K].Hdr;
    uint64_t Size = H.sh_type == ELF::SHT_NOBITS ? 0 : H.sh_size;
    if (Offsets[K] > End)
      Out.zero(End, Offsets[K] - End);
    if (K + 1 == EhFrame || K + 1 == EhFrameRel)
      Out.zero(Offsets[K], Size);
    End = std::max(End, Offsets[K] + Size);
  }
  Out.zero(End, Total - End);

  for (uint32_t I = 0; I < Objects.size(); ++I)
    if (Error E = copyInput(I, Out, Offsets, SymtabIndex))
      return E;

  // The symbol table: locals, then globals.
  std::vector<Elf_Word> ShndxTable(Extended ? NumSyms : 0);
  std::vector<Elf_Sym> Symtab(NumSyms);
  std::memset(Symtab.data(), 0, NumSyms * sizeof(Elf_Sym));
  uint32_t N = 1;
  for (const std::vector<OutSymbol> *L : {&Locals, &Globals})
    for (const OutSymbol &S : *L) {
      Elf_Sym &Sym = Symtab[N];
      Sym.st_name = S.Name;
      Sym.st_info = S.Info;
      Sym.st_other = S.Other;
      Sym.st_value = S.Value;
      Sym.st_size = S.Size;
      if (!S.Reserved && S.Shndx >= ELF::SHN_LORESERVE) {
        Sym.st_shndx = ELF::SHN_XINDEX;
        ShndxTable[N] = S.Shndx;
      } else {
        Sym.st_shndx = S.Shndx;
      }
      ++N;
    }
  if (Error E = Out.write(SymtabOff, bytesOf(Symtab)))
    return E;
  Symtab = std::vector<Elf_Sym>();
  if (Error E = Out.write(StrtabOff, bytesOf(Strtab.data())))
    return E;
  if (Error E = Out.write(ShstrtabOff, bytesOf(Shstrtab.data())))
    return E;
  if (Extended)
    if (Error E = Out.write(ShndxOff, bytesOf(ShndxTable)))
      return E;

  // Section headers.
  std::vector<Elf_Shdr> Shdrs(NumSections);
  auto PutShdr = [&](uint32_t Index, const Elf_Shdr &H) { Shdrs[Index] = H; };
  auto Table = [&](uint32_t Name, uint32_t Type, uint64_t Offset, uint64_t Size,
                   uint32_t Link, uint32_t Info, uint64_t Align,
                   uint64_t EntSize) {
    Elf_Shdr H;
    std::memset(&H, 0, sizeof(H));
    H.sh_name = Name;
    H.sh_type = Type;
    H.sh_offset = Offset;
    H.sh_size = Size;
    H.sh_link = Link;
    H.sh_info = Info;
    H.sh_addralign = Align;
    H.sh_entsize = EntSize;
    return H;
  };
  Elf_Shdr Null;
  std::memset(&Null, 0, sizeof(Null));
  if (NumSections >= ELF::SHN_LORESERVE)
    Null.sh_size = NumSections;
  if (ShstrtabIndex >= ELF::SHN_LORESERVE)
    Null.sh_link = ShstrtabIndex;
  PutShdr(0, Null);
  for (size_t K = 0; K < Sections.size(); ++K)
    PutShdr(K + 1, Sections[K].Hdr);
  PutShdr(SymtabIndex, Table(SymtabName, ELF::SHT_SYMTAB, SymtabOff,
                             uint64_t(NumSyms) * sizeof(Elf_Sym), StrtabIndex,
                             1 + Locals.size(), WordAlign, sizeof(Elf_Sym)));
  PutShdr(StrtabIndex, Table(StrtabName, ELF::SHT_STRTAB, StrtabOff,
                             Strtab.data().size(), 0, 0, 1, 0));
  PutShdr(ShstrtabIndex, Table(ShstrtabName, ELF::SHT_STRTAB, ShstrtabOff,
                               Shstrtab.data().size(), 0, 0, 1, 0));
  if (Extended)
    PutShdr(ShndxIndex, Table(ShndxName, ELF::SHT_SYMTAB_SHNDX, ShndxOff,
                              uint64_t(NumSyms) * 4, SymtabIndex, 0, 4, 4));

  Elf_Ehdr H = Header;
  H.e_phoff = 0;
  H.e_phnum = 0;
  H.e_phentsize = 0;
  H.e_shoff = ShdrOff;
  H.e_shentsize = sizeof(Elf_Shdr);
  H.e_shnum = NumSections >= ELF::SHN_LORESERVE ? 0 : NumSections;
  H.e_shstrndx = ShstrtabIndex >= ELF::SHN_LORESERVE ? uint32_t(ELF::SHN_XINDEX)
                                                     : ShstrtabIndex;
  if (Error E = Out.write(ShdrOff, bytesOf(Shdrs)))
    return E;
  return Out.write(0, bytesOf(ArrayRef<Elf_Ehdr>(H)));
}

} // namespace

namespace {

class BufferSink final : public w2o::OutputSink {
public:
  explicit BufferSink(SmallVectorImpl<char> &Out) : Out(Out) {}
  Error begin(uint64_t Size) override {
    Out.clear();
    Out.resize_for_overwrite(Size);
    return Error::success();
  }
  Error write(uint64_t Offset, ArrayRef<char> Bytes) override {
    assert(Offset + Bytes.size() <= Out.size() && "write past the end");
    if (!Bytes.empty())
      std::memcpy(Out.data() + Offset, Bytes.data(), Bytes.size());
    return Error::success();
  }
  void zero(uint64_t Offset, uint64_t Size) override {
    std::memset(Out.data() + Offset, 0, Size);
  }

private:
  SmallVectorImpl<char> &Out;
};

class FileSink final : public w2o::OutputSink {
public:
  FileSink(int FD, std::string Name) : FD(FD), Name(std::move(Name)) {}
  Error begin(uint64_t Size) override {
    // The file grows to its size as a hole, which reads as zeros.
    if (::ftruncate(FD, 0) != 0 || ::ftruncate(FD, off_t(Size)) != 0)
      return cannotWrite();
    return Error::success();
  }
  Error write(uint64_t Offset, ArrayRef<char> Bytes) override {
    while (!Bytes.empty()) {
      ssize_t N = ::pwrite(FD, Bytes.data(), Bytes.size(), off_t(Offset));
      if (N < 0 && errno == EINTR)
        continue;
      if (N == 0) // no progress, and errno not set: say so
        errno = EIO;
      if (N <= 0)
        return cannotWrite();
      Bytes = Bytes.drop_front(N);
      Offset += N;
    }
    return Error::success();
  }
  void zero(uint64_t, uint64_t) override {}

private:
  Error cannotWrite() {
    std::error_code EC(errno ? errno : EIO, std::generic_category());
    return createStringError(EC,
                             "cannot write '" + Name + "': " + EC.message());
  }
  int FD;
  std::string Name;
};

} // namespace

std::unique_ptr<w2o::OutputSink> w2o::bufferSink(SmallVectorImpl<char> &Out) {
  return std::make_unique<BufferSink>(Out);
}

std::unique_ptr<w2o::OutputSink> w2o::fileSink(int FD, std::string Name) {
  return std::make_unique<FileSink>(FD, std::move(Name));
}

void w2o::releaseFreeMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

w2o::PackedObject w2o::packObject(SmallVector<char, 0> Object) {
  PackedObject P;
  if (!compression::zstd::isAvailable() || Object.empty()) {
    P.Bytes = std::move(Object);
    return P;
  }
  SmallVector<uint8_t, 0> Packed;
  // Level 1: the fastest, at 0.1 s for the 15 MB of the 6 MB module.
  compression::zstd::compress(
      arrayRefFromStringRef(StringRef(Object.data(), Object.size())), Packed,
      /*Level=*/1);
  P.Size = Object.size();
  Object = SmallVector<char, 0>();
  P.Bytes.assign(Packed.begin(), Packed.end());
  return P;
}

Error w2o::mergeObjects(MutableArrayRef<PackedObject> Objects,
                        SmallVectorImpl<char> &Out) {
  return mergeObjects(Objects, *bufferSink(Out));
}

Error w2o::mergeObjects(MutableArrayRef<PackedObject> Objects,
                        OutputSink &Out) {
  if (Objects.empty())
    return mergeError("no partitions");
  SmallVector<uint8_t, 0> Buf;
  Expected<StringRef> FirstOr = unpack(Objects[0], Buf);
  if (!FirstOr)
    return FirstOr.takeError();
  StringRef First = *FirstOr;
  if (First.size() < ELF::EI_NIDENT || !First.starts_with("\x7f"
                                                          "ELF"))
    return mergeError("a partition is not an ELF object");
  uint8_t Class = First[ELF::EI_CLASS], Data = First[ELF::EI_DATA];
  Buf = SmallVector<uint8_t, 0>();
  if (Data != ELF::ELFDATA2LSB)
    return mergeError("big-endian objects are not supported");
  if (Class == ELF::ELFCLASS64)
    return Merger<object::ELF64LE>(Objects).run(Out);
  if (Class == ELF::ELFCLASS32)
    return Merger<object::ELF32LE>(Objects).run(Out);
  return mergeError("unknown ELF class");
}
