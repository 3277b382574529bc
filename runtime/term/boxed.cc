#include "runtime/term/boxed.h"

#include "ling/term.h"
#include "runtime/base/check.h"
#include "runtime/term/binary.h"
#include "runtime/term/fun.h"
#include "runtime/term/hashmap.h"

namespace ling {

size_t BoxedWords(const uint64_t* p) {
  switch (HeaderSubtag(p[0])) {
    case tag::Subtag::kRefcBinary:
      return kProcBinWords;  // its arity leaves out the off-heap link
    default:
      return 1 + HeaderArity(p[0]);
  }
}

TermWords BoxedTermWords(const uint64_t* p) {
  size_t end = 1 + HeaderArity(p[0]);
  switch (HeaderSubtag(p[0])) {
    case tag::Subtag::kTuple:
    case tag::Subtag::kMap:
    case tag::Subtag::kExport:
      return {1, end};
    case tag::Subtag::kFun:
      return {kLocalFunFirstTermWord, end};
    case tag::Subtag::kHashmap:
    case tag::Subtag::kHashmapNode:
      return {kHashmapFirstChildWord, end};  // after the bitmap (and size) word
    case tag::Subtag::kPositiveBignum:
    case tag::Subtag::kNegativeBignum:
    case tag::Subtag::kReference:
    case tag::Subtag::kFloat:
    case tag::Subtag::kRefcBinary:
    case tag::Subtag::kHeapBinary:
      return {0, 0};
    case tag::Subtag::kSubBinary:
    case tag::Subtag::kMatchContext:
      return {1, 2};  // the binary they refer to
  }
  LING_CHECK(false) << "unknown boxed subtag " << static_cast<int>(HeaderSubtag(p[0]));
  return {0, 0};
}

}  // namespace ling
