// Readers on managed and unmanaged threads keep dereferencing a shared object
// while a writer swaps it and retires the old one. A reader that ever sees a
// freed object (poisoned canary) fails the test; every object is freed once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>
#include <vector>

#include "runtime/progress/thread_progress.h"

namespace ling {
namespace {

constexpr uint64_t kAlive = 0xA11CEA11CEull;
constexpr uint64_t kDead = 0xDEADDEADull;

std::atomic<int> constructed{0};
std::atomic<int> destroyed{0};

struct Object {
  Object() { constructed.fetch_add(1); }
  ~Object() {
    canary.store(kDead, std::memory_order_relaxed);
    destroyed.fetch_add(1);
  }
  std::atomic<uint64_t> canary{kAlive};
};

TEST(ThreadProgressStress, NoReaderEverSeesFreedMemory) {
  constexpr int kManaged = 3;
  constexpr int kUnmanaged = 2;
  const auto kDuration = std::chrono::milliseconds(1500);
  ThreadProgress tp(kManaged, 4);
  std::atomic<Object*> shared{new Object};
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  std::atomic<long> reads{0};

  std::vector<std::thread> threads;
  // Managed readers; thread 0 is also the writer.
  for (int i = 0; i < kManaged; ++i) {
    threads.emplace_back([&, i] {
      std::mt19937 rng(i);
      tp.Wake(i);
      while (!stop.load(std::memory_order_relaxed)) {
        for (int k = 0; k < 16; ++k) {
          Object* o = shared.load(std::memory_order_acquire);
          if (o->canary.load(std::memory_order_relaxed) != kAlive) bad.fetch_add(1);
          reads.fetch_add(1, std::memory_order_relaxed);
        }
        if (i == 0) {
          Object* old = shared.exchange(new Object, std::memory_order_acq_rel);
          tp.Retire(0, [old] { delete old; });
        }
        tp.Quiescent(i);
        if (rng() % 64 == 0) {
          tp.Sleep(i);
          std::this_thread::sleep_for(std::chrono::microseconds(rng() % 200));
          tp.Wake(i);
        }
        if (i != 0 && rng() % 512 == 0) tp.CheckInvariants();
      }
      tp.Sleep(i);
    });
  }
  for (int u = 0; u < kUnmanaged; ++u) {
    threads.emplace_back([&] {
      while (!stop.load(std::memory_order_relaxed)) {
        ThreadProgress::DelayGuard guard = tp.DelayProgress();
        Object* o = shared.load(std::memory_order_acquire);
        for (int k = 0; k < 32; ++k) {
          if (o->canary.load(std::memory_order_relaxed) != kAlive) bad.fetch_add(1);
          std::this_thread::yield();
        }
        // Retire from an unmanaged thread too.
        Object* old = shared.exchange(new Object, std::memory_order_acq_rel);
        tp.RetireShared([old] { delete old; });
      }
    });
  }
  std::this_thread::sleep_for(kDuration);
  stop = true;
  for (auto& t : threads) t.join();
  tp.CheckInvariants();
  tp.DrainAll();
  delete shared.load();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(constructed.load(), destroyed.load()) << "every object freed exactly once";
}

}  // namespace
}  // namespace ling
