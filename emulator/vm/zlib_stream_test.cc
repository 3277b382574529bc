#include "emulator/vm/zlib_stream.h"

#include <zlib.h>

#include <atomic>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "emulator/vm/zlib_handle.h"
#include "gtest/gtest.h"
#include "runtime/term/binary.h"
#include "runtime/term/heap.h"
#include "runtime/term/resource.h"

namespace ling::vm {
namespace {

using Step = ZlibStream::Step;

std::span<const uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Text that compresses, with some noise so it is not trivial.
std::string Sample(size_t n) {
  std::string s;
  uint32_t x = 12345;
  while (s.size() < n) {
    x = x * 1103515245 + 12345;
    s += "line " + std::to_string(s.size() % 977) + (x % 7 == 0 ? " noise " : " ") +
         static_cast<char>('a' + (x >> 16) % 26) + "\n";
  }
  s.resize(n);
  return s;
}

// Runs steps as zlib.erl's dequeue_all_chunks does, until finished;
// appends the output to `out`. The last step's kind.
Step::Kind Drain(ZlibStream& z, bool deflating, size_t input_chunk, size_t output_chunk, int flush,
                 std::string& out) {
  for (;;) {
    Step step = deflating ? z.Deflate(input_chunk, output_chunk, flush)
                          : z.Inflate(input_chunk, output_chunk, flush);
    out.append(step.output.begin(), step.output.end());
    if (step.kind != Step::kContinue) return step.kind;
  }
}

std::string Compress(std::string_view data, int window_bits = 15, size_t block = 0) {
  ZlibStream z;
  EXPECT_EQ(z.DeflateInit(Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8, 0), Z_OK);
  if (block == 0) block = data.size();
  for (size_t i = 0; i < data.size(); i += block)
    z.Enqueue(Bytes(data.substr(i, block)));
  std::string out;
  EXPECT_EQ(Drain(z, true, 8 << 10, 8 << 10, Z_FINISH, out), Step::kFinished);
  EXPECT_EQ(z.DeflateEnd(), Z_OK);
  return out;
}

TEST(ZlibStream, DeflateGivesZlibsCompressBytes) {
  for (size_t n : {0, 1, 100, 70000}) {
    std::string data = Sample(n);
    std::vector<uint8_t> expected(compressBound(n));
    uLongf size = expected.size();
    ASSERT_EQ(compress(expected.data(), &size, Bytes(data).data(), n), Z_OK);
    EXPECT_EQ(Compress(data), std::string(expected.begin(), expected.begin() + size)) << n;
    // However the input was cut into blocks.
    EXPECT_EQ(Compress(data, 15, 333), Compress(data)) << n;
  }
}

TEST(ZlibStream, InflatesInSmallStepsAcrossBlocks) {
  std::string data = Sample(200000);
  std::string packed = Compress(data);
  ZlibStream z;
  ASSERT_EQ(z.InflateInit(15, ZlibStream::EndOfStream::kCut), Z_OK);
  for (size_t i = 0; i < packed.size(); i += 1000)
    z.Enqueue(Bytes(std::string_view(packed).substr(i, 1000)));
  std::string out;
  int steps = 0;
  for (;;) {
    Step step = z.Inflate(700, 500, Z_NO_FLUSH);
    ASSERT_NE(step.kind, Step::kFailed);
    ASSERT_LE(step.output.size(), 500u);
    out.append(step.output.begin(), step.output.end());
    ++steps;
    if (step.kind == Step::kFinished) break;
  }
  EXPECT_EQ(out, data);
  EXPECT_GT(steps, 400);  // bounded output per step
  EXPECT_EQ(z.queued(), 0u);
  EXPECT_EQ(z.InflateEnd(), Z_OK);
  EXPECT_EQ(z.state(), ZlibStream::State::kNone);
}

TEST(ZlibStream, DictionaryIsAskedForThenUsed) {
  std::string dictionary = "zyzyzyzyzyzyzyzyzyzyzyzy", data = "zyzyzy hello world hello world";
  ZlibStream d;
  ASSERT_EQ(d.DeflateInit(Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15, 8, 0), Z_OK);
  uint32_t adler = 0;
  ASSERT_EQ(d.DeflateSetDictionary(Bytes(dictionary), &adler), Z_OK);
  uint32_t expected = adler32(1, Bytes(dictionary).data(), dictionary.size());
  EXPECT_EQ(adler, expected);
  d.Enqueue(Bytes(data));
  std::string packed;
  ASSERT_EQ(Drain(d, true, 8192, 8192, Z_FINISH, packed), Step::kFinished);

  ZlibStream z;
  ASSERT_EQ(z.InflateInit(15, ZlibStream::EndOfStream::kCut), Z_OK);
  z.Enqueue(Bytes(packed));
  Step step = z.Inflate(8192, 16384, Z_NO_FLUSH);
  ASSERT_EQ(step.kind, Step::kNeedDictionary);
  EXPECT_EQ(step.dictionary_adler, expected);
  EXPECT_EQ(z.InflateSetDictionary(Bytes("wrong")), Z_DATA_ERROR);
  ASSERT_EQ(z.InflateSetDictionary(Bytes(dictionary)), Z_OK);
  std::string out;
  EXPECT_EQ(Drain(z, false, 8192, 16384, Z_NO_FLUSH, out), Step::kFinished);
  EXPECT_EQ(out, data);
  std::vector<uint8_t> window;
  ASSERT_EQ(z.InflateGetDictionary(window), Z_OK);
  // zlib's window: the dictionary; the stream ended within one call, so
  // the output did not go into it (erl answers the same).
  EXPECT_EQ(std::string(window.begin(), window.end()), dictionary);
}

TEST(ZlibStream, RawDictionaryChecksumStartsFromZero) {
  ZlibStream d;
  ASSERT_EQ(d.DeflateInit(Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, 0), Z_OK);
  uint32_t adler = 0;
  ASSERT_EQ(d.DeflateSetDictionary(Bytes("abc"), &adler), Z_OK);
  EXPECT_EQ(adler, adler32(0, Bytes("abc").data(), 3));  // as zlib_nif.c
}

TEST(ZlibStream, BadDataFails) {
  ZlibStream z;
  ASSERT_EQ(z.InflateInit(15, ZlibStream::EndOfStream::kCut), Z_OK);
  z.Enqueue(Bytes("not zlib data at all"));
  Step step = z.Inflate(8192, 16384, Z_NO_FLUSH);
  EXPECT_EQ(step.kind, Step::kFailed);
  EXPECT_EQ(step.code, Z_DATA_ERROR);
}

TEST(ZlibStream, EndsCheckWhatIsLeft) {
  std::string packed = Compress("hello hello hello");
  ZlibStream z;
  ASSERT_EQ(z.InflateInit(15, ZlibStream::EndOfStream::kCut), Z_OK);
  z.Enqueue(Bytes(std::string_view(packed).substr(0, packed.size() - 3)));
  std::string out;
  EXPECT_EQ(Drain(z, false, 8192, 16384, Z_NO_FLUSH, out), Step::kFinished);
  EXPECT_EQ(z.InflateEnd(), Z_DATA_ERROR);  // truncated: no end of stream

  ASSERT_EQ(z.DeflateInit(1, Z_DEFLATED, 15, 8, 0), Z_OK);
  z.Enqueue(Bytes("queued, never deflated"));
  EXPECT_EQ(z.DeflateEnd(), Z_DATA_ERROR);
  EXPECT_EQ(z.queued(), 0u);
}

// Two gzip members back to back, under each end-of-stream policy.
TEST(ZlibStream, AfterTheEndOfAStream) {
  std::string two = Compress("first ", 31) + Compress("second", 31);
  auto inflate = [&](ZlibStream::EndOfStream policy, std::string& out) {
    ZlibStream z;
    EXPECT_EQ(z.InflateInit(31, policy), Z_OK);
    z.Enqueue(Bytes(two));
    return Drain(z, false, 8192, 16384, Z_NO_FLUSH, out);
  };
  std::string out;
  EXPECT_EQ(inflate(ZlibStream::EndOfStream::kReset, out), Step::kFinished);
  EXPECT_EQ(out, "first second");
  out.clear();
  EXPECT_EQ(inflate(ZlibStream::EndOfStream::kCut, out), Step::kFinished);
  EXPECT_EQ(out, "first ");
  out.clear();
  EXPECT_EQ(inflate(ZlibStream::EndOfStream::kError, out), Step::kFailed);
}

TEST(ZlibStream, RunningCrcOfRawStreamsOnly) {
  std::string data = Sample(20000);
  uint32_t crc = crc32(0, Bytes(data).data(), data.size());
  ZlibStream d;
  ASSERT_EQ(d.DeflateInit(Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, 0), Z_OK);
  d.Enqueue(Bytes(data));
  std::string packed;
  ASSERT_EQ(Drain(d, true, 8192, 8192, Z_FINISH, packed), Step::kFinished);
  EXPECT_EQ(d.Crc32(), crc);

  ZlibStream z;
  ASSERT_EQ(z.InflateInit(-15, ZlibStream::EndOfStream::kCut), Z_OK);
  z.Enqueue(Bytes(packed));
  std::string out;
  ASSERT_EQ(Drain(z, false, 8192, 16384, Z_NO_FLUSH, out), Step::kFinished);
  EXPECT_EQ(z.Crc32(), crc);

  ZlibStream framed;
  ASSERT_EQ(framed.DeflateInit(Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15, 8, 0), Z_OK);
  framed.Enqueue(Bytes(data));
  ASSERT_EQ(Drain(framed, true, 8192, 8192, Z_FINISH, out), Step::kFinished);
  EXPECT_EQ(framed.Crc32(), 0u);
}

TEST(ZlibStream, ParamsChangeMidStream) {
  ZlibStream d;
  ASSERT_EQ(d.DeflateInit(Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15, 8, 0), Z_OK);
  std::string packed;
  d.Enqueue(Bytes("first part "));
  ASSERT_EQ(Drain(d, true, 8192, 8192, Z_SYNC_FLUSH, packed), Step::kFinished);
  ASSERT_EQ(d.DeflateParams(9, Z_FILTERED), Z_OK);
  d.Enqueue(Bytes("second part"));
  ASSERT_EQ(Drain(d, true, 8192, 8192, Z_FINISH, packed), Step::kFinished);
  std::vector<uint8_t> out(100);
  uLongf size = out.size();
  ASSERT_EQ(uncompress(out.data(), &size, Bytes(packed).data(), packed.size()), Z_OK);
  EXPECT_EQ(std::string(out.begin(), out.begin() + size), "first part second part");
}

TEST(ZlibStream, StashOutlivesTheTermAndGoesWithTheInput) {
  ZlibStream z;
  ASSERT_EQ(z.DeflateInit(1, Z_DEFLATED, 15, 8, 0), Z_OK);
  {
    Heap heap;
    std::string big(1000, 'x');  // a refc binary: off-heap data the stash must hold
    z.SetStash(MakeBinary(heap, big));
  }
  ASSERT_TRUE(z.has_stash());
  EXPECT_EQ(ByteSize(z.stash()), 1000u);
  z.DeflateReset();
  EXPECT_FALSE(z.has_stash());
  z.SetStash(MakeSmall(7));
  EXPECT_EQ(z.stash(), MakeSmall(7));
  z.Close();
  EXPECT_FALSE(z.has_stash());
  EXPECT_EQ(z.state(), ZlibStream::State::kClosed);
}

TEST(ZlibHandle, OnlyTheControllerUsesIt) {
  Term a = MakePid(1), b = MakePid(2);
  ZlibHandle* h = ZlibHandle::Create(a);
  bool ran = false;
  EXPECT_FALSE(h->Use(b, [&](ZlibStream&) { ran = true; }));
  EXPECT_FALSE(ran);
  EXPECT_TRUE(h->Use(a, [&](ZlibStream&) { ran = true; }));
  EXPECT_TRUE(ran);
  EXPECT_FALSE(h->HandOver(b, b));
  EXPECT_TRUE(h->HandOver(a, b));
  EXPECT_FALSE(h->Use(a, [](ZlibStream&) {}));
  EXPECT_TRUE(h->Use(b, [](ZlibStream&) {}));
  h->Release();
}

// Two threads race on one handle, each using it when it has control and
// then handing it over to the other: the stream is never used by both at
// once, and control alternates strictly.
TEST(ZlibHandle, RacingProcessesNeverShareTheStream) {
  Term pids[2] = {MakePid(1), MakePid(2)};
  ZlibHandle* h = ZlibHandle::Create(pids[0]);
  ASSERT_TRUE(h->Use(
      pids[0], [](ZlibStream& z) { EXPECT_EQ(z.DeflateInit(1, Z_DEFLATED, 15, 8, 0), Z_OK); }));
  std::atomic<bool> inside{false};
  std::atomic<int> uses{0};
  constexpr int kRounds = 2000;
  auto worker = [&](int me) {
    int mine = 0;
    while (mine < kRounds) {
      bool used = h->Use(pids[me], [&](ZlibStream& z) {
        EXPECT_FALSE(inside.exchange(true));
        z.Enqueue(Bytes("some bytes "));
        Step step = z.Deflate(8192, 8192, Z_NO_FLUSH);
        EXPECT_NE(step.kind, Step::kFailed);
        inside.store(false);
      });
      if (used) {
        ++mine;
        EXPECT_TRUE(h->HandOver(pids[me], pids[1 - me]));
      }
    }
    uses += mine;
  };
  std::thread t0(worker, 0), t1(worker, 1);
  t0.join();
  t1.join();
  EXPECT_EQ(uses.load(), 2 * kRounds);
  h->Release();
}

TEST(ZlibHandle, LastReferenceFreesIt) {
  Heap heap;
  ZlibHandle* h = ZlibHandle::Create(MakePid(1));
  Term t = AdoptResource(heap, h);
  EXPECT_EQ(ResourceAs<ZlibHandle>(t), h);
  EXPECT_EQ(h->refs(), 1);
  h->Use(MakePid(1), [](ZlibStream& z) { z.DeflateInit(1, Z_DEFLATED, 15, 8, 0); });
  heap.Clear();  // the stream ends with it (deflateEnd: checked under ASan)
}

}  // namespace
}  // namespace ling::vm
