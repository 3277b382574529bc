%% Takeuchi's function: deep non-tail recursion with three arguments and
%% comparisons.
-module(bench_tak).
-export([run/1]).

run(N) -> loop(N, 0).

loop(0, Last) -> Last;
loop(N, _) -> loop(N - 1, tak(18, 12, 6)).

tak(X, Y, Z) when Y < X -> tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) -> Z.
