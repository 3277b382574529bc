%% Garbage-heavy loops that make the collector run many times while live
%% data of every kind must survive intact: lists, tuples, bignums, floats,
%% maps, binaries on and off the heap, sub-binaries, and funs in closures.
%% Each loop ends with a checksum of what it kept.
-module(t_gc).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?SHOW(churn_lists, churn_lists(id(2000), [])),
    ?SHOW(keep_growing, keep_growing(id(200000), [], 0)),
    ?SHOW(bignums, bignums(id(20000), 1, 0)),
    ?SHOW(floats, float_to_list(floats(id(300000), 0.0), [{decimals, 6}])),
    ?SHOW(maps, maps_loop(id(50000), #{})),
    ?SHOW(binaries, binaries(id(20000), [], 0)),
    ?SHOW(sub_binaries, sub_binaries(id(5000), [])),
    ?SHOW(closures, closures(id(100000), [])),
    ?SHOW(tree, tree(id(30000))),
    ?SHOW(old_and_young, old_and_young()),
    ?SHOW(forced_collections, forced_collections()),
    ?SHOW(big_frame, big_frame(id(1000))),
    erlang:halt(0).

%% Each round builds and drops a 1000-element list; only its sum stays.
churn_lists(0, Sums) -> {length(Sums), lists:sum(Sums)};
churn_lists(N, Sums) ->
    L = [I * N || I <- lists:seq(1, 1000)],
    churn_lists(N - 1, [lists:sum(lists:reverse(L)) rem 1000003 | Sums]).

%% Live data grows while garbage is made alongside it.
keep_growing(0, Kept, Garbage) -> {length(Kept), lists:sum([A + B || {A, B, _} <- Kept]), Garbage};
keep_growing(N, Kept, Garbage) ->
    Junk = {N, [N, N + 1], {N}},
    G = Garbage + tuple_size(Junk),
    case N rem 10 of
        0 -> keep_growing(N - 1, [{N, N * 2, [N]} | Kept], G);
        _ -> keep_growing(N - 1, Kept, G)
    end.

bignums(0, Acc, Digits) -> {Acc rem 1000000007, Digits};
bignums(N, Acc, Digits) ->
    Big = (Acc * 1103515245 + N) bsl 64,
    bignums(N - 1, (Big bsr 64) rem (1 bsl 200), Digits + (Big rem 7)).

floats(0, Acc) -> Acc;
floats(N, Acc) -> floats(N - 1, Acc + math:sqrt(N) / (N + 0.5)).

maps_loop(0, M) -> {map_size(M), lists:sum(maps:values(M)), maps:get(1234, M)};
maps_loop(N, M) ->
    Tmp = #{a => N, b => [N], c => {N}},
    M1 = M#{N rem 5000 => maps:get(a, Tmp)},
    maps_loop(N - 1, M1).

%% Off-heap binaries (over 64 bytes) made and dropped; some kept.
binaries(0, Kept, Bytes) -> {length(Kept), Bytes, erlang:phash2(Kept)};
binaries(N, Kept, Bytes) ->
    Bin = binary:copy(<<(N rem 256)>>, 100 + N rem 200),
    Small = <<N:32>>,
    K1 = case N rem 100 of 0 -> [{Bin, Small} | Kept]; _ -> Kept end,
    binaries(N - 1, K1, Bytes + byte_size(Bin) + byte_size(Small)).

%% Small slices of large binaries kept while the large ones become garbage.
sub_binaries(0, Kept) -> {length(Kept), iolist_size(Kept), erlang:phash2(Kept)};
sub_binaries(N, Kept) ->
    Large = list_to_binary([<<I:16>> || I <- lists:seq(N, N + 100)]),
    <<_:10/binary, Slice:4/binary, _/binary>> = Large,
    sub_binaries(N - 1, [Slice | Kept]).

closures(0, Funs) -> lists:foldl(fun(F, Acc) -> F(Acc) end, 0, Funs);
closures(N, Funs) when N rem 1000 =:= 0 ->
    Captured = [N, N],
    closures(N - 1, [fun(Acc) -> Acc + lists:sum(Captured) end | Funs]);
closures(N, Funs) ->
    _Garbage = fun(X) -> X + N end,
    closures(N - 1, Funs).

%% A gb_tree rebuilt by insertion and deletion: much of each version dies.
tree(N) ->
    T = lists:foldl(fun(I, Acc) -> gb_trees:enter(I rem 3000, I, Acc) end, gb_trees:empty(), lists:seq(1, N)),
    T2 = lists:foldl(fun(I, Acc) -> gb_trees:delete_any(I, Acc) end, T, lists:seq(0, 2999, 2)),
    {gb_trees:size(T2), lists:sum(gb_trees:values(T2))}.

%% Data made early (long lived) and referred to by data made late.
old_and_young() ->
    Old = [{old, I, integer_to_list(I)} || I <- lists:seq(1, 10000)],
    Young = young(id(200), Old, []),
    {length(Young), lists:sum([length(S) || {_, _, S} <- hd(Young)]), erlang:phash2(Old)}.

young(0, _, Acc) -> Acc;
young(N, Old, Acc) ->
    _Junk = lists:seq(1, 500),
    young(N - 1, Old, [lists:sublist(Old, N, 10) | Acc]).

%% erlang:garbage_collect/0 (a major collection) between loops that make
%% long-lived data old: what is live -- in the heap, on the stack, in refc
%% binaries -- survives it.
forced_collections() ->
    Kept = [{I, integer_to_list(I), binary:copy(<<I>>, 100)} || I <- lists:seq(1, 300)],
    {collect_between(id(100), Kept, 0), erlang:phash2(Kept)}.

collect_between(0, _, Sum) -> Sum;
collect_between(N, Kept, Sum) ->
    Junk = [{N, I} || I <- lists:seq(1, 200)],
    true = erlang:garbage_collect(),
    {_, S, B} = lists:nth(N rem 300 + 1, Kept),
    collect_between(N - 1, Kept, Sum + length(Junk) + length(S) + byte_size(B)).

%% Seventy values live across collections: a frame of more y registers
%% than Allocate's mask covers, each written by the move after a call.
big_frame(N) ->
    V1 = id(N + 0), V2 = id(N + 1), V3 = id(N + 2), V4 = id(N + 3), V5 = id(N + 4),
    V6 = id(N + 5), V7 = id(N + 6), V8 = id(N + 7), V9 = id(N + 8), V10 = id(N + 9),
    V11 = id(N + 10), V12 = id(N + 11), V13 = id(N + 12), V14 = id(N + 13), V15 = id(N + 14),
    V16 = id(N + 15), V17 = id(N + 16), V18 = id(N + 17), V19 = id(N + 18), V20 = id(N + 19),
    V21 = id(N + 20), V22 = id(N + 21), V23 = id(N + 22), V24 = id(N + 23), V25 = id(N + 24),
    V26 = id(N + 25), V27 = id(N + 26), V28 = id(N + 27), V29 = id(N + 28), V30 = id(N + 29),
    V31 = id(N + 30), V32 = id(N + 31), V33 = id(N + 32), V34 = id(N + 33), V35 = id(N + 34),
    V36 = id(N + 35), V37 = id(N + 36), V38 = id(N + 37), V39 = id(N + 38), V40 = id(N + 39),
    V41 = id(N + 40), V42 = id(N + 41), V43 = id(N + 42), V44 = id(N + 43), V45 = id(N + 44),
    V46 = id(N + 45), V47 = id(N + 46), V48 = id(N + 47), V49 = id(N + 48), V50 = id(N + 49),
    V51 = id(N + 50), V52 = id(N + 51), V53 = id(N + 52), V54 = id(N + 53), V55 = id(N + 54),
    V56 = id(N + 55), V57 = id(N + 56), V58 = id(N + 57), V59 = id(N + 58), V60 = id(N + 59),
    V61 = id(N + 60), V62 = id(N + 61), V63 = id(N + 62), V64 = id(N + 63), V65 = id(N + 64),
    V66 = id(N + 65), V67 = id(N + 66), V68 = id(N + 67), V69 = id(N + 68), V70 = id(N + 69),
    true = erlang:garbage_collect(),
    _ = lists:seq(1, 5000),
    L = [V1, V2, V3, V4, V5, V6, V7, V8, V9, V10,
         V11, V12, V13, V14, V15, V16, V17, V18, V19, V20,
         V21, V22, V23, V24, V25, V26, V27, V28, V29, V30,
         V31, V32, V33, V34, V35, V36, V37, V38, V39, V40,
         V41, V42, V43, V44, V45, V46, V47, V48, V49, V50,
         V51, V52, V53, V54, V55, V56, V57, V58, V59, V60,
         V61, V62, V63, V64, V65, V66, V67, V68, V69, V70],
    {length(L), lists:sum(L), erlang:phash2(L)}.
