%% The BEAM peer of //benchmarks:contention's BM_SendersToOnePort: N sender
%% processes each doing port_command/2 of S bytes to one sink_drv port.
%% Prints one line per workload: "senders bytes signals_per_s".
-module(contention).
-export([main/1]).

main([DriverDir]) ->
    ok = erl_ddll:load_driver(DriverDir, "sink_drv"),
    [run(N, S) || N <- [1, 2, 4, 8, 16, 64], S <- [8, 64, 1024]],
    halt(0).

run(Senders, Bytes) ->
    Rounds = 3,
    PerSender = max(200, 20000 div Senders),
    Rates = [round_once(Senders, Bytes, PerSender) || _ <- lists:seq(1, Rounds)],
    Total = Senders * PerSender * Rounds,
    Seconds = lists:sum(Rates),
    io:format("~b ~b ~b~n", [Senders, Bytes, round(Total / Seconds)]).

%% Seconds taken by one round: all senders start together.
round_once(Senders, Bytes, PerSender) ->
    Port = open_port({spawn_driver, "sink_drv"}, [binary]),
    Payload = binary:copy(<<"x">>, Bytes),
    Self = self(),
    Pids = [spawn(fun() -> receive go -> send_loop(Port, Payload, PerSender), Self ! done end end)
            || _ <- lists:seq(1, Senders)],
    T0 = erlang:monotonic_time(nanosecond),
    [P ! go || P <- Pids],
    [receive done -> ok end || _ <- Pids],
    T1 = erlang:monotonic_time(nanosecond),
    <<_/binary>> = list_to_binary(port_control(Port, 0, <<>>)),
    port_close(Port),
    (T1 - T0) / 1.0e9.

send_loop(_Port, _Payload, 0) -> ok;
send_loop(Port, Payload, N) ->
    true = port_command(Port, Payload),
    send_loop(Port, Payload, N - 1).
