%% The conversion BIFs between numbers, atoms, lists, binaries and tuples,
%% with the bases, signs and the malformed inputs a user relies on being
%% refused with badarg.
-module(t_conversions).
-export([main/0]).
-include("corpus.hrl").

main() ->
    integers(),
    floats(),
    atoms(),
    lists_and_binaries(),
    tuples(),
    round_trips(),
    erlang:halt(0).

integers() ->
    ?SHOW(integer_to_list, [integer_to_list(id(I)) || I <- [0, 7, -7, 1 bsl 64, -(1 bsl 64)]]),
    ?SHOW(integer_to_list_base, [integer_to_list(id(255), B) || B <- [2, 8, 10, 16, 36]]),
    ?SHOW(negative_base, integer_to_list(id(-255), 16)),
    ?SHOW(integer_to_binary, {integer_to_binary(id(-42)), integer_to_binary(id(255), 16),
                              integer_to_binary(id(1 bsl 70), 36)}),
    ?SHOW(list_to_integer, [list_to_integer(id(S)) || S <- ["0", "-0", "+12", "007", "-123",
                                                         "123456789012345678901234567890"]]),
    ?SHOW(list_to_integer_base, [list_to_integer(id(S), B) || {S, B} <- [{"ff", 16}, {"FF", 16},
                                                                      {"-101", 2}, {"zz", 36},
                                                                      {"777", 8}]]),
    ?SHOW(binary_to_integer, {binary_to_integer(id(<<"-99">>)), binary_to_integer(id(<<"7f">>), 16)}),
    ?SHOW(bad_integers, [?CATCH(list_to_integer(id(S))) || S <- ["", "-", "+", "1.0", "12a", " 1",
                                                              "1 ", "0x10", [$1 | x]]]),
    ?SHOW(bad_base, [?CATCH(list_to_integer(id("10"), B)) || B <- [1, 37, a]]),
    ?SHOW(digit_outside_base, ?CATCH(list_to_integer(id("19"), 8))),
    ?SHOW(bad_binary_integer, ?CATCH(binary_to_integer(id(<<"1_000">>)))),
    ?SHOW(not_integer, ?CATCH(integer_to_list(id(1.0)))).

floats() ->
    ?SHOW(float_to_list, [float_to_list(id(F)) || F <- [0.0, 1.0, -2.5, 1.0e100, 1.0e-100]]),
    ?SHOW(float_to_list_short, [float_to_list(id(F), [short]) || F <- [0.0, 1.0, -2.5, 1.0e100, 0.1]]),
    ?SHOW(float_to_list_decimals, [float_to_list(id(2.675), [{decimals, D}]) || D <- [0, 1, 2, 3, 20]]),
    ?SHOW(list_to_float, [list_to_float(id(S)) || S <- ["0.0", "-1.5", "2.5e2", "2.5E-2", "1.0e+3"]]),
    ?SHOW(float_of_integer, {float(id(10)), float(id(-1 bsl 62))}),
    ?SHOW(bad_floats, [?CATCH(list_to_float(id(S))) || S <- ["1", "1.", ".1", "1e5", "--1.0", "1.0e",
                                                          "inf", "nan"]]),
    ?SHOW(float_bad_option, ?CATCH(float_to_list(id(1.0), [{decimals, 300}]))),
    ?SHOW(not_float, ?CATCH(float_to_list(id(1)))).

atoms() ->
    ?SHOW(atom_to_list, [atom_to_list(id(A)) || A <- [a, 'B c', '', '\'']]),
    ?SHOW(list_to_atom, [list_to_atom(id(S)) || S <- ["a", "B c", "", "[]"]]),
    ?SHOW(atom_to_binary, {atom_to_binary(id(abc), utf8), atom_to_binary(id(abc), latin1)}),
    ?SHOW(binary_to_atom, {binary_to_atom(id(<<"abc">>), utf8), binary_to_atom(id(<<233>>), latin1)}),
    ?SHOW(bad_atoms, [?CATCH(list_to_atom(id(X))) || X <- [[-1], [a], <<"a">>, [16#110000]]]),
    ?SHOW(bad_utf8_atom, ?CATCH(binary_to_atom(id(<<255>>), utf8))),
    ?SHOW(not_atom, ?CATCH(atom_to_list(id("a")))).

lists_and_binaries() ->
    ?SHOW(binary_to_list, {binary_to_list(id(<<1, 2, 3>>)), binary_to_list(id(<<>>)),
                           binary_to_list(id(<<"hello">>), 2, 4)}),
    ?SHOW(list_to_binary, {list_to_binary(id([1, [2, <<3>>], "45"])), list_to_binary(id([]))}),
    ?SHOW(iolist_to_binary, iolist_to_binary(id([<<"a">>, [[$b]], "c" | <<"d">>]))),
    ?SHOW(bitstrings, {list_to_bitstring(id([<<1>>, <<1:1>>])), bitstring_to_list(id(<<1, 1:1>>))}),
    ?SHOW(characters, {unicode:characters_to_binary(id([16#e9, 16#3b1])),
                       unicode:characters_to_list(id(<<206, 177>>))}),
    ?SHOW(bad_list_to_binary, [?CATCH(list_to_binary(id(X))) || X <- [[256], [-1], [a], [1 | 2], a]]),
    ?SHOW(bad_binary_to_list, ?CATCH(binary_to_list(id("abc")))).

tuples() ->
    ?SHOW(tuple_to_list, {tuple_to_list(id({a, {b}, [c]})), tuple_to_list(id({}))}),
    ?SHOW(list_to_tuple, {list_to_tuple(id([1, 2, 3])), list_to_tuple(id([]))}),
    ?SHOW(bad_tuples, {?CATCH(tuple_to_list(id([a]))), ?CATCH(list_to_tuple(id([a | b])))}).

%% Conversions that undo each other, over many values.
round_trips() ->
    Ints = [I * I * I - 7 * I || I <- lists:seq(-2000, 2000, 37)] ++ [1 bsl N || N <- lists:seq(0, 130, 13)],
    ?SHOW(integer_round_trips,
          [I || I <- Ints, list_to_integer(integer_to_list(I)) =/= I
                           orelse binary_to_integer(integer_to_binary(I, 7), 7) =/= I
                           orelse list_to_integer(integer_to_list(I, 36), 36) =/= I]),
    Floats = [X / 7 || X <- lists:seq(-100, 100, 9)] ++ [1.0e-300, 1.0e300, 123.456],
    ?SHOW(float_round_trips,
          [F || F <- Floats, list_to_float(float_to_list(F)) =/= F
                             orelse binary_to_float(float_to_binary(F, [short])) =/= F]),
    ?SHOW(atom_round_trips, [A || A <- [a, 'B', 'x y', ''], list_to_atom(atom_to_list(A)) =/= A]).
