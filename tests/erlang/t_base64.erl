%% base64: encoding and decoding of binaries and strings at every padding
%% length, MIME decoding that skips what is not base64, round trips over
%% many lengths, and the errors.
-module(t_base64).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?SHOW(padding, [base64:encode(id(B)) || B <- [<<>>, <<"f">>, <<"fo">>, <<"foo">>, <<"foob">>,
                                                  <<"fooba">>, <<"foobar">>]]),
    ?SHOW(all_bytes, base64:encode(list_to_binary(lists:seq(0, 255)))),
    ?SHOW(strings, {base64:encode_to_string(id("hello")), base64:encode(id("hello")),
                    base64:decode_to_string(id("aGVsbG8=")), base64:decode(id("aGVsbG8="))}),
    ?SHOW(decode, [base64:decode(id(E)) || E <- [<<"">>, <<"Zg==">>, <<"Zm8=">>, <<"Zm9v">>, <<"+/+/">>]]),
    ?SHOW(mime_decode, {base64:mime_decode(id(<<"Zm9v\r\nYmFy">>)), base64:mime_decode(id(<<"Zm9v!!YmFy">>)),
                        base64:mime_decode_to_string(id("Zm9 vYm Fy"))}),
    ?SHOW(round_trips, [N || N <- lists:seq(0, id(300)),
                             begin
                                 B = << <<((I * 37 + N) rem 256)>> || I <- lists:seq(1, N) >>,
                                 base64:decode(base64:encode(B)) =/= B
                             end]),
    ?SHOW(encoded_lengths, [byte_size(base64:encode(binary:copy(<<0>>, N))) || N <- [0, 1, 2, 3, 4, 100, 1000]]),
    Big = binary:copy(<<"The quick brown fox jumps over the lazy dog. ">>, 2000),
    Encoded = base64:encode(Big),
    ?SHOW(large, {byte_size(Encoded), binary:part(Encoded, 0, 20), base64:decode(Encoded) =:= Big,
                  erlang:phash2(Encoded)}),
    ?SHOW(bad_char, ?CATCH(base64:decode(id(<<"Zm9v!">>)))),
    ?SHOW(bad_length, ?CATCH(base64:decode(id(<<"Zm9">>)))),
    ?SHOW(bad_padding, ?CATCH(base64:decode(id(<<"Z===">>)))),
    ?SHOW(not_binary, ?CATCH(base64:encode(id(an_atom)))),
    erlang:halt(0).
