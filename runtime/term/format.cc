#include "runtime/term/format.h"

#include <charconv>
#include <cmath>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "runtime/base/check.h"
#include "runtime/entity/id_table.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/binary.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

bool IsReservedWord(std::string_view s) {
  static constexpr std::string_view kReserved[] = {
      "after", "and",  "andalso", "band",   "begin",   "bnot", "bor", "bsl",  "bsr",
      "bxor",  "case", "catch",   "cond",   "div",     "end",  "fun", "if",   "let",
      "not",   "of",   "or",      "orelse", "receive", "rem",  "try", "when", "xor"};
  for (std::string_view r : kReserved) {
    if (s == r) return true;
  }
  return false;
}

bool NeedsQuotes(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return true;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '@';
    if (!ok) return true;
  }
  return IsReservedWord(s);
}

void AppendQuoted(std::string& out, std::string_view s) {
  out += '\'';
  for (char c : s) {
    switch (c) {
      case '\'':
        out += "\\'";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppend(&out, "\\^", std::string(1, static_cast<char>(c + 64)));
        } else {
          out += c;
        }
    }
  }
  out += '\'';
}

void Append(std::string& out, Term t);

void AppendList(std::string& out, Term t) {
  out += '[';
  bool first = true;
  while (IsList(t)) {
    if (!first) out += ',';
    first = false;
    Append(out, Head(t));
    t = Tail(t);
  }
  if (!IsNil(t)) {
    out += '|';
    Append(out, t);
  }
  out += ']';
}

void Append(std::string& out, Term t) {
  if (IsSmall(t)) return absl::StrAppend(&out, SmallValue(t));
  if (IsAtom(t)) return out.append(FormatAtom(t)), void();
  if (IsNil(t)) return out.append("[]"), void();
  if (IsList(t)) return AppendList(out, t);
  if (IsPid(t)) {
    uint64_t id = IdValue(t);
    return absl::StrAppend(&out, "<0.", IdIndex(id), ".", IdSerial(id), ">");
  }
  if (IsPort(t)) return absl::StrAppend(&out, "#Port<0.", IdIndex(IdValue(t)), ">");
  if (!IsBoxed(t)) return absl::StrAppend(&out, "#NonTerm<", t.raw(), ">");
  const uint64_t* p = BoxedPointer(t);
  switch (HeaderSubtag(p[0])) {
    case tag::Subtag::kTuple: {
      out += '{';
      for (uint64_t i = 0; i < HeaderArity(p[0]); ++i) {
        if (i > 0) out += ',';
        Append(out, Term::FromRaw(p[1 + i]));
      }
      out += '}';
      return;
    }
    case tag::Subtag::kFloat:
      return out.append(FormatFloat(FloatValue(t))), void();
    case tag::Subtag::kReference: {
      MonitorRef r = ReferenceValue(t);
      return absl::StrAppend(&out, "#Ref<0.", r.high >> 32, ".", r.high & 0xffffffff, ".", r.low,
                             ">");
    }
    case tag::Subtag::kHeapBinary:
    case tag::Subtag::kRefcBinary:
    case tag::Subtag::kSubBinary: {
      out += "<<";
      bool first = true;
      for (uint8_t b : BinaryBytes(t)) {
        if (!first) out += ',';
        first = false;
        absl::StrAppend(&out, b);
      }
      out += ">>";
      return;
    }
    default:
      absl::StrAppend(&out, "#Boxed<", static_cast<int>(HeaderSubtag(p[0])), ">");
  }
}

}  // namespace

std::string FormatAtom(Term atom) {
  std::string_view name = AtomName(atom);
  if (!NeedsQuotes(name)) return std::string(name);
  std::string out;
  AppendQuoted(out, name);
  return out;
}

std::string FormatFloat(double value) {
  if (std::isnan(value) || std::isinf(value)) return "#NonFinite";
  // Shortest round-trip digits, as "d.ddde[+-]x".
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  LING_CHECK(ec == std::errc()) << "float formatting failed";
  std::string_view sci(buf, end - buf);
  size_t e_pos = sci.find('e');
  std::string_view mantissa = sci.substr(0, e_pos);
  int exponent = std::stoi(std::string(sci.substr(e_pos + 1)));
  bool negative = mantissa[0] == '-';
  if (negative) mantissa.remove_prefix(1);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  while (digits.size() > 1 && digits.back() == '0')
    digits.pop_back();
  // Scientific: d.ddd e X, with at least one digit after the point.
  std::string scientific = digits.substr(0, 1) + "." +
                           (digits.size() > 1 ? digits.substr(1) : "0") + "e" +
                           std::to_string(exponent);
  // Plain: the digits placed around the point.
  std::string plain;
  int point = exponent + 1;  // digits before the point
  if (point <= 0) {
    plain = "0." + std::string(-point, '0') + digits;
  } else if (static_cast<size_t>(point) >= digits.size()) {
    plain = digits + std::string(point - digits.size(), '0') + ".0";
  } else {
    plain = digits.substr(0, point) + "." + digits.substr(point);
  }
  // Erlang's rule (io_lib_format): from 1.0e16 on, always scientific.
  bool use_plain = exponent < 16 && plain.size() <= scientific.size();
  const std::string& best = use_plain ? plain : scientific;
  return negative ? "-" + best : best;
}

std::string ToString(Term t) {
  std::string out;
  Append(out, t);
  return out;
}

}  // namespace ling
