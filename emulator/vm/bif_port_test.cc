// The argument checks of the port BIFs (bif_port.cc). erts_internal's port
// requests answer badarg as a value -- erlang.erl raises it with its own
// arguments -- before they need a process. What the port then answers is
// tested in ports/erlang_reply_test.cc and tests/erlang/t_ports.erl.
#include <gtest/gtest.h>

#include "emulator/vm/bif_test_util.h"

namespace ling::vm {
namespace {

using testing::Call;
using testing::Erl;

TEST(PortBifs, RequestsAnswerBadargForBadArguments) {
  EXPECT_EQ(Call("erts_internal:port_info(42)"), Erl("badarg"));
  EXPECT_EQ(Call("erts_internal:port_info(\"port\", name)"), Erl("badtype"));
  EXPECT_EQ(Call("erts_internal:port_close({port})"), Erl("badarg"));
  EXPECT_EQ(Call("erts_internal:port_connect(foo, bar)"), Erl("badarg"));
  EXPECT_EQ(Call("erts_internal:port_control(foo, -1, \"\")"), Erl("badarg"));
  EXPECT_EQ(Call("erts_internal:port_control(foo, 4294967296, \"\")"), Erl("badarg"));
  EXPECT_EQ(Call("erts_internal:port_control(foo, 1, bar)"), Erl("badarg"));
  EXPECT_EQ(Call("erts_internal:port_control(foo, 1, [1 | 2])"), Erl("badarg"));
  EXPECT_EQ(Call("erts_internal:port_call(foo, x, y)"), Erl("badarg"));
  EXPECT_EQ(Call("erts_internal:port_call(foo, 4294967296, y)"), Erl("badarg"));
}

TEST(PortBifs, MonitorPortChecksItsTarget) {
  EXPECT_EQ(Call("monitor(port, 42)"), "error:badarg");
  EXPECT_EQ(Call("monitor(port, {name, 'other@node'})"), "error:badarg");
  EXPECT_EQ(Call("monitor(port, {name, nonode@nohost, extra})"), "error:badarg");
  EXPECT_EQ(Call("monitor(file, name)"), "error:badarg");
}

}  // namespace
}  // namespace ling::vm
