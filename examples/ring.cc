#include "examples/ring.h"

namespace ling::examples {
namespace {

// One member: learns its successor, then forwards the token.
Task RingMember(Context& ctx, absl::Notification* done) {
  Message setup = co_await ctx.Receive();
  Pid next = Pid::FromTerm(setup.term());
  for (;;) {
    Message token = co_await ctx.Receive();
    int64_t left = SmallValue(token.term());
    if (left == 0) {
      done->Notify();
      co_return;
    }
    ctx.Send(next, MakeSmall(left - 1));
  }
}

}  // namespace

absl::StatusOr<std::vector<Pid>> BuildRing(Runtime& rt, int processes, absl::Notification* done) {
  std::vector<Pid> ring;
  ring.reserve(processes);
  for (int i = 0; i < processes; ++i) {
    absl::StatusOr<Pid> pid = rt.Spawn([done](Context& ctx) { return RingMember(ctx, done); });
    if (!pid.ok()) return pid.status();
    ring.push_back(*pid);
  }
  for (int i = 0; i < processes; ++i) {
    absl::Status sent = rt.Send(ring[i], ring[(i + 1) % processes].term());
    if (!sent.ok()) return sent;
  }
  return ring;
}

}  // namespace ling::examples
