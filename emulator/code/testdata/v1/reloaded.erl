%% The first version of a module code_server_test loads, replaces, deletes
%% and purges: it exports a function the second version drops.
-module(reloaded).
-export([version/0, only_in_v1/0]).

version() -> 1.

only_in_v1() -> gone_in_v2.
