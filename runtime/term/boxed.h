// The shape of every boxed object: how many words it takes and which of them
// hold terms. Copying (and later the garbage collector) walks boxed objects
// through this one description, so a new kind of object is described here
// once.
//
// Concurrency: reads one object's header word; the caller must be allowed to
// read the object (own its heap).
#ifndef LING_RUNTIME_TERM_BOXED_H_
#define LING_RUNTIME_TERM_BOXED_H_

#include <cstddef>
#include <cstdint>

namespace ling {

// Words [first, end) of the object that hold terms; first == end for objects
// of raw data (floats, bignums, references, heap and refc binaries). A
// sub-binary's and a match context's one term word is the binary they refer
// to (binary.h, bit_match.h); a hashmap node's term words are its children,
// after its bitmap word (hashmap.h).
struct TermWords {
  size_t first;
  size_t end;
};

// `p` points to a boxed object's header.
size_t BoxedWords(const uint64_t* p);
TermWords BoxedTermWords(const uint64_t* p);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_BOXED_H_
