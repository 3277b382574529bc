%% Processes from Erlang: spawn in its forms, send and selective receive,
%% receive timeouts, links and trapped exits, monitors and DOWN messages,
%% exit signals, registered names, many processes and a ring.
%%
%% Processes that end abnormally end with exit/1, never with an error: erl
%% reports an error in a process through its logger, with a timestamp.
-module(t_processes).
-export([main/0, echo/0, adder/2, big_args/3]).

-include("corpus.hrl").

main() ->
    spawn_and_send(),
    selective_receive(),
    timeouts(),
    links(),
    monitors(),
    exit_signals(),
    names(),
    many_processes(),
    ring(),
    erlang:halt(0).

echo() ->
    receive
        {From, Msg} -> From ! {self(), Msg}, echo();
        stop -> ok
    end.

adder(A, B) ->
    receive {From, C} -> From ! {sum, A + B + C} end.

%% Sends {flood, 1}, {flood, 2}, ... every millisecond until told to stop.
flood(To, N) ->
    receive
        stop -> To ! {flood_stopped, N - 1}
    after 1 ->
        To ! {flood, N},
        flood(To, N + 1)
    end.

big_args(To, List, Tuple) ->
    garbage_collect(),
    To ! {big_args, lists:sum(List) + lists:sum(tuple_to_list(Tuple))}.

call(Pid, Msg) ->
    Pid ! {self(), Msg},
    receive {Pid, Reply} -> Reply end.

spawn_and_send() ->
    P = spawn(fun echo/0),
    ?SHOW(echo, call(P, hello)),
    ?SHOW(echo_big, call(P, {lists:seq(1, 20), <<"binary">>, #{a => 1}})),
    P ! stop,
    Q = spawn(?MODULE, adder, [1, 2]),
    Q ! {self(), 3},
    ?SHOW(adder, receive {sum, S} -> S end),
    ?SHOW(send_returns, (self() ! the_message)),
    ?SHOW(self_message, receive the_message -> got_it end),
    ?SHOW(send3, erlang:send(self(), x, [nosuspend])),
    ?SHOW(send3_msg, receive x -> x end),
    ?SHOW(is_pid, is_pid(P)),
    %% Arguments far larger than a first heap, collected before use.
    Big = lists:seq(1, 5000),
    Self = self(),
    spawn(fun() -> garbage_collect(), Self ! {fun_env, lists:sum(Big)} end),
    ?SHOW(big_fun_env, receive {fun_env, Sum1} -> Sum1 end),
    spawn(?MODULE, big_args, [Self, Big, list_to_tuple(Big)]),
    ?SHOW(big_args, receive {big_args, Sum2} -> Sum2 end),
    ?SHOW(spawn_badarg, ?CATCH(spawn(id(not_a_fun)))),
    ?SHOW(spawn3_badarg, ?CATCH(spawn(id(?MODULE), adder, id(not_a_list)))),
    ?SHOW(send_badarg, ?CATCH(id(not_registered) ! x)),
    ?SHOW(send_badarg2, ?CATCH(id(42) ! x)).

selective_receive() ->
    Self = self(),
    [Self ! {n, N} || N <- lists:seq(1, 10)],
    Self ! {special, 0},
    ?SHOW(special_first, receive {special, X} -> X end),
    Evens = [receive {n, N} when N rem 2 =:= 0 -> N end || _ <- lists:seq(1, 5)],
    ?SHOW(evens, Evens),
    ?SHOW(odds, [receive {n, N} -> N end || _ <- lists:seq(1, 5)]),
    %% Many messages in the mailbox, the one wanted last.
    [Self ! {filler, N} || N <- lists:seq(1, 2000)],
    Self ! wanted,
    ?SHOW(wanted_last, receive wanted -> yes end),
    ?SHOW(fillers, length(flush_all())),
    %% Messages from one sender arrive in order.
    P = spawn(fun() -> [Self ! {seq, N} || N <- lists:seq(1, 100)] end),
    ?SHOW(order, [receive {seq, N} -> N end || _ <- lists:seq(1, 100)] =:= lists:seq(1, 100)),
    ?SHOW(sender, is_pid(P)).

flush_all() ->
    receive M -> [M | flush_all()] after 0 -> [] end.

timeouts() ->
    ?SHOW(after_0, receive nothing -> no after 0 -> timeout end),
    ?SHOW(after_20, receive nothing -> no after 20 -> timeout end),
    Self = self(),
    spawn(fun() -> receive after 10 -> Self ! late end end),
    ?SHOW(arrives_in_time, receive late -> late after 5000 -> timeout end),
    %% A message that does not match does not end the wait.
    spawn(fun() -> Self ! noise, receive after 30 -> Self ! signal end end),
    ?SHOW(noise_kept, receive signal -> signal after 5000 -> timeout end),
    ?SHOW(noise, receive noise -> noise after 0 -> none end),
    %% Messages that keep arriving, none matching, do not put the time out
    %% off; they stay in the mailbox, in order.
    Flooder = spawn(fun() -> flood(Self, 1) end),
    ?SHOW(flooded_times_out, receive signal -> signal after 50 -> timeout end),
    Flooder ! stop,
    receive {flood_stopped, Sent} -> ok end,
    ?SHOW(flood_kept_in_order, [receive {flood, I} -> I after 0 -> missing end
                                || I <- lists:seq(1, Sent)] =:= lists:seq(1, Sent)),
    ?SHOW(flood_over, receive {flood, _} -> more after 0 -> none end),
    ?SHOW(infinity_var, receive x -> x after id(0) -> zero end),
    ?SHOW(bad_timeout, ?CATCH(receive x -> x after id(-1) -> never end)),
    ?SHOW(bad_timeout2, ?CATCH(receive x -> x after id(foo) -> never end)),
    ?SHOW(sleep, timer_sleep(15)),
    %% A receive without clauses waits its time out whatever the mailbox
    %% holds, and leaves the messages there: before it and during it.
    self() ! waiting,
    spawn(fun() -> Self ! during end),
    ?SHOW(sleep_past_messages, {timer_sleep(30), timer:sleep(10)}),
    ?SHOW(messages_kept, [receive M -> M after 0 -> none end || M <- [waiting, during]]),
    Sleeper = spawn(fun() -> Self ! self(), receive after infinity -> ok end end),
    receive Sleeper -> ok end,
    Sleeper ! wake_up_not,
    ?SHOW(sleeps_on, {receive after 20 -> ok end, erlang:is_process_alive(Sleeper)}),
    exit(Sleeper, kill).

timer_sleep(Ms) ->
    receive after Ms -> slept end.

links() ->
    process_flag(trap_exit, true),
    P = spawn_link(fun() -> exit(my_reason) end),
    ?SHOW(linked_exit, receive {'EXIT', P, R} -> R end),
    Q = spawn_link(fun() -> ok end),
    ?SHOW(linked_normal, receive {'EXIT', Q, R2} -> R2 end),
    Dead = spawn(fun() -> ok end),
    wait_dead(Dead),
    ?SHOW(link_dead_trapping, link(Dead)),
    ?SHOW(link_dead_msg, receive {'EXIT', Dead, R3} -> R3 end),
    Self = self(),
    W = spawn(fun() -> Self ! {result, catch link(Dead)} end),
    ?SHOW(link_dead_not_trapping, receive {result, {'EXIT', {Reason, _}}} -> Reason end),
    wait_dead(W),
    %% A link both ways: the child dies of its parent's exit.
    Parent = spawn(fun() ->
                       C = spawn_link(fun() -> receive after infinity -> ok end end),
                       Self ! {child, C},
                       receive go -> exit(parent_quits) end
                   end),
    C = receive {child, Child} -> Child end,
    Ref = monitor(process, C),
    Parent ! go,
    ?SHOW(child_follows, receive {'DOWN', Ref, process, C, R4} -> R4 end),
    %% unlink: no 'EXIT' afterwards.
    U = spawn_link(fun() -> receive go -> exit(unlinked) end end),
    ?SHOW(unlink, unlink(U)),
    U ! go,
    wait_dead(U),
    ?SHOW(no_exit_after_unlink, receive {'EXIT', U, _} -> got after 50 -> none end),
    ?SHOW(trap_exit_was, process_flag(trap_exit, false)),
    ?SHOW(trap_exit_now, process_flag(trap_exit, false)),
    ?SHOW(link_badarg, ?CATCH(link(id(notapid)))).

wait_dead(P) ->
    Ref = monitor(process, P),
    receive {'DOWN', Ref, process, P, _} -> ok end.

monitors() ->
    {P, Ref} = spawn_monitor(fun() -> exit(watched) end),
    ?SHOW(spawn_monitor, receive {'DOWN', Ref, process, P, R} -> R end),
    {Q, Ref2} = spawn_monitor(?MODULE, echo, []),
    Q ! stop,
    ?SHOW(spawn_monitor3, receive {'DOWN', Ref2, process, Q, R2} -> R2 end),
    Ref3 = monitor(process, Q),
    ?SHOW(monitor_dead, receive {'DOWN', Ref3, process, Q, R3} -> R3 end),
    ?SHOW(monitor_name,
          begin
              Ref4 = monitor(process, no_such_name),
              receive {'DOWN', Ref4, process, Obj, R4} -> {Obj, R4} end
          end),
    %% By registered name (also as {Name, Node}): process_info and the
    %% 'DOWN' name the name, not the pid.
    Named = spawn(fun echo/0),
    true = register(t_processes_named, Named),
    RefN1 = monitor(process, t_processes_named),
    RefN2 = monitor(process, {t_processes_named, node()}),
    ?SHOW(monitors_named, process_info(self(), monitors)),
    Named ! stop,
    ?SHOW(monitor_named_down, [receive {'DOWN', RefN, process, NObj, NWhy} -> {NObj, NWhy} end
                               || RefN <- [RefN1, RefN2]]),
    ?SHOW(monitor_kind_badarg, [?CATCH(monitor(process, id(hd(erlang:ports())))),
                                ?CATCH(monitor(port, id(self())))]),
    E = spawn(fun echo/0),
    Ref5 = monitor(process, E),
    ?SHOW(demonitor, demonitor(Ref5)),
    E ! stop,
    wait_dead(E),
    ?SHOW(no_down_after_demonitor, receive {'DOWN', Ref5, _, _, _} -> got after 50 -> none end),
    F = spawn(fun() -> ok end),
    Ref6 = monitor(process, F),
    wait_dead(F),
    ?SHOW(demonitor_flush, demonitor(Ref6, [flush, info])),
    ?SHOW(flushed, receive {'DOWN', Ref6, _, _, _} -> got after 0 -> none end),
    {G, Ref7} = spawn_opt(fun() -> exit(opt) end, [monitor]),
    ?SHOW(spawn_opt_monitor, receive {'DOWN', Ref7, process, G, R7} -> R7 end),
    ?SHOW(monitor_badarg, ?CATCH(monitor(id(foo), self()))).

exit_signals() ->
    P = spawn(fun() -> receive after infinity -> ok end end),
    Ref = monitor(process, P),
    ?SHOW(exit_kill, exit(P, kill)),
    ?SHOW(killed, receive {'DOWN', Ref, process, P, R} -> R end),
    Q = spawn(fun() -> receive after infinity -> ok end end),
    Ref2 = monitor(process, Q),
    exit(Q, normal),
    ?SHOW(normal_ignored, receive {'DOWN', Ref2, _, _, _} -> died after 50 -> alive end),
    ?SHOW(alive, is_process_alive(Q)),
    exit(Q, custom),
    ?SHOW(custom, receive {'DOWN', Ref2, process, Q, R2} -> R2 end),
    ?SHOW(dead, is_process_alive(Q)),
    Self = self(),
    T = spawn(fun() ->
                  process_flag(trap_exit, true),
                  Self ! ready,
                  receive M -> Self ! {trapped, M} end
              end),
    receive ready -> ok end,
    exit(T, please_stop),
    ?SHOW(trapped, receive {trapped, {'EXIT', Self, Why}} -> Why end),
    K = spawn(fun() ->
                  process_flag(trap_exit, true),
                  Self ! ready,
                  receive after infinity -> ok end
              end),
    receive ready -> ok end,
    Ref3 = monitor(process, K),
    exit(K, kill),
    ?SHOW(kill_untrappable, receive {'DOWN', Ref3, process, K, R3} -> R3 end).

names() ->
    P = spawn(fun echo/0),
    ?SHOW(register, register(echo_server, P)),
    ?SHOW(whereis, whereis(echo_server) =:= P),
    ?SHOW(registered, lists:member(echo_server, registered())),
    echo_server ! {self(), by_name},
    ?SHOW(by_name, receive {P, M} -> M end),
    {echo_server, node()} ! {self(), by_name_node},
    ?SHOW(by_name_node, receive {P, M2} -> M2 end),
    ?SHOW(register_taken, ?CATCH(register(echo_server, self()))),
    ?SHOW(register_undefined, ?CATCH(register(undefined, self()))),
    ?SHOW(unregister, unregister(echo_server)),
    ?SHOW(whereis_gone, whereis(echo_server)),
    ?SHOW(unregister_again, ?CATCH(unregister(echo_server))),
    register(echo_server, P),
    Ref = monitor(process, P),
    echo_server ! stop,
    receive {'DOWN', Ref, _, _, _} -> ok end,
    ?SHOW(name_freed_at_exit, whereis(echo_server)),
    Dead = spawn(fun() -> ok end),
    wait_dead(Dead),
    ?SHOW(register_dead, ?CATCH(register(ghost, Dead))),
    ?SHOW(self_register, register(main_proc, self())),
    ?SHOW(self_whereis, whereis(main_proc) =:= self()),
    unregister(main_proc).

many_processes() ->
    Self = self(),
    N = 2000,
    Pids = [spawn(fun() -> Self ! {done, I, I * I} end) || I <- lists:seq(1, N)],
    Sum = lists:sum([receive {done, I, Sq} -> Sq end || I <- lists:seq(1, N)]),
    ?SHOW(squares, Sum),
    ?SHOW(all_pids, length(lists:usort(Pids))).

ring() ->
    N = 200,
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, self(),
                        lists:seq(1, N)),
    ?SHOW(ring, laps(First, 5, 0)),
    First ! stop,
    ?SHOW(ring_stopped, receive stop -> stopped end).

laps(_First, 0, Hops) -> Hops;
laps(First, Laps, Hops) ->
    First ! {token, Hops},
    receive {token, H} -> laps(First, Laps - 1, H) end.

relay(Next) ->
    receive
        {token, H} -> Next ! {token, H + 1}, relay(Next);
        stop -> Next ! stop
    end.
