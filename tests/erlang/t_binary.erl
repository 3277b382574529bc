%% Binaries: small heap binaries, large reference-counted ones, sub-binaries
%% made by matching, split_binary and binary_part, iolists, appending in a
%% loop, and comparisons.
-module(t_binary).
-export([main/0]).
-include("corpus.hrl").

main() ->
    heap_and_refc(),
    sub_binaries(),
    iolists(),
    appending(),
    comparisons(),
    errors(),
    erlang:halt(0).

%% BEAM keeps binaries up to 64 bytes on the process heap and larger ones
%% off heap; both must behave the same.
heap_and_refc() ->
    Sizes = [0, 1, 63, 64, 65, 1000, 100000],
    Bins = [list_to_binary([I rem 256 || I <- lists:seq(1, id(N))]) || N <- Sizes],
    ?SHOW(sizes, [{byte_size(B), bit_size(B)} || B <- Bins]),
    ?SHOW(lasts, [binary:last(B) || B <- Bins, B =/= <<>>]),
    ?SHOW(sums, [lists:sum(binary_to_list(B)) || B <- Bins]),
    ?SHOW(small, {id(<<1, 2, 3>>), id(<<"text">>), id(<<>>), binary_to_list(id(<<"abc">>), 2, 3)}).

sub_binaries() ->
    Big = list_to_binary(lists:duplicate(id(1000), <<"0123456789">>)),
    <<Head:10/binary, Mid:5/binary, Rest/binary>> = Big,
    ?SHOW(matched, {Head, Mid, byte_size(Rest), binary:first(Rest)}),
    {L, R} = split_binary(Big, id(9995)),
    ?SHOW(split, {byte_size(L), R}),
    ?SHOW(binary_part, {binary_part(Big, id(3), 4), binary_part(Big, {id(10000), -3}),
                        binary_part(Big, id(0), 0)}),
    %% A sub-binary of a sub-binary.
    <<_:1/binary, Inner:3/binary, _/binary>> = Mid,
    ?SHOW(nested_sub, Inner),
    ?SHOW(words, split_words(id(<<"the quick  brown fox">>), <<>>, [])).

%% Byte-at-a-time matching, as a scanner does it.
split_words(<<>>, <<>>, Acc) -> lists:reverse(Acc);
split_words(<<>>, W, Acc) -> lists:reverse([W | Acc]);
split_words(<<$\s, Rest/binary>>, <<>>, Acc) -> split_words(Rest, <<>>, Acc);
split_words(<<$\s, Rest/binary>>, W, Acc) -> split_words(Rest, <<>>, [W | Acc]);
split_words(<<C, Rest/binary>>, W, Acc) -> split_words(Rest, <<W/binary, C>>, Acc).

iolists() ->
    IoList = id([<<"ab">>, $c, ["de", [<<"f">>]], [] | <<"gh">>]),
    ?SHOW(iolist, {iolist_to_binary(IoList), iolist_size(IoList), list_to_binary(IoList)}),
    ?SHOW(deep, iolist_to_binary(deep(id(500)))),
    ?SHOW(from_list, {list_to_binary(id([])), list_to_binary(id([[], [[]]])), iolist_to_binary(id(<<"x">>))}),
    ?SHOW(bad_iolist, [?CATCH(iolist_to_binary(id(X))) || X <- [[256], [-1], [a], [1 | 2], [1.0], abc]]).

deep(0) -> [];
deep(N) -> [deep(N - 1), integer_to_list(N rem 10)].

%% The append optimisation: a binary that only grows at its end.
appending() ->
    B = append(id(0), <<>>),
    ?SHOW(appended, {byte_size(B), binary:part(B, 0, 8), binary:part(B, byte_size(B) - 4, 4)}),
    %% Appending to an older version must not disturb the newer one.
    Base = <<B/binary, "x">>,
    V1 = <<Base/binary, "one">>,
    V2 = <<Base/binary, "two">>,
    ?SHOW(shared_prefix, {binary:part(V1, byte_size(V1) - 4, 4), binary:part(V2, byte_size(V2) - 4, 4)}).

append(20000, Acc) -> Acc;
append(N, Acc) -> append(N + 1, <<Acc/binary, (N rem 251):8, (N div 251):8>>).

comparisons() ->
    ?SHOW(cmp, {id(<<1, 2>>) < id(<<1, 3>>), id(<<1, 2>>) < id(<<1, 2, 0>>), id(<<>>) < id(<<0>>),
                id(<<255>>) > id(<<1, 255>>), id(<<"abc">>) =:= id(list_to_binary("abc"))}),
    ?SHOW(sort, lists:sort([id(<<2>>), <<1, 2>>, <<>>, <<1>>, <<1, 1, 1>>])).

errors() ->
    ?SHOW(split_out, ?CATCH(split_binary(id(<<1, 2>>), id(3)))),
    ?SHOW(part_out, ?CATCH(binary_part(id(<<1, 2>>), id(1), 2))),
    ?SHOW(part_negative, ?CATCH(binary_part(id(<<1, 2>>), id(0), -1))),
    ?SHOW(to_list_range, ?CATCH(binary_to_list(id(<<1, 2>>), 2, 1))),
    ?SHOW(byte_size_atom, ?CATCH(byte_size(id(a)))),
    ?SHOW(badmatch, ?CATCH(<<_:4/binary>> = id(<<1, 2, 3>>))).
