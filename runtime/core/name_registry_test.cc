#include "runtime/core/name_registry.h"

#include <algorithm>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/atoms.h"

namespace ling {
namespace {

TEST(NameRegistry, ANameStandsForAProcessOrAPortBothWays) {
  NameRegistry r;
  Term server = InternAtom("server"), device = InternAtom("device");
  Term pid = MakePid(7), port = MakePort(7);  // the same id, two kinds
  ASSERT_TRUE(r.Register(server, pid).ok());
  ASSERT_TRUE(r.Register(device, port).ok());
  EXPECT_EQ(r.Whereis(server), pid);
  EXPECT_EQ(r.Whereis(device), port);
  EXPECT_EQ(r.NameOf(pid), server);
  EXPECT_EQ(r.NameOf(port), device);
  EXPECT_EQ(r.Whereis(InternAtom("nobody")), kNonValue);
  std::vector<Term> names = r.Names();
  EXPECT_EQ(names.size(), 2u);
}

TEST(NameRegistry, OneNameEachAndNamesTakenOnce) {
  NameRegistry r;
  Term a = InternAtom("a"), b = InternAtom("b");
  ASSERT_TRUE(r.Register(a, MakePort(1)).ok());
  EXPECT_EQ(r.Register(b, MakePort(1)).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.Register(a, MakePid(2)).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(r.Register(atoms::kUndefined, MakePid(2)).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.Register(MakeSmall(1), MakePid(2)).code(), absl::StatusCode::kInvalidArgument);
  // Unregister only removes the name while it stands for that owner.
  EXPECT_FALSE(r.Unregister(a, MakePid(1)));
  EXPECT_TRUE(r.Unregister(a, MakePort(1)));
  EXPECT_EQ(r.NameOf(MakePort(1)), kNonValue);
  ASSERT_TRUE(r.Register(b, MakePort(1)).ok());
  // The owner's end drops its name, whatever it is.
  r.UnregisterOwner(MakePort(1));
  EXPECT_EQ(r.Whereis(b), kNonValue);
  r.UnregisterOwner(MakePort(1));  // nothing left: no effect
  EXPECT_TRUE(r.Names().empty());
}

// Registrations, lookups and ends from several threads: every name ends up
// standing for the owner that got it, both ways. Run under --config=tsan.
TEST(NameRegistry, ConcurrentRegistrationsAgreeBothWays) {
  NameRegistry r;
  constexpr int kThreads = 4, kNames = 200;
  std::vector<Term> names;
  for (int i = 0; i < kNames; ++i)
    names.push_back(InternAtom("reg_" + std::to_string(i)));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kNames; ++i) {
        Term owner = (t % 2 == 0) ? MakePid(t * kNames + i) : MakePort(t * kNames + i);
        if (r.Register(names[i], owner).ok()) {
          ASSERT_EQ(r.NameOf(owner), names[i]);
        }
        r.Whereis(names[(i * 7) % kNames]);
      }
    });
  }
  for (std::thread& t : threads)
    t.join();
  for (Term name : names) {
    Term owner = r.Whereis(name);
    ASSERT_NE(owner, kNonValue);
    EXPECT_EQ(r.NameOf(owner), name);
  }
  EXPECT_EQ(r.Names().size(), static_cast<size_t>(kNames));
}

}  // namespace
}  // namespace ling
