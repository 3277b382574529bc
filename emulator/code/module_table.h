// The code server's module table: for each module its current code and, after
// a reload or a delete, its old code, with Erlang's rules:
//   - loading a module whose old code is still there fails (not_purged);
//     otherwise the current code becomes old and the new code current;
//   - delete makes the current code old (refused while old code exists);
//   - purge drops the old code.
// A module stays known once it had code, as in BEAM's module table: delete
// tells a module that never existed (undefined) from one without code now.
// Processes still running old code are the code server's business
// (code_server.h); the table only keeps the versions.
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
#include "emulator/vm/code_service.h"
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
  // erlang:delete_module/1's table part.
  vm::CodeService::DeleteOutcome Delete(Term module);
  // Drops the old code and returns it (nullptr: there was none).
  std::shared_ptr<const LoadedModule> Purge(Term module);
  // The modules with current code (code:all_loaded/0), and those with
  // current or old code (erlang:loaded/0); in no particular order.
  std::vector<Term> Loaded() const;
  std::vector<Term> WithCode() const;

 private:
  struct Versions {
    std::shared_ptr<const LoadedModule> current;
    std::shared_ptr<const LoadedModule> old;
  };
  // The modules with current code, and with old code too if `with_old`.
  std::vector<Term> Collect(bool with_old) const;

  mutable std::mutex mutex_;
  absl::flat_hash_map<uint64_t, Versions> modules_;  // by atom's raw word
};

}  // namespace ling::code

#endif  // LING_EMULATOR_CODE_MODULE_TABLE_H_
