// Several threads on shared tables through the ETS BIFs, as processes on
// several schedulers use them, with the checker walking the tables
// meanwhile; and tables created, given away and deleted while others read
// them. Meant for `bazel test --config=tsan` too.
#include <gtest/gtest.h>

#include <atomic>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/ets_access.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/copy.h"

namespace ling::vm {
namespace {

constexpr int kThreads = 4;
constexpr int kRounds = 3000;

// One thread's calls: its own memory, as each process has.
class Caller {
 public:
  explicit Caller(Term self) : self_(self) {}
  Term Call(const char* name, std::initializer_list<Term> args) {
    const BifEntry* bif =
        FindBif(InternAtom("ets"), InternAtom(name), static_cast<int>(args.size()));
    BifContext ctx{memory_};
    ctx.self = self_;
    return bif->function(ctx, std::data(args));
  }
  ProcessMemory& memory() { return memory_; }

 private:
  Term self_;
  ProcessMemory memory_;
};

void CheckTable(Term id) {
  ProcessMemory memory;
  BifContext ctx{memory};
  ReadAccess t = LockForRead(ctx, id, EtsNeed::kInfo);
  if (t) t->CheckInvariants();
}

TEST(EtsStress, ThreadsShareTables) {
  const Term kTypes[] = {InternAtom("set"), InternAtom("ordered_set"), InternAtom("bag"),
                         InternAtom("duplicate_bag")};
  for (Term type : kTypes) {
    Caller owner(MakePid(100));
    Term name = InternAtom("ets_stress");
    Term options = MakeList(
        owner.memory(), std::vector<Term>{type, InternAtom("public"), InternAtom("named_table")});
    ASSERT_EQ(owner.Call("new", {name, options}), name);
    std::atomic<bool> done{false};
    std::thread checker([&] {
      while (!done.load())
        CheckTable(name);
    });
    std::vector<std::thread> threads;
    for (int n = 0; n < kThreads; ++n) {
      threads.emplace_back([n, name] {
        Caller me(MakePid(200 + n));
        std::vector<uint8_t> bytes(100, static_cast<uint8_t>(n));
        const Term ms = MakeList(
            me.memory(),
            std::vector<Term>{MakeTuple(
                me.memory(),
                {MakeTuple(me.memory(), {InternAtom("$1"), InternAtom("_"), InternAtom("_")}), kNil,
                 MakeList(me.memory(), std::vector<Term>{InternAtom("$1")})})});
        for (int i = 0; i < kRounds; ++i) {
          Term key = MakeSmall(i % 64);
          Term object = MakeTuple(me.memory(), {key, MakeSmall(n), MakeBinary(me.memory(), bytes)});
          ASSERT_NE(me.Call("insert", {name, object}), kNonValue);
          ASSERT_NE(me.Call("lookup", {name, MakeSmall((i * 7) % 64)}), kNonValue);
          if (i % 5 == 0) {
            ASSERT_NE(me.Call("delete", {name, MakeSmall((i * 3) % 64)}), kNonValue);
          }
          if (i % 7 == 0) {
            ASSERT_NE(me.Call("delete_object", {name, object}), kNonValue);
          }
          if (i % 50 == 0) {
            ASSERT_NE(me.Call("select", {name, ms}), kNonValue);
          }
          if (i % 50 == 25) {
            ASSERT_NE(me.Call("first", {name}), kNonValue);
          }
        }
      });
    }
    for (std::thread& t : threads)
      t.join();
    done = true;
    checker.join();
    CheckTable(name);
    ASSERT_EQ(owner.Call("delete", {name}), atoms::kTrue);
  }
}

TEST(EtsStress, CountersAddUp) {
  Caller owner(MakePid(300));
  Term options = MakeList(owner.memory(), std::vector<Term>{InternAtom("public")});
  Term table = owner.Call("new", {InternAtom("counters"), options});
  ASSERT_NE(table, kNonValue);
  Term id = CopyTerm(table, owner.memory());
  for (int k = 0; k < 8; ++k)
    owner.Call("insert", {id, MakeTuple(owner.memory(), {MakeSmall(k), MakeSmall(0)})});
  std::vector<std::thread> threads;
  for (int n = 0; n < kThreads; ++n) {
    threads.emplace_back([n, table] {
      Caller me(MakePid(400 + n));
      Term id = CopyTerm(table, me.memory());
      for (int i = 0; i < kRounds; ++i)
        ASSERT_NE(me.Call("update_counter", {id, MakeSmall(i % 8), MakeSmall(1)}), kNonValue);
    });
  }
  for (std::thread& t : threads)
    t.join();
  int64_t total = 0;
  for (int k = 0; k < 8; ++k) {
    Term objects = owner.Call("lookup", {id, MakeSmall(k)});
    total += SmallValue(TupleElement(Head(objects), 1));
  }
  EXPECT_EQ(total, int64_t{kThreads} * kRounds);
  CheckTable(id);
}

TEST(EtsStress, TablesComeAndGoWhileRead) {
  std::atomic<bool> done{false};
  Term name = InternAtom("ets_churn");
  std::thread reader([&] {
    Caller me(MakePid(500));
    while (!done.load()) {
      // Fails with badarg whenever the table is gone: never crashes.
      me.Call("lookup", {name, MakeSmall(1)});
      me.Call("info", {name});
    }
  });
  Caller owner(MakePid(501));
  Term options =
      MakeList(owner.memory(), std::vector<Term>{InternAtom("named_table"), InternAtom("public")});
  ProcessMemory memory;
  BifContext ctx{memory};
  for (int i = 0; i < 500; ++i) {
    ASSERT_EQ(owner.Call("new", {name, options}), name);
    owner.Call("insert", {name, MakeTuple(owner.memory(), {MakeSmall(1), MakeSmall(i)})});
    if (i % 2 == 0) {
      ASSERT_EQ(owner.Call("delete", {name}), atoms::kTrue);
    } else {
      // The owner exits: no heir, so the table goes with it.
      TablesOf(ctx).OwnerExited(
          MakePid(501), [](Term) { return false; }, [](Term, Term) {});
    }
  }
  done = true;
  reader.join();
}

}  // namespace
}  // namespace ling::vm
