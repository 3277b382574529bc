// NameRegistry: registered process names (register/2, whereis/1), node-wide.
// A name maps to one id and an id has at most one name, both ways, so a
// process's name is found from its id (process_info, its exit) as fast as
// the id from the name.
//
// Concurrency contract: every method may be called from any thread; a mutex
// guards the maps (registration is rare, lookups are short).
#ifndef LING_RUNTIME_CORE_NAME_REGISTRY_H_
#define LING_RUNTIME_CORE_NAME_REGISTRY_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "ling/term.h"

namespace ling {

class NameRegistry {
 public:
  // AlreadyExists if the name is taken; FailedPrecondition if the id has a
  // name already.
  // InvalidArgument for `undefined`, which Erlang reserves.
  absl::Status Register(Term name, uint64_t id);
  // Removes the name only if it still maps to `id`.
  bool Unregister(Term name, uint64_t id);
  // Removes whatever name `id` has (its owner exits).
  void UnregisterId(uint64_t id);
  std::optional<uint64_t> Whereis(Term name) const;
  // The name of `id`, or kNonValue.
  Term NameOf(uint64_t id) const;
  // Every registered name, in no particular order.
  std::vector<Term> Names() const;

 private:
  mutable std::mutex mutex_;  // std: visible to ThreadSanitizer (see atom_table.cc)
  absl::flat_hash_map<uint64_t, uint64_t> ids_;    // atom raw -> id; guarded by mutex_
  absl::flat_hash_map<uint64_t, uint64_t> names_;  // id -> atom raw; guarded by mutex_
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_NAME_REGISTRY_H_
