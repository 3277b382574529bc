%% What ling's launcher runs first in the boot process: the services OTP's
%% boot starts before any code of the user's runs, as far as ling has them.
%% Each is OTP's own module:
%%  - the application controller, with kernel's application description
%%    (its .app file) loaded, so that application:get_env/2 and the
%%    crash reports of proc_lib (which ask it for a format depth) work;
%%    kernel's supervision tree is not started -- ling starts what of it
%%    it has below;
%%  - the standard io server, `user` (kernel's user.erl, on a port over
%%    descriptors 0 and 1), made the boot process's group leader, so that
%%    io:format and friends print as on erl;
%%  - the file server, `file_server` (registered as file_server_2), which
%%    kernel's file module calls for every file operation that is not raw.
-module(ling_boot).
-export([start/0]).

start() ->
    {ok, _} = application_controller:start(kernel_app()),
    User = user:start(),
    group_leader(User, self()),
    {ok, _} = file_server:start(),
    ok.

%% kernel's .app file, read and parsed without the file server (which is
%% not up yet).
kernel_app() ->
    File = filename:join(code:lib_dir(kernel), "ebin/kernel.app"),
    {ok, Text} = prim_file:read_file(File),
    {ok, Tokens, _} = erl_scan:string(binary_to_list(Text)),
    {ok, App} = erl_parse:parse_term(Tokens),
    App.
