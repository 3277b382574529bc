%% Maps in the language: construction, update with => and :=, matching in
%% heads and cases, small maps (up to 32 keys, kept sorted) and large ones
%% (a hash trie beyond 32 keys), equality and order, and the errors.
%% Large maps are printed through a sorted list: their own order is a hash
%% order, which no two VMs need to share.
-module(t_maps).
-export([main/0]).
-include("corpus.hrl").

main() ->
    small(),
    matching(),
    keys(),
    large(),
    equality_and_order(),
    errors(),
    erlang:halt(0).

sorted(M) -> lists:sort(maps:to_list(M)).

small() ->
    M = id(#{b => 2, a => 1}),
    ?SHOW(literal, {M, #{}, map_size(M), is_map(M)}),
    ?SHOW(update, {M#{c => 3}, M#{a := 10}, M#{a => 1}, M#{b := 20, z => 26}}),
    ?SHOW(get, {maps:get(a, M), map_get(b, M), is_map_key(c, M)}),
    Built = build(id(32), #{}),
    ?SHOW(thirty_two, {map_size(Built), Built}),
    ?SHOW(variable_keys, begin K = id(key), V = id(val), #{K => V, {K} => [V]} end).

build(0, M) -> M;
build(N, M) -> build(N - 1, M#{N => N * N}).

matching() ->
    ?SHOW(head, [area(id(S)) || S <- [#{shape => square, side => 3}, #{shape => circle, r => 1},
                                      #{side => 2}]]),
    #{a := A, b := #{c := C}} = id(#{a => 1, b => #{c => 2, d => 3}, e => 4}),
    ?SHOW(nested, {A, C}),
    K = id(dyn),
    ?SHOW(bound_key, case id(#{dyn => found}) of #{K := V} -> V; _ -> none end),
    ?SHOW(empty_pattern, case id(#{x => 1}) of #{} -> any_map end),
    ?SHOW(in_guard, [classify(id(X)) || X <- [#{}, #{a => 1}, [], #{a => 1, b => 2}]]).

area(#{shape := square, side := S}) -> S * S;
area(#{shape := circle}) -> round;
area(#{}) -> unknown.

classify(M) when map_size(M) =:= 0 -> empty;
classify(M) when is_map_key(b, M) -> has_b;
classify(M) when is_map(M) -> other_map;
classify(_) -> not_a_map.

%% Keys are compared exactly: 1 and 1.0 are two keys.
keys() ->
    M = id(#{1 => int, 1.0 => float, "1" => string, <<"1">> => binary, '1' => atom,
             {1} => tuple, [1] => list, #{1 => 1} => map}),
    ?SHOW(key_kinds, {map_size(M), maps:get(1, M), maps:get(1.0, M), maps:get(#{1 => 1}, M)}),
    ?SHOW(key_order, maps:keys(M)),
    Big = id(1 bsl 100),
    ?SHOW(big_key, maps:get(Big, #{Big => big, -Big => negative})).

%% More than 32 keys: BEAM switches to a hash trie. Removing keys down to
%% 32 leaves a map equal to the small one built directly.
large() ->
    M = build(id(1000), #{}),
    ?SHOW(size, map_size(M)),
    ?SHOW(lookups, {maps:get(1, M), maps:get(777, M), maps:get(1000, M), maps:find(1001, M)}),
    M2 = M#{500 := updated, 2000 => added},
    ?SHOW(updated, {maps:get(500, M2), maps:get(500, M), map_size(M2), maps:get(2000, M2)}),
    Shrunk = remove_from(id(1000), 33, M),
    ?SHOW(shrunk, {map_size(Shrunk), sorted(Shrunk) =:= sorted(build(32, #{}))}),
    ?SHOW(shrunk_display, sorted(Shrunk)),
    Atoms = maps:from_list([{list_to_atom("k" ++ integer_to_list(I)), I} || I <- lists:seq(1, id(40))]),
    ?SHOW(atom_keys, {map_size(Atoms), maps:get(k40, Atoms), lists:sum(maps:values(Atoms))}),
    #{k1 := One, k33 := ThirtyThree} = Atoms,
    ?SHOW(large_match, {One, ThirtyThree}),
    ?SHOW(sorted_first, lists:sublist(sorted(Atoms), 5)).

remove_from(N, Stop, M) when N < Stop -> M;
remove_from(N, Stop, M) -> remove_from(N - 1, Stop, maps:remove(N, M)).

%% Equality does not depend on insertion order; order compares size, then
%% keys in term order, then values.
equality_and_order() ->
    Up = build(id(100), #{}),
    Down = maps:from_list(lists:reverse(maps:to_list(Up))),
    ?SHOW(equal_large, {Up =:= Down, Up == Down, Up =:= Down#{1 := 2}}),
    ?SHOW(equal_small, {#{a => 1, b => 2} =:= id(#{b => 2, a => 1}), #{1 => a} == id(#{1.0 => a}),
                        #{1 => a} =:= id(#{1.0 => a})}),
    ?SHOW(order, lists:sort(id([#{b => 1}, #{a => 2}, #{a => 1}, #{a => 1, b => 0}, #{}, #{1 => x}]))),
    ?SHOW(vs_other_types, lists:sort(id([#{}, {}, [], <<>>, 1, a]))).

errors() ->
    M = id(#{a => 1}),
    ?SHOW(badkey_update, ?CATCH(M#{b := 2})),
    ?SHOW(badmap_update, ?CATCH((id(not_a_map))#{a => 1})),
    ?SHOW(badkey_get, ?CATCH(maps:get(b, M))),
    ?SHOW(badkey_map_get, ?CATCH(map_get(b, M))),
    ?SHOW(badmap_get, ?CATCH(maps:get(a, id([])))),
    ?SHOW(badmatch, ?CATCH(begin #{b := _} = M, ok end)),
    ?SHOW(map_size_list, ?CATCH(map_size(id([])))).
