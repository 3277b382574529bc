// The loader's second stage: a module's generic code turned into the
// interpreter's own (see instructions.def), with every label, import, atom,
// integer and BIF resolved, ready to run.
//
// Concurrency: Specialise may run on any thread; it takes the export table's
// lock to create entries. LoadedCode is immutable once built.
#ifndef LING_EMULATOR_VM_SPECIALISE_H_
#define LING_EMULATOR_VM_SPECIALISE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "emulator/loader/beam_module.h"
#include "emulator/vm/code_words.h"
#include "emulator/vm/export_table.h"
#include "ling/term.h"
#include "runtime/term/fun.h"
#include "runtime/term/heap.h"

namespace ling::vm {

// A lambda of loaded code (a FunT entry): what a local fun's entry word
// points at. `code` is its function's code, after the func_info.
struct FunEntry {
  const Word* code = nullptr;
  LocalFunId id;
  uint32_t num_free = 0;
};

// A function's func_info instruction: the handler word and three operands,
// right before its entry.
inline constexpr size_t kFuncInfoWords = 4;

struct LoadedCode {
  struct Function {
    Term name;
    uint32_t arity;
    const Word* entry;  // the code after its func_info
  };
  // Where a `line` instruction stood: the code from `offset` (in words) on
  // came from line table item `item` (0: unknown).
  struct LineMark {
    uint32_t offset;
    uint32_t item;
  };
  Term module;
  std::unique_ptr<Word[]> words;
  size_t size = 0;
  std::vector<Function> functions;   // in code order
  std::vector<LineMark> line_marks;  // in code order
  loader::LineTable lines;
  std::string source_file;  // file 0 of the line table: "<module>.erl"
  // The module's lambdas, by FunT index (at stable addresses: funs point
  // at them).
  std::unique_ptr<FunEntry[]> lambdas;
  // The string table (StrT) that bit syntax instructions point into.
  std::vector<uint8_t> strings;
  // The module's constant terms (its literal table, and integers too wide
  // for an operand word), which the code points into: never collected,
  // freed with the code.
  std::unique_ptr<Heap> literal_area;

  // The entry of name/arity, or nullptr.
  const Word* Find(Term name, uint32_t arity) const;
};

// InvalidArgument naming the instruction for code this interpreter cannot
// run yet (an instruction or a BIF it does not have), or a literal that does
// not decode.
absl::StatusOr<LoadedCode> Specialise(const loader::BeamModule& module, ExportTable& exports);

// Points the export entries of the module's exported functions at `code`
// (the code server's last step of loading: from now on calls reach it).
void PublishExports(const loader::BeamModule& module, const LoadedCode& code, ExportTable& exports);

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_SPECIALISE_H_
