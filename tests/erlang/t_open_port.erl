%% open_port's port names and options from Erlang: {packet, N}, {line, L},
%% stream, exit_status, eof, {env, ...}, {cd, ...}, nouse_stdio, {args,
%% ...} and {arg0, ...}, {fd, In, Out}, {spawn_driver, Name}, and
%% port_command's force; the messages each gives ({data, D}, {eol, L},
%% {noeol, L}, {exit_status, S}, eof, closed). Ports and OS pids are never
%% printed.
-module(t_open_port).
-export([main/0]).

-include("corpus.hrl").

main() ->
    %% A port's end is an exit signal to its owner: the last thing it sends.
    process_flag(trap_exit, true),
    packets(),
    lines(),
    exit_status_and_eof(),
    environment(),
    directory(),
    descriptors(),
    executables(),
    drivers(),
    erlang:halt(0).

%% Every message from Port until its end (or eof), the port hidden.
drain(Port) ->
    receive
        {Port, eof} -> [eof];
        {Port, Msg} -> [Msg | drain(Port)];
        {'EXIT', Port, Reason} -> [{exit, Reason}]
    after 5000 -> [timeout]
    end.

%% {packet, N}: each command goes out with an N-byte length header, and cat
%% sends it back, so each reply is one whole packet however the pipe splits
%% it.
packets() ->
    [begin
         P = open_port({spawn, "cat"}, [{packet, N}, binary]),
         true = port_command(P, <<"hello">>),
         true = port_command(P, [<<"split ">>, "into", [$\s, <<"pieces">>]]),
         true = port_command(P, <<>>),
         Big = binary:copy(<<"x">>, 255),
         true = port_command(P, Big),
         Got = [receive {P, {data, D}} -> D end || _ <- [1, 2, 3, 4]],
         port_close(P),
         ?SHOW({packet, N}, [byte_size(B) || B <- Got] =:= [5, 17, 0, 255]
                            andalso hd(Got) =:= <<"hello">>
                            andalso lists:nth(4, Got) =:= Big)
     end || N <- [1, 2, 4]],
    %% A packet over the header's limit cannot be sent: the command is
    %% taken, and the port ends.
    P1 = open_port({spawn, "cat"}, [{packet, 1}]),
    ?SHOW(packet_too_big, port_command(P1, binary:copy(<<"x">>, 256))),
    ?SHOW(packet_too_big_exit, drain(P1)),
    ?SHOW(packet_bad, [?CATCH(open_port({spawn, "cat"}, [id(O)]))
                       || O <- [{packet, 3}, {packet, -1}, {packet, a}]]).

%% {line, L}: whole lines as {eol, Line}; a longer one in pieces of L as
%% {noeol, Piece}, its end as {eol, Rest}; an unterminated last line as
%% {noeol, Rest}.
lines() ->
    P = open_port({spawn, "printf 'ab\\ncdefgh\\n\\nlast'"}, [{line, 4}, exit_status]),
    ?SHOW(lines, drain(P)),
    Pb = open_port({spawn, "printf 'one\\ntwo\\n'"}, [{line, 80}, binary, exit_status]),
    ?SHOW(lines_binary, drain(Pb)),
    ?SHOW(line_bad, [?CATCH(open_port({spawn, "cat"}, [id(O)]))
                     || O <- [{line, 0}, {line, a}]]).

exit_status_and_eof() ->
    %% exit_status: after the data, {exit_status, S}, then the port closes.
    P = open_port({spawn, "sh -c 'echo out; exit 3'"}, [exit_status, stream]),
    ?SHOW(exit_status, drain(P)),
    %% eof: the end of the output is a message and the port stays open
    %% until closed.
    Pe = open_port({spawn, "echo bye"}, [eof]),
    ?SHOW(eof, drain(Pe)),
    ?SHOW(eof_port_open, is_list(erlang:port_info(Pe))),
    ?SHOW(eof_close, port_close(Pe)),
    ?SHOW(eof_closed_exit, drain(Pe)),
    %% Without eof, the end of the output closes the port.
    ?SHOW(no_eof, drain(open_port({spawn, "echo gone"}, []))).

%% {env, [{Name, Value | false}]}: set and unset in the child.
environment() ->
    os:putenv("T_OPEN_PORT_UNSET", "still here"),
    P = open_port({spawn, "sh -c 'echo \"$T_OPEN_PORT_A|${T_OPEN_PORT_UNSET-unset}\"'"},
                  [{env, [{"T_OPEN_PORT_A", "set"}, {"T_OPEN_PORT_UNSET", false}]},
                   exit_status]),
    ?SHOW(env, drain(P)),
    ?SHOW(env_bad, [?CATCH(open_port({spawn, "true"}, [{env, id(E)}]))
                    || E <- [a, [a], [{"A", 1}], [{1, "B"}]]]).

%% {cd, Dir}: the child's working directory.
directory() ->
    P = open_port({spawn_executable, "/bin/pwd"}, [{cd, "/"}, exit_status]),
    ?SHOW(cd, drain(P)),
    P2 = open_port({spawn, "pwd"}, [{cd, "/usr"}, exit_status]),
    ?SHOW(cd_spawn, drain(P2)).

%% nouse_stdio: the child writes to descriptor 4 and reads 3. {fd, In,
%% Out}: a port on descriptors the VM has (here standard error: when it
%% writes is the port's affair, so not on the output compared).
descriptors() ->
    P = open_port({spawn, "sh -c 'echo on-four >&4'"}, [nouse_stdio, exit_status]),
    ?SHOW(nouse_stdio, drain(P)),
    Fd = open_port({fd, 0, 2}, [out]),
    ?SHOW(fd_command, port_command(Fd, "written by an fd port\n")),
    ?SHOW(fd_bad, [?CATCH(open_port({fd, id(A), id(B)}, []))
                   || {A, B} <- [{-1, 1}, {0, -1}, {1 bsl 40, 1}, {a, 1}, {0, b}, {0, 1.0}]]).

%% spawn_executable: argv as given (no shell), arg0; port_command's force.
executables() ->
    P = open_port({spawn_executable, "/bin/sh"},
                  [{args, ["-c", "echo \"$0:$1\"", "a b"]}, {arg0, "zero"}, exit_status]),
    ?SHOW(args_arg0, drain(P)),
    Cat = open_port({spawn, "cat"}, [binary]),
    %% The spawn driver cannot take a command past busy: force is notsup.
    ?SHOW(force, ?CATCH(port_command(Cat, <<"forced\n">>, [force]))),
    ?SHOW(not_forced, port_command(Cat, <<"plain\n">>, [])),
    ?SHOW(echo, receive {Cat, {data, D}} -> D end),
    port_close(Cat),
    ?SHOW(missing_executable, ?CATCH(open_port({spawn_executable, "/no/such/file"}, []))).

%% spawn_driver names a driver, never a program.
drivers() ->
    ?SHOW(no_driver, ?CATCH(open_port({spawn_driver, "no_such_driver"}, []))),
    ?SHOW(program_not_driver, ?CATCH(open_port({spawn_driver, "cat"}, []))).
