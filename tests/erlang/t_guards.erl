%% Guards: every guard BIF, comparisons and arithmetic in guards, ',' and
%% ';', andalso/orelse, and the rule that an exception in a guard only makes
%% the guard false.
-module(t_guards).
-export([main/0]).
-include("corpus.hrl").

-record(rec, {a, b}).

main() ->
    guard_bifs(),
    combinations(),
    exceptions_fail_quietly(),
    real_dispatch(),
    erlang:halt(0).

%% Each clause tries one guard BIF; the first that holds names the result.
probe(X) when is_integer(X), abs(X) > 100 -> big_magnitude;
probe(X) when is_number(X), float(X) == 2.0 -> two;
probe(X) when is_float(X), trunc(X) =:= 3; is_float(X), round(X) =:= 5 -> three_or_five;
probe(X) when is_float(X), floor(X) =:= -2, ceil(X) =:= -1 -> between_minus_two_and_minus_one;
probe(X) when is_integer(X), X rem 2 =:= 0, X div 2 > 10 -> even_over_twenty;
probe(X) when is_integer(X), X band 1 =:= 1, X bsr 3 =:= 1 -> odd_eight_to_fifteen;
probe(X) when is_list(X), length(X) > 3 -> long_list;
probe(X) when is_list(X), X =/= [], hd(X) =:= a, tl(X) =:= [] -> just_a;
probe(X) when tuple_size(X) =:= 2, element(1, X) =:= pair -> pair;
probe(X) when is_record(X, rec) -> record;
probe(X) when is_record(X, other, 2) -> other_record;
probe(X) when size(X) =:= 3 -> size_three;
probe(X) when byte_size(X) > 4 -> long_binary;
probe(X) when bit_size(X) rem 8 =/= 0 -> bits;
probe(X) when binary_part(X, 0, 1) =:= <<"x">> -> starts_with_x;
probe(X) when map_size(X) > 1, is_map_key(k, X), map_get(k, X) =:= v -> map_with_k;
probe(X) when is_map(X) -> map;
probe(X) when is_function(X, 2) -> fun2;
probe(X) when is_function(X) -> 'fun';
probe(X) when is_atom(X), X =/= nil -> atom;
probe(X) when X == nil -> nil;
probe(X) when is_pid(X); is_port(X); is_reference(X) -> identifier;
probe(_) -> other.

guard_bifs() ->
    Values = [-1000, 2, 2.0, 3.3, 4.6, -1.5, 42, 9, 0, -3, 7, [1, 2, 3, 4], [a], [b], {pair, 1},
              #rec{}, {other, 1}, {1, 2, 3}, <<"hello">>, <<1:3>>, <<"xy">>, <<>>, #{k => v, j => 1}, #{k => v},
              fun erlang:'+'/2, fun erlang:abs/1, atom, nil, make_ref(), "s"],
    ?SHOW(probe, [probe(id(V)) || V <- Values]).

combinations() ->
    ?SHOW(comma_semicolon, [both_or_either(id(V)) || V <- [{1, 1}, {1, 2}, {0, 5}, {9, 0}]]),
    ?SHOW(andalso_orelse, [short(id(V)) || V <- [0, 5, 15, a]]),
    ?SHOW(not_xor, [negations(id(V)) || V <- [true, false, maybe]]),
    ?SHOW(arithmetic, [arith(id(V)) || V <- [1, 2, 3, 4.0, 10]]),
    ?SHOW(comparisons, [cmp(id(A), id(B)) || {A, B} <- [{1, 1.0}, {1, 1}, {a, "a"}, {[], {}}]]).

both_or_either({A, B}) when A > 0, B > 0, A =:= B -> both_equal;
both_or_either({A, B}) when A > 0, B > 0; A =:= 0 -> both_positive_or_a_zero;
both_or_either({_, _}) -> neither.

short(X) when is_integer(X) andalso (X > 10 orelse X =:= 0) -> big_or_zero;
short(X) when not is_integer(X) orelse X < 0 -> not_natural;
short(_) -> small.

negations(X) when not X -> was_false;
negations(X) when X xor false -> was_true;
negations(_) -> not_boolean.

arith(X) when X * 2 =:= 4 -> doubled_is_4;
arith(X) when X + 1 == 5 -> plus_one_is_5;
arith(X) when -X < -5, X / 2 > 4 -> large;
arith(X) when X - 1 =< 2 -> small.

cmp(A, B) when A =:= B -> exactly_equal;
cmp(A, B) when A == B -> equal;
cmp(A, B) when A < B -> less;
cmp(_, _) -> greater.

%% An exception inside a guard is not raised: that guard is false and the
%% next clause (or the next ';' alternative) is tried.
exceptions_fail_quietly() ->
    ?SHOW(quiet, [quiet(id(V)) || V <- [{a, b}, [], <<1>>, 7, atom]]),
    ?SHOW(semicolon_alternative, [alt(id(V)) || V <- [[x], {x}, x]]),
    ?SHOW(in_if, begin X = id(atom), if X + 1 > 0 -> positive; true -> fell_through end end),
    ?SHOW(in_case, case id(atom) of Y when length(Y) > 0 -> list; _ -> fell_through end),
    ?SHOW(in_comprehension_filter, [V || V <- id([1, a, [2], {3}, 4.0]), V + 0 > 0]).

quiet(X) when element(2, X) =:= b -> second_is_b;
quiet(X) when hd(X) =:= 1 -> head_is_1;
quiet(X) when X + 1 > 0 -> number;
quiet(X) when byte_size(X) > 0 -> binary;
quiet(_) -> nothing_applied.

alt(X) when hd(X) =:= x; element(1, X) =:= x -> found_x;
alt(_) -> no.

%% Real work: a tokenizer over characters, dispatching on guards.
real_dispatch() ->
    ?SHOW(tokens, tokens(id("x1 = 42 + foo(7, \"s\") % c"), [])).

tokens([], Acc) -> lists:reverse(Acc);
tokens([$% | _], Acc) -> tokens([], Acc);
tokens([C | T], Acc) when C =:= $\s; C =:= $\t -> tokens(T, Acc);
tokens([C | _] = S, Acc) when C >= $0, C =< $9 ->
    {Digits, Rest} = lists:splitwith(fun(D) -> D >= $0 andalso D =< $9 end, S),
    tokens(Rest, [{int, list_to_integer(Digits)} | Acc]);
tokens([C | _] = S, Acc) when C >= $a, C =< $z ->
    {Name, Rest} = lists:splitwith(fun(D) -> (D >= $a andalso D =< $z) orelse (D >= $0 andalso D =< $9) end, S),
    tokens(Rest, [{name, list_to_atom(Name)} | Acc]);
tokens([$" | T], Acc) ->
    {Str, [$" | Rest]} = lists:splitwith(fun(D) -> D =/= $" end, T),
    tokens(Rest, [{string, Str} | Acc]);
tokens([C | T], Acc) when C =:= $(; C =:= $); C =:= $,; C =:= $=; C =:= $+ ->
    tokens(T, [list_to_atom([C]) | Acc]).
