#include "emulator/code/code_server.h"

#include <algorithm>
#include <memory>
#include <string>

#include "emulator/code/code_path.h"
#include "runtime/term/atom_table.h"

namespace ling::code {

CodeServer::~CodeServer() {
  // The index points into the code the module table and purged_ keep.
  for (Term m : modules_.WithCode()) {
    if (auto old = modules_.Old(m)) code_index_.Remove(old->code);
    if (auto current = modules_.Current(m)) code_index_.Remove(current->code);
  }
  for (const auto& version : purged_)
    code_index_.Remove(version->code);
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

std::optional<std::string> CodeServer::LoadedFile(Term module) {
  std::shared_ptr<const LoadedModule> current = modules_.Current(module);
  if (current == nullptr || current->file.empty()) return std::nullopt;
  return current->file;
}

std::string CodeServer::Which(Term module) {
  // A module loaded from a binary without a file name is looked for on the
  // path, as erl's code server does.
  if (std::optional<std::string> file = LoadedFile(module)) return *std::move(file);
  if (FindPreloaded(AtomName(module)) != nullptr) return kPreloadedFile;
  absl::StatusOr<std::string> file = FindBeam(AtomName(module), path_.Get());
  return file.ok() ? *file : "";
}

absl::Status CodeServer::LoadLocked(Term module) {
  std::string_view name = AtomName(module);
  const PreloadedModule* preloaded = FindPreloaded(name);
  absl::StatusOr<std::unique_ptr<LoadedModule>> read =
      preloaded != nullptr ? ReadModule(preloaded->beam, name, kPreloadedFile)
                           : ReadModuleFromPath(name, path_.Get());
  if (!read.ok()) return read.status();
  return InstallLocked(*std::move(read));
}

absl::Status CodeServer::LoadBinary(Term module, std::span<const uint8_t> bytes, std::string file) {
  std::lock_guard<std::mutex> lock(load_mutex_);
  absl::StatusOr<std::unique_ptr<LoadedModule>> read =
      ReadModule(bytes, AtomName(module), std::move(file));
  if (!read.ok()) return read.status();
  return InstallLocked(*std::move(read));
}

absl::Status CodeServer::InstallLocked(std::unique_ptr<LoadedModule> loaded) {
  absl::StatusOr<vm::LoadedCode> code = vm::Specialise(loaded->beam, exports_);
  if (!code.ok()) return code.status();
  loaded->code = *std::move(code);
  std::shared_ptr<const LoadedModule> version = std::move(loaded);
  if (absl::Status s = modules_.Install(version); !s.ok()) return s;
  code_index_.Add(version->code);
  vm::PublishExports(version->beam, version->code, exports_);
  // What the replaced version exported and this one does not.
  if (auto old = modules_.Old(version->beam.name)) RetractExports(*old);
  return absl::OkStatus();
}

void CodeServer::RetractExports(const LoadedModule& version) {
  const vm::Word* begin = version.code.words.get();
  exports_.Retract(version.beam.name, begin, begin + version.code.size);
}

vm::CodeService::DeleteOutcome CodeServer::Delete(Term module) {
  std::lock_guard<std::mutex> lock(load_mutex_);
  DeleteOutcome outcome = modules_.Delete(module);
  if (outcome == DeleteOutcome::kDeleted) {
    if (auto old = modules_.Old(module)) RetractExports(*old);
  }
  return outcome;
}

bool CodeServer::Purge(Term module) {
  std::lock_guard<std::mutex> lock(load_mutex_);
  std::shared_ptr<const LoadedModule> old = modules_.Purge(module);
  if (old == nullptr) return false;
  purged_.push_back(std::move(old));
  return true;
}

std::span<const vm::Word> CodeServer::OldCode(Term module) {
  std::shared_ptr<const LoadedModule> old = modules_.Old(module);
  if (old == nullptr) return {};
  return {old->code.words.get(), old->code.size};
}

std::vector<Term> CodeServer::PreloadedModules() {
  std::vector<Term> names;
  for (const PreloadedModule& p : preloaded_)
    names.push_back(InternAtom(p.name));
  return names;
}

void CodeServer::AddPath(std::string dir, bool first) {
  if (first) {
    path_.AddFirst(std::move(dir));
  } else {
    path_.AddLast(std::move(dir));
  }
}

}  // namespace ling::code
