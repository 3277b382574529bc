%% erlang:halt/1 with a status other than 0: output written before the
%% halt must all arrive, and the VM must exit with exactly that status.
-module(t_halt).
-export([main/0]).
-include("corpus.hrl").

main() ->
    [?SHOW(line, N) || N <- lists:seq(1, 100)],
    erlang:halt(id(3)),
    ?SHOW(never_printed, ok).
