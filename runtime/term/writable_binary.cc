#include "runtime/term/writable_binary.h"

#include "runtime/term/binary.h"
#include "runtime/term/bits.h"

namespace ling {
namespace {

// Room for a result of `bytes` and as much again, so that a loop of appends
// copies each byte O(1) times; beyond 16 MiB a fifth more only, as BEAM's
// GROW_PROC_BIN_SIZE, for the memory that doubling would leave unused.
size_t Capacity(uint64_t bytes) {
  constexpr uint64_t kLarge = uint64_t{1} << 24;
  return bytes > kLarge ? bytes + bytes / 5 : 2 * bytes;
}

// The writable binary whose written bits end where `value` (viewed as `v`)
// ends, or nullptr.
BinaryData* WritableEndingAt(Term value, const BitsView& v) {
  BinaryData* data = RefcData(BitstringOriginal(value));
  if (data == nullptr || !data->writable()) return nullptr;
  return v.offset + v.size == data->written_bits() ? data : nullptr;
}

// Moves the writable binary of ProcBin `refc` into a new buffer of
// `capacity` bytes (at least those written); the terms over it follow
// through the ProcBin, the only holder (binary.h).
BinaryData* Reallocate(Term refc, BinaryData* data, size_t capacity) {
  uint64_t written = data->written_bits();
  BinaryData* moved =
      BinaryData::CreateWritable(capacity, {data->bytes(), BytesFor(written)}, written);
  SetRefcData(refc, moved);
  data->Release();
  return moved;
}

}  // namespace

NewAppend AllocateAppend(TermAllocator& heap, Term value, uint64_t bits) {
  BitsView v = BitstringBits(value);
  uint64_t result = v.size + bits;
  if (BytesFor(result) <= kHeapBinaryLimit) {
    NewBitstring out = AllocateBitstring(heap, result);
    CopyBits(v.bytes, v.offset, out.bytes, 0, v.size);
    return {out.term, out.bytes, v.size};
  }
  if (BinaryData* data = WritableEndingAt(value, v)) {
    Term refc = BitstringOriginal(value);
    uint64_t end = v.offset + result;
    if (BytesFor(end) > data->size()) data = Reallocate(refc, data, Capacity(BytesFor(end)));
    // Recorded before the caller writes: if a segment then fails, no term
    // covers the bits, and the next append to `value` copies.
    data->RecordAppend(end);
    return {SliceOriginal(heap, refc, v.offset, result), data->mutable_bytes(), v.offset + v.size};
  }
  BinaryData* data = BinaryData::CreateWritable(Capacity(BytesFor(result)), {}, 0);
  CopyBits(v.bytes, v.offset, data->mutable_bytes(), 0, v.size);
  data->RecordAppend(result);
  return {MakeRefcBitstring(heap, data, result), data->mutable_bytes(), v.size};
}

void SettleWritableBinaries(OffHeapList& survivors) {
  survivors.ForEachProcBin([](uint64_t* procbin) {
    Term refc = MakeBoxed(procbin);
    BinaryData* data = RefcData(refc);
    if (!data->writable() || data->TakeAppended()) return;
    // Trimming copies the bytes: only worth it when it frees a good share.
    uint64_t used = BytesFor(data->written_bits());
    if (data->size() - used > used / 8) Reallocate(refc, data, used);
  });
}

}  // namespace ling
