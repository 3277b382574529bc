%% Building a 40 KB binary by appending 10,000 small segments, then
%% parsing it back with the bit syntax: the append optimisation and match
%% contexts.
-module(bench_binary).
-export([run/1]).

-define(RECORDS, 10000).

run(N) -> loop(N, 0).

loop(0, Last) -> Last;
loop(N, _) -> loop(N - 1, parse(build(?RECORDS, <<>>), 0)).

build(0, Acc) -> Acc;
build(K, Acc) -> build(K - 1, <<Acc/binary, (K rem 256):8, K:16/little, 1:1, (K rem 128):7>>).

parse(<<>>, Sum) -> Sum;
parse(<<A:8, B:16/little, _:1, C:7, Rest/binary>>, Sum) -> parse(Rest, Sum + A + B + C).
