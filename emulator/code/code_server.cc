#include "emulator/code/code_server.h"

#include <memory>
#include <string>

#include "emulator/code/code_path.h"
#include "runtime/term/atom_table.h"

namespace ling::code {

CodeServer::~CodeServer() {
  // The index points into the code the module table keeps.
  for (Term m : modules_.Loaded()) {
    if (auto old = modules_.Old(m)) code_index_.Remove(old->code);
    code_index_.Remove(modules_.Current(m)->code);
  }
}

absl::Status CodeServer::Load(Term module) {
  std::lock_guard<std::mutex> lock(load_mutex_);
  return LoadLocked(module);
}

bool CodeServer::EnsureLoaded(Term module) {
  if (modules_.Current(module) != nullptr) return true;
  std::lock_guard<std::mutex> lock(load_mutex_);
  // Another thread may have loaded it while this one waited.
  if (modules_.Current(module) != nullptr) return true;
  absl::Status loaded = LoadLocked(module);
  if (!loaded.ok() && on_load_error_) on_load_error_(module, loaded);
  return loaded.ok();
}

absl::Status CodeServer::LoadLocked(Term module) {
  absl::StatusOr<std::unique_ptr<LoadedModule>> read = ReadModuleFromPath(AtomName(module), path_);
  if (!read.ok()) return read.status();
  std::unique_ptr<LoadedModule> loaded = *std::move(read);
  absl::StatusOr<vm::LoadedCode> code = vm::Specialise(loaded->beam, exports_);
  if (!code.ok()) return code.status();
  loaded->code = *std::move(code);
  std::shared_ptr<const LoadedModule> version = std::move(loaded);
  if (absl::Status s = modules_.Install(version); !s.ok()) return s;
  code_index_.Add(version->code);
  vm::PublishExports(version->beam, version->code, exports_);
  return absl::OkStatus();
}

}  // namespace ling::code
