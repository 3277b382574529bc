// Terms: the tagged 64-bit words that every libling process, message and
// (later) the Erlang emulator share.
//
// Layout (the low bits of the word are the tag, as in BEAM):
//
//   primary tag (2 bits)   ..00 header word (only inside a boxed object)
//                          ..01 list: pointer to a cons cell (2 words)
//                          ..10 boxed: pointer to a header word
//                          ..11 immediate
//   immediate  (4 bits)    0011 pid   (60-bit process id)
//                          0111 port  (60-bit port id)
//                          1011 immediate-2
//                          1111 small integer (60-bit two's complement)
//   immediate-2 (6 bits)   001011 atom (index into the global atom table)
//                          011011 catch (reserved for the emulator)
//                          111011 nil, []
//   header word            arity (words that follow) << 8 | subtag << 2 | 00
//
// The zero word is kNonValue: never a valid term, used for "no term".
//
// Concurrency: a Term is a plain value. The objects a boxed or list term points
// to live on one process heap or heap fragment; only the owner of that heap may
// read them (messages are copied, never shared), except off-heap binary data,
// which is immutable and reference counted.
#ifndef LING_TERM_H_
#define LING_TERM_H_

#include <cstdint>
#include <cstring>

namespace ling {

class Term {
 public:
  constexpr Term() : raw_(0) {}
  static constexpr Term FromRaw(uint64_t raw) {
    Term t;
    t.raw_ = raw;
    return t;
  }
  constexpr uint64_t raw() const { return raw_; }

  friend constexpr bool operator==(Term a, Term b) { return a.raw_ == b.raw_; }
  friend constexpr bool operator!=(Term a, Term b) { return a.raw_ != b.raw_; }

 private:
  uint64_t raw_;
};

namespace tag {
inline constexpr uint64_t kPrimaryMask = 0x3;
inline constexpr uint64_t kHeader = 0x0;
inline constexpr uint64_t kList = 0x1;
inline constexpr uint64_t kBoxed = 0x2;
inline constexpr uint64_t kImmediate = 0x3;

inline constexpr uint64_t kImmediateMask = 0xf;
inline constexpr uint64_t kPid = 0x3;
inline constexpr uint64_t kPort = 0x7;
inline constexpr uint64_t kImmediate2 = 0xb;
inline constexpr uint64_t kSmall = 0xf;
inline constexpr int kImmediateBits = 4;

inline constexpr uint64_t kImmediate2Mask = 0x3f;
inline constexpr uint64_t kAtom = 0x0b;
inline constexpr uint64_t kCatch = 0x1b;
inline constexpr uint64_t kNil = 0x3b;
inline constexpr int kImmediate2Bits = 6;

// Header subtags (bits 2..7 of a header word).
enum class Subtag : uint8_t {
  kTuple = 0,
  kPositiveBignum = 1,
  kNegativeBignum = 2,
  kReference = 3,
  kFun = 4,
  kFloat = 5,
  kExport = 6,
  kRefcBinary = 7,
  kHeapBinary = 8,
  kSubBinary = 9,
  kMap = 10,
  // The emulator's bit-syntax match state (runtime/term/bit_match.h): lives
  // in x and y registers only, never inside another term or a message.
  kMatchContext = 11,
  // A map of more than 32 keys: the root of a hashed trie, and the trie's
  // inner nodes, which are never values themselves (runtime/term/hashmap.h).
  kHashmap = 12,
  kHashmapNode = 13,
};
inline constexpr int kHeaderArityShift = 8;
}  // namespace tag

inline constexpr Term kNonValue = Term::FromRaw(0);
inline constexpr Term kNil = Term::FromRaw(tag::kNil);

// Small integers: 60-bit two's complement.
inline constexpr int64_t kSmallMax = (int64_t{1} << 59) - 1;
inline constexpr int64_t kSmallMin = -(int64_t{1} << 59);
// Process and port ids: 60 bits.
inline constexpr uint64_t kIdMask = (uint64_t{1} << 60) - 1;

// ---- predicates -------------------------------------------------------------
constexpr bool IsImmediate(Term t) {
  return (t.raw() & tag::kPrimaryMask) == tag::kImmediate;
}
constexpr bool IsList(Term t) {
  return (t.raw() & tag::kPrimaryMask) == tag::kList;
}
constexpr bool IsBoxed(Term t) {
  return (t.raw() & tag::kPrimaryMask) == tag::kBoxed;
}
constexpr bool IsSmall(Term t) {
  return (t.raw() & tag::kImmediateMask) == tag::kSmall;
}
// Whether both are smalls, in one test: a small's tag is all of its
// immediate bits, so the two words ANDed keep it only if both have it.
static_assert(tag::kSmall == tag::kImmediateMask);
constexpr bool BothSmall(Term a, Term b) {
  return (a.raw() & b.raw() & tag::kImmediateMask) == tag::kSmall;
}
constexpr bool IsPid(Term t) {
  return (t.raw() & tag::kImmediateMask) == tag::kPid;
}
constexpr bool IsPort(Term t) {
  return (t.raw() & tag::kImmediateMask) == tag::kPort;
}
constexpr bool IsAtom(Term t) {
  return (t.raw() & tag::kImmediate2Mask) == tag::kAtom;
}
constexpr bool IsNil(Term t) {
  return t == kNil;
}
constexpr bool IsNonValue(Term t) {
  return t == kNonValue;
}

// ---- immediates ---------------------------------------------------------------
constexpr bool FitsSmall(int64_t v) {
  return v >= kSmallMin && v <= kSmallMax;
}
// Precondition: FitsSmall(v).
constexpr Term MakeSmall(int64_t v) {
  return Term::FromRaw((static_cast<uint64_t>(v) << tag::kImmediateBits) | tag::kSmall);
}
constexpr int64_t SmallValue(Term t) {
  return static_cast<int64_t>(t.raw()) >> tag::kImmediateBits;
}

constexpr Term MakePid(uint64_t id) {
  return Term::FromRaw(((id & kIdMask) << tag::kImmediateBits) | tag::kPid);
}
constexpr Term MakePort(uint64_t id) {
  return Term::FromRaw(((id & kIdMask) << tag::kImmediateBits) | tag::kPort);
}
// The 60-bit id of a pid or port term.
constexpr uint64_t IdValue(Term t) {
  return t.raw() >> tag::kImmediateBits;
}

constexpr Term MakeAtomFromIndex(uint32_t index) {
  return Term::FromRaw((uint64_t{index} << tag::kImmediate2Bits) | tag::kAtom);
}
constexpr uint32_t AtomIndex(Term t) {
  return static_cast<uint32_t>(t.raw() >> tag::kImmediate2Bits);
}

// ---- pointers and headers ----------------------------------------------------
inline Term MakeList(const uint64_t* cons) {
  return Term::FromRaw(reinterpret_cast<uint64_t>(cons) | tag::kList);
}
inline Term MakeBoxed(const uint64_t* header) {
  return Term::FromRaw(reinterpret_cast<uint64_t>(header) | tag::kBoxed);
}
inline uint64_t* ListPointer(Term t) {
  return reinterpret_cast<uint64_t*>(t.raw() - tag::kList);
}
inline uint64_t* BoxedPointer(Term t) {
  return reinterpret_cast<uint64_t*>(t.raw() - tag::kBoxed);
}

constexpr uint64_t MakeHeader(tag::Subtag subtag, uint64_t arity) {
  return (arity << tag::kHeaderArityShift) | (uint64_t{static_cast<uint8_t>(subtag)} << 2) |
         tag::kHeader;
}
constexpr tag::Subtag HeaderSubtag(uint64_t header) {
  return static_cast<tag::Subtag>((header >> 2) & 0x3f);
}
constexpr uint64_t HeaderArity(uint64_t header) {
  return header >> tag::kHeaderArityShift;
}

inline bool IsBoxedOf(Term t, tag::Subtag subtag) {
  return IsBoxed(t) && HeaderSubtag(*BoxedPointer(t)) == subtag;
}
inline bool IsTuple(Term t) {
  return IsBoxedOf(t, tag::Subtag::kTuple);
}
inline bool IsFloat(Term t) {
  return IsBoxedOf(t, tag::Subtag::kFloat);
}
inline bool IsReference(Term t) {
  return IsBoxedOf(t, tag::Subtag::kReference);
}
// is_bitstring/1: a heap, refc or sub-binary, of any number of bits.
inline bool IsBitstring(Term t) {
  if (!IsBoxed(t)) return false;
  tag::Subtag s = HeaderSubtag(*BoxedPointer(t));
  return s == tag::Subtag::kHeapBinary || s == tag::Subtag::kRefcBinary ||
         s == tag::Subtag::kSubBinary;
}
// is_binary/1: a bitstring of whole bytes. Heap and refc binaries always are;
// a sub-binary holds its size in bits in word 3 (layout in
// runtime/term/binary.h).
inline bool IsBinary(Term t) {
  if (!IsBitstring(t)) return false;
  const uint64_t* p = BoxedPointer(t);
  return HeaderSubtag(p[0]) != tag::Subtag::kSubBinary || p[3] % 8 == 0;
}

// ---- cons cells and tuples ---------------------------------------------------
inline Term Head(Term list) {
  return Term::FromRaw(ListPointer(list)[0]);
}
inline Term Tail(Term list) {
  return Term::FromRaw(ListPointer(list)[1]);
}

inline uint64_t TupleArity(Term tuple) {
  return HeaderArity(*BoxedPointer(tuple));
}
// Elements are numbered from 0 here (element/2 in Erlang counts from 1).
inline Term TupleElement(Term tuple, uint64_t i) {
  return Term::FromRaw(BoxedPointer(tuple)[1 + i]);
}

// A float is a header and the IEEE double's bits.
inline double FloatValue(Term t) {
  double d;
  std::memcpy(&d, BoxedPointer(t) + 1, sizeof d);
  return d;
}

}  // namespace ling

#endif  // LING_TERM_H_
