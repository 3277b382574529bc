%% Writes the installed compiler's generic opcode table, one
%% "number name arity" line each, for generic_opcodes_test.
-module(dump_opcodes).
-export([main/1]).

main([Out]) ->
    Lines = [io_lib:format("~b ~s ~b~n", [N, Name, Arity])
             || N <- lists:seq(1, 255), {Name, Arity} <- opname(N)],
    ok = file:write_file(Out, Lines),
    halt(0).

opname(N) ->
    try [beam_opcodes:opname(N)] catch error:_ -> [] end.
