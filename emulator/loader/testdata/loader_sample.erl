%% A module for the loader's tests: exports, a local function, lambdas,
%% literals of every kind, an import, bit syntax and line information.
-module(loader_sample).
-export([start/0, add/2, adder/1, big/0, pick/1]).

start() ->
    lists:reverse([1, 2, 3]).

add(A, B) ->
    A + B.

adder(N) ->
    fun(X) -> X + N end.

big() ->
    {123456789012345678901234567890, -98765432109876543210, 3.25,
     <<"bytes">>, #{key => value, 1 => [a, "text"]}, fun lists:sort/1}.

pick(<<"tag", Rest/binary>>) -> {tagged, Rest};
pick(X) when is_integer(X), X > 1000000 -> huge;
pick(X) -> helper(X).

helper(X) -> {other, X}.
