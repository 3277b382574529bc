#include "runtime/io/poller.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace ling::io {
namespace {

using std::chrono::milliseconds;

// Records deliveries; tests wait on it with a deadline.
class Recorder {
 public:
  struct Delivery {
    uint64_t cookie;
    uint32_t events;
  };

  Poller::Callback callback() {
    return [this](uint64_t cookie, uint32_t events) {
      std::lock_guard<std::mutex> lock(mutex_);
      deliveries_.push_back({cookie, events});
      changed_.notify_all();
    };
  }

  // True once at least n deliveries arrived (false after the deadline).
  bool WaitFor(size_t n, milliseconds deadline = milliseconds(5000)) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, deadline, [&] { return deliveries_.size() >= n; });
  }

  std::vector<Delivery> deliveries() {
    std::lock_guard<std::mutex> lock(mutex_);
    return deliveries_;
  }

  size_t count() {
    std::lock_guard<std::mutex> lock(mutex_);
    return deliveries_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Delivery> deliveries_;
};

struct Pipe {
  int read_end = -1;
  int write_end = -1;
};

Pipe MakePipe() {
  int fds[2];
  EXPECT_EQ(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  return {fds[0], fds[1]};
}

void ClosePipe(Pipe& p) {
  if (p.read_end >= 0) close(p.read_end);
  if (p.write_end >= 0) close(p.write_end);
  p = Pipe{};
}

void WriteByte(int fd) {
  ASSERT_EQ(write(fd, "x", 1), 1);
}

std::unique_ptr<Poller> MakePoller(Recorder& recorder) {
  auto poller = Poller::Create(recorder.callback());
  EXPECT_TRUE(poller.ok()) << poller.status();
  return std::move(*poller);
}

TEST(PollerTest, PipeBecomesReadable) {
  Recorder recorder;
  auto poller = MakePoller(recorder);
  poller->Start();
  Pipe p = MakePipe();
  ASSERT_TRUE(poller->Watch(p.read_end, Poller::kRead, 7).ok());
  // Nothing to read yet: no delivery.
  EXPECT_FALSE(recorder.WaitFor(1, milliseconds(50)));
  WriteByte(p.write_end);
  ASSERT_TRUE(recorder.WaitFor(1));
  auto deliveries = recorder.deliveries();
  EXPECT_EQ(deliveries[0].cookie, 7u);
  EXPECT_EQ(deliveries[0].events, Poller::kRead);
  ASSERT_TRUE(poller->Unwatch(p.read_end).ok());
  poller->CheckInvariants();
  ClosePipe(p);
}

TEST(PollerTest, SocketpairIsWritableAndReadable) {
  Recorder recorder;
  auto poller = MakePoller(recorder);
  poller->Start();
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
  ASSERT_TRUE(poller->Watch(sv[0], Poller::kWrite, 1).ok());
  ASSERT_TRUE(recorder.WaitFor(1));
  EXPECT_EQ(recorder.deliveries()[0].events, Poller::kWrite);

  ASSERT_TRUE(poller->Watch(sv[1], Poller::kRead | Poller::kWrite, 2).ok());
  ASSERT_TRUE(recorder.WaitFor(2));
  EXPECT_EQ(recorder.deliveries()[1].cookie, 2u);
  EXPECT_EQ(recorder.deliveries()[1].events, Poller::kWrite);  // nothing to read yet
  WriteByte(sv[0]);
  ASSERT_TRUE(poller->Rearm(sv[1]).ok());
  ASSERT_TRUE(recorder.WaitFor(3));
  EXPECT_EQ(recorder.deliveries()[2].events, Poller::kRead | Poller::kWrite);
  poller->CheckInvariants();
  ASSERT_TRUE(poller->Unwatch(sv[0]).ok());
  ASSERT_TRUE(poller->Unwatch(sv[1]).ok());
  close(sv[0]);
  close(sv[1]);
}

TEST(PollerTest, OneShotUntilRearm) {
  Recorder recorder;
  auto poller = MakePoller(recorder);
  poller->Start();
  Pipe p = MakePipe();
  ASSERT_TRUE(poller->Watch(p.read_end, Poller::kRead, 3).ok());
  WriteByte(p.write_end);
  ASSERT_TRUE(recorder.WaitFor(1));
  // The byte is still unread and more arrive: still no second delivery.
  WriteByte(p.write_end);
  EXPECT_FALSE(recorder.WaitFor(2, milliseconds(100)));
  poller->CheckInvariants();  // the kernel shows the registration disarmed
  ASSERT_TRUE(poller->Rearm(p.read_end).ok());
  ASSERT_TRUE(recorder.WaitFor(2));
  EXPECT_FALSE(recorder.WaitFor(3, milliseconds(50)));
  EXPECT_EQ(recorder.count(), 2u);
  Poller::Stats stats = poller->stats();
  EXPECT_EQ(stats.events_delivered, 2u);
  EXPECT_GE(stats.wakeups, 2u);
  ASSERT_TRUE(poller->Unwatch(p.read_end).ok());
  ClosePipe(p);
}

TEST(PollerTest, ModifyChangesInterestAndCookie) {
  Recorder recorder;
  auto poller = MakePoller(recorder);
  poller->Start();
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
  ASSERT_TRUE(poller->Watch(sv[0], Poller::kRead, 1).ok());
  EXPECT_FALSE(recorder.WaitFor(1, milliseconds(50)));
  // Writable at once, so the new interest fires with the new cookie.
  ASSERT_TRUE(poller->Modify(sv[0], Poller::kWrite, 9).ok());
  ASSERT_TRUE(recorder.WaitFor(1));
  EXPECT_EQ(recorder.deliveries()[0].cookie, 9u);
  EXPECT_EQ(recorder.deliveries()[0].events, Poller::kWrite);
  poller->CheckInvariants();
  ASSERT_TRUE(poller->Unwatch(sv[0]).ok());
  close(sv[0]);
  close(sv[1]);
}

TEST(PollerTest, HangupWhenWriteEndCloses) {
  Recorder recorder;
  auto poller = MakePoller(recorder);
  poller->Start();
  Pipe p = MakePipe();
  ASSERT_TRUE(poller->Watch(p.read_end, Poller::kRead, 5).ok());
  close(p.write_end);
  p.write_end = -1;
  ASSERT_TRUE(recorder.WaitFor(1));
  EXPECT_EQ(recorder.deliveries()[0].cookie, 5u);
  EXPECT_NE(recorder.deliveries()[0].events & Poller::kHangup, 0u);
  ASSERT_TRUE(poller->Unwatch(p.read_end).ok());
  ClosePipe(p);
}

TEST(PollerTest, ErrorOnWriteEndWhenReaderCloses) {
  Recorder recorder;
  auto poller = MakePoller(recorder);
  Pipe p = MakePipe();
  close(p.read_end);
  p.read_end = -1;
  ASSERT_TRUE(poller->Watch(p.write_end, Poller::kWrite, 6).ok());
  poller->Start();
  ASSERT_TRUE(recorder.WaitFor(1));
  EXPECT_NE(recorder.deliveries()[0].events & Poller::kError, 0u);
  ASSERT_TRUE(poller->Unwatch(p.write_end).ok());
  ClosePipe(p);
}

// A registration readable before Unwatch must not reach a new registration
// of the same fd number: its event would carry the old registration id.
TEST(PollerTest, UnwatchCloseReuseGetsNoStaleCallback) {
  Recorder recorder;
  auto poller = MakePoller(recorder);
  Pipe old_pipe = MakePipe();
  ASSERT_TRUE(poller->Watch(old_pipe.read_end, Poller::kRead, 100).ok());
  WriteByte(old_pipe.write_end);
  ASSERT_TRUE(poller->Unwatch(old_pipe.read_end).ok());
  int old_fd = old_pipe.read_end;
  ClosePipe(old_pipe);

  Pipe new_pipe = MakePipe();  // the lowest free numbers: the old ones
  ASSERT_EQ(new_pipe.read_end, old_fd);
  ASSERT_TRUE(poller->Watch(new_pipe.read_end, Poller::kRead, 200).ok());
  poller->Start();
  EXPECT_FALSE(recorder.WaitFor(1, milliseconds(100)));
  WriteByte(new_pipe.write_end);
  ASSERT_TRUE(recorder.WaitFor(1));
  EXPECT_FALSE(recorder.WaitFor(2, milliseconds(50)));
  for (const auto& delivery : recorder.deliveries())
    EXPECT_EQ(delivery.cookie, 200u);
  poller->CheckInvariants();
  ASSERT_TRUE(poller->Unwatch(new_pipe.read_end).ok());
  ClosePipe(new_pipe);
}

TEST(PollerTest, ErrorsForBadInput) {
  Recorder recorder;
  auto poller = MakePoller(recorder);
  Pipe p = MakePipe();

  EXPECT_EQ(poller->Watch(-1, Poller::kRead, 0).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(poller->Watch(p.read_end, 0, 0).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(poller->Watch(p.read_end, Poller::kHangup, 0).code(),
            absl::StatusCode::kInvalidArgument);

  int closed = dup(p.read_end);
  close(closed);
  absl::Status bad_fd = poller->Watch(closed, Poller::kRead, 0);
  EXPECT_EQ(bad_fd.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_fd.message().find("not an open descriptor"), std::string::npos) << bad_fd;

  char path[] = "/tmp/poller_test_XXXXXX";
  int file = mkstemp(path);
  ASSERT_GE(file, 0);
  unlink(path);
  absl::Status regular = poller->Watch(file, Poller::kRead, 0);
  EXPECT_EQ(regular.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(regular.message().find("cannot be polled"), std::string::npos) << regular;
  close(file);

  ASSERT_TRUE(poller->Watch(p.read_end, Poller::kRead, 0).ok());
  EXPECT_EQ(poller->Watch(p.read_end, Poller::kRead, 0).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(poller->Modify(p.read_end, 0, 0).code(), absl::StatusCode::kInvalidArgument);

  EXPECT_EQ(poller->Unwatch(p.write_end).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(poller->Rearm(p.write_end).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(poller->Modify(p.write_end, Poller::kWrite, 0).code(), absl::StatusCode::kNotFound);
  poller->CheckInvariants();

  // Closing before Unwatch: the registration still goes, with a clear error.
  close(p.read_end);
  poller->CheckInvariants();  // a closed registered fd is tolerated
  EXPECT_EQ(poller->Unwatch(p.read_end).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(poller->Unwatch(p.read_end).code(), absl::StatusCode::kNotFound);
  p.read_end = -1;
  poller->CheckInvariants();
  ClosePipe(p);
}

TEST(PollerTest, ThousandPipesAllDelivered) {
  rlimit limit;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_cur < 2100 && limit.rlim_max >= 2100) {
    limit.rlim_cur = 2100;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  }
  ASSERT_GE(limit.rlim_cur, 2100u) << "needs 2100 descriptors";

  constexpr int kPipes = 1000;
  std::mutex mutex;
  std::vector<int> seen(kPipes, 0);
  std::atomic<int> total{0};
  auto created = Poller::Create([&](uint64_t cookie, uint32_t events) {
    std::lock_guard<std::mutex> lock(mutex);
    ++seen[cookie];
    total.fetch_add(1);
  });
  ASSERT_TRUE(created.ok());
  Poller& poller = **created;
  poller.Start();
  std::vector<Pipe> pipes;
  for (int i = 0; i < kPipes; ++i) {
    pipes.push_back(MakePipe());
    ASSERT_TRUE(poller.Watch(pipes.back().read_end, Poller::kRead, i).ok());
  }
  for (Pipe& p : pipes)
    WriteByte(p.write_end);
  for (int waited = 0; total.load() < kPipes && waited < 500; ++waited) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_EQ(total.load(), kPipes);
  {
    std::lock_guard<std::mutex> lock(mutex);
    for (int i = 0; i < kPipes; ++i)
      EXPECT_EQ(seen[i], 1) << "pipe " << i;
  }
  poller.CheckInvariants();
  for (Pipe& p : pipes) {
    ASSERT_TRUE(poller.Unwatch(p.read_end).ok());
    ClosePipe(p);
  }
  poller.CheckInvariants();
  EXPECT_EQ(poller.stats().events_delivered, static_cast<uint64_t>(kPipes));
}

TEST(PollerTest, CallbackMayRearmAndUnwatchItsOwnFd) {
  Pipe p = MakePipe();
  std::atomic<int> calls{0};
  Poller* self = nullptr;
  auto created = Poller::Create([&](uint64_t cookie, uint32_t events) {
    // Re-arm twice (data stays unread, so each arming fires), then leave.
    if (calls.fetch_add(1) + 1 < 3) {
      EXPECT_TRUE(self->Rearm(p.read_end).ok());
    } else {
      EXPECT_TRUE(self->Unwatch(p.read_end).ok());
    }
  });
  ASSERT_TRUE(created.ok());
  self = created->get();
  ASSERT_TRUE(self->Watch(p.read_end, Poller::kRead, 0).ok());
  WriteByte(p.write_end);
  self->Start();
  for (int waited = 0; calls.load() < 3 && waited < 500; ++waited) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(self->Unwatch(p.read_end).code(), absl::StatusCode::kNotFound);
  self->CheckInvariants();
  ClosePipe(p);
}

TEST(PollerTest, UnwatchWaitsForRunningCallback) {
  Pipe p = MakePipe();
  std::mutex mutex;
  std::condition_variable changed;
  bool entered = false;
  bool release = false;
  auto created = Poller::Create([&](uint64_t, uint32_t) {
    std::unique_lock<std::mutex> lock(mutex);
    entered = true;
    changed.notify_all();
    changed.wait(lock, [&] { return release; });
  });
  ASSERT_TRUE(created.ok());
  Poller& poller = **created;
  ASSERT_TRUE(poller.Watch(p.read_end, Poller::kRead, 0).ok());
  WriteByte(p.write_end);
  poller.Start();
  {
    std::unique_lock<std::mutex> lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(5), [&] { return entered; }));
  }
  std::atomic<bool> returned{false};
  std::thread unwatcher([&] {
    EXPECT_TRUE(poller.Unwatch(p.read_end).ok());
    returned.store(true);
  });
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_FALSE(returned.load()) << "Unwatch returned while the fd's callback was running";
  {
    std::lock_guard<std::mutex> lock(mutex);
    release = true;
    changed.notify_all();
  }
  unwatcher.join();
  EXPECT_TRUE(returned.load());
  ClosePipe(p);
}

TEST(PollerTest, StartAndStopAreIdempotentAndRestartable) {
  Recorder recorder;
  auto never_started = MakePoller(recorder);
  never_started->Stop();
  never_started->Stop();

  auto poller = MakePoller(recorder);
  poller->Start();
  poller->Start();
  poller->Stop();
  poller->Stop();
  Pipe p = MakePipe();
  ASSERT_TRUE(poller->Watch(p.read_end, Poller::kRead, 1).ok());
  WriteByte(p.write_end);
  EXPECT_FALSE(recorder.WaitFor(1, milliseconds(50)));  // stopped: nothing runs
  poller->Start();
  ASSERT_TRUE(recorder.WaitFor(1));
  ASSERT_TRUE(poller->Unwatch(p.read_end).ok());
  ClosePipe(p);
  poller->CheckInvariants();
  // The destructor stops the running thread.
}

}  // namespace
}  // namespace ling::io
