#include "runtime/core/name_registry.h"

#include "runtime/term/atoms.h"

namespace ling {

absl::Status NameRegistry::Register(Term name, Term owner) {
  if (!IsAtom(name) || name == atoms::kUndefined) {
    return absl::InvalidArgumentError("a registered name must be an atom other than undefined");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (names_.contains(owner.raw())) {
    return absl::FailedPreconditionError("the process or port already has a name");
  }
  if (!owners_.emplace(name.raw(), owner.raw()).second) {
    return absl::AlreadyExistsError("name is already registered");
  }
  names_.emplace(owner.raw(), name.raw());
  return absl::OkStatus();
}

bool NameRegistry::Unregister(Term name, Term owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = owners_.find(name.raw());
  if (it == owners_.end() || it->second != owner.raw()) return false;
  owners_.erase(it);
  names_.erase(owner.raw());
  return true;
}

void NameRegistry::UnregisterOwner(Term owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = names_.find(owner.raw());
  if (it == names_.end()) return;
  owners_.erase(it->second);
  names_.erase(it);
}

Term NameRegistry::Whereis(Term name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = owners_.find(name.raw());
  return it == owners_.end() ? kNonValue : Term::FromRaw(it->second);
}

Term NameRegistry::NameOf(Term owner) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = names_.find(owner.raw());
  return it == names_.end() ? kNonValue : Term::FromRaw(it->second);
}

std::vector<Term> NameRegistry::Names() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Term> names;
  names.reserve(owners_.size());
  for (const auto& [name, owner] : owners_)
    names.push_back(Term::FromRaw(name));
  return names;
}

}  // namespace ling
