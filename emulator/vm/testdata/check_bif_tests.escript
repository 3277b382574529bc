#!/usr/bin/env escript
%% -*- erlang -*-
%% Checks the BIF tests' expectations against erl: every
%%   EXPECT_EQ(Call("[Mod:]Name(Args)"), Erl("Term"))   or
%%   EXPECT_EQ(Call("[Mod:]Name(Args)"), "text")
%% in the given C++ files is evaluated here (the module is erlang by default)
%% and erl's result, written with ~w (or Class:Reason with ~w), is compared
%% with the expectation. Prints the ones that differ and how many matched.
%%   emulator/vm/testdata/check_bif_tests.escript emulator/vm/bif_*_test.cc

main(Files) ->
    Results = lists:append([check_file(F) || F <- Files]),
    Bad = [R || {bad, _} = R <- Results],
    [io:format("~ts~n", [Text]) || {bad, Text} <- Bad],
    io:format("~b checked, ~b differ~n", [length(Results), length(Bad)]),
    halt(case Bad of [] -> 0; _ -> 1 end).

-define(LITS, "(?:\\s*(?:R\"\\((?:.*?)\\)\"|\"(?:[^\"\\\\]|\\\\.)*\"))+").

check_file(File) ->
    {ok, Src} = file:read_file(File),
    Re = "EXPECT_EQ\\(\\s*Call\\((" ?LITS ")\\s*\\)\\s*,\\s*(?:Erl\\((" ?LITS
         ")\\s*\\)|(" ?LITS "))\\s*\\)",
    case re:run(Src, Re, [global, dotall, {capture, all, index}]) of
        nomatch -> [];
        {match, Ms} -> [check(File, Src, M) || M <- Ms]
    end.

check(File, Src, [{Start, _}, CallPos | Expected]) ->
    Line = length(binary:matches(binary:part(Src, 0, Start), <<"\n">>)) + 1,
    Call = cxx_string(part(Src, CallPos)),
    Want = case Expected of
               [TermPos] -> write(eval(scan(cxx_string(part(Src, TermPos)))));
               [{-1, 0}, TextPos] -> cxx_string(part(Src, TextPos))
           end,
    Got = case apply_call(scan(Call)) of
              {ok, V} -> write(V);
              {C, R} -> lists:flatten(io_lib:format("~w:~w", [C, R]))
          end,
    case Got =:= Want of
        true -> ok;
        false ->
            {bad, io_lib:format("~ts:~b: ~ts~n  expected ~ts~n  erl gives ~ts",
                                [File, Line, Call, Want, Got])}
    end.

part(Src, {Pos, Len}) -> binary:part(Src, Pos, Len).

write(V) -> lists:flatten(io_lib:format("~w", [V])).

%% The characters of adjacent C++ string literals (plain ones with the
%% usual escapes, or raw R"(...)").
cxx_string(Lits) ->
    {match, Parts} = re:run(Lits, "R\"\\((.*?)\\)\"|\"((?:[^\"\\\\]|\\\\.)*)\"",
                            [global, dotall, {capture, all_but_first, binary}]),
    Bytes = lists:append([case P of
                              [Raw] -> binary_to_list(Raw);
                              [<<>>, Plain] -> unescape(binary_to_list(Plain))
                          end || P <- Parts]),
    unicode:characters_to_list(list_to_binary(Bytes)).

unescape([$\\, $n | T]) -> [$\n | unescape(T)];
unescape([$\\, $t | T]) -> [$\t | unescape(T)];
unescape([$\\, C | T]) -> [C | unescape(T)];
unescape([C | T]) -> [C | unescape(T)];
unescape([]) -> [].

%% [Module:]Name(Args): the arguments evaluated, then the function applied
%% (not erl_eval's call, which treats some BIFs, such as is_record, itself).
apply_call(Toks) ->
    {M, F, ArgToks} = case Toks of
                          [{atom, _, M0}, {':', _}, {atom, _, F0}, {'(', L} | Rest] ->
                              {M0, F0, [{'[', L} | Rest]};
                          [{atom, _, F0}, {'(', L} | Rest] ->
                              {erlang, F0, [{'[', L} | Rest]}
                      end,
    [{')', R} | RevArgs] = lists:reverse(ArgToks),
    Args = eval(lists:reverse([{']', R} | RevArgs])),
    try {ok, apply(M, F, Args)} catch C:Reason -> {C, Reason} end.

scan(Text) ->
    {ok, Toks, _} = erl_scan:string(Text),
    Toks.

eval(Toks) ->
    {ok, Exprs} = erl_parse:parse_exprs(Toks ++ [{dot, 1}]),
    {value, V, _} = erl_eval:exprs(Exprs, []),
    V.
