%% The second version of code_server_test's module (see ../v1).
-module(reloaded).
-export([version/0]).

version() -> 2.
