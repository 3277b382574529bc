// Request signals (SignalKind::kRequest): a process asks another's body and
// waits for the reply message; the runtime answers with the request's
// reply-if-gone whenever the body cannot (a body without answers, a dead
// process, one that ends with the request pending), so no requester hangs.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/core/node.h"
#include "runtime/core/process.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/build.h"

namespace ling {
namespace {

constexpr auto kPatience = std::chrono::seconds(60);

Term Atom(const char* name) {
  return InternAtom(name);
}

// The replies a requester got, as text: "answered N" or an atom's name.
class Replies {
 public:
  void Add(std::string reply) {
    std::lock_guard<std::mutex> lock(mutex_);
    replies_.push_back(std::move(reply));
    cv_.notify_all();
  }
  // The first `n` replies, once they are in (fewer after the patience).
  std::vector<std::string> Wait(size_t n) {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait_for(lock, kPatience, [&] { return replies_.size() >= n; });
    return replies_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> replies_;
};

std::string Describe(Term reply) {
  if (IsTuple(reply) && TupleArity(reply) == 2 && TupleElement(reply, 0) == Atom("answered")) {
    return "answered " + std::to_string(SmallValue(TupleElement(reply, 1)));
  }
  return IsAtom(reply) ? std::string(AtomName(reply)) : "?";
}

// An Erlang-style body: receives (skipping every message) until `stop` or
// `exit_now`, and waits in between. With `answers` it answers requests
// with {answered, Request}; it records any answer asked of it while its
// Resume runs (the runtime must defer those).
class Target final : public ProcessBody {
 public:
  Target(bool answers, std::atomic<bool>* spinning = nullptr)
      : answers_(answers), spinning_(spinning) {}

  BodyOutcome Resume(Process& p) override {
    in_resume_ = true;
    BodyOutcome outcome = Run(p);
    in_resume_ = false;
    return outcome;
  }

  Term AnswerRequest(Process& p, Term request, Heap& heap) override {
    if (in_resume_) answered_in_resume_->store(true);
    if (!answers_) return kNonValue;
    return MakeTuple(heap, {Atom("answered"), request});
  }

  static std::atomic<bool>* answered_in_resume_;

 private:
  BodyOutcome Run(Process& p) {
    // With `spinning`, the first run does not return until exit_now comes:
    // every request meanwhile arrives while Resume runs.
    if (spinning_ != nullptr) spinning_->store(true);
    for (;;) {
      Signal* m = p.MessageAtSave();
      if (m == nullptr) {
        if (spinning_ != nullptr) continue;
        p.WaitForMessage(-1);
        return BodyOutcome::kWaiting;
      }
      if (m->term == Atom("stop") || m->term == Atom("exit_now")) {
        p.TakeMessageAtSave();
        return BodyOutcome::kFinished;
      }
      p.SkipMessageAtSave();
    }
  }

  const bool answers_;
  std::atomic<bool>* spinning_;
  bool in_resume_ = false;
};
std::atomic<bool>* Target::answered_in_resume_ = nullptr;

// Sends its signals in order on its first run, then records the replies
// (every message) until it has `expected` of them.
class Requester final : public ProcessBody {
 public:
  struct Send {
    Term to;
    enum { kRequest, kMessage, kKill } kind;
    int64_t request = 0;  // kRequest
    Term message = kNonValue;
  };
  Requester(std::vector<Send> sends, size_t expected, Replies& replies)
      : sends_(std::move(sends)), expected_(expected), replies_(replies) {}

  BodyOutcome Resume(Process& p) override {
    if (!sent_) {
      sent_ = true;
      for (const Send& s : sends_) {
        switch (s.kind) {
          case Send::kRequest:
            p.node().SendSignal(s.to,
                                MakeRequestSignal(p.pid(), MakeSmall(s.request), Atom("gone")));
            break;
          case Send::kMessage:
            p.node().SendSignal(s.to, MakeSignal(SignalKind::kMessage, p.pid(), s.message));
            break;
          case Send::kKill:
            p.node().SendSignal(s.to, MakeSignal(SignalKind::kExit, p.pid(), Atom("kill")));
            break;
        }
      }
    }
    while (Signal* m = p.MessageAtSave()) {
      replies_.Add(Describe(m->term));
      p.TakeMessageAtSave();
      if (++got_ == expected_) return BodyOutcome::kFinished;
    }
    p.WaitForMessage(-1);
    return BodyOutcome::kWaiting;
  }

 private:
  std::vector<Send> sends_;
  size_t expected_;
  Replies& replies_;
  bool sent_ = false;
  size_t got_ = 0;
};

class ProcessRequestTest : public ::testing::Test {
 protected:
  ProcessRequestTest() : node_(NodeOptions{.schedulers = 4}) {
    Target::answered_in_resume_ = &answered_in_resume_;
    node_.Start();
  }
  ~ProcessRequestTest() override {
    EXPECT_TRUE(node_.WaitForNoProcesses(absl::Seconds(60)));
    EXPECT_TRUE(node_.Stop().ok());
    EXPECT_FALSE(answered_in_resume_.load()) << "a request was answered while its body ran";
  }

  Term Spawn(std::unique_ptr<ProcessBody> body) {
    absl::StatusOr<uint64_t> id = node_.Spawn(std::move(body), SpawnSpec{}, nullptr);
    EXPECT_TRUE(id.ok());
    return MakePid(*id);
  }
  void SendFromHost(Term to, Term message) {
    ProtectedSection section(node_);
    node_.SendSignal(to, MakeSignal(SignalKind::kMessage, kNonValue, message));
  }
  bool Alive(Term pid) {
    ProtectedSection section(node_);
    return node_.table().Lookup(IdValue(pid)) != nullptr;
  }

  std::atomic<bool> answered_in_resume_{false};
  Node node_;
};

TEST_F(ProcessRequestTest, WaitingBodyAnswers) {
  Term target = Spawn(std::make_unique<Target>(true));
  Replies replies;
  Spawn(std::make_unique<Requester>(
      std::vector<Requester::Send>{{target, Requester::Send::kRequest, 1},
                                   {target, Requester::Send::kRequest, 2}},
      2, replies));
  EXPECT_EQ(replies.Wait(2), (std::vector<std::string>{"answered 1", "answered 2"}));
  SendFromHost(target, Atom("stop"));
}

TEST_F(ProcessRequestTest, BodyWithoutAnswersRepliesAsGone) {
  Term target = Spawn(std::make_unique<Target>(false));
  Replies replies;
  Spawn(std::make_unique<Requester>(
      std::vector<Requester::Send>{{target, Requester::Send::kRequest, 1}}, 1, replies));
  EXPECT_EQ(replies.Wait(1), std::vector<std::string>{"gone"});
  SendFromHost(target, Atom("stop"));
}

TEST_F(ProcessRequestTest, DeadProcessRepliesAsGone) {
  Term target = Spawn(std::make_unique<Target>(true));
  SendFromHost(target, Atom("stop"));
  while (Alive(target))
    std::this_thread::yield();
  Replies replies;
  Spawn(std::make_unique<Requester>(
      std::vector<Requester::Send>{{target, Requester::Send::kRequest, 1}}, 1, replies));
  EXPECT_EQ(replies.Wait(1), std::vector<std::string>{"gone"});
}

// The request arrives while the target's Resume runs: it waits for Resume
// to return, and the process ends first. The host sends the request on the
// collector's behalf: a process woken by the spinning target would queue
// behind it on its scheduler.
TEST_F(ProcessRequestTest, RequestPendingWhenTheBodyEnds) {
  Replies replies;
  Term collector = Spawn(std::make_unique<Requester>(std::vector<Requester::Send>{}, 1, replies));
  std::atomic<bool> spinning{false};
  Term target = Spawn(std::make_unique<Target>(true, &spinning));
  while (!spinning.load())
    std::this_thread::yield();
  {
    ProtectedSection section(node_);
    node_.SendSignal(target, MakeRequestSignal(collector, MakeSmall(1), Atom("gone")));
  }
  SendFromHost(target, Atom("exit_now"));
  EXPECT_EQ(replies.Wait(1), std::vector<std::string>{"gone"});
}

// kill, then a request, from one sender: the request is left over when the
// process begins to exit.
TEST_F(ProcessRequestTest, RequestAfterKill) {
  Term target = Spawn(std::make_unique<Target>(true));
  Replies replies;
  Spawn(std::make_unique<Requester>(
      std::vector<Requester::Send>{{target, Requester::Send::kKill},
                                   {target, Requester::Send::kRequest, 1}},
      1, replies));
  EXPECT_EQ(replies.Wait(1), std::vector<std::string>{"gone"});
}

// Many requesters against targets that end while requests fly: each
// request gets exactly one reply, an answer or gone.
TEST_F(ProcessRequestTest, ConcurrentRequestsAllReplied) {
  constexpr int kTargets = 8, kRequesters = 8, kRequests = 50;
  std::vector<Term> targets;
  for (int i = 0; i < kTargets; ++i)
    targets.push_back(Spawn(std::make_unique<Target>(true)));
  std::vector<std::unique_ptr<Replies>> replies;
  for (int r = 0; r < kRequesters; ++r) {
    std::vector<Requester::Send> sends;
    for (int i = 0; i < kRequests; ++i)
      sends.push_back({targets[(r + i) % kTargets], Requester::Send::kRequest, i});
    replies.push_back(std::make_unique<Replies>());
    Spawn(std::make_unique<Requester>(std::move(sends), kRequests, *replies.back()));
  }
  for (Term t : targets)
    SendFromHost(t, Atom("stop"));
  for (auto& r : replies) {
    std::vector<std::string> got = r->Wait(kRequests);
    ASSERT_EQ(got.size(), static_cast<size_t>(kRequests));
    for (const std::string& g : got)
      EXPECT_TRUE(g == "gone" || g.starts_with("answered ")) << g;
  }
}

}  // namespace
}  // namespace ling
