// Bitstrings: binaries (whole bytes) and bitstrings of any bit length.
//
// Up to kHeapBinaryLimit bytes live inside the heap (a heap binary); larger
// ones live off-heap in a reference-counted BinaryData, and the heap holds a
// ProcBin that points to it. Copying a refc binary into another
// heap copies the ProcBin and takes a reference, never the bytes. A
// sub-binary is a slice of a heap or refc binary at any bit offset and of any
// bit length: what the bit syntax makes when it takes part of a binary or
// appends in place, and the only way a bitstring that is not whole bytes
// exists.
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
// A ProcBin's size never changes once it is made. Its BinaryData may hold
// more: a writable binary (writable_binary.h) is a buffer that appends fill
// in place; the sub-binaries they make reach past the ProcBin's size, up to
// the bits written so far, and only bits past those are ever written (a
// ProcBin whose last byte is not all written yet is seen only through a
// sub-binary, as AllocateBitstring makes them). The ProcBin's BinaryData
// pointer is the one word of a term that may change: it follows such a
// buffer when the buffer moves (it grows, or a collection trims it), and
// every term over the buffer reads through it.
//
// Copying (copy.h) keeps the slice, as BEAM does: the copy of a sub-binary is
// a sub-binary over a copy of its original (a heap binary's at most 64 bytes,
// or a ProcBin sharing the data), so a small slice never duplicates a large
// refc binary.
//
// Concurrency: BinaryData is shared between processes and threads; its
// reference count is atomic and bytes that any term covers never change
// (AllocateBitstring's caller fills them before the term is read or shared).
// A writable binary's bytes past what terms cover are written by appends,
// but only while it has one reference, held by the ProcBin of the process
// that made it: AddRef -- how a second holder, such as a message (copy.h),
// gets the data -- ends its being writable for good, on the owner's thread,
// before the other holder exists. So no thread ever writes bytes, or the
// writer state, of data another thread can reach.
#ifndef LING_RUNTIME_TERM_BINARY_H_
#define LING_RUNTIME_TERM_BINARY_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling {

inline constexpr size_t kHeapBinaryLimit = 64;
inline constexpr size_t kProcBinWords = 4;
inline constexpr size_t kSubBinaryWords = 4;

// Word indexes of the layouts above, for the inline accessors below.
namespace binary_words {
inline constexpr size_t kProcBinSize = 1;
inline constexpr size_t kProcBinData = 2;
inline constexpr size_t kSubOriginal = 1;
inline constexpr size_t kSubOffset = 2;
inline constexpr size_t kSubSize = 3;
}  // namespace binary_words

class BinaryData {
 public:
  BinaryData(const BinaryData&) = delete;
  BinaryData& operator=(const BinaryData&) = delete;

  // One reference, owned by the caller.
  static BinaryData* Create(std::span<const uint8_t> bytes);
  // `size` zero bytes for the creator to fill (mutable_bytes()) before the
  // binary is shared.
  static BinaryData* CreateZeroed(size_t size);
  // A writable binary's buffer (writable_binary.h): `capacity` bytes that
  // start with a copy of `prefix`, the rest zero, `written_bits` of them
  // written.
  static BinaryData* CreateWritable(size_t capacity, std::span<const uint8_t> prefix,
                                    uint64_t written_bits);
  // Taking a reference needs no ordering: the caller already holds one. The
  // new holder may be another process, so the data stops being writable
  // (see Concurrency above): the flag changes only while the caller holds
  // the one reference, and is only read once the data is shared.
  void AddRef() {
    if (writable_) writable_ = false;
    refs_.fetch_add(1, std::memory_order_relaxed);
  }
  // Drops a reference; the last one frees the data (acq_rel, so every
  // holder's reads happen before the free).
  void Release();
  // Bytes allocated: a refc binary's own, or a writable binary's capacity.
  size_t size() const { return size_; }
  const uint8_t* bytes() const { return bytes_; }
  uint8_t* mutable_bytes() { return bytes_; }
  int64_t refs() const { return refs_.load(std::memory_order_acquire); }

  // The writer state of a writable binary, used by writable_binary.cc and
  // touched only by the process holding the one reference.
  bool writable() const { return writable_; }
  // Where the appends so far stopped: no term reaches past this bit.
  uint64_t written_bits() const { return written_bits_; }
  // An append wrote up to bit `end`.
  void RecordAppend(uint64_t end) {
    written_bits_ = end;
    appended_ = true;
  }
  // Whether an append came since the previous call (a collection's
  // question: is the writer still at work?).
  bool TakeAppended() { return std::exchange(appended_, false); }

 private:
  explicit BinaryData(size_t size) : size_(size) {}
  // `size` bytes that start with a copy of `prefix`, the rest zero.
  static BinaryData* Filled(size_t size, std::span<const uint8_t> prefix);

  std::atomic<int64_t> refs_{1};
  size_t size_;
  uint64_t written_bits_ = 0;
  bool writable_ = false;
  bool appended_ = false;
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
inline BinaryData* RefcData(Term t) {
  const uint64_t* p = BoxedPointer(t);
  if (HeaderSubtag(p[0]) != tag::Subtag::kRefcBinary) return nullptr;
  return reinterpret_cast<BinaryData*>(p[binary_words::kProcBinData]);
}
// Points the ProcBin `refc` at `data` (a writable binary's buffer that
// moved); the caller releases the old data.
void SetRefcData(Term refc, BinaryData* data);

// ---- bitstrings of any length ---------------------------------------------------

// A bitstring's bits in memory: `size` bits from bit `offset` of `bytes`, in
// bits.h's numbering. Valid as BinaryBytes' span is.
struct BitsView {
  const uint8_t* bytes;
  uint64_t offset;
  uint64_t size;
};
// The bytes of a heap or refc binary (header at p).
inline const uint8_t* OriginalBytes(const uint64_t* p) {
  if (HeaderSubtag(p[0]) == tag::Subtag::kHeapBinary) {
    return reinterpret_cast<const uint8_t*>(p + 2);
  }
  return reinterpret_cast<const BinaryData*>(p[binary_words::kProcBinData])->bytes();
}
// Precondition for the rest of this section (unchecked): IsBitstring(t).
inline BitsView BitstringBits(Term t) {
  using namespace binary_words;
  const uint64_t* p = BoxedPointer(t);
  if (HeaderSubtag(p[0]) == tag::Subtag::kSubBinary) {
    return {OriginalBytes(BoxedPointer(Term::FromRaw(p[kSubOriginal]))), p[kSubOffset],
            p[kSubSize]};
  }
  return {OriginalBytes(p), 0, 8 * p[kProcBinSize]};  // heap binaries keep their size there too
}
// bit_size/1.
inline uint64_t BitSize(Term t) {
  const uint64_t* p = BoxedPointer(t);
  return HeaderSubtag(p[0]) == tag::Subtag::kSubBinary ? p[binary_words::kSubSize]
                                                       : 8 * p[binary_words::kProcBinSize];
}
// byte_size/1: whole bytes, a partial last byte counting as one.
uint64_t ByteSize(Term t);
// The heap or refc binary holding a bitstring's bits: t itself unless it is a
// sub-binary.
inline Term BitstringOriginal(Term t) {
  const uint64_t* p = BoxedPointer(t);
  return HeaderSubtag(p[0]) == tag::Subtag::kSubBinary
             ? Term::FromRaw(p[binary_words::kSubOriginal])
             : t;
}
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
// A refc bitstring of `bits` bits over `data`, taking over the caller's
// reference: its ProcBin (of ceil(bits/8) bytes), inside a sub-binary
// (offset 0) when `bits` is not a whole number of bytes. At most
// kProcBinWords + kSubBinaryWords words.
Term MakeRefcBitstring(TermAllocator& heap, BinaryData* data, uint64_t bits);
// The `size` bits of `t` from bit `offset` on (counted from t's first bit),
// as BEAM's bit syntax extracts them: a slice of whole bytes up to
// kHeapBinaryLimit is copied into a new heap binary; any other slice is a
// sub-binary of t's original, except that the whole of a heap or refc binary
// is that binary itself. Precondition (checked): offset + size <= BitSize(t).
Term MakeSubBitstring(TermAllocator& heap, Term t, uint64_t offset, uint64_t size);
// The same slice by bits [start, start + size) of an original (a heap or
// refc binary: BitstringOriginal), unchecked: for callers that know the bits
// exist, such as a match context (bit_match.h) or an append
// (writable_binary.h), whose bits may reach past a writable binary's ProcBin
// size (see the layouts above).
Term SliceOriginal(TermAllocator& heap, Term original, uint64_t start, uint64_t size);
// Words MakeSubBitstring and SliceOriginal may take (at most).
inline constexpr size_t kSubBitstringMaxWords = 2 + kHeapBinaryLimit / 8;

}  // namespace ling

#endif  // LING_RUNTIME_TERM_BINARY_H_
