// echo: replies with what it got -- commands come back to the owner as
// {Port, {data, Bytes}}, control returns its data, call returns its term.
#ifndef LING_PORTS_DRIVERS_ECHO_DRIVER_H_
#define LING_PORTS_DRIVERS_ECHO_DRIVER_H_

#include "ports/driver.h"

namespace ling {

class EchoDriver final : public Driver {
 public:
  void Output(DriverContext& port, std::span<const uint8_t> data) override {
    port.OutputToOwner(data);
  }
  absl::StatusOr<std::string> Control(DriverContext&, uint32_t,
                                      std::span<const uint8_t> data) override {
    return std::string(data.begin(), data.end());
  }
  absl::StatusOr<Term> Call(DriverContext&, uint32_t, Term argument, Heap&) override {
    return argument;
  }
};

}  // namespace ling

#endif  // LING_PORTS_DRIVERS_ECHO_DRIVER_H_
