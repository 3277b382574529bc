// Host: what the interpreter and its BIFs need from the system around
// them -- the code server, to load a module on its first call (the
// error_handler rule) and to tell what is loaded, and whoever embeds the
// emulator, to halt and to tell the command line.
//
// Concurrency: called from any scheduler thread, by the process running;
// implementations lock what they share.
#ifndef LING_EMULATOR_VM_HOST_H_
#define LING_EMULATOR_VM_HOST_H_

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
  // erlang:halt/1: the whole system stops with `status` (does not return
  // in a launcher; an embedding host decides).
  virtual void Halt(int status) = 0;
  // What the system was started with (constant while it runs).
  virtual const BootArguments& boot_arguments() = 0;

 protected:
  ~Host() = default;
};

}  // namespace ling::vm

#endif  // LING_EMULATOR_VM_HOST_H_
