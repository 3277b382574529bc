%% Quicksort with list comprehensions over 5000 pseudo-random integers:
%% comparisons, list building and garbage.
-module(bench_qsort).
-export([run/1]).

run(N) -> loop(N, random_list(5000, 12345, []), []).

loop(0, _, Sorted) -> {length(Sorted), hd(Sorted), lists:last(Sorted)};
loop(N, L, _) -> loop(N - 1, L, qsort(L)).

qsort([]) -> [];
qsort([P | T]) -> qsort([X || X <- T, X < P]) ++ [P | qsort([X || X <- T, X >= P])].

%% A linear congruential generator: the same list on every VM.
random_list(0, _, Acc) -> Acc;
random_list(K, X, Acc) ->
    X1 = (X * 1103515245 + 12345) band 16#7FFFFFFF,
    random_list(K - 1, X1, [X1 rem 100000 | Acc]).
