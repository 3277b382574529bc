// The tables of a .beam file besides code: atoms, imports, exports and
// local functions, lambdas, the line table and bit-syntax strings. Each
// reader validates sizes and every index it stores (atoms 1 .. atom_count,
// labels 1 .. label_count - 1) and returns InvalidArgument naming the chunk
// on any inconsistency.
//
// Concurrency: pure functions, except that ReadAtoms interns atoms in the
// global atom table (thread-safe, see atom_table.h).
#ifndef LING_EMULATOR_LOADER_MODULE_TABLES_H_
#define LING_EMULATOR_LOADER_MODULE_TABLES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "emulator/loader/byte_reader.h"
#include "ling/term.h"

namespace ling::loader {

// atoms[i] is the file's atom number i + 1; atoms[0] names the module.
absl::StatusOr<std::vector<Term>> ReadAtoms(Bytes chunk, bool utf8);

// Atom numbers are the file's (1-based).
struct Import {
  uint32_t module;
  uint32_t function;
  uint32_t arity;
};
absl::StatusOr<std::vector<Import>> ReadImports(Bytes chunk, uint32_t atom_count);

// ExpT and LocT entries: a function, its arity and its entry label.
struct FunctionEntry {
  uint32_t function;
  uint32_t arity;
  uint32_t label;
};
absl::StatusOr<std::vector<FunctionEntry>> ReadFunctionTable(Bytes chunk, uint32_t atom_count,
                                                             uint32_t label_count);

// A FunT entry: the lambda's code and the identity that fun terms carry.
struct LambdaEntry {
  uint32_t function;  // the generated function's name (atom number)
  uint32_t arity;     // including the free variables
  uint32_t label;
  uint32_t index;
  uint32_t num_free;
  uint32_t old_uniq;
};
absl::StatusOr<std::vector<LambdaEntry>> ReadLambdas(Bytes chunk, uint32_t atom_count,
                                                     uint32_t label_count);

// The Line chunk: `line I` instructions name item I (0: no location).
struct LineTable {
  struct Item {
    uint32_t file;  // 0: the module's own source; else files[file - 1]
    uint32_t line;
  };
  std::vector<Item> items;  // items[0] is the unknown location
  std::vector<std::string> files;
};
absl::StatusOr<LineTable> ReadLineTable(Bytes chunk);

}  // namespace ling::loader

#endif  // LING_EMULATOR_LOADER_MODULE_TABLES_H_
