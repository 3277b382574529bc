// CodeServer: loads modules into a running system. It owns what loaded code
// is reached through -- the export table, the index of code for stack
// traces, the module table -- and the code path, and loads a module the
// first time something calls it (the error_handler rule) or when asked
// (code:load_file/1).
//
// Concurrency: every method may be called from any thread. Loads are
// serialised by the server's lock, so a module two schedulers call at once
// is loaded once; the tables it updates have locks of their own, so calls
// that find code already loaded never wait for a load.
#ifndef LING_EMULATOR_CODE_CODE_SERVER_H_
#define LING_EMULATOR_CODE_CODE_SERVER_H_

#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "emulator/code/module_table.h"
#include "emulator/vm/code_index.h"
#include "emulator/vm/export_table.h"
#include "ling/term.h"

namespace ling::code {

// A module built into the program (BEAM's preloaded modules): found before
// the code path. The bytes must outlive the server (static data).
struct PreloadedModule {
  std::string_view name;
  std::span<const uint8_t> beam;
};

class CodeServer {
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

  vm::ExportTable& exports() { return exports_; }
  const vm::CodeIndex& code_index() const { return code_index_; }
  const ModuleTable& modules() const { return modules_; }
  const std::vector<std::string>& path() const { return path_; }

 private:
  // What code:which/1 says of a built-in module.
  static constexpr const char* kPreloadedFile = "preloaded";

  absl::Status LoadLocked(Term module);
  const PreloadedModule* FindPreloaded(std::string_view name) const;

  std::mutex load_mutex_;
  const std::vector<std::string> path_;
  const std::function<void(Term, const absl::Status&)> on_load_error_;
  const std::vector<PreloadedModule> preloaded_;
  vm::ExportTable exports_;
  vm::CodeIndex code_index_;
  ModuleTable modules_;
};

}  // namespace ling::code

#endif  // LING_EMULATOR_CODE_CODE_SERVER_H_
