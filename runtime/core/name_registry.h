// NameRegistry: registered names (register/2, whereis/1), node-wide. A
// name stands for a process or a port (its pid or port term). A name maps
// to one owner and an owner has at most one name, both ways, so an owner's
// name is found from its term (process_info, port_info, its exit or close)
// as fast as the owner from the name.
//
// Concurrency contract: every method may be called from any thread; a mutex
// guards the maps (registration is rare, lookups are short).
#ifndef LING_RUNTIME_CORE_NAME_REGISTRY_H_
#define LING_RUNTIME_CORE_NAME_REGISTRY_H_

#include <cstdint>
#include <mutex>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "ling/term.h"

namespace ling {

class NameRegistry {
 public:
  // `owner` is a pid or a port. AlreadyExists if the name is taken;
  // FailedPrecondition if the owner has a name already; InvalidArgument for
  // `undefined`, which Erlang reserves.
  absl::Status Register(Term name, Term owner);
  // Removes the name only if it still stands for `owner`.
  bool Unregister(Term name, Term owner);
  // Removes whatever name `owner` has (it exits, or the port closes).
  void UnregisterOwner(Term owner);
  // The pid or port the name stands for, or kNonValue.
  Term Whereis(Term name) const;
  // The name of `owner`, or kNonValue.
  Term NameOf(Term owner) const;
  // Every registered name, in no particular order.
  std::vector<Term> Names() const;

 private:
  mutable std::mutex mutex_;  // std: visible to ThreadSanitizer (see atom_table.cc)
  absl::flat_hash_map<uint64_t, uint64_t> owners_;  // name -> owner (raw); guarded by mutex_
  absl::flat_hash_map<uint64_t, uint64_t> names_;   // owner -> name (raw); guarded by mutex_
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_NAME_REGISTRY_H_
