/* sink_drv: the BEAM peer of libling's built-in `sink` driver, for the
 * side-by-side contention benchmark. A linked-in driver that consumes
 * commands and counts them; control 0 returns the counters as
 * "commands bytes". Built by Bazel (//benchmarks:peer_sink_drv) against
 * Debian's erl_driver.h. */
#include <stdio.h>
#include <string.h>

#include "erl_driver.h"

typedef struct {
  ErlDrvPort port;
  unsigned long long commands;
  unsigned long long bytes;
} Sink;

static ErlDrvData sink_start(ErlDrvPort port, char* command) {
  (void)command;
  Sink* s = (Sink*)driver_alloc(sizeof(Sink));
  s->port = port;
  s->commands = 0;
  s->bytes = 0;
  set_port_control_flags(port, 0);
  return (ErlDrvData)s;
}

static void sink_stop(ErlDrvData data) { driver_free(data); }

static void sink_output(ErlDrvData data, char* buf, ErlDrvSizeT len) {
  (void)buf;
  Sink* s = (Sink*)data;
  s->commands++;
  s->bytes += len;
}

static ErlDrvSSizeT sink_control(ErlDrvData data, unsigned int command, char* buf,
                                 ErlDrvSizeT len, char** rbuf, ErlDrvSizeT rlen) {
  (void)buf;
  (void)len;
  Sink* s = (Sink*)data;
  if (command != 0) return -1;
  int n = snprintf(*rbuf, rlen, "%llu %llu", s->commands, s->bytes);
  return n < 0 ? -1 : (n < (int)rlen ? n : (int)rlen - 1);
}

static ErlDrvEntry sink_entry = {
    .init = NULL,
    .start = sink_start,
    .stop = sink_stop,
    .output = sink_output,
    .driver_name = "sink_drv",
    .control = sink_control,
    .extended_marker = ERL_DRV_EXTENDED_MARKER,
    .major_version = ERL_DRV_EXTENDED_MAJOR_VERSION,
    .minor_version = ERL_DRV_EXTENDED_MINOR_VERSION,
    .driver_flags = ERL_DRV_FLAG_USE_PORT_LOCKING,
};

DRIVER_INIT(sink_drv) { return &sink_entry; }
