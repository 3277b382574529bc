%% The peer of benchmarks/processes.cc on Erlang/OTP: the same three
%% programs (spawn+exit, bytes per idle process, ring hops per second),
%% printing one "name value" line each, for compare_processes.sh.
-module(processes).
-export([main/0, main/1]).

main() -> main([]).

main(_Args) ->
    spawn_exit(10000, 10),
    idle_bytes(100000),
    ring(1000, 1000000),
    halt(0).

%% Spawns Batch processes that exit at once, Rounds times; waits for each
%% batch to be gone (as the C++ side does).
spawn_exit(Batch, Rounds) ->
    T0 = erlang:monotonic_time(nanosecond),
    [spawn_batch(Batch) || _ <- lists:seq(1, Rounds)],
    T1 = erlang:monotonic_time(nanosecond),
    PerSecond = Batch * Rounds / ((T1 - T0) / 1.0e9),
    io:format("spawn_exit_per_s ~b~n", [round(PerSecond)]).

spawn_batch(N) ->
    Refs = [element(2, spawn_monitor(fun() -> ok end)) || _ <- lists:seq(1, N)],
    [receive {'DOWN', R, process, _, _} -> ok end || R <- Refs],
    ok.

%% Memory of N processes waiting in receive, from the emulator's own count.
idle_bytes(N) ->
    erlang:garbage_collect(),
    Before = erlang:memory(processes),
    Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, N)],
    timer:sleep(200),
    After = erlang:memory(processes),
    io:format("idle_bytes_per_process ~.1f~n", [(After - Before) / N]),
    [P ! stop || P <- Pids],
    ok.

ring(Processes, Hops) ->
    Self = self(),
    Members = [spawn(fun() -> member(Self) end) || _ <- lists:seq(1, Processes)],
    Nexts = tl(Members) ++ [hd(Members)],
    [M ! {next, N} || {M, N} <- lists:zip(Members, Nexts)],
    T0 = erlang:monotonic_time(nanosecond),
    hd(Members) ! Hops,
    receive done -> ok end,
    T1 = erlang:monotonic_time(nanosecond),
    io:format("ring_hops_per_s ~b~n", [round(Hops / ((T1 - T0) / 1.0e9))]),
    [exit(M, kill) || M <- Members],
    ok.

member(Host) ->
    receive {next, Next} -> forward(Host, Next) end.

forward(Host, Next) ->
    receive
        0 -> Host ! done;
        N -> Next ! N - 1, forward(Host, Next)
    end.
