%% Writes the functions erl's is_builtin/3 calls builtins among the exports
%% of the modules the BIF tables name, one "module name arity" line each,
%% for bif_code_test.
-module(dump_builtins).
-export([main/1]).

modules() ->
    [binary, erlang, erts_debug, erts_internal, ets, file, io, lists, maps, math, net_kernel, os,
     persistent_term, prim_buffer, prim_file, string, unicode, zlib].

main([Out]) ->
    Lines = [io_lib:format("~s ~s ~b~n", [M, F, A])
             || M <- modules(), {module, _} <- [code:ensure_loaded(M)],
                {F, A} <- M:module_info(exports), erlang:is_builtin(M, F, A)],
    ok = file:write_file(Out, [io_lib:format("~s~n", [M]) || M <- modules()] ++ ["--\n" | Lines]),
    halt(0).
