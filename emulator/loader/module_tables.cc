#include "emulator/loader/module_tables.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "emulator/loader/compact_term.h"
#include "emulator/loader/malformed.h"
#include "runtime/term/atom_table.h"

namespace ling::loader {
namespace {

// Latin-1 bytes (the old "Atom" chunk) as UTF-8, the atom table's encoding.
std::string Latin1ToUtf8(std::string_view latin1) {
  std::string out;
  for (unsigned char c : latin1) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xc0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<Term>> ReadAtoms(Bytes chunk, bool utf8) {
  const char* where = utf8 ? "AtU8 chunk" : "Atom chunk";
  ByteReader in(chunk);
  auto count = static_cast<int32_t>(in.U32());
  // A negative count announces lengths in the compact encoding (OTP 26's
  // long atoms); otherwise each length is one byte.
  bool compact_lengths = count < 0;
  int64_t n = compact_lengths ? -int64_t{count} : count;
  if (!in.ok() || n < 1 || n > static_cast<int64_t>(in.remaining())) {
    return Malformed(where, "bad atom count");
  }
  std::vector<Term> atoms;
  atoms.reserve(static_cast<size_t>(n));
  OperandPools unused;
  for (int64_t i = 0; i < n; ++i) {
    size_t length = 0;
    if (compact_lengths) {
      Operand op;
      if (!ReadOperand(in, unused, op).ok() || op.kind != OperandKind::kUnsigned) {
        return Malformed(where, "bad atom length");
      }
      length = static_cast<size_t>(op.value);
    } else {
      length = in.U8();
    }
    std::string_view text = in.Text(length);
    if (!in.ok()) return Malformed(where, "truncated");
    std::string converted = utf8 ? std::string(text) : Latin1ToUtf8(text);
    if (utf8 && !IsValidUtf8(converted)) return Malformed(where, "an atom is not valid UTF-8");
    absl::StatusOr<Term> atom = TryInternAtom(converted);
    if (!atom.ok()) return Malformed(where, std::string(atom.status().message()));
    atoms.push_back(*atom);
  }
  if (!in.at_end()) return Malformed(where, "bytes after the last atom");
  return atoms;
}

namespace {

template <class Record, size_t... I>
Record FromWords(const std::array<uint32_t, sizeof...(I)>& words, std::index_sequence<I...>) {
  return Record{words[I]...};
}

// A table of records made of kFields big-endian 32-bit words after a count;
// `valid` checks each record's indexes.
template <class Record, size_t kFields, class Valid>
absl::StatusOr<std::vector<Record>> ReadRecords(Bytes chunk, const char* where, Valid valid) {
  ByteReader in(chunk);
  uint32_t n = in.Count(4 * kFields);
  if (!in.ok()) return Malformed(where, "bad count");
  std::vector<Record> out;
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    std::array<uint32_t, kFields> words;
    for (uint32_t& w : words)
      w = in.U32();
    if (!in.ok()) return Malformed(where, "truncated");
    Record r = FromWords<Record>(words, std::make_index_sequence<kFields>());
    if (!valid(r)) return Malformed(where, absl::StrCat("entry ", i, " out of range"));
    out.push_back(r);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<Import>> ReadImports(Bytes chunk, uint32_t atom_count) {
  return ReadRecords<Import, 3>(chunk, "ImpT chunk", [&](const Import& e) {
    return e.module != 0 && e.module <= atom_count && e.function != 0 && e.function <= atom_count &&
           e.arity <= 255;
  });
}

absl::StatusOr<std::vector<FunctionEntry>> ReadFunctionTable(Bytes chunk, uint32_t atom_count,
                                                             uint32_t label_count) {
  return ReadRecords<FunctionEntry, 3>(chunk, "function table", [&](const FunctionEntry& e) {
    return e.function != 0 && e.function <= atom_count && e.arity <= 255 && e.label != 0 &&
           e.label < label_count;
  });
}

absl::StatusOr<std::vector<LambdaEntry>> ReadLambdas(Bytes chunk, uint32_t atom_count,
                                                     uint32_t label_count) {
  return ReadRecords<LambdaEntry, 6>(chunk, "FunT chunk", [&](const LambdaEntry& e) {
    return e.function != 0 && e.function <= atom_count && e.arity <= 255 && e.num_free <= e.arity &&
           e.label != 0 && e.label < label_count;
  });
}

absl::StatusOr<LineTable> ReadLineTable(Bytes chunk) {
  ByteReader in(chunk);
  uint32_t version = in.U32();
  in.U32();  // flags: none defined
  in.U32();  // how many line instructions: not needed to read the table
  uint32_t item_count = in.U32();
  uint32_t file_count = in.U32();
  if (!in.ok()) return Malformed("Line chunk", "truncated header");
  if (version != 0) return Malformed("Line chunk", absl::StrCat("version ", version));
  if (item_count > in.remaining() || file_count > in.remaining() / 2) {
    return Malformed("Line chunk", "counts larger than the chunk");
  }
  LineTable table;
  table.items.reserve(item_count + 1);
  table.items.push_back({0, 0});
  OperandPools unused;
  uint32_t file = 0;
  while (table.items.size() <= item_count) {
    Operand op;
    if (absl::Status s = ReadOperand(in, unused, op); !s.ok()) {
      return Malformed("Line chunk", std::string(s.message()));
    }
    if (op.kind == OperandKind::kAtom || op.kind == OperandKind::kNil) {  // switch of file
      if (op.value > file_count) return Malformed("Line chunk", "file index out of range");
      file = static_cast<uint32_t>(op.value);
    } else if (op.kind == OperandKind::kInteger && op.value >= 0 && op.value <= UINT32_MAX) {
      table.items.push_back({file, static_cast<uint32_t>(op.value)});
    } else {
      return Malformed("Line chunk", "an item that is neither a line nor a file");
    }
  }
  for (uint32_t i = 0; i < file_count; ++i) {
    std::string_view name = in.Text(in.U16());
    if (!in.ok()) return Malformed("Line chunk", "truncated file names");
    table.files.emplace_back(name);
  }
  if (!in.at_end()) return Malformed("Line chunk", "bytes after the file names");
  return table;
}

}  // namespace ling::loader
