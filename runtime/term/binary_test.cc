#include "runtime/term/binary.h"

#include <gtest/gtest.h>

#include <latch>
#include <memory>
#include <thread>
#include <vector>

#include "runtime/term/copy.h"

namespace ling {
namespace {

std::vector<uint8_t> Bytes(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<uint8_t>(i * 7 + 1);
  return v;
}

TEST(Binary, SixtyFourBytesOnTheHeapAboveThatRefcounted) {
  Heap h;
  Term small = MakeBinary(h, Bytes(64));
  Term big = MakeBinary(h, Bytes(65));
  EXPECT_TRUE(IsBinary(small));
  EXPECT_TRUE(IsBinary(big));
  EXPECT_TRUE(IsBoxedOf(small, tag::Subtag::kHeapBinary));
  EXPECT_TRUE(IsBoxedOf(big, tag::Subtag::kRefcBinary));
  EXPECT_EQ(RefcData(small), nullptr);
  ASSERT_NE(RefcData(big), nullptr);
  EXPECT_EQ(RefcData(big)->refs(), 1);
  EXPECT_EQ(h.off_heap().size(), 1u);
  h.CheckInvariants();
}

TEST(Binary, BytesRoundTripForEverySize) {
  Heap h;
  for (size_t n = 0; n <= 200; ++n) {
    std::vector<uint8_t> bytes = Bytes(n);
    Term bin = MakeBinary(h, bytes);
    std::span<const uint8_t> back = BinaryBytes(bin);
    ASSERT_EQ(std::vector<uint8_t>(back.begin(), back.end()), bytes) << n;
  }
  Term text = MakeBinary(h, std::string_view("hello"));
  EXPECT_EQ(std::string(BinaryBytes(text).begin(), BinaryBytes(text).end()), "hello");
  h.CheckInvariants();
}

TEST(Binary, BinaryWordsMatchesWhatIsAllocated) {
  EXPECT_EQ(BinaryWords(0), 2u);
  EXPECT_EQ(BinaryWords(1), 3u);
  EXPECT_EQ(BinaryWords(8), 3u);
  EXPECT_EQ(BinaryWords(64), 10u);
  EXPECT_EQ(BinaryWords(65), kProcBinWords);
  EXPECT_EQ(BinaryWords(1 << 20), kProcBinWords);
}

// Copies of one refc binary travel to other threads in fragments and are
// released there; the count, shared by all, ends where it started.
TEST(Binary, ReferencesDroppedOnOtherThreadsBalance) {
  constexpr int kThreads = 4;
  constexpr int kCopies = 200;
  Heap h;
  Term bin = MakeBinary(h, Bytes(1000));
  BinaryData* data = RefcData(bin);
  std::vector<std::vector<std::unique_ptr<HeapFragment>>> parcels(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kCopies; ++i) {
      Term copy;
      parcels[t].push_back(CopyToFragment(bin, &copy));
      EXPECT_EQ(RefcData(copy), data);
    }
  }
  EXPECT_EQ(data->refs(), 1 + kThreads * kCopies);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      Heap receiver;
      for (auto& f : parcels[t]) {
        Term copy = MakeBoxed(f->data());
        EXPECT_EQ(BinaryBytes(copy)[999], Bytes(1000)[999]);
        receiver.Adopt(std::move(f));
      }
    });  // receiver's destructor releases its references here
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(data->refs(), 1);
}

}  // namespace
}  // namespace ling
