// Signals: everything one process (or a host thread, a timer, a port) tells
// another goes through the receiver's signal queue as a Signal, as in BEAM.
// Messages, exit signals, link and monitor requests share one queue, so the
// signals from one sender to one receiver arrive in send order, whatever
// their kind.
//
// A signal is built by its sender, travels by pointer, and is owned by the
// receiving entity from the moment the receiver takes it off its in-queue.
// Senders and receivers are entities named by their id terms: a pid, or a
// port (see ports/), so links and monitors work between both kinds.
#ifndef LING_RUNTIME_CORE_SIGNAL_H_
#define LING_RUNTIME_CORE_SIGNAL_H_

#include <cstdint>
#include <memory>

#include "ling/term.h"
#include "ling/types.h"
#include "runtime/term/heap.h"

namespace ling {

enum class SignalKind : uint8_t {
  kMessage,     // term: the message
  kExit,        // exit/2: term = reason, from = sender
  kExitLinked,  // a linked entity exited: term = reason, from = the dead one
  kLink,        // from wants a link
  kUnlink,      // from drops its link
  kMonitor,     // from monitors us under ref
  kDemonitor,   // from drops its monitor ref
  kDown,        // the entity we monitored under ref exited: term = reason
  kTimeout,     // our receive timer `ref.low` fired
  kSuspend,     // a busy port holds one of our commands: stop until kResume
  kResume,      // a port we waited on is no longer busy
  kRequest,     // from asks our body (process_info, garbage_collect of another
                // process): see MakeRequestSignal and ProcessBody::AnswerRequest
};

struct Signal {
  Signal* next = nullptr;
  SignalKind kind = SignalKind::kMessage;
  Term from = kNonValue;  // sender's pid or port; kNonValue for a host thread
  Term term;              // message or reason; kNonValue when the kind has none
  MonitorRef ref{};       // monitor reference, or the timer sequence for kTimeout
  // Holds the boxed parts of `term` (nullptr when term is immediate).
  std::unique_ptr<HeapFragment> fragment;
};

// Deep-copies `term` into a new signal of the given kind.
std::unique_ptr<Signal> MakeSignal(SignalKind kind, Term from, Term term);

// A kRequest from process `from`: `request` for the receiver's body, and
// the message `from` gets instead of an answer when the receiver cannot
// give one (it is gone, exits first, or its body has no answer), so a
// requester waiting for a reply never waits for ever. Both are copied;
// the signal's term is {Request, ReplyIfGone}.
std::unique_ptr<Signal> MakeRequestSignal(Term from, Term request, Term reply_if_gone);
inline Term RequestOf(const Signal& s) {
  return TupleElement(s.term, 0);
}
inline Term ReplyIfGoneOf(const Signal& s) {
  return TupleElement(s.term, 1);
}

}  // namespace ling

#endif  // LING_RUNTIME_CORE_SIGNAL_H_
