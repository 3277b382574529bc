#include "runtime/core/process.h"

#include <utility>

#include "runtime/base/check.h"
#include "runtime/core/node.h"
#include "runtime/core/scheduler.h"
#include "runtime/term/atoms.h"
#include "runtime/term/build.h"
#include "runtime/term/copy.h"
#include "runtime/term/reference.h"

namespace ling {

Process::Process(Node& node, uint64_t id, Priority priority, std::unique_ptr<ProcessBody> body)
    : Schedulable(Kind::kProcess, priority), node_(node), id_(id), body_(std::move(body)) {}

Process::~Process() {
  // Only at shutdown does a process die here with a receive pending; its
  // timer reference must not outlive it. (receive_ lives in the body.)
  if (receive_ != nullptr && receive_->timer != nullptr) Node::CancelTimer(receive_->timer);
  receive_ = nullptr;
  StopReceiveTimer();
  body_.reset();
}

Relations& Process::relations() {
  if (relations_ == nullptr) relations_ = std::make_unique<Relations>();
  return *relations_;
}

// ---- delivery (any thread) ---------------------------------------------------

void Process::Deliver(std::unique_ptr<Signal> signal) {
  in_queue_.Push(std::move(signal));
  uint32_t s = state_.load(std::memory_order_relaxed);
  for (;;) {
    bool scheduled = s & (kRunning | kInRunQueue | kExited);
    if (scheduled && (s & kPending)) return;
    uint32_t next = s | kPending | (scheduled ? 0 : kInRunQueue);
    // seq_cst pairs with TryGoIdle(): either this CAS sees kRunning (and the
    // runner will see kPending), or the runner's idle CAS failed and it
    // re-reads the in-queue.
    if (state_.compare_exchange_weak(s, next, std::memory_order_seq_cst,
                                     std::memory_order_relaxed)) {
      if (!scheduled) node_.Enqueue(this);
      return;
    }
  }
}

// ---- running (the scheduler) ---------------------------------------------------

int Process::Execute(Scheduler& sched, int reductions) {
  // kInRunQueue -> kRunning, keeping kPending.
  state_.fetch_xor(kInRunQueue | kRunning, std::memory_order_acquire);
  set_home_scheduler(sched.index());
  reductions_left_ = reductions;
  // Read before the state change that lets another thread run us.
  auto used = [this, reductions] { return reductions - reductions_left_; };
  // Each run resumes the body at least once, so a flood of incoming
  // signals cannot keep it from ever running.
  bool resumed = false;
  auto out_of_time = [this, &resumed] { return resumed && reductions_left_ <= 0; };
  for (;;) {
    if (state_.load(std::memory_order_relaxed) & kPending) {
      if (out_of_time()) return Requeue(sched, used());
      HandleSignals();
    }
    if (exiting_) return Terminate(sched, used());
    if (suspend_count_ > 0) {
      int spent = used();
      if (TryGoIdle()) return spent;  // until kResume
      continue;
    }
    if (retry_ != nullptr && !std::exchange(retry_, nullptr)->Attempt(*this)) continue;
    if ((receive_ != nullptr && !TryCompleteReceive()) || (waiting_ && !WaitIsOver())) {
      // Nothing to do until a signal comes: waiting costs no budget.
      int spent = used();
      if (TryGoIdle()) return spent;
      continue;
    }
    if (out_of_time() || yield_requested_) {
      yield_requested_ = false;
      return Requeue(sched, used());
    }
    resumed = true;
    waiting_ = false;
    in_body_ = true;
    BodyOutcome outcome = body_->Resume(*this);
    in_body_ = false;
    if (exiting_) return Terminate(sched, used());
    switch (outcome) {
      case BodyOutcome::kFinished:
        BeginTermination(atoms::kNormal);
        return Terminate(sched, used());
      case BodyOutcome::kYielded:
        yield_requested_ = true;
        break;
      case BodyOutcome::kWaiting:
        LING_CHECK(receive_ != nullptr || waiting_ || suspend_count_ > 0)
            << "body waits for nothing";
        break;
    }
    while (!deferred_requests_.empty())
      AnswerRequest(deferred_requests_.PopFront());
  }
}

bool Process::TryGoIdle() {
  uint32_t s = state_.load(std::memory_order_relaxed);
  while (!(s & kPending)) {
    if (state_.compare_exchange_weak(s, s & ~kRunning, std::memory_order_seq_cst,
                                     std::memory_order_relaxed)) {
      return true;
    }
  }
  return false;
}

int Process::Requeue(Scheduler& sched, int used) {
  // kRunning -> kInRunQueue; senders meanwhile see "scheduled" either way.
  state_.fetch_xor(kRunning | kInRunQueue, std::memory_order_release);
  sched.run_queue().Push(this);
  return used;
}

void Process::HandleSignals() {
  // Clear kPending before taking the queue: a push after the take sets it
  // again, so nothing is left unseen (seq_cst, see Deliver).
  state_.fetch_and(~kPending, std::memory_order_seq_cst);
  SignalList incoming = in_queue_.TakeAll();
  while (!incoming.empty()) {
    // A message costs when a receive looks at it, not when it is moved.
    if (incoming.front()->kind != SignalKind::kMessage) --reductions_left_;
    HandleSignal(incoming.PopFront());
    if (exiting_) {
      // The process ends with this batch. Links and monitors in the rest of
      // it are recorded, so that the termination answers them with the exit
      // reason, as BEAM does; a request is answered as by a dead process;
      // nothing else matters any more.
      while (!incoming.empty()) {
        std::unique_ptr<Signal> left = incoming.PopFront();
        switch (left->kind) {
          case SignalKind::kLink:
          case SignalKind::kUnlink:
          case SignalKind::kMonitor:
          case SignalKind::kDemonitor:
            HandleSignal(std::move(left));
            break;
          case SignalKind::kRequest:
            node_.AnswerUndeliverable(pid(), std::move(left));
            break;
          default:
            break;
        }
      }
      return;
    }
  }
}

void Process::HandleSignal(std::unique_ptr<Signal> s) {
  switch (s->kind) {
    case SignalKind::kMessage:
      mailbox_.PushBack(std::move(s));
      return;
    case SignalKind::kExit:
    case SignalKind::kExitLinked:
      return HandleExitSignal(std::move(s));
    case SignalKind::kLink:
      relations().links.insert(s->from.raw());
      return;
    case SignalKind::kUnlink:
      if (relations_) relations_->links.erase(s->from.raw());
      return;
    case SignalKind::kMonitor:
      relations().monitored_by.emplace(s->ref, s->from.raw());
      return;
    case SignalKind::kDemonitor:
      if (relations_) relations_->monitored_by.erase(s->ref);
      return;
    case SignalKind::kDown:
      return HandleDown(std::move(s));
    case SignalKind::kRequest:
      return HandleRequest(std::move(s));
    case SignalKind::kSuspend:
      ++suspend_count_;
      return;
    case SignalKind::kResume:
      if (suspend_count_ > 0) --suspend_count_;
      return;
    case SignalKind::kTimeout:
      if (receive_ != nullptr && receive_->timer != nullptr &&
          receive_->timer->sequence() == s->ref.low) {
        receive_->timed_out = true;
      }
      if (receive_timer_ != nullptr && receive_timer_->sequence() == s->ref.low) {
        receive_timed_out_ = true;
      }
      return;
  }
}

void Process::HandleExitSignal(std::unique_ptr<Signal> s) {
  if (s->kind == SignalKind::kExitLinked) {
    // A link exit counts only while the link exists (unlink may have won).
    if (relations_ == nullptr || relations_->links.erase(s->from.raw()) == 0) return;
  } else if (s->term == atoms::kKill) {
    return BeginTermination(atoms::kKilled);  // untrappable
  }
  if (trap_exit_) {
    // {'EXIT', From, Reason} as a message, in signal order.
    Heap scratch;
    Term from = s->from != kNonValue ? s->from : atoms::kUndefined;
    Term msg = MakeTuple(scratch, {atoms::kEXIT, from, s->term});
    mailbox_.PushBack(MakeSignal(SignalKind::kMessage, s->from, msg));
    return;
  }
  if (s->term == atoms::kNormal) {
    // exit(self(), normal) ends the caller; other normal exits are ignored.
    if (s->kind == SignalKind::kExit && s->from == pid()) BeginTermination(atoms::kNormal);
    return;
  }
  BeginTermination(s->term);
}

void Process::HandleDown(std::unique_ptr<Signal> s) {
  if (relations_ == nullptr || relations_->monitoring.erase(s->ref) == 0) return;
  Heap scratch;
  Term kind = IsPort(s->from) ? atoms::kPort : atoms::kProcess;
  Term object = s->from;
  if (auto named = relations_->monitor_names.find(s->ref);
      named != relations_->monitor_names.end()) {
    object = MakeTuple(scratch, {Term::FromRaw(named->second), atoms::kNonodeNohost});
    relations_->monitor_names.erase(named);
  }
  Term msg =
      MakeTuple(scratch, {atoms::kDOWN, MakeReference(scratch, s->ref), kind, object, s->term});
  mailbox_.PushBack(MakeSignal(SignalKind::kMessage, s->from, msg));
}

void Process::HandleRequest(std::unique_ptr<Signal> s) {
  if (in_body_) {
    deferred_requests_.PushBack(std::move(s));
  } else {
    AnswerRequest(std::move(s));
  }
}

void Process::AnswerRequest(std::unique_ptr<Signal> s) {
  Heap heap;
  Term reply = body_->AnswerRequest(*this, RequestOf(*s), heap);
  if (reply == kNonValue) return node_.AnswerUndeliverable(pid(), std::move(s));
  if (s->from != kNonValue)
    node_.SendSignal(s->from, MakeSignal(SignalKind::kMessage, pid(), reply));
}

// ---- receive -------------------------------------------------------------------

bool Process::BeginReceive(ReceiveRequest* request) {
  LING_CHECK(receive_ == nullptr) << "nested receive";
  request->scan = mailbox_.head_link();
  request->timed_out = false;
  receive_ = request;
  // Messages already sent to us count, even if still in the in-queue
  // (`receive after 0` sees them in Erlang too).
  if (state_.load(std::memory_order_relaxed) & kPending) HandleSignals();
  if (exiting_) return false;  // Execute terminates once the body suspends
  if (TryCompleteReceive()) return true;
  if (request->timeout_ms == 0) {
    request->timed_out = true;
    return TryCompleteReceive();
  }
  if (request->timeout_ms > 0) {
    request->timer = node_.StartReceiveTimer(id_, request->timeout_ms);
  }
  return false;
}

bool Process::TryCompleteReceive() {
  ReceiveRequest* r = receive_;
  while (*r->scan != nullptr) {
    Signal* m = *r->scan;
    --reductions_left_;
    if (r->match(r->matcher, m->term)) {
      r->result = UnlinkMessage(r->scan).release();
      break;
    }
    r->scan = &m->next;
  }
  if (r->result == nullptr && !r->timed_out) return false;
  if (r->timer != nullptr) {
    node_.CancelTimer(r->timer);
    r->timer = nullptr;
  }
  receive_ = nullptr;
  return true;
}

// ---- Erlang receive --------------------------------------------------------------

Signal* Process::MessageAtSave() {
  if (*save_ == nullptr) TakeInSignals();
  return *save_;
}

void Process::SkipMessageAtSave() {
  LING_CHECK(*save_ != nullptr) << "no message at the save position";
  --reductions_left_;
  save_ = &(*save_)->next;
}

std::unique_ptr<Signal> Process::TakeMessageAtSave() {
  LING_CHECK(*save_ != nullptr) << "no message at the save position";
  --reductions_left_;
  std::unique_ptr<Signal> m = UnlinkMessage(save_);
  save_ = mailbox_.head_link();
  receive_waited_ = false;
  StopReceiveTimer();
  return m;
}

void Process::WaitForMessage(int64_t timeout_ms) {
  waiting_ = true;
  receive_waited_ = true;
  if (timeout_ms >= 0 && receive_timer_ == nullptr) {
    receive_timer_ = node_.StartReceiveTimer(id_, timeout_ms);
  }
}

void Process::ReceiveTimedOut() {
  save_ = mailbox_.head_link();
  receive_waited_ = false;
  StopReceiveTimer();
}

void Process::StopReceiveTimer() {
  if (receive_timer_ != nullptr) Node::CancelTimer(std::exchange(receive_timer_, nullptr));
  receive_timed_out_ = false;
}

// ---- exit ----------------------------------------------------------------------

void Process::RequestExit(Term reason) {
  BeginTermination(reason);
}

void Process::BeginTermination(Term reason) {
  if (exiting_) return;
  exiting_ = true;
  // The reason must outlive the body's heap objects it may point into.
  exit_reason_ = CopyTerm(reason, heap());
}

int Process::Terminate(Scheduler& sched, int used) {
  // receive_ and retry_ live in the body's frame: let go before the body.
  if (receive_ != nullptr && receive_->timer != nullptr) node_.CancelTimer(receive_->timer);
  receive_ = nullptr;
  retry_ = nullptr;
  StopReceiveTimer();
  while (!deferred_requests_.empty())
    node_.AnswerUndeliverable(pid(), deferred_requests_.PopFront());
  // Then the body: a native coroutine's destructors still see a live process.
  body_.reset();
  // Senders that find us from now on only queue; nobody enqueues us again.
  state_.fetch_or(kExited, std::memory_order_seq_cst);
  // After kExited: a register/2 of our pid that the registry orders after
  // this sees kExited and takes its name back (see NameRegistry).
  node_.registry().UnregisterOwner(pid());
  // Exit and DOWN signals go out before the table forgets us, so a monitor
  // or link request that finds us after this is answered (by the final
  // drain) after them, in the order a single sender guarantees.
  if (relations_ != nullptr) {
    for (uint64_t linked : relations_->links) {
      node_.SendSignal(Term::FromRaw(linked),
                       MakeSignal(SignalKind::kExitLinked, pid(), exit_reason_));
    }
    for (const auto& [ref, watcher] : relations_->monitored_by) {
      auto down = MakeSignal(SignalKind::kDown, pid(), exit_reason_);
      down->ref = ref;
      node_.SendSignal(Term::FromRaw(watcher), std::move(down));
    }
    for (const auto& [ref, target] : relations_->monitoring) {
      auto demonitor = MakeSignal(SignalKind::kDemonitor, pid(), kNonValue);
      demonitor->ref = ref;
      node_.SendSignal(Term::FromRaw(target), std::move(demonitor));
    }
    relations_.reset();
  }
  node_.table().Release(id_);
  mailbox_ = SignalList();
  markers_.reset();
  state_.fetch_and(~kRunning, std::memory_order_release);
  node_.RetireProcess(this, sched);
  return used;
}

std::unique_ptr<Signal> Process::UnlinkMessage(Signal** link) {
  if (markers_ != nullptr) {
    Signal** after = &(*link)->next;
    for (ReceiveMarker& marker : markers_->slots) {
      if (marker.number != 0 && marker.link == after) marker.link = link;
    }
  }
  return mailbox_.Unlink(link);
}

uint64_t Process::ReserveReceiveMarker() {
  if (markers_ == nullptr) markers_ = std::make_unique<ReceiveMarkers>();
  uint64_t number = ++markers_->reserved;
  markers_->slots[number % kReceiveMarkers] = {number, false, {}, mailbox_.tail_link()};
  return number;
}

void Process::BindReceiveMarker(uint64_t number, MonitorRef ref) {
  if (number == 0 || markers_ == nullptr) return;
  ReceiveMarker& marker = markers_->slots[number % kReceiveMarkers];
  if (marker.number != number) return;  // its slot was taken since
  marker.bound = true;
  marker.ref = ref;
}

Process::ReceiveMarker* Process::MarkerBoundTo(MonitorRef ref) {
  if (markers_ == nullptr) return nullptr;
  for (ReceiveMarker& marker : markers_->slots) {
    if (marker.number != 0 && marker.bound && marker.ref == ref) return &marker;
  }
  return nullptr;
}

void Process::UseReceiveMarker(MonitorRef ref) {
  if (ReceiveMarker* marker = MarkerBoundTo(ref)) save_ = marker->link;
}

void Process::ClearReceiveMarker(MonitorRef ref) {
  if (ReceiveMarker* marker = MarkerBoundTo(ref)) *marker = {};
}

void Process::DrainAfterExit() {
  SignalList left = in_queue_.TakeAll();
  while (!left.empty())
    node_.AnswerUndeliverable(pid(), left.PopFront());
}

void Process::CheckInvariants() const {
  uint32_t s = state_.load();
  LING_CHECK(!((s & kRunning) && (s & kInRunQueue))) << "running and queued at once";
  if (s & kPending) {
    LING_CHECK(s & (kRunning | kInRunQueue | kExited)) << "pending signals but not scheduled";
  }
  mailbox_.CheckInvariants();
  // The save position is one of the mailbox's links (its end included).
  Signal* const* link = mailbox_.head_link();
  while (link != save_ && *link != nullptr)
    link = &(*link)->next;
  LING_CHECK(link == save_) << "the save position is not in the mailbox";
  for (size_t slot = 0; markers_ != nullptr && slot < kReceiveMarkers; ++slot) {
    const ReceiveMarker& marker = markers_->slots[slot];
    if (marker.number == 0) continue;
    LING_CHECK(marker.number % kReceiveMarkers == slot) << "a receive marker in another's slot";
    Signal* const* at = mailbox_.head_link();
    while (at != marker.link && *at != nullptr)
      at = &(*at)->next;
    LING_CHECK(at == marker.link) << "a receive marker is not in the mailbox";
  }
  LING_CHECK(!receive_timed_out_ || receive_timer_ != nullptr) << "timed out without a timer";
}

}  // namespace ling
