// The compact term encoding, byte by byte, including the forms that are
// easy to get wrong: 11-bit values, negative and wide integers, the long
// length form, and every extended tag.
#include "emulator/loader/compact_term.h"

#include <gtest/gtest.h>

#include <vector>

namespace ling::loader {
namespace {

absl::Status Read(const std::vector<uint8_t>& bytes, OperandPools& pools, Operand& out,
                  bool* all_read = nullptr) {
  ByteReader in(bytes);
  absl::Status s = ReadOperand(in, pools, out);
  if (all_read != nullptr) *all_read = in.at_end();
  return s;
}

Operand ReadOk(const std::vector<uint8_t>& bytes, OperandPools& pools) {
  Operand op;
  bool all_read = false;
  absl::Status s = Read(bytes, pools, op, &all_read);
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_TRUE(all_read);
  return op;
}

TEST(CompactTerm, SmallValuesOfEachTag) {
  OperandPools pools;
  EXPECT_EQ(ReadOk({0x30}, pools), (Operand{OperandKind::kUnsigned, 0, 3}));
  EXPECT_EQ(ReadOk({0x71}, pools), (Operand{OperandKind::kInteger, 0, 7}));
  EXPECT_EQ(ReadOk({0x22}, pools), (Operand{OperandKind::kAtom, 0, 2}));
  EXPECT_EQ(ReadOk({0x02}, pools), (Operand{OperandKind::kNil, 0, 0}));
  EXPECT_EQ(ReadOk({0x13}, pools), (Operand{OperandKind::kX, 0, 1}));
  EXPECT_EQ(ReadOk({0x54}, pools), (Operand{OperandKind::kY, 0, 5}));
  EXPECT_EQ(ReadOk({0xf5}, pools), (Operand{OperandKind::kLabel, 0, 15}));
}

TEST(CompactTerm, ElevenBitValues) {
  OperandPools pools;
  // 0x0b: tag u, 11-bit form; high bits 000, low byte 0x10 -> 16.
  EXPECT_EQ(ReadOk({0x08, 0x10}, pools).value, 16);
  // high bits 111 (0xe0), low byte 0xff -> 2047.
  EXPECT_EQ(ReadOk({0xe8, 0xff}, pools).value, 2047);
}

TEST(CompactTerm, LongIntegersAreTwosComplement) {
  OperandPools pools;
  // Long form, 2 bytes: 0x18 | tag i.
  EXPECT_EQ(ReadOk({0x19, 0x08, 0x00}, pools).value, 2048);
  EXPECT_EQ(ReadOk({0x19, 0xff, 0xff}, pools).value, -1);
  EXPECT_EQ(ReadOk({0x19, 0x80, 0x00}, pools).value, -32768);
  // 8 bytes (length code 6): the int64 extremes.
  EXPECT_EQ(ReadOk({0xd9, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, pools).value, INT64_MAX);
  EXPECT_EQ(ReadOk({0xd9, 0x80, 0, 0, 0, 0, 0, 0, 0}, pools).value, INT64_MIN);
}

TEST(CompactTerm, WideIntegersGoToThePool) {
  OperandPools pools;
  // Length code 7 = 9 + a nested u count: 9 + 0 -> 9 bytes, 2^64.
  Operand op = ReadOk({0xf9, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0}, pools);
  ASSERT_EQ(op.kind, OperandKind::kBigInteger);
  EXPECT_EQ(pools.big_integers[static_cast<size_t>(op.value)].size(), 9u);
  // A 9-byte encoding that only sign-extends fits: 0x00 then 0x7f.. = INT64_MAX.
  EXPECT_EQ(ReadOk({0xf9, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, pools).value,
            INT64_MAX);
}

TEST(CompactTerm, WideUnsignedSaturates) {
  OperandPools pools;
  // u 2^64 (bs_test_tail2 of a bit count no binary has, as erlc writes it):
  // INT64_MAX, a count that still matches nothing.
  EXPECT_EQ(ReadOk({0xf8, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0}, pools),
            (Operand{OperandKind::kUnsigned, 0, INT64_MAX}));
  Operand op;
  EXPECT_FALSE(Read({0xf8, 0x00, 0xff, 0, 0, 0, 0, 0, 0, 0, 0}, pools, op).ok()) << "negative";
}

TEST(CompactTerm, ExtendedOperands) {
  OperandPools pools;
  // z1 list of length 2: {a 1, f 3}.
  Operand list = ReadOk({0x17, 0x20, 0x12, 0x35}, pools);
  ASSERT_EQ(list.kind, OperandKind::kList);
  ASSERT_EQ(list.extra, 2u);
  EXPECT_EQ(pools.lists[static_cast<size_t>(list.value)], (Operand{OperandKind::kAtom, 0, 1}));
  EXPECT_EQ(pools.lists[static_cast<size_t>(list.value) + 1], (Operand{OperandKind::kLabel, 0, 3}));
  EXPECT_EQ(ReadOk({0x27, 0x40}, pools), (Operand{OperandKind::kFloatRegister, 0, 4}));
  // z3 alloc list with one pair (words, 5).
  Operand alloc = ReadOk({0x37, 0x10, 0x00, 0x50}, pools);
  ASSERT_EQ(alloc.kind, OperandKind::kAllocList);
  EXPECT_EQ(alloc.extra, 1u);
  EXPECT_EQ(ReadOk({0x47, 0x60}, pools), (Operand{OperandKind::kLiteral, 0, 6}));
  // z5 typed register: x 2 with type index 3.
  EXPECT_EQ(ReadOk({0x57, 0x23, 0x30}, pools), (Operand{OperandKind::kX, 4, 2}));
}

TEST(CompactTerm, MalformedEncodingsAreErrors) {
  OperandPools pools;
  Operand op;
  EXPECT_FALSE(Read({}, pools, op).ok());
  EXPECT_FALSE(Read({0x08}, pools, op).ok()) << "11-bit form cut short";
  EXPECT_FALSE(Read({0x19, 0x01}, pools, op).ok()) << "long form cut short";
  EXPECT_FALSE(Read({0x07, 0x00}, pools, op).ok()) << "obsolete z0 float";
  EXPECT_FALSE(Read({0x67}, pools, op).ok()) << "unknown extended tag";
  EXPECT_FALSE(Read({0x17, 0x10, 0x17, 0x00}, pools, op).ok()) << "a list in a list";
  EXPECT_FALSE(Read({0x57, 0x22, 0x00}, pools, op).ok()) << "typed non-register";
  EXPECT_FALSE(Read({0x18, 0xff, 0xff}, pools, op).ok()) << "negative u";
  EXPECT_FALSE(Read({0x17, 0xf8, 0xff}, pools, op).ok()) << "list longer than the input";
}

}  // namespace
}  // namespace ling::loader
