#include "ports/drivers/subprocess.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

extern char** environ;

namespace ling {
namespace {

absl::Status ErrnoStatus(int err, const std::string& what) {
  std::string message = absl::StrCat(what, ": ", std::strerror(err));
  if (err == ENOENT || err == EACCES || err == ENOEXEC) return absl::NotFoundError(message);
  return absl::InternalError(message);
}

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// The runtime's environment with the spec's changes applied.
std::vector<std::string> MergedEnvironment(const std::vector<std::string>& changes) {
  std::vector<std::string> merged;
  absl::flat_hash_map<std::string, size_t> index;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    index[entry.substr(0, entry.find('='))] = merged.size();
    merged.push_back(std::move(entry));
  }
  std::vector<bool> removed(merged.size(), false);
  for (const std::string& change : changes) {
    size_t eq = change.find('=');
    std::string name = change.substr(0, eq);
    auto it = index.find(name);
    if (eq == std::string::npos) {
      if (it != index.end()) removed[it->second] = true;
    } else if (it != index.end()) {
      merged[it->second] = change;
      removed[it->second] = false;
    } else {
      index[name] = merged.size();
      merged.push_back(change);
      removed.push_back(false);
    }
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < merged.size(); ++i) {
    if (!removed[i]) out.push_back(std::move(merged[i]));
  }
  return out;
}

}  // namespace

SubprocessSpec SubprocessSpec::Shell(std::string_view command) {
  SubprocessSpec spec;
  // BEAM (sys_drivers.c, spawn_start) prefixes the command with "exec ".
  spec.argv = {"/bin/sh", "-c", "exec " + std::string(command)};
  return spec;
}

absl::StatusOr<Subprocess> Subprocess::Start(const SubprocessSpec& spec) {
  if (spec.argv.empty() || spec.argv[0].empty()) {
    return absl::InvalidArgumentError("no program to start");
  }
  if (access(spec.argv[0].c_str(), X_OK) != 0) return ErrnoStatus(errno, spec.argv[0]);
  int in[2], out[2];  // in: runtime -> child; out: child -> runtime
  if (pipe2(in, O_CLOEXEC) != 0) return ErrnoStatus(errno, "pipe");
  if (pipe2(out, O_CLOEXEC) != 0) {
    int err = errno;
    close(in[0]);
    close(in[1]);
    return ErrnoStatus(err, "pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  int child_in = spec.use_stdio ? 0 : 3;
  int child_out = spec.use_stdio ? 1 : 4;
  posix_spawn_file_actions_adddup2(&actions, in[0], child_in);
  posix_spawn_file_actions_adddup2(&actions, out[1], child_out);
  if (spec.stderr_to_stdout) posix_spawn_file_actions_adddup2(&actions, out[1], 2);
  if (!spec.cd.empty()) posix_spawn_file_actions_addchdir_np(&actions, spec.cd.c_str());

  std::vector<char*> argv;
  for (const std::string& a : spec.argv)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = MergedEnvironment(spec.env);
  std::vector<char*> envp;
  for (std::string& e : env_strings)
    envp.push_back(e.data());
  envp.push_back(nullptr);

  Subprocess p;
  int err = posix_spawn(&p.pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  if (err != 0) {
    close(in[1]);
    close(out[0]);
    return ErrnoStatus(err, spec.argv[0]);
  }
  p.to_child_ = in[1];
  p.from_child_ = out[0];
  fcntl(p.to_child_, F_SETFL, fcntl(p.to_child_, F_GETFL) | O_NONBLOCK);
  fcntl(p.from_child_, F_SETFL, fcntl(p.from_child_, F_GETFL) | O_NONBLOCK);
  p.pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, p.pid_, 0));
  if (p.pidfd_ < 0) return ErrnoStatus(errno, "pidfd_open");
  return p;
}

Subprocess::Subprocess(Subprocess&& other) noexcept {
  *this = std::move(other);
}

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  if (this != &other) {
    CloseAll();
    pid_ = std::exchange(other.pid_, -1);
    to_child_ = std::exchange(other.to_child_, -1);
    from_child_ = std::exchange(other.from_child_, -1);
    pidfd_ = std::exchange(other.pidfd_, -1);
    reaped_ = std::exchange(other.reaped_, true);
  }
  return *this;
}

Subprocess::~Subprocess() {
  CloseAll();
}

void Subprocess::CloseInput() {
  CloseFd(to_child_);
}

std::optional<int> Subprocess::TryWait() {
  if (pid_ < 0 || reaped_) return std::nullopt;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r != pid_) return std::nullopt;
  reaped_ = true;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return status;
}

void Subprocess::CloseAll() {
  CloseFd(to_child_);
  CloseFd(from_child_);
  if (pid_ > 0 && !reaped_) {
    // Reap without blocking if it is done; otherwise leave it to finish on
    // its own (it has lost its pipes) -- a zombie until the runtime exits is
    // preferable to blocking a scheduler.
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) reaped_ = true;
  }
  CloseFd(pidfd_);
}

}  // namespace ling
