// term_to_binary: the encoding half of external.h.
#include <algorithm>
#include <bit>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "runtime/base/check.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/external.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

// The process table's id layout (format.cc prints it the same way): the low
// 28 bits are the pid number, the rest its serial.
constexpr int kPidNumberBits = 28;
constexpr uint64_t kPidNumberMask = (uint64_t{1} << kPidNumberBits) - 1;
constexpr uint32_t kLocalCreation = 0;
// STRING_EXT holds up to 65535 bytes.
constexpr uint64_t kMaxStringLength = 0xffff;

// The output, and the options that decide how atoms, floats and large maps
// go.
class Writer {
 public:
  Writer(std::vector<uint8_t>& out, int minor_version, bool deterministic)
      : out_(out), minor_version_(minor_version), deterministic_(deterministic) {}

  int minor_version() const { return minor_version_; }
  bool deterministic() const { return deterministic_; }

  void U8(uint8_t v) { out_.push_back(v); }
  void U16(uint16_t v) { BigEndian(v, 2); }
  void U32(uint32_t v) { BigEndian(v, 4); }
  void U64(uint64_t v) { BigEndian(v, 8); }
  void Bytes(std::span<const uint8_t> bytes) {
    out_.insert(out_.end(), bytes.begin(), bytes.end());
  }
  size_t size() const { return out_.size(); }
  void PatchU32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i)
      out_[at + i] = static_cast<uint8_t>(v >> (8 * (3 - i)));
  }

 private:
  void BigEndian(uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i)
      out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t>& out_;
  int minor_version_;
  bool deterministic_;
};

// The Latin-1 bytes of UTF-8 text (atom names are valid UTF-8), or nullopt
// when it has a character past U+00FF. Those characters are the two-byte
// sequences led by 0xc2 and 0xc3.
std::optional<std::string> Latin1Of(std::string_view utf8) {
  std::string latin1;
  for (size_t i = 0; i < utf8.size(); ++i) {
    auto b = static_cast<uint8_t>(utf8[i]);
    if (b < 0x80) {
      latin1 += static_cast<char>(b);
    } else if ((b == 0xc2 || b == 0xc3) && i + 1 < utf8.size()) {
      latin1 += static_cast<char>(((b & 0x03) << 6) | (static_cast<uint8_t>(utf8[++i]) & 0x3f));
    } else {
      return std::nullopt;
    }
  }
  return latin1;
}

// As OTP 25 writes atoms: below minor version 2, an atom of Latin-1
// characters as ATOM_EXT of its Latin-1 bytes (never SMALL_ATOM_EXT, however
// short); any other atom, and every atom from minor version 2, as UTF-8 in
// SMALL_ATOM_UTF8_EXT up to 255 bytes, ATOM_UTF8_EXT beyond.
void WriteAtom(Writer& w, Term atom) {
  std::string_view name = AtomName(atom);
  if (w.minor_version() < 2) {
    if (std::optional<std::string> latin1 = Latin1Of(name)) {
      w.U8(ext::kAtom);
      w.U16(static_cast<uint16_t>(latin1->size()));
      w.Bytes({reinterpret_cast<const uint8_t*>(latin1->data()), latin1->size()});
      return;
    }
  }
  if (name.size() <= 0xff) {
    w.U8(ext::kSmallAtomUtf8);
    w.U8(static_cast<uint8_t>(name.size()));
  } else {
    w.U8(ext::kAtomUtf8);
    w.U16(static_cast<uint16_t>(name.size()));
  }
  w.Bytes({reinterpret_cast<const uint8_t*>(name.data()), name.size()});
}

void WriteInteger(Writer& w, const IntegerView& v) {
  std::span<const uint64_t> m = v.magnitude();
  uint64_t low = m.empty() ? 0 : m[0];
  if (m.size() <= 1) {
    if (!v.negative() && low <= 0xff) {
      w.U8(ext::kSmallInteger);
      w.U8(static_cast<uint8_t>(low));
      return;
    }
    if (low <= (v.negative() ? uint64_t{1} << 31 : (uint64_t{1} << 31) - 1)) {
      w.U8(ext::kInteger);
      w.U32(static_cast<uint32_t>(v.negative() ? 0 - low : low));
      return;
    }
  }
  // Bignum digits: the magnitude's significant bytes, least significant first.
  size_t bytes = 8 * (m.size() - 1) + (std::bit_width(m.back()) + 7) / 8;
  if (bytes <= 0xff) {
    w.U8(ext::kSmallBig);
    w.U8(static_cast<uint8_t>(bytes));
  } else {
    w.U8(ext::kLargeBig);
    w.U32(static_cast<uint32_t>(bytes));
  }
  w.U8(v.negative() ? 1 : 0);
  for (size_t i = 0; i < bytes; ++i)
    w.U8(static_cast<uint8_t>(m[i / 8] >> (8 * (i % 8))));
}

// NEW_FLOAT_EXT, the IEEE bits; minor version 0 writes the older FLOAT_EXT
// instead: the text of printf's "%.20e", NUL-padded to 31 bytes, as OTP
// does (1.5 is "1.50000000000000000000e+00").
void WriteFloat(Writer& w, double value) {
  if (w.minor_version() > 0) {
    w.U8(ext::kNewFloat);
    return w.U64(std::bit_cast<uint64_t>(value));
  }
  constexpr size_t kFloatTextBytes = 31;
  char text[kFloatTextBytes + 1] = {};
  std::snprintf(text, sizeof text, "%.20e", value);
  w.U8(ext::kFloat);
  w.Bytes({reinterpret_cast<const uint8_t*>(text), kFloatTextBytes});
}

void WriteUnsigned(Writer& w, uint64_t value) {
  WriteInteger(w, IntegerView(false, value == 0 ? std::span<const uint64_t>()
                                                : std::span<const uint64_t>(&value, 1)));
}

void WritePid(Writer& w, uint64_t id) {
  w.U8(ext::kNewPid);
  WriteAtom(w, atoms::kNonodeNohost);
  w.U32(static_cast<uint32_t>(id & kPidNumberMask));
  w.U32(static_cast<uint32_t>(id >> kPidNumberBits));
  w.U32(kLocalCreation);
}

void WritePort(Writer& w, uint64_t id) {
  bool wide = id > 0xffffffff;
  w.U8(wide ? ext::kV4Port : ext::kNewPort);
  WriteAtom(w, atoms::kNonodeNohost);
  if (wide) {
    w.U64(id);
  } else {
    w.U32(static_cast<uint32_t>(id));
  }
  w.U32(kLocalCreation);
}

// Words in the order OTP writes them, so that a reference decoded from OTP
// prints as it did there: low's low half, high's halves, low's high half
// (left out when zero).
void WriteReference(Writer& w, MonitorRef ref) {
  uint32_t words[] = {static_cast<uint32_t>(ref.low), static_cast<uint32_t>(ref.high),
                      static_cast<uint32_t>(ref.high >> 32), static_cast<uint32_t>(ref.low >> 32)};
  uint16_t n = words[3] == 0 ? 3 : 4;
  w.U8(ext::kNewerReference);
  w.U16(n);
  WriteAtom(w, atoms::kNonodeNohost);
  w.U32(kLocalCreation);
  for (uint16_t i = 0; i < n; ++i)
    w.U32(words[i]);
}

// BINARY_EXT for whole bytes; BIT_BINARY_EXT otherwise, with the bits used in
// the last byte and that byte's unused bits zero (as OTP writes them).
void WriteBitstring(Writer& w, Term t) {
  std::vector<uint8_t> scratch;
  std::span<const uint8_t> bytes = BitstringBytes(t, scratch);
  unsigned tail_bits = BitSize(t) % 8;
  w.U8(tail_bits == 0 ? ext::kBinary : ext::kBitBinary);
  w.U32(static_cast<uint32_t>(bytes.size()));
  if (tail_bits != 0) w.U8(static_cast<uint8_t>(tail_bits));
  w.Bytes(bytes);
}

// Length of a list's spine, and whether it is a proper list of bytes short
// enough for STRING_EXT.
std::pair<uint64_t, bool> ListShape(Term list) {
  uint64_t n = 0;
  bool bytes = true;
  for (; IsList(list); list = Tail(list), ++n) {
    Term h = Head(list);
    bytes = bytes && IsSmall(h) && SmallValue(h) >= 0 && SmallValue(h) <= 0xff;
  }
  return {n, bytes && IsNil(list) && n <= kMaxStringLength};
}

// Work items of the explicit stack: nesting of any depth, constant C++ stack.
struct Item {
  enum Kind : uint8_t {
    kTerm,      // encode `term`
    kListRest,  // `term` is what follows an encoded list element
    kFunSize,   // the fun whose Size field is at `offset` ends here
  };
  Kind kind;
  Term term;
  size_t offset = 0;
};
using Todo = absl::InlinedVector<Item, 16>;

void WriteLocalFun(Writer& w, Term fun, Todo& todo) {
  LocalFunId id = LocalFunIdOf(fun);
  uint32_t num_free = LocalFunNumFree(fun);
  w.U8(ext::kNewFun);
  todo.push_back({Item::kFunSize, kNonValue, w.size()});
  w.U32(0);  // Size, patched once the free variables are written
  w.U8(id.arity);
  w.Bytes(id.new_uniq);
  w.U32(id.index);
  w.U32(num_free);
  WriteAtom(w, id.module);
  WriteUnsigned(w, id.index);  // OldIndex: the same index since OTP R15
  WriteUnsigned(w, id.uniq);
  WritePid(w, IdValue(LocalFunCreator(fun)));
  for (uint32_t i = num_free; i > 0; --i)
    todo.push_back({Item::kTerm, LocalFunFreeVar(fun, i - 1)});
}

void WriteList(Writer& w, Term list, Todo& todo) {
  auto [length, is_string] = ListShape(list);
  if (is_string) {
    w.U8(ext::kString);
    w.U16(static_cast<uint16_t>(length));
    for (; IsList(list); list = Tail(list))
      w.U8(static_cast<uint8_t>(SmallValue(Head(list))));
    return;
  }
  LING_CHECK(length <= 0xffffffff) << "list too long for the external format";
  w.U8(ext::kList);
  w.U32(static_cast<uint32_t>(length));
  todo.push_back({Item::kListRest, Tail(list)});
  todo.push_back({Item::kTerm, Head(list)});
}

// MAP_EXT, its pairs in listing order as BEAM writes them (map.h: a
// hashmap's in its trie's reverse order), or in key order when
// deterministic; the first key on top.
void WriteMap(Writer& w, Term map, Todo& todo) {
  w.U8(ext::kMap);
  w.U32(static_cast<uint32_t>(MapSize(map)));
  size_t base = todo.size();
  auto queue = [&](Term key, Term value) {
    todo.push_back({Item::kTerm, key});
    todo.push_back({Item::kTerm, value});
  };
  if (w.deterministic()) {
    for (const auto& [key, value] : MapEntriesInKeyOrder(map))
      queue(key, value);
  } else {
    for (MapIterator it(map, MapOrder::kListing); !it.done(); it.Next())
      queue(it.key(), it.value());
  }
  std::reverse(todo.begin() + base, todo.end());
}

void WriteBoxed(Writer& w, Term t, Todo& todo) {
  const uint64_t* p = BoxedPointer(t);
  switch (HeaderSubtag(p[0])) {
    case tag::Subtag::kTuple: {
      uint64_t n = TupleArity(t);
      if (n <= 0xff) {
        w.U8(ext::kSmallTuple);
        w.U8(static_cast<uint8_t>(n));
      } else {
        w.U8(ext::kLargeTuple);
        w.U32(static_cast<uint32_t>(n));
      }
      for (uint64_t i = n; i > 0; --i)
        todo.push_back({Item::kTerm, TupleElement(t, i - 1)});
      return;
    }
    case tag::Subtag::kPositiveBignum:
    case tag::Subtag::kNegativeBignum:
      return WriteInteger(w, IntegerView(t));
    case tag::Subtag::kFloat:
      return WriteFloat(w, FloatValue(t));
    case tag::Subtag::kReference:
      return WriteReference(w, ReferenceValue(t));
    case tag::Subtag::kHeapBinary:
    case tag::Subtag::kRefcBinary:
    case tag::Subtag::kSubBinary:
      return WriteBitstring(w, t);
    case tag::Subtag::kMap:
    case tag::Subtag::kHashmap:
      return WriteMap(w, t, todo);
    case tag::Subtag::kExport:
      w.U8(ext::kExport);
      WriteAtom(w, ExportFunModule(t));
      WriteAtom(w, ExportFunFunction(t));
      w.U8(ext::kSmallInteger);
      return w.U8(static_cast<uint8_t>(FunArity(t)));
    case tag::Subtag::kFun:
      return WriteLocalFun(w, t, todo);
    case tag::Subtag::kMatchContext:
    case tag::Subtag::kHashmapNode:
      break;
  }
  LING_CHECK(false) << "cannot encode boxed subtag " << static_cast<int>(HeaderSubtag(p[0]));
}

void WriteTerm(Writer& w, Term t, Todo& todo) {
  if (IsSmall(t)) return WriteInteger(w, IntegerView(t));
  if (IsAtom(t)) return WriteAtom(w, t);
  if (IsNil(t)) return w.U8(ext::kNil);
  if (IsPid(t)) return WritePid(w, IdValue(t));
  if (IsPort(t)) return WritePort(w, IdValue(t));
  if (IsList(t)) return WriteList(w, t, todo);
  LING_CHECK(IsBoxed(t)) << "cannot encode the non-term " << t.raw();
  WriteBoxed(w, t, todo);
}

}  // namespace

std::vector<uint8_t> EncodeExternal(Term t, int minor_version, bool deterministic) {
  LING_CHECK(minor_version >= 0 && minor_version <= kMaxMinorVersion)
      << "no minor version " << minor_version;
  std::vector<uint8_t> out;
  Writer w(out, minor_version, deterministic);
  w.U8(ext::kVersion);
  Todo todo = {{Item::kTerm, t}};
  while (!todo.empty()) {
    Item item = todo.back();
    todo.pop_back();
    switch (item.kind) {
      case Item::kTerm:
        WriteTerm(w, item.term, todo);
        break;
      case Item::kListRest:
        if (IsList(item.term)) {
          todo.push_back({Item::kListRest, Tail(item.term)});
          todo.push_back({Item::kTerm, Head(item.term)});
        } else {
          WriteTerm(w, item.term, todo);  // the tail: [] or an improper one
        }
        break;
      case Item::kFunSize:
        w.PatchU32(item.offset, static_cast<uint32_t>(w.size() - item.offset));
        break;
    }
  }
  return out;
}

}  // namespace ling
