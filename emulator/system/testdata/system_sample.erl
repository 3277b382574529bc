%% Erlang processes on the runtime: what the system test runs.
-module(system_sample).
-export([halt_with_sum/1, crash/1, first/0, second/0, spin/1]).

%% lists is loaded from the OTP installation on its first call.
halt_with_sum(N) -> erlang:halt(lists:sum(lists:seq(1, N)) rem 256).

crash(Class) -> erlang:Class(on_purpose).

first() -> put_nothing.

second() -> erlang:halt(42).

%% Long enough to be preempted many times.
spin(0) -> erlang:halt(7);
spin(N) -> spin(N - 1).
