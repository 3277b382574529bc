// Host: what the interpreter and its BIFs need from the system around
// them -- the code server, to load a module on its first call (the
// error_handler rule) and to tell what is loaded, and whoever embeds the
// emulator, to halt and to tell the command line; and the runtime, to
// tell its figures (schedulers, processes, ports: system_info/1,
// statistics/1).
//
// Concurrency: called from any scheduler thread, by the process running;
// implementations lock what they share, or read it atomically.
#ifndef LING_EMULATOR_VM_HOST_H_
#define LING_EMULATOR_VM_HOST_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "ling/term.h"

namespace ling::loader {
struct BeamModule;
}

namespace ling::vm {

struct LoadedCode;
class CodeService;
class EtsTables;
class CodeIndex;

// A module's code as loaded: the file as read (exports, attributes,
// checksum) and its specialised code (functions, lambdas). `owner` keeps
// both alive and unchanged while it is held, however the module is reloaded
// or purged meanwhile. All null: the module has no code.
struct ModuleVersion {
  std::shared_ptr<const void> owner;
  const loader::BeamModule* beam = nullptr;
  const LoadedCode* code = nullptr;

  explicit operator bool() const { return owner != nullptr; }
};

// The command line as init:get_arguments/0 and get_plain_arguments/0 tell
// it: each flag (without its dash) with its values, in order; then the
// plain arguments.
struct BootArguments {
  std::vector<std::pair<std::string, std::vector<std::string>>> flags;
  std::vector<std::string> plain;
};

// The running system as erlang:system_info/1 and statistics/1 report it:
// each figure true when it was read, not all at one instant.
struct SystemFigures {
  struct Scheduler {
    size_t queued = 0;        // processes and ports waiting in its run queue
    bool awake = false;       // running or looking for work (not asleep)
    uint64_t reductions = 0;  // spent by what it ran, since the start
    uint64_t runs = 0;        // processes and ports it gave its thread to
  };
  std::vector<Scheduler> schedulers;
  int scheduler_id = 0;  // the calling thread's scheduler, from 1; 0 for none
  size_t processes = 0, process_limit = 0;
  size_t ports = 0, port_limit = 0;
  uint64_t io_input = 0, io_output = 0;  // bytes from and to ports, since the start
  int reductions_per_run = 0;
  int64_t start_time = 0;  // erlang:monotonic_time/0 when the system started
};

class Host {
 public:
  // Loads `module` if it has no code yet; whether it has code now.
  virtual bool EnsureLoaded(Term module) = 0;
  // The module's current code, without loading it.
  virtual ModuleVersion CurrentModule(Term module) = 0;
  // code:load_file/1: loads the module afresh. NotFound (nofile),
  // InvalidArgument (badfile), FailedPrecondition (not_purged).
  virtual absl::Status LoadModule(Term module) = 0;
  // code:which/1: the file the module's current code came from, else the
  // file the code path has for it; "preloaded" for a built-in module;
  // empty when there is none.
  virtual std::string Which(Term module) = 0;
  // code:get_path/0 and the modules that have code (code:all_loaded/0).
  virtual std::vector<std::string> CodePath() = 0;
  virtual std::vector<Term> LoadedModules() = 0;
  // Where each loaded function's code lies (process_info's
  // current_function); nullptr: not known.
  virtual const CodeIndex* code_index() { return nullptr; }
  // The code-loading API's operations (code_service.h); nullptr for a host
  // without a code server (the BIFs then answer notsup).
  virtual CodeService* code_service() { return nullptr; }
  // erlang:halt/1,2: the whole system stops with `status`; with `flush`,
  // once the ports' queued output is out (erl's default). A launcher exits
  // (at once, or from another thread once flushed: the caller then waits);
  // an embedding host decides.
  virtual void Halt(int status, bool flush) = 0;
  // What the system was started with (constant while it runs).
  virtual const BootArguments& boot_arguments() = 0;
  // The node's ETS tables (ets_tables.h); nullptr for a host that keeps
  // none (the ETS BIFs then use a registry of their own: ets_access.h).
  virtual EtsTables* ets() { return nullptr; }
  // The running system's figures.
  virtual SystemFigures Figures() = 0;

 protected:
  ~Host() = default;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_HOST_H_
