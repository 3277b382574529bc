#include "runtime/term/display.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"
#include "runtime/term/reference.h"

namespace ling {
namespace {

// The process table's id layout (format.cc and external_encode.cc read it the
// same way): serial << 28 | number.
constexpr int kPidNumberBits = 28;
constexpr uint64_t kPidNumberMask = (uint64_t{1} << kPidNumberBits) - 1;

// ---- atoms ------------------------------------------------------------------

// erts's Latin-1 letter classes (erl_printf_term.c's IS_LOWER and IS_UPPER).
bool IsLower(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xdf && c <= 0xff && c != 0xf7);
}
bool IsUpper(int c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7);
}
bool IsNameChar(int c) {
  return IsLower(c) || IsUpper(c) || (c >= '0' && c <= '9') || c == '_';
}

// What byte i of an atom's UTF-8 text counts as for quoting, as erts decides
// it (latin1_char): a 2-byte sequence's lead byte is its code point, a
// continuation byte passes as a letter, and the lead byte of a longer
// sequence as nothing allowed (so those atoms are always quoted).
int QuotingChar(std::string_view s, size_t i) {
  uint8_t c = s[i];
  uint8_t next = i + 1 < s.size() ? s[i + 1] : 0;
  if (c < 0x80) return c;
  if ((c & 0xe0) == 0xc0) return (c & 0x1f) << 6 | (next & 0x3f);
  if ((c & 0xc0) == 0x80) return 'a';
  return 0;
}

bool NeedsQuotes(std::string_view name) {
  if (name.empty() || !IsLower(QuotingChar(name, 0))) return true;
  for (size_t i = 1; i < name.size(); ++i) {
    if (!IsNameChar(QuotingChar(name, i))) return true;
  }
  return false;
}

void AppendOctalEscape(std::string& out, uint8_t c) {
  out += '\\';
  out += static_cast<char>('0' + (c >> 6));
  out += static_cast<char>('0' + ((c >> 3) & 7));
  out += static_cast<char>('0' + (c & 7));
}

// The atom's bytes as erts writes them: C escapes, octal for the other
// controls, including U+0080..U+009F (bytes C2 80..C2 9F), everything else
// raw (DEL too). Walks whole UTF-8 sequences so that only a C2 lead byte is
// looked at; a sequence cut short by the end of the name is copied as it is.
void AppendAtom(std::string& out, Term atom) {
  std::string_view name = AtomName(atom);
  bool quote = NeedsQuotes(name);
  if (quote) out += '\'';
  for (size_t i = 0; i < name.size(); ++i) {
    uint8_t c = name[i];
    switch (c) {
      case '\'':
        out += "\\'";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\v':
        out += "\\v";
        continue;
    }
    if (c < 0x20) {
      AppendOctalEscape(out, c);
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c == 0xc2 && i + 1 < name.size() && static_cast<uint8_t>(name[i + 1]) < 0xa0) {
      AppendOctalEscape(out, name[++i]);
    } else {
      size_t n = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
      n = std::min(n, name.size() - i);
      out.append(name.substr(i, n));
      i += n - 1;
    }
  }
  if (quote) out += '\'';
}

// ---- strings ----------------------------------------------------------------

// Latin-1 printable or one of the spaces \t \n \r (erts's !IS_CNTRL ||
// IS_SPACE): \v, \f, DEL and 128..159 make a list print as integers.
bool IsStringChar(Term t) {
  if (!IsSmall(t)) return false;
  int64_t c = SmallValue(t);
  return (c >= 32 && c <= 126) || (c >= 160 && c <= 255) || c == '\t' || c == '\n' || c == '\r';
}

bool IsPrintableString(Term list) {
  for (; IsList(list); list = Tail(list)) {
    if (!IsStringChar(Head(list))) return false;
  }
  return IsNil(list);
}

// Precondition: IsPrintableString(list) and the list is not [].
void AppendString(std::string& out, Term list) {
  out += '"';
  for (; IsList(list); list = Tail(list)) {
    char c = static_cast<char>(SmallValue(Head(list)));  // one raw Latin-1 byte
    if (c == '\n') {
      out += "\\n";
    } else {
      if (c == '"') out += '\\';
      out += c;
    }
  }
  out += '"';
}

// ---- leaves -------------------------------------------------------------------

// Text only for a non-empty bitstring of whole bytes, all printable ASCII;
// else the bytes' values and a partial last byte as Value:Bits.
void AppendBitstring(std::string& out, Term t) {
  BitsView bits = BitstringBits(t);
  uint64_t whole = bits.size / 8;
  unsigned rest = bits.size % 8;
  auto byte = [&](uint64_t i) { return ReadBits(bits.bytes, bits.offset + 8 * i, 8); };
  bool text = whole > 0 && rest == 0;
  for (uint64_t i = 0; text && i < whole; ++i)
    text = byte(i) >= 32 && byte(i) < 127;
  if (text) {
    out += "<<\"";
    for (uint64_t i = 0; i < whole; ++i) {
      if (byte(i) == '"') out += '\\';
      out += static_cast<char>(byte(i));
    }
    out += "\">>";
    return;
  }
  out += "<<";
  for (uint64_t i = 0; i < whole; ++i)
    absl::StrAppend(&out, i > 0 ? "," : "", byte(i));
  if (rest != 0) {
    absl::StrAppend(&out, whole > 0 ? "," : "", ReadBits(bits.bytes, bits.offset + 8 * whole, rest),
                    ":", rest);
  }
  out += ">>";
}

// printf's "%.6e", which erts uses (to_chars with a precision is specified as
// printf, without printf's locale).
void AppendFloat(std::string& out, double value) {
  char buf[32];  // "-1.797693e+308" at most
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific, 6);
  out.append(buf, end);
}

// A reference's 32-bit words as the external format writes them (W0 = low's
// low half, W1 and W2 = high's halves, W3 = low's high half, left out when
// zero); erts prints them from the last to the first.
void AppendReference(std::string& out, Term t) {
  MonitorRef r = ReferenceValue(t);
  out += "#Ref<0.";
  if (uint64_t w3 = r.low >> 32; w3 != 0) absl::StrAppend(&out, w3, ".");
  absl::StrAppend(&out, r.high >> 32, ".", r.high & 0xffffffff, ".", r.low & 0xffffffff, ">");
}

// Everything but lists, tuples and maps.
void AppendLeaf(std::string& out, Term t) {
  if (IsSmall(t)) return absl::StrAppend(&out, SmallValue(t));
  if (IsAtom(t)) return AppendAtom(out, t);
  if (IsPid(t)) {
    uint64_t id = IdValue(t);
    return absl::StrAppend(&out, "<0.", id & kPidNumberMask, ".", id >> kPidNumberBits, ">");
  }
  // A port's whole id is its number, as in the external format.
  if (IsPort(t)) return absl::StrAppend(&out, "#Port<0.", IdValue(t), ">");
  // Not Erlang values, so never given by display/1: erts's words for them.
  if (IsNonValue(t)) return out.append("<TNV>"), void();
  if (!IsBoxed(t)) return absl::StrAppend(&out, "<unknown:", absl::Hex(t.raw()), ">");
  switch (HeaderSubtag(*BoxedPointer(t))) {
    case tag::Subtag::kFloat:
      return AppendFloat(out, FloatValue(t));
    case tag::Subtag::kPositiveBignum:
    case tag::Subtag::kNegativeBignum:
      return out.append(*IntegerToText(t, 10)), void();
    case tag::Subtag::kReference:
      return AppendReference(out, t);
    case tag::Subtag::kHeapBinary:
    case tag::Subtag::kRefcBinary:
    case tag::Subtag::kSubBinary:
      return AppendBitstring(out, t);
    case tag::Subtag::kExport:
      out += "fun ";
      AppendAtom(out, ExportFunModule(t));
      out += ':';
      AppendAtom(out, ExportFunFunction(t));
      return absl::StrAppend(&out, "/", FunArity(t));
    case tag::Subtag::kFun: {
      // The module name raw, never quoted; index and uniq are C ints in erts,
      // so a uniq from 2^31 on prints negative there.
      LocalFunId id = LocalFunIdOf(t);
      out += "#Fun<";
      out += AtomName(id.module);
      return absl::StrAppend(&out, ".", static_cast<int32_t>(id.index), ".",
                             static_cast<int32_t>(id.uniq), ">");
    }
    case tag::Subtag::kMatchContext:
      return out.append("#MatchState"), void();
    default:
      absl::StrAppend(&out, "<unknown:", absl::Hex(t.raw()), ">");
  }
}

// ---- compound terms -------------------------------------------------------------

// Work items of the explicit stack: no recursion, so neither a long list nor
// deep nesting can overflow a small C++ stack.
struct Item {
  enum Kind : uint8_t {
    kTerm,       // print `term`
    kListRest,   // `term` is the tail after a printed list element
    kTupleRest,  // print elements `index`.. of tuple `term`, then '}'
    kText,       // print `text`
  };
  Kind kind;
  Term term;
  uint64_t index = 0;
  const char* text = nullptr;
};
using Stack = std::vector<Item>;

void PushText(Stack& todo, const char* text) {
  todo.push_back({Item::kText, kNonValue, 0, text});
}

// A flatmap's entries, k=>v separated by commas, and the closing brace, queued
// so that the first key is printed first.
void PushMap(Stack& todo, Term map) {
  std::vector<std::pair<Term, Term>> entries;
  for (MapIterator it(map); !it.done(); it.Next())
    entries.emplace_back(it.key(), it.value());
  PushText(todo, "}");
  for (size_t i = entries.size(); i > 0; --i) {
    todo.push_back({Item::kTerm, entries[i - 1].second});
    PushText(todo, "=>");
    todo.push_back({Item::kTerm, entries[i - 1].first});
    if (i > 1) PushText(todo, ",");
  }
}

// A hashmap as erts prints it, its trie itself: the root #<Bitmap>{...}, an
// inner node <Bitmap>{...} (bitmaps in lowercase hex), each leaf as the cons
// cell [Key|Value] it is.
void AppendTrieNode(std::string& out, Stack& todo, Term node) {
  HashmapNode n = HashmapNodeOf(node);
  absl::StrAppend(&out, IsHashmap(node) ? "#<" : "<", absl::Hex(n.bitmap), ">{");
  PushText(todo, "}");
  for (uint32_t i = n.count; i-- > 0;) {
    todo.push_back({Item::kTerm, Term::FromRaw(n.children[i])});
    if (i > 0) PushText(todo, ",");
  }
}

void AppendTerm(std::string& out, Stack& todo, Term t) {
  if (IsNil(t)) {
    out += "[]";
  } else if (IsList(t)) {
    // Only a list reached as a term may be a string: a tail continues its
    // list ([a,98,99] for [a|"bc"]).
    if (IsPrintableString(t)) return AppendString(out, t);
    out += '[';
    todo.push_back({Item::kListRest, Tail(t)});
    todo.push_back({Item::kTerm, Head(t)});
  } else if (IsTuple(t)) {
    out += '{';
    todo.push_back({Item::kTupleRest, t, 0});
  } else if (IsHashmap(t) || IsBoxedOf(t, tag::Subtag::kHashmapNode)) {
    AppendTrieNode(out, todo, t);
  } else if (IsMap(t)) {
    out += "#{";
    PushMap(todo, t);
  } else {
    AppendLeaf(out, t);
  }
}

void Append(std::string& out, Term root) {
  Stack todo = {{Item::kTerm, root}};
  while (!todo.empty()) {
    Item item = todo.back();
    todo.pop_back();
    Term t = item.term;
    switch (item.kind) {
      case Item::kTerm:
        AppendTerm(out, todo, t);
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
          PushText(todo, "]");
          todo.push_back({Item::kTerm, t});
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
      case Item::kText:
        out += item.text;
        break;
    }
  }
}

}  // namespace

std::string DisplayString(Term t) {
  std::string out;
  Append(out, t);
  return out;
}

}  // namespace ling
