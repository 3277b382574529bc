// The binary module's native functions (searching, slicing, copying,
// unsigned encoding), erlang:split_binary/2 and erlang:binary_part/2,3.
//
// Searching finds, from the left, the first position where any pattern
// matches and takes the longest pattern matching there; global searches go
// on after the end of each match (BEAM's Boyer-Moore and Aho-Corasick
// searches give the same matches). binary:compile_pattern/1 returns
// {bm, Binary} or {ac, [Binary]}: the checked pattern, which the searches
// take back (BEAM returns {bm | ac, MagicReference}).
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"

namespace ling::vm {
namespace {

// The bytes [start, start + length) of a bitstring's whole bytes.
struct ByteRange {
  uint64_t start;
  uint64_t length;
};

// binary:part/3's Pos and Len (also the scope option's): Len may be
// negative, for the Len bytes before Pos. nullopt unless the range lies in
// the `size` bytes.
std::optional<ByteRange> Range(Term pos, Term len, uint64_t size) {
  if (!IsSmall(pos) || !IsSmall(len) || SmallValue(pos) < 0) return std::nullopt;
  int64_t p = SmallValue(pos), l = SmallValue(len);
  if (l < 0) {
    if (-l > p) return std::nullopt;
    p += l;
    l = -l;
  }
  if (static_cast<uint64_t>(p) > size || static_cast<uint64_t>(l) > size - p) return std::nullopt;
  return ByteRange{static_cast<uint64_t>(p), static_cast<uint64_t>(l)};
}

// A {Pos, Len} tuple's range.
std::optional<ByteRange> RangeOfTuple(Term pos_len, uint64_t size) {
  if (!IsTuple(pos_len) || TupleArity(pos_len) != 2) return std::nullopt;
  return Range(TupleElement(pos_len, 0), TupleElement(pos_len, 1), size);
}

// A bitstring's whole bytes (0 for anything else: every range but the empty
// one at 0 is out of it).
uint64_t WholeBytes(Term t) {
  return IsBitstring(t) ? BitSize(t) / 8 : 0;
}

// binary_part/2,3 and binary:part/2,3 (on any bitstring's whole bytes).
Term Part(BifContext& ctx, Term subject, std::optional<ByteRange> r) {
  if (!IsBitstring(subject) || !r) return ctx.Fail(atoms::kBadarg);
  return MakeSubBitstring(ctx.memory, subject, r->start * 8, r->length * 8);
}
Term BifPart3(BifContext& ctx, const Term* args) {
  return Part(ctx, args[0], Range(args[1], args[2], WholeBytes(args[0])));
}
Term BifPart2(BifContext& ctx, const Term* args) {
  return Part(ctx, args[0], RangeOfTuple(args[1], WholeBytes(args[0])));
}

// split_binary(Bitstring, N): {the first N bytes, the rest}.
Term BifSplitBinary(BifContext& ctx, const Term* args) {
  Term t = args[0], n = args[1];
  if (!IsBitstring(t) || !IsSmall(n) || SmallValue(n) < 0 ||
      static_cast<uint64_t>(SmallValue(n)) > BitSize(t) / 8) {
    return ctx.Fail(atoms::kBadarg);
  }
  uint64_t split = static_cast<uint64_t>(SmallValue(n)) * 8;
  Term first = MakeSubBitstring(ctx.memory, t, 0, split);
  Term rest = MakeSubBitstring(ctx.memory, t, split, BitSize(t) - split);
  return MakeTuple(ctx.memory, {first, rest});
}

// bin_to_list(Binary[, {Pos, Len} | Pos, Len]).
Term BinToList(BifContext& ctx, Term subject, std::optional<ByteRange> r) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(subject, scratch);
  if (!bytes || !r) return ctx.Fail(atoms::kBadarg);
  return MakeString(ctx.memory, Chars(bytes->subspan(r->start, r->length)));
}
Term BifBinToList1(BifContext& ctx, const Term* args) {
  return BinToList(ctx, args[0], ByteRange{0, WholeBytes(args[0])});
}
Term BifBinToList2(BifContext& ctx, const Term* args) {
  return BinToList(ctx, args[0], RangeOfTuple(args[1], WholeBytes(args[0])));
}
Term BifBinToList3(BifContext& ctx, const Term* args) {
  return BinToList(ctx, args[0], Range(args[1], args[2], WholeBytes(args[0])));
}

// ---- single bytes and copies ----------------------------------------------------

Term BifAt(BifContext& ctx, const Term* args) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(args[0], scratch);
  Term pos = args[1];
  if (!bytes || !IsSmall(pos) || SmallValue(pos) < 0 ||
      static_cast<uint64_t>(SmallValue(pos)) >= bytes->size()) {
    return ctx.Fail(atoms::kBadarg);
  }
  return MakeSmall((*bytes)[static_cast<size_t>(SmallValue(pos))]);
}

Term BifFirst(BifContext& ctx, const Term* args) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(args[0], scratch);
  if (!bytes || bytes->empty()) return ctx.Fail(atoms::kBadarg);
  return MakeSmall(bytes->front());
}

Term BifLast(BifContext& ctx, const Term* args) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(args[0], scratch);
  if (!bytes || bytes->empty()) return ctx.Fail(atoms::kBadarg);
  return MakeSmall(bytes->back());
}

// copy(Binary, N): N copies in a new binary. BEAM takes any N, and its
// emulator dies when the result cannot be allocated; here more than 2^40
// bytes is a system_limit.
Term Copy(BifContext& ctx, Term subject, Term n) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(subject, scratch);
  if (!bytes || !IsInteger(n) || IntegerCompare(n, MakeSmall(0)) < 0) {
    return ctx.Fail(atoms::kBadarg);
  }
  if (bytes->empty()) return MakeBinary(ctx.memory, std::string_view());
  constexpr int64_t kMaxBytes = int64_t{1} << 40;
  std::optional<int64_t> times = IntegerToInt64(n);
  if (!times || *times > kMaxBytes / static_cast<int64_t>(bytes->size())) {
    return ctx.Fail(atoms::kSystemLimit);
  }
  NewBitstring out = AllocateBitstring(ctx.memory, bytes->size() * *times * 8);
  for (int64_t i = 0; i < *times; ++i)
    std::copy(bytes->begin(), bytes->end(), out.bytes + i * bytes->size());
  return out.term;
}
Term BifCopy1(BifContext& ctx, const Term* args) {
  return Copy(ctx, args[0], MakeSmall(1));
}
Term BifCopy2(BifContext& ctx, const Term* args) {
  return Copy(ctx, args[0], args[1]);
}

// referenced_byte_size(Bitstring): the size of the binary whose bytes it
// shares (a sub-binary's original), for a refc binary the bytes allocated as
// BEAM counts them: a binary being appended to has room to grow
// (writable_binary.h).
Term BifReferencedByteSize(BifContext& ctx, const Term* args) {
  if (!IsBitstring(args[0])) return ctx.Fail(atoms::kBadarg);
  Term original = BitstringOriginal(args[0]);
  BinaryData* data = RefcData(original);
  uint64_t size = data != nullptr ? data->size() : ByteSize(original);
  return MakeInteger(ctx.memory, static_cast<int64_t>(size));
}

Term BifListToBin(BifContext& ctx, const Term* args) {
  std::string bytes;
  if (!IsList(args[0]) && !IsNil(args[0])) return ctx.Fail(atoms::kBadarg);
  if (!AppendIolist(args[0], bytes)) return ctx.Fail(atoms::kBadarg);
  return MakeBinary(ctx.memory, bytes);
}

// longest_common_prefix/suffix([Binary]): a non-empty list of binaries.
Term LongestCommon(BifContext& ctx, Term list, bool suffix) {
  std::vector<std::vector<uint8_t>> scratch;
  std::vector<std::span<const uint8_t>> all;
  for (; IsList(list); list = Tail(list)) {
    scratch.emplace_back();
    auto bytes = BinaryView(Head(list), scratch.back());
    if (!bytes) return ctx.Fail(atoms::kBadarg);
    all.push_back(*bytes);
  }
  if (!IsNil(list) || all.empty()) return ctx.Fail(atoms::kBadarg);
  size_t n = 0;
  for (;; ++n) {
    if (n == all[0].size()) break;
    uint8_t b = suffix ? all[0][all[0].size() - 1 - n] : all[0][n];
    bool same = std::all_of(all.begin(), all.end(), [&](std::span<const uint8_t> s) {
      return n < s.size() && (suffix ? s[s.size() - 1 - n] : s[n]) == b;
    });
    if (!same) break;
  }
  return MakeSmall(static_cast<int64_t>(n));
}
Term BifLongestCommonPrefix(BifContext& ctx, const Term* args) {
  return LongestCommon(ctx, args[0], false);
}
Term BifLongestCommonSuffix(BifContext& ctx, const Term* args) {
  return LongestCommon(ctx, args[0], true);
}

// ---- unsigned integers -------------------------------------------------------------

// big (true), little (false); nullopt for anything else.
std::optional<bool> BigEndian(Term endianness) {
  if (endianness == atoms::kBig) return true;
  if (endianness == atoms::kLittle) return false;
  return std::nullopt;
}

// encode_unsigned(Integer, Endianness): the fewest bytes that hold it (one
// for zero).
Term EncodeUnsigned(BifContext& ctx, Term integer, Term endianness) {
  std::optional<bool> big = BigEndian(endianness);
  if (!IsInteger(integer) || !big) return ctx.Fail(atoms::kBadarg);
  IntegerView v(integer);
  if (v.negative()) return ctx.Fail(atoms::kBadarg);
  std::string bytes;  // least significant first
  for (uint64_t limb : v.magnitude()) {
    for (int i = 0; i < 8; ++i)
      bytes += static_cast<char>(limb >> (8 * i));
  }
  while (bytes.size() > 1 && bytes.back() == 0)
    bytes.pop_back();
  if (bytes.empty()) bytes = std::string(1, '\0');
  if (*big) std::reverse(bytes.begin(), bytes.end());
  return MakeBinary(ctx.memory, bytes);
}
Term BifEncodeUnsigned1(BifContext& ctx, const Term* args) {
  return EncodeUnsigned(ctx, args[0], atoms::kBig);
}
Term BifEncodeUnsigned2(BifContext& ctx, const Term* args) {
  return EncodeUnsigned(ctx, args[0], args[1]);
}

Term DecodeUnsigned(BifContext& ctx, Term subject, Term endianness) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(subject, scratch);
  std::optional<bool> big = BigEndian(endianness);
  if (!bytes || !big) return ctx.Fail(atoms::kBadarg);
  std::vector<uint8_t> little(bytes->begin(), bytes->end());
  if (*big) std::reverse(little.begin(), little.end());
  return ctx.Result(MakeIntegerFromBytes(ctx.memory, false, little));
}
Term BifDecodeUnsigned1(BifContext& ctx, const Term* args) {
  return DecodeUnsigned(ctx, args[0], atoms::kBig);
}
Term BifDecodeUnsigned2(BifContext& ctx, const Term* args) {
  return DecodeUnsigned(ctx, args[0], args[1]);
}

// ---- searching ---------------------------------------------------------------------------

struct Match {
  uint64_t pos;
  uint64_t len;
};

// The patterns of a search: a non-empty binary, a non-empty list of
// non-empty binaries, or what compile_pattern/1 made of one.
class Patterns {
 public:
  bool Parse(Term pattern) {
    if (IsTuple(pattern) && TupleArity(pattern) == 2 &&
        (TupleElement(pattern, 0) == Atoms().kBm || TupleElement(pattern, 0) == Atoms().kAc)) {
      pattern = TupleElement(pattern, 1);
    }
    if (IsList(pattern)) {
      for (; IsList(pattern); pattern = Tail(pattern)) {
        if (!Add(Head(pattern))) return false;
      }
      return IsNil(pattern);
    }
    return Add(pattern);
  }

  // The leftmost match in bytes [from, to) of `s`, the longest there.
  std::optional<Match> Find(std::span<const uint8_t> s, uint64_t from, uint64_t to) const {
    if (patterns_.size() == 1) {
      const std::string& p = patterns_[0];
      auto it = std::search(s.begin() + from, s.begin() + to,
                            std::boyer_moore_horspool_searcher(p.begin(), p.end()));
      if (it == s.begin() + to) return std::nullopt;
      return Match{static_cast<uint64_t>(it - s.begin()), p.size()};
    }
    for (uint64_t i = from; i < to; ++i) {
      std::optional<Match> best;
      for (const std::string& p : patterns_) {
        if (p.size() <= to - i &&
            std::equal(p.begin(), p.end(), s.begin() + i,
                       [](char a, uint8_t b) { return uint8_t(a) == b; }) &&
            (!best || p.size() > best->len)) {
          best = Match{i, p.size()};
        }
      }
      if (best) return best;
    }
    return std::nullopt;
  }

 private:
  bool Add(Term binary) {
    std::vector<uint8_t> scratch;
    auto bytes = BinaryView(binary, scratch);
    if (!bytes || bytes->empty()) return false;
    patterns_.emplace_back(bytes->begin(), bytes->end());
    return true;
  }

  std::vector<std::string> patterns_;
};

// The search options of match/3, matches/3 and split/3: {scope, {Pos, Len}}
// (the last one wins), and for split global, trim and trim_all. As BEAM, an
// improper tail after the options is not looked at.
struct SearchOptions {
  ByteRange scope;
  bool global = false;
  bool trim = false;
  bool trim_all = false;
};
std::optional<SearchOptions> ParseSearchOptions(Term options, uint64_t size, bool split) {
  const BifAtoms& a = Atoms();
  SearchOptions o{{0, size}};
  if (!IsList(options) && !IsNil(options)) return std::nullopt;
  for (; IsList(options); options = Tail(options)) {
    Term opt = Head(options);
    if (split && opt == a.kGlobal) {
      o.global = true;
    } else if (split && opt == a.kTrim) {
      o.trim = true;
    } else if (split && opt == a.kTrimAll) {
      o.trim_all = true;
    } else if (IsTuple(opt) && TupleArity(opt) == 2 && TupleElement(opt, 0) == a.kScope) {
      std::optional<ByteRange> r = RangeOfTuple(TupleElement(opt, 1), size);
      if (!r) return std::nullopt;
      o.scope = *r;
    } else {
      return std::nullopt;
    }
  }
  return o;
}

// The matches in the scope: the first, or all (non-overlapping) if global.
std::vector<Match> Search(std::span<const uint8_t> s, const Patterns& patterns,
                          const SearchOptions& o) {
  std::vector<Match> found;
  uint64_t from = o.scope.start, to = o.scope.start + o.scope.length;
  while (std::optional<Match> m = patterns.Find(s, from, to)) {
    found.push_back(*m);
    if (!o.global) break;
    from = m->pos + m->len;
  }
  return found;
}

Term MatchTuple(BifContext& ctx, const Match& m) {
  return MakeTuple(
      ctx.memory, {MakeSmall(static_cast<int64_t>(m.pos)), MakeSmall(static_cast<int64_t>(m.len))});
}

// match/2,3 and matches/2,3.
Term MatchBif(BifContext& ctx, Term subject, Term pattern, Term options, bool global) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(subject, scratch);
  if (!bytes) return ctx.Fail(atoms::kBadarg);
  std::optional<SearchOptions> o = ParseSearchOptions(options, bytes->size(), false);
  if (!o) return ctx.Fail(atoms::kBadarg);
  o->global = global;
  std::vector<Match> found;
  // As BEAM: a scope ending at 0 finds nothing, whatever the pattern.
  if (o->scope.start + o->scope.length > 0) {
    Patterns patterns;
    if (!patterns.Parse(pattern)) return ctx.Fail(atoms::kBadarg);
    found = Search(*bytes, patterns, *o);
  }
  if (!global) return found.empty() ? Atoms().kNomatch : MatchTuple(ctx, found[0]);
  std::vector<Term> tuples;
  for (const Match& m : found)
    tuples.push_back(MatchTuple(ctx, m));
  return MakeList(ctx.memory, tuples);
}
Term BifMatch2(BifContext& ctx, const Term* args) {
  return MatchBif(ctx, args[0], args[1], kNil, false);
}
Term BifMatch3(BifContext& ctx, const Term* args) {
  return MatchBif(ctx, args[0], args[1], args[2], false);
}
Term BifMatches2(BifContext& ctx, const Term* args) {
  return MatchBif(ctx, args[0], args[1], kNil, true);
}
Term BifMatches3(BifContext& ctx, const Term* args) {
  return MatchBif(ctx, args[0], args[1], args[2], true);
}

// split/2,3: the parts between the matches (over the whole subject, whatever
// the scope). trim drops the empty parts at the end, trim_all every empty
// part.
Term Split(BifContext& ctx, Term subject, Term pattern, Term options) {
  std::vector<uint8_t> scratch;
  auto bytes = BinaryView(subject, scratch);
  if (!bytes) return ctx.Fail(atoms::kBadarg);
  std::optional<SearchOptions> o = ParseSearchOptions(options, bytes->size(), true);
  if (!o) return ctx.Fail(atoms::kBadarg);
  std::vector<Match> found;
  if (o->scope.start + o->scope.length > 0) {  // as match/3
    Patterns patterns;
    if (!patterns.Parse(pattern)) return ctx.Fail(atoms::kBadarg);
    found = Search(*bytes, patterns, *o);
  }
  std::vector<ByteRange> parts;
  uint64_t start = 0;
  for (const Match& m : found) {
    parts.push_back({start, m.pos - start});
    start = m.pos + m.len;
  }
  parts.push_back({start, bytes->size() - start});
  if (o->trim || o->trim_all) {
    while (!parts.empty() && parts.back().length == 0)
      parts.pop_back();
  }
  std::vector<Term> terms;
  for (const ByteRange& p : parts) {
    if (o->trim_all && p.length == 0) continue;
    terms.push_back(MakeSubBitstring(ctx.memory, subject, p.start * 8, p.length * 8));
  }
  return MakeList(ctx.memory, terms);
}
Term BifSplit2(BifContext& ctx, const Term* args) {
  return Split(ctx, args[0], args[1], kNil);
}
Term BifSplit3(BifContext& ctx, const Term* args) {
  return Split(ctx, args[0], args[1], args[2]);
}

Term BifCompilePattern(BifContext& ctx, const Term* args) {
  Patterns patterns;
  if (!patterns.Parse(args[0]) || IsTuple(args[0])) return ctx.Fail(atoms::kBadarg);
  bool several = IsList(args[0]) && IsList(Tail(args[0]));
  Term pattern = IsList(args[0]) && !several ? Head(args[0]) : args[0];
  return MakeTuple(ctx.memory, {several ? Atoms().kAc : Atoms().kBm, pattern});
}

constexpr BifEntry kBinaryBifs[] = {
    {"binary", "part", 2, BifPart2},
    {"binary", "part", 3, BifPart3},
    {"erlang", "binary_part", 2, BifPart2},
    {"erlang", "binary_part", 3, BifPart3},
    {"erlang", "split_binary", 2, BifSplitBinary},
    {"binary", "bin_to_list", 1, BifBinToList1},
    {"binary", "bin_to_list", 2, BifBinToList2},
    {"binary", "bin_to_list", 3, BifBinToList3},
    {"binary", "at", 2, BifAt},
    {"binary", "first", 1, BifFirst},
    {"binary", "last", 1, BifLast},
    {"binary", "copy", 1, BifCopy1},
    {"binary", "copy", 2, BifCopy2},
    {"binary", "referenced_byte_size", 1, BifReferencedByteSize},
    {"binary", "list_to_bin", 1, BifListToBin},
    {"binary", "longest_common_prefix", 1, BifLongestCommonPrefix},
    {"binary", "longest_common_suffix", 1, BifLongestCommonSuffix},
    {"binary", "encode_unsigned", 1, BifEncodeUnsigned1},
    {"binary", "encode_unsigned", 2, BifEncodeUnsigned2},
    {"binary", "decode_unsigned", 1, BifDecodeUnsigned1},
    {"binary", "decode_unsigned", 2, BifDecodeUnsigned2},
    {"binary", "match", 2, BifMatch2},
    {"binary", "match", 3, BifMatch3},
    {"binary", "matches", 2, BifMatches2},
    {"binary", "matches", 3, BifMatches3},
    {"binary", "split", 2, BifSplit2},
    {"binary", "split", 3, BifSplit3},
    {"binary", "compile_pattern", 1, BifCompilePattern},
};

}  // namespace

std::span<const BifEntry> BinaryBifs() {
  return kBinaryBifs;
}

}  // namespace ling::vm
