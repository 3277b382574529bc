// EtsTable on its own: storage, order and the checker; EtsTables: names,
// owners, heirs.
#include "emulator/vm/ets_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/vm/bif_test_util.h"
#include "emulator/vm/ets_tables.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/binary.h"
#include "runtime/term/build.h"
#include "runtime/term/copy.h"
#include "runtime/term/format.h"

namespace ling::vm {
namespace {

using testing::ParseTerm;

class EtsTableTest : public ::testing::Test {
 protected:
  Term T(std::string_view text) {
    absl::StatusOr<Term> t = ParseTerm(heap_, text);
    EXPECT_TRUE(t.ok()) << text;
    return *t;
  }
  std::vector<std::string> Keys(const EtsTable& table) {
    std::vector<std::string> keys;
    table.ForEach(kNonValue, false, [&](Term key, const std::vector<StoredTerm>&) {
      keys.push_back(ToString(key));
      return true;
    });
    return keys;
  }
  EtsOptions Of(EtsType type) {
    EtsOptions o;
    o.type = type;
    return o;
  }

  Heap heap_;
};

TEST_F(EtsTableTest, OrderedSetKeepsTermOrder) {
  EtsTable t(InternAtom("t"), {}, MakePid(1), Of(EtsType::kOrderedSet));
  for (const char* o : {"{b}", "{3}", "{a}", "{1.5}", "{[1]}", "{{x}}", "{2.0}", "{2}"})
    t.Insert(T(o));
  EXPECT_EQ(Keys(t), (std::vector<std::string>{"1.5", "2", "3", "a", "b", "{x}", "[1]"}));
  EXPECT_EQ(t.size(), 7u);
  EXPECT_EQ(ToString(t.Find(T("2.0"))->front().term()), "{2}");
  EXPECT_EQ(ToString(t.NextKey(T("2.5"))), "3");
  EXPECT_EQ(ToString(t.PrevKey(T("a"))), "3");
  EXPECT_EQ(t.NextKey(T("[1]")), kNonValue);
  t.CheckInvariants();
}

TEST_F(EtsTableTest, HashKindsTellIntegersFromFloats) {
  EtsTable t(InternAtom("t"), {}, MakePid(1), Of(EtsType::kSet));
  t.Insert(T("{1, a}"));
  t.Insert(T("{1.0, b}"));
  t.Insert(T("{1, c}"));
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(ToString(t.Find(T("1"))->front().term()), "{1,c}");
  // Every key is reached once by a walk, whatever is deleted meanwhile.
  for (int i = 0; i < 100; ++i)
    t.Insert(MakeTuple(heap_, {MakeSmall(i * 7), MakeSmall(i)}));
  size_t seen = 0;
  for (Term k = t.FirstKey(); k != kNonValue;) {
    ++seen;
    Term copy = CopyTerm(k, heap_);
    t.Erase(copy);
    k = t.NextKey(copy);
  }
  EXPECT_EQ(seen, 102u);
  EXPECT_EQ(t.size(), 0u);
  t.CheckInvariants();
}

TEST_F(EtsTableTest, BagsKeepInsertionOrderAndDropDuplicates) {
  EtsTable bag(InternAtom("b"), {}, MakePid(1), Of(EtsType::kBag));
  EtsTable dup(InternAtom("d"), {}, MakePid(1), Of(EtsType::kDuplicateBag));
  for (const char* o : {"{k, 1}", "{k, 2}", "{k, 1}", "{j, 3}"}) {
    bag.Insert(T(o));
    dup.Insert(T(o));
  }
  EXPECT_EQ(bag.size(), 3u);
  EXPECT_EQ(dup.size(), 4u);
  EXPECT_EQ(dup.EraseObject(T("{k, 1}")), 2u);
  EXPECT_EQ(ToString(dup.Find(T("k"))->front().term()), "{k,2}");
  EXPECT_EQ(bag.EraseObject(T("{k, 1}")), 1u);
  // The slot's key moved to the object left.
  EXPECT_EQ(ToString(bag.Find(T("k"))->front().term()), "{k,2}");
  bag.CheckInvariants();
  dup.CheckInvariants();
}

TEST_F(EtsTableTest, StorageHoldsBinaryReferences) {
  std::vector<uint8_t> bytes(200, 7);
  Term bin = MakeBinary(heap_, bytes);
  BinaryData* data = RefcData(bin);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->refs(), 1);
  {
    EtsTable t(InternAtom("t"), {}, MakePid(1), Of(EtsType::kSet));
    t.Insert(MakeTuple(heap_, {MakeSmall(1), bin}));
    t.Insert(MakeTuple(heap_, {MakeSmall(2), bin}));
    EXPECT_EQ(data->refs(), 3);
    t.Erase(MakeSmall(1));
    EXPECT_EQ(data->refs(), 2);
    t.Insert(MakeTuple(heap_, {MakeSmall(2), MakeSmall(0)}));  // replaces
    EXPECT_EQ(data->refs(), 1);
    t.Insert(MakeTuple(heap_, {MakeSmall(3), bin}));
    EXPECT_EQ(data->refs(), 2);
  }
  EXPECT_EQ(data->refs(), 1);
}

TEST_F(EtsTableTest, RegistryNamesOwnersAndHeirs) {
  EtsTables tables;
  Term owner = MakePid(1), heir = MakePid(2);
  EtsOptions named = Of(EtsType::kSet);
  named.named = true;
  named.heir = heir;
  named.heir_data = T("{gift, [1, 2]}");
  Term name = InternAtom("registry_test");
  std::shared_ptr<EtsTable> a = tables.Create(name, owner, named);
  ASSERT_TRUE(a);
  EXPECT_FALSE(tables.Create(name, owner, named));
  EXPECT_EQ(tables.Find(name), a);
  std::shared_ptr<EtsTable> b = tables.Create(InternAtom("x"), owner, Of(EtsType::kBag));
  EXPECT_EQ(tables.Find(InternAtom("x")), nullptr);
  EXPECT_EQ(tables.All().size(), 2u);

  std::vector<std::string> sent;
  tables.OwnerExited(
      owner, [&](Term pid) { return pid == heir; },
      [&](Term to, Term message) { sent.push_back(ToString(to) + " " + ToString(message)); });
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], "<0.2.0> {'ETS-TRANSFER',registry_test,<0.1.0>,{gift,[1,2]}}");
  EXPECT_TRUE(b->alive() == false);
  EXPECT_EQ(tables.All().size(), 1u);
  EXPECT_EQ(a->owner(), heir);
  // The heir exits too: the table is deleted, its name free again.
  tables.OwnerExited(
      heir, [](Term) { return true; }, [&](Term, Term) { sent.push_back("x"); });
  EXPECT_EQ(sent.size(), 1u);
  EXPECT_FALSE(a->alive());
  EXPECT_EQ(tables.Find(name), nullptr);
  EXPECT_TRUE(tables.Create(name, owner, named));
}

}  // namespace
}  // namespace ling::vm
