#include "runtime/core/name_registry.h"

#include "runtime/term/atoms.h"

namespace ling {

absl::Status NameRegistry::Register(Term name, uint64_t id) {
  if (!IsAtom(name) || name == atoms::kUndefined) {
    return absl::InvalidArgumentError("a registered name must be an atom other than undefined");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (names_.contains(id)) return absl::FailedPreconditionError("the process already has a name");
  if (!ids_.emplace(name.raw(), id).second) {
    return absl::AlreadyExistsError("name is already registered");
  }
  names_.emplace(id, name.raw());
  return absl::OkStatus();
}

bool NameRegistry::Unregister(Term name, uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = ids_.find(name.raw());
  if (it == ids_.end() || it->second != id) return false;
  ids_.erase(it);
  names_.erase(id);
  return true;
}

void NameRegistry::UnregisterId(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = names_.find(id);
  if (it == names_.end()) return;
  ids_.erase(it->second);
  names_.erase(it);
}

std::optional<uint64_t> NameRegistry::Whereis(Term name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = ids_.find(name.raw());
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

Term NameRegistry::NameOf(uint64_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = names_.find(id);
  return it == names_.end() ? kNonValue : Term::FromRaw(it->second);
}

std::vector<Term> NameRegistry::Names() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Term> names;
  names.reserve(ids_.size());
  for (const auto& [name, id] : ids_)
    names.push_back(Term::FromRaw(name));
  return names;
}

}  // namespace ling
