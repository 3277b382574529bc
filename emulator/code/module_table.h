// The code server's module table: for each module its current code and, after
// a reload, its old code, with Erlang's rules:
//   - loading a module whose old code is still there fails (not_purged);
//     otherwise the current code becomes old and the new code current;
//   - delete makes the current code old (fails while old code exists);
//   - purge drops the old code.
// Processes still running old code are the emulator's business (purge will
// kill them, as BEAM does); the table only keeps the versions.
//
// Concurrency: every method may be called from any thread; they take the
// table's lock. A returned shared_ptr keeps that version alive after it is
// replaced or purged.
#ifndef LING_EMULATOR_CODE_MODULE_TABLE_H_
#define LING_EMULATOR_CODE_MODULE_TABLE_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "emulator/loader/beam_module.h"
#include "emulator/vm/specialise.h"
#include "ling/term.h"

namespace ling::code {

// One loaded version of a module.
struct LoadedModule {
  loader::BeamModule beam;
  std::string file;     // where it was read from ("" for a binary)
  vm::LoadedCode code;  // the specialised code (the code server fills it in)
};

class ModuleTable {
 public:
  // FailedPrecondition("not_purged") while the module has old code.
  absl::Status Install(std::shared_ptr<const LoadedModule> module);
  std::shared_ptr<const LoadedModule> Current(Term module) const;
  std::shared_ptr<const LoadedModule> Old(Term module) const;
  // code:delete/1: false if there is no current code, or old code remains.
  bool Delete(Term module);
  // code:purge/1's table part: drops the old code; false if there was none.
  bool Purge(Term module);
  // The modules with current code (erlang:loaded/0 order: unspecified).
  std::vector<Term> Loaded() const;

 private:
  struct Versions {
    std::shared_ptr<const LoadedModule> current;
    std::shared_ptr<const LoadedModule> old;
  };
  mutable std::mutex mutex_;
  absl::flat_hash_map<uint64_t, Versions> modules_;  // by atom's raw word
};

}  // namespace ling::code

#endif  // LING_EMULATOR_CODE_MODULE_TABLE_H_
