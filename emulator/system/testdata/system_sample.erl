%% Erlang processes on the runtime: what the system test runs.
-module(system_sample).
-export([halt_with_sum/1, crash/1, first/0, second/0, spin/1, same_md5/0]).

%% lists is loaded from the OTP installation on its first call.
halt_with_sum(N) -> erlang:halt(lists:sum(lists:seq(1, N)) rem 256).

crash(Class) -> erlang:Class(on_purpose).

first() -> put_nothing.

second() -> erlang:halt(42).

%% Long enough to be preempted many times.
spin(0) -> erlang:halt(7);
spin(N) -> spin(N - 1).

%% The code server gives a fun its module's MD5 as new_uniq, and
%% module_info reaches the code server: 3 if they agree.
same_md5() ->
    {new_uniq, Uniq} = erlang:fun_info(fun() -> ok end, new_uniq),
    erlang:halt(case ?MODULE:module_info(md5) of Uniq -> 3; _ -> 4 end).
