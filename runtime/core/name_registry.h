// NameRegistry: registered process names (register/2, whereis/1), node-wide.
//
// Concurrency contract: every method may be called from any thread; a mutex
// guards the map (registration is rare, lookups are short). A process's own
// record of its name (Process::registered_name) is kept by the process.
#ifndef LING_RUNTIME_CORE_NAME_REGISTRY_H_
#define LING_RUNTIME_CORE_NAME_REGISTRY_H_

#include <cstdint>
#include <mutex>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "ling/term.h"

namespace ling {

class NameRegistry {
 public:
  // AlreadyExists if the name is taken. InvalidArgument for `undefined`,
  // which Erlang reserves.
  absl::Status Register(Term name, uint64_t id);
  // Removes the name only if it still maps to `id`.
  bool Unregister(Term name, uint64_t id);
  std::optional<uint64_t> Whereis(Term name) const;

 private:
  mutable std::mutex mutex_;  // std: visible to ThreadSanitizer (see atom_table.cc)
  absl::flat_hash_map<uint64_t, uint64_t> ids_;  // atom raw -> id; guarded by mutex_
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_NAME_REGISTRY_H_
