#include "runtime/core/name_registry.h"

#include "runtime/term/atoms.h"

namespace ling {

absl::Status NameRegistry::Register(Term name, uint64_t id) {
  if (!IsAtom(name) || name == atoms::kUndefined) {
    return absl::InvalidArgumentError("a registered name must be an atom other than undefined");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (!ids_.emplace(name.raw(), id).second) {
    return absl::AlreadyExistsError("name is already registered");
  }
  return absl::OkStatus();
}

bool NameRegistry::Unregister(Term name, uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = ids_.find(name.raw());
  if (it == ids_.end() || it->second != id) return false;
  ids_.erase(it);
  return true;
}

std::optional<uint64_t> NameRegistry::Whereis(Term name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = ids_.find(name.raw());
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

}  // namespace ling
