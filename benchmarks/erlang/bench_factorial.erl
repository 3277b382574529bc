%% Factorial of 2000 by repeated multiplication: bignum multiplication by a
%% small integer, with results growing to 19,000 bits, and their garbage.
-module(bench_factorial).
-export([run/1]).

run(N) -> loop(N, 0).

loop(0, Last) -> Last rem 1000000007;
loop(N, _) -> loop(N - 1, fact(2000, 1)).

fact(0, Acc) -> Acc;
fact(K, Acc) -> fact(K - 1, Acc * K).
