// CodeServer: loads modules into a running system. It owns what loaded code
// is reached through -- the export table, the index of code for stack
// traces, the module table -- and the code path, and loads a module the
// first time something calls it (the error_handler rule) or when asked
// (code:load_file/1, erlang:load_module/2); it deletes and purges modules
// (erlang:delete_module/1, code:purge/1) and changes the code path
// (code:add_path/1 and kin).
//
// Old code and running processes: BEAM's purge kills the processes that
// still run the old code. ling can look only at the calling process's own
// stack (check_process_code of self()); another process's stack belongs to
// the thread running it. So a purge here kills no other process, and the
// purged version is not freed: it stays alive (with its code index entries,
// so stack traces still name it) until the server is destroyed. A process
// still in it returns through it safely; its external calls reach the
// current code. The cost is memory: one kept version per purge.
//
// Concurrency: every method may be called from any thread. Whatever changes
// code (loads, deletes, purges) is serialised by the server's load lock, so
// a module two schedulers call at once is loaded once; the tables it updates
// have locks of their own, so calls that find code already loaded never wait
// for a load. The code path has its own lock (search_path.h): a path change
// never waits for a load, and a load searches the path as it stood when it
// began.
#ifndef LING_EMULATOR_CODE_CODE_SERVER_H_
#define LING_EMULATOR_CODE_CODE_SERVER_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "emulator/code/module_table.h"
#include "emulator/code/search_path.h"
#include "emulator/vm/code_index.h"
#include "emulator/vm/code_service.h"
#include "emulator/vm/export_table.h"
#include "ling/term.h"

namespace ling::code {

// A module built into the program (BEAM's preloaded modules): found before
// the code path. The bytes must outlive the server (static data).
struct PreloadedModule {
  std::string_view name;
  std::span<const uint8_t> beam;
};

class CodeServer final : public vm::CodeService {
 public:
  // `on_load_error` (if set) hears why a module called for the first time
  // could not be loaded (the call then raises undef).
  explicit CodeServer(std::vector<std::string> path,
                      std::function<void(Term module, const absl::Status&)> on_load_error = {},
                      std::span<const PreloadedModule> preloaded = {})
      : path_(std::move(path)),
        on_load_error_(std::move(on_load_error)),
        preloaded_(preloaded.begin(), preloaded.end()) {}
  ~CodeServer();

  // code:load_file/1: reads Module.beam (built in, else from the path),
  // specialises it and
  // makes it current. NotFound ("nofile"), InvalidArgument ("badfile: ...",
  // or "cannot load M: ..." for code this emulator cannot run yet),
  // FailedPrecondition ("not_purged").
  absl::Status Load(Term module);
  // Loads `module` unless it has current code; whether it has now.
  bool EnsureLoaded(Term module);
  // code:which/1: the file of the module's current code, else the file the
  // path has for it; "preloaded" for a built-in module; empty: none.
  std::string Which(Term module);
  // code:get_path/0: a copy of the path as it is now.
  std::vector<std::string> Path() const { return path_.Get(); }

  // vm::CodeService
  absl::Status LoadBinary(Term module, std::span<const uint8_t> bytes, std::string file) override;
  std::optional<std::string> LoadedFile(Term module) override;
  DeleteOutcome Delete(Term module) override;
  bool Purge(Term module) override;
  std::span<const vm::Word> OldCode(Term module) override;
  std::vector<Term> PreloadedModules() override;
  std::vector<Term> ModulesWithCode() override { return modules_.WithCode(); }
  void SetPath(std::vector<std::string> path) override { path_.Set(std::move(path)); }
  void AddPath(std::string dir, bool first) override;
  bool DeletePath(std::string_view dir) override { return path_.Delete(dir); }

  vm::ExportTable& exports() { return exports_; }
  const vm::CodeIndex& code_index() const { return code_index_; }
  const ModuleTable& modules() const { return modules_; }

 private:
  // What code:which/1 says of a built-in module.
  static constexpr const char* kPreloadedFile = "preloaded";

  absl::Status LoadLocked(Term module);
  // Specialises a module read and validated, makes it current and points
  // calls at it.
  absl::Status InstallLocked(std::unique_ptr<LoadedModule> loaded);
  // Calls stop reaching `version` (it became old).
  void RetractExports(const LoadedModule& version);
  const PreloadedModule* FindPreloaded(std::string_view name) const;

  std::mutex load_mutex_;
  SearchPath path_;
  const std::function<void(Term, const absl::Status&)> on_load_error_;
  const std::vector<PreloadedModule> preloaded_;
  vm::ExportTable exports_;
  vm::CodeIndex code_index_;
  ModuleTable modules_;
  // Purged versions, kept for processes that may still run them (see the
  // top of this file). Guarded by load_mutex_.
  std::vector<std::shared_ptr<const LoadedModule>> purged_;
};

}  // namespace ling::code

#endif  // LING_EMULATOR_CODE_CODE_SERVER_H_
