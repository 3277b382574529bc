// Exports: the entry for Module:Function/Arity through which every external
// call goes. A call instruction holds the entry, not the code, so loading a
// new version of a module only swaps the entries' code pointers, and a call
// to a module not loaded yet finds a null pointer and takes the
// error_handler path. An entry may also name the BIF that implements it.
//
// Concurrency: Get/Find may be called from any thread (they take the table's
// lock); entries live as long as the table, at stable addresses; `code` is
// read without a lock by calls and written by the code server (release).
#ifndef LING_EMULATOR_VM_EXPORT_TABLE_H_
#define LING_EMULATOR_VM_EXPORT_TABLE_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "emulator/vm/bif.h"
#include "emulator/vm/code_words.h"
#include "ling/term.h"

namespace ling::vm {

struct Export {
  Term module;
  Term function;
  uint32_t arity;
  std::atomic<const Word*> code{nullptr};  // the function's entry, when loaded
  BifFunction bif = nullptr;               // set when a BIF implements it
};

class ExportTable {
 public:
  // Holds an entry for every BIF (bif.h), so apply finds BIFs no code
  // imports.
  ExportTable();

  // The entry for m:f/a, created on first use.
  Export* Get(Term module, Term function, uint32_t arity);
  // nullptr if there is none yet.
  Export* Find(Term module, Term function, uint32_t arity) const;
  // Clears the code of every entry of `module` that points into [begin,
  // end), so calls take the error_handler path: that code was deleted, or
  // a new version that does not export the function replaced it. Walks
  // every entry: for loads and deletes, never for calls.
  void Retract(Term module, const Word* begin, const Word* end);

 private:
  struct Key {
    uint64_t module, function;
    uint32_t arity;
    bool operator==(const Key&) const = default;
    template <class H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.module, k.function, k.arity);
    }
  };
  mutable std::mutex mutex_;
  std::deque<Export> entries_;  // stable addresses
  absl::flat_hash_map<Key, Export*> index_;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_EXPORT_TABLE_H_
