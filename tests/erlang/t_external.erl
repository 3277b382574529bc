%% The external term format: the exact bytes of term_to_binary for terms
%% whose encoding is fixed, round trips for every kind of term, the options
%% (compressed, minor_version, safe, used), and malformed input. Maps
%% beyond 32 keys are only round-tripped: their encoding follows the hash
%% order.
-module(t_external).
-export([main/0]).
-include("corpus.hrl").

main() ->
    encodings(),
    round_trips(),
    options(),
    decoding(),
    malformed(),
    erlang:halt(0).

encodings() ->
    Terms = [0, 255, 256, -1, 1 bsl 31, -(1 bsl 31), 1 bsl 64, -(1 bsl 300), 1.5, -0.0, atom, '',
             true, "abc", [], [1, 300], [a | b], {}, {1, two}, <<1, 2, 3>>, <<1:3>>, <<>>,
             #{a => 1, 1 => a}, fun lists:map/2],
    [?SHOW(T, term_to_binary(id(T))) || T <- Terms],
    ?SHOW(long_string_prefix, binary:part(term_to_binary(id(lists:seq(1, 300))), 0, 8)),
    ?SHOW(large_tuple_prefix, binary:part(term_to_binary(erlang:make_tuple(id(300), x)), 0, 6)),
    ?SHOW(unicode_atom, term_to_binary(list_to_atom(id([16#3b1])))),
    ?SHOW(external_size, [erlang:external_size(id(T)) || T <- [0, atom, {1, 2}, <<0:800>>]]).

round_trips() ->
    Ref = make_ref(),
    Terms = [1 bsl 1000, -(1 bsl 1000), 1.0e-300, math:pi(), 'quoted atom', list_to_atom([16#1f600]),
             lists:seq(1, 1000), binary:copy(<<"x">>, 100000), <<1, 2, 3:5>>,
             erlang:make_tuple(1000, {nested, [list]}), maps:from_list([{I, I} || I <- lists:seq(1, 100)]),
             fun erlang:abs/1, fun(X) -> X end, Ref, self(), deep(1000),
             [#{k => <<"v">>}, {[]}, [[]], ""]],
    ?SHOW(round_trip, [binary_to_term(term_to_binary(id(T))) =:= T || T <- Terms]),
    ?SHOW(round_trip_compressed, [binary_to_term(term_to_binary(id(T), [compressed])) =:= T || T <- Terms]),
    ?SHOW(sub_binary, binary_to_term(term_to_binary(binary:part(id(<<"0123456789">>), 2, 3)))).

deep(0) -> leaf;
deep(N) -> [deep(N - 1)].

options() ->
    Big = id(binary:copy(<<"abc">>, 1000)),
    Plain = term_to_binary(Big),
    Packed = term_to_binary(Big, [compressed]),
    %% The compressed bytes are zlib's business; only their shape is checked.
    ?SHOW(compressed, {byte_size(Plain), binary:part(Packed, 0, 2), byte_size(Packed) < 100,
                       binary_to_term(Packed) =:= Big}),
    ?SHOW(compressed_small, term_to_binary(id(a), [compressed]) =:= term_to_binary(a)),
    ?SHOW(minor_version_0, term_to_binary(id(1.5), [{minor_version, 0}])),
    ?SHOW(minor_version_1, term_to_binary(id(1.5), [{minor_version, 1}])),
    Bin = term_to_binary(id({hello, world})),
    ?SHOW(used, binary_to_term(<<Bin/binary, "trailing">>, [used])),
    ?SHOW(safe_known_atom, binary_to_term(<<131, 100, 0, 5, "hello">>, [safe])),
    %% The name exists only as text: safe refuses to make a new atom.
    Unknown = id(<<131, 100, 0, 21, "t_external_never_made">>),
    ?SHOW(safe_new_atom, ?CATCH(binary_to_term(Unknown, [safe]))),
    ?SHOW(unsafe_new_atom, ?CATCH(binary_to_term(Unknown))).

%% Hand-made encodings, including the older tags a decoder must accept.
decoding() ->
    Cases = [<<131, 97, 42>>,                                % SMALL_INTEGER_EXT
             <<131, 98, 255, 255, 255, 254>>,                % INTEGER_EXT, negative
             <<131, 110, 2, 1, 0, 1>>,                       % SMALL_BIG_EXT, negative 256
             <<131, 111, 0, 0, 0, 1, 0, 7>>,                 % LARGE_BIG_EXT
             <<131, 99, "1.50000000000000000000e+00", 0:40>>, % FLOAT_EXT (text)
             <<131, 70, 63, 248, 0, 0, 0, 0, 0, 0>>,         % NEW_FLOAT_EXT
             <<131, 115, 2, "ok">>,                          % SMALL_ATOM_EXT
             <<131, 118, 0, 2, 206, 177>>,                   % ATOM_UTF8_EXT
             <<131, 119, 1, $x>>,                            % SMALL_ATOM_UTF8_EXT
             <<131, 107, 0, 2, 1, 2>>,                       % STRING_EXT
             <<131, 108, 0, 0, 0, 1, 97, 1, 97, 2>>,         % LIST_EXT, improper
             <<131, 104, 0>>,                                % SMALL_TUPLE_EXT, empty
             <<131, 105, 0, 0, 0, 1, 106>>,                  % LARGE_TUPLE_EXT
             <<131, 116, 0, 0, 0, 1, 97, 1, 97, 2>>,         % MAP_EXT
             <<131, 109, 0, 0, 0, 2, 9, 8>>,                 % BINARY_EXT
             <<131, 77, 0, 0, 0, 1, 3, 160>>,                % BIT_BINARY_EXT
             <<131, 113, 100, 0, 5, "lists", 100, 0, 3, "seq", 97, 2>>],  % EXPORT_EXT
    ?SHOW(decoded, [binary_to_term(id(B)) || B <- Cases]).

malformed() ->
    Bad = [<<>>, <<131>>, <<130, 97, 1>>, <<131, 97>>, <<131, 107, 0, 5, 1>>, <<131, 200>>,
           <<131, 104, 2, 97, 1>>, <<131, 109, 0, 0, 0, 9, 1>>, <<131, 80, 0, 0, 0, 10, 1, 2>>,
           <<131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 97, 1, 97, 3>>],
    ?SHOW(malformed, [?CATCH(binary_to_term(id(B))) || B <- Bad]),
    ?SHOW(not_binary, ?CATCH(binary_to_term(id("abc")))),
    ?SHOW(bad_option, ?CATCH(term_to_binary(id(a), [no_such_option]))),
    ?SHOW(bad_b2t_option, ?CATCH(binary_to_term(term_to_binary(a), id([no_such_option])))).
