#include "benchmarks/beam_peer.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ling::bench {
namespace {

bool HasPeer(const std::string& dir) {
  return access((dir + "/contention.beam").c_str(), R_OK) == 0 &&
         access((dir + "/sink_drv.so").c_str(), R_OK) == 0;
}

}  // namespace

std::optional<std::string> FindPeerDir(const char* argv0) {
  std::vector<std::string> candidates = {"benchmarks/peer"};  // bazel run's cwd
  for (const char* env : {"RUNFILES_DIR", "TEST_SRCDIR"}) {
    if (const char* root = std::getenv(env))
      candidates.push_back(absl::StrCat(root, "/libling/benchmarks/peer"));
  }
  candidates.push_back(absl::StrCat(argv0, ".runfiles/libling/benchmarks/peer"));
  for (const std::string& dir : candidates) {
    if (HasPeer(dir)) return dir;
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<BeamFigure>> RunBeamPeer(const std::string& peer_dir,
                                                    const std::string& erl_flags,
                                                    const std::vector<int64_t>& senders,
                                                    const std::vector<int64_t>& bytes) {
  std::string command =
      absl::StrCat("erl ", erl_flags, " -noshell -pa '", peer_dir, "' -run contention main '",
                   peer_dir, "' ", absl::StrJoin(senders, ","), " ", absl::StrJoin(bytes, ","));
  FILE* out = popen(command.c_str(), "r");
  if (out == nullptr) return absl::InternalError("cannot start erl");
  std::vector<BeamFigure> figures;
  long long n = 0, s = 0;
  double rate = 0;
  while (fscanf(out, "%lld %lld %lf", &n, &s, &rate) == 3)
    figures.push_back({n, s, rate});
  int status = pclose(out);
  if (status != 0 || figures.size() != senders.size() * bytes.size()) {
    return absl::UnavailableError(absl::StrCat("the BEAM peer failed (", command, ": exit status ",
                                               WEXITSTATUS(status), ")"));
  }
  return figures;
}

}  // namespace ling::bench
