%% Processes and ports, the same program on erl and ling: the idle process's
%% memory, spawn+exit, a ring, and N senders to one port. Run by
%% run_processes.sh (README.md), which reads what it displays:
%%   VM -noshell -pa DIR -run processes_ports main full|smoke DRIVER [DRIVER_DIR]
%% DRIVER is the port's driver: `sink` (ling's built-in) or `sink_drv`
%% (benchmarks/peer/sink_drv.c on erl, loaded from DRIVER_DIR with erl_ddll,
%% which ling does not have). Both count commands and bytes and answer
%% port_control(Port, 0, _) with "Commands Bytes".
%%
%% Results go out through erlang:display, one tuple a line:
%%   {idle_process_info_bytes, Bytes}   process_info(self(), memory), fresh
%%   {idle_rss, Processes, Bytes}       resident memory grown by Processes
%%                                      processes waiting in receive
%%   {spawn, Processes, Nanoseconds}    spawn_monitor + exit + 'DOWN'
%%   {ring, Processes, Hops, Nanoseconds}
%%   {port, Senders, Bytes, Commands, Nanoseconds}
%% Every count is checked (each 'DOWN' came, the ring's members forwarded
%% the token exactly Hops times, the driver counted every command and byte
%% sent); a failed check displays {check_failed, ...} and halts with 1.
-module(processes_ports).
-export([main/1]).

main([Size, Driver | DriverDir]) ->
    ok = load_driver(Driver, DriverDir),
    #{idle := Idle, spawn := {Batch, Rounds}, ring := {Members, Hops},
      port := {Senders, Bytes, Commands, PortRounds}} = sizes(list_to_atom(Size)),
    idle_memory(Idle),
    spawn_exit(Batch, Rounds),
    ring(Members, Hops),
    [port_senders(Driver, N, S, Commands, PortRounds) || N <- Senders, S <- Bytes],
    erlang:halt(0).

%% Idle processes; spawn batch and rounds; ring members and hops; senders,
%% command sizes, commands per round (shared by the senders) and rounds.
sizes(full) ->
    #{idle => 100000, spawn => {10000, 10}, ring => {1000, 1000000},
      port => {[1, 2, 4, 8, 16, 64], [8, 64, 1024], 200000, 3}};
sizes(smoke) ->
    #{idle => 1000, spawn => {200, 2}, ring => {10, 1000},
      port => {[1, 2, 4, 8, 16, 64], [8, 64, 1024], 640, 1}}.

load_driver(_Driver, []) -> ok;
load_driver(Driver, [Dir]) -> erl_ddll:load_driver(Dir, Driver).

check(_What, Value, Value) -> ok;
check(What, Expected, Actual) ->
    erlang:display({check_failed, What, expected, Expected, got, Actual}),
    erlang:halt(1).

now_ns() -> erlang:monotonic_time(nanosecond).

%% --- Idle process memory

%% Two figures. What the VM says of a fresh process (asked by the process
%% itself: ling answers process_info(Pid, memory) only for the caller). And
%% what N idle processes cost the OS process: resident memory before and
%% after, the processes spawned as a chain (each spawns the next) so that
%% no list of N pids grows the measuring process's heap.
idle_memory(N) ->
    Self = self(),
    Probe = spawn(fun() ->
                          Self ! {self(), process_info(self(), memory)},
                          receive stop -> ok end
                  end),
    {memory, Bytes} = receive {Probe, Info} -> Info end,
    Probe ! stop,
    erlang:display({idle_process_info_bytes, Bytes}),
    erlang:garbage_collect(),
    Before = rss_bytes(),
    First = spawn(fun() -> idle_chain(Self, N - 1) end),
    Last = receive {chain_ready, Pid} -> Pid end,
    erlang:garbage_collect(),
    After = rss_bytes(),
    First ! stop,
    receive {chain_stopped, Last} -> ok end,
    erlang:display({idle_rss, N, After - Before}).

%% The last process of the chain tells Host the chain is complete, and the
%% last to stop that all stopped.
idle_chain(Host, 0) ->
    Host ! {chain_ready, self()},
    receive stop -> Host ! {chain_stopped, self()} end;
idle_chain(Host, N) ->
    Next = spawn(fun() -> idle_chain(Host, N - 1) end),
    receive stop -> Next ! stop end.

%% VmRSS from /proc/self/status (in kB there).
rss_bytes() ->
    {ok, Status} = file:read_file("/proc/self/status"),
    [Line] = [L || L <- string:split(binary_to_list(Status), "\n", all),
                   lists:prefix("VmRSS:", L)],
    [_, Kb, "kB"] = string:lexemes(Line, " \t"),
    list_to_integer(Kb) * 1024.

%% --- Spawn and exit

%% Rounds batches of Batch processes that exit at once; a batch is done
%% when all its 'DOWN's (reason normal) have come.
spawn_exit(Batch, Rounds) ->
    T0 = now_ns(),
    [spawn_batch(Batch) || _ <- lists:seq(1, Rounds)],
    T1 = now_ns(),
    check(spawn_stray_messages, {message_queue_len, 0},
          process_info(self(), message_queue_len)),
    erlang:display({spawn, Batch * Rounds, T1 - T0}).

spawn_batch(N) ->
    [spawn_monitor(fun() -> ok end) || _ <- lists:seq(1, N)],
    await_downs(N).

await_downs(0) -> ok;
await_downs(N) ->
    receive {'DOWN', _, process, _, normal} -> await_downs(N - 1) end.

%% --- Ring

%% A token passed Hops times round a ring of N processes; then each member
%% says how many times it passed the token on, which must sum to Hops.
ring(N, Hops) ->
    Self = self(),
    Members = [spawn(fun() -> ring_member(Self) end) || _ <- lists:seq(1, N)],
    [M ! {next, Next} || {M, Next} <- lists:zip(Members, tl(Members) ++ [hd(Members)])],
    T0 = now_ns(),
    hd(Members) ! Hops,
    receive token_home -> ok end,
    T1 = now_ns(),
    [M ! {count, Self} || M <- Members],
    Passed = lists:sum([receive {passed, M, Count} -> Count end || M <- Members]),
    check(ring_hops, Hops, Passed),
    erlang:display({ring, N, Hops, T1 - T0}).

ring_member(Host) ->
    receive {next, Next} -> ring_forward(Host, Next, 0) end.

ring_forward(Host, Next, Passed) ->
    receive
        0 ->
            Host ! token_home,
            ring_forward(Host, Next, Passed);
        Token when is_integer(Token) ->
            Next ! Token - 1,
            ring_forward(Host, Next, Passed + 1);
        {count, From} ->
            From ! {passed, self(), Passed}
    end.

%% --- N senders to one port

%% Rounds rounds, each on a new port: N senders, started together, each
%% doing Commands div N port_command calls of S bytes. The driver's counters
%% must match what was sent.
port_senders(Driver, N, S, Commands, Rounds) ->
    PerSender = Commands div N,
    Payload = list_to_binary(lists:duplicate(S, $x)),
    Ns = lists:sum([port_round(Driver, N, PerSender, Payload) || _ <- lists:seq(1, Rounds)]),
    erlang:display({port, N, S, N * PerSender * Rounds, Ns}).

port_round(Driver, N, PerSender, Payload) ->
    Port = open_port({spawn_driver, Driver}, [binary]),
    Self = self(),
    Senders = [spawn(fun() ->
                             receive go -> ok end,
                             send_loop(Port, Payload, PerSender),
                             Self ! {sent, self()}
                     end)
               || _ <- lists:seq(1, N)],
    T0 = now_ns(),
    [P ! go || P <- Senders],
    [receive {sent, P} -> ok end || P <- Senders],
    T1 = now_ns(),
    Commands = N * PerSender,
    check({port_counters, N, byte_size(Payload)},
          integer_to_list(Commands) ++ " " ++ integer_to_list(Commands * byte_size(Payload)),
          port_control(Port, 0, <<>>)),
    true = port_close(Port),
    T1 - T0.

send_loop(_Port, _Payload, 0) -> ok;
send_loop(Port, Payload, N) ->
    true = port_command(Port, Payload),
    send_loop(Port, Payload, N - 1).
