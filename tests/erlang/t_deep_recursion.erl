%% Deep body recursion: a million nested calls, and terms nested deeply
%% enough that a runtime walking them with native recursion (copy, compare,
%% hash, external format, display) would overflow its C stack.
-module(t_deep_recursion).
-export([main/0]).
-include("corpus.hrl").

-define(DEPTH, 1000000).

main() ->
    calls(),
    deep_terms(),
    erlang:halt(0).

calls() ->
    ?SHOW(sum, sum(id(?DEPTH))),
    ?SHOW(length, len(lists:seq(1, id(?DEPTH)))),
    ?SHOW(map, lists:last(double(lists:seq(1, id(?DEPTH))))),
    ?SHOW(lists_map, lists:sum(lists:map(fun(X) -> X rem 3 end, lists:seq(1, id(?DEPTH))))),
    ?SHOW(append, length(lists:append(lists:duplicate(id(1000), lists:seq(1, 1000))))),
    ?SHOW(ackermann, ack(id(2), id(2000))),
    ?SHOW(non_tail_try, nested_try(id(100000))).

sum(0) -> 0;
sum(N) -> N + sum(N - 1).

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

double([]) -> [];
double([H | T]) -> [H * 2 | double(T)].

ack(0, N) -> N + 1;
ack(M, 0) -> ack(M - 1, 1);
ack(M, N) -> ack(M - 1, ack(M, N - 1)).

nested_try(0) -> 0;
nested_try(N) -> try 1 + nested_try(N - 1) catch error:_ -> error end.

%% [[[...[leaf]...]]] and {{{...{leaf}...}}}, 100,000 levels.
deep_terms() ->
    L = nest_list(id(100000), leaf),
    T = nest_tuple(id(100000), leaf),
    ?SHOW(depths, {depth_list(L, 0), depth_tuple(T, 0)}),
    ?SHOW(equal, {L =:= nest_list(100000, leaf), L < nest_list(100000, leaf2), T == nest_tuple(100000, leaf)}),
    ?SHOW(phash2, {erlang:phash2(L), erlang:phash2(T)}),
    Bin = term_to_binary(L),
    ?SHOW(external, {byte_size(Bin), binary_to_term(Bin) =:= L,
                     binary_to_term(term_to_binary(T)) =:= T}),
    ?SHOW(in_map, depth_list(maps:get(k, #{k => L}), 0)),
    ?SHOW(flatten, lists:flatten(L)),
    ?SHOW(iolist, iolist_size(nest_list(id(100000), <<"x">>))).

nest_list(0, Acc) -> Acc;
nest_list(N, Acc) -> nest_list(N - 1, [Acc]).

nest_tuple(0, Acc) -> Acc;
nest_tuple(N, Acc) -> nest_tuple(N - 1, {Acc}).

depth_list([X], D) -> depth_list(X, D + 1);
depth_list(_, D) -> D.

depth_tuple({X}, D) -> depth_tuple(X, D + 1);
depth_tuple(_, D) -> D.
