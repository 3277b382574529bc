// Readers on managed and unmanaged threads keep dereferencing a shared object
// while writers swap it and retire the old one. A reader that ever sees a
// destroyed object (poisoned canary) fails the test; ASan catches a read of
// freed memory and TSan a read not ordered before the free. At the end every
// object was freed exactly once.
//
// Each case is bounded by wall time (about a second), not by iterations.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "runtime/progress/thread_progress.h"

namespace ling {
namespace {

constexpr uint64_t kAlive = 0xA11CEA11CEA11CEull;
constexpr uint64_t kDead = 0xDEADDEADDEADDEADull;
constexpr uint32_t kMaxObjects = 1u << 21;

struct Census {
  std::atomic<uint32_t> next_id{0};
  std::atomic<uint64_t> constructed{0};
  std::atomic<uint64_t> destroyed{0};
  std::unique_ptr<std::atomic<uint8_t>[]> frees { new std::atomic<uint8_t>[ kMaxObjects ]() };
};

class Object {
 public:
  explicit Object(Census& census) : census_(census), id_(census.next_id.fetch_add(1)) {
    for (int k = 0; k < 4; ++k)
      payload_[k] = id_ * 4 + k;
    census_.constructed.fetch_add(1, std::memory_order_relaxed);
  }
  ~Object() {
    // Atomic, so the poison store is not elided as dead before the delete.
    canary_.store(kDead, std::memory_order_relaxed);
    for (uint64_t& p : payload_)
      p = 0;  // plain: TSan sees a racing reader
    census_.frees[id_].fetch_add(1, std::memory_order_relaxed);
    census_.destroyed.fetch_add(1, std::memory_order_relaxed);
  }
  // True when the object looks alive and intact.
  bool Check() const {
    if (canary_.load(std::memory_order_relaxed) != kAlive) return false;
    for (int k = 0; k < 4; ++k) {
      if (payload_[k] != uint64_t{id_} * 4 + k) return false;
    }
    return true;
  }
  uint32_t id() const { return id_; }

 private:
  Census& census_;
  const uint32_t id_;
  std::atomic<uint64_t> canary_{kAlive};
  uint64_t payload_[4];
};

struct Params {
  int managed;
  int unmanaged;
  int delay_slots;
};

class ThreadProgressStress : public ::testing::TestWithParam<Params> {};

TEST_P(ThreadProgressStress, NoReaderEverSeesFreedMemory) {
  const Params params = GetParam();
  const auto kDuration = std::chrono::milliseconds(1000);
  Census census;
  auto progress = std::make_unique<ThreadProgress>(params.managed, params.delay_slots);
  ThreadProgress& tp = *progress;
  std::atomic<Object*> current{new Object(census)};
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> bad{0}, reads{0}, swaps{0}, sleeps{0}, guards{0};
  std::atomic<uint64_t> freed_while_running{0};

  // Publishes a fresh object; returns the old one, now unreachable.
  auto swap = [&]() -> Object* {
    if (census.next_id.load(std::memory_order_relaxed) >= kMaxObjects - 64) return nullptr;
    swaps.fetch_add(1, std::memory_order_relaxed);
    return current.exchange(new Object(census), std::memory_order_acq_rel);
  };
  auto read = [&](Object* o) {
    if (!o->Check()) bad.fetch_add(1);
    reads.fetch_add(1, std::memory_order_relaxed);
  };
  auto retire_fn = [&](Object* old) {
    return [&, old] {
      delete old;
      if (!stop.load(std::memory_order_relaxed)) {
        freed_while_running.fetch_add(1, std::memory_order_relaxed);
      }
    };
  };

  std::vector<std::thread> threads;
  for (int i = 0; i < params.managed; ++i) {
    threads.emplace_back([&, i] {
      std::mt19937 rng(1000 + i);
      tp.Wake(i);
      uint64_t iteration = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        ++iteration;
        // A scheduler slice: hold pointers between scheduling points.
        Object* held = current.load(std::memory_order_acquire);
        for (int k = 0; k < 8; ++k) {
          read(held);
          read(current.load(std::memory_order_acquire));
        }
        if (rng() % 8 == 0) {
          if (Object* old = swap()) tp.Retire(i, retire_fn(old));
        }
        read(held);
        tp.Quiescent(i);
        const uint32_t dice = rng() % 512;
        if (dice < 2) {
          // Go to sleep with nothing held; sometimes with callbacks pending.
          tp.Sleep(i);
          sleeps.fetch_add(1, std::memory_order_relaxed);
          std::this_thread::sleep_for(std::chrono::microseconds(rng() % 300));
          tp.Wake(i);
        } else if (dice < 6) {
          // Hold a pointer across scheduling points under a guard.
          ThreadProgress::DelayGuard guard = tp.DelayProgress();
          guards.fetch_add(1, std::memory_order_relaxed);
          Object* o = current.load(std::memory_order_acquire);
          for (int k = 0; k < 4; ++k) {
            tp.Quiescent(i);
            read(o);
          }
        } else if (dice < 8) {
          tp.Reclaim(i);
        }
        if (i == 0 && iteration % 256 == 0) tp.CheckInvariants();
      }
      tp.Reclaim(i);
      tp.Sleep(i);
    });
  }
  for (int u = 0; u < params.unmanaged; ++u) {
    threads.emplace_back([&, u] {
      std::mt19937 rng(2000 + u);
      while (!stop.load(std::memory_order_relaxed)) {
        ThreadProgress::DelayGuard guard = tp.DelayProgress();
        guards.fetch_add(1, std::memory_order_relaxed);
        Object* o = current.load(std::memory_order_acquire);
        read(o);
        const uint32_t dice = rng() % 16;
        if (dice == 0) {
          std::this_thread::yield();  // hold the guard while descheduled
        } else if (dice == 1) {
          ThreadProgress::DelayGuard nested = tp.DelayProgress();
          read(current.load(std::memory_order_acquire));
        } else if (dice == 2) {
          if (Object* old = swap()) tp.RetireShared(retire_fn(old));
        }
        read(o);
        guard.Release();
        if (dice == 3) tp.CheckInvariants();
      }
    });
  }
  // A host-thread writer that only swaps and retires.
  threads.emplace_back([&] {
    while (!stop.load(std::memory_order_relaxed)) {
      if (Object* old = swap()) tp.RetireShared(retire_fn(old));
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
  });

  const auto deadline = std::chrono::steady_clock::now() + kDuration;
  while (std::chrono::steady_clock::now() < deadline) {
    tp.CheckInvariants();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop = true;
  for (auto& t : threads)
    t.join();
  tp.CheckInvariants();

  // Shutdown: nothing runs any more.
  tp.RetireShared(retire_fn(current.exchange(nullptr)));
  tp.DrainAll();
  progress.reset();

  EXPECT_EQ(bad.load(), 0u) << "a reader saw a destroyed object";
  EXPECT_GT(reads.load(), 0u);
  EXPECT_GT(swaps.load(), 0u);
  EXPECT_GT(guards.load(), 0u);
  EXPECT_GT(freed_while_running.load(), 0u) << "reclamation never made progress while running";
  const uint32_t made = census.next_id.load();
  EXPECT_EQ(census.constructed.load(), made);
  EXPECT_EQ(census.destroyed.load(), made) << "every object freed exactly once";
  uint32_t wrong = 0;
  for (uint32_t id = 0; id < made; ++id)
    wrong += census.frees[id].load() != 1;
  EXPECT_EQ(wrong, 0u) << "objects not freed exactly once";
  std::printf("objects %u, reads %llu, swaps %llu, guards %llu, sleeps %llu, freed live %llu\n",
              made, static_cast<unsigned long long>(reads.load()),
              static_cast<unsigned long long>(swaps.load()),
              static_cast<unsigned long long>(guards.load()),
              static_cast<unsigned long long>(sleeps.load()),
              static_cast<unsigned long long>(freed_while_running.load()));
}

INSTANTIATE_TEST_SUITE_P(Configs, ThreadProgressStress,
                         ::testing::Values(Params{4, 3, 64},  // slots for everyone
                                           Params{3, 3, 1},   // mostly overflow slots
                                           Params{2, 2, 0}),  // overflow only
                         [](const ::testing::TestParamInfo<Params>& info) {
                           return "m" + std::to_string(info.param.managed) + "_u" +
                                  std::to_string(info.param.unmanaged) + "_s" +
                                  std::to_string(info.param.delay_slots);
                         });

}  // namespace
}  // namespace ling
