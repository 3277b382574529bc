#include "runtime/term/binary.h"

#include <cstring>
#include <new>

#include "runtime/base/check.h"
#include "runtime/term/bits.h"

namespace ling {
namespace {

using namespace binary_words;

bool IsSubBinary(const uint64_t* p) {
  return HeaderSubtag(p[0]) == tag::Subtag::kSubBinary;
}

Term WriteProcBin(uint64_t* hp, size_t size, BinaryData* data, OffHeapList& off_heap) {
  hp[0] = MakeHeader(tag::Subtag::kRefcBinary, kProcBinWords - 1);
  hp[kProcBinSize] = size;
  hp[kProcBinData] = reinterpret_cast<uint64_t>(data);
  off_heap.Add(hp);
  return MakeBoxed(hp);
}

Term WriteSubBinary(uint64_t* hp, Term original, uint64_t offset, uint64_t size) {
  hp[0] = MakeHeader(tag::Subtag::kSubBinary, kSubBinaryWords - 1);
  hp[kSubOriginal] = original.raw();
  hp[kSubOffset] = offset;
  hp[kSubSize] = size;
  return MakeBoxed(hp);
}

// Header and size of a heap binary of `size` bytes at hp, its padding zeroed;
// returns where its bytes go.
uint8_t* WriteHeapBinaryHeader(uint64_t* hp, size_t size) {
  size_t data_words = (size + 7) / 8;
  hp[0] = MakeHeader(tag::Subtag::kHeapBinary, 1 + data_words);
  hp[1] = size;
  if (data_words > 0) hp[1 + data_words] = 0;  // no uninitialised padding bytes
  return reinterpret_cast<uint8_t*>(hp + 2);
}

}  // namespace

BinaryData* BinaryData::Filled(size_t size, std::span<const uint8_t> prefix) {
  void* raw = ::operator new(sizeof(BinaryData) + size);
  auto* data = new (raw) BinaryData(size);
  if (!prefix.empty()) std::memcpy(data->bytes_, prefix.data(), prefix.size());
  std::memset(data->bytes_ + prefix.size(), 0, size - prefix.size());
  return data;
}

BinaryData* BinaryData::Create(std::span<const uint8_t> bytes) {
  return Filled(bytes.size(), bytes);
}

BinaryData* BinaryData::CreateZeroed(size_t size) {
  return Filled(size, {});
}

BinaryData* BinaryData::CreateWritable(size_t capacity, std::span<const uint8_t> prefix,
                                       uint64_t written_bits) {
  BinaryData* data = Filled(capacity, prefix);
  data->written_bits_ = written_bits;
  data->writable_ = true;
  return data;
}

void BinaryData::Release() {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    this->~BinaryData();
    ::operator delete(this);
  }
}

size_t BinaryWords(size_t size) {
  return size <= kHeapBinaryLimit ? 2 + (size + 7) / 8 : kProcBinWords;
}

Term WriteBinary(uint64_t* hp, std::span<const uint8_t> bytes, OffHeapList& off_heap) {
  size_t size = bytes.size();
  if (size <= kHeapBinaryLimit) {
    uint8_t* data = WriteHeapBinaryHeader(hp, size);
    if (size > 0) std::memcpy(data, bytes.data(), size);
    return MakeBoxed(hp);
  }
  return WriteProcBin(hp, size, BinaryData::Create(bytes), off_heap);
}

Term MakeBinary(TermAllocator& heap, std::span<const uint8_t> bytes) {
  return WriteBinary(heap.Allocate(BinaryWords(bytes.size())), bytes, heap.off_heap());
}

Term MakeBinary(TermAllocator& heap, std::string_view text) {
  return MakeBinary(
      heap, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

bool IsAlignedBinary(Term t) {
  if (!IsBinary(t)) return false;
  const uint64_t* p = BoxedPointer(t);
  return !IsSubBinary(p) || p[kSubOffset] % 8 == 0;
}

std::span<const uint8_t> BinaryBytes(Term t) {
  LING_CHECK(IsAlignedBinary(t)) << "BinaryBytes of a bitstring that is not a byte-aligned binary "
                                    "(BitstringBytes takes any)";
  BitsView bits = BitstringBits(t);
  return {bits.bytes + bits.offset / 8, bits.size / 8};
}

uint64_t ByteSize(Term t) {
  return BytesFor(BitSize(t));
}

std::span<const uint8_t> BitstringBytes(Term t, std::vector<uint8_t>& scratch) {
  if (IsAlignedBinary(t)) return BinaryBytes(t);
  BitsView bits = BitstringBits(t);
  scratch.assign(BytesFor(bits.size), 0);
  CopyBits(bits.bytes, bits.offset, scratch.data(), 0, bits.size);
  return scratch;
}

size_t BitstringWords(uint64_t bits) {
  return BinaryWords(BytesFor(bits)) + (bits % 8 != 0 ? kSubBinaryWords : 0);
}

NewBitstring AllocateBitstring(TermAllocator& heap, uint64_t bits) {
  uint64_t size = BytesFor(bits);
  if (size > kHeapBinaryLimit) {
    BinaryData* data = BinaryData::CreateZeroed(size);
    return {MakeRefcBitstring(heap, data, bits), data->mutable_bytes()};
  }
  uint64_t* hp = heap.Allocate(BitstringWords(bits));
  uint8_t* bytes = WriteHeapBinaryHeader(hp, size);
  std::memset(bytes, 0, size);
  Term term = MakeBoxed(hp);
  if (bits % 8 != 0) term = WriteSubBinary(hp + BinaryWords(size), term, 0, bits);
  return {term, bytes};
}

Term MakeRefcBitstring(TermAllocator& heap, BinaryData* data, uint64_t bits) {
  uint64_t* hp = heap.Allocate(kProcBinWords + (bits % 8 != 0 ? kSubBinaryWords : 0));
  Term term = WriteProcBin(hp, BytesFor(bits), data, heap.off_heap());
  if (bits % 8 != 0) term = WriteSubBinary(hp + kProcBinWords, term, 0, bits);
  return term;
}

void SetRefcData(Term refc, BinaryData* data) {
  BoxedPointer(refc)[kProcBinData] = reinterpret_cast<uint64_t>(data);
}

Term MakeSubBitstring(TermAllocator& heap, Term t, uint64_t offset, uint64_t size) {
  BitsView bits = BitstringBits(t);
  LING_CHECK(offset <= bits.size && size <= bits.size - offset)
      << "slice [" << offset << ", +" << size << ") of a bitstring of " << bits.size << " bits";
  return SliceOriginal(heap, BitstringOriginal(t), bits.offset + offset, size);
}

Term SliceOriginal(TermAllocator& heap, Term original, uint64_t start, uint64_t size) {
  if (start == 0 && size == BitSize(original)) return original;
  if (size % 8 == 0 && size / 8 <= kHeapBinaryLimit) {
    uint64_t* hp = heap.Allocate(BinaryWords(size / 8));
    CopyBits(OriginalBytes(BoxedPointer(original)), start, WriteHeapBinaryHeader(hp, size / 8), 0,
             size);
    return MakeBoxed(hp);
  }
  return WriteSubBinary(heap.Allocate(kSubBinaryWords), original, start, size);
}

}  // namespace ling
