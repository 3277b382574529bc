// binary_to_term: the decoding half of external.h.
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"
#include "runtime/term/build.h"
#include "runtime/term/external.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"

#define LING_RETURN_IF_ERROR(expr)     \
  do {                                 \
    absl::Status status_ = (expr);     \
    if (!status_.ok()) return status_; \
  } while (0)

namespace ling {
namespace {

constexpr std::string_view kLocalNode = "nonode@nohost";
constexpr uint32_t kLocalCreation = 0;
constexpr int kPidNumberBits = 28;  // the process table's id layout
constexpr size_t kMaxAtomCharacters = 255;
constexpr uint16_t kMaxReferenceWords = 5;  // OTP's limit
constexpr size_t kFloatTextBytes = 31;      // FLOAT_EXT: "%.20e", NUL padded
// The most free variables a fun may carry.
constexpr uint32_t kMaxFunFree = 255;

// Fixed part of NEW_FUN_EXT from its Size field: Size, Arity, Uniq, Index, NumFree.
constexpr uint32_t kFunFixedBytes = 4 + 1 + 16 + 4 + 4;
// Deflate expands at most 1032-fold: a larger declared size is a lie.
constexpr uint64_t kMaxInflateRatio = 1032;

absl::Status Malformed(const std::string& what) {
  return absl::InvalidArgumentError("binary_to_term: " + what);
}
absl::Status Truncated() {
  return Malformed("truncated input");
}
absl::Status Unsupported(const std::string& what) {
  return absl::UnimplementedError("binary_to_term: " + what);
}

// Bounds-checked big-endian reads. The decoder checks lengths before reading;
// should it miss one, a read past the end returns zeros and marks the reader
// failed, which the decoder checks after every term.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  size_t position() const { return pos_; }
  size_t remaining() const { return bytes_.size() - pos_; }
  bool Has(uint64_t n) const { return n <= remaining(); }
  bool failed() const { return failed_; }
  // Precondition: Has(1).
  uint8_t Peek() const { return bytes_[pos_]; }

  uint8_t U8() { return static_cast<uint8_t>(Read(1)); }
  uint16_t U16() { return static_cast<uint16_t>(Read(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Read(4)); }
  uint64_t U64() { return Read(8); }
  std::span<const uint8_t> Bytes(size_t n) {
    if (!Has(n)) return Fail(), std::span<const uint8_t>();
    std::span<const uint8_t> s = bytes_.subspan(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  void Fail() {
    failed_ = true;
    pos_ = bytes_.size();
  }
  uint64_t Read(size_t n) {
    uint64_t v = 0;
    for (uint8_t b : Bytes(n))
      v = v << 8 | b;
    return v;
  }

  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
  bool failed_ = false;
};

// The number of characters of strict UTF-8 text (no overlong forms, no
// surrogates, nothing past U+10FFFF), or -1 when it is not UTF-8.
int64_t Utf8Length(std::span<const uint8_t> s) {
  int64_t characters = 0;
  for (size_t i = 0; i < s.size(); ++characters) {
    uint8_t b = s[i];
    int extra = b < 0x80 ? 0 : b < 0xc2 ? -1 : b < 0xe0 ? 1 : b < 0xf0 ? 2 : b < 0xf5 ? 3 : -1;
    if (extra < 0 || s.size() - i <= static_cast<size_t>(extra)) return -1;
    uint32_t c = extra == 0 ? b : b & (0x3f >> extra);
    for (int k = 1; k <= extra; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) return -1;
      c = c << 6 | (s[i + k] & 0x3f);
    }
    if (extra == 2 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) return -1;
    if (extra == 3 && (c < 0x10000 || c > 0x10ffff)) return -1;
    i += 1 + extra;
  }
  return characters;
}

bool IsAtomTag(uint8_t tag) {
  return tag == ext::kAtom || tag == ext::kSmallAtom || tag == ext::kAtomUtf8 ||
         tag == ext::kSmallAtomUtf8;
}

bool IsIntegerTag(uint8_t tag) {
  return tag == ext::kSmallInteger || tag == ext::kInteger || tag == ext::kSmallBig ||
         tag == ext::kLargeBig;
}

std::string_view AsText(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Where a pid, port or reference comes from.
struct Origin {
  std::string node;
  uint32_t creation = 0;
  bool local() const { return node == kLocalNode && creation == kLocalCreation; }
};

class Decoder {
 public:
  Decoder(TermAllocator& heap, Reader& in, bool safe) : heap_(heap), in_(in), safe_(safe) {}

  // One term from the reader's position; the reader ends right after it.
  absl::StatusOr<Term> Run() {
    uint64_t root = kNil.raw();
    Expect(&root, 1, 1);
    while (!pending_.empty()) {
      Pending& top = pending_.back();
      if (top.kind == Pending::kBuild) {
        pending_.pop_back();
        LING_RETURN_IF_ERROR(Build());
        continue;
      }
      if (top.left == 0) {  // a compound without parts
        pending_.pop_back();
        continue;
      }
      uint64_t* slot = top.next;
      top.next += top.stride;
      // Done with the entry before its last part is decoded: a deep nesting
      // through last elements keeps the stack short.
      if (--top.left == 0) pending_.pop_back();
      LING_RETURN_IF_ERROR(Step(slot));  // may push, so `top` is stale now
      if (in_.failed()) return Truncated();
    }
    return Term::FromRaw(root);
  }

 private:
  // Words still to decode (kSlots), or the map or fun on top of deferred_
  // to build once its parts are decoded (kBuild).
  struct Pending {
    enum Kind : uint8_t { kSlots, kBuild };
    Kind kind;
    uint64_t* next = nullptr;
    uint64_t left = 0;
    uint8_t stride = 1;
  };
  // A map or local fun whose parts (key, value, key, value, ... or the free
  // variables) are decoded before it is built. Maps and funs nest, so these
  // form a stack as deep as the nesting.
  struct Deferred {
    uint64_t* slot;
    std::vector<uint64_t> parts;
    bool is_fun = false;
    LocalFunId fun;
    Term fun_creator = kNonValue;
    size_t fun_end = 0;  // where the fun's bytes end, per its Size field
  };

  void Expect(uint64_t* first, uint64_t count, uint8_t stride) {
    pending_.push_back({Pending::kSlots, first, count, stride});
  }

  // Parts in their own buffer, pre-set to [] so that nothing is ever
  // uninitialised; `count` was checked against the input.
  void Defer(Deferred deferred, size_t count) {
    deferred.parts.assign(count, kNil.raw());
    deferred_.push_back(std::move(deferred));
    pending_.push_back({Pending::kBuild});
    Expect(deferred_.back().parts.data(), count, 1);
  }

  absl::Status Build() {
    Deferred d = std::move(deferred_.back());
    deferred_.pop_back();
    if (d.is_fun) {
      if (in_.position() != d.fun_end) return Malformed("fun size does not match its contents");
      std::vector<Term> free;
      free.reserve(d.parts.size());
      for (uint64_t w : d.parts)
        free.push_back(Term::FromRaw(w));
      *d.slot = MakeLocalFun(heap_, nullptr, d.fun, free, d.fun_creator).raw();
      return absl::OkStatus();
    }
    std::vector<std::pair<Term, Term>> pairs;
    pairs.reserve(d.parts.size() / 2);
    for (size_t i = 0; i < d.parts.size(); i += 2)
      pairs.emplace_back(Term::FromRaw(d.parts[i]), Term::FromRaw(d.parts[i + 1]));
    Term map = MakeMap(heap_, pairs);
    if (MapSize(map) != pairs.size()) return Malformed("duplicate map key");
    *d.slot = map.raw();
    return absl::OkStatus();
  }

  // Reads one tag and what follows it up to its sub-terms: a leaf goes into
  // *slot; a compound is allocated, goes into *slot, and its sub-terms are
  // queued.
  absl::Status Step(uint64_t* slot) {
    if (!in_.Has(1)) return Truncated();
    uint8_t tag = in_.U8();
    switch (tag) {
      case ext::kSmallInteger:
        if (!in_.Has(1)) return Truncated();
        *slot = MakeSmall(in_.U8()).raw();
        return absl::OkStatus();
      case ext::kInteger:
        if (!in_.Has(4)) return Truncated();
        *slot = MakeSmall(static_cast<int32_t>(in_.U32())).raw();
        return absl::OkStatus();
      case ext::kSmallBig:
        if (!in_.Has(1)) return Truncated();
        return Big(slot, in_.U8());
      case ext::kLargeBig:
        if (!in_.Has(4)) return Truncated();
        return Big(slot, in_.U32());
      case ext::kNewFloat:
        if (!in_.Has(8)) return Truncated();
        return Float(slot, std::bit_cast<double>(in_.U64()));
      case ext::kFloat:
        return OldFloat(slot);
      case ext::kAtom:
      case ext::kSmallAtom:
      case ext::kAtomUtf8:
      case ext::kSmallAtomUtf8:
        return Atom(tag, slot);
      case ext::kNil:
        *slot = kNil.raw();
        return absl::OkStatus();
      case ext::kString: {
        if (!in_.Has(2)) return Truncated();
        uint16_t n = in_.U16();
        if (!in_.Has(n)) return Truncated();
        *slot = MakeString(heap_, AsText(in_.Bytes(n))).raw();
        return absl::OkStatus();
      }
      case ext::kSmallTuple:
        if (!in_.Has(1)) return Truncated();
        return Tuple(slot, in_.U8());
      case ext::kLargeTuple:
        if (!in_.Has(4)) return Truncated();
        return Tuple(slot, in_.U32());
      case ext::kList:
        if (!in_.Has(4)) return Truncated();
        return List(slot, in_.U32());
      case ext::kBinary: {
        if (!in_.Has(4)) return Truncated();
        uint32_t n = in_.U32();
        if (!in_.Has(n)) return Truncated();
        *slot = MakeBinary(heap_, in_.Bytes(n)).raw();
        return absl::OkStatus();
      }
      case ext::kBitBinary:
        return BitBinary(slot);
      case ext::kMap: {
        if (!in_.Has(4)) return Truncated();
        uint64_t n = in_.U32();
        if (!in_.Has(2 * n)) return Truncated();  // a key and a value take a byte each at least
        Defer({.slot = slot}, 2 * n);
        return absl::OkStatus();
      }
      case ext::kExport:
        return Export(slot);
      case ext::kNewFun:
        return Fun(slot);
      case ext::kPid:
      case ext::kNewPid:
        return LocalPid(tag, slot);
      case ext::kPort:
      case ext::kNewPort:
      case ext::kV4Port:
        return LocalPort(tag, slot);
      case ext::kNewReference:
      case ext::kNewerReference:
        return LocalReference(tag, slot);
      case ext::kDistHeader:
      case ext::kDistFragmentHeader:
      case ext::kAtomCacheRef:
        return Unsupported("distribution headers and atom cache references");
      case ext::kReference:
      case ext::kFun:
      case ext::kLocal:
        return Unsupported(absl::StrCat("tag ", tag, " (obsolete or node-specific)"));
      default:
        return Malformed(absl::StrCat("unknown tag ", tag));
    }
  }

  absl::Status Big(uint64_t* slot, uint64_t n) {
    if (!in_.Has(1 + n)) return Truncated();
    if (n > kMaxBignumLimbs * sizeof(uint64_t)) return Malformed("integer too large");
    bool negative = in_.U8() != 0;  // as OTP: any non-zero sign byte
    absl::StatusOr<Term> t = MakeIntegerFromBytes(heap_, negative, in_.Bytes(n));
    if (!t.ok()) return Malformed("integer too large");
    *slot = t->raw();
    return absl::OkStatus();
  }

  absl::Status Float(uint64_t* slot, double value) {
    absl::StatusOr<Term> f = MakeFloat(heap_, value);
    if (!f.ok()) return Malformed("float is not finite");
    *slot = f->raw();
    return absl::OkStatus();
  }

  absl::Status OldFloat(uint64_t* slot) {
    if (!in_.Has(kFloatTextBytes)) return Truncated();
    std::string_view text = AsText(in_.Bytes(kFloatTextBytes));
    text = text.substr(0, text.find('\0'));
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      return Malformed("bad float text");
    }
    return Float(slot, value);
  }

  // An atom's text as UTF-8, after its tag.
  absl::StatusOr<std::string> AtomText(uint8_t tag) {
    bool small = tag == ext::kSmallAtom || tag == ext::kSmallAtomUtf8;
    if (!in_.Has(small ? 1 : 2)) return Truncated();
    size_t n = small ? in_.U8() : in_.U16();
    if (!in_.Has(n)) return Truncated();
    std::span<const uint8_t> bytes = in_.Bytes(n);
    if (tag == ext::kAtomUtf8 || tag == ext::kSmallAtomUtf8) {
      int64_t characters = Utf8Length(bytes);
      if (characters < 0) return Malformed("atom is not UTF-8");
      if (static_cast<size_t>(characters) > kMaxAtomCharacters) return Malformed("atom too long");
      return std::string(AsText(bytes));
    }
    if (n > kMaxAtomCharacters) return Malformed("atom too long");
    std::string text;  // Latin-1 to UTF-8
    for (uint8_t b : bytes) {
      if (b < 0x80) {
        text += static_cast<char>(b);
      } else {
        text += static_cast<char>(0xc0 | (b >> 6));
        text += static_cast<char>(0x80 | (b & 0x3f));
      }
    }
    return text;
  }

  // A tag that must be an atom's, and its text.
  absl::StatusOr<std::string> ReadAtomText() {
    if (!in_.Has(1)) return Truncated();
    uint8_t tag = in_.U8();
    if (!IsAtomTag(tag)) return Malformed("expected an atom");
    return AtomText(tag);
  }

  absl::StatusOr<Term> Intern(const std::string& text) {
    if (!safe_) return TryInternAtom(text);
    std::optional<Term> atom = FindAtom(text);
    if (!atom.has_value()) return Malformed("safe: the atom does not exist");
    return *atom;
  }

  absl::Status Atom(uint8_t tag, uint64_t* slot) {
    absl::StatusOr<std::string> text = AtomText(tag);
    if (!text.ok()) return text.status();
    absl::StatusOr<Term> atom = Intern(*text);
    if (!atom.ok()) return atom.status();
    *slot = atom->raw();
    return absl::OkStatus();
  }

  absl::StatusOr<Term> ReadAtom() {
    absl::StatusOr<std::string> text = ReadAtomText();
    if (!text.ok()) return text.status();
    return Intern(*text);
  }

  absl::Status Tuple(uint64_t* slot, uint64_t n) {
    if (!in_.Has(n)) return Truncated();  // an element takes a byte at least
    uint64_t* p = heap_.Allocate(1 + n);
    p[0] = MakeHeader(tag::Subtag::kTuple, n);
    std::fill(p + 1, p + 1 + n, kNil.raw());
    *slot = MakeBoxed(p).raw();
    Expect(p + 1, n, 1);
    return absl::OkStatus();
  }

  // n elements and a tail; LIST_EXT of no elements is just its tail.
  absl::Status List(uint64_t* slot, uint64_t n) {
    if (!in_.Has(n + 1)) return Truncated();
    if (n == 0) {
      Expect(slot, 1, 1);
      return absl::OkStatus();
    }
    uint64_t* cells = heap_.Allocate(2 * n);
    for (uint64_t i = 0; i < n; ++i) {
      cells[2 * i] = kNil.raw();
      cells[2 * i + 1] = i + 1 < n ? MakeList(cells + 2 * (i + 1)).raw() : kNil.raw();
    }
    *slot = MakeList(cells).raw();
    Expect(&cells[2 * n - 1], 1, 1);  // the tail, after the heads
    Expect(cells, n, 2);
    return absl::OkStatus();
  }

  // Bits is how many bits of the last byte belong to the bitstring (8: all);
  // its other bits are dropped, so equal bitstrings decode equal.
  absl::Status BitBinary(uint64_t* slot) {
    if (!in_.Has(5)) return Truncated();
    uint32_t n = in_.U32();
    uint8_t bits = in_.U8();
    if (!in_.Has(n)) return Truncated();
    if ((n == 0) != (bits == 0) || bits > 8) return Malformed("bad bit count");
    uint64_t size = n == 0 ? 0 : 8 * (uint64_t{n} - 1) + bits;
    NewBitstring out = AllocateBitstring(heap_, size);
    CopyBits(in_.Bytes(n).data(), 0, out.bytes, 0, size);
    *slot = out.term.raw();
    return absl::OkStatus();
  }

  absl::Status Export(uint64_t* slot) {
    absl::StatusOr<Term> module = ReadAtom();
    if (!module.ok()) return module.status();
    absl::StatusOr<Term> function = ReadAtom();
    if (!function.ok()) return function.status();
    if (!in_.Has(2)) return Truncated();
    if (in_.U8() != ext::kSmallInteger) return Malformed("export arity is not a small integer");
    *slot = MakeExportFun(heap_, *module, *function, in_.U8()).raw();
    return absl::OkStatus();
  }

  // OldIndex and OldUniq of a fun: any integer encoding of a 32-bit value.
  absl::StatusOr<uint32_t> FunInteger() {
    if (!in_.Has(1)) return Truncated();
    if (!IsIntegerTag(in_.Peek())) return Malformed("expected an integer in a fun");
    uint64_t word;
    LING_RETURN_IF_ERROR(Step(&word));  // integers are leaves: nothing is queued
    std::optional<int64_t> v = IntegerToInt64(Term::FromRaw(word));
    if (!v.has_value() || *v < 0 || *v > 0xffffffff) return Malformed("fun field out of range");
    return static_cast<uint32_t>(*v);
  }

  absl::Status Fun(uint64_t* slot) {
    size_t start = in_.position();  // Size counts from here
    if (!in_.Has(kFunFixedBytes)) return Truncated();
    uint32_t size = in_.U32();
    if (size < kFunFixedBytes || !in_.Has(size - 4)) return Malformed("bad fun size");
    Deferred d{.slot = slot, .is_fun = true, .fun_end = start + size};
    d.fun.arity = in_.U8();
    std::span<const uint8_t> md5 = in_.Bytes(d.fun.new_uniq.size());
    std::copy(md5.begin(), md5.end(), d.fun.new_uniq.begin());
    d.fun.index = in_.U32();
    uint32_t num_free = in_.U32();
    // No fun closes over more (BEAM's MAX_ARG; erl refuses the rest too).
    if (num_free > kMaxFunFree) return Malformed("too many free variables in a fun");
    absl::StatusOr<Term> module = ReadAtom();
    if (!module.ok()) return module.status();
    d.fun.module = *module;
    absl::StatusOr<uint32_t> old_index = FunInteger();  // the same as Index since OTP R15
    if (!old_index.ok()) return old_index.status();
    absl::StatusOr<uint32_t> uniq = FunInteger();
    if (!uniq.ok()) return uniq.status();
    d.fun.uniq = *uniq;
    // The creating process.
    if (!in_.Has(1)) return Truncated();
    uint8_t pid_tag = in_.U8();
    if (pid_tag != ext::kPid && pid_tag != ext::kNewPid) return Malformed("fun without a pid");
    uint64_t id;
    absl::StatusOr<Origin> origin = PidFields(pid_tag, id);
    if (!origin.ok()) return origin.status();
    d.fun_creator = MakePid(id);
    if (!in_.Has(num_free)) return Truncated();
    Defer(std::move(d), num_free);
    return absl::OkStatus();
  }

  absl::StatusOr<Origin> ReadOrigin() {
    absl::StatusOr<std::string> node = ReadAtomText();
    if (!node.ok()) return node.status();
    return Origin{std::move(*node)};
  }

  // A pid's fields after its tag; `id` gets number and serial in the
  // process table's layout.
  absl::StatusOr<Origin> PidFields(uint8_t tag, uint64_t& id) {
    absl::StatusOr<Origin> origin = ReadOrigin();
    if (!origin.ok()) return origin.status();
    if (!in_.Has(tag == ext::kPid ? 9 : 12)) return Truncated();
    uint32_t number = in_.U32();
    uint32_t serial = in_.U32();
    origin->creation = tag == ext::kPid ? in_.U8() : in_.U32();
    if (number >> kPidNumberBits != 0) return Unsupported("pid number beyond 28 bits");
    id = uint64_t{serial} << kPidNumberBits | number;
    return origin;
  }

  absl::Status LocalPid(uint8_t tag, uint64_t* slot) {
    uint64_t id;
    absl::StatusOr<Origin> origin = PidFields(tag, id);
    if (!origin.ok()) return origin.status();
    if (!origin->local()) return Unsupported("pid of another node");
    *slot = MakePid(id).raw();
    return absl::OkStatus();
  }

  absl::Status LocalPort(uint8_t tag, uint64_t* slot) {
    absl::StatusOr<Origin> origin = ReadOrigin();
    if (!origin.ok()) return origin.status();
    size_t id_bytes = tag == ext::kV4Port ? 8 : 4;
    size_t creation_bytes = tag == ext::kPort ? 1 : 4;
    if (!in_.Has(id_bytes + creation_bytes)) return Truncated();
    uint64_t id = id_bytes == 8 ? in_.U64() : in_.U32();
    origin->creation = creation_bytes == 1 ? in_.U8() : in_.U32();
    if (!origin->local()) return Unsupported("port of another node");
    if (id > kIdMask) return Unsupported("port id beyond 60 bits");
    *slot = MakePort(id).raw();
    return absl::OkStatus();
  }

  // Words w0.. as OTP writes them (see WriteReference in external_encode.cc):
  // low = w0 | w3 << 32, high = w1 | w2 << 32.
  absl::Status LocalReference(uint8_t tag, uint64_t* slot) {
    if (!in_.Has(2)) return Truncated();
    uint16_t n = in_.U16();
    if (n == 0 || n > kMaxReferenceWords) return Malformed("bad reference length");
    absl::StatusOr<Origin> origin = ReadOrigin();
    if (!origin.ok()) return origin.status();
    size_t creation_bytes = tag == ext::kNewReference ? 1 : 4;
    if (!in_.Has(creation_bytes + 4 * n)) return Truncated();
    origin->creation = creation_bytes == 1 ? in_.U8() : in_.U32();
    uint64_t words[kMaxReferenceWords] = {};
    for (uint16_t i = 0; i < n; ++i)
      words[i] = in_.U32();
    if (!origin->local()) return Unsupported("reference of another node");
    if (words[4] != 0) return Unsupported("reference of more than four words");
    *slot = MakeReference(heap_, MonitorRef{words[1] | words[2] << 32, words[0] | words[3] << 32})
                .raw();
    return absl::OkStatus();
  }

  TermAllocator& heap_;
  Reader& in_;
  bool safe_;
  std::vector<Pending> pending_;
  std::vector<Deferred> deferred_;
};

// 131, 80, the uncompressed size, a zlib stream of the term without its
// version byte.
absl::StatusOr<Decoded> DecodeCompressed(TermAllocator& heap, std::span<const uint8_t> bytes,
                                         const DecodeOptions& options) {
  constexpr size_t kHeader = 6;
  if (bytes.size() < kHeader) return Truncated();
  Reader header(bytes.subspan(2, 4));
  uint32_t size = header.U32();
  std::span<const uint8_t> stream = bytes.subspan(kHeader);
  if (size == 0 || size / kMaxInflateRatio > stream.size()) {
    return Malformed("impossible uncompressed size");
  }
  std::vector<uint8_t> data(size);
  uLongf out_size = size;
  uLong in_size = stream.size();
  if (uncompress2(data.data(), &out_size, stream.data(), &in_size) != Z_OK || out_size != size) {
    return Malformed("bad compressed data");
  }
  Reader in(data);
  absl::StatusOr<Term> term = Decoder(heap, in, options.safe).Run();
  if (!term.ok()) return term.status();
  if (in.position() != size) return Malformed("compressed data longer than its term");
  return Decoded{*term, kHeader + in_size};
}

}  // namespace

absl::StatusOr<Decoded> DecodeExternal(TermAllocator& heap, std::span<const uint8_t> bytes,
                                       const DecodeOptions& options) {
  if (bytes.empty() || bytes[0] != ext::kVersion) return Malformed("not version 131");
  if (bytes.size() > 1 && bytes[1] == ext::kCompressed) {
    return DecodeCompressed(heap, bytes, options);
  }
  Reader in(bytes.subspan(1));
  absl::StatusOr<Term> term = Decoder(heap, in, options.safe).Run();
  if (!term.ok()) return term.status();
  return Decoded{*term, 1 + in.position()};
}

}  // namespace ling
