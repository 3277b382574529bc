#include "runtime/term/fun.h"

#include <cstring>

#include "runtime/base/check.h"

namespace ling {
namespace {

// Export fun words.
constexpr size_t kExportModule = 1;
constexpr size_t kExportFunction = 2;
constexpr size_t kExportArity = 3;

// Local fun words (see fun.h).
constexpr size_t kEntry = 1;
constexpr size_t kNewUniq = 2;  // two words
constexpr size_t kModule = kLocalFunFirstTermWord;
constexpr size_t kIndex = 5;
constexpr size_t kUniq = 6;
constexpr size_t kArity = 7;
constexpr size_t kNumFree = 8;
constexpr size_t kCreator = 9;
constexpr size_t kFirstFree = kLocalFunFixedWords;

const uint64_t* ExportWords(Term fun) {
  LING_CHECK(IsExportFun(fun)) << "not an export fun";
  return BoxedPointer(fun);
}

uint64_t* LocalWords(Term fun) {
  LING_CHECK(IsLocalFun(fun)) << "not a local fun";
  return BoxedPointer(fun);
}

uint32_t SmallWord(const uint64_t* p, size_t i) {
  return static_cast<uint32_t>(SmallValue(Term::FromRaw(p[i])));
}

}  // namespace

uint32_t FunArity(Term fun) {
  return IsExportFun(fun) ? SmallWord(ExportWords(fun), kExportArity)
                          : SmallWord(LocalWords(fun), kArity);
}

Term MakeExportFun(TermAllocator& heap, Term module, Term function, uint8_t arity) {
  LING_CHECK(IsAtom(module) && IsAtom(function)) << "export fun of non-atoms";
  uint64_t* p = heap.Allocate(4);
  p[0] = MakeHeader(tag::Subtag::kExport, 3);
  p[kExportModule] = module.raw();
  p[kExportFunction] = function.raw();
  p[kExportArity] = MakeSmall(arity).raw();
  return MakeBoxed(p);
}

Term ExportFunModule(Term fun) {
  return Term::FromRaw(ExportWords(fun)[kExportModule]);
}

Term ExportFunFunction(Term fun) {
  return Term::FromRaw(ExportWords(fun)[kExportFunction]);
}

Term MakeLocalFun(TermAllocator& heap, const void* entry, const LocalFunId& id,
                  std::span<const Term> free_vars, Term creator) {
  return WriteLocalFun(heap.Allocate(LocalFunWords(free_vars.size())), entry, id, free_vars,
                       creator);
}

Term WriteLocalFun(uint64_t* p, const void* entry, const LocalFunId& id,
                   std::span<const Term> free_vars, Term creator) {
  LING_CHECK(IsAtom(id.module)) << "local fun of a non-atom module";
  LING_CHECK(creator == kNonValue || IsPid(creator)) << "a fun's creator is no pid";
  p[0] = MakeHeader(tag::Subtag::kFun, kFirstFree - 1 + free_vars.size());
  p[kEntry] = reinterpret_cast<uint64_t>(entry);
  std::memcpy(p + kNewUniq, id.new_uniq.data(), id.new_uniq.size());
  p[kModule] = id.module.raw();
  p[kIndex] = MakeSmall(id.index).raw();
  p[kUniq] = MakeSmall(id.uniq).raw();
  p[kArity] = MakeSmall(id.arity).raw();
  p[kNumFree] = MakeSmall(static_cast<int64_t>(free_vars.size())).raw();
  p[kCreator] = (creator == kNonValue ? MakePid(0) : creator).raw();
  for (size_t i = 0; i < free_vars.size(); ++i)
    p[kFirstFree + i] = free_vars[i].raw();
  return MakeBoxed(p);
}

LocalFunId LocalFunIdOf(Term fun) {
  const uint64_t* p = LocalWords(fun);
  LocalFunId id;
  id.module = Term::FromRaw(p[kModule]);
  id.index = SmallWord(p, kIndex);
  id.uniq = SmallWord(p, kUniq);
  std::memcpy(id.new_uniq.data(), p + kNewUniq, id.new_uniq.size());
  id.arity = static_cast<uint8_t>(SmallWord(p, kArity));
  return id;
}

const void* LocalFunEntry(Term fun) {
  return reinterpret_cast<const void*>(LocalWords(fun)[kEntry]);
}

void SetLocalFunEntry(Term fun, const void* entry) {
  LocalWords(fun)[kEntry] = reinterpret_cast<uint64_t>(entry);
}

Term LocalFunCreator(Term fun) {
  return Term::FromRaw(LocalWords(fun)[kCreator]);
}

uint32_t LocalFunNumFree(Term fun) {
  return SmallWord(LocalWords(fun), kNumFree);
}

Term LocalFunFreeVar(Term fun, uint32_t i) {
  LING_CHECK(i < LocalFunNumFree(fun)) << "free variable " << i << " out of range";
  return Term::FromRaw(LocalWords(fun)[kFirstFree + i]);
}

}  // namespace ling
