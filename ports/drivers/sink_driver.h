// sink: consumes commands and counts them. For tests and benchmarks.
// An outputv driver (see driver.h).
//   control 0: the counters, as "commands bytes" in decimal text
//   control 1: set busy;  control 2: clear busy
#ifndef LING_PORTS_DRIVERS_SINK_DRIVER_H_
#define LING_PORTS_DRIVERS_SINK_DRIVER_H_

#include <cstdint>

#include "ports/driver.h"

namespace ling {

class SinkDriver final : public Driver {
 public:
  static constexpr uint32_t kCounters = 0;
  static constexpr uint32_t kSetBusy = 1;
  static constexpr uint32_t kClearBusy = 2;

  // Takes the segments as they come: counting needs no flat copy.
  void OutputV(DriverContext& port, IoVec data) override;
  absl::StatusOr<std::string> Control(DriverContext& port, uint32_t command,
                                      std::span<const uint8_t> data) override;
  bool soft_busy() const override { return true; }

 private:
  uint64_t commands_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace ling

#endif  // LING_PORTS_DRIVERS_SINK_DRIVER_H_
