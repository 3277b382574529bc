%% Tuples: element/setelement/make_tuple and friends, large tuples, records,
%% and the badarg cases.
-module(t_tuples).
-export([main/0]).
-include("corpus.hrl").

-record(point, {x = 0, y = 0, label}).

main() ->
    access(),
    building(),
    large(),
    records(),
    errors(),
    erlang:halt(0).

access() ->
    T = id({a, 2, "three", {4}, [5]}),
    ?SHOW(element, [element(I, T) || I <- lists:seq(1, tuple_size(T))]),
    ?SHOW(sizes, {tuple_size(T), size(T), tuple_size(id({})), size(id(<<1, 2>>))}),
    ?SHOW(setelement, {setelement(1, T, z), setelement(5, T, []), T}),
    {A, B, _, {D}, [E]} = T,
    ?SHOW(match, {A, B, D, E}).

building() ->
    ?SHOW(make_tuple, {erlang:make_tuple(id(3), x), erlang:make_tuple(id(0), x),
                       erlang:make_tuple(id(5), 0, [{2, two}, {4, four}, {2, again}])}),
    ?SHOW(append_element, erlang:append_element(id({1, 2}), 3)),
    ?SHOW(insert_delete, {erlang:insert_element(id(1), {b, c}, a), erlang:insert_element(id(3), {a, b}, c),
                          erlang:delete_element(id(2), {a, b, c})}),
    ?SHOW(lists, {tuple_to_list(id({1, {2}, [3]})), list_to_tuple(id([x, y])), tuple_to_list(id({})),
                  list_to_tuple(id([]))}),
    ?SHOW(chain, setelement(2, setelement(1, erlang:make_tuple(id(2), 0), first), second)).

%% Tuples far larger than any small-object threshold, and setelement in a
%% loop (the compiler may turn consecutive setelements into destructive
%% updates; the result must be the same).
large() ->
    Big = list_to_tuple(lists:seq(1, id(10000))),
    ?SHOW(big, {tuple_size(Big), element(1, Big), element(10000, Big), element(5000, Big)}),
    Filled = fill(Big, 1),
    ?SHOW(filled, {element(1, Filled), element(9999, Filled), element(1, Big)}),
    ?SHOW(sum, sum(Filled, tuple_size(Filled), 0)),
    ?SHOW(nested, depth(nest(id(1000), leaf), 0)).

fill(T, I) when I > tuple_size(T) -> T;
fill(T, I) -> fill(setelement(I, T, I * 2), I + 1).

sum(_, 0, Acc) -> Acc;
sum(T, I, Acc) -> sum(T, I - 1, Acc + element(I, T)).

nest(0, Acc) -> Acc;
nest(N, Acc) -> nest(N - 1, {N, Acc}).

depth({_, Inner}, D) -> depth(Inner, D + 1);
depth(leaf, D) -> D.

records() ->
    P = id(#point{x = 3, label = "p"}),
    ?SHOW(record, {P, P#point.x, P#point.y, #point.y, record_info(size, point)}),
    ?SHOW(update, P#point{y = 7}),
    ?SHOW(is_record, {is_record(P, point), is_record(P, point, 4), is_record(id({point}), point),
                      is_record(id({other, 1, 2, 3}), point)}),
    ?SHOW(badrecord, ?CATCH((id({other, 1, 2, 3}))#point.x)).

errors() ->
    T = id({a, b, c}),
    ?SHOW(element_0, ?CATCH(element(id(0), T))),
    %% 2^24 - 1 elements at most, as BEAM.
    ?SHOW(list_to_tuple_too_long, ?CATCH(list_to_tuple(lists:seq(1, id(1 bsl 24))))),
    ?SHOW(element_4, ?CATCH(element(id(4), T))),
    ?SHOW(element_not_tuple, ?CATCH(element(1, id([a])))),
    ?SHOW(element_not_integer, ?CATCH(element(id(1.0), T))),
    ?SHOW(setelement_out, ?CATCH(setelement(id(4), T, x))),
    ?SHOW(make_tuple_negative, ?CATCH(erlang:make_tuple(id(-1), x))),
    ?SHOW(make_tuple_bad_init, ?CATCH(erlang:make_tuple(id(2), x, [{3, y}]))),
    ?SHOW(tuple_size_list, ?CATCH(tuple_size(id([])))),
    ?SHOW(list_to_tuple_improper, ?CATCH(list_to_tuple(id([a | b])))),
    ?SHOW(delete_out, ?CATCH(erlang:delete_element(id(4), T))),
    ?SHOW(badmatch, ?CATCH({_, _} = T)).
