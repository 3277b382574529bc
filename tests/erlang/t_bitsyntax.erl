%% Bit syntax: construction and matching of every segment type, with
%% endianness, signedness, units, dynamic sizes, UTF encodings, binary
%% comprehensions, and the construction and match failures.
-module(t_bitsyntax).
-export([main/0]).
-include("corpus.hrl").

main() ->
    integers(),
    floats(),
    binaries(),
    utf(),
    dynamic_sizes(),
    comprehensions(),
    parsing(),
    construction_errors(),
    integer_appends(),
    match_failures(),
    built_then_used(),
    erlang:halt(0).

integers() ->
    N = id(16#12345678),
    ?SHOW(big_endian, <<N:32, N:16, N:8>>),
    ?SHOW(little_endian, <<N:32/little, N:16/little, N:24/little>>),
    ?SHOW(negative, {<<(id(-1)):8, (id(-2)):16, (id(-3)):16/little>>, <<(id(-1)):4, 0:4>>}),
    ?SHOW(truncated, {<<(id(256)):8>>, <<(id(16#1FF)):4>>, <<(id(1 bsl 70)):8>>}),
    ?SHOW(wide, {<<(id(1 bsl 70) + 1):72>>, <<(id(-(1 bsl 70))):80/little>>}),
    Bin = id(<<255, 254, 1, 2, 3, 4, 5, 6, 7, 8>>),
    <<U8, S8/signed, U16:16, S16L:16/little-signed, Rest/binary>> = Bin,
    ?SHOW(match_int, {U8, S8, U16, S16L, Rest}),
    <<Big:64/big, _/binary>> = <<Rest/binary, Rest/binary>>,
    <<BigS:64/signed-little>> = id(<<0, 0, 0, 0, 0, 0, 0, 128>>),
    ?SHOW(match_wide, {Big, BigS}),
    <<A:3, B:5, C:12, D:4>> = id(<<16#A5, 16#C3, 16#F0>>),
    ?SHOW(unaligned, {A, B, C, D}),
    ?SHOW(unit, {<<(id(5)):2/unit:8>>, <<(id(<<1, 2, 3, 4>>)):2/binary-unit:16>>}).

floats() ->
    ?SHOW(build_float, {<<(id(1.5)):64/float>>, <<(id(1.5)):32/float>>, <<(id(-2.0)):32/float-little>>,
                        <<(id(1)):64/float>>, <<(id(0.1)):16/float>>}),
    <<F64:64/float, F32:32/float, F16:16/float>> = id(<<1.25:64/float, 0.5:32/float, 3.0:16/float>>),
    ?SHOW(match_float, {F64, F32, F16}),
    %% Too large for 32 bits: OTP 25 writes infinity rather than failing.
    ?SHOW(float_overflow_32, ?CATCH(<<(id(1.0e300)):32/float>>)),
    %% Bit patterns that are not a float (inf, NaN) do not match a float.
    ?SHOW(nan, case id(<<16#7FF8000000000000:64>>) of <<X:64/float>> -> X; _ -> no_match end),
    ?SHOW(inf, case id(<<16#7F800000:32>>) of <<X32:32/float>> -> X32; _ -> no_match end).

binaries() ->
    B = id(<<"hello">>),
    ?SHOW(embed, {<<B/binary, " world">>, <<B:2/binary>>, <<(id(<<1:1, 0:2>>))/bitstring, 1:5>>}),
    ?SHOW(strings, {<<"abc">>, <<"abc"/utf8>>, <<"a", 0, "b">>, <<$a, $b:16>>}),
    <<First:1/binary, _:3/binary, Last/binary>> = B,
    ?SHOW(match_bin, {First, Last}),
    <<Prefix:2/bytes, Tail/bits>> = id(<<1, 2, 3:3>>),
    ?SHOW(match_bits, {Prefix, Tail, bit_size(Tail)}),
    ?SHOW(literal_prefix, case B of <<"he", R/binary>> -> R; _ -> none end).

utf() ->
    Chars = id([$a, 16#e9, 16#20ac, 16#1f600]),
    U8 = << <<C/utf8>> || C <- Chars >>,
    U16 = << <<C/utf16>> || C <- Chars >>,
    U32L = << <<C/utf32-little>> || C <- Chars >>,
    ?SHOW(encode, {U8, U16, U32L}),
    ?SHOW(decode, {[C || <<C/utf8>> <= U8], [C || <<C/utf16>> <= U16], [C || <<C/utf32-little>> <= U32L]}),
    ?SHOW(bad_code_point, {?CATCH(<<(id(16#D800))/utf8>>), ?CATCH(<<(id(16#110000))/utf8>>),
                           ?CATCH(<<(id(-1))/utf16>>)}),
    ?SHOW(bad_utf8, case id(<<16#C3, 16#28>>) of <<X/utf8, _/binary>> -> X; _ -> no_match end),
    ?SHOW(overlong, case id(<<16#C0, 16#80>>) of <<Y/utf8>> -> Y; _ -> no_match end).

%% A size taken from an earlier segment of the same match, or a variable.
dynamic_sizes() ->
    Packet = id(<<3, "abc", 2, "de", 0>>),
    ?SHOW(length_prefixed, fields(Packet)),
    Size = id(12),
    ?SHOW(var_size, {<<(id(4095)):Size>>, <<(id(1)):(Size div 2)/unit:2>>}),
    <<X:Size, Y:(16 - Size)>> = id(<<16#AB, 16#CD>>),
    ?SHOW(var_size_match, {X, Y}),
    <<Len:8, Body:Len/binary, More/binary>> = id(<<2, 7, 8, 9>>),
    ?SHOW(len_match, {Len, Body, More}),
    ?SHOW(zero_size, {<<(id(5)):0>>, case id(<<>>) of <<Z:0>> -> Z end}).

fields(<<0>>) -> [];
fields(<<N, Field:N/binary, Rest/binary>>) -> [Field | fields(Rest)].

comprehensions() ->
    ?SHOW(bin_from_list, << <<(X * 2)>> || X <- id([1, 2, 3]) >>),
    ?SHOW(bin_from_bin, << <<(B + 1)>> || <<B>> <= id(<<"HAL">>) >>),
    ?SHOW(list_from_bin, [{R, G, B} || <<R, G, B>> <= id(<<1, 2, 3, 4, 5, 6, 7>>)]),
    ?SHOW(bits_from_bin, << <<B:1>> || <<B:4>> <= id(<<16#10, 16#01>>) >>),
    ?SHOW(filtered, << <<C>> || <<C>> <= id(<<"a1b2c3">>), C >= $a >>),
    ?SHOW(nibbles, [N || <<N:4>> <= id(<<16#AB, 16#CD>>)]).

%% Real work: a TLV decoder over a binary built with the bit syntax.
parsing() ->
    Msg = << <<Tag:4, (byte_size(V)):12, V/binary>> || {Tag, V} <- id([{1, <<"id">>}, {2, <<7, 8>>},
                                                                       {15, <<>>}]) >>,
    ?SHOW(tlv_encoded, Msg),
    ?SHOW(tlv_decoded, tlv(Msg)).

tlv(<<>>) -> [];
tlv(<<Tag:4, Len:12, V:Len/binary, Rest/binary>>) -> [{Tag, V} | tlv(Rest)].

construction_errors() ->
    ?SHOW(atom_as_int, ?CATCH(<<(id(a)):8>>)),
    ?SHOW(float_as_int, ?CATCH(<<(id(1.5)):8>>)),
    ?SHOW(negative_size, ?CATCH(<<(id(1)):(id(-1))>>)),
    ?SHOW(bad_size, ?CATCH(<<(id(1)):(id(a))>>)),
    ?SHOW(short_binary, ?CATCH(<<(id(<<1>>)):2/binary>>)),
    ?SHOW(bits_as_binary, ?CATCH(<<(id(<<1:1>>))/binary>>)),
    ?SHOW(float_bad_size, ?CATCH(<<(id(1.0)):(id(24))/float>>)),
    ?SHOW(list_as_binary, ?CATCH(<<(id([1]))/binary>>)).

%% Integer segments of constant sizes after an append: values that are not
%% smalls, and bases that are no binary, take the general way.
integer_appends() ->
    B = id(<<1, 2>>),
    ?SHOW(append_bignum, <<B/binary, (id(1 bsl 70) + 5):8, (id(3)):8>>),
    ?SHOW(append_atom, ?CATCH(<<B/binary, (id(a)):8>>)),
    ?SHOW(append_to_atom, ?CATCH(<<(id(a))/binary, 1:8>>)),
    ?SHOW(append_to_bits, {?CATCH(<<(id(<<1:3>>))/binary, 1:8>>), <<(id(<<1:3>>))/bits, 1:5>>}),
    ?SHOW(append_nothing, <<B/binary, (id(5)):0>>),
    ?SHOW(full_words, <<(id(-1)):64, (id(-2)):64/little, (id(1 bsl 58)):59, (id(-3)):3>>),
    <<S:60/signed>> = <<(id(-1)):60>>,
    <<U:59>> = <<(id(-1)):59>>,
    <<W:60>> = <<(id(-1)):60>>,
    <<L:59/little, _:5>> = <<(id(1 bsl 58)):59/little, 0:5>>,
    ?SHOW(small_edges, {S, U, W, L}).

match_failures() ->
    ?SHOW(too_short, ?CATCH(begin <<_:32>> = id(<<1, 2, 3>>), ok end)),
    ?SHOW(too_long, ?CATCH(begin <<_:16>> = id(<<1, 2, 3>>), ok end)),
    ?SHOW(not_binary, ?CATCH(begin <<_:8>> = id(a), ok end)),
    ?SHOW(case_fall_through, case id(<<1:7>>) of <<_:8>> -> byte; <<_/binary>> -> binary;
                                                 <<_/bitstring>> -> bits end).

%% A term built right after a binary, at every fill of the heap: the
%% construction keeps free the words the code after it builds without a heap
%% test (the line reader of OTP's prim_file, which ran over its stack frame).
%% The padding tuple moves the heap's fill word by word between collections.
built_then_used() ->
    ?SHOW(built_then_used, built_then_used(20000, 0)).

built_then_used(0, Sum) ->
    Sum;
built_then_used(N, Sum) ->
    Pad = erlang:make_tuple(N rem 7, N),
    {ok, Line} = crlf_to_lf(<<(binary:copy(<<"x">>, N rem 40))/binary, "\r\n">>),
    built_then_used(N - 1, Sum + byte_size(Line) + tuple_size(Pad)).

crlf_to_lf(Raw) ->
    Size = byte_size(Raw) - 2,
    case id(Raw) of
        <<Line:Size/binary, "\r\n">> -> {ok, <<Line/binary, "\n">>};
        Line -> {ok, Line}
    end.
