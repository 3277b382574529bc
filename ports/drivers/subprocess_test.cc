#include "ports/drivers/subprocess.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <string>

namespace ling {
namespace {

// Reads until EOF, waiting with poll (the port will use the poller).
std::string ReadAll(int fd) {
  std::string out;
  char buf[256];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    poll(&p, 1, 10000);
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, n);
    } else if (n == 0) {
      return out;
    }
  }
}

int WaitExit(Subprocess& p) {
  pollfd pfd{p.exit_fd(), POLLIN, 0};
  poll(&pfd, 1, 10000);  // the pidfd turns readable at exit
  std::optional<int> status = p.TryWait();
  return status.value_or(-1);
}

TEST(Subprocess, RunsAProgramThroughPipes) {
  auto p = Subprocess::Start({.argv = {"/bin/sh", "-c", "read x; echo got:$x; exit 3"}});
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(write(p->to_child(), "hello\n", 6), 6);
  p->CloseInput();
  EXPECT_EQ(ReadAll(p->from_child()), "got:hello\n");
  EXPECT_EQ(WaitExit(*p), 3);
  EXPECT_EQ(p->TryWait(), std::nullopt) << "reaped once";
}

TEST(Subprocess, EnvironmentAndWorkingDirectory) {
  auto p = Subprocess::Start({.argv = {"/bin/sh", "-c", "echo $LING_TEST_VAR; pwd"},
                              .env = {"LING_TEST_VAR=set"},
                              .cd = "/tmp"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(ReadAll(p->from_child()), "set\n/tmp\n");
  EXPECT_EQ(WaitExit(*p), 0);
}

// {spawn, Cmd} as BEAM: the shell execs the command's first program, so its
// exit status is that program's and the pid is the program itself.
TEST(Subprocess, ShellExecsTheCommand) {
  auto p = Subprocess::Start(SubprocessSpec::Shell("printf x; exit 3"));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(ReadAll(p->from_child()), "x");
  EXPECT_EQ(WaitExit(*p), 0) << "exit 3 never ran";
}

TEST(Subprocess, ShellCommandIsTheStartedProcess) {
  // The inner sh is our child only if the outer shell exec'd it; under a
  // shell that forked it, its parent would be that shell.
  auto p = Subprocess::Start(SubprocessSpec::Shell("sh -c 'echo $PPID'; true"));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(ReadAll(p->from_child()), std::to_string(getpid()) + "\n");
  EXPECT_EQ(WaitExit(*p), 0);
}

TEST(Subprocess, SignalsReportLikeAShell) {
  auto p = Subprocess::Start({.argv = {"/bin/sh", "-c", "kill -TERM $$"}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(WaitExit(*p), 128 + 15);
}

TEST(Subprocess, BadProgramsAreClearErrors) {
  EXPECT_EQ(Subprocess::Start({.argv = {"/no/such/program"}}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Subprocess::Start({.argv = {}}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Subprocess, NoUseStdioUsesDescriptorsThreeAndFour) {
  auto p = Subprocess::Start(
      {.argv = {"/bin/sh", "-c", "read x <&3; echo fd:$x >&4"}, .use_stdio = false});
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(write(p->to_child(), "four\n", 5), 5);
  p->CloseInput();
  EXPECT_EQ(ReadAll(p->from_child()), "fd:four\n");
  EXPECT_EQ(WaitExit(*p), 0);
}

}  // namespace
}  // namespace ling
