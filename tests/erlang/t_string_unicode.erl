%% The string module (grapheme-aware, on lists and binaries) and the
%% unicode module: conversions between encodings, normalisation, and the
%% error and incomplete results. Non-ASCII text is printed as UTF-8
%% binaries or code point lists, never as raw Latin-1 bytes.
-module(t_string_unicode).
-export([main/0]).
-include("corpus.hrl").

main() ->
    string_basics(),
    string_unicode(),
    string_numbers(),
    old_string_functions(),
    unicode_conversions(),
    normalisation(),
    erlang:halt(0).

u(Chars) -> unicode:characters_to_binary(Chars).

string_basics() ->
    S = id("  Hello, World  "),
    B = id(<<"a,b,,c">>),
    ?SHOW(trim, {string:trim(S), string:trim(S, leading), string:trim(S, trailing), string:trim("xxaxx", both, "x")}),
    ?SHOW(case_mapping, {string:uppercase(S), string:lowercase(<<"MiXeD">>), string:titlecase("hello"),
                 string:casefold("ABC")}),
    ?SHOW(split, {string:split(B, ","), string:split(B, ",", all), string:split(B, ",", trailing),
                  string:split("a--b--c", "--", all)}),
    ?SHOW(lexemes, {string:lexemes(B, ","), string:lexemes("  one two\tthree\n", " \t\n")}),
    ?SHOW(find, {string:find(S, "o"), string:find(S, "o", trailing), string:find(S, "zz"),
                 string:find(<<"abcabc">>, <<"ca">>)}),
    ?SHOW(replace, {string:replace("a.b.c", ".", "-"), string:replace("a.b.c", ".", "-", all),
                    iolist_to_binary(string:replace(<<"aXbXc">>, "X", "__", all))}),
    ?SHOW(slice, {string:slice("hello world", 6), string:slice(<<"hello world">>, 0, 5), string:slice("abc", 5)}),
    ?SHOW(pad, {string:pad("7", 3, leading, $0), string:pad("ab", 5), string:pad("ab", 6, both, $*)}),
    ?SHOW(misc, {string:length("hello"), string:reverse("abc"), string:is_empty(""), string:is_empty([[], <<>>]),
                 string:equal("abc", <<"abc">>), string:equal("ABC", "abc", true), string:prefix("foobar", "foo"),
                 string:prefix("foobar", "bar"), string:chomp("line\r\n"), string:take("abc123", "abc")}),
    ?SHOW(next, {string:next_grapheme("abc"), string:next_codepoint(<<"xyz">>)}),
    ?SHOW(join_flatten, {lists:flatten(lists:join("/", ["usr", "lib", "erlang"])),
                         unicode:characters_to_list(["ab", <<"cd">>, [$e | <<"f">>]])}).

string_unicode() ->
    Cafe = id([$c, $a, $f, $e, 16#301]),          % e + combining acute: 5 code points, 4 graphemes
    Greek = id([16#3b1, 16#3b2, 16#3b3]),
    ?SHOW(graphemes, {length(Cafe), string:length(Cafe), string:length(u(Cafe)), string:length(Greek)}),
    ?SHOW(reverse_keeps_clusters, u(string:reverse(Cafe))),
    ?SHOW(upper_greek, {u(string:uppercase(Greek)), string:uppercase(u(Greek))}),
    ?SHOW(special_case, {u(string:uppercase([16#df])), u(string:casefold([16#df]))}),
    ?SHOW(slice_unicode, u(string:slice(u([16#3b1, Cafe]), 1, 4))),
    ?SHOW(crlf_one_grapheme, {string:length("a\r\nb"), string:next_grapheme("\r\nx")}),
    ?SHOW(emoji, {string:length([16#1f600, 16#1f600]), byte_size(u([16#1f600]))}).

string_numbers() ->
    ?SHOW(to_integer, [string:to_integer(id(S)) || S <- ["42", "-17abc", "abc", "", "+5", <<"12 x">>]]),
    ?SHOW(to_float, [string:to_float(id(S)) || S <- ["1.5", "2.5e3xyz", "3", "abc", "-0.5"]]).

%% The pre-unicode functions, still used by much code.
old_string_functions() ->
    ?SHOW(old, {string:tokens("a b  c", " "), string:join(["x", "y"], ", "), string:str("hello", "ll"),
                string:rstr("hello", "l"), string:substr("hello", 2, 3), string:chr("hello", $l),
                string:copies("ab", 3), string:words("one two  three"), string:sub_word("a b c", 2),
                string:left("ab", 4, $.), string:right("ab", 4, $.), string:centre("ab", 6),
                string:to_upper("abc"), string:to_lower("ABC"), string:strip("  x  "),
                string:span("abc123", "abc"), string:cspan("abc123", "123")}).

unicode_conversions() ->
    Chars = id([$a, 16#e9, 16#20ac, 16#1f600]),
    Utf8 = unicode:characters_to_binary(Chars),
    ?SHOW(encodings, {Utf8, unicode:characters_to_binary(Chars, unicode, utf16),
                      unicode:characters_to_binary(Chars, unicode, {utf32, little})}),
    ?SHOW(back, {unicode:characters_to_list(Utf8) =:= Chars,
                 unicode:characters_to_list(unicode:characters_to_binary(Chars, unicode, utf16), utf16) =:= Chars}),
    ?SHOW(latin1, {unicode:characters_to_binary(id(<<16#e9>>), latin1),
                   unicode:characters_to_binary(id([16#e9]), unicode, latin1),
                   unicode:characters_to_binary(id([16#3b1]), unicode, latin1)}),
    ?SHOW(invalid, unicode:characters_to_list(id(<<"ok", 16#ff, "rest">>))),
    ?SHOW(incomplete, unicode:characters_to_list(id(<<"ok", 16#e2, 16#82>>))),
    ?SHOW(bom, {unicode:bom_to_encoding(<<16#ef, 16#bb, 16#bf, "x">>), unicode:encoding_to_bom(utf16)}),
    ?SHOW(mixed_input, unicode:characters_to_binary(id([<<"abc">>, [16#3b1, <<206, 178>>]]))),
    ?SHOW(bad_input, ?CATCH(unicode:characters_to_binary(id([a])))),
    ?SHOW(io_lib_printable, {io_lib:printable_list("abc"), io_lib:printable_unicode_list([16#3b1]),
                             io_lib:printable_latin1_list([16#3b1])}).

normalisation() ->
    Decomposed = id([$e, 16#301, $a, 16#308]),
    Composed = id([16#e9, 16#e4]),
    ?SHOW(nfc, unicode:characters_to_nfc_list(Decomposed) =:= Composed),
    ?SHOW(nfd, unicode:characters_to_nfd_list(Composed) =:= Decomposed),
    ?SHOW(nfc_binary, unicode:characters_to_nfc_binary(Decomposed)),
    ?SHOW(nfkc, unicode:characters_to_nfkc_list([16#fb01, $2, 16#2075])),
    ?SHOW(nfkd_binary, unicode:characters_to_nfkd_binary([16#2460])),
    ?SHOW(equal_after_nfc, string:equal(Decomposed, Composed, false, nfc)).
