%% The lists module doing real work: sorting and merging, folds and maps,
%% splitting and searching, key lists, and a small data pipeline.
-module(t_stdlib_lists).
-export([main/0]).
-include("corpus.hrl").

main() ->
    sorting(),
    higher_order(),
    slicing(),
    key_lists(),
    misc(),
    pipeline(),
    errors(),
    erlang:halt(0).

%% A reproducible pseudo-random sequence (no rand: its state is per process).
lcg(0, _, Acc) -> Acc;
lcg(N, X, Acc) -> X1 = (X * 1103515245 + 12345) rem 2147483648, lcg(N - 1, X1, [X1 rem 1000 | Acc]).

sorting() ->
    R = lcg(id(5000), 42, []),
    S = lists:sort(R),
    ?SHOW(sort, {length(S), lists:sublist(S, 8), lists:last(S), S =:= lists:sort(lists:reverse(R))}),
    ?SHOW(usort, {length(lists:usort(R)), lists:sublist(lists:usort(R), 5)}),
    ?SHOW(sort_fun, lists:sublist(lists:sort(fun(A, B) -> A > B end, R), 5)),
    ?SHOW(merge, {lists:merge(id([1, 4, 9]), [2, 3, 10]), lists:merge3([1], [3], [2]),
                  lists:merge([[1, 5], [2, 6], [0, 7]]), lists:umerge(id([1, 2, 3]), [2, 3, 4])}),
    ?SHOW(keysort, lists:keysort(2, id([{a, 3}, {b, 1}, {c, 2}, {d, 1}]))),
    ?SHOW(ukeysort, lists:ukeysort(2, id([{a, 3}, {b, 1}, {c, 2}, {d, 1}]))),
    ?SHOW(keymerge, lists:keymerge(1, id([{1, a}, {3, c}]), [{2, b}, {3, d}])),
    ?SHOW(rsort, lists:reverse(lists:sort(id([c, a, b])))).

higher_order() ->
    L = lists:seq(1, id(10)),
    ?SHOW(map_filter_fold, {lists:map(fun(X) -> X * 3 end, L), lists:filter(fun(X) -> X rem 2 =:= 0 end, L),
                            lists:foldl(fun(X, A) -> A * X end, 1, L), lists:foldr(fun(X, A) -> [X | A] end, [], L)}),
    ?SHOW(filtermap, lists:filtermap(fun(X) when X rem 3 =:= 0 -> {true, X div 3}; (X) -> X =:= 1 end, L)),
    ?SHOW(flatmap, lists:flatmap(fun(X) -> lists:duplicate(X, X) end, [1, 2, 3])),
    ?SHOW(mapfold, lists:mapfoldl(fun(X, Acc) -> {X + Acc, Acc + X} end, 0, L)),
    ?SHOW(mapfoldr, lists:mapfoldr(fun(X, Acc) -> {{X, Acc}, Acc + 1} end, 0, [a, b, c])),
    ?SHOW(all_any, {lists:all(fun is_integer/1, L), lists:any(fun(X) -> X > 9 end, L),
                    lists:all(fun is_atom/1, []), lists:any(fun is_atom/1, [])}),
    ?SHOW(partition, lists:partition(fun(X) -> X < 4 end, L)),
    ?SHOW(splitwith, lists:splitwith(fun(X) -> X < 4 end, L)),
    ?SHOW(takewhile_dropwhile, {lists:takewhile(fun(X) -> X < 3 end, L), lists:dropwhile(fun(X) -> X < 8 end, L)}),
    ?SHOW(search, {lists:search(fun(X) -> X > 5 end, L), lists:search(fun(X) -> X > 50 end, L)}),
    ?SHOW(zip, {lists:zip([a, b], [1, 2]), lists:unzip([{a, 1}, {b, 2}]), lists:zip3([a], [b], [c]),
                lists:zipwith(fun(A, B) -> A * B end, [1, 2], [3, 4])}),
    lists:foreach(fun(X) -> ?SHOW(foreach, X) end, [first, second]).

slicing() ->
    L = id([a, b, c, d, e, f]),
    ?SHOW(nth, {lists:nth(1, L), lists:nth(6, L), lists:nthtail(2, L), lists:nthtail(6, L)}),
    ?SHOW(sublist, {lists:sublist(L, 2), lists:sublist(L, 3, 2), lists:sublist(L, 10), lists:sublist(L, 7, 2)}),
    ?SHOW(split, {lists:split(2, L), lists:split(0, L), lists:split(6, L)}),
    ?SHOW(last_droplast, {lists:last(L), lists:droplast(L)}),
    ?SHOW(prefix_suffix, {lists:prefix([a, b], L), lists:suffix([e, f], L), lists:prefix([b], L)}),
    ?SHOW(seq, {lists:seq(1, 0), lists:seq(5, 1, -2), lists:seq(1, 10, 4), lists:seq(3, 3)}),
    ?SHOW(duplicate, {lists:duplicate(3, x), lists:duplicate(0, x)}),
    ?SHOW(delete_subtract, {lists:delete(c, L), lists:delete(z, L), lists:subtract(L, [a, f])}),
    ?SHOW(enumerate, lists:enumerate([x, y, z])),
    ?SHOW(uniq, lists:uniq([3, 1, 3, 2, 1])).

key_lists() ->
    KL = id([{apple, 3}, {pear, 5}, {fig, 1}]),
    ?SHOW(keyreplace, lists:keyreplace(pear, 1, KL, {pear, 6})),
    ?SHOW(keystore, {lists:keystore(kiwi, 1, KL, {kiwi, 9}), lists:keystore(fig, 1, KL, {fig, 0})}),
    ?SHOW(keydelete, lists:keydelete(apple, 1, KL)),
    ?SHOW(keytake, {lists:keytake(pear, 1, KL), lists:keytake(none, 1, KL)}),
    ?SHOW(keymap, lists:keymap(fun(N) -> N * 10 end, 2, KL)).

misc() ->
    ?SHOW(flatten, {lists:flatten([1, [2, [3, []], [[4]]], 5]), lists:flatten([[a]], [b]), lists:flatlength([[1, 2], [3]])}),
    ?SHOW(append_concat, {lists:append([[1], [2, 3], []]), lists:append("ab", "cd"), lists:concat([a, 1, "b", 2.5])}),
    ?SHOW(join, {lists:join(", ", ["a", "b", "c"]), lists:join(x, [])}),
    ?SHOW(max_min_sum, {lists:max([3, 1, 4]), lists:min([3, 1, 4]), lists:sum([1, 2.5]), lists:sum([])}),
    ?SHOW(reverse, lists:reverse([1, 2], [3])),
    ?SHOW(sublists, lists:sublist(lists:seq(1, 100), 95, 10)).

%% A small pipeline: invoices grouped per customer, totals, ranking.
pipeline() ->
    Lines = [{C, P, Q} || {C, P, Q} <- id([{acme, widget, 3}, {zeta, bolt, 10}, {acme, bolt, 2},
                                           {blue, widget, 1}, {zeta, widget, 4}])],
    Prices = [{widget, 250}, {bolt, 15}],
    Costs = [{C, Q * element(2, lists:keyfind(P, 1, Prices))} || {C, P, Q} <- Lines],
    Totals = lists:foldl(fun({C, Cost}, Acc) ->
                                 case lists:keyfind(C, 1, Acc) of
                                     {C, T} -> lists:keyreplace(C, 1, Acc, {C, T + Cost});
                                     false -> [{C, Cost} | Acc]
                                 end
                         end, [], Costs),
    Ranked = lists:reverse(lists:keysort(2, Totals)),
    ?SHOW(ranked, Ranked),
    ?SHOW(top_customer, element(1, hd(Ranked))),
    ?SHOW(report, lists:flatten([[atom_to_list(C), $=, integer_to_list(T), $;] || {C, T} <- lists:sort(Totals)])).

errors() ->
    ?SHOW(nth_zero, ?CATCH(lists:nth(id(0), [a]))),
    ?SHOW(nth_past_end, ?CATCH(lists:nth(id(2), [a]))),
    ?SHOW(last_empty, ?CATCH(lists:last(id([])))),
    ?SHOW(max_empty, ?CATCH(lists:max(id([])))),
    ?SHOW(split_too_far, ?CATCH(lists:split(id(3), [a]))),
    ?SHOW(seq_wrong_way, ?CATCH(lists:seq(id(5), 1, 1))),
    ?SHOW(zip_unequal, ?CATCH(lists:zip([a], id([])))),
    ?SHOW(foldl_not_list, ?CATCH(lists:foldl(fun(X, A) -> X + A end, 0, id(notalist)))).
