%% Stand-in for common_test's test_server: what ct.hrl's macros call
%% (?config, ?CT_PEER, ?CT_PEER_NAME) for ling_ct_runner.
-module(test_server).
-export([lookup_config/2, peer_name/2, start_peer/3, start_peer/5]).

lookup_config(Key, Config) ->
    case lists:keyfind(Key, 1, Config) of
        {Key, Value} -> Value;
        false -> undefined
    end.

peer_name(Module, TestCase) ->
    list_to_atom(lists:flatten(
                   io_lib:format("~s-~s-~b", [Module, TestCase, erlang:unique_integer([positive])]))).

%% Peer nodes need distribution (the VM started with -sname) and the peer
%% module; without them such cases fail with a clear reason.
start_peer(Opts, Module, TestCase) when is_list(Opts) ->
    start_peer(maps:from_list(Opts), Module, TestCase);
start_peer(Opts, Module, TestCase) ->
    is_alive() orelse exit(peer_nodes_unavailable_not_distributed),
    Defaults = #{name => peer_name(Module, TestCase),
                 args => ["-pa" | code_path_args()]},
    peer:start_link(maps:merge(Defaults, Opts)).

%% Another OTP release for the peer: none is installed beside this one.
start_peer(_Opts, _Module, _TestCase, _Release, _PrivDir) -> not_available.

%% The peer sees the same test modules (our build folder first).
code_path_args() ->
    [D || D <- code:get_path(), not lists:prefix(code:lib_dir(), D)].
