// The process dictionary: put/2, get/0,1, erase/0,1, get_keys/0,1. Keys
// compare exactly (=:=), as in BEAM; the entries are kept in insertion
// order, which is what get/0 and get_keys/0 return them in.
#include <span>
#include <vector>

#include "emulator/vm/bif.h"
#include "runtime/term/build.h"
#include "runtime/term/compare.h"

namespace ling::vm {
namespace {

// The index of `key`'s entry in the flat key, value... vector, or -1.
std::ptrdiff_t IndexOf(const std::vector<Term>& dict, Term key) {
  bool immediate = IsImmediate(key);  // the common case: equal only to itself
  for (size_t i = 0; i < dict.size(); i += 2) {
    if (dict[i] == key || (!immediate && ExactEqual(dict[i], key))) {
      return static_cast<std::ptrdiff_t>(i);
    }
  }
  return -1;
}

Term BifPut(BifContext& ctx, const Term* args) {
  std::vector<Term>& dict = ctx.memory.dictionary();
  std::ptrdiff_t i = IndexOf(dict, args[0]);
  if (i < 0) {
    dict.push_back(args[0]);
    dict.push_back(args[1]);
    return atoms::kUndefined;
  }
  Term old = dict[i + 1];
  dict[i + 1] = args[1];
  return old;
}

Term BifGet1(BifContext& ctx, const Term* args) {
  const std::vector<Term>& dict = ctx.memory.dictionary();
  std::ptrdiff_t i = IndexOf(dict, args[0]);
  return i < 0 ? atoms::kUndefined : dict[i + 1];
}

Term BifErase1(BifContext& ctx, const Term* args) {
  std::vector<Term>& dict = ctx.memory.dictionary();
  std::ptrdiff_t i = IndexOf(dict, args[0]);
  if (i < 0) return atoms::kUndefined;
  Term old = dict[i + 1];
  dict.erase(dict.begin() + i, dict.begin() + i + 2);
  return old;
}

// [{Key, Value}] of every entry.
Term Entries(BifContext& ctx) {
  const std::vector<Term>& dict = ctx.memory.dictionary();
  std::vector<Term> pairs;
  pairs.reserve(dict.size() / 2);
  for (size_t i = 0; i < dict.size(); i += 2)
    pairs.push_back(MakeTuple(ctx.memory, {dict[i], dict[i + 1]}));
  return MakeList(ctx.memory, pairs);
}

Term BifGet0(BifContext& ctx, const Term*) {
  return Entries(ctx);
}

Term BifErase0(BifContext& ctx, const Term*) {
  Term all = Entries(ctx);
  ctx.memory.dictionary().clear();
  return all;
}

// The keys, of every entry or of those holding `value` (=:=).
Term Keys(BifContext& ctx, const Term* value) {
  const std::vector<Term>& dict = ctx.memory.dictionary();
  std::vector<Term> keys;
  for (size_t i = 0; i < dict.size(); i += 2) {
    if (value == nullptr || ExactEqual(dict[i + 1], *value)) keys.push_back(dict[i]);
  }
  return MakeList(ctx.memory, keys);
}

Term BifGetKeys0(BifContext& ctx, const Term*) {
  return Keys(ctx, nullptr);
}

Term BifGetKeys1(BifContext& ctx, const Term* args) {
  return Keys(ctx, &args[0]);
}

constexpr BifEntry kDictionaryBifs[] = {
    {"erlang", "put", 2, BifPut},           {"erlang", "get", 1, BifGet1},
    {"erlang", "get", 0, BifGet0},          {"erlang", "erase", 1, BifErase1},
    {"erlang", "erase", 0, BifErase0},      {"erlang", "get_keys", 0, BifGetKeys0},
    {"erlang", "get_keys", 1, BifGetKeys1},
};

}  // namespace

std::span<const BifEntry> DictionaryBifs() {
  return kDictionaryBifs;
}

}  // namespace ling::vm
