// The loader's one error shape: InvalidArgument("malformed <where>: <what>"),
// e.g. "malformed Code chunk: label 7 is used but never defined".
#ifndef LING_EMULATOR_LOADER_MALFORMED_H_
#define LING_EMULATOR_LOADER_MALFORMED_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace ling::loader {

inline absl::Status Malformed(std::string_view where, std::string_view what) {
  std::string message = "malformed ";
  message.append(where).append(": ").append(what);
  return absl::InvalidArgumentError(message);
}

}  // namespace ling::loader

#endif  // LING_EMULATOR_LOADER_MALFORMED_H_
