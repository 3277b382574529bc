#include "ports/drivers/sink_driver.h"

#include "absl/strings/str_cat.h"

namespace ling {

void SinkDriver::OutputV(DriverContext&, IoVec data) {
  ++commands_;
  bytes_ += IoVecSize(data);
}

absl::StatusOr<std::string> SinkDriver::Control(DriverContext& port, uint32_t command,
                                                std::span<const uint8_t>) {
  switch (command) {
    case kCounters:
      return absl::StrCat(commands_, " ", bytes_);
    case kSetBusy:
      port.SetBusy(true);
      return std::string();
    case kClearBusy:
      port.SetBusy(false);
      return std::string();
    default:
      return absl::InvalidArgumentError("unknown sink control");
  }
}

}  // namespace ling
