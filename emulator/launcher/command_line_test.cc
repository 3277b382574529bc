// The launcher reads a command line as erl does; each expectation below was
// checked against erl 25 (init:get_plain_arguments/0, init:get_argument/1,
// code:get_path/0).
#include "emulator/launcher/command_line.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace ling::launcher {
namespace {

absl::StatusOr<CommandLine> Parse(std::vector<std::string> args) {
  return ParseCommandLine(args);
}

TEST(CommandLine, StartActionsKeepTheirOrderAndKinds) {
  absl::StatusOr<CommandLine> c = Parse({"-noshell", "-s", "m1", "-run", "m2", "f", "a", "b",
                                         "-eval", "halt(0).", "-s", "m3", "g", "x"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->noshell);
  ASSERT_EQ(c->actions.size(), 4u);
  EXPECT_EQ(c->actions[0].kind, StartAction::kCallAtoms);
  EXPECT_EQ(c->actions[0].module, "m1");
  EXPECT_EQ(c->actions[0].function, "start") << "erl's default function";
  EXPECT_FALSE(c->actions[0].takes_list()) << "no arguments: Mod:Fun()";
  EXPECT_EQ(c->actions[1].kind, StartAction::kCallStrings);
  EXPECT_EQ(c->actions[1].function, "f");
  EXPECT_EQ(c->actions[1].args, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(c->actions[1].takes_list());
  EXPECT_EQ(c->actions[2].kind, StartAction::kEval);
  EXPECT_EQ(c->actions[2].module, "halt(0).");
  EXPECT_EQ(c->actions[3].args, (std::vector<std::string>{"x"}));
}

TEST(CommandLine, PlainArgumentsUserFlagsAndExtra) {
  // erl foo -noshell bar -myflag v1 v2 -myflag v3 -extra z -s x
  absl::StatusOr<CommandLine> c = Parse(
      {"foo", "-noshell", "bar", "-myflag", "v1", "v2", "-myflag", "v3", "-extra", "z", "-s", "x"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->plain_arguments, (std::vector<std::string>{"foo", "z", "-s", "x"}));
  EXPECT_TRUE(c->actions.empty()) << "after -extra nothing is a flag";
  ASSERT_EQ(c->user_flags.size(), 3u);
  EXPECT_EQ(c->user_flags[0].first, "noshell");
  EXPECT_EQ(c->user_flags[0].second, (std::vector<std::string>{"bar"}));
  EXPECT_EQ(c->user_flags[1].first, "myflag");
  EXPECT_EQ(c->user_flags[1].second, (std::vector<std::string>{"v1", "v2"}));
  EXPECT_EQ(c->user_flags[2].second, (std::vector<std::string>{"v3"}));
}

TEST(CommandLine, CodePathIsBuiltAsErlBuildsIt) {
  namespace fs = std::filesystem;
  fs::path root =
      fs::path(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp") / "ling_code_path";
  for (const char* d : {"pa1", "pa2", "pa3", "pz1", "pz2"})
    fs::create_directories(root / d);
  auto dir = [&](const char* d) { return (root / d).string(); };
  // erl -pa pa1 pa2 -pz pz1 missing pz2 -pa pa3 missing
  absl::StatusOr<CommandLine> c = Parse({"-pa", dir("pa1"), dir("pa2"), "-pz", dir("pz1"),
                                         dir("nope"), dir("pz2"), "-pa", dir("pa3"), dir("gone")});
  ASSERT_TRUE(c.ok()) << c.status();
  std::vector<std::string> libs = {"/otp/kernel/ebin", "/otp/stdlib/ebin"};
  EXPECT_EQ(CodePath(*c, libs),
            (std::vector<std::string>{dir("pa3"), dir("pa2"), dir("pa1"), ".", "/otp/kernel/ebin",
                                      "/otp/stdlib/ebin", dir("pz1"), dir("pz2")}));
}

TEST(CommandLine, WhatLingCannotHonourIsAClearError) {
  for (auto [args, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"-s"}, "-s needs a module"},
           {{"-run", "-noshell"}, "-run needs a module"},
           {{"-eval"}, "-eval needs an expression"},
           {{"-env", "X"}, "-env needs a variable and a value"},
           {{"+S", "2"}, "emulator flag +S is not supported"},
           {{"-sname", "n"}, "distribution (-sname) is not supported"},
       }) {
    absl::StatusOr<CommandLine> c = Parse(args);
    ASSERT_FALSE(c.ok()) << args[0];
    EXPECT_EQ(c.status().message(), message);
  }
}

}  // namespace
}  // namespace ling::launcher
