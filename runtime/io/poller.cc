#include "runtime/io/poller.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/check.h"

namespace ling::io {
namespace {

constexpr uint64_t kWakeId = 0;
constexpr int kMaxEventsPerWait = 128;

uint32_t ToEpollInterest(uint32_t events) {
  uint32_t interest = EPOLLONESHOT;
  if (events & Poller::kRead) interest |= EPOLLIN;
  if (events & Poller::kWrite) interest |= EPOLLOUT;
  return interest;
}

uint32_t FromEpollEvents(uint32_t epoll_events) {
  uint32_t events = 0;
  if (epoll_events & EPOLLIN) events |= Poller::kRead;
  if (epoll_events & EPOLLOUT) events |= Poller::kWrite;
  if (epoll_events & EPOLLHUP) events |= Poller::kHangup;
  if (epoll_events & EPOLLERR) events |= Poller::kError;
  return events;
}

absl::Status ValidateInterest(uint32_t events) {
  if (events == 0 || (events & ~(Poller::kRead | Poller::kWrite)) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("events must be a non-empty subset of kRead|kWrite, got ", events));
  }
  return absl::OkStatus();
}

absl::Status CtlError(int error, int fd) {
  switch (error) {
    case EBADF:
      return absl::InvalidArgumentError(absl::StrCat("fd ", fd, " is not an open descriptor"));
    case EPERM:
      return absl::InvalidArgumentError(
          absl::StrCat("fd ", fd, " cannot be polled (a regular file or directory?)"));
    case EEXIST:
      return absl::AlreadyExistsError(absl::StrCat("fd ", fd, " is already in the epoll set"));
    case ENOMEM:
    case ENOSPC:
      return absl::ResourceExhaustedError(
          absl::StrCat("epoll_ctl on fd ", fd, ": ", std::strerror(error)));
    default:
      return absl::InternalError(absl::StrCat("epoll_ctl on fd ", fd, ": ", std::strerror(error)));
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<Poller>> Poller::Create(Callback callback) {
  int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) {
    return absl::ResourceExhaustedError(absl::StrCat("epoll_create1: ", std::strerror(errno)));
  }
  int wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd < 0) {
    int error = errno;
    close(epoll_fd);
    return absl::ResourceExhaustedError(absl::StrCat("eventfd: ", std::strerror(error)));
  }
  // Level-triggered and never one-shot: a wake-up must always get through.
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = kWakeId;
  if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &event) != 0) {
    int error = errno;
    close(wake_fd);
    close(epoll_fd);
    return CtlError(error, wake_fd);
  }
  return std::unique_ptr<Poller>(new Poller(epoll_fd, wake_fd, std::move(callback)));
}

Poller::Poller(int epoll_fd, int wake_fd, Callback callback)
    : epoll_fd_(epoll_fd), wake_fd_(wake_fd), callback_(std::move(callback)) {}

Poller::~Poller() {
  Stop();
  close(wake_fd_);
  close(epoll_fd_);
}

void Poller::Start() {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mutex_);
  if (thread_.joinable()) return;
  stop_requested_.store(false);
  thread_ = std::thread([this] { Run(); });
}

void Poller::Stop() {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mutex_);
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    LING_CHECK(!OnPollerThreadLocked()) << "Poller::Stop called from the poller callback";
  }
  stop_requested_.store(true);
  uint64_t one = 1;
  LING_CHECK(write(wake_fd_, &one, sizeof(one)) == sizeof(one))
      << "eventfd write: " << std::strerror(errno);
  thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  poller_thread_ = std::thread::id();
}

bool Poller::OnPollerThreadLocked() const {
  return poller_thread_ == std::this_thread::get_id();
}

void Poller::Run() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    poller_thread_ = std::this_thread::get_id();
  }
  epoll_event events[kMaxEventsPerWait];
  while (!stop_requested_.load()) {
    int n = epoll_wait(epoll_fd_, events, kMaxEventsPerWait, -1);
    if (n < 0) {
      LING_CHECK(errno == EINTR) << "epoll_wait: " << std::strerror(errno);
      continue;
    }
    wakeups_.fetch_add(1);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.u64 == kWakeId) {
        // Drain the counter so the level-triggered eventfd stops reporting;
        // stop_requested_ is checked by the loop.
        uint64_t count;
        while (read(wake_fd_, &count, sizeof(count)) == sizeof(count)) {
        }
        continue;
      }
      events_seen_.fetch_add(1);
      Dispatch(events[i].data.u64, events[i].events);
    }
  }
}

void Poller::Dispatch(uint64_t id, uint32_t epoll_events) {
  uint64_t cookie;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = by_id_.find(id);
    // Stale: unwatched after epoll_wait returned, or delivered already for
    // this arming (a Rearm raced with an event of the previous arming).
    if (it == by_id_.end() || !it->second.armed) {
      events_dropped_.fetch_add(1);
      return;
    }
    it->second.armed = false;
    cookie = it->second.cookie;
    running_id_ = id;
  }
  callback_(cookie, FromEpollEvents(epoll_events));
  events_delivered_.fetch_add(1);
  std::lock_guard<std::mutex> lock(mutex_);
  running_id_ = 0;
  if (unwatch_waiters_ > 0) callback_done_.notify_all();
}

absl::Status Poller::ArmLocked(int op, int fd, uint64_t id, uint32_t events) {
  epoll_event event{};
  event.events = ToEpollInterest(events);
  event.data.u64 = id;
  if (epoll_ctl(epoll_fd_, op, fd, &event) != 0) return CtlError(errno, fd);
  return absl::OkStatus();
}

absl::Status Poller::Watch(int fd, uint32_t events, uint64_t cookie) {
  if (fd < 0) return absl::InvalidArgumentError(absl::StrCat("negative fd ", fd));
  if (absl::Status status = ValidateInterest(events); !status.ok()) return status;
  std::lock_guard<std::mutex> lock(mutex_);
  if (fd == epoll_fd_ || fd == wake_fd_) {
    return absl::InvalidArgumentError(absl::StrCat("fd ", fd, " belongs to the poller"));
  }
  if (by_fd_.contains(fd)) {
    return absl::AlreadyExistsError(absl::StrCat("fd ", fd, " is already watched"));
  }
  uint64_t id = next_id_++;
  if (absl::Status status = ArmLocked(EPOLL_CTL_ADD, fd, id, events); !status.ok()) return status;
  by_fd_.emplace(fd, id);
  by_id_.emplace(id, Registration{fd, events, cookie, /*armed=*/true});
  return absl::OkStatus();
}

absl::Status Poller::Modify(int fd, uint32_t events, uint64_t cookie) {
  if (absl::Status status = ValidateInterest(events); !status.ok()) return status;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_fd_.find(fd);
  if (it == by_fd_.end()) return absl::NotFoundError(absl::StrCat("fd ", fd, " is not watched"));
  if (absl::Status status = ArmLocked(EPOLL_CTL_MOD, fd, it->second, events); !status.ok()) {
    return status;
  }
  Registration& registration = by_id_.at(it->second);
  registration.events = events;
  registration.cookie = cookie;
  registration.armed = true;
  return absl::OkStatus();
}

absl::Status Poller::Rearm(int fd) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_fd_.find(fd);
  if (it == by_fd_.end()) return absl::NotFoundError(absl::StrCat("fd ", fd, " is not watched"));
  Registration& registration = by_id_.at(it->second);
  if (absl::Status status = ArmLocked(EPOLL_CTL_MOD, fd, it->second, registration.events);
      !status.ok()) {
    return status;
  }
  registration.armed = true;
  return absl::OkStatus();
}

absl::Status Poller::Unwatch(int fd) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto it = by_fd_.find(fd);
  if (it == by_fd_.end()) return absl::NotFoundError(absl::StrCat("fd ", fd, " is not watched"));
  uint64_t id = it->second;
  absl::Status status;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr) != 0) {
    // Closing an fd drops it from the epoll set, so the registration is
    // dead either way; the caller broke the "Unwatch before close" rule.
    status = absl::FailedPreconditionError(
        absl::StrCat("fd ", fd, " was closed or replaced before Unwatch: ", std::strerror(errno)));
  }
  by_fd_.erase(it);
  by_id_.erase(id);
  if (!OnPollerThreadLocked()) {
    ++unwatch_waiters_;
    callback_done_.wait(lock, [&] { return running_id_ != id; });
    --unwatch_waiters_;
  }
  return status;
}

Poller::Stats Poller::stats() const {
  Stats stats;
  stats.wakeups = wakeups_.load();
  stats.events_delivered = events_delivered_.load();
  stats.events_dropped = events_dropped_.load();
  // Loaded last: every delivery or drop counted above was seen before.
  stats.events_seen = events_seen_.load();
  return stats;
}

void Poller::CheckInvariants() const {
  Stats now = stats();
  LING_CHECK(now.events_delivered + now.events_dropped <= now.events_seen)
      << "delivered " << now.events_delivered << " + dropped " << now.events_dropped << " > seen "
      << now.events_seen;

  std::lock_guard<std::mutex> lock(mutex_);
  LING_CHECK_EQ(by_fd_.size(), by_id_.size());
  for (const auto& [fd, id] : by_fd_) {
    auto it = by_id_.find(id);
    LING_CHECK(it != by_id_.end()) << "fd " << fd << " maps to unknown id " << id;
    LING_CHECK_EQ(it->second.fd, fd);
    LING_CHECK(id != kWakeId && id < next_id_) << "id " << id;
    LING_CHECK(ValidateInterest(it->second.events).ok()) << "events " << it->second.events;
  }
  LING_CHECK(running_id_ == 0 || poller_thread_ != std::thread::id())
      << "a callback runs but there is no poller thread";

  // The kernel's view: one "tfd: <fd> events: <hex> data: <hex>" line per
  // registration. mutex_ is held, so no epoll_ctl runs meanwhile.
  std::string path = absl::StrCat("/proc/self/fdinfo/", epoll_fd_);
  FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) return;  // no /proc (e.g. the Xen target): table checks only
  char line[256];
  absl::flat_hash_set<int> kernel_fds;
  while (std::fgets(line, sizeof(line), file) != nullptr) {
    int fd;
    unsigned events;
    uint64_t data;
    if (std::sscanf(line, "tfd: %d events: %x data: %" SCNx64, &fd, &events, &data) != 3) continue;
    kernel_fds.insert(fd);
    if (fd == wake_fd_) {
      LING_CHECK_EQ(data, kWakeId);
      continue;
    }
    auto it = by_fd_.find(fd);
    LING_CHECK(it != by_fd_.end()) << "kernel watches fd " << fd << " which is not registered";
    LING_CHECK_EQ(it->second, data);
    // One-shot: a fired registration keeps only its flag bits in the kernel.
    uint32_t interest = events & (EPOLLIN | EPOLLOUT);
    uint32_t expected = ToEpollInterest(by_id_.at(it->second).events) & (EPOLLIN | EPOLLOUT);
    LING_CHECK(interest == 0 || interest == expected)
        << "fd " << fd << " kernel interest " << interest << " vs registered " << expected;
  }
  std::fclose(file);
  LING_CHECK(kernel_fds.contains(wake_fd_)) << "wake-up eventfd missing from the epoll set";
  // A registration missing from the kernel is legal only for an fd its owner
  // closed before Unwatch (closing drops it from the epoll set); if that
  // number is open again, a new file sits where a watched one was.
  for (const auto& [fd, id] : by_fd_) {
    if (kernel_fds.contains(fd)) continue;
    LING_CHECK(fcntl(fd, F_GETFD) == -1 && errno == EBADF)
        << "fd " << fd << " (registration " << id
        << ") is open but not in the epoll set: closed and reused before Unwatch?";
  }
}

}  // namespace ling::io
