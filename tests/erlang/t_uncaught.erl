%% Ends with an error nobody catches: the launcher must report it (erl
%% displays {"init terminating in do_boot", {Reason, Stack}} on stdout) and
%% exit with status 1. The error is raised in this module, so the frames
%% compared are this program's own.
-module(t_uncaught).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?SHOW(before_the_crash, ok),
    check(id({order, 42, [widget]})),
    ?SHOW(never_printed, ok),
    erlang:halt(0).

check({order, Id, Items}) when length(Items) > 1 -> {ok, Id};
check({order, Id, _}) -> error({too_few_items, Id}).
