// erlang:phash/2 and erlang:phash2/1,2: BEAM's portable hashes (make_hash
// and make_hash2 in erts/emulator/beam/utils.c, OTP 25), computed the same
// way so that values match erl's, which code may store or compare (dict,
// sets and ETS-like structures only need consistency; persisted hashes need
// the values).
//
// Both walk terms with an explicit stack. Where the term model differs from
// BEAM's (pid and reference numbering) the hashes use the nearest fields: a
// pid's number and a reference's low word.
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"
#include "runtime/term/bignum.h"
#include "runtime/term/build.h"
#include "runtime/term/fun.h"
#include "runtime/term/hash_mix.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"

namespace ling::vm {
namespace {

// ---- what both hashes read ------------------------------------------------------

// BEAM's atom hash (atom.c, atom_hash): hashpjw over the UTF-8 name, with
// two-byte sequences of Latin-1 characters read as one byte ("latin1
// clutch", so names hash as they did before UTF-8 atoms).
uint32_t AtomHash(Term atom) {
  std::string_view name = AtomName(atom);
  uint32_t h = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    uint8_t v = static_cast<uint8_t>(name[i]);
    if (i + 1 < name.size() && (v & 0xfe) == 0xc2 && (name[i + 1] & 0xc0) == 0x80) {
      v = static_cast<uint8_t>((v << 6) | (name[++i] & 0x3f));
    }
    h = (h << 4) + v;
    if (uint32_t g = h & 0xf0000000) {
      h ^= g >> 24;
      h ^= g;
    }
  }
  return h;
}

// A pid's number as BEAM hashes it: 15 bits of the process index.
uint32_t PidNumber(Term pid) {
  return static_cast<uint32_t>(IdValue(pid) & 0x7fff);
}
// A port's number as BEAM hashes it: the index of its id.
uint64_t PortNumber(Term port) {
  return IdValue(port) & ((uint64_t{1} << 28) - 1);
}
// A reference's first 32-bit number (the last one printed).
uint32_t RefNumber(Term ref) {
  return static_cast<uint32_t>(ReferenceValue(ref).low);
}

// ---- make_hash: phash/2 ---------------------------------------------------------

constexpr uint32_t kFunny1 = 268440163;
constexpr uint32_t kFunny2 = 268439161;
constexpr uint32_t kFunny3 = 268435459;
constexpr uint32_t kFunny4 = 268436141;
constexpr uint32_t kFunny5 = 268438633;
constexpr uint32_t kFunny6 = 268437017;
constexpr uint32_t kFunny8 = 268437511;
constexpr uint32_t kFunny9 = 268439627;
constexpr uint32_t kFunny10 = 268440479;
constexpr uint32_t kFunny11 = 268440577;
constexpr uint32_t kFunny12 = 268440581;
constexpr uint32_t kFunny13 = 268440593;
constexpr uint32_t kFunny14 = 268440611;

uint32_t MakeHash2(Term term);

// The bytes of a 32-bit value, least significant first.
uint32_t HashStep32(uint32_t hash, uint32_t x, uint32_t prime) {
  for (int i = 0; i < 4; ++i)
    hash = hash * prime + ((x >> (8 * i)) & 0xff);
  return hash;
}

uint32_t MakeHash(Term root) {
  // Work items: a term to hash, or what to do once the terms before it are.
  struct Item {
    enum Kind { kTerm, kElements, kTupleEnd, kTail, kListEnd } kind;
    Term term;           // kTerm, kTail; kElements: the tuple or fun
    uint64_t next = 0;   // kElements: the next element
    uint64_t end = 0;    // kElements: one past the last
    uint32_t arity = 0;  // kTupleEnd
  };
  std::vector<Item> todo{{Item::kTerm, root}};
  std::vector<uint8_t> scratch;
  uint32_t hash = 0;
  auto element = [](Term t, uint64_t i) {
    return IsTuple(t) ? TupleElement(t, i) : LocalFunFreeVar(t, static_cast<uint32_t>(i));
  };
  while (!todo.empty()) {
    Item item = todo.back();
    todo.pop_back();
    switch (item.kind) {
      case Item::kElements:
        if (item.next < item.end) {
          todo.push_back({Item::kElements, item.term, item.next + 1, item.end});
          todo.push_back({Item::kTerm, element(item.term, item.next)});
        }
        continue;
      case Item::kTupleEnd:
        hash = hash * kFunny9 + item.arity;
        continue;
      case Item::kListEnd:
        hash *= kFunny8;
        continue;
      case Item::kTail:
        if (!IsList(item.term)) {
          todo.push_back({Item::kListEnd});
          todo.push_back({Item::kTerm, item.term});
          continue;
        }
        break;  // a list: hashed below like any
      case Item::kTerm:
        break;
    }
    Term t = item.term;
    if (IsNil(t)) {
      hash = hash * kFunny3 + 1;
    } else if (IsAtom(t)) {
      hash = hash * kFunny1 + AtomHash(t);
    } else if (IsSmall(t)) {
      int64_t v = SmallValue(t);
      uint64_t m = v < 0 ? -static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
      hash = HashStep32(hash, static_cast<uint32_t>(m), kFunny2);
      if (m >> 32) hash = HashStep32(hash, static_cast<uint32_t>(m >> 32), kFunny2);
      hash *= v < 0 ? kFunny4 : kFunny3;
    } else if (IsList(t)) {
      // Bytes take a shortcut; the rest of the list after a non-byte is
      // hashed after that element.
      while (IsSmall(Head(t)) && SmallValue(Head(t)) >= 0 && SmallValue(Head(t)) <= 255) {
        hash = hash * kFunny2 + static_cast<uint32_t>(SmallValue(Head(t)));
        if (!IsList(Tail(t))) break;
        t = Tail(t);
      }
      if (IsSmall(Head(t)) && SmallValue(Head(t)) >= 0 && SmallValue(Head(t)) <= 255) {
        todo.push_back({Item::kListEnd});
        todo.push_back({Item::kTerm, Tail(t)});
      } else {
        todo.push_back({Item::kTail, Tail(t)});
        todo.push_back({Item::kTerm, Head(t)});
      }
    } else if (IsTuple(t)) {
      uint32_t arity = static_cast<uint32_t>(TupleArity(t));
      todo.push_back({Item::kTupleEnd, kNonValue, 0, 0, arity});
      todo.push_back({Item::kElements, t, 0, arity});
    } else if (IsBignum(t)) {
      IntegerView v(t);
      std::span<const uint64_t> limbs = v.magnitude();
      for (size_t i = 0; i < limbs.size(); ++i) {
        uint64_t d = limbs[i];
        int bytes = i + 1 < limbs.size() || (d >> 32) != 0 ? 8 : 4;
        for (int j = 0; j < bytes; ++j, d >>= 8)
          hash = hash * kFunny2 + static_cast<uint32_t>(d & 0xff);
      }
      hash *= v.negative() ? kFunny4 : kFunny3;
    } else if (IsFloat(t)) {
      hash::FloatHalves f = hash::FloatBits(t);
      hash = hash * kFunny6 + (f.low ^ f.high);
    } else if (IsBitstring(t)) {
      hash::BitstringParts p = hash::BitstringPartsOf(t, scratch);
      for (uint8_t b : p.bytes)
        hash = hash * kFunny1 + b;
      if (p.extra_bits > 0) hash = (hash * kFunny1 + p.extra_value) * kFunny12 + p.extra_bits;
      hash = hash * kFunny4 + static_cast<uint32_t>(p.bytes.size());
    } else if (IsLocalFun(t)) {
      LocalFunId id = LocalFunIdOf(t);
      uint32_t num_free = LocalFunNumFree(t);
      hash = hash * kFunny10 + num_free;
      hash = hash * kFunny1 + AtomHash(id.module);
      hash = hash * kFunny2 + id.index;
      hash = hash * kFunny2 + id.uniq;
      todo.push_back({Item::kElements, t, 0, num_free});
    } else if (IsExportFun(t)) {
      hash = hash * kFunny11 + FunArity(t);
      hash = hash * kFunny1 + AtomHash(ExportFunModule(t));
      hash = hash * kFunny1 + AtomHash(ExportFunFunction(t));
    } else if (IsPid(t)) {
      hash = HashStep32(hash, PidNumber(t), kFunny5) * kFunny6;
    } else if (IsPort(t)) {
      uint64_t n = PortNumber(t);
      if (n >> 32) hash = HashStep32(hash, static_cast<uint32_t>(n >> 32), kFunny11);
      hash = HashStep32(hash, static_cast<uint32_t>(n), kFunny9) * kFunny10;
    } else if (IsReference(t)) {
      hash = HashStep32(hash, RefNumber(t), kFunny9) * kFunny10;
    } else if (IsMap(t)) {
      hash = hash * kFunny13 + kFunny14 + MakeHash2(t);
    }
  }
  return hash;
}

// ---- make_hash2: phash2/1,2 -------------------------------------------------------

using hash::Hash1;
using hash::Hash2;
using hash::kHConst;
using hash::kHConst12;
using hash::kHConst14;
using hash::kHConst16;
using hash::kHConst19;
using hash::kHConst2;
using hash::kHConst3;
using hash::kHConst4;
using hash::kHConst5;
using hash::kHConst6;
using hash::kHConst7;
using hash::kHConst9;

uint32_t MakeHash2(Term root) {
  // Work items: a term to hash, the end of a map's pairs (restore the saved
  // hash and pair xor) or of one pair (fold its hash into the xor).
  struct Item {
    enum Kind { kTerm, kMapTail, kMapPair } kind;
    Term term = kNonValue;
    uint32_t saved_hash = 0, saved_xor = 0;  // kMapTail
  };
  std::vector<Item> todo;
  std::vector<uint8_t> scratch;
  uint32_t hash = 0, hash_xor_pairs = 0;
  Term t = root;
  for (;;) {
    // Hash `t` into `hash`; `t` becomes kNonValue when it is done, or the
    // next term to hash (the first element of a tuple, the head of a list).
    if (IsList(t)) {
      hash::ByteRun run = hash::HashByteRun(hash, t);
      if (run.count > 0) Hash1(hash, run.partial, kHConst4);
      t = run.rest;
      if (IsList(t)) {  // stopped at a non-byte head
        todo.push_back({Item::kTerm, Tail(t)});
        t = Head(t);
      }
      continue;  // hash what follows (an improper tail, [] or the head)
    }
    if (IsTuple(t)) {
      uint64_t arity = TupleArity(t);
      Hash1(hash, static_cast<uint32_t>(arity), kHConst9);
      if (arity > 0) {
        for (uint64_t i = arity; i-- > 1;)
          todo.push_back({Item::kTerm, TupleElement(t, i)});
        t = TupleElement(t, 0);
        continue;
      }
    } else if (IsMap(t)) {
      uint64_t size = MapSize(t);
      Hash1(hash, static_cast<uint32_t>(size), kHConst16);
      if (size > 0) {
        // Pairs hash independently of each other and of their order: each
        // from zero, xor-ed together.
        todo.push_back({Item::kMapTail, kNonValue, hash, hash_xor_pairs});
        std::vector<std::pair<Term, Term>> pairs;
        for (MapIterator it(t); !it.done(); it.Next())
          pairs.emplace_back(it.key(), it.value());
        for (size_t i = pairs.size(); i-- > 0;) {
          todo.push_back({Item::kMapPair});
          todo.push_back({Item::kTerm, pairs[i].second});
          todo.push_back({Item::kTerm, pairs[i].first});
        }
        hash = 0;
        hash_xor_pairs = 0;
      }
    } else if (IsLocalFun(t)) {
      LocalFunId id = LocalFunIdOf(t);
      uint32_t num_free = LocalFunNumFree(t);
      Hash2(hash, num_free, AtomHash(id.module), kHConst);
      Hash2(hash, id.index, id.uniq, kHConst);
      if (num_free > 0) {
        for (uint32_t i = num_free; i-- > 1;)
          todo.push_back({Item::kTerm, LocalFunFreeVar(t, i)});
        t = LocalFunFreeVar(t, 0);
        continue;
      }
    } else if (IsExportFun(t)) {
      Hash2(hash, FunArity(t), AtomHash(ExportFunModule(t)), kHConst);
      Hash1(hash, AtomHash(ExportFunFunction(t)), kHConst14);
    } else if (IsBitstring(t)) {
      hash::HashBitstring(hash, t, scratch);
    } else if (IsBignum(t)) {
      IntegerView v(t);
      hash::HashMagnitude(hash, v.magnitude(), v.negative());
    } else if (IsFloat(t)) {
      hash::FloatHalves f = hash::FloatBits(t);
      Hash2(hash, f.high, f.low, kHConst12);
    } else if (IsReference(t)) {
      Hash1(hash, RefNumber(t), kHConst7);
    } else if (IsPid(t)) {
      Hash1(hash, PidNumber(t), kHConst5);
    } else if (IsPort(t)) {
      uint64_t n = PortNumber(t);
      Hash2(hash, static_cast<uint32_t>(n), static_cast<uint32_t>(n >> 32), kHConst6);
    } else if (IsAtom(t)) {
      if (hash == 0) {
        hash = AtomHash(t);
      } else {
        Hash1(hash, AtomHash(t), kHConst3);
      }
    } else if (IsNil(t)) {
      if (hash == 0) {
        hash = 3468870702u;
      } else {
        Hash1(hash, 2 /* BEAM's NIL_DEF */, kHConst2);
      }
    } else if (IsSmall(t)) {
      int64_t v = SmallValue(t);
      if (v >= -(int64_t{1} << 27) && v < (int64_t{1} << 27)) {
        int32_t y = static_cast<int32_t>(v);
        if (y < 0) Hash1(hash, static_cast<uint32_t>(-y), kHConst);  // mixed twice, as BEAM
        Hash1(hash, static_cast<uint32_t>(y), kHConst);
      } else {
        uint64_t m = v < 0 ? -static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        hash::HashMagnitude(hash, {&m, 1}, v < 0);
      }
    }
    // The term is done: the next one, or the end of a pair or map.
    for (;;) {
      if (todo.empty()) return hash;
      Item item = todo.back();
      todo.pop_back();
      if (item.kind == Item::kTerm) {
        t = item.term;
        break;
      }
      if (item.kind == Item::kMapPair) {
        hash_xor_pairs ^= hash;
        hash = 0;
      } else {
        hash = item.saved_hash;
        Hash1(hash, hash_xor_pairs, kHConst19);
        hash_xor_pairs = item.saved_xor;
      }
    }
  }
}

// ---- the BIFs ---------------------------------------------------------------------------

// A range argument: 1..2^32 (2^32 as 0: no reduction).
std::optional<uint32_t> Range(Term range) {
  std::optional<int64_t> r = IntegerToInt64(range);
  if (!r || *r < 1 || *r > (int64_t{1} << 32)) return std::nullopt;
  return static_cast<uint32_t>(*r);  // 2^32 wraps to 0
}

Term BifPhash(BifContext& ctx, const Term* args) {
  std::optional<uint32_t> range = Range(args[1]);
  if (!range) return ctx.Fail(atoms::kBadarg);
  uint32_t hash = MakeHash(args[0]);
  uint64_t result = *range != 0 ? 1 + hash % *range : uint64_t{hash} + 1;
  return MakeSmall(static_cast<int64_t>(result));
}

Term BifPhash2_1(BifContext&, const Term* args) {
  return MakeSmall(MakeHash2(args[0]) & ((1 << 27) - 1));
}

Term BifPhash2_2(BifContext& ctx, const Term* args) {
  std::optional<uint32_t> range = Range(args[1]);
  if (!range) return ctx.Fail(atoms::kBadarg);
  uint32_t hash = MakeHash2(args[0]);
  return MakeSmall(*range != 0 ? hash % *range : hash);
}

constexpr BifEntry kHashBifs[] = {
    {"erlang", "phash", 2, BifPhash},
    {"erlang", "phash2", 1, BifPhash2_1},
    {"erlang", "phash2", 2, BifPhash2_2},
};

}  // namespace

std::span<const BifEntry> HashBifs() {
  return kHashBifs;
}

}  // namespace ling::vm
