// erlang:iolist_to_iovec/1 (bif_iovec.cc): the bytes are erl's, and so are
// the cuts (testdata/check_bif_tests.escript checks them with erl).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;

TEST(IovecBifs, Small) {
  EXPECT_EQ(Call("iolist_to_iovec([])"), "[]");
  EXPECT_EQ(Call("iolist_to_iovec(<<>>)"), "[]");
  EXPECT_EQ(Call("iolist_to_iovec([<<>>, [], [[<<>>]]])"), "[]");
  EXPECT_EQ(Call(R"(iolist_to_iovec(<<"abc">>))"), Erl(R"([<<"abc">>])"));
  EXPECT_EQ(Call("iolist_to_iovec([1,2,<<3>>,[4|<<5>>]])"), Erl("[<<1,2,3,4,5>>]"));
}

TEST(IovecBifs, Errors) {
  EXPECT_EQ(Call("iolist_to_iovec([1|2])"), "error:badarg");
  EXPECT_EQ(Call("iolist_to_iovec([256])"), "error:badarg");
  EXPECT_EQ(Call("iolist_to_iovec(<<1:1>>)"), "error:badarg");
  EXPECT_EQ(Call("iolist_to_iovec([<<1:1>>])"), "error:badarg");
  EXPECT_EQ(Call("iolist_to_iovec(a)"), "error:badarg");
  EXPECT_EQ(Call("iolist_to_iovec([a])"), "error:badarg");
  EXPECT_EQ(Call("iolist_to_iovec(1)"), "error:badarg");
}

// The sizes of the binaries iolist_to_iovec makes of `iolist`.
std::string Sizes(ProcessMemory& memory, Term iolist) {
  const Term args[] = {iolist};
  std::string result = Call(memory, "erlang", "iolist_to_iovec", args);
  // Call's text is ~w of a list of binaries: count bytes per <<...>>.
  std::string sizes = "[";
  size_t pos = 0;
  while ((pos = result.find("<<", pos)) != std::string::npos) {
    size_t end = result.find(">>", pos);
    std::string body = result.substr(pos + 2, end - pos - 2);
    size_t n = body.empty() ? 0 : 1;
    for (char c : body)
      n += c == ',' ? 1 : 0;
    if (sizes.size() > 1) sizes += ",";
    sizes += std::to_string(n);
    pos = end + 2;
  }
  return sizes + "]";
}

Term Bytes(ProcessMemory& memory, size_t n) {
  return MakeBinary(memory, std::string(n, '\x07'));
}

TEST(IovecBifs, CutsAsErl) {
  ProcessMemory memory;
  // [1,2,<<64 bytes>>,3,<<65 bytes>>,<<1,2>>]: all small, one binary.
  Term small[] = {MakeSmall(1), MakeSmall(2),      Bytes(memory, 64),
                  MakeSmall(3), Bytes(memory, 65), Bytes(memory, 2)};
  EXPECT_EQ(Sizes(memory, MakeList(memory, small)), "[134]");
  // A large binary after a few bytes fills the accumulator to 256 bytes.
  Term spill[] = {Bytes(memory, 3), Bytes(memory, 700)};
  EXPECT_EQ(Sizes(memory, MakeList(memory, spill)), "[256,447]");
  // Under twice the limit together: copied.
  Term together[] = {Bytes(memory, 3), Bytes(memory, 300)};
  EXPECT_EQ(Sizes(memory, MakeList(memory, together)), "[303]");
  // A large binary alone, or after a full accumulator, is passed on.
  Term alone[] = {Bytes(memory, 70000)};
  EXPECT_EQ(Sizes(memory, MakeList(memory, alone)), "[70000]");
  Term after[] = {Bytes(memory, 300), Bytes(memory, 300), Bytes(memory, 5)};
  EXPECT_EQ(Sizes(memory, MakeList(memory, after)), "[300,300,5]");
  // The accumulator stops growing at 8192 bytes...
  std::vector<Term> many(100, Bytes(memory, 200));
  EXPECT_EQ(Sizes(memory, MakeList(memory, many)), "[8000,8000,4000]");
  // ... but a run of bytes goes in at once.
  std::vector<Term> run(20000, MakeSmall(1));
  Term one_run[] = {MakeList(memory, run)};
  EXPECT_EQ(Sizes(memory, MakeList(memory, one_run)), "[20000]");
  std::vector<Term> bytes(9000, MakeSmall(1));
  Term mixed[] = {Bytes(memory, 100), MakeList(memory, bytes), Bytes(memory, 300)};
  EXPECT_EQ(Sizes(memory, MakeList(memory, mixed)), "[9100,300]");
}

}  // namespace
}  // namespace ling::vm
