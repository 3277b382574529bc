// UTF-8 encoding of one code point, for the printers and the BIFs that
// write text (atom names are UTF-8).
//
// Concurrency: a pure function.
#ifndef LING_RUNTIME_TERM_UTF8_H_
#define LING_RUNTIME_TERM_UTF8_H_

#include <string>

namespace ling {

// Appends `c` (at most U+10FFFF; surrogates are encoded as they are).
inline void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
}

}  // namespace ling

#endif  // LING_RUNTIME_TERM_UTF8_H_
