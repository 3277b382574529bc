%% What ling's launcher runs first in the boot process: the standard io
%% server, OTP's own `user` (kernel's user.erl, on a port over descriptors
%% 0 and 1), made the boot process's group leader, so that io:format and
%% friends print as on erl.
-module(ling_boot).
-export([start_io/0]).

start_io() ->
    User = user:start(),
    group_leader(User, self()),
    ok.
