#include "emulator/vm/bif_test_util.h"

#include <cctype>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "emulator/vm/bif_util.h"
#include "emulator/vm/process_memory.h"
#include "runtime/term/atom_table.h"
#include "runtime/term/bignum.h"
#include "runtime/term/binary.h"
#include "runtime/term/bits.h"
#include "runtime/term/build.h"
#include "runtime/term/format.h"
#include "runtime/term/fun.h"
#include "runtime/term/map.h"

namespace ling::vm::testing {
namespace {

class Parser {
 public:
  Parser(TermAllocator& heap, std::string_view text) : heap_(heap), s_(text) {}

  absl::StatusOr<Term> Whole() {
    absl::StatusOr<Term> t = Parse();
    if (t.ok() && !AtEnd()) return Error("text after the term");
    return t;
  }

  // "[Module:]Name(Args)".
  absl::Status ParseCall(std::string& module, std::string& name, std::vector<Term>& args) {
    absl::StatusOr<std::string> first = AtomText();
    if (!first.ok()) return first.status();
    module = "erlang";
    name = *first;
    if (Eat(':')) {
      absl::StatusOr<std::string> second = AtomText();
      if (!second.ok()) return second.status();
      module = *first;
      name = *second;
    }
    if (!Eat('(')) return Error("'(' expected");
    if (!Eat(')')) {
      do {
        absl::StatusOr<Term> arg = Parse();
        if (!arg.ok()) return arg.status();
        args.push_back(*arg);
      } while (Eat(','));
      if (!Eat(')')) return Error("')' expected");
    }
    if (!AtEnd()) return Error("text after the call");
    return absl::OkStatus();
  }

 private:
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(std::string(what) + " at " + std::to_string(pos_) +
                                      " in: " + std::string(s_));
  }
  void SkipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_])))
      ++pos_;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ == s_.size();
  }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  bool Eat(std::string_view token) {
    SkipSpace();
    if (s_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }
  bool Eat(char c) { return Eat(std::string_view(&c, 1)); }

  absl::StatusOr<Term> Parse() {
    SkipSpace();
    char c = Peek();
    if (c == '[') return List();
    if (c == '{') return Tuple();
    if (c == '#') return Map();
    if (c == '<' && Peek(1) == '<') return Binary();
    if (c == '"') return String();
    if (c == '$') {
      ++pos_;
      absl::StatusOr<char32_t> ch = Char();
      if (!ch.ok()) return ch.status();
      return MakeSmall(*ch);
    }
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return Number();
    if (s_.substr(pos_, 4) == "fun ") return Fun();
    absl::StatusOr<std::string> atom = AtomText();
    if (!atom.ok()) return atom.status();
    return InternAtom(*atom);
  }

  // One source character, escapes decoded, UTF-8 read as such.
  absl::StatusOr<char32_t> Char() {
    if (pos_ >= s_.size()) return Error("character expected");
    if (s_[pos_] != '\\') {
      Utf8Char ch = DecodeUtf8Char(Bytes(s_.substr(pos_)));
      if (ch.kind != Utf8Char::kOk) return Error("bad UTF-8");
      pos_ += ch.length;
      return ch.c;
    }
    ++pos_;
    char e = Peek();
    ++pos_;
    switch (e) {
      case 'n':
        return U'\n';
      case 't':
        return U'\t';
      case 'r':
        return U'\r';
      case 's':
        return U' ';
      case 'e':
        return char32_t{27};
      case 'b':
        return U'\b';
      case 'f':
        return U'\f';
      case 'v':
        return U'\v';
      case 'd':
        return char32_t{127};
      case 'x': {
        bool braced = Peek() == '{';
        if (braced) ++pos_;
        size_t start = pos_;
        while (std::isxdigit(static_cast<unsigned char>(Peek())) && (braced || pos_ - start < 2))
          ++pos_;
        char32_t v = static_cast<char32_t>(
            std::strtoul(std::string(s_.substr(start, pos_ - start)).c_str(), nullptr, 16));
        if (braced && !Eat('}')) return Error("'}' expected");
        return v;
      }
      default:
        if (e >= '0' && e <= '7') {
          char32_t v = static_cast<char32_t>(e - '0');
          for (int k = 0; k < 2 && Peek() >= '0' && Peek() <= '7'; ++k)
            v = v * 8 + static_cast<char32_t>(s_[pos_++] - '0');
          return v;
        }
        return static_cast<char32_t>(static_cast<unsigned char>(e));
    }
  }

  absl::StatusOr<std::u32string> QuotedText(char quote) {
    std::u32string text;
    ++pos_;
    while (Peek() != quote) {
      if (pos_ >= s_.size()) return Error("unterminated quote");
      absl::StatusOr<char32_t> c = Char();
      if (!c.ok()) return c.status();
      text += *c;
    }
    ++pos_;
    return text;
  }

  absl::StatusOr<std::string> AtomText() {
    SkipSpace();
    std::string text;
    if (Peek() == '\'') {
      absl::StatusOr<std::u32string> q = QuotedText('\'');
      if (!q.ok()) return q.status();
      for (char32_t c : *q)
        AppendUtf8(text, c);
      return text;
    }
    if (!std::islower(static_cast<unsigned char>(Peek()))) return Error("term expected");
    while (std::isalnum(static_cast<unsigned char>(Peek())) || Peek() == '_' || Peek() == '@')
      text += s_[pos_++];
    return text;
  }

  absl::StatusOr<std::u32string> Strings() {
    std::u32string text;
    do {
      absl::StatusOr<std::u32string> part = QuotedText('"');
      if (!part.ok()) return part.status();
      text += *part;
      SkipSpace();
    } while (Peek() == '"');
    return text;
  }

  absl::StatusOr<Term> String() {
    absl::StatusOr<std::u32string> text = Strings();
    if (!text.ok()) return text.status();
    return MakeCharList(heap_, *text);
  }

  absl::StatusOr<Term> Number() {
    size_t start = pos_;
    if (Peek() == '-') ++pos_;
    while (std::isdigit(static_cast<unsigned char>(Peek())))
      ++pos_;
    if (Peek() == '#') {
      int base = std::atoi(std::string(s_.substr(start, pos_ - start)).c_str());
      size_t digits = ++pos_;
      while (std::isalnum(static_cast<unsigned char>(Peek())))
        ++pos_;
      return IntegerFromText(heap_, s_.substr(digits, pos_ - digits), base);
    }
    if (Peek() == '.' && std::isdigit(static_cast<unsigned char>(Peek(1)))) {
      ++pos_;
      while (std::isdigit(static_cast<unsigned char>(Peek())))
        ++pos_;
      if (Peek() == 'e' || Peek() == 'E') {
        ++pos_;
        if (Peek() == '-' || Peek() == '+') ++pos_;
        while (std::isdigit(static_cast<unsigned char>(Peek())))
          ++pos_;
      }
      return MakeFloat(heap_,
                       std::strtod(std::string(s_.substr(start, pos_ - start)).c_str(), nullptr));
    }
    return IntegerFromText(heap_, s_.substr(start, pos_ - start), 10);
  }

  absl::StatusOr<Term> List() {
    ++pos_;
    if (Eat(']')) return kNil;
    std::vector<Term> elements;
    Term tail = kNil;
    do {
      absl::StatusOr<Term> e = Parse();
      if (!e.ok()) return e;
      elements.push_back(*e);
    } while (Eat(','));
    if (Eat('|')) {
      absl::StatusOr<Term> t = Parse();
      if (!t.ok()) return t;
      tail = *t;
    }
    if (!Eat(']')) return Error("']' expected");
    for (size_t i = elements.size(); i-- > 0;)
      tail = MakeCons(heap_, elements[i], tail);
    return tail;
  }

  absl::StatusOr<Term> Tuple() {
    ++pos_;
    std::vector<Term> elements;
    if (!Eat('}')) {
      do {
        absl::StatusOr<Term> e = Parse();
        if (!e.ok()) return e;
        elements.push_back(*e);
      } while (Eat(','));
      if (!Eat('}')) return Error("'}' expected");
    }
    return MakeTuple(heap_, elements);
  }

  absl::StatusOr<Term> Map() {
    if (!Eat("#{")) return Error("'#{' expected");
    std::vector<std::pair<Term, Term>> pairs;
    if (!Eat('}')) {
      do {
        absl::StatusOr<Term> k = Parse();
        if (!k.ok()) return k;
        if (!Eat("=>")) return Error("'=>' expected");
        absl::StatusOr<Term> v = Parse();
        if (!v.ok()) return v;
        pairs.emplace_back(*k, *v);
      } while (Eat(','));
      if (!Eat('}')) return Error("'}' expected");
    }
    return MakeMap(heap_, pairs);
  }

  absl::StatusOr<Term> Binary() {
    pos_ += 2;
    std::vector<uint8_t> buf;  // bit_count bits so far
    uint64_t bit_count = 0;
    auto append = [&](uint64_t value, unsigned bits) {
      buf.resize((bit_count + bits + 7) / 8);
      WriteBits(buf.data(), bit_count, value, bits);
      bit_count += bits;
    };
    if (!Eat(">>")) {
      do {
        SkipSpace();
        std::u32string values;
        if (Peek() == '"') {
          absl::StatusOr<std::u32string> text = Strings();
          if (!text.ok()) return text.status();
          values = *text;
        } else {
          absl::StatusOr<Term> v = Parse();
          if (!v.ok()) return v;
          if (!IsSmall(*v)) return Error("small integer segment expected");
          if (Eat(':')) {
            absl::StatusOr<Term> bits = Parse();
            if (!bits.ok()) return bits;
            if (!IsSmall(*bits) || SmallValue(*bits) < 0 || SmallValue(*bits) > 64) {
              return Error("segment size 0..64 expected");
            }
            append(static_cast<uint64_t>(SmallValue(*v)), static_cast<unsigned>(SmallValue(*bits)));
            continue;
          }
          values = std::u32string(1, static_cast<char32_t>(SmallValue(*v)));
        }
        bool utf8 = Eat("/utf8");
        for (char32_t c : values) {
          if (utf8) {
            std::string bytes;
            AppendUtf8(bytes, c);
            for (char b : bytes)
              append(static_cast<uint8_t>(b), 8);
          } else {
            append(c & 0xff, 8);
          }
        }
      } while (Eat(','));
      if (!Eat(">>")) return Error("'>>' expected");
    }
    NewBitstring out = AllocateBitstring(heap_, bit_count);
    if (bit_count > 0) CopyBits(buf.data(), 0, out.bytes, 0, bit_count);
    return out.term;
  }

  absl::StatusOr<Term> Fun() {
    pos_ += 4;
    absl::StatusOr<std::string> m = AtomText();
    if (!m.ok()) return m.status();
    if (!Eat(':')) return Error("':' expected");
    absl::StatusOr<std::string> f = AtomText();
    if (!f.ok()) return f.status();
    if (!Eat('/')) return Error("'/' expected");
    absl::StatusOr<Term> arity = Parse();
    if (!arity.ok()) return arity;
    return MakeExportFun(heap_, InternAtom(*m), InternAtom(*f),
                         static_cast<uint8_t>(SmallValue(*arity)));
  }

  TermAllocator& heap_;
  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

absl::StatusOr<Term> ParseTerm(TermAllocator& heap, std::string_view text) {
  return Parser(heap, text).Whole();
}

std::string Call(ProcessMemory& memory, std::string_view module, std::string_view name,
                 std::span<const Term> args, Host* host) {
  const BifEntry* bif =
      FindBif(InternAtom(module), InternAtom(name), static_cast<int>(args.size()));
  if (bif == nullptr) {
    return "no BIF " + std::string(module) + ":" + std::string(name) + "/" +
           std::to_string(args.size());
  }
  BifContext ctx{memory, host};
  Term result = bif->function(ctx, args.data());
  if (result == kNonValue && ctx.trap_module != kNonValue) {
    std::vector<Term> trap_args(ctx.trap_args.begin(), ctx.trap_args.begin() + ctx.trap_arity);
    return "trap:" + FormatAtom(ctx.trap_module) + ":" + FormatAtom(ctx.trap_function) +
           ToString(MakeList(memory, trap_args));
  }
  if (result == kNonValue) {
    return FormatAtom(ctx.error_class) + ":" + ToString(ctx.error);
  }
  return ToString(result);
}

std::string Call(std::string_view text) {
  ProcessMemory memory;
  std::string module, name;
  std::vector<Term> args;
  absl::Status parsed = Parser(memory, text).ParseCall(module, name, args);
  if (!parsed.ok()) return std::string(parsed.message());
  return Call(memory, module, name, args);
}

std::string Erl(std::string_view text) {
  ProcessMemory memory;
  absl::StatusOr<Term> t = ParseTerm(memory, text);
  if (!t.ok()) return std::string(t.status().message());
  return ToString(*t);
}

}  // namespace ling::vm::testing
