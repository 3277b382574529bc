%% The binary module: searching (match, matches, split, replace, with
%% precompiled patterns), slicing (part, at, first, last), copying, unsigned
%% integer coding, common prefixes and suffixes, hex coding, and the errors.
-module(t_binary_module).
-export([main/0]).
-include("corpus.hrl").

main() ->
    searching(),
    slicing(),
    numbers_and_hex(),
    csv(),
    errors(),
    erlang:halt(0).

searching() ->
    B = id(<<"the cat sat on the mat">>),
    ?SHOW(match, {binary:match(B, <<"at">>), binary:match(B, [<<"on">>, <<"sat">>]), binary:match(B, <<"dog">>),
                  binary:match(B, <<"the">>, [{scope, {1, 21}}])}),
    ?SHOW(matches, {binary:matches(B, <<"at">>), binary:matches(B, [<<"a">>, <<"at">>]),
                    binary:matches(B, <<"t">>, [{scope, {10, 12}}])}),
    ?SHOW(split, {binary:split(B, <<" ">>), binary:split(B, <<" ">>, [global]),
                  binary:split(<<",a,,b,">>, <<",">>, [global, trim]), binary:split(<<",a,,b,">>, <<",">>, [global, trim_all]),
                  binary:split(B, [<<"cat">>, <<"mat">>], [global])}),
    ?SHOW(replace, {binary:replace(B, <<"at">>, <<"og">>), binary:replace(B, <<"at">>, <<"og">>, [global]),
                    binary:replace(B, <<"the">>, <<"[]">>, [global, {insert_replaced, 1}])}),
    Pattern = binary:compile_pattern([<<"cat">>, <<"mat">>, <<"sat">>]),
    ?SHOW(compiled, {binary:matches(B, Pattern), binary:split(B, Pattern, [global])}),
    Long = binary:copy(<<"abcdefghij">>, 10000),
    ?SHOW(long_haystack, {length(binary:matches(Long, <<"ja">>)), binary:match(Long, <<"jab">>, [{scope, {99990, 10}}])}).

slicing() ->
    B = id(<<"0123456789">>),
    ?SHOW(part, {binary:part(B, 2, 3), binary:part(B, {10, -4}), binary:part(B, 0, 0)}),
    ?SHOW(at_first_last, {binary:at(B, 0), binary:at(B, 9), binary:first(B), binary:last(B)}),
    ?SHOW(copy, {binary:copy(<<"ab">>, 3), binary:copy(<<>>, 5), binary:copy(B)}),
    ?SHOW(lists, {binary:bin_to_list(B, 3, 2), binary:bin_to_list(B, {8, 2}), binary:list_to_bin([<<"x">>, "y", $z])}),
    ?SHOW(prefix_suffix, {binary:longest_common_prefix([<<"interstellar">>, <<"internet">>, <<"interval">>]),
                          binary:longest_common_suffix([<<"running">>, <<"jumping">>]),
                          binary:longest_common_prefix([<<"a">>, <<"b">>])}).

numbers_and_hex() ->
    ?SHOW(decode_unsigned, {binary:decode_unsigned(id(<<1, 0>>)), binary:decode_unsigned(id(<<1, 0>>), little),
                            binary:decode_unsigned(id(<<255, 255, 255, 255, 255, 255, 255, 255, 255>>)),
                            binary:decode_unsigned(id(<<>>))}),
    ?SHOW(encode_unsigned, {binary:encode_unsigned(id(256)), binary:encode_unsigned(id(256), little),
                            binary:encode_unsigned(id(0)), binary:encode_unsigned(id(1 bsl 72))}),
    ?SHOW(hex, {binary:encode_hex(id(<<0, 15, 16, 255>>)), binary:decode_hex(id(<<"00ff10">>)),
                binary:decode_hex(id(<<"ABcd">>))}).

%% Real work: parse a small CSV document into rows and sum a column.
csv() ->
    Doc = id(<<"name,qty,price\nbolt,10,0.25\nnut,250,0.05\nwasher,75,0.02\n">>),
    [Header | Rows] = [binary:split(Line, <<",">>, [global]) || Line <- binary:split(Doc, <<"\n">>, [global, trim_all])],
    ?SHOW(csv_header, Header),
    Qty = lists:sum([binary_to_integer(Q) || [_, Q, _] <- Rows]),
    Value = lists:sum([binary_to_integer(Q) * binary_to_float(P) || [_, Q, P] <- Rows]),
    ?SHOW(csv_totals, {length(Rows), Qty, float_to_list(Value, [{decimals, 2}])}).

errors() ->
    ?SHOW(empty_pattern, ?CATCH(binary:match(id(<<"abc">>), <<>>))),
    ?SHOW(part_out_of_range, ?CATCH(binary:part(id(<<"abc">>), 2, 5))),
    ?SHOW(at_out_of_range, ?CATCH(binary:at(id(<<"abc">>), 3))),
    ?SHOW(first_empty, ?CATCH(binary:first(id(<<>>)))),
    ?SHOW(negative_encode, ?CATCH(binary:encode_unsigned(id(-1)))),
    ?SHOW(bad_hex, ?CATCH(binary:decode_hex(id(<<"abc">>)))),
    ?SHOW(bad_scope, ?CATCH(binary:match(id(<<"abc">>), <<"a">>, [{scope, {2, 5}}]))),
    ?SHOW(not_binary, ?CATCH(binary:split(id("a,b"), <<",">>))).
