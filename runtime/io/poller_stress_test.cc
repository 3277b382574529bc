// Owner threads write, drain-and-rearm, and unwatch/close/re-create their
// pipes while the poller delivers; a checker thread runs CheckInvariants.
// The callback checks the two promises that matter to ports:
//  - no callback for a registration after Unwatch of it returned
//    (the cookie's generation is always the slot's current one);
//  - one delivery per arming (the slot's armed flag is set when delivered).
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/io/poller.h"

namespace ling::io {
namespace {

constexpr int kOwners = 3;
constexpr int kSlotsPerOwner = 16;
constexpr auto kDuration = std::chrono::milliseconds(1500);

struct Slot {
  int read_end = -1;  // touched by the owner thread only
  int write_end = -1;
  std::atomic<uint32_t> generation{0};  // of the live registration
  std::atomic<bool> armed{false};       // set by the owner before arming
  std::atomic<bool> fired{false};       // set by the callback, cleared by the owner
};

uint64_t Cookie(int slot, uint32_t generation) {
  return (static_cast<uint64_t>(slot) << 32) | generation;
}

TEST(PollerStressTest, WatchUnwatchRearmWhileDataFlows) {
  std::vector<Slot> slots(kOwners * kSlotsPerOwner);
  std::atomic<uint64_t> deliveries{0};
  std::atomic<uint64_t> stale{0};
  std::atomic<uint64_t> double_delivery{0};

  auto created = Poller::Create([&](uint64_t cookie, uint32_t events) {
    Slot& slot = slots[cookie >> 32];
    if (slot.generation.load() != static_cast<uint32_t>(cookie)) stale.fetch_add(1);
    if (!slot.armed.exchange(false)) double_delivery.fetch_add(1);
    slot.fired.store(true);
    deliveries.fetch_add(1);
  });
  ASSERT_TRUE(created.ok());
  Poller& poller = **created;
  poller.Start();

  auto open_slot = [&](int index) {
    Slot& slot = slots[index];
    int fds[2];
    ASSERT_EQ(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
    slot.read_end = fds[0];
    slot.write_end = fds[1];
    uint32_t generation = slot.generation.load() + 1;
    slot.generation.store(generation);
    slot.fired.store(false);
    slot.armed.store(true);
    ASSERT_TRUE(poller.Watch(slot.read_end, Poller::kRead, Cookie(index, generation)).ok());
  };
  auto close_slot = [&](int index) {
    Slot& slot = slots[index];
    ASSERT_TRUE(poller.Unwatch(slot.read_end).ok());
    // From here no callback of this registration runs: closing is safe.
    close(slot.read_end);
    close(slot.write_end);
  };

  const auto deadline = std::chrono::steady_clock::now() + kDuration;
  std::vector<std::thread> owners;
  for (int owner = 0; owner < kOwners; ++owner) {
    owners.emplace_back([&, owner] {
      std::mt19937 random(owner);
      const int first = owner * kSlotsPerOwner;
      for (int i = 0; i < kSlotsPerOwner; ++i)
        open_slot(first + i);
      while (std::chrono::steady_clock::now() < deadline) {
        int index = first + static_cast<int>(random() % kSlotsPerOwner);
        Slot& slot = slots[index];
        switch (random() % 8) {
          case 0:
            close_slot(index);
            open_slot(index);
            break;
          default:
            // The port's side: write; after a delivery, drain and re-arm.
            (void)!write(slot.write_end, "x", 1);
            if (slot.fired.exchange(false)) {
              char buffer[256];
              while (read(slot.read_end, buffer, sizeof(buffer)) > 0) {
              }
              (void)!write(slot.write_end, "y", 1);  // ready again at once
              slot.armed.store(true);
              ASSERT_TRUE(poller.Rearm(slot.read_end).ok());
            }
            break;
        }
      }
      for (int i = 0; i < kSlotsPerOwner; ++i)
        close_slot(first + i);
    });
  }
  std::thread checker([&] {
    while (std::chrono::steady_clock::now() < deadline) {
      poller.CheckInvariants();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  for (std::thread& thread : owners)
    thread.join();
  checker.join();
  poller.Stop();
  poller.CheckInvariants();

  EXPECT_EQ(stale.load(), 0u);
  EXPECT_EQ(double_delivery.load(), 0u);
  EXPECT_GT(deliveries.load(), 100u);
  Poller::Stats stats = poller.stats();
  EXPECT_EQ(stats.events_delivered, deliveries.load());
  EXPECT_EQ(stats.events_delivered + stats.events_dropped, stats.events_seen);
}

}  // namespace
}  // namespace ling::io
