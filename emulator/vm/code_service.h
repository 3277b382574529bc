// CodeService: what Erlang's code-loading API (erlang:load_module/2,
// delete_module/1, purge_module/1, check_old_code/1, check_process_code/2,3,
// pre_loaded/0, loaded/0, and ling's code module) asks of the code server.
// The BIFs (bif_code_loading.cc) reach it through Host::code_service(); the
// code server (emulator/code/code_server.h) implements it, so the BIFs need
// not depend on that layer.
//
// Concurrency: every method may be called from any scheduler thread at any
// time; the implementation serialises what changes code or the path.
#ifndef LING_EMULATOR_VM_CODE_SERVICE_H_
#define LING_EMULATOR_VM_CODE_SERVICE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "emulator/vm/code_words.h"
#include "ling/term.h"

namespace ling::vm {

class CodeService {
 public:
  // erlang:delete_module/1's three outcomes.
  enum class DeleteOutcome {
    kUnknown,    // the module never had code: undefined
    kNotPurged,  // old code is still there: badarg
    kDeleted,    // the current code (if any) became old: true
  };

  // Loads `module` from the bytes of a .beam file, validated exactly as a
  // file on the path is; `file` is what code:which/1 tells afterwards ("":
  // the module was loaded without a file name). InvalidArgument (badfile:
  // malformed, another module, or code ling cannot run), FailedPrecondition
  // (not_purged).
  virtual absl::Status LoadBinary(Term module, std::span<const uint8_t> bytes,
                                  std::string file) = 0;
  // The file the module's current code was loaded from, as code:is_loaded/1
  // tells it ("preloaded" for a built-in module); nullopt when the module
  // has no current code or was loaded from a binary without a file name
  // (erl's code server does not know such a module either).
  virtual std::optional<std::string> LoadedFile(Term module) = 0;
  virtual DeleteOutcome Delete(Term module) = 0;
  // Drops the module's old code; false when there was none.
  virtual bool Purge(Term module) = 0;
  // The words of the module's old code; empty when it has none. For
  // comparing addresses only: a purge may drop the code meanwhile.
  virtual std::span<const Word> OldCode(Term module) = 0;
  // The modules built into the program (erlang:pre_loaded/0), and those
  // with current or old code (erlang:loaded/0).
  virtual std::vector<Term> PreloadedModules() = 0;
  virtual std::vector<Term> ModulesWithCode() = 0;

  // The code path: code:set_path/1, code:add_patha/1 (`first`) and
  // add_pathz/1 (a directory already there stays where it is), and
  // code:del_path/1 of a directory (false: not on the path). The callers
  // (code.erl) check and normalise the directories, as OTP's code server.
  virtual void SetPath(std::vector<std::string> path) = 0;
  virtual void AddPath(std::string dir, bool first) = 0;
  virtual bool DeletePath(std::string_view dir) = 0;

 protected:
  ~CodeService() = default;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_CODE_SERVICE_H_
