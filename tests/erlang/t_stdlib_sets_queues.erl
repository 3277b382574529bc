%% Set and queue containers of stdlib doing real work: sets (both
%% versions), ordsets, gb_sets and queue. sets' own order is a hash order,
%% so their contents are printed sorted.
-module(t_stdlib_sets_queues).
-export([main/0]).
-include("corpus.hrl").

main() ->
    sets(),
    ordsets(),
    gb_sets(),
    queues(),
    sieve(),
    erlang:halt(0).

sorted(Set) -> lists:sort(sets:to_list(Set)).

sets() ->
    [begin
         A = sets:from_list(lists:seq(1, id(60), 2), Opts),
         B = sets:from_list(lists:seq(1, 60, 3), Opts),
         ?SHOW({Opts, sizes}, {sets:size(A), sets:size(B), sets:is_element(7, A), sets:is_element(8, A)}),
         ?SHOW({Opts, union}, sets:size(sets:union(A, B))),
         ?SHOW({Opts, intersection}, sorted(sets:intersection(A, B))),
         ?SHOW({Opts, subtract}, lists:sublist(sorted(sets:subtract(B, A)), 5)),
         ?SHOW({Opts, predicates}, {sets:is_subset(sets:from_list([1, 3], Opts), A),
                                    sets:is_disjoint(A, sets:from_list([2, 4], Opts)),
                                    sets:is_empty(sets:new(Opts)), sets:is_set(A)}),
         ?SHOW({Opts, add_del}, sorted(sets:del_element(1, sets:add_element(0, sets:from_list([1, 2], Opts))))),
         ?SHOW({Opts, fold_filter}, {sets:fold(fun(X, Acc) -> X + Acc end, 0, A),
                                     sorted(sets:filter(fun(X) -> X > 50 end, A))})
     end || Opts <- [[{version, 1}], [{version, 2}]]],
    ?SHOW(versions_agree, sorted(sets:from_list([c, a, b], [{version, 1}]))
                          =:= sorted(sets:from_list([b, c, a], [{version, 2}]))).

ordsets() ->
    A = ordsets:from_list(id([d, b, a, c, b])),
    B = ordsets:from_list([c, d, e]),
    ?SHOW(ordsets, {A, ordsets:union(A, B), ordsets:intersection(A, B), ordsets:subtract(A, B)}),
    ?SHOW(ordsets_more, {ordsets:add_element(aa, A), ordsets:del_element(a, A), ordsets:is_element(c, A),
                         ordsets:union([A, B, [z]]), ordsets:intersection([A, B, [d]]),
                         ordsets:is_subset([a, b], A), ordsets:is_disjoint(A, [x])}).

gb_sets() ->
    S = gb_sets:from_list([(I * 31) rem 97 || I <- lists:seq(1, id(200))]),
    ?SHOW(gb_size_minmax, {gb_sets:size(S), gb_sets:smallest(S), gb_sets:largest(S)}),
    ?SHOW(gb_ops, {gb_sets:is_member(50, S), gb_sets:to_list(gb_sets:filter(fun(X) -> X > 90 end, S)),
                   gb_sets:to_list(gb_sets:difference(S, gb_sets:from_list(lists:seq(5, 96))))}),
    {Min, Rest} = gb_sets:take_smallest(S),
    ?SHOW(gb_take, {Min, gb_sets:size(Rest)}),
    ?SHOW(gb_iterator, first_n(gb_sets:next(gb_sets:iterator_from(40, S)), 4)),
    ?SHOW(gb_union, gb_sets:to_list(gb_sets:union(gb_sets:from_list([3, 1]), gb_sets:singleton(2)))).

first_n(none, _) -> [];
first_n(_, 0) -> [];
first_n({X, I}, N) -> [X | first_n(gb_sets:next(I), N - 1)].

queues() ->
    Q = lists:foldl(fun queue:in/2, queue:new(), lists:seq(1, id(10))),
    ?SHOW(queue_basics, {queue:len(Q), queue:to_list(Q), queue:peek(Q), queue:peek_r(Q), queue:is_empty(Q)}),
    {{value, First}, Q1} = queue:out(Q),
    {{value, Last}, Q2} = queue:out_r(Q1),
    ?SHOW(queue_out, {First, Last, queue:to_list(Q2)}),
    ?SHOW(queue_in_r, queue:to_list(queue:in_r(0, Q))),
    ?SHOW(queue_empty_out, queue:out(queue:new())),
    ?SHOW(queue_ops, {queue:to_list(queue:reverse(Q2)), queue:to_list(queue:join(Q2, queue:from_list([a]))),
                      queue:member(5, Q), queue:to_list(queue:filter(fun(X) -> X rem 3 =:= 0 end, Q))}),
    {Front, Back} = queue:split(3, Q),
    ?SHOW(queue_split, {queue:to_list(Front), queue:to_list(Back)}),
    ?SHOW(queue_get, {queue:get(Q), queue:get_r(Q), queue:head(Q), queue:last(Q)}),
    ?SHOW(queue_drop, {queue:to_list(queue:drop(Q)), queue:to_list(queue:drop_r(Q))}),
    ?SHOW(bfs, bfs(queue:from_list([1]), [], 15)),
    ?SHOW(empty_get, ?CATCH(queue:get(queue:new()))).

%% Breadth-first numbering of a binary tree (children 2N and 2N+1) with a queue.
bfs(_, Seen, 0) -> lists:reverse(Seen);
bfs(Q, Seen, Budget) ->
    {{value, N}, Q1} = queue:out(Q),
    bfs(queue:in(2 * N + 1, queue:in(2 * N, Q1)), [N | Seen], Budget - 1).

%% Real work: primes below 2000 by striking multiples from a set.
sieve() ->
    Limit = id(2000),
    All = sets:from_list(lists:seq(2, Limit), [{version, 2}]),
    Primes = lists:foldl(fun(P, S) ->
                                 case sets:is_element(P, S) andalso P * P =< Limit of
                                     true -> sets:subtract(S, sets:from_list(lists:seq(P * P, Limit, P), [{version, 2}]));
                                     false -> S
                                 end
                         end, All, lists:seq(2, Limit)),
    Sorted = sorted(Primes),
    ?SHOW(primes, {length(Sorted), lists:sublist(Sorted, 10), lists:last(Sorted)}).
