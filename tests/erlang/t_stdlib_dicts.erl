%% Key-value containers of stdlib doing real work: proplists, orddict, dict
%% and gb_trees. dict's own order is a hash order, so its contents are
%% printed sorted.
-module(t_stdlib_dicts).
-export([main/0]).
-include("corpus.hrl").

main() ->
    proplists(),
    orddict(),
    dict(),
    gb_trees(),
    same_answers(),
    erlang:halt(0).

proplists() ->
    P = id([{name, "x"}, verbose, {level, 3}, {level, 4}, {debug, false}, {'size', 10}]),
    ?SHOW(get_value, {proplists:get_value(level, P), proplists:get_value(missing, P),
                      proplists:get_value(missing, P, dflt), proplists:get_value(verbose, P)}),
    ?SHOW(get_all_values, proplists:get_all_values(level, P)),
    ?SHOW(get_bool, {proplists:get_bool(verbose, P), proplists:get_bool(debug, P),
                     proplists:get_bool(missing, P)}),
    ?SHOW(lookup, {proplists:lookup(level, P), proplists:lookup(verbose, P), proplists:lookup(x, P)}),
    ?SHOW(is_defined, {proplists:is_defined(debug, P), proplists:is_defined(nope, P)}),
    ?SHOW(delete, proplists:delete(level, P)),
    ?SHOW(keys, lists:sort(proplists:get_keys(P))),
    ?SHOW(compact, {proplists:compact([{a, true}, {b, 1}]), proplists:unfold([a, {b, 2}])}),
    ?SHOW(substitute, proplists:substitute_aliases([{colour, color}], [{colour, red}, x])),
    ?SHOW(expand, proplists:expand([{foo, [bar, baz]}], [fie, foo, fum])),
    ?SHOW(to_map, lists:sort(maps:to_list(proplists:to_map([a, {b, 2}, {a, false}])))),
    ?SHOW(split, proplists:split([{c, 2}, {e, 1}, a, {c, 3, 4}, d, {b, 5}, b], [a, b, c])).

orddict() ->
    D0 = orddict:new(),
    D1 = orddict:store(b, 2, orddict:store(a, 1, orddict:store(c, 3, D0))),
    ?SHOW(store, D1),
    ?SHOW(find_fetch, {orddict:find(a, D1), orddict:find(z, D1), orddict:fetch(c, D1), orddict:is_key(b, D1)}),
    ?SHOW(update, {orddict:update(a, fun(V) -> V + 10 end, D1), orddict:update_counter(z, 5, D1),
                   orddict:append(a, x, orddict:from_list([{a, [w]}]))}),
    ?SHOW(erase, orddict:erase(b, D1)),
    ?SHOW(merge, orddict:merge(fun(_, A, B) -> A + B end, D1, orddict:from_list([{b, 20}, {d, 4}]))),
    ?SHOW(fold_map_filter, {orddict:fold(fun(_, V, A) -> V + A end, 0, D1),
                            orddict:map(fun(K, V) -> {K, V} end, D1),
                            orddict:filter(fun(_, V) -> V > 1 end, D1)}),
    ?SHOW(keys_size, {orddict:fetch_keys(D1), orddict:size(D1), orddict:to_list(D1) =:= D1}),
    ?SHOW(fetch_missing, ?CATCH(orddict:fetch(id(z), D1))).

%% Word frequencies over a generated text.
text() ->
    Words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"],
    [lists:nth(1 + (I * 5 + I div 3) rem 7, Words) || I <- lists:seq(1, id(2000))].

dict() ->
    D = lists:foldl(fun(W, Acc) -> dict:update_counter(W, 1, Acc) end, dict:new(), text()),
    ?SHOW(word_counts, lists:sort(dict:to_list(D))),
    ?SHOW(size_find, {dict:size(D), dict:find("beta", D), dict:find("omega", D), dict:is_key("eta", D)}),
    D2 = dict:store("omega", 1, dict:erase("alpha", D)),
    ?SHOW(store_erase, {dict:size(D2), dict:is_key("alpha", D2), dict:fetch("omega", D2)}),
    Big = dict:from_list([{I, I * I} || I <- lists:seq(1, id(3000))]),
    ?SHOW(big, {dict:size(Big), dict:fetch(2999, Big), lists:sum(dict:fetch_keys(Big)),
                dict:fold(fun(_, V, A) -> V + A end, 0, Big)}),
    Appended = dict:append_list(k, [1, 2], dict:append(k, 0, dict:new())),
    ?SHOW(append, dict:fetch(k, Appended)),
    Merged = dict:merge(fun(_, A, B) -> A * B end, dict:from_list([{x, 2}, {y, 3}]), dict:from_list([{y, 5}])),
    ?SHOW(merge, lists:sort(dict:to_list(Merged))),
    ?SHOW(filter_map, lists:sort(dict:to_list(dict:map(fun(_, V) -> V div 100 end,
                                                       dict:filter(fun(K, _) -> K > 2995 end, Big))))).

gb_trees() ->
    T = lists:foldl(fun(I, Acc) -> gb_trees:insert((I * 7919) rem 10007, I, Acc) end, gb_trees:empty(),
                    lists:seq(1, id(5000))),
    ?SHOW(size_minmax, {gb_trees:size(T), gb_trees:smallest(T), gb_trees:largest(T)}),
    ?SHOW(lookup, {gb_trees:lookup(7919, T), gb_trees:lookup(0, T), gb_trees:is_defined(15838, T)}),
    ?SHOW(first_keys, lists:sublist(gb_trees:keys(T), 10)),
    T2 = gb_trees:delete(7919, gb_trees:update(15838 rem 10007, updated, T)),
    ?SHOW(update_delete, {gb_trees:size(T2), gb_trees:get(15838 rem 10007, T2), gb_trees:lookup(7919, T2)}),
    ?SHOW(take_smallest, element(1, gb_trees:take_smallest(T))),
    ?SHOW(iterator, iterate(gb_trees:next(gb_trees:iterator_from(5000, T)), 5)),
    Balanced = gb_trees:balance(T2),
    ?SHOW(balanced_same, gb_trees:to_list(Balanced) =:= gb_trees:to_list(T2)),
    ?SHOW(enter, gb_trees:to_list(gb_trees:enter(b, 2, gb_trees:enter(a, 1, gb_trees:empty())))),
    ?SHOW(insert_duplicate, ?CATCH(gb_trees:insert(7919, x, T))).

iterate(none, _) -> [];
iterate(_, 0) -> [];
iterate({K, V, I}, N) -> [{K, V} | iterate(gb_trees:next(I), N - 1)].

%% The four containers answer the same question the same way.
same_answers() ->
    Pairs = [{(I * 37) rem 101, I} || I <- lists:seq(1, id(300))],
    FromDict = lists:sort(dict:to_list(dict:from_list(Pairs))),
    FromOrddict = orddict:from_list(Pairs),
    FromTree = gb_trees:to_list(lists:foldl(fun({K, V}, T) -> gb_trees:enter(K, V, T) end,
                                            gb_trees:empty(), Pairs)),
    FromMap = lists:sort(maps:to_list(maps:from_list(Pairs))),
    ?SHOW(agree, {length(FromMap), FromDict =:= FromOrddict, FromOrddict =:= FromTree, FromTree =:= FromMap}).
