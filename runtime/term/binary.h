// Bitstrings: binaries (whole bytes) and bitstrings of any bit length.
//
// Up to kHeapBinaryLimit bytes live inside the heap (a heap binary); larger
// ones live off-heap in a reference-counted, immutable BinaryData, and the
// heap holds a ProcBin that points to it. Copying a refc binary into another
// heap copies the ProcBin and takes a reference, never the bytes. A
// sub-binary is a slice of a heap or refc binary at any bit offset and of any
// bit length: what the bit syntax makes when it takes part of a binary, and
// the only way a bitstring that is not whole bytes exists.
//
// Layouts (words):
//   heap binary: header(kHeapBinary, 1 + ceil(size/8)) | size | bytes...
//   ProcBin:     header(kRefcBinary, 3) | size | BinaryData* | next ProcBin
//   sub-binary:  header(kSubBinary, 3) | original | bit offset | bit size
// where `size` counts bytes, and a sub-binary's `original` is a heap or refc
// binary term (never another sub-binary: slicing a slice points to the
// original), its bits [bit offset, bit offset + bit size) of the original's
// bytes being the sub-binary's. The original is a term word, so collectors
// and copies move it like any other (boxed.h); the two numbers are raw.
// A partial last byte of a heap or refc binary built for a bitstring has
// zero unused bits, but nothing relies on it: bits past a bitstring's end
// are never read as part of it.
//
// Copying (copy.h) keeps the slice, as BEAM does: the copy of a sub-binary is
// a sub-binary over a copy of its original (a heap binary's at most 64 bytes,
// or a ProcBin sharing the data), so a small slice never duplicates a large
// refc binary.
//
// Concurrency: BinaryData is shared between processes and threads; its
// reference count is atomic and its bytes never change once the binary that
// creates it is built (AllocateBitstring's caller fills them first).
#ifndef LING_RUNTIME_TERM_BINARY_H_
#define LING_RUNTIME_TERM_BINARY_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

inline constexpr size_t kHeapBinaryLimit = 64;
inline constexpr size_t kProcBinWords = 4;
inline constexpr size_t kSubBinaryWords = 4;

class BinaryData {
 public:
  BinaryData(const BinaryData&) = delete;
  BinaryData& operator=(const BinaryData&) = delete;

  // One reference, owned by the caller.
  static BinaryData* Create(std::span<const uint8_t> bytes);
  // `size` zero bytes for the creator to fill (mutable_bytes()) before the
  // binary is shared.
  static BinaryData* CreateZeroed(size_t size);
  // Taking a reference needs no ordering: the caller already holds one.
  void AddRef() { refs_.fetch_add(1, std::memory_order_relaxed); }
  // Drops a reference; the last one frees the data (acq_rel, so every
  // holder's reads happen before the free).
  void Release();
  size_t size() const { return size_; }
  const uint8_t* bytes() const { return bytes_; }
  uint8_t* mutable_bytes() { return bytes_; }
  int64_t refs() const { return refs_.load(std::memory_order_acquire); }

 private:
  explicit BinaryData(size_t size) : size_(size) {}
  std::atomic<int64_t> refs_{1};
  size_t size_;
  alignas(8) uint8_t bytes_[];
};

// ---- whole-byte binaries -------------------------------------------------------

// Words a binary of `size` bytes takes on a heap.
size_t BinaryWords(size_t size);
Term MakeBinary(TermAllocator& heap, std::span<const uint8_t> bytes);
Term MakeBinary(TermAllocator& heap, std::string_view text);
// Builds the binary at hp (BinaryWords(size) words), linking a ProcBin into
// `off_heap`.
Term WriteBinary(uint64_t* hp, std::span<const uint8_t> bytes, OffHeapList& off_heap);
// Whether BinaryBytes can view `t` in place: a binary whose first bit starts
// a byte (every heap and refc binary; a sub-binary of whole bytes at a byte
// offset).
bool IsAlignedBinary(Term t);
// Precondition (checked, aborts): IsAlignedBinary(t). The bytes stay valid as
// long as the term's heap (or, for refc data, any reference to it) lives and
// is not collected. For any binary or bitstring, BitstringBytes works.
std::span<const uint8_t> BinaryBytes(Term t);
// The BinaryData behind a refc binary (nullptr for a heap binary or a
// sub-binary: see BitstringOriginal).
BinaryData* RefcData(Term t);

// ---- bitstrings of any length ---------------------------------------------------

// A bitstring's bits in memory: `size` bits from bit `offset` of `bytes`, in
// bits.h's numbering. Valid as BinaryBytes' span is.
struct BitsView {
  const uint8_t* bytes;
  uint64_t offset;
  uint64_t size;
};
// Precondition for the rest of this section (unchecked): IsBitstring(t).
BitsView BitstringBits(Term t);
// bit_size/1.
uint64_t BitSize(Term t);
// byte_size/1: whole bytes, a partial last byte counting as one.
uint64_t ByteSize(Term t);
// The heap or refc binary holding a bitstring's bits: t itself unless it is a
// sub-binary.
Term BitstringOriginal(Term t);
// ByteSize(t) bytes of any bitstring: a view when IsAlignedBinary(t), else a
// copy in *scratch, a partial last byte's unused low bits zero. Valid as
// BinaryBytes' span is (and while *scratch is unchanged).
std::span<const uint8_t> BitstringBytes(Term t, std::vector<uint8_t>& scratch);

// ---- building bitstrings ----------------------------------------------------------

// Words a new bitstring of `bits` bits takes (AllocateBitstring).
size_t BitstringWords(uint64_t bits);
// A new bitstring of `bits` bits for the caller to fill: `bytes` points to
// its ceil(bits/8) zero bytes, to be written before the term is shared or
// read. A heap binary up to kHeapBinaryLimit bytes, a refc binary above;
// inside a sub-binary (offset 0) when `bits` is not a whole number of bytes.
struct NewBitstring {
  Term term;
  uint8_t* bytes;
};
NewBitstring AllocateBitstring(TermAllocator& heap, uint64_t bits);
// The `size` bits of `t` from bit `offset` on (counted from t's first bit),
// as BEAM's bit syntax extracts them: a slice of whole bytes up to
// kHeapBinaryLimit is copied into a new heap binary; any other slice is a
// sub-binary of t's original, except that the whole of a heap or refc binary
// is that binary itself. Precondition (checked): offset + size <= BitSize(t).
Term MakeSubBitstring(TermAllocator& heap, Term t, uint64_t offset, uint64_t size);
// Words MakeSubBitstring may take (at most).
inline constexpr size_t kSubBitstringMaxWords = 2 + kHeapBinaryLimit / 8;

}  // namespace ling

#endif  // LING_RUNTIME_TERM_BINARY_H_
