// The BEAM side of the contention table: runs benchmarks/peer/contention.erl
// with the linked-in sink_drv (both built by Bazel) on Erlang/OTP's `erl`.
#ifndef LING_BENCHMARKS_BEAM_PEER_H_
#define LING_BENCHMARKS_BEAM_PEER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace ling::bench {

struct BeamFigure {
  int64_t senders;
  int64_t bytes;
  double signals_per_s;
};

// Where the built peer files are: the binary's runfiles (bazel run, bazel
// test, or the binary run by hand next to its .runfiles). nullopt if absent.
std::optional<std::string> FindPeerDir(const char* argv0);

// N senders to one port on erl, for each of `senders` x `bytes`.
// `erl_flags` go to the emulator (e.g. "+spp true"). An error if erl is
// missing or the peer fails.
absl::StatusOr<std::vector<BeamFigure>> RunBeamPeer(const std::string& peer_dir,
                                                    const std::string& erl_flags,
                                                    const std::vector<int64_t>& senders,
                                                    const std::vector<int64_t>& bytes);

}  // namespace ling::bench

#endif  // LING_BENCHMARKS_BEAM_PEER_H_
