%% Doubly recursive Fibonacci: calls, small-integer arithmetic, no data.
-module(bench_fib).
-export([run/1]).

run(N) -> loop(N, 0).

loop(0, Last) -> Last;
loop(N, _) -> loop(N - 1, fib(25)).

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).
