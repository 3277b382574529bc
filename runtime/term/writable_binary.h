// Appending in place: how <<Acc/binary, X:8>> in a loop stays linear, as on
// BEAM (erl_bits.c, erts_bs_append_checked and erts_bs_private_append).
//
// An append whose result is a refc binary (more than kHeapBinaryLimit bytes)
// makes a *writable* binary: a BinaryData with room to spare (twice the
// result, a fifth more beyond 16 MiB) that records how many bits appends
// have written so far. Every term over it covers bits below that mark, so
// the bytes past it belong to no value. An append to a bitstring that ends
// exactly at the mark -- the newest result, or any slice ending where it
// ends -- writes the new bits past the mark, moves the mark, and returns a
// new sub-binary over the same buffer; the value appended to is unchanged,
// since its bits are not touched. Appending to an older value (it ends
// before the mark: someone appended to it, or to a later value, already)
// copies, into a new writable binary, so appending twice to the same value
// gives two independent results. A full buffer is copied into one twice the
// size: amortised O(1) per appended bit. Smaller results are heap binaries,
// copied on each append: at most kHeapBinaryLimit bytes each time.
//
// Where BEAM flags the newest sub-binary as the writer, the mark decides
// here: no term carries a flag, so a copied, collected or sliced term is an
// ordinary one, and nothing can be appended in place by mistake.
//
// Memory: the room is at most the bytes written (a fifth of them beyond
// 16 MiB). A collector that calls SettleWritableBinaries also gives back the
// room of binaries no one appends to any more, as BEAM's collector shrinks
// writable binaries without an active writer.
//
// Concurrency: a writable binary is written only by the process that holds
// its one reference (binary.h: AddRef ends writability, so a message's copy
// and its original are both ordinary binaries from then on). These
// functions run on the thread that owns `heap` and the ProcBin.
#ifndef LING_RUNTIME_TERM_WRITABLE_BINARY_H_
#define LING_RUNTIME_TERM_WRITABLE_BINARY_H_

#include <cstdint>

#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

// The bitstring `value` followed by `bits` more bits, which the caller
// writes at bit `at` of `bytes` before the term is read or shared (as it
// fills AllocateBitstring's bytes); the term's bits before `at` are
// `value`'s. Bits of `bytes` before `at` may belong to other terms, which
// may be read while writing (the range written is no term's yet). The
// buffer may move to make room, so a view of a bitstring taken before the
// call (BitstringBits, BinaryBytes) is stale after it. Precondition:
// IsBitstring(value), and the result's size fits a small integer. At most
// BitstringWords(BitSize(value) + bits) words (binary.h).
struct NewAppend {
  Term term;
  uint8_t* bytes;
  uint64_t at;
};
NewAppend AllocateAppend(TermAllocator& heap, Term value, uint64_t bits);

// For a collector, once per collection (not per copying pass), on the
// ProcBins that survived it: a writable binary not appended to since the
// previous call is trimmed to the bytes written (and stays writable: the
// next append grows it again). Others are left alone.
void SettleWritableBinaries(OffHeapList& survivors);

}  // namespace ling

#endif  // LING_RUNTIME_TERM_WRITABLE_BINARY_H_
