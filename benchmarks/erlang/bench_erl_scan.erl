%% erl_scan:string over about 200 KB of Erlang source: a tokenizer in
%% Erlang, character by character. The source is generated here (the VMs
%% may lack file I/O) once per run, outside the loop; it mixes what real
%% modules hold: attributes, comments, strings, atoms, numbers, maps,
%% binaries and funs.
-module(bench_erl_scan).
-export([run/1, source/0]).

run(N) ->
    Source = source(),
    loop(N, Source, 0).

loop(0, _, Last) -> Last;
loop(N, Source, _) ->
    {ok, Tokens, EndLine} = erl_scan:string(Source),
    loop(N - 1, Source, length(Tokens) + EndLine).

source() ->
    lists:flatten(["-module(generated).\n-export([", exports(400), "]).\n\n",
                   [function(I) || I <- lists:seq(1, 400)]]).

exports(N) -> lists:join(", ", ["f" ++ integer_to_list(I) ++ "/2" || I <- lists:seq(1, N)]).

function(I) ->
    Name = "f" ++ integer_to_list(I),
    ["%% ", Name, ": clause ", integer_to_list(I rem 7), " of a generated module.\n",
     Name, "(#{key := Value, 'quoted atom' := _} = Map, [H | T]) when is_integer(H), H > ",
     integer_to_list(I), " ->\n",
     "    Bin = <<H:16/little, ", integer_to_list(I * 31), ":32, \"text ", integer_to_list(I), "\">>,\n",
     "    F = fun(X) -> X * ", integer_to_list(I), ".5e-3 + 16#", integer_to_list(I, 16), " end,\n",
     "    case lists:keyfind(", Name, ", 1, T) of\n",
     "        {_, V} -> {ok, Map#{value => V, bin => Bin}};\n",
     "        false -> {error, [F(Value), $a, \"string with \\\"escapes\\\"\\n\"]}\n",
     "    end;\n",
     Name, "(_, _) ->\n    undefined.\n\n"].
