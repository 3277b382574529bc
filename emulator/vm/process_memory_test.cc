#include "emulator/vm/process_memory.h"

#include <vector>

#include "gtest/gtest.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"

namespace ling::vm {
namespace {

// Fills the block so that the next allocation of `words` does not fit.
void FillBlock(ProcessMemory& memory, size_t words) {
  while (memory.free_words() >= words)
    memory.Allocate(1)[0] = kNil.raw();  // dead cons halves are fine as filler
}

TEST(ProcessMemory, BuildersWriteIntoTheBlockWhileItHasRoom) {
  ProcessMemory memory;
  Term t = MakeTuple(memory, {MakeSmall(1), MakeSmall(2)});
  EXPECT_FALSE(memory.overflowed());
  EXPECT_EQ(memory.heap_words(), 3u);
  EXPECT_EQ(ToString(t), "{1,2}");
}

TEST(ProcessMemory, AFullBlockOverflowsAndNothingMovesUnderTheBuilder) {
  ProcessMemory memory;
  FillBlock(memory, 4);
  uint64_t* before = memory.htop;
  Term inner = MakeTuple(memory, {MakeSmall(7), MakeSmall(8), MakeSmall(9)});
  Term outer = MakeList(memory, std::vector<Term>{inner, inner});
  EXPECT_TRUE(memory.overflowed());
  EXPECT_EQ(memory.htop, before);
  EXPECT_EQ(ToString(outer), "[{7,8,9},{7,8,9}]");
}

TEST(ProcessMemory, ACollectionMovesLiveOverflowTermsIntoTheBlock) {
  ProcessMemory memory;
  FillBlock(memory, 4);
  Term x[2];
  x[0] = MakeList(memory, std::vector<Term>{MakeSmall(1), MakeBinary(memory, "bytes")});
  x[1] = MakeTuple(memory, {x[0], x[0]});  // shares x[0]: copied once
  ASSERT_TRUE(memory.overflowed());
  memory.EnsureFree(0, x, 2);
  EXPECT_FALSE(memory.overflowed());
  EXPECT_EQ(ToString(x[1]), "{[1,<<98,121,116,101,115>>],[1,<<98,121,116,101,115>>]}");
  EXPECT_EQ(TupleElement(x[1], 0).raw(), x[0].raw());
  // Only the live terms came along: the list, its binary and the tuple.
  EXPECT_EQ(memory.heap_words(), 4u + BinaryWords(5) + 3u);
  memory.CheckInvariants();
}

TEST(ProcessMemory, RefcBinariesInOverflowKeepTheirReferenceOnlyWhileLive) {
  ProcessMemory memory;
  FillBlock(memory, 8);
  std::vector<uint8_t> big(kHeapBinaryLimit + 1, 0xab);
  Term x[1] = {MakeBinary(memory, big)};
  Term dropped = MakeBinary(memory, big);
  BinaryData* kept = RefcData(x[0]);
  kept->AddRef();  // watch it from here
  BinaryData* freed = RefcData(dropped);
  freed->AddRef();
  memory.EnsureFree(0, x, 1);
  EXPECT_EQ(kept->refs(), 2);   // ours and the moved ProcBin's
  EXPECT_EQ(freed->refs(), 1);  // only ours: the dead ProcBin let go
  kept->Release();
  freed->Release();
  memory.CheckInvariants();
}

}  // namespace
}  // namespace ling::vm
