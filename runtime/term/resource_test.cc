#include "runtime/term/resource.h"

#include <gtest/gtest.h>

#include <string>

#include "runtime/term/compare.h"
#include "runtime/term/copy.h"
#include "runtime/term/external.h"
#include "runtime/term/format.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

// Counts its destructions, so a test sees when the last count went.
class Watched final : public Resource {
 public:
  explicit Watched(int* destroyed) : destroyed_(destroyed) {}
  ~Watched() override { ++*destroyed_; }

 private:
  int* destroyed_;
};

TEST(Resource, LivesWhileATermRefersToIt) {
  int destroyed = 0;
  auto* r = new Watched(&destroyed);
  {
    Heap heap;
    Term t = MakeResourceReference(heap, r);
    r->Release();  // the creator's count: now only the term holds it
    EXPECT_EQ(destroyed, 0);
    EXPECT_EQ(ResourceOf(t), r);
    EXPECT_EQ(ResourceAs<Watched>(t), r);
    heap.CheckInvariants();
  }  // the heap's end drops the term's count
  EXPECT_EQ(destroyed, 1);
}

TEST(Resource, ACopyHoldsItsOwnCount) {
  int destroyed = 0;
  auto* r = new Watched(&destroyed);
  auto sender = std::make_unique<Heap>();
  Term t = MakeResourceReference(*sender, r);
  r->Release();
  Term message;
  std::unique_ptr<HeapFragment> fragment = CopyToFragment(t, &message);
  EXPECT_EQ(r->refs(), 2);
  sender.reset();
  EXPECT_EQ(destroyed, 0);
  Heap receiver;
  receiver.Adopt(std::move(fragment));
  EXPECT_EQ(ResourceOf(message), r);
  receiver.CheckInvariants();
  receiver.Clear();
  EXPECT_EQ(destroyed, 1);
}

TEST(Resource, IsAReferenceToEveryoneElse) {
  int destroyed = 0;
  auto* r = new Watched(&destroyed);
  Heap heap;
  Term t = MakeResourceReference(heap, r);
  Term plain = MakeReference(heap, r->id());
  r->Release();
  EXPECT_TRUE(IsReference(t));
  EXPECT_EQ(ReferenceValue(t), r->id());
  // Equal to the plain reference of its id, in order, printing and the
  // external format alike.
  EXPECT_TRUE(ExactEqual(t, plain));
  EXPECT_EQ(ToString(t), ToString(plain));
  EXPECT_EQ(EncodeExternal(t), EncodeExternal(plain));
  EXPECT_EQ(ResourceOf(plain), nullptr);
  EXPECT_EQ(ResourceOf(MakeSmall(1)), nullptr);
}

}  // namespace
}  // namespace ling
