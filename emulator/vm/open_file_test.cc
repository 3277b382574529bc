#include "emulator/vm/open_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "emulator/vm/read_buffer.h"
#include "gtest/gtest.h"
#include "runtime/term/heap.h"
#include "runtime/term/resource.h"

namespace ling::vm {
namespace {

std::string Scratch(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

std::span<const uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string Text(const std::vector<uint8_t>& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

TEST(OpenFile, ModesAsPrimFileHasThem) {
  std::string path = Scratch("modes");
  unlink(path.c_str());
  int error = 0;
  // Read alone does not create.
  EXPECT_EQ(OpenFile::Open(path.c_str(), kFileRead, &error), nullptr);
  EXPECT_EQ(error, ENOENT);
  // Write alone creates and truncates.
  OpenFile* w = OpenFile::Open(path.c_str(), kFileWrite, &error);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->Write(Bytes("hello")), 0);
  std::vector<uint8_t> out;
  EXPECT_EQ(w->ReadAt(0, 5, out), EBADF);  // opened for writing only
  w->Release();
  // Append implies write and keeps what is there.
  OpenFile* a = OpenFile::Open(path.c_str(), kFileAppend, &error);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->Write(Bytes(" world")), 0);
  a->Release();
  // No mode at all means read.
  OpenFile* r = OpenFile::Open(path.c_str(), 0, &error);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->Read(100, out), 0);
  EXPECT_EQ(Text(out), "hello world");
  EXPECT_EQ(r->Read(100, out), 0);
  EXPECT_TRUE(out.empty());  // the end
  r->Release();
  // Exclusive refuses a file that exists.
  EXPECT_EQ(OpenFile::Open(path.c_str(), kFileExclusive, &error), nullptr);
  EXPECT_EQ(error, EEXIST);
}

TEST(OpenFile, ADirectoryOpensOnlyInDirectoryMode) {
  std::string dir = Scratch("");
  int error = 0;
  EXPECT_EQ(OpenFile::Open(dir.c_str(), kFileRead, &error), nullptr);
  EXPECT_EQ(error, EISDIR);
  OpenFile* d = OpenFile::Open(dir.c_str(), kFileRead | kFileDirectory, &error);
  ASSERT_NE(d, nullptr);
  d->Release();
  d = OpenFile::Open(dir.c_str(), kFileRead | kFileSkipTypeCheck, &error);
  ASSERT_NE(d, nullptr);
  d->Release();
}

TEST(OpenFile, PositionedReadsWritesSeeksAndTruncation) {
  std::string path = Scratch("positioned");
  int error = 0;
  OpenFile* f = OpenFile::Open(path.c_str(), kFileRead | kFileWrite, &error);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->Write(Bytes("0123456789")), 0);
  EXPECT_EQ(f->WriteAt(2, Bytes("ab")), 0);
  int64_t at = 0;
  EXPECT_EQ(f->Seek(SEEK_END, -3, &at), 0);
  EXPECT_EQ(at, 7);
  std::vector<uint8_t> out;
  EXPECT_EQ(f->Read(10, out), 0);
  EXPECT_EQ(Text(out), "789");
  EXPECT_EQ(f->ReadAt(0, 4, out), 0);
  EXPECT_EQ(Text(out), "01ab");
  EXPECT_EQ(f->Seek(SEEK_SET, -1, &at), EINVAL);
  EXPECT_EQ(f->Seek(SEEK_SET, 4, &at), 0);
  EXPECT_EQ(f->Truncate(), 0);
  struct stat st;
  EXPECT_EQ(f->Stat(&st), 0);
  EXPECT_EQ(st.st_size, 4);
  EXPECT_EQ(f->Sync(false), 0);
  EXPECT_EQ(f->Sync(true), 0);
  f->Release();
}

TEST(OpenFile, AClosedFileAnswersEinvalToEverything) {
  std::string path = Scratch("closed");
  int error = 0;
  OpenFile* f = OpenFile::Open(path.c_str(), kFileWrite, &error);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->Close(), 0);
  std::vector<uint8_t> out;
  int64_t at;
  int fd;
  EXPECT_EQ(f->Close(), EINVAL);
  EXPECT_EQ(f->Read(1, out), EINVAL);
  EXPECT_EQ(f->Write(Bytes("x")), EINVAL);
  EXPECT_EQ(f->Seek(SEEK_SET, 0, &at), EINVAL);
  EXPECT_EQ(f->Descriptor(&fd), EINVAL);
  f->Release();
}

TEST(OpenFile, TheLastTermToGoClosesTheDescriptor) {
  std::string path = Scratch("last_term");
  int error = 0;
  OpenFile* f = OpenFile::Open(path.c_str(), kFileWrite, &error);
  ASSERT_NE(f, nullptr);
  int fd = -1;
  ASSERT_EQ(f->Descriptor(&fd), 0);
  {
    Heap heap;
    MakeResourceReference(heap, f);
    f->Release();  // only the term holds it now
    EXPECT_NE(fcntl(fd, F_GETFD), -1);
  }
  EXPECT_EQ(fcntl(fd, F_GETFD), -1);
  EXPECT_EQ(errno, EBADF);
}

TEST(OpenFile, ReadWholeFile) {
  std::string path = Scratch("whole");
  int error = 0;
  OpenFile* f = OpenFile::Open(path.c_str(), kFileWrite, &error);
  ASSERT_NE(f, nullptr);
  std::string big(100000, 'z');
  ASSERT_EQ(f->Write(Bytes(big)), 0);
  f->Release();
  std::vector<uint8_t> out;
  EXPECT_EQ(ReadWholeFile(path.c_str(), out), 0);
  EXPECT_EQ(out.size(), big.size());
  // Files that report no size still read to their end.
  EXPECT_EQ(ReadWholeFile("/proc/self/status", out), 0);
  EXPECT_NE(Text(out).find("Name:"), std::string::npos);
  EXPECT_EQ(ReadWholeFile(Scratch("").c_str(), out), EISDIR);
  EXPECT_EQ(ReadWholeFile(Scratch("no_such").c_str(), out), ENOENT);
}

TEST(ReadBuffer, AQueueOfBytes) {
  ReadBuffer* b = ReadBuffer::Create();
  EXPECT_EQ(b->size(), 0u);
  b->Append(Bytes("hello"));
  b->Append(Bytes(" world"));
  EXPECT_EQ(b->size(), 11u);
  EXPECT_EQ(b->Find('o'), 4u);
  EXPECT_EQ(b->Find('z'), std::nullopt);
  std::vector<uint8_t> out;
  EXPECT_TRUE(b->Take(3, &out));
  EXPECT_EQ(Text(out), "hel");
  EXPECT_FALSE(b->Take(100, &out));  // nothing taken
  EXPECT_EQ(Text(b->Peek()), "lo world");
  EXPECT_TRUE(b->Take(1, nullptr));
  EXPECT_EQ(b->Find('o'), 0u);
  // Appends after takes keep the order.
  for (int i = 0; i < 100; ++i) {
    b->Append(Bytes("ab"));
    ASSERT_TRUE(b->Take(2, &out));
  }
  EXPECT_EQ(b->size(), 7u);
  EXPECT_TRUE(b->TryLock());
  EXPECT_FALSE(b->TryLock());
  EXPECT_TRUE(b->Unlock());
  EXPECT_FALSE(b->Unlock());
  b->Release();
}

}  // namespace
}  // namespace ling::vm
