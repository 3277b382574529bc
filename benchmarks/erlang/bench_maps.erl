%% Building a map of 10,000 integer keys one put at a time (through the
%% small-map to hash-trie switch), then looking every key up and updating
%% half of them.
-module(bench_maps).
-export([run/1]).

-define(KEYS, 10000).

run(N) -> loop(N, 0).

loop(0, Last) -> Last;
loop(N, _) -> loop(N - 1, once()).

once() ->
    M = build(?KEYS, #{}),
    Sum = lookups(?KEYS, M, 0),
    M2 = updates(?KEYS, M),
    Sum + map_size(M2) + maps:get(2 * 7919 rem 100003, M2).

build(0, M) -> M;
build(K, M) -> build(K - 1, M#{K * 7919 rem 100003 => K}).

lookups(0, _, Acc) -> Acc;
lookups(K, M, Acc) -> lookups(K - 1, M, Acc + maps:get(K * 7919 rem 100003, M)).

updates(K, M) when K =< 0 -> M;
updates(K, M) -> updates(K - 2, M#{K * 7919 rem 100003 := -K}).
