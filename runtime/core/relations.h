// Relations: the links and monitors of one process. Allocated on first use
// so that a process with none (the common case) pays one pointer.
//
// Owned by the process's running thread; never touched by other threads
// (they send kLink/kMonitor/... signals instead).
#ifndef LING_RUNTIME_CORE_RELATIONS_H_
#define LING_RUNTIME_CORE_RELATIONS_H_

#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "ling/types.h"

namespace ling {

// Entities are kept as the raw bits of their id terms (pid or port), which
// tell the two kinds apart.
struct Relations {
  absl::flat_hash_set<uint64_t> links;
  // Monitors this process holds: ref -> the monitored entity.
  absl::flat_hash_map<MonitorRef, uint64_t> monitoring;
  // Those of them taken by registered name: ref -> the name (an atom).
  // Their 'DOWN' names {Name, Node}, as BEAM's.
  absl::flat_hash_map<MonitorRef, uint64_t> monitor_names;
  // Monitors on this process: ref -> the watcher.
  absl::flat_hash_map<MonitorRef, uint64_t> monitored_by;

  bool empty() const { return links.empty() && monitoring.empty() && monitored_by.empty(); }
};

}  // namespace ling

#endif  // LING_RUNTIME_CORE_RELATIONS_H_
