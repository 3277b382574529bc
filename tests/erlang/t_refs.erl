%% References from make_ref/0: uniqueness, equality, use as keys, place in
%% the term order, and the external format. A reference's text differs from
%% run to run, so none is printed; only its shape is.
-module(t_refs).
-export([main/0]).
-include("corpus.hrl").

main() ->
    R1 = make_ref(),
    R2 = make_ref(),
    ?SHOW(is_reference, {is_reference(R1), is_reference(id(a)), is_reference(self())}),
    ?SHOW(unique, {R1 =:= R2, R1 == R2, R1 =:= id(R1), R1 =/= R2}),
    Many = [make_ref() || _ <- lists:seq(1, id(10000))],
    ?SHOW(all_distinct, length(lists:usort(Many))),
    ?SHOW(as_map_keys, begin
                           M = maps:from_list([{R, I} || {R, I} <- lists:zip(Many, lists:seq(1, 10000))]),
                           {map_size(M), maps:get(lists:nth(77, Many), M)}
                       end),
    ?SHOW(as_tuple_key, element(2, lists:keyfind(R2, 1, [{R1, one}, {R2, two}]))),
    %% Term order: number < atom < reference < fun < port < pid < tuple.
    ?SHOW(order, [type(T) || T <- lists:sort(id([{}, R1, fun erlang:abs/1, zz, 1 bsl 70, self()]))]),
    ?SHOW(compare_refs, {R1 < R2 orelse R2 < R1, min(R1, R2) =/= max(R1, R2)}),
    Copy = binary_to_term(term_to_binary(R1)),
    ?SHOW(external_round_trip, {Copy =:= R1, Copy =:= R2}),
    ?SHOW(text, lists:prefix("#Ref<", erlang:ref_to_list(R1))),
    ?SHOW(in_structures, {lists:member(R1, [R2, R1]), element(2, {x, R1}) =:= R1}),
    ?SHOW(phash2_stable, erlang:phash2(R1) =:= erlang:phash2(Copy)),
    ?SHOW(not_a_ref, ?CATCH(erlang:ref_to_list(id(a)))),
    erlang:halt(0).

type(T) when is_integer(T) -> integer;
type(T) when is_atom(T) -> atom;
type(T) when is_reference(T) -> reference;
type(T) when is_function(T) -> 'fun';
type(T) when is_pid(T) -> pid;
type(T) when is_tuple(T) -> tuple.
