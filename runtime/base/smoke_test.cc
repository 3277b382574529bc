#include <absl/strings/str_cat.h>
#include <gtest/gtest.h>
#include <oneapi/tbb/concurrent_vector.h>
TEST(Smoke, Links) {
  tbb::concurrent_vector<int> v;
  v.push_back(1);
  EXPECT_EQ(absl::StrCat("a", v[0]), "a1");
}
