// ARGS: 3 widget
// STDIN: inputs/text.txt
// C++ through libc++ (Debian's libc++-19-dev-wasm32, built without
// exceptions): static constructors and destructors, virtual calls (through
// call_indirect), templates, std::function, std::map, std::unordered_map,
// std::vector with std::sort and a lambda comparator, std::string and
// iostream formatting, std::unique_ptr and operator new/delete. Reads
// words from stdin, keeps an inventory of items, prints a report; the exit
// status is the number of distinct long words modulo 256.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

int Constructed = 0, Destroyed = 0;

struct Item {
  explicit Item(std::string Name) : Name(std::move(Name)) { ++Constructed; }
  virtual ~Item() { ++Destroyed; }
  virtual double price() const = 0;
  virtual const char *kind() const = 0;
  std::string Name;
};

struct Part : Item {
  Part(std::string Name, int Grams) : Item(std::move(Name)), Grams(Grams) {}
  double price() const override { return 0.25 * Grams; }
  const char *kind() const override { return "part"; }
  int Grams;
};

struct Kit : Item {
  explicit Kit(std::string Name) : Item(std::move(Name)) {}
  double price() const override {
    double Sum = 0;
    for (const auto &P : Parts)
      Sum += P->price();
    return Sum * 0.9;
  }
  const char *kind() const override { return "kit"; }
  std::vector<std::unique_ptr<Item>> Parts;
};

// Runs before main, and its destructor after: prints nothing then, but
// main checks that it ran.
struct Registry {
  Registry() { Names = {"bolt", "nut", "gear", "spring"}; }
  std::vector<std::string> Names;
} TheRegistry;

template <typename T, typename F> T fold(const std::vector<T> &V, F Op) {
  return std::accumulate(V.begin(), V.end(), T{}, Op);
}

} // namespace

int main(int argc, char **argv) {
  int Copies = argc > 1 ? std::atoi(argv[1]) : 1;
  std::string KitName = argc > 2 ? argv[2] : "kit";
  if (TheRegistry.Names.size() != 4)
    return 99;

  std::vector<std::unique_ptr<Item>> Stock;
  for (int C = 0; C < Copies; ++C)
    for (size_t I = 0; I < TheRegistry.Names.size(); ++I)
      Stock.push_back(std::make_unique<Part>(
          TheRegistry.Names[I] + "-" + std::to_string(C), 3 + 7 * int(I) + C));
  auto K = std::make_unique<Kit>(KitName);
  for (int G = 1; G <= 5; ++G)
    K->Parts.push_back(std::make_unique<Part>("sub" + std::to_string(G), G));
  Stock.push_back(std::move(K));

  std::sort(Stock.begin(), Stock.end(), [](const auto &A, const auto &B) {
    return A->price() != B->price() ? A->price() > B->price()
                                    : A->Name < B->Name;
  });
  std::cout << std::fixed << std::setprecision(2);
  for (const auto &I : Stock)
    std::cout << std::setw(10) << std::left << I->Name << std::right
              << std::setw(6) << I->kind() << std::setw(9) << I->price()
              << "\n";

  std::map<std::string, double> ByKind;
  for (const auto &I : Stock)
    ByKind[I->kind()] += I->price();
  for (const auto &[Kind, Total] : ByKind)
    std::cout << Kind << " total " << Total << "\n";

  // Words from stdin: counts, the longest, a hash of each.
  std::unordered_map<std::string, int> Counts;
  std::vector<std::string> Long;
  std::string Line, Word;
  size_t Lines = 0;
  while (std::getline(std::cin, Line)) {
    ++Lines;
    std::istringstream In(Line);
    while (In >> Word) {
      std::string Clean;
      for (char Ch : Word)
        if (std::isalnum(static_cast<unsigned char>(Ch)))
          Clean +=
              static_cast<char>(std::tolower(static_cast<unsigned char>(Ch)));
      if (Clean.empty())
        continue;
      if (Counts[Clean]++ == 0 && Clean.size() >= 6)
        Long.push_back(Clean);
    }
  }
  std::sort(Long.begin(), Long.end(),
            [&](const std::string &A, const std::string &B) {
              return Counts[A] != Counts[B] ? Counts[A] > Counts[B] : A < B;
            });
  std::vector<std::pair<std::string, int>> Top(Counts.begin(), Counts.end());
  std::sort(Top.begin(), Top.end(), [](const auto &A, const auto &B) {
    return A.second != B.second ? A.second > B.second : A.first < B.first;
  });
  std::cout << Lines << " lines, " << Counts.size() << " distinct words\n";
  for (size_t I = 0; I < Top.size() && I < 5; ++I)
    std::cout << "  " << Top[I].first << " x" << Top[I].second << "\n";
  std::function<unsigned(const std::string &)> Hash = [](const std::string &S) {
    unsigned H = 2166136261u;
    for (unsigned char Ch : S)
      H = (H ^ Ch) * 16777619u;
    return H;
  };
  std::vector<unsigned> Hashes;
  for (size_t I = 0; I < Long.size() && I < 8; ++I) {
    Hashes.push_back(Hash(Long[I]));
    std::cout << "  " << Long[I] << " " << std::hex << Hashes.back() << std::dec
              << "\n";
  }
  std::cout << "xor " << std::hex
            << fold(Hashes, [](unsigned A, unsigned B) { return A ^ B; })
            << std::dec << "\n";

  size_t Made = Stock.size();
  Stock.clear();
  std::cout << "items " << Made << ", constructed " << Constructed
            << ", destroyed " << Destroyed << std::endl;
  std::printf("printf still works: %d%%\n", 100);
  return static_cast<int>(Long.size() % 256);
}
