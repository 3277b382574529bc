%% Maps of more than 32 keys, which BEAM keeps as hashed tries and walks in
%% hash order: the order itself, as maps:keys/1, maps:to_list/1, maps:fold/3,
%% iterators, io_lib's ~w, erlang:display/1 (which prints the trie) and
%% term_to_binary/1 show it, for keys of every kind whose hash is the same on
%% any VM (atoms are left out: their hash follows their place in the atom
%% table); the switch between the flat and the hashed layout at 32 keys both
%% ways; keys whose 32-bit hashes collide; phash2, equality and order.
-module(t_maps_large).
-export([main/0]).
-include("corpus.hrl").

main() ->
    orders(),
    boundary(),
    collisions(),
    updates(),
    compare(),
    external(),
    iterators(),
    erlang:halt(0).

%% Every way of walking a map, for one map.
walks(Tag, M) ->
    ?SHOW({Tag, size}, map_size(M)),
    ?SHOW({Tag, keys}, maps:keys(M)),
    ?SHOW({Tag, values}, maps:values(M)),
    ?SHOW({Tag, to_list}, maps:to_list(M)),
    ?SHOW({Tag, fold}, maps:fold(fun(K, _, Acc) -> [K | Acc] end, [], M)),
    ?SHOW({Tag, next}, walk(maps:next(maps:iterator(M)))),
    ?SHOW({Tag, write}, lists:flatten(io_lib:write(M))),
    ?SHOW({Tag, phash2}, erlang:phash2(M)),
    ?SHOW({Tag, t2b}, term_to_binary(M)),
    erlang:display(M).

walk(none) -> [];
walk({K, _, I}) -> [K | walk(maps:next(I))].

pairs(Keys) -> maps:from_list([{K, V} || {K, V} <- lists:zip(Keys, lists:seq(1, length(Keys)))]).

orders() ->
    N = lists:seq(1, 40),
    walks(integers, pairs(N)),
    walks(negative, pairs([-I * 1000 || I <- N])),
    walks(wide_smalls, pairs([(1 bsl 40) + I || I <- N])),
    walks(floats, pairs([I / 4 || I <- N] ++ [-0.5, 1.0e300])),
    walks(bignums, pairs([(1 bsl 70) * I || I <- N] ++ [-(1 bsl 100)])),
    walks(tuples, pairs([{I, -I} || I <- N] ++ [{}])),
    walks(binaries, pairs([<<I:16>> || I <- N] ++ [<<>>, <<7:3>>])),
    walks(strings, pairs([integer_to_list(I) || I <- N] ++ [[]])),
    walks(lists, pairs([[I, [I]] || I <- N] ++ [[1 | 2]])),
    walks(map_keys, pairs([#{I => I} || I <- N])),
    walks(mixed, pairs(lists:append([[I, I + 0.5, {I}, <<I>>] || I <- lists:seq(1, 10)]))),
    Big = pairs(lists:seq(1, 2000)),
    ?SHOW(big_keys, erlang:phash2(maps:keys(Big))),
    ?SHOW(big_to_list, erlang:phash2(maps:to_list(Big))),
    ?SHOW(big_next, erlang:phash2(walk(maps:next(maps:iterator(Big))))),
    ?SHOW(big_fold, erlang:phash2(maps:fold(fun(K, V, Acc) -> [{K, V} | Acc] end, [], Big))),
    ?SHOW(big_t2b, erlang:phash2(term_to_binary(Big))),
    ?SHOW(big_phash2, erlang:phash2(Big)),
    Atoms = maps:from_list([{list_to_atom("k" ++ integer_to_list(I)), I} || I <- N]),
    ?SHOW(atoms_sorted, {map_size(Atoms), lists:sort(maps:to_list(Atoms)), maps:get(k7, Atoms)}).

%% One key at a time up to 34 and back: flat up to 32 keys, a trie above;
%% removing from 33 keys gives a flat map again, in key order.
boundary() ->
    Up = lists:foldl(fun(I, M) -> M#{I => I} end, #{}, lists:seq(34, 1, -1)),
    ?SHOW(grown, maps:keys(Up)),
    Down = lists:foldl(fun(I, M) -> maps:remove(I, M) end, Up, [34, 1]),
    ?SHOW(shrunk_to_32, {map_size(Down), maps:keys(Down)}),
    erlang:display(Down),
    At33 = maps:remove(1, Up),
    erlang:display(At33),
    ?SHOW(remove_absent, maps:remove(100, At33) =:= At33),
    ?SHOW(take, {element(1, maps:take(5, At33)), maps:keys(element(2, maps:take(5, At33)))}),
    ?SHOW(from_list_dups, maps:keys(maps:from_list([{I rem 32, I} || I <- lists:seq(1, 64)]))),
    ?SHOW(from_list_33, maps:keys(maps:from_list([{I rem 33, I} || I <- lists:seq(1, 66)]))),
    Small = pairs(lists:seq(1, 31)),
    Assoc = (id(Small))#{100 => a, 101 => b, 102 => c, 1 => one},
    ?SHOW(assoc_across, {map_size(Assoc), maps:keys(Assoc), maps:get(1, Assoc)}),
    Exact = (id(Assoc))#{100 := x, 2 := y},
    ?SHOW(exact, {maps:get(100, Exact), maps:get(2, Exact), maps:keys(Exact) =:= maps:keys(Assoc)}),
    ?SHOW(exact_missing, ?CATCH((id(Assoc))#{999 := x})),
    ?SHOW(literal, maps:keys(literal())).

literal() ->
    #{1 => a, 2 => b, 3 => c, 4 => d, 5 => e, 6 => f, 7 => g, 8 => h, 9 => i, 10 => j,
      11 => k, 12 => l, 13 => m, 14 => n, 15 => o, 16 => p, 17 => q, 18 => r, 19 => s,
      20 => t, 21 => u, 22 => v, 23 => w, 24 => x, 25 => y, 26 => z, 27 => aa, 28 => bb,
      29 => cc, 30 => dd, 31 => ee, 32 => ff, 33 => gg, 34 => hh}.

%% Integers whose first 32-bit hashes collide (40660 and 59671, 22575 and
%% 119693): they share eight levels of the trie and part on the ninth, under
%% the next generation of the hash.
collisions() ->
    M = pairs(lists:seq(1, 31) ++ [40660, 59671, 22575, 119693]),
    ?SHOW(collide_keys, maps:keys(M)),
    erlang:display(M),
    ?SHOW(collide_get, {maps:get(40660, M), maps:get(59671, M), maps:find(59672, M)}),
    M2 = maps:remove(59671, M),
    erlang:display(M2),
    M3 = maps:remove(22575, M2),
    ?SHOW(collide_shrunk, maps:keys(M3)),
    ?SHOW(collide_back, maps:put(59671, 33, M2) =:= M).

updates() ->
    M = pairs(lists:seq(1, 100)),
    ?SHOW(update_same, maps:put(7, 7, M) =:= M),
    ?SHOW(update, {maps:get(7, maps:update(7, seven, M)), ?CATCH(maps:update(0, x, M))}),
    Merged = maps:merge(M, pairs(lists:seq(90, 130))),
    ?SHOW(merge, {map_size(Merged), maps:keys(Merged)}),
    ?SHOW(filter, maps:keys(maps:filter(fun(K, _) -> K rem 3 =:= 0 end, M))),
    ?SHOW(map, maps:to_list(maps:map(fun(K, V) -> K * V end, pairs(lists:seq(1, 35))))),
    ?SHOW(without, maps:keys(maps:without(lists:seq(1, 60), M))),
    ?SHOW(with, maps:keys(maps:with(lists:seq(1, 50), M))),
    Removed = lists:foldl(fun maps:remove/2, M, lists:seq(1, 100, 2)),
    ?SHOW(removed_odd, maps:keys(Removed)),
    ?SHOW(from_keys, maps:keys(maps:from_keys(lists:seq(1000, 1040), x))).

compare() ->
    A = pairs(lists:seq(1, 40)),
    B = maps:from_list(lists:reverse(maps:to_list(A))),
    C = A#{40 := 0},
    D = maps:put(41, 41, maps:remove(40, A)),
    E = A#{1 := 1.0},
    ?SHOW(equal, {A =:= B, A == B, A =:= C, A == E, A =:= E}),
    ?SHOW(order, {A < C, C < A, A < D, D < A, A < E, E < A}),
    ?SHOW(sizes, {A < A#{41 => 1}, #{a => 1} < A}),
    F = pairs([I + 0.0 || I <- lists:seq(1, 40)]),
    ?SHOW(float_keys, {A < F, A == F}),
    ?SHOW(sort, [maps:get(40, X) || X <- lists:sort([C, A, D#{40 => 2}])]),
    ?SHOW(nested, {#{A => 1} =:= #{B => 1}, maps:get(B, #{A => found})}).

external() ->
    M = pairs([{I} || I <- lists:seq(1, 50)]),
    Bin = term_to_binary(M),
    ?SHOW(round_trip, {binary_to_term(Bin) =:= M, term_to_binary(binary_to_term(Bin)) =:= Bin}),
    ?SHOW(deterministic, term_to_binary(pairs(lists:seq(1, 33)), [deterministic])),
    ?SHOW(dup_keys, ?CATCH(binary_to_term(<<131, 116, 34:32,
                                               (list_to_binary([[97, I rem 33, 97, 0]
                                                                || I <- lists:seq(1, 34)]))/binary>>))),
    ?SHOW(external_size, erlang:external_size(M) =:= byte_size(Bin)).

%% The first erts_internal:map_next/3 call takes 32 entries when the
%% process has the reductions for it (erl takes fewer when it is short of
%% them: the walk runs first thing in a new process); the iterator after
%% them holds the trie path of the next one.
iterators() ->
    M = pairs(lists:seq(1, 100)),
    Self = self(),
    spawn(fun() -> Self ! {iterated, next_32(M)} end),
    I32 = receive {iterated, I} -> I end,
    [Path | Map] = I32,
    ?SHOW(path, {Path, Map =:= M}),
    ?SHOW(resume, element(1, maps:next(I32))),
    ?SHOW(bad_path, ?CATCH(maps:next([16#ffffff | M]))),
    ?SHOW(small_path, ?CATCH(maps:next([33 | #{a => 1}]))).

next_32(M) ->
    lists:foldl(fun(_, I) -> element(3, maps:next(I)) end, maps:iterator(M), lists:seq(1, 32)).
