%% The BEAM peer of //benchmarks:contention's BM_SendersToOnePort: N sender
%% processes each doing port_command/2 of S bytes to one sink_drv port.
%%   erl -noshell -pa DIR -run contention main DIR [Senders [Bytes]]
%% Senders and Bytes are comma-separated lists (default: 1,2,4,8,16,64 and
%% 8,64,1024). Prints one line per workload: "senders bytes signals_per_s".
-module(contention).
-export([main/1]).

main([DriverDir]) ->
    main([DriverDir, "1,2,4,8,16,64"]);
main([DriverDir, Senders]) ->
    main([DriverDir, Senders, "8,64,1024"]);
main([DriverDir, Senders, Bytes]) ->
    ok = erl_ddll:load_driver(DriverDir, "sink_drv"),
    [run(N, S) || N <- integers(Senders), S <- integers(Bytes)],
    halt(0).

integers(Csv) ->
    [list_to_integer(X) || X <- string:lexemes(Csv, ",")].

run(Senders, Bytes) ->
    Rounds = 3,
    PerSender = max(2000, 200000 div Senders),
    Seconds = lists:sum([round_once(Senders, Bytes, PerSender) || _ <- lists:seq(1, Rounds)]),
    Total = Senders * PerSender * Rounds,
    io:format("~b ~b ~b~n", [Senders, Bytes, round(Total / Seconds)]).

%% Seconds taken by one round: all senders start together. The driver's
%% counters must add up to what was sent.
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
    Counters = port_control(Port, 0, <<>>),
    Expected = io_lib:format("~b ~b", [Senders * PerSender, Senders * PerSender * Bytes]),
    true = lists:flatten(Expected) =:= Counters,
    port_close(Port),
    (T1 - T0) / 1.0e9.

send_loop(_Port, _Payload, 0) -> ok;
send_loop(Port, Payload, N) ->
    true = port_command(Port, Payload),
    send_loop(Port, Payload, N - 1).
