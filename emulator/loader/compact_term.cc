#include "emulator/loader/compact_term.h"

#include "absl/strings/str_cat.h"
#include "emulator/loader/malformed.h"

namespace ling::loader {
namespace {

enum Tag : uint8_t { kU = 0, kI = 1, kA = 2, kX = 3, kY = 4, kF = 5, kH = 6, kZ = 7 };

absl::Status Bad(std::string_view what) {
  return Malformed("operand", what);
}

// A decoded value: an int64, or (big) the bytes of a wider integer.
struct Value {
  int64_t small = 0;
  Bytes big;
};

absl::Status ReadValue(ByteReader& in, uint8_t first, Value& v);

// A nested plain count (the length of a long value, of a list...).
absl::Status ReadCount(ByteReader& in, int64_t& n) {
  uint8_t first = in.U8();
  Value v;
  if (!in.ok()) return Bad("truncated");
  if ((first & 7) != kU) return Bad("a count that is not a 'u' operand");
  if (absl::Status s = ReadValue(in, first, v); !s.ok()) return s;
  if (!v.big.empty() || v.small < 0) return Bad("count out of range");
  n = v.small;
  return absl::OkStatus();
}

absl::Status ReadValue(ByteReader& in, uint8_t first, Value& v) {
  if ((first & 0x08) == 0) {  // 4-bit value
    v.small = first >> 4;
    return absl::OkStatus();
  }
  if ((first & 0x10) == 0) {  // 11-bit value
    uint8_t low = in.U8();
    if (!in.ok()) return Bad("truncated");
    v.small = ((int64_t{first} & 0xe0) << 3) | low;
    return absl::OkStatus();
  }
  int64_t n = (first >> 5) + 2;
  if (n == 9) {  // the length itself follows, less 9
    if (absl::Status s = ReadCount(in, n); !s.ok()) return s;
    if (n > (1 << 20)) return Bad("integer too long");
    n += 9;
  }
  Bytes bytes = in.Take(static_cast<size_t>(n));
  if (!in.ok()) return Bad("truncated");
  // Two's complement, big-endian. It fits 64 bits if no more than 8 bytes
  // are left once the leading bytes that only repeat the sign are dropped.
  size_t skip = 0;
  while (bytes.size() - skip > 8) {
    uint8_t b = bytes[skip];
    bool next_negative = bytes[skip + 1] & 0x80;
    if (!((b == 0x00 && !next_negative) || (b == 0xff && next_negative))) break;
    ++skip;
  }
  if (bytes.size() - skip > 8) {
    v.big = bytes;
    return absl::OkStatus();
  }
  uint64_t u = (bytes[skip] & 0x80) ? ~uint64_t{0} : 0;
  for (size_t i = skip; i < bytes.size(); ++i)
    u = (u << 8) | bytes[i];
  v.small = static_cast<int64_t>(u);
  return absl::OkStatus();
}

absl::Status ReadExtended(ByteReader& in, uint8_t first, OperandPools& pools, Operand& out);

absl::Status ReadOperandAt(ByteReader& in, OperandPools& pools, Operand& out, bool in_list) {
  uint8_t first = in.U8();
  if (!in.ok()) return Bad("truncated");
  Tag tag = static_cast<Tag>(first & 7);
  if (tag == kZ) {
    if (in_list && (first >> 4) == 1) return Bad("a list inside a list");
    return ReadExtended(in, first, pools, out);
  }
  Value v;
  if (absl::Status s = ReadValue(in, first, v); !s.ok()) return s;
  if (tag == kI) {
    if (!v.big.empty()) {
      out = {OperandKind::kBigInteger, 0, static_cast<int64_t>(pools.big_integers.size())};
      pools.big_integers.emplace_back(v.big.begin(), v.big.end());
    } else {
      out = {OperandKind::kInteger, 0, v.small};
    }
    return absl::OkStatus();
  }
  // An unsigned beyond 63 bits (the bit count of a tail test, say) stands
  // for a count no binary reaches: INT64_MAX keeps that meaning.
  if (tag == kU && !v.big.empty() && (v.big[0] & 0x80) == 0) {
    out = {OperandKind::kUnsigned, 0, INT64_MAX};
    return absl::OkStatus();
  }
  if (!v.big.empty() || v.small < 0) return Bad("value out of range for its tag");
  switch (tag) {
    case kU:
      out = {OperandKind::kUnsigned, 0, v.small};
      break;
    case kA:
      out = {v.small == 0 ? OperandKind::kNil : OperandKind::kAtom, 0, v.small};
      break;
    case kX:
      out = {OperandKind::kX, 0, v.small};
      break;
    case kY:
      out = {OperandKind::kY, 0, v.small};
      break;
    case kF:
      out = {OperandKind::kLabel, 0, v.small};
      break;
    default:  // kH
      out = {OperandKind::kChar, 0, v.small};
      break;
  }
  return absl::OkStatus();
}

absl::Status ReadExtended(ByteReader& in, uint8_t first, OperandPools& pools, Operand& out) {
  if (first & 0x08) return Bad("extended tag with a long form");
  int64_t n = 0;
  switch (first >> 4) {
    case 1: {  // list
      if (absl::Status s = ReadCount(in, n); !s.ok()) return s;
      if (n > static_cast<int64_t>(in.remaining())) return Bad("list longer than the code");
      size_t start = pools.lists.size();
      for (int64_t i = 0; i < n; ++i) {
        Operand element;
        if (absl::Status s = ReadOperandAt(in, pools, element, true); !s.ok()) return s;
        pools.lists.push_back(element);
      }
      out = {OperandKind::kList, static_cast<uint32_t>(n), static_cast<int64_t>(start)};
      return absl::OkStatus();
    }
    case 2:  // float register
      if (absl::Status s = ReadCount(in, n); !s.ok()) return s;
      out = {OperandKind::kFloatRegister, 0, n};
      return absl::OkStatus();
    case 3: {  // allocation list: (kind, amount) pairs
      if (absl::Status s = ReadCount(in, n); !s.ok()) return s;
      if (n > static_cast<int64_t>(in.remaining())) return Bad("alloc list too long");
      size_t start = pools.lists.size();
      for (int64_t i = 0; i < 2 * n; ++i) {
        int64_t v = 0;
        if (absl::Status s = ReadCount(in, v); !s.ok()) return s;
        pools.lists.push_back({OperandKind::kUnsigned, 0, v});
      }
      out = {OperandKind::kAllocList, static_cast<uint32_t>(n), static_cast<int64_t>(start)};
      return absl::OkStatus();
    }
    case 4:  // literal
      if (absl::Status s = ReadCount(in, n); !s.ok()) return s;
      out = {OperandKind::kLiteral, 0, n};
      return absl::OkStatus();
    case 5: {  // typed register: a register, then its type's index
      Operand reg;
      if (absl::Status s = ReadOperandAt(in, pools, reg, true); !s.ok()) return s;
      if (!reg.IsRegister()) return Bad("a typed register that is not a register");
      if (absl::Status s = ReadCount(in, n); !s.ok()) return s;
      if (n >= UINT32_MAX) return Bad("type index out of range");
      out = {reg.kind, static_cast<uint32_t>(n + 1), reg.value};
      return absl::OkStatus();
    }
    default:
      return Bad(absl::StrCat("unknown or obsolete extended tag ", first >> 4));
  }
}

}  // namespace

absl::Status ReadOperand(ByteReader& in, OperandPools& pools, Operand& out) {
  return ReadOperandAt(in, pools, out, false);
}

}  // namespace ling::loader
