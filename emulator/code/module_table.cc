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

vm::CodeService::DeleteOutcome ModuleTable::Delete(Term module) {
  using Outcome = vm::CodeService::DeleteOutcome;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = modules_.find(module.raw());
  if (it == modules_.end()) return Outcome::kUnknown;
  if (it->second.old != nullptr) return Outcome::kNotPurged;
  it->second.old = std::move(it->second.current);
  return Outcome::kDeleted;
}

std::shared_ptr<const LoadedModule> ModuleTable::Purge(Term module) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = modules_.find(module.raw());
  if (it == modules_.end()) return nullptr;
  return std::move(it->second.old);
}

std::vector<Term> ModuleTable::Loaded() const {
  return Collect(/*with_old=*/false);
}

std::vector<Term> ModuleTable::WithCode() const {
  return Collect(/*with_old=*/true);
}

std::vector<Term> ModuleTable::Collect(bool with_old) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Term> out;
  for (const auto& [raw, versions] : modules_) {
    if (versions.current != nullptr || (with_old && versions.old != nullptr))
      out.push_back(Term::FromRaw(raw));
  }
  return out;
}

}  // namespace ling::code
