// list_to_pid/1, list_to_port/1 and list_to_ref/1: the inverses of
// pid_to_list/1 and friends (format.cc writes "<0.N.S>", "#Port<0.N>",
// "#Ref<0.A.B.C>"). Only local ones (node number 0): ling has no other
// nodes, so text naming one is badarg.
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "emulator/vm/bif.h"
#include "emulator/vm/bif_util.h"
#include "ling/types.h"
#include "runtime/term/atoms.h"
#include "runtime/term/reference.h"

namespace ling::vm {
namespace {

constexpr int kPidNumberBits = 28;  // format.cc's split of a pid's id

// The dot-separated decimal numbers between `prefix` and `suffix`, exactly
// `count` of them; nullopt for any other text.
std::optional<std::vector<uint64_t>> Numbers(Term list, std::string_view prefix,
                                             std::string_view suffix, size_t count) {
  std::optional<std::u32string> chars = CharList(list, 127);
  if (!chars) return std::nullopt;
  std::string text(chars->begin(), chars->end());
  if (!text.starts_with(prefix) || !text.ends_with(suffix) ||
      text.size() < prefix.size() + suffix.size())
    return std::nullopt;
  std::string_view body(text);
  body = body.substr(prefix.size(), body.size() - prefix.size() - suffix.size());
  std::vector<uint64_t> numbers;
  while (numbers.size() < count) {
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), n);
    if (ec != std::errc() || end == body.data()) return std::nullopt;
    numbers.push_back(n);
    body.remove_prefix(static_cast<size_t>(end - body.data()));
    if (numbers.size() < count) {
      if (!body.starts_with('.')) return std::nullopt;
      body.remove_prefix(1);
    }
  }
  if (!body.empty()) return std::nullopt;
  return numbers;
}

Term BifListToPid(BifContext& ctx, const Term* args) {
  std::optional<std::vector<uint64_t>> n = Numbers(args[0], "<", ">", 3);
  if (!n || (*n)[0] != 0 || (*n)[1] >> kPidNumberBits != 0 || (*n)[2] >> (60 - kPidNumberBits) != 0)
    return ctx.Fail(atoms::kBadarg);
  return MakePid((*n)[2] << kPidNumberBits | (*n)[1]);
}

Term BifListToPort(BifContext& ctx, const Term* args) {
  std::optional<std::vector<uint64_t>> n = Numbers(args[0], "#Port<", ">", 2);
  if (!n || (*n)[0] != 0 || (*n)[1] >> 60 != 0) return ctx.Fail(atoms::kBadarg);
  return MakePort((*n)[1]);
}

Term BifListToRef(BifContext& ctx, const Term* args) {
  std::optional<std::vector<uint64_t>> n = Numbers(args[0], "#Ref<", ">", 4);
  if (!n || (*n)[0] != 0 || (*n)[1] >> 32 != 0 || (*n)[2] >> 32 != 0)
    return ctx.Fail(atoms::kBadarg);
  return MakeReference(ctx.memory, MonitorRef{(*n)[1] << 32 | (*n)[2], (*n)[3]});
}

constexpr BifEntry kIdTextBifs[] = {
    {"erlang", "list_to_pid", 1, BifListToPid},
    {"erlang", "list_to_port", 1, BifListToPort},
    {"erlang", "list_to_ref", 1, BifListToRef},
};

}  // namespace

std::span<const BifEntry> IdTextBifs() {
  return kIdTextBifs;
}

}  // namespace ling::vm
