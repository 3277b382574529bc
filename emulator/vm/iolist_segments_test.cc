// IolistSegments (port_command's iodata as driver segments): the bytes are
// AppendIolist's, in order, for every shape of iodata; large binaries stay
// in place (naming their refc binary), the rest is copied; bad iodata is
// refused as AppendIolist refuses it.
#include "emulator/vm/iolist_segments.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "emulator/vm/bif_util.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/heap.h"

namespace ling::vm {
namespace {

std::string Joined(const IolistSegments& s) {
  std::string out;
  for (std::span<const uint8_t> seg : s.segments()) {
    EXPECT_FALSE(seg.empty());
    out.append(reinterpret_cast<const char*>(seg.data()), seg.size());
  }
  EXPECT_EQ(s.refc().size(), s.segments().size());
  return out;
}

std::string Flat(Term t) {
  std::string out;
  EXPECT_TRUE(AppendIolist(t, out));
  return out;
}

std::vector<uint8_t> Pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<uint8_t>(seed + i * 7);
  return v;
}

TEST(IolistSegments, OneBinaryIsOneSegmentInPlace) {
  Heap h;
  for (size_t n : {1, 8, 64, 65, 255, 256, 1024}) {
    Term bin = MakeBinary(h, Pattern(n, 3));
    IolistSegments s;
    ASSERT_TRUE(s.Build(bin));
    ASSERT_EQ(s.segments().size(), 1u);
    EXPECT_EQ(s.segments()[0].data(), BinaryBytes(bin).data()) << n;
    EXPECT_EQ(s.refc()[0], RefcData(bin)) << n;  // nullptr for a heap binary
    EXPECT_EQ(Joined(s), Flat(bin));
  }
  IolistSegments empty;
  ASSERT_TRUE(empty.Build(MakeBinary(h, std::string_view())));
  EXPECT_TRUE(empty.segments().empty());
}

TEST(IolistSegments, LargeBinariesInPlaceTheRestCopied) {
  Heap h;
  Term big = MakeBinary(h, Pattern(1024, 1));
  ASSERT_NE(RefcData(big), nullptr);
  // A byte-aligned slice of the refc binary, large enough to stay in place.
  Term slice = MakeSubBitstring(h, big, 8 * 100, 8 * 300);
  Term small = MakeBinary(h, Pattern(40, 9));
  Term mid = MakeBinary(h, Pattern(200, 5));  // refc, under the limit: copied
  std::vector<Term> items = {MakeSmall(1), small, big, MakeSmall(2), MakeSmall(3), mid, slice};
  Term list = MakeList(h, items);
  IolistSegments s;
  ASSERT_TRUE(s.Build(list));
  EXPECT_EQ(Joined(s), Flat(list));
  // [1, small] copied | big | [2, 3, mid] copied | slice
  ASSERT_EQ(s.segments().size(), 4u);
  EXPECT_EQ(s.segments()[0].size(), 41u);
  EXPECT_EQ(s.refc()[0], nullptr);
  EXPECT_EQ(s.segments()[1].data(), BinaryBytes(big).data());
  EXPECT_EQ(s.refc()[1], RefcData(big));
  EXPECT_EQ(s.segments()[2].size(), 202u);
  EXPECT_EQ(s.refc()[2], nullptr);
  EXPECT_EQ(s.segments()[3].data(), BinaryBytes(big).data() + 100);
  EXPECT_EQ(s.segments()[3].size(), 300u);
  EXPECT_EQ(s.refc()[3], RefcData(big));
}

TEST(IolistSegments, UnalignedBinariesAreCopied) {
  Heap h;
  Term big = MakeBinary(h, Pattern(1024, 2));
  Term odd = MakeSubBitstring(h, big, 3, 8 * 500);  // whole bytes, starting inside one
  ASSERT_TRUE(IsBinary(odd));
  ASSERT_FALSE(IsAlignedBinary(odd));
  for (Term t : {odd, MakeList(h, std::vector<Term>{odd, MakeSmall(7)})}) {
    IolistSegments s;
    ASSERT_TRUE(s.Build(t));
    EXPECT_EQ(Joined(s), Flat(t));
    ASSERT_EQ(s.segments().size(), 1u);
    EXPECT_EQ(s.refc()[0], nullptr);
  }
}

TEST(IolistSegments, NestedAndImproperLists) {
  Heap h;
  Term big = MakeBinary(h, Pattern(300, 4));
  Term inner = MakeCons(h, MakeSmall(65), MakeCons(h, kNil, big));  // [65, [] | Big]
  Term deep = inner;
  for (int i = 0; i < 100; ++i)
    deep = MakeCons(h, deep, MakeCons(h, MakeSmall(i), kNil));
  Term t = MakeCons(h, deep, MakeBinary(h, std::string_view("tail")));
  IolistSegments s;
  ASSERT_TRUE(s.Build(t));
  EXPECT_EQ(Joined(s), Flat(t));
}

TEST(IolistSegments, BadIodata) {
  Heap h;
  std::vector<Term> bad = {
      MakeSmall(1),
      InternAtom("a"),
      MakeCons(h, MakeSmall(1), MakeSmall(2)),
      MakeList(h, std::vector<Term>{MakeSmall(256)}),
      MakeList(h, std::vector<Term>{MakeSmall(-1)}),
      MakeList(h, std::vector<Term>{InternAtom("a")}),
      MakeSubBitstring(h, MakeBinary(h, Pattern(10, 0)), 0, 9),
      MakeList(h, std::vector<Term>{MakeSubBitstring(h, MakeBinary(h, Pattern(400, 0)), 0, 801)}),
      MakeTuple(h, {MakeSmall(1)}),
  };
  for (Term t : bad) {
    std::string ignored;
    EXPECT_FALSE(AppendIolist(t, ignored));
    IolistSegments s;
    EXPECT_FALSE(s.Build(t));
  }
}

// Random iolists of every piece: the same bytes as AppendIolist.
TEST(IolistSegments, RandomIolistsGiveAppendIolistsBytes) {
  std::mt19937 rng(42);
  Heap h;
  Term big = MakeBinary(h, Pattern(2000, 11));
  std::function<Term(int)> gen = [&](int depth) -> Term {
    std::vector<Term> items;
    int n = static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) {
      switch (rng() % 6) {
        case 0:
          items.push_back(MakeSmall(rng() % 256));
          break;
        case 1:
          items.push_back(MakeBinary(h, Pattern(rng() % 70, static_cast<uint8_t>(rng()))));
          break;
        case 2:
          items.push_back(MakeBinary(h, Pattern(200 + rng() % 400, static_cast<uint8_t>(rng()))));
          break;
        case 3: {
          uint64_t from = rng() % 1000, len = rng() % 900;
          uint64_t bit = rng() % 2 == 0 ? 0 : rng() % 8;
          items.push_back(MakeSubBitstring(h, big, 8 * from + bit, 8 * len));
          break;
        }
        default:
          items.push_back(depth < 4 ? gen(depth + 1) : kNil);
          break;
      }
    }
    Term tail = rng() % 4 == 0 ? MakeBinary(h, Pattern(rng() % 300, 1)) : kNil;
    Term list = tail;
    for (auto it = items.rbegin(); it != items.rend(); ++it)
      list = MakeCons(h, *it, list);
    return list;
  };
  for (int i = 0; i < 500; ++i) {
    Term t = gen(0);
    IolistSegments s;
    ASSERT_TRUE(s.Build(t));
    std::string joined = Joined(s);
    ASSERT_EQ(joined, Flat(t));
    for (size_t k = 0; k < s.segments().size(); ++k) {
      if (s.refc()[k] != nullptr) {
        // (iodata that is one binary is in place whatever its size)
        if (!IsBinary(t)) {
          EXPECT_GE(s.segments()[k].size(), IolistSegments::kSmallIoBinLimit);
        }
        const uint8_t* base = s.refc()[k]->bytes();
        EXPECT_GE(s.segments()[k].data(), base);
        EXPECT_LE(s.segments()[k].data() + s.segments()[k].size(), base + s.refc()[k]->size());
      }
    }
  }
}

}  // namespace
}  // namespace ling::vm
