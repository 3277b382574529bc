%% Erlang processes on the runtime: what the system test runs.
-module(system_sample).
-export([halt_with_sum/1, crash/1, first/0, second/0, spin/1, same_md5/0]).
-export([ring/2, flood/2, timeouts/1, exit_storm/2]).
-export([figures/1, reverser/1, busy_resume/1]).

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

%% The running system's figures as system_info/1 and statistics/1 read
%% them while Workers processes spin on both schedulers: 1 when they add
%% up, else a code saying what did not.
figures(Workers) ->
    Self = self(),
    Pids = [spawn(fun() -> count_down(200000), Self ! {done, self()} end)
            || _ <- lists:seq(1, Workers)],
    Seen = [{erlang:system_info(process_count), erlang:statistics(total_run_queue_lengths),
             erlang:statistics(reductions)}
            || _ <- lists:seq(1, 100)],
    [receive {done, P} -> ok end || P <- Pids],
    {Reductions, _} = erlang:statistics(reductions),
    {Switches, 0} = erlang:statistics(context_switches),
    {_, _} = erlang:statistics(wall_clock),
    Counts = [C || {C, _, _} <- Seen],
    Code = if
               Reductions < Workers * 200000 -> 2;
               Switches < Workers -> 3;
               Counts =:= [] -> 4;
               true ->
                   case {erlang:system_info(schedulers), lists:max(Counts) > 1,
                         erlang:system_info(scheduler_id)} of
                       {2, true, Id} when Id =:= 1; Id =:= 2 -> 1;
                       _ -> 5
                   end
           end,
    erlang:halt(Code).

count_down(0) -> ok;
count_down(N) -> count_down(N - 1).

%% Processes exchanging messages across the schedulers. Each halts with 1
%% when what came back is what was sent, else with a code saying what not.

%% A token passed Laps times round a ring of Size processes.
ring(Size, Laps) ->
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, self(),
                        lists:seq(1, Size)),
    erlang:halt(case laps(First, Laps, 0) of Hops when Hops =:= Size * Laps -> 1; _ -> 2 end).

laps(_First, 0, Hops) -> Hops;
laps(First, Laps, Hops) ->
    First ! {token, Hops},
    receive {token, H} -> laps(First, Laps - 1, H) end.

relay(Next) ->
    receive {token, H} -> Next ! {token, H + 1}, relay(Next) end.

%% Senders each send PerSender numbered messages at once; the receiver
%% takes them sender by sender (a selective receive over a full mailbox)
%% and checks each sender's come in order.
flood(Senders, PerSender) ->
    Self = self(),
    Pids = [spawn(fun() -> [Self ! {self(), I} || I <- lists:seq(1, PerSender)] end)
            || _ <- lists:seq(1, Senders)],
    InOrder = lists:all(fun(P) -> [receive {P, I} -> I end || _ <- lists:seq(1, PerSender)]
                                      =:= lists:seq(1, PerSender) end, Pids),
    erlang:halt(case InOrder of true -> 1; false -> 2 end).

%% Workers wait with short timeouts while messages race the timers: every
%% worker answers exactly once, by message or by timeout.
timeouts(N) ->
    Self = self(),
    Pids = [spawn(fun() -> receive go -> Self ! {done, msg} after I rem 3 -> Self ! {done, timeout} end end)
            || I <- lists:seq(1, N)],
    [P ! go || P <- Pids],
    Answers = [receive {done, How} -> How end || _ <- Pids],
    Extra = receive {done, _} -> 1 after 100 -> 0 end,
    erlang:halt(case length(Answers) =:= N andalso Extra =:= 0 of true -> 1; false -> 2 end).

%% Chains of linked processes die together: each chain's end exits, the
%% exit runs down the links, and the trapping root gets one 'EXIT' per
%% chain.
exit_storm(Chains, Length) ->
    process_flag(trap_exit, true),
    Self = self(),
    [spawn_link(fun() -> chain(Length, Self) end) || _ <- lists:seq(1, Chains)],
    [receive ready -> ok end || _ <- lists:seq(1, Chains)],
    Reasons = [receive {'EXIT', _, R} -> R end || _ <- lists:seq(1, Chains)],
    erlang:halt(case lists:usort(Reasons) of [chain_end] -> 1; _ -> 2 end).

chain(0, Root) ->
    Root ! ready,
    exit(chain_end);
chain(N, Root) ->
    spawn_link(fun() -> chain(N - 1, Root) end),
    receive after infinity -> ok end.

%% With a native process: answers {From, List} with {self(), Reversed}
%% until stop; greets Native first.
reverser(Native) ->
    Native ! {hello, self()},
    reverse_loop().

reverse_loop() ->
    receive
        {From, L} when is_list(L) -> From ! {self(), lists:reverse(L)}, reverse_loop();
        stop -> ok
    end.

%% A sender suspended on a busy port resumes when the port is free again:
%% each command makes Driver's port busy, a port_control frees it. Halts
%% with 1 when the sender was suspended, then resumed, and sent both.
busy_resume(Driver) ->
    Self = self(),
    P = open_port({spawn_driver, Driver}, []),
    Sender = spawn(fun() ->
                           true = port_command(P, "one"),
                           true = port_command(P, "two"),
                           Self ! {sent, self()}
                   end),
    Suspended = wait_status(Sender, suspended, 3000),
    Early = receive {sent, Sender} -> early after 0 -> none end,
    <<>> = iolist_to_binary(port_control(P, 0, [])),
    Resumed = receive {sent, Sender} -> true after 10000 -> false end,
    erlang:halt(case {Suspended, Early, Resumed} of {true, none, true} -> 1; _ -> 2 end).

wait_status(_Pid, _Status, 0) -> false;
wait_status(Pid, Status, Tries) ->
    case process_info(Pid, status) of
        {status, Status} -> true;
        _ -> receive after 1 -> wait_status(Pid, Status, Tries - 1) end
    end.
