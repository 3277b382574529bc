#include "runtime/term/format.h"

#include <charconv>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/check.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"
#include "runtime/term/utf8.h"

namespace ling {
namespace {

// The process table's fixed id layout: serial << 28 | index.
constexpr int kPidIndexBits = 28;
constexpr uint64_t kPidIndexMask = (uint64_t{1} << kPidIndexBits) - 1;

// ---- atoms ------------------------------------------------------------------

// Atom text is UTF-8; a byte that does not start a valid sequence stands for
// itself (Latin-1), so every name decodes.
std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) {
    auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
    uint8_t b = byte(i);
    // Continuation bytes, 0xc0/0xc1 (overlong) and 0xf5.. start nothing.
    int extra = b < 0xc2 ? 0 : b < 0xe0 ? 1 : b < 0xf0 ? 2 : b < 0xf5 ? 3 : 0;
    char32_t c = extra == 0 ? b : b & (0x3f >> extra);
    bool ok = i + extra < s.size();
    for (int k = 1; ok && k <= extra; ++k) {
      ok = (byte(i + k) & 0xc0) == 0x80;
      c = (c << 6) | (byte(i + k) & 0x3f);
    }
    // Overlong 3- and 4-byte forms, surrogates and values past U+10FFFF.
    if (ok && extra == 2 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ok = false;
    if (ok && extra == 3 && (c < 0x10000 || c > 0x10ffff)) ok = false;
    if (ok) {
      out += c;
      i += 1 + extra;
    } else {
      out += static_cast<char32_t>(b);
      ++i;
    }
  }
  return out;
}

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

// Erlang's unquoted atoms: a lowercase letter, then letters, digits, _ and @,
// where the letters include Latin-1's (but not × and ÷).
bool IsLowerStart(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xdf && c <= 0xff && c != 0xf7);
}
bool IsNameChar(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '@' || (c >= 0xc0 && c <= 0xff && c != 0xd7 && c != 0xf7);
}

bool NeedsQuotes(std::string_view name, const std::u32string& chars) {
  if (chars.empty() || !IsLowerStart(chars[0])) return true;
  for (char32_t c : chars) {
    if (!IsNameChar(c)) return true;
  }
  return IsReservedWord(name);
}

// One character inside quotes, escaped as ~w escapes it (io_lib's Latin-1
// string writer): named escapes, octal for other controls, \x{..} past 255.
void AppendQuotedChar(std::string& out, char32_t c) {
  switch (c) {
    case '\'':
      out += "\\'";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\v':
      out += "\\v";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case 0x1b:
      out += "\\e";
      return;
    case 0x7f:
      out += "\\d";
      return;
  }
  if (c < 0x20 || (c >= 0x80 && c < 0xa0)) {
    char oct[5] = {'\\', static_cast<char>('0' + (c >> 6)), static_cast<char>('0' + ((c >> 3) & 7)),
                   static_cast<char>('0' + (c & 7)), 0};
    out += oct;
  } else if (c > 0xff) {
    static constexpr char kHex[] = "0123456789ABCDEF";  // Erlang writes uppercase
    char hex[8];
    int n = 0;
    for (char32_t v = c; v != 0; v >>= 4)
      hex[n++] = kHex[v & 0xf];
    out += "\\x{";
    while (n > 0)
      out += hex[--n];
    out += '}';
  } else {
    AppendUtf8(out, c);
  }
}

void AppendAtom(std::string& out, Term atom) {
  std::string_view name = AtomName(atom);
  std::u32string chars = DecodeUtf8(name);
  if (!NeedsQuotes(name, chars)) {
    for (char32_t c : chars)
      AppendUtf8(out, c);
    return;
  }
  out += '\'';
  for (char32_t c : chars)
    AppendQuotedChar(out, c);
  out += '\'';
}

// ---- terms --------------------------------------------------------------------

// <<1,2,3:4>>: the whole bytes, then the value of a partial last byte and its
// bit count.
void AppendBitstring(std::string& out, Term t) {
  BitsView bits = BitstringBits(t);
  out += "<<";
  uint64_t whole = bits.size / 8;
  for (uint64_t i = 0; i < whole; ++i) {
    if (i > 0) out += ',';
    absl::StrAppend(&out, ReadBits(bits.bytes, bits.offset + 8 * i, 8));
  }
  if (unsigned rest = bits.size % 8) {
    if (whole > 0) out += ',';
    absl::StrAppend(&out, ReadBits(bits.bytes, bits.offset + 8 * whole, rest), ":", rest);
  }
  out += ">>";
}

// Leaves: everything but tuples, lists and maps.
void AppendLeaf(std::string& out, Term t) {
  if (IsSmall(t)) return absl::StrAppend(&out, SmallValue(t));
  if (IsAtom(t)) return AppendAtom(out, t);
  if (IsPid(t)) {
    uint64_t id = IdValue(t);
    return absl::StrAppend(&out, "<0.", id & kPidIndexMask, ".", id >> kPidIndexBits, ">");
  }
  if (IsPort(t)) return absl::StrAppend(&out, "#Port<0.", IdValue(t), ">");
  if (IsNonValue(t)) return out.append("THE_NON_VALUE"), void();
  if (!IsBoxed(t)) return absl::StrAppend(&out, "#NonTerm<", t.raw(), ">");
  const uint64_t* p = BoxedPointer(t);
  switch (HeaderSubtag(p[0])) {
    case tag::Subtag::kFloat:
      return out.append(FormatFloat(FloatValue(t))), void();
    case tag::Subtag::kPositiveBignum:
    case tag::Subtag::kNegativeBignum:
      return out.append(*IntegerToText(t, 10)), void();
    case tag::Subtag::kExport:
      out += "fun ";
      AppendAtom(out, ExportFunModule(t));
      out += ':';
      AppendAtom(out, ExportFunFunction(t));
      return absl::StrAppend(&out, "/", FunArity(t));
    case tag::Subtag::kFun: {
      LocalFunId id = LocalFunIdOf(t);
      out += "#Fun<";
      AppendAtom(out, id.module);
      return absl::StrAppend(&out, ".", id.index, ".", id.uniq, ">");
    }
    case tag::Subtag::kReference: {
      MonitorRef r = ReferenceValue(t);
      return absl::StrAppend(&out, "#Ref<0.", r.high >> 32, ".", r.high & 0xffffffff, ".", r.low,
                             ">");
    }
    case tag::Subtag::kHeapBinary:
    case tag::Subtag::kRefcBinary:
    case tag::Subtag::kSubBinary:
      return AppendBitstring(out, t);
    default:  // match contexts: no Erlang value, shown for debugging only
      absl::StrAppend(&out, "#Boxed<", static_cast<int>(HeaderSubtag(p[0])), ">");
  }
}

// Work items of the explicit stack that prints compound terms: no recursion,
// so neither a long list nor deep nesting can overflow a small stack.
struct Item {
  enum Kind : uint8_t {
    kTerm,       // print `term`
    kTupleRest,  // print elements `index`.. of tuple `term`, then '}'
    kListRest,   // `term` is the tail after a printed element
    kCloseList,  // ']' after an improper tail
    kText,       // print `text`
  };
  Kind kind;
  Term term;
  uint64_t index = 0;
  const char* text = nullptr;
};

// Queues a map's entries, "k => v" in iteration order, and the closing brace.
void PushMap(absl::InlinedVector<Item, 16>& todo, Term map) {
  std::vector<std::pair<Term, Term>> entries;
  for (MapIterator it(map); !it.done(); it.Next())
    entries.emplace_back(it.key(), it.value());
  todo.push_back({Item::kText, kNonValue, 0, "}"});
  for (size_t i = entries.size(); i > 0; --i) {
    todo.push_back({Item::kTerm, entries[i - 1].second});
    todo.push_back({Item::kText, kNonValue, 0, " => "});
    todo.push_back({Item::kTerm, entries[i - 1].first});
    if (i > 1) todo.push_back({Item::kText, kNonValue, 0, ","});
  }
}

void Append(std::string& out, Term root) {
  absl::InlinedVector<Item, 16> todo = {{Item::kTerm, root}};
  while (!todo.empty()) {
    Item item = todo.back();
    todo.pop_back();
    Term t = item.term;
    switch (item.kind) {
      case Item::kTerm:
        if (IsNil(t)) {
          out += "[]";
        } else if (IsList(t)) {
          out += '[';
          todo.push_back({Item::kListRest, Tail(t)});
          todo.push_back({Item::kTerm, Head(t)});
        } else if (IsTuple(t)) {
          out += '{';
          todo.push_back({Item::kTupleRest, t, 0});
        } else if (IsMap(t)) {
          out += "#{";
          PushMap(todo, t);
        } else {
          AppendLeaf(out, t);
        }
        break;
      case Item::kTupleRest:
        if (item.index == TupleArity(t)) {
          out += '}';
        } else {
          if (item.index > 0) out += ',';
          todo.push_back({Item::kTupleRest, t, item.index + 1});
          todo.push_back({Item::kTerm, TupleElement(t, item.index)});
        }
        break;
      case Item::kListRest:
        if (IsList(t)) {
          out += ',';
          todo.push_back({Item::kListRest, Tail(t)});
          todo.push_back({Item::kTerm, Head(t)});
        } else if (IsNil(t)) {
          out += ']';
        } else {
          out += '|';
          todo.push_back({Item::kCloseList, t});
          todo.push_back({Item::kTerm, t});
        }
        break;
      case Item::kCloseList:
        out += ']';
        break;
      case Item::kText:
        out += item.text;
        break;
    }
  }
}

}  // namespace

std::string FormatAtom(Term atom) {
  std::string out;
  AppendAtom(out, atom);
  return out;
}

std::string FormatFloat(double value) {
  LING_CHECK(std::isfinite(value)) << "Erlang floats are finite";
  // Shortest round-trip digits, as "d.ddde[+-]x".
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  LING_CHECK(ec == std::errc()) << "float formatting failed";
  std::string_view sci(buf, end - buf);
  size_t e_pos = sci.find('e');
  std::string_view mantissa = sci.substr(0, e_pos);
  int exponent = 0;
  std::string_view exp_text = sci.substr(e_pos + 1);
  if (exp_text[0] == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
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
  // OTP's rule (checked against erl 25 on thousands of values): the shorter
  // form, plain on a tie, but never plain from 2^53 on, where plain digits
  // would suggest an integer precision the double does not have.
  bool use_plain = std::fabs(value) < 0x1p53 && plain.size() <= scientific.size();
  const std::string& best = use_plain ? plain : scientific;
  return negative ? "-" + best : best;
}

std::string ToString(Term t) {
  std::string out;
  Append(out, t);
  return out;
}

}  // namespace ling
