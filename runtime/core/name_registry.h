// NameRegistry: registered process names (register/2, whereis/1), node-wide.
//
// Concurrency contract: every method may be called from any thread; a mutex
// guards the map (registration is rare, lookups are short). A process's own
// record of its name (Process::registered_name) is kept by the process.
#ifndef LING_RUNTIME_CORE_NAME_REGISTRY_H_
#define LING_RUNTIME_CORE_NAME_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
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
  std::vector<Term> Names() const;

 private:
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<uint64_t, uint64_t> ids_ ABSL_GUARDED_BY(mutex_);  // atom raw -> id
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_NAME_REGISTRY_H_
