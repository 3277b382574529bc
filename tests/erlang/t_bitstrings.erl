%% Bitstrings (a bit count that is not a multiple of 8): building, the BIFs
%% that accept them or refuse them, comparison, and real bit-level work.
-module(t_bitstrings).
-export([main/0]).
-include("corpus.hrl").

main() ->
    basics(),
    bifs(),
    order(),
    bit_work(),
    errors(),
    erlang:halt(0).

basics() ->
    B = id(<<5:3>>),
    ?SHOW(sizes, {bit_size(B), byte_size(B), bit_size(<<B/bitstring, B/bitstring>>),
                  byte_size(<<B/bitstring, 1:6>>)}),
    ?SHOW(tests, {is_bitstring(B), is_binary(B), is_bitstring(<<B/bitstring, 0:5>>),
                  is_binary(<<B/bitstring, 0:5>>)}),
    ?SHOW(concat, {<<B/bitstring, B/bitstring, B/bitstring>>, <<B/bitstring, 16#FF>>,
                   <<1:1, 2:2, 3:3, 4:4>>}),
    <<Lead:2, Tail/bitstring>> = <<B/bitstring, 1:1>>,
    ?SHOW(match, {Lead, Tail}),
    ?SHOW(empty, {<<>> =:= <<0:0>>, bit_size(<<>>)}).

bifs() ->
    B = id(<<1, 2, 3:5>>),
    ?SHOW(to_list, {bitstring_to_list(B), bitstring_to_list(id(<<7:3>>)), bitstring_to_list(id(<<>>))}),
    ?SHOW(from_list, {list_to_bitstring(id([1, <<2:3>>, [<<1:1>>]])), list_to_bitstring(id([<<>>]))}),
    ?SHOW(part_of_bits, binary_part(id(<<1, 2, 3:5>>), 0, 2)),
    ?SHOW(term_to_binary, binary_to_term(term_to_binary(B)) =:= B),
    ?SHOW(phash2, erlang:phash2(B)).

%% Bitstrings compare bit by bit, as if the missing bits ended them early.
order() ->
    Values = id([<<1:1>>, <<0:1>>, <<>>, <<0>>, <<1:2>>, <<0:7>>, <<128>>, <<1:1, 0:1>>]),
    ?SHOW(sort, lists:sort(Values)),
    ?SHOW(cmp, {<<1:1>> > <<127>>, <<0:1>> < <<0>>, <<1:7>> =:= <<2:8>>}).

%% Real work: run-length encoding of a bit stream, and a bit-reversal.
bit_work() ->
    Bits = id(<<2#11110000, 2#00110101, 2#1:1>>),
    ?SHOW(rle, rle(Bits)),
    ?SHOW(reverse_bits, reverse_bits(Bits, <<>>)),
    ?SHOW(popcount, lists:sum([B || <<B:1>> <= Bits])).

rle(<<>>) -> [];
rle(<<B:1, Rest/bitstring>>) -> run(Rest, B, 1).

run(<<B:1, Rest/bitstring>>, B, N) -> run(Rest, B, N + 1);
run(Rest, B, N) -> [{B, N} | rle(Rest)].

reverse_bits(<<>>, Acc) -> Acc;
reverse_bits(<<B:1, Rest/bitstring>>, Acc) -> reverse_bits(Rest, <<B:1, Acc/bitstring>>).

errors() ->
    B = id(<<1:3>>),
    ?SHOW(to_list, ?CATCH(binary_to_list(B))),
    ?SHOW(list_to_binary, ?CATCH(list_to_binary([B]))),
    ?SHOW(iolist_size, ?CATCH(iolist_size([B]))),
    ?SHOW(binary_to_term, ?CATCH(binary_to_term(B))),
    ?SHOW(as_binary, ?CATCH(<<B/binary>>)),
    ?SHOW(byte_match, ?CATCH(begin <<_/binary>> = B, ok end)).
