// A ring of native processes passing a token: shared by the native_ring
// example and the ring benchmark, so both measure the same program.
#ifndef LING_EXAMPLES_RING_H_
#define LING_EXAMPLES_RING_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "ling/runtime.h"

namespace ling::examples {

// Spawns `processes` ring members, each told its successor. A token (a
// countdown) sent to the first member is passed on decremented; the member
// that receives 0 notifies `done` and leaves. Returns the members in order.
absl::StatusOr<std::vector<Pid>> BuildRing(Runtime& rt, int processes, absl::Notification* done);

}  // namespace ling::examples

#endif  // LING_EXAMPLES_RING_H_
