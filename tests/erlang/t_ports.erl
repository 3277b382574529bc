%% Ports from Erlang beyond open_port and port_command: port_close,
%% port_connect, port_control and port_call (badarg on spawn ports),
%% port_info/1,2, the message protocol ({Pid, {command, D}}, {Pid, close},
%% {Pid, {connect, New}}), links and monitors of ports, exit signals from
%% ports, and badarg for closed ports and bad arguments; commands of every
%% shape of iodata reach the port as the iolist's bytes, also when their
%% sender collects its heap and exits before the port writes them.
%%
%% Each case runs in a fresh process (trap_exit as it says) and reports to
%% main, which prints; ports, pids, references and OS pids are never
%% printed, only compared.
-module(t_ports).
-export([main/0]).

-include("corpus.hrl").

main() ->
    close_and_closed_port(),
    info_items(),
    message_protocol(),
    connect(),
    links(),
    exits_from_ports(),
    monitors(),
    other_process_commands(),
    control_and_call(),
    other_messages_untouched(),
    iodata_commands(),
    busy_port_kill(),
    registered_port(),
    %% The port busy_port_kill leaves queued output for is closed: nothing
    %% to flush. (erl's halt/1 would wait for the queue to drain.)
    ?SHOW(halt_bad_options, [?CATCH(erlang:halt(0, id(O))) || O <- [[bad], [{flush, 1}], x]]),
    erlang:halt(0, [{flush, false}]).

%% A port registered under a name: whereis, sends to the name, the infos,
%% and the name gone with the port.
registered_port() ->
    run(registered_port, false,
        fun() ->
                P = cat(),
                R = [register(t_ports_cat, P),
                     whereis(t_ports_cat) =:= P,
                     lists:member(t_ports_cat, registered()),
                     erlang:port_info(P, registered_name),
                     hd(erlang:port_info(P)),
                     erlang:port_info(t_ports_cat, name),
                     ?CATCH(register(t_ports_other, P)),
                     ?CATCH(register(t_ports_cat, self()))],
                t_ports_cat ! {self(), {command, "by name\n"}},
                Data = receive {P, {data, D}} -> D end,
                true = port_command(t_ports_cat, "again\n"),
                Again = receive {P, {data, D2}} -> D2 end,
                Ref = monitor(port, t_ports_cat),
                Monitors = process_info(self(), monitors),
                port_close(P),
                Down = receive {'DOWN', Ref, port, Obj, Why} -> {Obj, Why} end,
                R ++ [Data, Again, Monitors, Down, whereis(t_ports_cat),
                      ?CATCH(t_ports_cat ! x), lists:member(t_ports_cat, registered())]
        end).

%% A process suspended on a busy port (a command that never reads its
%% input) can be killed: it dies with `killed`, and the port stays open.
busy_port_kill() ->
    Self = self(),
    Port = open_port({spawn, "sleep 10"}, [binary]),
    Bin = binary:copy(<<7>>, 65536),
    Sender = spawn(fun() -> Self ! started, send_for_ever(Port, Bin) end),
    receive started -> ok end,
    Ref = monitor(process, Sender),
    ?SHOW(busy_sender, wait_for_status(Sender, suspended, 500)),
    exit(Sender, kill),
    ?SHOW(busy_sender_down, receive {'DOWN', Ref, process, Sender, R} -> R end),
    ?SHOW(busy_port_open, is_list(erlang:port_info(Port))),
    ?SHOW(busy_port_close, port_close(Port)).

send_for_ever(Port, Bin) ->
    port_command(Port, Bin),
    send_for_ever(Port, Bin).

%% The process's status once it is Status (polled every 10 ms, Tries times).
wait_for_status(Pid, _Status, 0) -> process_info(Pid, status);
wait_for_status(Pid, Status, Tries) ->
    case process_info(Pid, status) of
        {status, Status} = S -> S;
        _ -> receive after 10 -> wait_for_status(Pid, Status, Tries - 1) end
    end.

%% Runs Fun in a new process, trapping exits or not; prints what it returns.
run(Tag, Trap, Fun) ->
    Me = self(),
    {Pid, Ref} = spawn_monitor(fun() ->
                                       process_flag(trap_exit, Trap),
                                       Me ! {self(), Fun()}
                               end),
    receive
        {Pid, Result} -> ?SHOW(Tag, Result)
    end,
    receive
        {'DOWN', Ref, process, Pid, _} -> ok
    end.

%% The messages that came (none after a quiet 200 ms), with Port shown as
%% the atom port.
messages(Port) ->
    receive
        M -> [hide(Port, M) | messages(Port)]
    after 200 -> []
    end.

hide(Port, Port) -> port;
hide(Port, T) when is_tuple(T) -> list_to_tuple(hide(Port, tuple_to_list(T)));
hide(Port, [H | T]) -> [hide(Port, H) | hide(Port, T)];
hide(_, X) when is_reference(X) -> ref;
hide(_, X) when is_pid(X) -> pid;
hide(_, X) -> X.

cat() -> open_port({spawn, "cat"}, []).

echo(Port, Data) ->
    true = port_command(Port, Data),
    receive {Port, {data, D}} -> D end.

close_and_closed_port() ->
    run(close, true,
        fun() ->
                P = cat(),
                Closed = port_close(P),
                [Closed,
                 erlang:port_info(P),
                 erlang:port_info(P, name),
                 erlang:port_info(P, no_such_item),
                 ?CATCH(port_command(P, "x")),
                 ?CATCH(port_command(P, "x", [nosuspend])),
                 ?CATCH(port_close(P)),
                 ?CATCH(port_connect(P, self())),
                 ?CATCH(port_control(P, 1, "")),
                 ?CATCH(erlang:port_call(P, 1, x)),
                 lists:member(P, erlang:ports()),
                 messages(P)]
        end),
    run(close_not_trapping, false,
        fun() ->
                P = cat(),
                [port_close(P), erlang:port_info(P), messages(P)]
        end).

info_items() ->
    run(info, false,
        fun() ->
                P = cat(),
                Self = self(),
                "hello\n" = echo(P, "hello\n"),
                {os_pid, OsPid} = erlang:port_info(P, os_pid),
                {id, Id} = erlang:port_info(P, id),
                {memory, Memory} = erlang:port_info(P, memory),
                All = erlang:port_info(P),
                R = [[K || {K, _} <- All],
                     lists:keyfind(name, 1, All),
                     lists:keyfind(connected, 1, All) =:= {connected, Self},
                     erlang:port_info(P, name),
                     erlang:port_info(P, connected) =:= {connected, Self},
                     erlang:port_info(P, links) =:= {links, [Self]},
                     is_integer(OsPid), OsPid > 0, is_integer(Id), is_integer(Memory),
                     erlang:port_info(P, input),
                     erlang:port_info(P, output),
                     erlang:port_info(P, queue_size),
                     erlang:port_info(P, registered_name),
                     erlang:port_info(P, monitors),
                     erlang:port_info(P, monitored_by),
                     erlang:port_info(P, parallelism),
                     erlang:port_info(P, locking),
                     ?CATCH(erlang:port_info(P, no_such_item)),
                     ?CATCH(erlang:port_info(P, 42)),
                     ?CATCH(erlang:port_info(P, busy_limits_port)),
                     ?CATCH(erlang:port_info(self())),
                     ?CATCH(erlang:port_info(self(), name)),
                     ?CATCH(erlang:port_info(42)),
                     ?CATCH(erlang:port_info(no_such_name)),
                     ?CATCH(erlang:port_info(no_such_name, name))],
                port_close(P),
                Exe = open_port({spawn_executable, "/bin/cat"}, [{args, ["-u"]}]),
                Sh = open_port({spawn, "sh -c 'cat'"}, [binary]),
                R ++ [erlang:port_info(Exe, name), erlang:port_info(Sh, name)]
        end).

message_protocol() ->
    run(protocol_command, false,
        fun() ->
                P = cat(),
                P ! {self(), {command, "ping\n"}},
                P ! {self(), {command, [<<"io">>, $l, ["ist\n"]]}},
                R = collect(P, length("ping\niolist\n")),
                port_close(P),
                R
        end),
    run(protocol_close_trapping, true,
        fun() ->
                P = cat(),
                P ! {self(), close},
                [receive M1 -> hide(P, M1) end,
                 receive M2 -> hide(P, M2) end,
                 erlang:port_info(P)]
        end),
    run(protocol_close, false,
        fun() ->
                P = cat(),
                P ! {self(), close},
                [receive M -> hide(P, M) end, erlang:port_info(P), messages(P)]
        end).

%% A process that forwards what it gets to Parent, N times, then waits for
%% stop (a port it owns closes when it ends).
forwarder(Parent, 0) ->
    Parent ! forwarder_done,
    receive stop -> ok end;
forwarder(Parent, N) ->
    receive M -> Parent ! {forwarded, M} end,
    forwarder(Parent, N - 1).

connect() ->
    run(protocol_connect, false,
        fun() ->
                Me = self(),
                Other = spawn(fun() -> forwarder(Me, 1) end),
                P = open_port({spawn, "cat"}, [binary]),
                P ! {self(), {connect, Other}},
                Connected = receive {P, connected} -> connected end,
                R = [Connected,
                     erlang:port_info(P, connected) =:= {connected, Other},
                     erlang:port_info(P, links) =:= {links, [Me]},
                     port_command(P, "abc"),
                     receive {forwarded, {P, {data, D}}} -> D end,
                     receive forwarder_done -> done end],
                port_close(P),
                Other ! stop,
                R
        end),
    run(port_connect, false,
        fun() ->
                Me = self(),
                Other = spawn(fun() -> forwarder(Me, 1) end),
                P = cat(),
                R = [port_connect(P, Other),
                     erlang:port_info(P, connected) =:= {connected, Other},
                     begin
                         {links, L} = erlang:port_info(P, links),
                         lists:sort(L) =:= lists:sort([Me, Other])
                     end,
                     echo_to_other(P, "to the other\n"),
                     unlink(P),
                     erlang:port_info(P, links) =:= {links, [Other]},
                     ?CATCH(port_connect(P, not_a_pid)),
                     ?CATCH(port_connect(P, P)),
                     ?CATCH(port_connect(not_a_port, self())),
                     messages(P)],
                port_close(P),
                Other ! stop,
                R
        end).

echo_to_other(P, Data) ->
    true = port_command(P, Data),
    receive {forwarded, {P, {data, D}}} -> receive forwarder_done -> D end end.

links() ->
    run(links, true,
        fun() ->
                P = cat(),
                Self = self(),
                R = [unlink(P),
                     erlang:port_info(P, links),
                     link(P),
                     erlang:port_info(P, links) =:= {links, [Self]},
                     link(P),
                     erlang:port_info(P, links) =:= {links, [Self]},
                     ?CATCH(link(not_a_port))],
                port_close(P),
                R ++ [messages(P)]
        end),
    run(link_closed_trapping, true,
        fun() ->
                P = cat(),
                port_close(P),
                [receive {'EXIT', P, normal} -> closed_exit end,
                 link(P),
                 messages(P)]
        end),
    run(link_closed, false,
        fun() ->
                P = cat(),
                unlink(P),
                port_close(P),
                [?CATCH(link(P)), unlink(P), messages(P)]
        end).

exits_from_ports() ->
    run(exit_signal_trapping, true,
        fun() ->
                P1 = cat(),
                exit(P1, boom),
                P2 = cat(),
                exit(P2, kill),
                P3 = cat(),
                exit(P3, normal),
                R = [receive {'EXIT', P1, W1} -> W1 end,
                     receive {'EXIT', P2, W2} -> W2 end,
                     %% From the owner, normal too closes the port.
                     erlang:port_info(P3, name),
                     messages(P3)],
                R
        end),
    run(program_exits, true,
        fun() ->
                P1 = open_port({spawn, "sh -c 'exit 3'"}, [exit_status]),
                R1 = [receive M1 -> hide(P1, M1) end, receive M2 -> hide(P1, M2) end],
                P2 = open_port({spawn, "sh -c 'exit 3'"}, []),
                R2 = receive M3 -> hide(P2, M3) end,
                P3 = open_port({spawn, "sh -c 'echo out; exit 0'"}, [exit_status]),
                R3 = [receive M4 -> hide(P3, M4) end || _ <- [1, 2, 3]],
                [R1, R2, R3, erlang:port_info(P1)]
        end),
    run(badsig, true,
        fun() ->
                P1 = cat(),
                Stranger = spawn(fun() -> P1 ! {self(), close} end),
                R1 = receive {'EXIT', P1, W1} -> W1 end,
                P2 = cat(),
                P2 ! {self(), no_such_request},
                R2 = receive {'EXIT', P2, W2} -> W2 end,
                P3 = cat(),
                P3 ! not_a_request,
                R3 = receive {'EXIT', P3, W3} -> W3 end,
                [is_pid(Stranger), R1, R2, R3]
        end),
    run(linked_process_dies, true,
        fun() ->
                Me = self(),
                {Pid, Ref} = spawn_monitor(fun() ->
                                                   P = cat(),
                                                   Me ! {port, P},
                                                   receive never -> ok end
                                           end),
                P = receive {port, Port} -> Port end,
                exit(P, boom),
                [receive {'DOWN', Ref, process, Pid, Why} -> Why end, erlang:port_info(P)]
        end).

monitors() ->
    run(monitor, false,
        fun() ->
                P = cat(),
                Self = self(),
                Ref = monitor(port, P),
                R = [erlang:port_info(P, monitored_by) =:= {monitored_by, [Self]},
                     process_info(self(), monitors) =:= {monitors, [{port, P}]},
                     port_close(P),
                     receive {'DOWN', Ref, port, P, Why} -> Why end],
                Ref2 = monitor(port, P),
                R2 = receive {'DOWN', Ref2, port, P, Why2} -> Why2 end,
                P3 = cat(),
                Ref3 = monitor(port, P3),
                R3 = [demonitor(Ref3), erlang:port_info(P3, monitored_by)],
                Ref4 = monitor(port, P3),
                unlink(P3),
                exit(P3, kill),
                R4 = receive {'DOWN', Ref4, port, P3, Why4} -> Why4 end,
                Ref5 = monitor(port, no_such_port),
                R5 = receive {'DOWN', Ref5, port, Obj5, Why5} -> {Obj5, Why5} end,
                Ref6 = monitor(port, {no_such_port, node()}),
                R6 = receive {'DOWN', Ref6, port, Obj6, Why6} -> {Obj6, Why6} end,
                R ++ [R2, R3, R4, R5, R6,
                      ?CATCH(monitor(port, self())),
                      ?CATCH(monitor(port, {no_such_port, 'other@node'})),
                      ?CATCH(monitor(process, cat())),
                      messages(P3)]
        end).

other_process_commands() ->
    run(other_process, true,
        fun() ->
                Me = self(),
                P = cat(),
                spawn(fun() ->
                              Me ! {command, port_command(P, "from another\n")},
                              Me ! {command3, port_command(P, "and again\n", [])},
                              Me ! {info, erlang:port_info(P, connected) =:= {connected, Me}}
                      end),
                R = [receive {command, C} -> C end,
                     receive {command3, C3} -> C3 end,
                     receive {info, I} -> I end,
                     %% cat may pass the two lines on in one read or two.
                     collect(P, length("from another\nand again\n"))],
                spawn(fun() -> Me ! {close, port_close(P)} end),
                R ++ [receive {close, Closed} -> Closed end,
                      receive {'EXIT', P, Why} -> Why end]
        end).

collect(_, 0) -> [];
collect(P, N) -> receive {P, {data, D}} -> D ++ collect(P, N - length(D)) end.

control_and_call() ->
    run(control_and_call, false,
        fun() ->
                P = cat(),
                R = [?CATCH(port_control(P, 1, "x")),
                     ?CATCH(port_control(P, 0, <<>>)),
                     ?CATCH(port_control(P, -1, "")),
                     ?CATCH(port_control(P, 1 bsl 32, "")),
                     ?CATCH(port_control(P, 1, not_iodata)),
                     ?CATCH(port_control(not_a_port, 1, "")),
                     ?CATCH(port_control(self(), 1, "")),
                     ?CATCH(erlang:port_call(P, 1, x)),
                     ?CATCH(erlang:port_call(P, x)),
                     ?CATCH(erlang:port_call(P, -1, x)),
                     ?CATCH(port_close(not_a_port)),
                     ?CATCH(port_close(self())),
                     ?CATCH(port_close(42)),
                     %% The port is still there, and still works.
                     echo(P, "still here\n")],
                port_close(P),
                R
        end).

%% Waiting for a port's answer takes only that answer out of the mailbox.
other_messages_untouched() ->
    run(mailbox, false,
        fun() ->
                P = cat(),
                self() ! first,
                self() ! {make_ref(), not_the_answer},
                Info = erlang:port_info(P, name),
                Closed = port_close(P),
                [Info, Closed, messages(P)]
        end).

%% Every shape of iodata (large and small binaries, aligned and unaligned
%% slices, nested and improper lists, bytes) reaches cat as its bytes; then
%% a sender that collects and exits at once: what it sent still arrives.
iodata_commands() ->
    run(iodata, false,
        fun() ->
                P = open_port({spawn, "cat"}, [binary]),
                Big = list_to_binary([lists:seq(0, 255) || _ <- lists:seq(1, 8)]),
                <<_:3, Odd:300/binary, _/bitstring>> = Big,
                <<_:100/binary, Slice:600/binary, _/binary>> = Big,
                Small = <<"small">>,
                Shapes = [Big,
                          Small,
                          Odd,
                          Slice,
                          [1, Small, [Big, [2, 3 | Slice]], [] | Odd],
                          [[[[Slice]]], "abc", <<>>, Big | <<"t">>],
                          [binary:part(Big, 1, 70), binary:part(Big, 500, 300)]],
                Same = [begin
                            true = port_command(P, S),
                            Want = iolist_to_binary(S),
                            Want =:= collect_binary(P, byte_size(Want))
                        end || S <- Shapes],
                Me = self(),
                Parts = [binary:copy(Big, 4), "list", Big],
                spawn(fun() ->
                              true = port_command(P, Parts),
                              garbage_collect(),
                              Me ! sent
                      end),
                receive sent -> ok end,
                Want = iolist_to_binary(Parts),
                After = Want =:= collect_binary(P, byte_size(Want)),
                %% (erl takes bitstrings that are not whole bytes, ling
                %% refuses them: not compared here.)
                Bad = [?CATCH(port_command(P, [1 | 2])),
                       ?CATCH(port_command(P, [256])),
                       ?CATCH(port_command(P, [Big | a]))],
                port_close(P),
                [Same, After, Bad]
        end).

collect_binary(_, 0) -> <<>>;
collect_binary(P, N) ->
    receive {P, {data, D}} -> <<D/binary, (collect_binary(P, N - byte_size(D)))/binary>> end.
