#include "emulator/code/module_table.h"

namespace ling::code {

absl::Status ModuleTable::Install(std::shared_ptr<const LoadedModule> module) {
  std::lock_guard<std::mutex> lock(mutex_);
  Versions& v = modules_[module->beam.name.raw()];
  if (v.old != nullptr) return absl::FailedPreconditionError("not_purged");
  v.old = std::move(v.current);
  v.current = std::move(module);
  return absl::OkStatus();
}

std::shared_ptr<const LoadedModule> ModuleTable::Current(Term module) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = modules_.find(module.raw());
  return it == modules_.end() ? nullptr : it->second.current;
}

std::shared_ptr<const LoadedModule> ModuleTable::Old(Term module) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = modules_.find(module.raw());
  return it == modules_.end() ? nullptr : it->second.old;
}

bool ModuleTable::Delete(Term module) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = modules_.find(module.raw());
  if (it == modules_.end() || it->second.current == nullptr || it->second.old != nullptr) {
    return false;
  }
  it->second.old = std::move(it->second.current);
  return true;
}

bool ModuleTable::Purge(Term module) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = modules_.find(module.raw());
  if (it == modules_.end() || it->second.old == nullptr) return false;
  it->second.old.reset();
  if (it->second.current == nullptr) modules_.erase(it);
  return true;
}

std::vector<Term> ModuleTable::Loaded() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Term> out;
  for (const auto& [raw, versions] : modules_) {
    if (versions.current != nullptr) out.push_back(Term::FromRaw(raw));
  }
  return out;
}

}  // namespace ling::code
