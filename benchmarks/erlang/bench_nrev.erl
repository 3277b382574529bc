%% Naive reverse of a 30-element list: the classic LIPS benchmark (496
%% calls per reverse), all list cells and calls.
-module(bench_nrev).
-export([run/1]).

run(N) -> loop(N, lists:seq(1, 30), []).

loop(0, _, Last) -> lists:sum(Last) + hd(Last);
loop(N, L, _) -> loop(N - 1, L, nrev(L)).

nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).

app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].
