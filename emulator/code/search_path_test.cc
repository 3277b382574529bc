// The code path's changes as code:add_patha/1, add_pathz/1, del_path/1 and
// set_path/1 make them on erl 25, and that concurrent changes lose nothing.
#include "emulator/code/search_path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace ling::code {
namespace {

using Dirs = std::vector<std::string>;

TEST(SearchPath, AddFirstMovesAnExistingDirectoryToTheFront) {
  SearchPath path({"a", "b", "c"});
  path.AddFirst("c");
  EXPECT_EQ(path.Get(), (Dirs{"c", "a", "b"}));
  path.AddFirst("new");
  EXPECT_EQ(path.Get(), (Dirs{"new", "c", "a", "b"}));
}

TEST(SearchPath, AddLastLeavesAnExistingDirectoryWhereItIs) {
  SearchPath path({"a", "b"});
  path.AddLast("a");
  EXPECT_EQ(path.Get(), (Dirs{"a", "b"}));
  path.AddLast("c");
  EXPECT_EQ(path.Get(), (Dirs{"a", "b", "c"}));
}

TEST(SearchPath, DeleteRemovesTheFirstOccurrenceOnly) {
  SearchPath path({"a", "b", "a"});
  EXPECT_TRUE(path.Delete("a"));
  EXPECT_EQ(path.Get(), (Dirs{"b", "a"}));
  EXPECT_FALSE(path.Delete("zzz"));
  EXPECT_EQ(path.Get(), (Dirs{"b", "a"}));
}

TEST(SearchPath, SetReplacesEverythingAndACopyStaysAsTaken) {
  SearchPath path({"a"});
  Dirs before = path.Get();
  path.Set({"x", "y"});
  EXPECT_EQ(before, Dirs{"a"});
  EXPECT_EQ(path.Get(), (Dirs{"x", "y"}));
}

TEST(SearchPath, ConcurrentChangesAreAllApplied) {
  SearchPath path({"base"});
  constexpr int kThreads = 4, kDirs = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&path, t] {
      for (int i = 0; i < kDirs; ++i) {
        std::string dir = std::to_string(t) + "/" + std::to_string(i);
        if (i % 2 == 0) {
          path.AddFirst(dir);
        } else {
          path.AddLast(dir);
        }
        // Every other directory goes again; readers run meanwhile.
        if (i % 4 < 2) {
          EXPECT_TRUE(path.Delete(dir));
        }
        EXPECT_FALSE(path.Get().empty());
      }
    });
  }
  for (std::thread& t : threads)
    t.join();
  Dirs dirs = path.Get();
  EXPECT_EQ(dirs.size(), 1u + kThreads * kDirs / 2);
  EXPECT_NE(std::find(dirs.begin(), dirs.end(), "base"), dirs.end());
}

}  // namespace
}  // namespace ling::code
