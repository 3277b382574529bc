#include "emulator/code/code_server.h"

#include <algorithm>
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

const PreloadedModule* CodeServer::FindPreloaded(std::string_view name) const {
  auto it = std::find_if(preloaded_.begin(), preloaded_.end(),
                         [&](const PreloadedModule& p) { return p.name == name; });
  return it != preloaded_.end() ? &*it : nullptr;
}

std::string CodeServer::Which(Term module) {
  if (std::shared_ptr<const LoadedModule> current = modules_.Current(module)) return current->file;
  if (FindPreloaded(AtomName(module)) != nullptr) return kPreloadedFile;
  absl::StatusOr<std::string> file = FindBeam(AtomName(module), path_);
  return file.ok() ? *file : "";
}

absl::Status CodeServer::LoadLocked(Term module) {
  std::string_view name = AtomName(module);
  const PreloadedModule* preloaded = FindPreloaded(name);
  absl::StatusOr<std::unique_ptr<LoadedModule>> read =
      preloaded != nullptr ? ReadModule(preloaded->beam, name, kPreloadedFile)
                           : ReadModuleFromPath(name, path_);
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
