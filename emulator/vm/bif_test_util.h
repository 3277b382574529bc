// For the BIF tests: terms from Erlang text, and calling a BIF by its name.
// Tests read like Erlang and can be checked against erl:
//
//   EXPECT_EQ(Call("integer_to_list(-255, 16)"), Erl(R"("-FF")"));
//   EXPECT_EQ(Call("maps:get(b, #{a => 1})"), "error:{badkey,b}");
//
// emulator/vm/testdata/check_bif_tests.escript evaluates every such pair in
// the test files with erl and reports where erl disagrees.
#ifndef LING_EMULATOR_VM_BIF_TEST_UTIL_H_
#define LING_EMULATOR_VM_BIF_TEST_UTIL_H_

#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "emulator/vm/bif.h"
#include "ling/term.h"
#include "runtime/term/heap.h"

namespace ling::vm::testing {

// Literals only: integers (any size, Base#Digits, $c), floats, atoms
// (bare or quoted), strings (UTF-8 source text, adjacent ones joined),
// bitstrings (<<>> of integers, Int:Bits with Bits 0..64, strings, and
// Int/utf8 or "..."/utf8 segments), lists (improper too), tuples, maps
// and fun M:F/A.
absl::StatusOr<Term> ParseTerm(TermAllocator& heap, std::string_view text);

// Calls the BIF `text` names, "[Module:]Name(Arg, ...)" with the module
// erlang by default, with the arguments parsed from the text, on a fresh
// ProcessMemory. Returns the result as ~w writes it, or "Class:Reason" when
// it raises ("error:badarg"), or what went wrong with the text.
std::string Call(std::string_view text);
// The same with arguments built by the caller (on `memory`), and the BIF
// given `host` (none by default: no module is loaded).
std::string Call(ProcessMemory& memory, std::string_view module, std::string_view name,
                 std::span<const Term> args, Host* host = nullptr);
// An expected value: `text` parsed and written as ~w writes it.
std::string Erl(std::string_view text);

}  // namespace ling::vm::testing

#endif  // LING_EMULATOR_VM_BIF_TEST_UTIL_H_
