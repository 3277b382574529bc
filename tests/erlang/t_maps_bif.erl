%% The maps module on small and large maps: the BIFs (get, find, put,
%% remove, merge, keys, values, from_list, to_list, update, take, is_key)
%% and the library functions over them (fold, map, filter, with, without,
%% groups_from_list's stand-in, iterators). Results that would come in hash
%% order are sorted first.
-module(t_maps_bif).
-export([main/0]).
-include("corpus.hrl").

main() ->
    [run(Label, id(M)) || {Label, M} <- [{small, squares(10)}, {large, squares(300)}]],
    library(),
    word_count(),
    errors(),
    erlang:halt(0).

squares(N) -> maps:from_list([{I, I * I} || I <- lists:seq(1, N)]).

sorted(M) -> lists:sort(maps:to_list(M)).

%% The same checks on a small and a large map; every result is independent
%% of the map's internal order.
run(Label, M) ->
    N = map_size(M),
    ?SHOW({Label, basics}, {N, maps:get(3, M), maps:get(0, M, default), maps:find(4, M),
                            maps:find(0, M), maps:is_key(N, M), maps:is_key(N + 1, M)}),
    Put = maps:put(N + 1, new, maps:put(1, replaced, M)),
    ?SHOW({Label, put}, {map_size(Put), maps:get(1, Put), maps:get(N + 1, Put)}),
    Removed = maps:remove(2, maps:remove(missing, M)),
    ?SHOW({Label, remove}, {map_size(Removed), maps:is_key(2, Removed)}),
    ?SHOW({Label, update}, {maps:get(5, maps:update(5, five, M)), maps:take(5, #{5 => x}),
                            element(1, maps:take(5, M)), maps:take(0, M)}),
    ?SHOW({Label, keys_values}, {lists:sort(maps:keys(M)) =:= lists:seq(1, N),
                                 lists:sum(maps:values(M)), length(maps:to_list(M))}),
    Merged = maps:merge(M, #{1 => one, N + 5 => extra}),
    ?SHOW({Label, merge}, {map_size(Merged), maps:get(1, Merged), maps:get(2, Merged)}),
    ?SHOW({Label, merge_with}, maps:get(2, maps:merge_with(fun(_K, A, B) -> {A, B} end, M, #{2 => b}))),
    ?SHOW({Label, fold}, maps:fold(fun(K, V, Acc) -> Acc + K * V end, 0, M)),
    Evens = maps:filter(fun(K, _) -> K rem 2 =:= 0 end, M),
    ?SHOW({Label, filter}, {map_size(Evens), lists:sublist(sorted(Evens), 3)}),
    ?SHOW({Label, map}, lists:sublist(sorted(maps:map(fun(K, V) -> V - K end, M)), 4)),
    ?SHOW({Label, with}, {maps:with([1, 2, 1000], M), sorted(maps:without(lists:seq(4, N), M))}),
    ?SHOW({Label, iterator}, lists:sort(iterate(maps:next(maps:iterator(M)), []))
                             =:= sorted(M)),
    ?SHOW({Label, from_list_dups}, maps:get(1, maps:from_list([{1, a} | maps:to_list(M)] ++ [{1, last}]))).

iterate(none, Acc) -> Acc;
iterate({K, V, I}, Acc) -> iterate(maps:next(I), [{K, V} | Acc]).

library() ->
    ?SHOW(from_keys, maps:from_keys(id([a, b]), 0)),
    ?SHOW(update_with, {maps:update_with(a, fun(V) -> V + 1 end, id(#{a => 1})),
                        maps:update_with(b, fun(V) -> V + 1 end, 100, id(#{a => 1}))}),
    ?SHOW(filtermap, maps:filtermap(fun(_, V) when V > 1 -> {true, V * 10}; (_, _) -> false end,
                                    id(#{a => 1, b => 2, c => 3}))),
    ?SHOW(intersect, maps:intersect(id(#{a => 1, b => 2}), id(#{b => 3, c => 4}))),
    ?SHOW(size, {maps:size(id(#{})), maps:size(squares(40))}),
    ?SHOW(groups, lists:sort(maps:to_list(group(id([{fruit, apple}, {veg, kale}, {fruit, fig}]))))).

%% Grouping, the way code written for OTP 25 (before maps:groups_from_list) does it.
group(Pairs) ->
    lists:foldr(fun({K, V}, Acc) -> maps:update_with(K, fun(L) -> [V | L] end, [V], Acc) end,
                #{}, Pairs).

%% Real work: word frequencies over a generated text, a large map.
word_count() ->
    Words = [lists:nth(1 + (I * 7) rem 53, words()) || I <- lists:seq(1, id(5000))],
    Counts = lists:foldl(fun(W, Acc) -> maps:update_with(W, fun(C) -> C + 1 end, 1, Acc) end,
                         #{}, Words),
    Top = lists:sublist(lists:reverse(lists:keysort(2, sorted(Counts))), 5),
    ?SHOW(word_count, {map_size(Counts), Top}).

words() ->
    [list_to_atom("w" ++ integer_to_list(I)) || I <- lists:seq(1, 53)].

errors() ->
    ?SHOW(get_badkey, ?CATCH(maps:get(x, id(#{})))),
    ?SHOW(update_badkey, ?CATCH(maps:update(x, 1, id(#{})))),
    ?SHOW(put_badmap, ?CATCH(maps:put(x, 1, id([])))),
    ?SHOW(from_list_badarg, ?CATCH(maps:from_list(id([a])))),
    ?SHOW(merge_badmap, ?CATCH(maps:merge(id(#{}), id(x)))),
    ?SHOW(keys_badmap, ?CATCH(maps:keys(id(x)))),
    ?SHOW(next_badarg, ?CATCH(maps:next(id(x)))).
