%% erlang:phash2/1,2 (and the older phash/2), whose values are part of
%% Erlang's contract: stable across runs, machines and releases, so code
%% stores them and distributes work by them. Also crc32, adler32 and md5.
%% Local funs are left out: their hash depends on the compiled module.
-module(t_phash).
-export([main/0]).
-include("corpus.hrl").

%% Deprecated, but dict and version 1 sets still place their keys with it.
-compile({nowarn_deprecated_function, [{erlang, phash, 2}]}).

main() ->
    Terms = id([0, 1, -1, 255, 256, 1 bsl 27, 1 bsl 32, 1 bsl 60, 1 bsl 64, -(1 bsl 64), 1 bsl 200,
                0.0, 1.0, -1.5, 1.0e300, atom, '', true, "", "abc", [1, 2, 3], [a | b], {}, {a, b},
                <<>>, <<"abc">>, <<1:3>>, <<0:1000>>, #{}, #{a => 1}, #{1 => a, b => [2]},
                maps:from_list([{I, I} || I <- lists:seq(1, 50)]), fun lists:map/2,
                lists:seq(1, 1000), {nested, [{deep, <<"x">>}, #{k => {v}}]}]),
    ?SHOW(phash2, [erlang:phash2(T) || T <- Terms]),
    ?SHOW(phash2_range, [erlang:phash2(T, 1000) || T <- Terms]),
    ?SHOW(phash2_small_ranges, [erlang:phash2(T, R) || T <- [x, "y", 42], R <- [1, 2, 7, 1 bsl 32]]),
    ?SHOW(phash, [erlang:phash(T, 1 bsl 32) || T <- Terms]),
    %% Equal terms hash equally: maps built in different orders, 1 and 1.0 differ.
    M1 = maps:from_list([{I, I} || I <- lists:seq(1, 100)]),
    M2 = maps:from_list([{I, I} || I <- lists:seq(100, 1, -1)]),
    ?SHOW(equal_terms, {erlang:phash2(M1) =:= erlang:phash2(M2), erlang:phash2(1) =:= erlang:phash2(1.0)}),
    ?SHOW(sub_binary, erlang:phash2(binary:part(id(<<"xxabcxx">>), 2, 3)) =:= erlang:phash2(<<"abc">>)),
    %% Distributing keys over 8 buckets, as a sharded store would.
    Buckets = lists:foldl(fun(K, Acc) -> setelement(erlang:phash2(K, 8) + 1, Acc, element(erlang:phash2(K, 8) + 1, Acc) + 1) end,
                          erlang:make_tuple(8, 0), [{user, I} || I <- lists:seq(1, id(10000))]),
    ?SHOW(buckets, Buckets),
    ?SHOW(crc32, {erlang:crc32(id(<<"The quick brown fox jumps over the lazy dog">>)), erlang:crc32(id([])),
                  erlang:crc32(erlang:crc32(<<"ab">>), <<"cd">>) =:= erlang:crc32(<<"abcd">>)}),
    ?SHOW(adler32, {erlang:adler32(id(<<"Wikipedia">>)), erlang:adler32(id(["io", <<"list">>]))}),
    ?SHOW(md5, {erlang:md5(id(<<>>)), erlang:md5(id("abc"))}),
    ?SHOW(md5_incremental, erlang:md5_final(erlang:md5_update(erlang:md5_init(), <<"abc">>)) =:= erlang:md5(<<"abc">>)),
    ?SHOW(bad_range, {?CATCH(erlang:phash2(x, id(0))), ?CATCH(erlang:phash2(x, id(1 bsl 32 + 1)))}),
    erlang:halt(0).
